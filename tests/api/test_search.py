"""Search forgives case, accents, degrees, abbreviations and typos, ranks across kinds, and follows writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_articles import meeting
from api_client import GQL

from humasgraph.model.document import Document
from humasgraph.services import Services

SEARCH = """query ($q: String!, $kinds: [SearchKind!], $first: Int! = 5) {
  search(q: $q, kinds: $kinds, first: $first) { score kind label matched node { __typename ... on Person { id } } } }"""

CASES = [
    ("gabjar", "PERSON", "Ganjar Pranowo"),  # an alias, as the article misspells him
    ("ganjr pranowo", "PERSON", "Ganjar Pranowo"),  # a typo of the name itself
    ("hikmati", "PERSON", "Agung Hikmati"),
    ("Drs. Agung Hikmati, M.Si", "PERSON", "Agung Hikmati"),  # degrees are not part of the name
    ("HÉLMI hafid", "PERSON", "Helmi Hafid"),  # case and accents
    ("diskominfo jateng", "AGENCY", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"),
    ("kominfo", "AGENCY", "Kementerian Komunikasi dan Informatika"),
    ("ditjen ikp", "AGENCY", "Direktorat Jenderal Informasi dan Komunikasi Publik"),
    ("sekda jateng", "POST", "Sekretaris Daerah Provinsi Jawa Tengah"),
    ("sinkronisasi kehumasan", "EVENT", "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"),
]


@pytest.mark.parametrize(("q", "kind", "label"), CASES, ids=[c[0] for c in CASES])
def test_the_best_hit(gql: GQL, q: str, kind: str, label: str) -> None:
    best = gql(SEARCH, {"q": q})["data"]["search"][0]
    assert (best["kind"], best["label"]) == (kind, label)
    assert best["node"]["__typename"] == kind.title()


def test_kinds_restrict_the_results(gql: GQL) -> None:
    hits = gql(SEARCH, {"q": "jawa tengah", "kinds": ["POST"], "first": 10})["data"]["search"]
    assert hits and {h["kind"] for h in hits} == {"POST"}
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_nothing_like_it(gql: GQL) -> None:
    assert gql(SEARCH, {"q": "zzqxw"})["data"]["search"] == []


def test_the_index_follows_writes(seeded: Services, importer: Callable[[list[Document]], None], gql: GQL) -> None:
    assert gql(SEARCH, {"q": "budi santoso", "kinds": ["PERSON"]})["data"]["search"] == []
    importer([meeting(7)])
    best = gql(SEARCH, {"q": "budi santoso", "kinds": ["PERSON"]})["data"]["search"][0]
    assert best["label"] == "Budi Santoso 007"


def test_search_size_is_capped(gql: GQL) -> None:
    body = gql(SEARCH, {"q": "humas", "first": 51}, errors=True)
    assert "expected 0 to 50" in body["errors"][0]["message"]
