"""The event an article reports."""

from __future__ import annotations

import datetime as dt

import pytest

from humasgraph.model.enums import EventType

from .conftest import agency_name


@pytest.mark.parametrize(("body", "published", "name", "kind", "start", "end", "venue", "city", "organizer", "count"), [
    ("KLATEN – Dinas Komunikasi dan Informatika (Diskominfo) Kabupaten Klaten menggelar Pelatihan Jurnalistik Warga "
     "di Aula Rapat Diskominfo, Kamis (10/10). Pelatihan diikuti 40 peserta dan berlangsung hingga Jumat (11/10).",
     dt.date(2024, 10, 11), "Pelatihan Jurnalistik Warga", EventType.training, dt.date(2024, 10, 10),
     dt.date(2024, 10, 11), "Aula Rapat Diskominfo", "Klaten", "Dinas Komunikasi dan Informatika Kabupaten Klaten",
     40),
    ("Badan Kesatuan Bangsa dan Politik Provinsi Riau menyelenggarakan Rapat Koordinasi Kewaspadaan Dini di Hotel "
     "Pangeran, Pekanbaru, pada 9 Desember 2024. Rakor dihadiri oleh sekitar 75 orang peserta.",
     None, "Rapat Koordinasi Kewaspadaan Dini", EventType.coordination_meeting, dt.date(2024, 12, 9), None,
     "Hotel Pangeran", "Pekanbaru", "Badan Kesatuan Bangsa dan Politik Provinsi Riau", 75),
    ("JAMBI – Penjelasan itu disampaikan dalam konferensi pers di Ruang Pola Kantor Gubernur, Senin (14/2/2022).",
     None, "konferensi pers", EventType.press_conference, dt.date(2022, 2, 14), None,
     "Ruang Pola Kantor Gubernur", "Jambi", None, None),
    ("BLORA – Rombongan Dinas Komunikasi dan Informatika (Diskominfo) Kabupaten Blora melakukan kunjungan kerja ke "
     "Dinas Komunikasi dan Informatika (Diskominfo) Kota Semarang, Rabu-Kamis (15-16/5). Rombongan yang berjumlah "
     "15 orang itu mempelajari aplikasi aduan warga.", dt.date(2024, 5, 17),
     "kunjungan kerja Diskominfo Kabupaten Blora ke Diskominfo Kota Semarang", EventType.visit,
     dt.date(2024, 5, 15), dt.date(2024, 5, 16), None, "Blora", "Dinas Komunikasi dan Informatika Kabupaten Blora", 15),
])
def test_events(extract, body, published, name, kind, start, end, venue, city, organizer, count) -> None:
    doc = extract(body, published=published)
    (e,) = doc.events
    assert (e.name, e.type, e.start, e.end, e.venue, e.city) == (name, kind, start, end, venue, city)
    assert agency_name(doc, e.organizer) == organizer
    assert e.participant_count == count


def test_ceremony_named_by_its_passive_verb(extract) -> None:
    doc = extract("Sebanyak 25 anggota Forum Anak Daerah dikukuhkan di Gedung Serbaguna Kabupaten Sinjai, "
                  "Sabtu (24/2/2024).")
    (e,) = doc.events
    assert e.name == "pengukuhan anggota Forum Anak Daerah Kabupaten Sinjai"
    assert e.type == EventType.ceremony and e.participant_count == 25


def test_no_event_in_an_opinion_piece(extract) -> None:
    assert extract("Keterbukaan informasi adalah hak warga. Pemerintah wajib menjawab setiap permohonan.").events == []


def test_an_activity_named_by_what_it_does_when_no_event_noun_is_there(extract) -> None:
    doc = extract("SUMEDANG – Tim Humas Setda Kabupaten Sumedang menerima rombongan Humas Kota Cimahi dalam kegiatan "
                  "pertukaran informasi kehumasan, Senin (7/12/2020), di Gedung Negara.",
                  published=dt.date(2020, 12, 8))
    [event] = doc.events
    assert (event.name, event.start, event.venue) == ("kegiatan pertukaran informasi kehumasan",
                                                      dt.date(2020, 12, 7), "Gedung Negara")


def test_an_event_noun_wins_over_the_activity_reading(extract) -> None:
    doc = extract("Diskominfo Kabupaten Klaten menggelar Pelatihan Jurnalistik Warga dalam kegiatan literasi digital "
                  "di Aula Diskominfo, Kamis (10/10/2024).")
    assert [e.name for e in doc.events] == ["Pelatihan Jurnalistik Warga"]
