"""Event names and kinds as real releases write them (one invented sentence each)."""

from __future__ import annotations

from humasgraph.model.enums import EventType


def test_a_multiword_event_noun_opens_the_sentence(extract) -> None:
    (e,) = extract("Rapat dengar pendapat (hearing) antara Komisi II DPRD Kabupaten Pesawaran dengan Dinas Kominfo "
                   "pada Rabu (24/9/2025) berlangsung alot.").events
    assert e.name.startswith("Rapat dengar pendapat (hearing)")
    assert e.type == EventType.hearing


def test_a_council_hearing_named_by_who_held_it(extract) -> None:
    (e,) = extract("Komisi II DPRD Kabupaten Pesawaran menggelar hearing membahas rancangan anggaran tahun 2020 "
                   "bersama mitra kerja, Senin (4/11/2019).").events
    assert e.type == EventType.hearing
    assert "membahas" not in e.name


def test_a_pers_tour_is_a_visit(extract) -> None:
    (e,) = extract("Wartawan se-Kabupaten Rembang mengikuti kegiatan kemitraan Pers Tour yang digelar oleh Dinas "
                   "Kominfo Rembang.").events
    assert e.name == "Pers Tour"
    assert e.type == EventType.visit


def test_the_event_a_city_hosts(extract) -> None:
    (e,) = extract("Pemerintah Kota Kendari mengapresiasi terpilihnya Kota Kendari sebagai tuan rumah Rapat Koordinasi "
                   "Nasional (Rakornas) Asosiasi Humas Daerah.").events
    assert e.name.startswith("Rapat Koordinasi Nasional (Rakornas)")


def test_one_topic_word_and_no_participant_count(extract) -> None:
    events = extract("Bidang Humas Diskominfo Provinsi Jambi mengadakan rapat evaluasi.").events
    assert events[0].name.startswith("rapat evaluasi")
    (e,) = extract("Diskominfo Kabupaten Natuna menggelar pelatihan khusus bagi 50 admin media sosial di Aula "
                   "Kantor Bupati.").events
    assert e.name == "pelatihan khusus bagi admin media sosial"


def test_the_long_form_before_an_event_abbreviation(extract) -> None:
    (e,) = extract("Diskominfo Kota Tual menggelar Focus Grup Discussion (FGD) Pejabat Pengelola Informasi di Balai "
                   "Kota.").events
    assert e.name == "Focus Grup Discussion (FGD) Pejabat Pengelola Informasi"


def test_the_headline_names_the_event_the_body_does_not(extract) -> None:
    (e,) = extract("Hadir Kadis Kominfo Enrekang Hasbar dan jajaran. Mereka disambut langsung jajaran Diskominfo Gowa.",
                   title="Diskominfo Enrekang Kunjungan Kerja ke Gowa").events
    assert e.name.startswith("kunjungan kerja")
    assert e.name.endswith("ke Gowa")
    assert e.type == EventType.visit


def test_kali_ini_reports_the_event_after_an_earlier_one(extract) -> None:
    (e,) = extract("Beberapa waktu lalu Pemerintah Kabupaten Buru melakukan kunjungan ke Kota Ambon, kali ini studi "
                   "tiru dilakukan Dinas Kominfo Kabupaten Seram Bagian Barat ke Kota Ambon, Jumat (11/8/2023).").events
    assert e.name == "studi tiru"
    assert e.type == EventType.visit


def test_an_earlier_event_the_article_recalls(extract) -> None:
    doc = extract("Setelah melakukan konsultasi ke Direktorat Jenderal Informasi dan Komunikasi Publik terkait KIM, "
                  "Rabu (30/11/2022) lalu. Kali ini, tim Dinkominfo Muba melakukan kunjungan kerja ke Dinas Kominfo "
                  "Kabupaten Pasuruan, Selasa (13/12/2022).\n\nKepala Dinkominfo Muba, Rudi Hartono, mengatakan "
                  "bahwa kunjungan itu untuk belajar membina KIM.")
    first, recalled = doc.events
    assert first.name.startswith("kunjungan kerja")
    assert (recalled.name.startswith("konsultasi"), recalled.start) == (True, __import__("datetime").date(2022, 11, 30))
    assert all(s.event == first.key for s in doc.statements)


def test_a_visit_named_by_berkunjung_ke(extract) -> None:
    (e,) = extract("“Kami kagum,” ujar Kabag Humas Pemkab Sijunjung, Budi Santoso, saat berkunjung ke Media Center "
                   "Porprov Riau, Minggu (19/10/2014) di Rengat.").events
    assert e.name == "kunjungan ke Media Center Porprov Riau"
    assert e.type == EventType.visit


def test_the_deliberation_of_a_named_budget(extract) -> None:
    (e,) = extract("Anggota DPRD Provinsi Sulut, Cindy Wurangian, tidak hadir dalam pembahasan KUA dan PPAS APBD "
                   "Perubahan Provinsi Sulut tahun 2024, Jumat (9/8/2024).").events
    assert e.name == "pembahasan KUA dan PPAS APBD Perubahan Provinsi Sulut"
    assert e.type == EventType.hearing
    assert extract("Dalam pembahasan itu, warga diminta menjaga kebersihan sungai.").events == []
