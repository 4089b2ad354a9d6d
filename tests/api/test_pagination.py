"""Relay pagination: cursors walk a stable order, the page cap holds, totalCount counts the whole list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_articles import meeting
from api_client import GQL

from humasgraph.model.document import Document
from humasgraph.services import Services

PAGE = """query ($first: Int, $after: String, $order: ListOrder) {
  events(first: $first, after: $after, orderBy: $order) {
    totalCount edges { cursor node { id name start } } nodes { id }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


@pytest.fixture
def twelve(seeded: Services, importer: Callable[[list[Document]], None]) -> Services:
    importer([meeting(i) for i in range(11)])  # with the seed's, twelve events
    return seeded


def _walk(gql: GQL, first: int, order: dict[str, str] | None = None) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        page = gql(PAGE, {"first": first, "after": after, "order": order})["data"]["events"]
        assert page["totalCount"] == 12
        assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("first", [1, 5, 12, 100])
def test_cursors_walk_every_item_once_in_a_stable_order(twelve: Services, gql: GQL, first: int) -> None:
    everything = _walk(gql, 100)
    assert len(everything) == len(set(everything)) == 12
    assert _walk(gql, first) == everything


def test_default_order_is_newest_first_and_orderby_is_honoured(twelve: Services, gql: GQL) -> None:
    nodes = gql(PAGE, {"first": 100})["data"]["events"]["edges"]
    starts = [e["node"]["start"] for e in nodes]
    assert starts == sorted(starts, reverse=True)
    by_name = gql(PAGE, {"first": 100, "order": {"by": "NAME", "direction": "ASC"}})["data"]["events"]["edges"]
    names = [e["node"]["name"] for e in by_name]
    assert names == sorted(names)
    assert _walk(gql, 5, {"by": "NAME", "direction": "DESC"}) == [e["node"]["id"] for e in reversed(by_name)]


def test_ties_are_broken_by_iri(seeded: Services, importer: Callable[[list[Document]], None], gql: GQL) -> None:
    import datetime as dt

    importer([meeting(i, start=dt.date(2021, 5, 5)) for i in range(6)])
    query = '{ events(where: {at: "2021-05-05"}) { nodes { id } } }'
    ids = [n["id"] for n in gql(query)["data"]["events"]["nodes"]]
    assert ids == sorted(ids) and len(ids) == 6


@pytest.mark.parametrize("first", [101, 1000, -1])
def test_the_page_cap(gql: GQL, first: int) -> None:
    body = gql(PAGE, {"first": first}, errors=True)
    assert body["data"] is None or body["data"]["events"] is None
    assert "expected 0 to 100" in body["errors"][0]["message"]


def test_a_foreign_cursor_is_refused(gql: GQL) -> None:
    body = gql(PAGE, {"first": 1, "after": "bm90LWEtY3Vyc29y"}, errors=True)
    assert "not a cursor this API gave out" in body["errors"][0]["message"]


def test_nested_lists_are_paged_too(seeded: Services, gql: GQL) -> None:
    query = """{ node(id: "https://humasgraph.id/id/person/agung-hikmati") { ... on Person {
      statements(first: 1) { totalCount nodes { text } pageInfo { hasNextPage endCursor } } } } }"""
    page = gql(query)["data"]["node"]["statements"]
    assert page["totalCount"] == 2 and len(page["nodes"]) == 1 and page["pageInfo"]["hasNextPage"]
