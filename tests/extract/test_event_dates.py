"""Event dates as real releases write them: lists of days, a stated length, a date far from the lead,
the year from the article's address or from the year the text names (one invented article each)."""

from __future__ import annotations

import datetime as dt

from humasgraph.extract import extract_text

from .conftest import TODAY


def _event(body: str, *, url: str | None = None, published: dt.date | None = None):
    doc = extract_text(body, title="Berita uji", url=url, published=published, today=TODAY)
    return doc.events[0]


def test_a_list_of_days_is_a_range() -> None:
    e = _event("Wartawan se-Kabupaten Rembang, Rabu sampai Jumat, 17,18,19 Nopember 2021 mengikuti "
               "Pelatihan Jurnalistik yang digelar Dinas Kominfo Rembang.")
    assert (e.start, e.end) == (dt.date(2021, 11, 17), dt.date(2021, 11, 19))


def test_a_stated_length_gives_the_end() -> None:
    e = _event("Dinas Kominfo Kabupaten Natuna menggelar Pelatihan Admin Media Sosial di Aula Kantor Bupati, "
               "Selasa (29/7/2025).\n\nKepala Dinas menjelaskan bahwa pelatihan ini berlangsung selama dua hari.")
    assert (e.start, e.end) == (dt.date(2025, 7, 29), dt.date(2025, 7, 30))


def test_a_date_after_the_lead() -> None:
    e = _event("Bidang Humas Dinas Kominfo Provinsi Jambi mengadakan Rapat Evaluasi Kehumasan.\n\n"
               "“Kehumasan harus memberitakan seluruh kinerja,” kata Rahmat, Jambi, Rabu (29/3/2023).")
    assert e.start == dt.date(2023, 3, 29)


def test_the_year_from_the_address() -> None:
    e = _event("Bupati Sambas memimpin Upacara HUT Provinsi di halaman kantor bupati, Sabtu (28/1).",
               url="https://contoh.id/2023/01/30/upacara-hut-provinsi")
    assert e.start == dt.date(2023, 1, 28)


def test_the_year_the_text_names() -> None:
    e = _event("Biro Humas Setda Provinsi Papua Barat menggelar Forum Komunikasi Pers di Sorong, Selasa (29/10).\n\n"
               "Kegiatan itu dibiayai dari DPA Biro Humas tahun 2019.")
    assert e.start == dt.date(2019, 10, 29)
