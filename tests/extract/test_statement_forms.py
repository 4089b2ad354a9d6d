"""Attribution as real releases write it (one invented article each)."""

from __future__ import annotations

from .conftest import person


def test_words_before_hal_itu_diungkapkan(extract) -> None:
    doc = extract("Tahun depan Balai Kota akan punya ruang publik baru. Setelah ada museum, ruang kendali juga dibuka "
                  "untuk warga. Hal itu diungkapkan Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, pada rapat itu.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Yusuf Rahan").key
    assert s.text.startswith("Tahun depan Balai Kota akan punya ruang publik baru")


def test_an_attribution_inside_the_reported_words(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, membuka pelatihan itu.\n\n"
                  "Diskominfo Tual, kata Yusuf, berkomitmen terus mendampingi para admin media sosial.")
    texts = [s.text for s in doc.statements if s.speaker == person(doc, "Yusuf Rahan").key]
    assert any(t.startswith("Diskominfo Tual, kata Yusuf, berkomitmen") for t in texts)


def test_a_reader_named_by_title_in_the_delivery_sentence_speaks(extract) -> None:
    doc = extract("Pelatihan itu dibuka oleh Gubernur Bali yang diwakilkan kepada Kepala Diskominfo Provinsi Bali, "
                  "Made Sukerta.\n\nGubernur dalam arahannya yang disampaikan Kepala Diskominfo Provinsi Bali, "
                  "mengatakan bahwa pranata humas harus memahami organisasinya.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Made Sukerta").key


def test_kata_x_opens_the_sentence(extract) -> None:
    doc = extract("Staf Ahli Gubernur Bidang Ekonomi, Niko Wanma, membuka forum itu.\n\n"
                  "Kata Niko, dalam era digital ini media sangat dibutuhkan masyarakat.")
    assert any(s.text.startswith("dalam era digital ini media") for s in doc.statements
               if s.speaker == person(doc, "Niko Wanma").key)


def test_an_epithet_is_the_one_last_speaking(extract) -> None:
    doc = extract("Anggota DPRD Provinsi Sulut, Cindy Wurangian, hadir dalam rapat itu.\n\n"
                  "Setiap kali rapat, jelas Kader Golkar Sulut ini, bahwa wifi tidak bisa diakses oleh anggota.")
    assert any("wifi tidak bisa diakses" in s.text for s in doc.statements
               if s.speaker == person(doc, "Cindy Wurangian").key)


def test_a_bare_title_speaks_for_its_holder(extract) -> None:
    doc = extract("Kepala Bidang IKP Dinkominfo Blora, Ignatius Ari, memimpin rombongan itu.\n\n"
                  "Kabid IKP Dinkominfo juga menjelaskan kualitas wartawan perlu adanya peningkatan.")
    assert any(s.text.startswith("kualitas wartawan") for s in doc.statements
               if s.speaker == person(doc, "Ignatius Ari").key)


def test_a_sentence_glued_to_the_next(extract) -> None:
    doc = extract("Sekda Kaltim, Sri Wahyuni, menyampaikan bahwa rapat ini penting bagi desa-desa.Ia menyampaikan "
                  "kerja sama dengan kabupaten ini sangat penting.")
    assert len(doc.statements) == 2


def test_a_quotation_without_its_opening_mark(extract) -> None:
    doc = extract("“Kita berharap bisa berbagi ilmu di sini,” kata Sekretaris Dinas Kominfo Enrekang, Aswan Anjas.\n\n"
                  "Selanjutnya, Gowa juga memiliki topografi mirip dengan Enrekang,” kata Aswan.")
    assert any(s.text.startswith("Selanjutnya, Gowa juga memiliki topografi") and s.direct for s in doc.statements)


def test_an_opening_mark_set_apart(extract) -> None:
    doc = extract("Anggota DPRD Sulut, Cindy Wurangian, ingin mengomentari tentang Kominfo, ” Saya ingin berbagi "
                  "apa yang menjadi keluhan sejak lama.”")
    assert any(s.text.startswith("Saya ingin berbagi") and s.direct for s in doc.statements)


def test_berpendapat_and_a_name_with_pun(extract) -> None:
    doc = extract("Asisten II Setda Provinsi Gorontalo, Sutan Rusdi, membuka acara itu.\n\n"
                  "Dalam konteks ini, dia berpendapat bahwa wartawan adalah penghubung pemerintah dengan warga.\n\n"
                  "Sutanpun berharap peserta yang menang bisa membawa harum nama daerah.")
    key = person(doc, "Sutan Rusdi").key
    texts = [s.text for s in doc.statements if s.speaker == key]
    assert any(t.startswith("wartawan adalah penghubung") for t in texts)
    assert any(t.startswith("peserta yang menang") for t in texts)


def test_unmarked_words_attributed_at_their_end_start_with_the_paragraph(extract) -> None:
    doc = extract("Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, membuka pelatihan itu.\n\n"
                  "Jadi admin media sosial dituntut cepat dan teliti. Karena jika salah, citra daerah ikut rusak, "
                  "tandasnya.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Yusuf Rahan").key
    assert s.text.startswith("Jadi admin media sosial dituntut") and s.text.endswith("ikut rusak")


def test_demikian_disampaikan_opening_a_paragraph_takes_the_paragraph_before(extract) -> None:
    doc = extract("TUAL (12/03/2021) tualkota.go.id - Pelayanan yang cepat adalah cara kerja Diskominfo. Petugas "
                  "juga harus ramah kepada warga.\n\n"
                  "Demikian disampaikan Kepala Dinas Kominfo Kota Tual, Yusuf Rahan, saat menerima tamu.")
    (s,) = doc.statements
    assert s.speaker == person(doc, "Yusuf Rahan").key
    assert s.text.startswith("Pelayanan yang cepat") and "harus ramah" in s.text
