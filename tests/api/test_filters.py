"""Typed filters of the root lists: equality and in, text, dates, links, agency trees, places, AND/OR/NOT."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_articles import meeting
from api_client import GQL, Client, runner

from humasgraph.api import create_app
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"

SEED_EVENT = "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"
ID = "https://humasgraph.id/id/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The seed plus three meetings: a training in Bandung (Jawa Barat), and two in Semarang (read only)."""
    services = Services.open(Settings(store=str(tmp_path_factory.mktemp("corpus") / "store")))
    docs = [meeting(1, start=dt.date(2019, 3, 1)),
            meeting(2, typ="training", city="Bandung", province="Jawa Barat", agency="Dinas Kesehatan",
                    start=dt.date(2019, 6, 1)),
            meeting(3, start=dt.date(2020, 2, 1), agency="Dinas Kesehatan")]
    outcomes = services.import_paths([SEED_ARTICLE])
    outcomes += services.importer.import_loaded(Loaded(d, d.index(d.article.url), d.article.url) for d in docs)
    assert {o.status for o in outcomes} == {"imported"}
    yield services
    services.close()


@pytest.fixture(scope="module")
def gql(corpus: Services) -> GQL:
    return runner(Client(create_app(corpus.settings, corpus)))


def _events(gql: GQL, where: str) -> list[str]:
    data = gql(f"{{ events(where: {where}, first: 100) {{ totalCount nodes {{ name }} }} }}")["data"]["events"]
    names = [n["name"] for n in data["nodes"]]
    assert data["totalCount"] == len(names)
    return sorted(names)


M1, M2, M3 = (f"Rapat Koordinasi Kehumasan {i:03d}" for i in (1, 2, 3))

EVENT_CASES: list[tuple[str, list[str]]] = [
    ("{type: COORDINATION_MEETING}", [M1, M3, SEED_EVENT]),
    ("{type: TRAINING}", [M2]),
    ("{typeIn: [TRAINING, HEARING]}", [M2]),
    ('{name: {contains: "kehumasan 00"}}', [M1, M2, M3]),
    ('{name: {startsWith: "SINKRON"}}', [SEED_EVENT]),
    ('{name: {eq: "Rapat Koordinasi Kehumasan 002"}}', [M2]),
    ('{name: {in: ["Rapat Koordinasi Kehumasan 001", "nothing"]}}', [M1]),
    ('{during: {from: "2019-01-01", to: "2019-12-31"}}', [M1, M2]),
    ('{during: {from: "2020-01-01"}}', [M3]),
    ('{at: "2018-09-27"}', [SEED_EVENT]),  # its second day
    ('{at: "2018-09-28"}', []),
    (f'{{speaker: "{ID}person/helmi-hafid"}}', [SEED_EVENT]),
    (f'{{principal: "{ID}post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah"}}', [M1, M3, SEED_EVENT]),
    (f'{{place: "{ID}place/jawa-barat"}}', [M2]),
    (f'{{place: "{ID}place/jawa-tengah"}}', [M1, M3, SEED_EVENT]),
    (f'{{agency: {{id: "{ID}agency/kementerian-komunikasi-dan-informatika"}}}}', [SEED_EVENT]),
    # Helmi's Ditjen IKP is under the ministry: only counted with its sub-agencies.
    (f'{{agency: {{id: "{ID}agency/pemerintah-provinsi-jawa-tengah", includeSubAgencies: false}}}}', []),
    (f'{{agency: {{id: "{ID}agency/dinas-kesehatan-provinsi-jawa-tengah"}}}}', [M3]),
    ('{AND: [{type: COORDINATION_MEETING}, {during: {from: "2019-01-01"}}]}', [M1, M3]),
    ('{OR: [{type: TRAINING}, {at: "2018-09-26"}]}', [M2, SEED_EVENT]),
    ('{NOT: {type: COORDINATION_MEETING}}', [M2]),
    ('{type: COORDINATION_MEETING, NOT: {name: {contains: "00"}}}', [SEED_EVENT]),
    ('{OR: [{NOT: {type: COORDINATION_MEETING}}, {name: {eq: "Rapat Koordinasi Kehumasan 003"}}]}', [M2, M3]),
]


@pytest.mark.parametrize(("where", "expected"), EVENT_CASES, ids=[c[0][:60] for c in EVENT_CASES])
def test_event_filters(corpus: Services, gql: GQL, where: str, expected: list[str]) -> None:
    assert _events(gql, where) == sorted(expected)


def _names(gql: GQL, field: str, where: str, attr: str = "name") -> list[str]:
    data: dict[str, Any] = gql(f"{{ {field}(where: {where}, first: 100) {{ nodes {{ {attr} }} }} }}")["data"]
    return sorted(n[attr] for n in data[field]["nodes"])


def test_people_match_names_and_aliases_ignoring_case(corpus: Services, gql: GQL) -> None:
    assert _names(gql, "people", '{name: {contains: "GABJAR"}}') == ["Ganjar Pranowo"]
    assert _names(gql, "people", '{name: {startsWith: "helmi"}}') == ["Helmi Hafid"]


def test_people_by_agency_tree_and_date(corpus: Services, gql: GQL) -> None:
    kominfo = f"{ID}agency/kementerian-komunikasi-dan-informatika"
    assert _names(gql, "people", f'{{agency: {{id: "{kominfo}"}}}}') == ["Helmi Hafid"]
    assert _names(gql, "people", f'{{agency: {{id: "{kominfo}", includeSubAgencies: false}}}}') == []
    jateng = f"{ID}agency/pemerintah-provinsi-jawa-tengah"
    # Known only from the 2018 article: within two years of it, not in 2025.
    assert "Agung Hikmati" in _names(gql, "people", f'{{memberOf: {{agency: "{jateng}", at: "2019-01-01"}}}}')
    assert "Agung Hikmati" not in _names(gql, "people", f'{{memberOf: {{agency: "{jateng}", at: "2025-01-01"}}}}')


def test_agencies_posts_statements_articles(corpus: Services, gql: GQL, seed_url: str) -> None:
    kominfo = f"{ID}agency/kementerian-komunikasi-dan-informatika"
    assert _names(gql, "agencies", '{name: {eq: "Diskominfo Jateng"}}') == [
        "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"]
    assert _names(gql, "agencies", f'{{within: "{kominfo}"}}') == [
        "Direktorat Jenderal Informasi dan Komunikasi Publik"]
    assert _names(gql, "agencies", '{type: "ministry"}') == ["Kementerian Komunikasi dan Informatika"]
    assert _names(gql, "posts", '{title: {startsWith: "sekretaris"}}', "label") == [
        "Sekretaris Daerah Provinsi Jawa Barat", "Sekretaris Daerah Provinsi Jawa Tengah"]
    assert _names(gql, "posts", f'{{agency: {{id: "{ID}agency/pemerintah-provinsi-jawa-barat"}}}}', "title") == [
        "Kepala Bidang Humas", "Narasumber", "Sekretaris Daerah"]
    said = _names(gql, "statements", f'{{agency: {{id: "{kominfo}"}}, direct: true}}', "text")
    assert len(said) == 1 and said[0].startswith("Negara hadir")
    assert len(_names(gql, "statements", '{role: KEYNOTE}', "text")) == 1
    assert len(_names(gql, "statements", f'{{source: "{seed_url}", NOT: {{direct: true}}}}', "text")) == 2
    assert _names(gql, "articles", '{during: {from: "2019-06-01", to: "2019-06-30"}}', "url") == [
        "https://example.org/berita/002"]
    assert _names(gql, "articles", f'{{mentions: "{ID}person/ganjar-pranowo"}}', "url") == [seed_url]


def test_user_text_cannot_change_the_query(corpus: Services, gql: GQL) -> None:
    hostile = '\\" } } UNION { ?x ?p ?o } #'
    assert _events(gql, f'{{name: {{contains: "{hostile}"}}}}') == []
    assert _events(gql, '{name: {contains: "$all"}}') == []


def test_an_unknown_iri_matches_nothing(corpus: Services, gql: GQL) -> None:
    assert _events(gql, '{speaker: "https://example.org/nobody"}') == []
