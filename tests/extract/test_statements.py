"""Quotations and reported speech, and who said them."""

from __future__ import annotations

import pytest

from .conftest import person


@pytest.mark.parametrize("body", [
    "Kepala Dinas Sosial Kota Blitar, Hari Wibowo, meninjau dapur umum. “Bantuan harus tiba sebelum malam "
    "hari,” ujarnya.",
    "Kepala Dinas Sosial Kota Blitar, Hari Wibowo, meninjau dapur umum. \"Bantuan harus tiba sebelum malam "
    "hari,\" kata Hari.",
    "Kepala Dinas Sosial Kota Blitar, Hari Wibowo, meninjau dapur umum. Ia mengatakan, «Bantuan harus tiba "
    "sebelum malam hari».",
    "Kepala Dinas Sosial Kota Blitar, Hari Wibowo, meninjau dapur umum.\n\n“Bantuan harus tiba sebelum malam hari.”",
    "“Bantuan harus tiba sebelum malam hari,” tegas Kepala Dinas Sosial Kota Blitar, Hari Wibowo, saat meninjau "
    "dapur umum.",
])
def test_direct_quotes_in_any_marks_before_or_after_the_verb(extract, body) -> None:
    doc = extract(body)
    hari = person(doc, "Hari Wibowo")
    quotes = [s for s in doc.statements if s.direct]
    assert [(s.speaker, s.text) for s in quotes] == [(hari.key, "Bantuan harus tiba sebelum malam hari")]


def test_reported_speech_and_pronouns(extract) -> None:
    doc = extract(
        "Kepala Bappeda Kabupaten Kudus, Sri Handayani, menegaskan bahwa usulan warga akan masuk rencana kerja. "
        "Menurutnya, musyawarah desa tahun ini lebih ramai dari biasanya.\n\n"
        "Ia juga meminta camat mengawal usulan prioritas di wilayah masing-masing.\n\n"
        "Sementara itu, Anggota DPRD Kudus, Teguh Prakoso, menyebut anggaran infrastruktur desa perlu ditambah. "
        "Menurut Teguh, jalan desa yang rusak menghambat distribusi hasil panen.")
    sri, teguh = person(doc, "Sri Handayani"), person(doc, "Teguh Prakoso")
    got = [(s.speaker, s.text.split()[0], s.direct) for s in doc.statements]
    assert got == [(sri.key, "usulan", False), (sri.key, "musyawarah", False), (sri.key, "camat", False),
                   (teguh.key, "anggaran", False), (teguh.key, "jalan", False)]


def test_sentences_without_a_speaker_are_not_statements(extract) -> None:
    doc = extract("Pemerintah Kabupaten Kudus menegaskan jadwal pelayanan tidak berubah. Rapat berlangsung hingga sore "
                  "hari dengan sesi tanya jawab.")
    assert doc.statements == []


def test_passive_attribution_to_a_person_at_no_event(extract) -> None:
    doc = extract("Bahkan, semua pegawai diharapkan menjadi duta pelayanan publik, sebagaimana pernah disampaikan oleh "
                  "Bupati Kudus Hartopo Santoso beberapa waktu lalu.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Hartopo Santoso").key and not s.direct and s.event is None
    assert s.text.startswith("Semua pegawai diharapkan")
