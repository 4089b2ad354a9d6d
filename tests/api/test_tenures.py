"""Tenures: the holder of a post without a date, acting tenures, and labels read as a reader names posts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from api_client import GQL

from humasgraph.model.document import Document

URL = "https://example.org/berita/wali-kota-uji"


def _article(**positions: list[dict[str, Any]]) -> Document:
    """Three people of Kota Uji; ``positions`` gives each (zainal, ahmad, sri) their posts."""
    return Document.model_validate({
        "article": {"url": URL, "title": "Pergantian pejabat Kota Uji", "published": "2024-05-02", "language": "id"},
        "agencies": [
            {"key": "pemkot", "name": "Pemerintah Kota Uji", "type": "city_government"},
            {"key": "diskominfo", "name": "Dinas Komunikasi dan Informatika Kota Uji", "parent": "pemkot",
             "type": "office"},
        ],
        "people": [{"key": key, "name": name, "positions": positions.get(key, [])}
                   for key, name in (("zainal", "Zainal Arifin"), ("ahmad", "Ahmad Fauzi"), ("sri", "Sri Lestari"))],
    })


WALI_KOTA = {"title": "Wali Kota", "agency": "pemkot"}
KEPALA_DINAS = {"title": "Kepala Dinas", "agency": "diskominfo"}
POSTS = """{ posts(where: {title: {eq: "%s"}}) { nodes { label holder { name }
  holders { person { name } acting status } } } }"""


def _post(gql: GQL, title: str) -> dict[str, Any]:
    (post,) = gql(POSTS % title)["data"]["posts"]["nodes"]
    return post


def test_the_holder_without_a_date_is_the_open_tenure(importer: Callable[[list[Document]], None],
                                                      gql: GQL) -> None:
    # Zainal's ended tenure sorts after Ahmad's open one by IRI, and both were seen on the same day.
    importer([_article(zainal=[{**WALI_KOTA, "start": "2018-01-01", "end": "2023-12-31"}],
                       ahmad=[{**WALI_KOTA, "start": "2024-01-01"}])])
    post = _post(gql, "Wali Kota")
    assert post["holder"] == {"name": "Ahmad Fauzi"}
    assert sorted((h["person"]["name"], h["status"]) for h in post["holders"]) == [
        ("Ahmad Fauzi", "OPEN"), ("Zainal Arifin", "ENDED")]


def test_without_an_open_tenure_the_holder_is_the_one_known_latest(importer: Callable[[list[Document]], None],
                                                                   gql: GQL) -> None:
    importer([_article(zainal=[{**WALI_KOTA, "start": "2013-01-01", "end": "2018-01-01"}],
                       ahmad=[{**WALI_KOTA, "start": "2018-01-02", "end": "2023-01-01"}])])
    assert _post(gql, "Wali Kota")["holder"] == {"name": "Ahmad Fauzi"}


def test_acting_tenures_are_in_graphql(importer: Callable[[list[Document]], None], gql: GQL) -> None:
    importer([_article(sri=[{**KEPALA_DINAS, "start": "2024-03-01", "acting": "pelaksana_tugas"}],
                       ahmad=[{**WALI_KOTA, "start": "2024-01-01"}])])
    (tenure,) = _post(gql, "Kepala Dinas")["holders"]
    assert tenure == {"person": {"name": "Sri Lestari"}, "acting": "PELAKSANA_TUGAS", "status": "OPEN"}
    (definitive,) = _post(gql, "Wali Kota")["holders"]
    assert definitive["acting"] is None


@pytest.mark.parametrize(("title", "label"), [
    ("Wali Kota", "Wali Kota Uji"),
    ("Kepala Dinas", "Kepala Dinas Komunikasi dan Informatika Kota Uji"),
])
def test_a_post_label_says_no_word_twice_at_the_seam(importer: Callable[[list[Document]], None], gql: GQL,
                                                     title: str, label: str) -> None:
    importer([_article(ahmad=[WALI_KOTA], sri=[KEPALA_DINAS])])
    assert _post(gql, title)["label"] == label
