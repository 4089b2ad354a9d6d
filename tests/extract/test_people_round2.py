"""People and posts as real releases write them: round-two rules, one invented sentence each."""

from __future__ import annotations

from .conftest import agency_name, person


def _titles(doc, name: str) -> list[tuple[str, str | None]]:
    return [(p.title, agency_name(doc, p.agency)) for p in person(doc, name).positions]


def test_ri_after_an_agency_is_not_part_of_the_name(extract) -> None:
    doc = extract("Materi dipaparkan oleh Direktur Komunikasi Publik Kemenkominfo RI Wati Lestari dengan materi "
                  "tata kelola.")
    assert [p.name for p in doc.people] == ["Wati Lestari"]
    assert _titles(doc, "Wati Lestari") == [("Direktur Komunikasi Publik", "Kementerian Komunikasi dan Informatika")]


def test_a_unit_word_before_an_honorific_stays_in_the_title(extract) -> None:
    doc = extract("Hal itu disampaikan Kepala Bagian Protokol RM. Joko Santoso, SH mewakili Kepala Biro Umum "
                  "Setda Jateng.")
    assert "Joko Santoso" in [p.name for p in doc.people]
    assert _titles(doc, "Joko Santoso")[0][0] == "Kepala Bagian Protokol"


def test_a_given_name_that_also_names_an_agency(extract) -> None:
    doc = extract("Acara dibuka Kepala BSSN Sandi Pratama di Jakarta kemarin.")
    assert [p.name for p in doc.people] == ["Sandi Pratama"]


def test_ministry_name_and_bracketed_abbreviation_before_a_name(extract) -> None:
    doc = extract("Acara itu akan dihadiri Menteri Dalam Negeri (Mendagri) Budi Hartono hingga Presiden RI "
                  "Slamet Riyadi minggu depan.")
    assert {p.name for p in doc.people} == {"Budi Hartono", "Slamet Riyadi"}
    assert _titles(doc, "Budi Hartono") == [("Menteri Dalam Negeri", "Kementerian Dalam Negeri")]
