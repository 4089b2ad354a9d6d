"""No N+1: the flagship query costs no more store queries for 50 events than for 1.

(It can cost fewer: a batch that reads a venue's or agency's records reads those above it too,
and with more events more of what a later wave needs is already there.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_articles import meeting
from api_client import GQL

from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.model.document import Document
from humasgraph.services import Services

FLAGSHIP_PAGE = ("query ($first: Int!) { events(where: {type: COORDINATION_MEETING}, first: $first) {"
                 " totalCount nodes {" + FLAGSHIP_EVENT_FIELDS + "} } }")


@pytest.fixture
def fifty(seeded: Services, importer: Callable[[list[Document]], None]) -> Services:
    importer([meeting(i, principal_held=i % 2 == 0) for i in range(50)])
    return seeded


def _queries(services: Services, gql: GQL, first: int) -> tuple[int, int]:
    store = services.store
    before = store.queries  # type: ignore[attr-defined]
    data = gql(FLAGSHIP_PAGE, {"first": first})["data"]["events"]
    return store.queries - before, len(data["nodes"])  # type: ignore[attr-defined]


def test_flagship_query_count_does_not_grow_with_events(fifty: Services, gql: GQL) -> None:
    _queries(fifty, gql, 2)  # totalCount is cached until the next write: measure both runs with it cached
    one, n_one = _queries(fifty, gql, 1)
    many, n_many = _queries(fifty, gql, 50)
    assert (n_one, n_many) == (1, 50)
    assert many <= one, f"{one} store queries for 1 event, {many} for 50"


def test_every_event_of_the_fifty_is_answered_in_full(fifty: Services, gql: GQL) -> None:
    nodes = gql(FLAGSHIP_PAGE, {"first": 50})["data"]["events"]["nodes"]
    for node in nodes:
        # Even articles name a new Sekda from the event's day; an odd one's event falls in the previous one's term.
        i = int(node["name"].rsplit(" ", 1)[1])
        holder = node["speakers"][0]["onBehalfOf"]["holder"]
        assert holder == {"name": f"Hadi Prabowo {i - i % 2:03d}"}
        opener, resource = node["speakers"]
        assert opener["position"]["title"] == "Kepala Bidang Humas"
        assert [s["role"] for s in opener["statements"]] == ["OPENING", "REMARKS"]
        assert [s["text"].split()[0] for s in resource["statements"]] == ["Materi"]


def test_a_page_of_one_type_is_read_off_its_order_with_no_candidate_to_check(fifty: Services, gql: GQL) -> None:
    """``{type: X}`` alone reads the type's own order; any other condition beside it is checked in the store."""
    store = fifty.store
    sent: list[str] = []
    select = store.select

    def recording(query: str):  # type: ignore[no-untyped-def]
        sent.append(query)
        return select(query)
    store.select = recording  # type: ignore[method-assign]
    nodes = "{ nodes { name start } }"
    alone = gql("{ events(where: {type: COORDINATION_MEETING}, first: 50) " + nodes + " }")["data"]["events"]["nodes"]
    checks = [q for q in sent if "VALUES ?x" in q and "SELECT DISTINCT ?x" in q]
    assert len(alone) == 50 and not checks
    sent.clear()
    both = gql('{ events(where: {type: COORDINATION_MEETING, name: {contains: "Rapat"}}, first: 50) ' + nodes
               + " }")["data"]["events"]["nodes"]
    assert both == [n for n in alone if "Rapat" in n["name"]]
    assert [q for q in sent if "VALUES ?x" in q and "SELECT DISTINCT ?x" in q]
    dates = [n["start"] for n in alone]
    assert dates == sorted(dates, reverse=True)
