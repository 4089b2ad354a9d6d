"""Evidence and confidence of extracted statements and delegations through GraphQL, in batches."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_client import GQL, Client, runner

from humasgraph.api import create_app
from humasgraph.extract import extract_text
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services

TEXT = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.txt"
SPAN = "evidence { exact prefix suffix start end } confidence"


@pytest.fixture
def extracted(services: Services) -> Services:
    """A store holding the seed article's raw text, extracted on import."""
    (outcome,) = services.import_paths([TEXT])
    assert outcome.status == "imported", outcome
    return services


def _gql(services: Services) -> GQL:
    return runner(Client(create_app(services.settings, services)))


def test_statements_and_delegations_show_where_they_were_read(extracted: Services) -> None:
    text = TEXT.read_text(encoding="utf-8-sig")
    data = _gql(extracted)("{ articles(first: 1) { nodes { statements { text direct " + SPAN + " } } }"
                           " node(id: \"https://humasgraph.id/id/person/agung-hikmati\") { ... on Person {"
                           " delegationsAsDelegate { acts " + SPAN + " } } } }")["data"]
    statements = data["articles"]["nodes"][0]["statements"]
    delegations = data["node"]["delegationsAsDelegate"]
    assert len(statements) == 5 and len(delegations) == 1
    for fact in [*statements, *delegations]:
        e = fact["evidence"]
        assert text[e["start"]:e["end"]] == e["exact"]
        assert text[:e["start"]].endswith(e["prefix"]) and text[e["end"]:].startswith(e["suffix"])
        assert 0 < fact["confidence"] <= 1
    for s in statements:  # a statement's evidence is its own words, found in the text
        assert s["evidence"]["exact"].casefold() == s["text"].casefold()
    assert "membacakan pidato kunci Sekretaris Daerah" in delegations[0]["evidence"]["exact"]


def test_curated_facts_have_no_evidence(gql: GQL) -> None:
    nodes = gql("{ statements(first: 5) { nodes { " + SPAN + " } } }")["data"]["statements"]["nodes"]
    assert nodes and all(n == {"evidence": None, "confidence": None} for n in nodes)


def test_evidence_is_loaded_in_batches(services: Services) -> None:
    body = TEXT.read_text(encoding="utf-8-sig")
    docs = [extract_text(body, url=f"https://example.org/berita/{i:02d}") for i in range(10)]
    list(services.importer.import_loaded([Loaded(d, d.index(d.article.url), d.article.url, "extracted")
                                          for d in docs]))
    gql = _gql(services)
    query = "query ($n: Int!) { statements(first: $n) { nodes { " + SPAN + " } } }"
    gql(query, {"n": 2})  # totalCount and the like cached: measure both runs alike

    def cost(n: int) -> tuple[int, int]:
        before = services.store.queries  # type: ignore[attr-defined]
        nodes = gql(query, {"n": n})["data"]["statements"]["nodes"]
        assert all(x["evidence"] and x["confidence"] for x in nodes)
        return services.store.queries - before, len(nodes)  # type: ignore[attr-defined]

    (one, n_one), (many, n_many) = cost(1), cost(50)
    assert (n_one, n_many) == (1, 50)
    assert many <= one, f"{one} store queries for 1 statement, {many} for 50"
