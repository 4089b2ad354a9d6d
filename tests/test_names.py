"""Indonesian names: degrees and titles, abbreviations, identity keys."""

from __future__ import annotations

import pytest

from humasgraph.model.names import (
    acting_title,
    agency_key,
    fold,
    person_key,
    post_key,
    post_label,
    slug,
    split_honorifics,
)


@pytest.mark.parametrize(("raw", "prefix", "name", "suffix"), [
    ("Drs. Agung Hikmati, M.Si", "Drs.", "Agung Hikmati", "M.Si"),
    ("Drs. H. Lalu Ahmad Suryadi, M.Si", "Drs. H.", "Lalu Ahmad Suryadi", "M.Si"),
    ("Baiq Nurhayati, S.Sos., M.AP", None, "Baiq Nurhayati", "S.Sos., M.AP"),
    ("H. Jefri Nainggolan, SE", "H.", "Jefri Nainggolan", "SE"),
    ("Ir. Budi Santoso MT", "Ir.", "Budi Santoso", "MT"),
    ("Dr. Ir. Hj. Siti Aminah, S.T., M.M.", "Dr. Ir. Hj.", "Siti Aminah", "S.T., M.M."),
    ("Prof. Dr. Rina Wati, Ph.D.", "Prof. Dr.", "Rina Wati", "Ph.D."),
    ("Kombes Pol Budi Hartono", "Kombes Pol", "Budi Hartono", None),
    ("Pak Ganjar Pranowo", None, "Ganjar Pranowo", None),
    ("Helmi Hafid", None, "Helmi Hafid", None),
])
def test_split_honorifics(raw: str, prefix: str | None, name: str, suffix: str | None) -> None:
    parts = split_honorifics(raw)
    assert (parts.prefix, parts.name, parts.suffix) == (prefix, name, suffix)


@pytest.mark.parametrize(("a", "b"), [
    ("Drs. Agung Hikmati, M.Si", "agung  hikmati"),
    ("AGUNG HIKMATI", "Agung Hikmati, M.Si."),
    ("Siti Nur'aini", "Siti Nuraini"),
    ("Andi Muh. Yusran", "andi muh yusran"),
    ("José Ramos", "Jose Ramos"),
])
def test_person_keys_ignore_degrees_case_accents_and_punctuation(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Diskominfo Jateng", "Dinas Komunikasi dan Informatika Jawa Tengah"),
    ("Dinas Kominfo Prov. Jateng", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"),
    ("Kominfo", "Kementerian Komunikasi dan Informatika"),
    ("Kemkominfo", "Kementerian Komunikasi dan Informatika"),
    ("Ditjen IKP", "Direktorat Jenderal Informasi dan Komunikasi Publik"),
    ("Setda Jateng", "Sekretariat Daerah Jawa Tengah"),
    ("Pemprov NTB", "Pemerintah Provinsi Nusa Tenggara Barat"),
    ("SKPD Prov.Jateng", "Satuan Kerja Perangkat Daerah Provinsi Jawa Tengah"),
])
def test_agency_abbreviations_expand(a: str, b: str) -> None:
    assert agency_key(a) == agency_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Kabid E-Government", "Kepala Bidang E-Government"),
    ("Kasubdit Tata Kelola Komunikasi Publik", "Kepala Subdirektorat Tata Kelola Komunikasi Publik"),
    ("Kabag Humas", "Kepala Bagian Hubungan Masyarakat"),
    ("Sekda", "Sekretaris Daerah"),
    ("Pj. Gubernur Jateng", "Penjabat Gubernur Jawa Tengah"),
    ("Plt Kadis", "Pelaksana Tugas Kepala Dinas"),
    ("Plh. Sekda", "Pelaksana Harian Sekretaris Daerah"),
    ("Kasi", "Kepala Seksi"),
    ("Dirjen IKP", "Direktur Jenderal Informasi dan Komunikasi Publik"),
])
def test_post_abbreviations_expand(a: str, b: str) -> None:
    assert post_key(a) == post_key(b)


def test_fold_and_slug() -> None:
    assert fold("  Dinas  Komunikasi, Informatika & Statistik ") == "dinas komunikasi informatika statistik"
    assert slug("Hotel Dafam Cilacap") == "hotel-dafam-cilacap"
    assert slug("") == "x"


@pytest.mark.parametrize(("title", "agency", "label"), [
    ("Kepala Dinas", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
     "Kepala Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"),
    ("Wali Kota", "Pemerintah Kota Uji", "Wali Kota Uji"),
    ("Wali Kota", "Kota Makassar", "Wali Kota Makassar"),
    ("Sekretaris Daerah", "Pemerintah Provinsi Jawa Tengah", "Sekretaris Daerah Provinsi Jawa Tengah"),
    ("Kepala Bidang E-Government", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
     "Kepala Bidang E-Government Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"),
    ("Menteri", "Kementerian Pertanian", "Menteri Pertanian"),
    ("Menteri Pendidikan", "Kementerian Pendidikan", "Menteri Pendidikan"),
    ("Bupati", None, "Bupati"),
])
def test_post_labels_say_no_word_twice_at_the_seam(title: str, agency: str | None, label: str) -> None:
    assert post_label(title, agency) == label


def test_acting_titles() -> None:
    assert acting_title("Sekretaris Daerah", "pelaksana_tugas") == "Pelaksana Tugas Sekretaris Daerah"
    assert acting_title("Sekretaris Daerah", None) == "Sekretaris Daerah"
