"""Attribution: round-three rules (generalisation), one invented paragraph each."""

from __future__ import annotations

import pytest

from .conftest import person


@pytest.mark.parametrize("body", [
    "Menurut Kepala Bagian Protokol dan Komunikasi Pimpinan, Hendra Wijaya, ada kesan kurang bersinergi antara "
    "kedua bagian itu.",
    "Menurut Kepala Bagian Protokol Setda Kota Palu, Hendra Wijaya, S.Sos, ada kesan kurang bersinergi antara "
    "kedua bagian itu.",
    "Menurut Kepala Dinas Kominfo Kota Palu Hendra Wijaya, ada kesan kurang bersinergi antara kedua bagian itu.",
])
def test_menurut_then_a_title_then_the_name(extract, body) -> None:
    doc = extract(body)
    (s,) = doc.statements
    assert s.speaker == person(doc, "Hendra Wijaya").key
    assert s.text.startswith("ada kesan kurang bersinergi")


def test_a_connective_before_kata_and_a_rank(extract) -> None:
    doc = extract("Kapolres Sigi, AKBP Rudi Santoso, membagikan paket sembako kepada warga.\n\n"
                  "Lebih lanjut kata Ipda Dewi Lestari, kegiatan ini merupakan wujud nyata kepedulian polisi.")
    texts = {s.text: s.speaker for s in doc.statements}
    assert texts.get("kegiatan ini merupakan wujud nyata kepedulian polisi") == person(doc, "Dewi Lestari").key


def test_an_epithet_and_initials_as_a_nickname(extract) -> None:
    doc = extract("Kabag Humas dan Media Massa, Budi Santoso Gunawan berpendapat, perlu ada penyatuan seluruh sumber "
                  "daya humas. Menurut pria yang akrab disapa BSG itu, pemerintah memiliki tiga sumber daya informasi. "
                  "Selain itu, BSG mengatakan, selama ini setiap dinas terlihat berjalan sendiri.")
    key = person(doc, "Budi Santoso Gunawan").key
    assert [(s.speaker, s.text.split()[0]) for s in doc.statements] == [(key, "perlu"), (key, "pemerintah"),
                                                                       (key, "selama")]


def test_a_quote_verb_with_nya_opens_the_sentence(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, menerima rombongan itu. Terangnya, Pemerintah Kota "
                  "Tual telah memakai sistem pengaduan terpadu.")
    (s,) = doc.statements
    assert (s.speaker, s.text) == (person(doc, "Yusuf Rahan").key, "Pemerintah Kota Tual telah memakai sistem "
                                                                     "pengaduan terpadu")


def test_a_title_with_its_region_and_dalam_arahannya_before_the_verb(extract) -> None:
    doc = extract("Kepala Kepolisian Daerah (Kapolda) Sulawesi Barat (Sulbar), Irjen Pol Budi Santoso, SIK, memberikan "
                  "arahan kepada seluruh Kapolres.\n\nKapolda Sulbar dalam arahannya menekankan persoalan keamanan "
                  "jelang hari pemungutan suara.")
    texts = {s.text: s.speaker for s in doc.statements}
    assert texts.get("persoalan keamanan jelang hari pemungutan suara") == person(doc, "Budi Santoso").key


def test_a_fused_police_humas_title(extract) -> None:
    doc = extract("Kabid Humas Polda Sulbar, Kombes Pol Rudi Hartono, memberikan keterangan pers.\n\n"
                  "Kabidhumas juga menyebut, seluruh anggota diminta menjaga netralitas dalam pemilu.")
    texts = {s.text: s.speaker for s in doc.statements}
    assert texts.get("seluruh anggota diminta menjaga netralitas dalam pemilu") == person(doc, "Rudi Hartono").key


@pytest.mark.parametrize("lead", ["Ditambahkan Rudi Hartono,", "Ditambahkan dia,", "Dikatakan Rudi,"])
def test_a_passive_verb_of_speech_then_the_speaker_opens_the_sentence(extract, lead) -> None:
    doc = extract("Kabid IKP Diskominfo Kukar, Rudi Hartono, membuka forum itu. "
                  f"{lead} menyambut pemilu serentak, Diskominfo berharap forum ini memperkuat sinergi kehumasan.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Rudi Hartono").key
    assert s.text.startswith("menyambut pemilu serentak")


def test_a_passive_verb_with_no_speaker_is_no_statement(extract) -> None:
    doc = extract("Kabid IKP Diskominfo Kukar, Rudi Hartono, membuka forum itu. Diungkapkan dari 415 kabupaten hanya "
                  "150 daerah yang memiliki lembaga penyiaran lokal.")
    assert doc.statements == []


def test_a_quoted_theme_or_talk_title_is_no_statement(extract) -> None:
    doc = extract("Kabid IKP Diskominfo Kukar, Rudi Hartono, membuka forum itu. Forum mengambil tema “Peran Serta "
                  "Humas Dalam Pemilu Damai”. Narasumber membawakan materi “Humas untuk Masyarakat Desa Digital”. "
                  "“Kami siap mendukung pemilu damai,” kata Rudi.")
    assert [s.text for s in doc.statements] == ["Kami siap mendukung pemilu damai"]


def test_a_verb_of_speech_with_no_content_yet_is_no_statement(extract) -> None:
    doc = extract("Dalam kunjungan itu, Ketua Komisi I DPRD Banten Rudi Hartono menyampaikan beberapa hal, salah "
                  "satunya tentang seleksi komisioner.")
    assert doc.statements == []


def test_an_opening_adverbial_then_a_titled_mononym_with_degrees(extract) -> None:
    doc = extract("Kunjungan itu diterima Kabag Protokol DIY, Rudi Hartono. Sementara itu Dra. Indrawati, MM selaku "
                  "ketua rombongan menjelaskan bahwa mahasiswa melakukan studi banding ke Provinsi DIY.")
    texts = {s.text: s.speaker for s in doc.statements}
    assert texts.get("mahasiswa melakukan studi banding ke Provinsi DIY") == person(doc, "Indrawati").key


def test_an_unmarked_quotation_closed_by_a_post_and_a_name(extract) -> None:
    doc = extract("Pelatihan ini penting bagi aparatur desa, ungkap Kepala Dinas Kominfo Kota Tual, Yusuf Rahan.")
    (s,) = doc.statements
    assert (s.speaker, s.text) == (person(doc, "Yusuf Rahan").key, "Pelatihan ini penting bagi aparatur desa")


def test_menurutnya_without_a_comma(extract) -> None:
    doc = extract("Hal senada disampaikan Kepala Dinas Kominfo Kota Tual Yusuf Rahan. Menurutnya pelatihan ini penting "
                  "bagi aparatur desa.")
    assert [(s.speaker, s.text) for s in doc.statements] == [(person(doc, "Yusuf Rahan").key,
                                                              "pelatihan ini penting bagi aparatur desa")]
