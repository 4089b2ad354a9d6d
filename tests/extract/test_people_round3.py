"""People and posts: round-three rules (generalisation), one invented sentence each."""

from __future__ import annotations

import pytest

from .conftest import agency_name, person


def _titles(doc, name: str) -> list[tuple[str, str | None]]:
    return [(p.title, agency_name(doc, p.agency)) for p in person(doc, name).positions]


def test_spaced_degrees_after_commas_are_not_a_person(extract) -> None:
    doc = extract("Kepala Dinas Komunikasi dan Informatika Kabupaten Sumbawa Barat Rudi Hartono, S. Sos, M. Si "
                  "mengatakan bahwa pelatihan ini penting bagi aparatur desa.")
    assert [p.name for p in doc.people] == ["Rudi Hartono"]
    assert _titles(doc, "Rudi Hartono") == [("Kepala Dinas",
                                             "Dinas Komunikasi dan Informatika Kabupaten Sumbawa Barat")]
    assert [s.speaker for s in doc.statements] == [person(doc, "Rudi Hartono").key]


def test_a_bare_regency_then_a_mononym_then_spaced_degrees(extract) -> None:
    doc = extract("Kabid Informasi dan Komunikasi Publik (IKP) Diskominfo Lombok Utara Sahnan, S. Sos mengatakan "
                  "bahwa pelatihan ini penting bagi aparatur desa.")
    assert [p.name for p in doc.people] == ["Sahnan"]
    assert not any("Sahnan" in a.name for a in doc.agencies)
    title, agency = _titles(doc, "Sahnan")[0]
    assert title == "Kepala Bidang Informasi dan Komunikasi Publik"
    assert agency is not None and "Lombok Utara" in agency
    assert [s.speaker for s in doc.statements] == [person(doc, "Sahnan").key]


def test_a_mixed_case_abbreviation_in_brackets_inside_a_post(extract) -> None:
    doc = extract("“Kami menyiapkan dua desa terbaik untuk lomba ini,” kata Plt. Kepala Dinas Komunikasi dan "
                  "Informatika (Kominfo) Kabupaten Sumbawa Barat Rudi Hartono, SH, kepada wartawan di ruang kerjanya.")
    assert [p.name for p in doc.people] == ["Rudi Hartono"]
    assert _titles(doc, "Rudi Hartono") == [("Pelaksana Tugas Kepala Dinas",
                                             "Dinas Komunikasi dan Informatika Kabupaten Sumbawa Barat")]
    assert [s.speaker for s in doc.statements] == [person(doc, "Rudi Hartono").key]


def test_a_numbered_post_then_a_name_then_mewakili(extract) -> None:
    doc = extract("Dalam rapat itu, Asisten I Andi Muh Rusdi mewakili Pemkot Parepare menyatakan kesiapan kota "
                  "menjadi tuan rumah.")
    assert [p.name for p in doc.people] == ["Andi Muh Rusdi"]
    assert [s.speaker for s in doc.statements] == [person(doc, "Andi Muh Rusdi").key]


def test_an_official_standing_for_an_institution_works_there(extract) -> None:
    doc = extract("Dalam rapat itu, Asisten II Andi Muh Rusdi mewakili Pemkot Parepare menyatakan kesiapan kota "
                  "menjadi tuan rumah.")
    assert _titles(doc, "Andi Muh Rusdi") == [("Asisten II", "Pemerintah Kota Parepare")]


def test_a_rank_with_a_dot_does_not_end_the_sentence(extract) -> None:
    doc = extract("Rapat dihadiri Wakil Bupati Sigi, Rudi Hartono, Kapolres Sigi, AKBP. Yosef Mandala, dan Ketua "
                  "DPRD Sigi, Andi Rusdi.")
    assert _titles(doc, "Yosef Mandala") == [("Kepala Kepolisian Resor", "Kepolisian Resor Sigi")]
    assert len(doc.people) == 3


def test_a_name_then_dan_then_a_second_post(extract) -> None:
    doc = extract("Dalam kunjungan itu, Ketua Komisi I Rudi Hartono dan Wakil Ketua DPRD Provinsi Banten Andi Rusdi "
                  "menyampaikan beberapa hal.")
    assert _titles(doc, "Rudi Hartono") == [("Ketua Komisi I", "Dewan Perwakilan Rakyat Daerah Provinsi Banten")]
    assert _titles(doc, "Andi Rusdi") == [("Wakil Ketua", "Dewan Perwakilan Rakyat Daerah Provinsi Banten")]


def test_a_secretariat_post_of_a_head_of_regions_delegate(extract) -> None:
    doc = extract("Wali Kota Parepare, Taufan Pawe berhalangan hadir.\n\nTaufan diwakili Asisten III, Rudi Hartono "
                  "dalam rapat itu.")
    assert _titles(doc, "Rudi Hartono") == [("Asisten III", "Pemerintah Kota Parepare")]


def test_a_lead_written_in_capitals_is_read_in_linear_time(extract) -> None:
    # the run before "melalui" was once matched by a regular expression that backtracked exponentially on
    # words in capitals: this paragraph never finished
    import signal

    def stop(*_: object) -> None:
        raise TimeoutError("extraction took over 10 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)
    try:
        doc = extract("SENTANI – KEMBALI MENUNJUKKAN KOMITMENNYA DALAM MENJAGA KEAMANAN DAN KESELAMATAN WARGA JELANG "
                      "HARI NATAL DAN TAHUN BARU polisi hadir di tengah masyarakat, kata Kapolres Jayapura melalui "
                      "Kasi Humas Ipda Andi Rusdi kepada wartawan.")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert [p.name for p in doc.people] == ["Andi Rusdi"]


def test_an_agency_after_a_title_in_lower_case_is_read(extract) -> None:
    doc = extract("Kepala Diskominfo Provinsi Gorontalo, Rudi Hartono, hadir di hadapan anggota DPRD Gorontalo "
                  "Komisi I dalam rapat itu.\n\nKetua Komisi I Andi Rusdi mengapresiasi program kerja dinas itu.")
    assert _titles(doc, "Andi Rusdi") == [("Ketua Komisi I", "Dewan Perwakilan Rakyat Daerah Provinsi Gorontalo")]


def test_a_list_of_unit_titles_names_no_one(extract) -> None:
    doc = extract("Kunjungan itu diterima Kadis Kominfo Provinsi Banten, Rudi Hartono, beserta jajaran antara lain "
                  "Kasi Kelembagaan dan Kemitraan Media, Kasi Pendayagunaan Telematika, Kasi Sarana Prasarana "
                  "Telematika dan staf.")
    assert [p.name for p in doc.people] == ["Rudi Hartono"]


def test_the_last_item_of_a_list_takes_no_post_from_the_item_before(extract) -> None:
    doc = extract("Acara itu menghadirkan tiga narasumber, yakni Ketua PWI Jawa Timur Andi Rusdi, serta Rahmat "
                  "pemilik akun instagram kuliner.")
    assert {p.name for p in doc.people} == {"Andi Rusdi", "Rahmat"}
    assert person(doc, "Rahmat").positions == []
    assert not any("Andi" in a.name for a in doc.agencies)


def test_setdaprov_is_the_provincial_secretariat(extract) -> None:
    doc = extract("Hal itu disampaikan Kepala Biro Humas Setdaprov Jambi, Rudi Hartono, kepada wartawan.")
    assert _titles(doc, "Rudi Hartono") == [("Kepala Biro Humas", "Sekretariat Daerah Provinsi Jambi")]


def test_the_president_holds_a_post_of_the_republic(extract) -> None:
    doc = extract("Acara itu akan dihadiri Presiden RI Slamet Riyadi. Presiden Komunitas Jurnalis Buleleng, Putu "
                  "Nova, ikut hadir.")
    assert _titles(doc, "Slamet Riyadi") == [("Presiden", "Republik Indonesia")]
    assert _titles(doc, "Putu Nova")[0][1] != "Republik Indonesia"


@pytest.mark.parametrize("body", [
    "Kadis Kominfo Kota Tual Yusuf Rahan SSos MSi menyampaikan pelatihan ini penting bagi aparatur.",
    "Kepala Dinas Kominfo Kota Tual Yusuf Rahan SE menyampaikan pelatihan ini penting bagi aparatur.",
    "Kepala Dinas Kominfo kota Tual, Yusuf Rahan mengatakan pelatihan ini penting bagi aparatur.",
])
def test_careless_writing_of_a_post_and_a_name(extract, body) -> None:
    doc = extract(body)
    assert [p.name for p in doc.people] == ["Yusuf Rahan"]
    assert _titles(doc, "Yusuf Rahan") == [("Kepala Dinas", "Dinas Komunikasi dan Informatika Kota Tual")]
    assert [s.speaker for s in doc.statements] == [person(doc, "Yusuf Rahan").key]


def test_a_bare_short_name_after_a_post_is_the_regional_office_named_before(extract) -> None:
    doc = extract("Kepala Dinkominfo Muba Rudi Hartono diwakili Sekretaris Kominfo Hj Sri Wahyuni, S.Pd mengatakan "
                  "bahwa kunjungan itu untuk belajar membina KIM.")
    assert _titles(doc, "Sri Wahyuni") == [("Sekretaris", "Dinas Komunikasi dan Informatika Kabupaten Musi Banyuasin")]
