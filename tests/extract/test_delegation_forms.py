"""Delegation forms of real releases: passive and fronted representation, 'melalui' after a quotation,
speeches delivered by another, and the look-alikes that are no delegation (one invented sentence each)."""

from __future__ import annotations

import pytest

from humasgraph.model.enums import Act

from .conftest import person


@pytest.mark.parametrize(("body", "delegate", "principal", "act"), [
    ("Pelatihan Jurnalistik itu dibuka oleh Bupati Sleman yang diwakilkan kepada Kepala Dinas Kominfo Sleman, "
     "Rahmat Hidayat.", "Rahmat Hidayat", "Bupati Sleman", Act.opening),
    ("Kepala Dinas Kominfo Kabupaten Sinjai, Andi Baso Tenri diwakili Kepala Bidang Statistik, Lukman Hakim "
     "mengatakan, data desa harus diperbarui setiap tahun.", "Lukman Hakim", "Andi Baso Tenri", Act.representing),
    ("“Kami sangat berterima kasih atas sambutan warga di sini,” ujar H Sulaiman Effendi melalui Kepala Bagian "
     "Humas Pemkab Rokan Hilir, Dodi Saputra kepada wartawan.", "Dodi Saputra", "Sulaiman Effendi",
     Act.representing),
    ("Gubernur Jambi, H. Amir Hakim, S.H., dalam sambutannya yang disampaikan oleh Bupati Tebo, H. Joko Santoso, "
     "S.Sos., mengajak warga menjaga kebersihan sungai.", "Joko Santoso", "Amir Hakim", Act.reading_speech),
    ("Sementara itu, Rudi Hartono, saat membacaka sambutan Bupati Paser, Yusuf Maulana, menyampaikan bahwa "
     "layanan digital desa terus diperluas.", "Rudi Hartono", "Yusuf Maulana", Act.reading_speech),
    ("Kegiatan dibuka Sekretaris Daerah Kabupaten Way Kanan,. Ahmad Yani S.Sos. M.M mewakili Bupati Way Kanan.",
     "Ahmad Yani", "Bupati Way Kanan", Act.opening),
    ("Dinas Kominfo Kabupaten Bandung Barat hadir melalui Kepala Bidang Persandian, Asep Saepudin, yang mewakili "
     "Kepala Dinas Komunikasi dan Informatika Kabupaten Bandung Barat.", "Asep Saepudin",
     "Kepala Dinas Komunikasi dan Informatika Kabupaten Bandung Barat", Act.representing),
    ("Bupati Lembata Yohanes Kia meminta agar data desa terus diperbarui.\nHal itu disampaikan Yohanes dalam "
     "sambutan tertulis yang dibacakan Staf Ahli Bupati Bidang Pemerintahan, "
     "Maria Goreti Sabon dalam rapat koordinasi di Lewoleba.", "Maria Goreti Sabon", "Yohanes Kia", Act.reading_speech),
    ("“Data desa harus terbuka,” kata Bupati Muna Barat dalam sambutnnya yang dibacakan Asisten I Setda Muna Barat, "
     "La Ode Tamrin, saat membuka acara itu.", "La Ode Tamrin", "Bupati Muna Barat", Act.reading_speech),
    ("BATAM-Wali Kota Batam melalui Staf Ahli Bidang Ekonomi, Budi Santoso membuka secara resmi forum itu.",
     "Budi Santoso", "Wali Kota Batam", Act.opening),
])
def test_delegation_forms(extract, body, delegate, principal, act) -> None:
    doc = extract(body)
    (d,) = doc.delegations
    assert d.delegate == person(doc, delegate).key
    names = [p.name for p in doc.people if p.key == d.principal] + \
        [f"{p.title} {a.name}" for p in doc.posts if p.key == d.principal for a in doc.agencies if a.key == p.agency]
    assert (names[0] if names else d.principal).replace("Dinas Dinas", "Dinas") == principal
    assert d.act == act


@pytest.mark.parametrize("body", [
    "Pemerintah Kota Bima melalui Dinas Kominfo menggelar pelatihan konten bagi operator kelurahan.",
    "Kepala Dinas Kominfo Kota Bima, Ahmad Fauzi, berharap tim itu akan mewakili Provinsi Nusa Tenggara Barat "
    "di tingkat nasional.",
    "Kabupaten Dompu diwakili Desa Kempo dan Desa Hu'u dalam festival itu.",
])
def test_no_delegation(extract, body) -> None:
    assert extract(body).delegations == []


def test_the_principals_words_in_a_read_speech_are_the_readers(extract) -> None:
    doc = extract("Penjabat Wali Kota Tual, Rudy Hartono, dalam sambutan tertulisnya yang dibacakan oleh Kepala Dinas "
                  "Kominfo Kota Tual, Ahmad Sofyan, mengungkapkan rasa bangga atas penyelenggaraan acara itu.\n\n"
                  "Rudy menekankan bahwa kualitas pendidikan tinggi di daerah harus terus ditingkatkan.")
    reader, principal = person(doc, "Ahmad Sofyan").key, person(doc, "Rudy Hartono").key
    assert len(doc.statements) == 2
    assert all(s.speaker == reader and s.on_behalf_of in (principal, "Rudy Hartono") for s in doc.statements)


def test_a_delegate_read_from_title_and_name_speaks(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kabupaten Blitar, diwakili Kepala Bidang IKP Yohanes Arianto mengatakan ini "
                  "merupakan kegiatan rutin tahunan dinas.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Yohanes Arianto").key


def test_a_reader_named_only_by_title_is_its_holder(extract) -> None:
    doc = extract("Rombongan diterima Asisten III Setda Kota Tual, Rina Wattimena, bersama Kepala Dinas Kominfo "
                  "Kota Tual, Yusuf Rahan, di Balai Kota.\n\n"
                  "Saat membacakan sambutan Wali Kota Tual, asisten III menerangkan bahwa kunjungan itu adalah "
                  "momentum berbagi pengalaman.")
    (d,) = doc.delegations
    assert d.delegate == person(doc, "Rina Wattimena").key
    assert d.act == Act.reading_speech


def test_a_post_principal_is_the_person_named_in_it(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, menyambut rombongan itu.\n\n"
                  "Mewakili Wali Kota Tual, dia menyampaikan salam hangat kepada semua tamu yang datang.\n\n"
                  "Wali Kota Tual, Maria Ulfa, berhalangan hadir karena bertugas ke luar daerah.")
    (d,) = doc.delegations
    assert d.delegate == person(doc, "Yusuf Rahan").key
    assert d.principal in (person(doc, "Maria Ulfa").key, "Maria Ulfa")


def test_a_region_ends_the_principals_title(extract) -> None:
    doc = extract("Kepala Dinkominfo Muba Rahmat Hidayat AP diwakili Sekretaris Dinkominfo Muba, Siti Aminah, "
                  "mengatakan bahwa kunjungan itu penting bagi desa.")
    (d,) = doc.delegations
    assert d.principal in (person(doc, "Rahmat Hidayat").key, "Rahmat Hidayat")


def test_a_principal_whose_title_is_written_in_lower_case(extract) -> None:
    doc = extract("Wali Kota Kendari, Siska Karina Imran, berhalangan hadir.\n"
                  "Siska-sapaan wali kota Kendari diwakili Asisten II, Rahman Saleh.")
    (d,) = doc.delegations
    assert (d.delegate, d.principal) == (person(doc, "Rahman Saleh").key, person(doc, "Siska Karina Imran").name)


def test_two_delegates_joined_by_dan_both_represent_the_principal(extract) -> None:
    doc = extract("Bupati Kolaka, Ahmad Safei, diwakili Asisten III, Yusuf Rahim dan Kepala Dinas Kominfo Kolaka, "
                  "Irwan Saputra.")
    principal = person(doc, "Ahmad Safei").name
    assert sorted((d.delegate, d.principal) for d in doc.delegations) == sorted(
        [(person(doc, "Yusuf Rahim").key, principal), (person(doc, "Irwan Saputra").key, principal)])


def test_a_principal_with_title_and_name_first_met_after_mewakili(extract) -> None:
    doc = extract("Demikian disampaikan Kepala Bagian Humas, Yusuf Rahan, mewakili Kepala Biro Umum,Humas dan "
                  "Protokol Setda Maluku Ir. Rudi Latuconsina, MT, saat menerima tamu.")
    (d,) = doc.delegations
    assert d.principal == person(doc, "Rudi Latuconsina").name
