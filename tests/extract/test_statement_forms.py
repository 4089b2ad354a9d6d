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
