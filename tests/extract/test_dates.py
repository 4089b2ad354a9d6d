"""Indonesian dates, with the year inferred when the text leaves it out."""

from __future__ import annotations

import datetime as dt

import pytest

from humasgraph.extract.dates import find_dates, resolve_year

from .conftest import TODAY

D = dt.date


@pytest.mark.parametrize(("text", "published", "start", "end"), [
    ("di Hotel Dafam Cilacap, Rabu(26/9).", None, D(2018, 9, 26), None),  # weekday decides the year
    ("acara itu, Rabu (26/9), dibuka", D(2024, 9, 27), D(2024, 9, 26), None),
    ("berlangsung dua hari (26-27/9) dengan", D(2018, 9, 28), D(2018, 9, 26), D(2018, 9, 27)),
    ("Rabu-Kamis (15-16/5). Kunjungan", D(2024, 5, 17), D(2024, 5, 15), D(2024, 5, 16)),
    ("pada 9 Desember 2024. Forum", None, D(2024, 12, 9), None),
    ("Selasa, 28 November 2023, di", None, D(2023, 11, 28), None),
    ("Senin (14/2/2022) lalu", None, D(2022, 2, 14), None),
    ("digelar Jumat (29/12) lalu", D(2024, 1, 2), D(2023, 12, 29), None),  # year before publication
    ("pada 3 Maret di Balai Desa", D(2025, 3, 5), D(2025, 3, 3), None),
    ("tanggal 17 Agt 2045", None, D(2045, 8, 17), None),
])
def test_dates(text, published, start, end) -> None:
    (found,) = find_dates(text, published=published, today=TODAY)
    assert (found.start, found.end) == (start, end)


def test_until_marks_an_end() -> None:
    (found,) = find_dates("bimtek berlangsung hingga Selasa (8/10).", published=D(2024, 10, 7), today=TODAY)
    assert found.until and found.start == D(2024, 10, 8)


@pytest.mark.parametrize("text", ["sebanyak 1x24 jam", "nilai 26/9 poin", "(40/13)", "30 Februari 2024"])
def test_not_dates(text) -> None:
    assert find_dates(text, published=None, today=TODAY) == []


def test_most_recent_past_year_with_the_weekday() -> None:
    # 26 September is a Wednesday in 2018 and 2029; 2029 is still to come.
    assert resolve_year(26, 9, 2, published=None, today=TODAY) == D(2018, 9, 26)
    assert resolve_year(26, 9, None, published=None, today=TODAY) == D(2026, 9, 26)
