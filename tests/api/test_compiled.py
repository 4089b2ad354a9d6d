"""The compiled path answers exactly what the resolvers answer, and leaves to them what it does not know."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import strawberry
from api_articles import meeting
from pyoxigraph import NamedNode

from humasgraph.api.compiler import Plans
from humasgraph.api.context import Context, Shared
from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.api.limits import extensions
from humasgraph.api.mutations import Mutation
from humasgraph.api.reads import PREDICATES
from humasgraph.api.schema import Query
from humasgraph.model.document import Document
from humasgraph.model.vocab import SCHEMA
from humasgraph.queries import prefetch as prefetching
from humasgraph.queries.prefetch import Need, factored, prefetch_query
from humasgraph.services import Prefetched, Services
from humasgraph.store import render

ONE = "query ($id: ID!) { node(id: $id) { ... on Event {" + FLAGSHIP_EVENT_FIELDS + "} } }"
PAGE = ("query ($first: Int!, $after: String) { events(where: {type: COORDINATION_MEETING}, first: $first, "
        "after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } "
        "nodes {" + FLAGSHIP_EVENT_FIELDS + "} } }")


class Both:
    """One store asked through the compiled path and through the resolvers alone."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.plans = Plans()
        settings = services.settings
        self.compiled = strawberry.Schema(query=Query, mutation=Mutation if settings.token else None,
                                          extensions=extensions(settings, self.plans))
        self.resolvers = strawberry.Schema(query=Query, mutation=Mutation if settings.token else None,
                                           extensions=extensions(settings.replace(graphql_compiled=False)))
        self.shared = Shared(services)

    def run(self, schema: strawberry.Schema, query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        result = asyncio.run(schema.execute(query, variable_values=variables,
                                            context_value=Context.of(self.shared, None)))
        out: dict[str, Any] = {"data": result.data}
        if result.errors:
            out["errors"] = [e.formatted for e in result.errors]
        return out

    def both(self, query: str, variables: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        return self.run(self.compiled, query, variables), self.run(self.resolvers, query, variables)

    def same(self, query: str, variables: dict[str, Any] | None = None, *, compiled: bool = True) -> dict[str, Any]:
        """The answer, after checking both paths give it (and that the compiled path gave it, when ``compiled``)."""
        answered, failures = self.plans.answered, self.plans.failures
        ours, theirs = self.both(query, variables)
        assert ours == theirs
        assert self.plans.failures == failures
        assert self.plans.answered == answered + (1 if compiled else 0)
        return ours


@pytest.fixture(params=["read ahead", "level by level"])
def both(request: pytest.FixtureRequest, seeded: Services, importer: Callable[[list[Document]], None],
         monkeypatch: pytest.MonkeyPatch) -> Both:
    """The seeds and twelve meetings; the compiled path reading ahead in one query (the embedded store), or
    level by level in batches (as on a remote store, where nothing is read ahead)."""
    importer([meeting(i, principal_held=i % 2 == 0) for i in range(12)])
    if request.param == "level by level":
        monkeypatch.setattr(seeded, "prefetch", lambda roots, needs, narrow=None: Prefetched())
    return Both(seeded)


def test_the_flagship_event_and_page_answer_alike(both: Both) -> None:
    page = both.same(PAGE, {"first": 5})["data"]["events"]
    assert len(page["nodes"]) == 5 and page["pageInfo"]["hasNextPage"]
    after = both.same(PAGE, {"first": 50, "after": page["edges"][-1]["cursor"]})["data"]["events"]
    assert not after["pageInfo"]["hasNextPage"] and after["pageInfo"]["hasPreviousPage"]
    for node in page["nodes"] + after["nodes"]:
        assert both.same(ONE, {"id": node["id"]})["data"]["node"] == node
    # The seed's event: a principal post whose holder is not named, a keynote read for it.
    seed = both.same('{ events(where: {name: {contains: "Sinkronisasi"}}) { nodes { id } } }')
    (event,) = seed["data"]["events"]["nodes"]
    answer = both.same(ONE, event)["data"]["node"]
    assert answer["speakers"][0]["onBehalfOf"]["__typename"] == "Post"


@pytest.mark.parametrize("query", [
    # aliases, the same key twice (merged), fragments spread and inline, __typename at every level
    '{ a: events(first: 3) { nodes { n: name ...E } } b: events(first: 2, orderBy: {by: NAME}) '
    '{ nodes { id name } } __typename } '
    'fragment E on Event { __typename speakers { p: person { name ... on Person { aliases } } person { id } '
    'onBehalfOf { ... on Node { id } ... on Post { title holder { name } } } } }',
    '{ people(first: 4) { nodes { name honorificPrefix honorificSuffix aliases } } '
    'agencies(first: 4) { nodes { name abbreviations type parent { name parent { name } } } } '
    'posts(first: 4) { nodes { title label agency { name } holder { name } } } }',
    '{ statements(first: 6) { nodes { text direct date role speaker { name } author { __typename } '
    'onBehalfOf { __typename } event { name } source { url title publisher published language } } } }',
    '{ events(first: 3) { nodes { delegations { delegate { name } principal { __typename } event { id } acts '
    'source { url } } sources { title } statements { text } participatingAgencies { name } '
    'speakers { position { id person { name } post { title } title agency { name } start end attestedOn '
    'acting status } event { name } roles role } } } }',
])
def test_selections_answer_alike(both: Both, query: str) -> None:
    both.same(query)


def test_a_bare_typename_is_compiled(both: Both) -> None:
    assert both.same("{ __typename }") == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("query", [
    "{ events(first: 2) { totalCount nodes { name } } }",  # a field it does not know
    '{ events(first: 2) { nodes { name @include(if: true) } } }',  # a directive
    "{ people(first: 2) { nodes { positions { title } } } }",
    '{ search(q: "agung") { label } }',
    "{ __schema { queryType { name } } }",
])
def test_what_it_does_not_know_falls_back_and_still_answers(both: Both, query: str) -> None:
    answer = both.same(query, compiled=False)
    assert answer["data"] and "errors" not in answer


@pytest.mark.parametrize(("query", "variables"), [
    ("query ($id: ID!) { node(id: $id) { id } }", {"id": "not an iri"}),
    ("{ events(first: 500) { nodes { name } } }", None),
    ('{ events(after: "bm90IGEgY3Vyc29y") { nodes { name } } }', None),
    ("query ($first: Int!) { events(first: $first) { nodes { name } } }", {"first": "many"}),
])
def test_refusals_are_the_resolvers_own(both: Both, query: str, variables: dict[str, Any] | None) -> None:
    ours, theirs = both.both(query, variables)
    assert ours == theirs and "errors" in ours


def test_an_unknown_node_is_null_on_both_paths(both: Both) -> None:
    assert both.same('{ node(id: "https://example.org/nothing") { id } }') == {"data": {"node": None}}


def test_a_node_of_a_kind_it_does_not_shape_falls_back_at_run_time(both: Both) -> None:
    tenure = both.same("{ events(first: 1) { nodes { speakers { position { id } } } } }")
    iri = tenure["data"]["events"]["nodes"][0]["speakers"][0]["position"]["id"]
    answer = both.same("query ($id: ID!) { node(id: $id) { id __typename } }", {"id": iri}, compiled=False)
    assert answer["data"]["node"] == {"id": iri, "__typename": "Tenure"}


def test_the_flagship_is_read_in_one_prefetch_query(both: Both, request: pytest.FixtureRequest) -> None:
    if "level by level" in request.node.name:
        pytest.skip("reads ahead only")
    store = both.services.store
    page = both.same(PAGE, {"first": 12})["data"]["events"]["nodes"]
    before = store.queries  # type: ignore[attr-defined]
    both.run(both.compiled, ONE, {"id": page[0]["id"]})
    # The node's kind and everything below it, in one query.
    assert store.queries - before == 1  # type: ignore[attr-defined]
    before = store.queries  # type: ignore[attr-defined]
    both.run(both.compiled, PAGE, {"first": 12})
    # The page (the kept order reads the store's generation first), then everything below it in one query.
    assert store.queries - before <= 3  # type: ignore[attr-defined]


def test_merged_people_and_posts_answer_alike(both: Both) -> None:
    found = both.same('{ people(first: 100, where: {name: {startsWith: "Hadi Prabowo"}}) { nodes { id } } '
                      'posts(first: 100) { nodes { id title agency { name } } } }')["data"]
    hadi = [n["id"] for n in found["people"]["nodes"]]
    sekda = [n["id"] for n in found["posts"]["nodes"] if n["title"] == "Sekretaris Daerah"]
    both.services.merge(hadi[0], hadi[1])
    if len(sekda) > 1:
        both.services.merge(sekda[0], sekda[1])
    page = both.same(PAGE, {"first": 12})["data"]["events"]["nodes"]
    for node in page:
        both.same(ONE, {"id": node["id"]})
    # The merged-away IRI answers as the one kept.
    assert both.same("query ($id: ID!) { node(id: $id) { id } }", {"id": hadi[1]})["data"]["node"]["id"] == hadi[0]


# A field of each type alone (so its record is read in part), and beside another root field reading the same
# kind for other fields (a request's records are kept by kind and IRI, whichever root field's query read them).
ALONE = {
    "Event": "events(first: 12) { nodes { id %s } }",
    "Speaker": "events(first: 12) { nodes { speakers { %s } } }",
    "Person": "people(first: 12) { nodes { id %s } }",
    "Agency": "agencies(first: 12) { nodes { id %s } }",
    "Post": "posts(first: 12) { nodes { id %s } }",
    "Statement": "statements(first: 12) { nodes { id %s } }",
    "Article": "articles(first: 12) { nodes { id %s } }",
    "Delegation": "events(first: 12) { nodes { delegations { id %s } } }",
}
BESIDE = ("b: statements(first: 12) { nodes { event { start name type } speaker { name aliases } } } "
          "c: events(first: 12) { nodes { speakers { position { post { title agency { name type } } } } } }")


def _alone(typ: str, name: str) -> str:
    leaf = {"venue", "city", "province", "organizer", "speaker", "event", "source", "parent", "agency",
            "position", "onBehalfOf", "author", "principal", "delegate", "statements", "person", "containedIn"}
    inner = name + (" { __typename ... on Node { id } }" if name in leaf else "")
    return ALONE[typ] % inner


@pytest.mark.parametrize("field", sorted(f"{t}.{n}" for t, n in PREDICATES))
def test_a_field_alone_reads_its_record_in_part_and_answers_alike(both: Both, field: str) -> None:
    typ, name = field.split(".")
    both.same("{ a: " + _alone(typ, name) + " }")
    both.same("{ a: " + _alone(typ, name) + " " + BESIDE + " }")


def test_the_prefetch_reads_only_the_predicates_the_selection_uses(both: Both, request: pytest.FixtureRequest,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if "level by level" in request.node.name:
        pytest.skip("reads ahead only")
    asked: list[tuple[list[str], list[Any], Any]] = []
    real = both.services.prefetch

    def recorded(roots: list[str], needs: list[Any], narrow: Any = None) -> Prefetched:
        asked.append((roots, needs, narrow))
        return real(roots, needs, narrow)

    monkeypatch.setattr(both.services, "prefetch", recorded)
    both.same("{ events(first: 12) { nodes { name speakers { person { name } } } } }")
    (roots, needs, narrow), = asked
    assert narrow == {"event": {SCHEMA.name.value}, "person": {SCHEMA.name.value}}
    text = prefetch_query(both.services.store.all_graph, both.services.minter.merges_graph, roots, needs, narrow)
    assert "schema:name" in text and "schema:attendee" not in text and "schema:startDate" not in text
    # A place is read whole: its record's absence decides its type.
    asked.clear()
    both.same("{ events(first: 12) { nodes { name venue { name } } } }")
    (roots, needs, narrow), = asked
    assert narrow == {"event": {SCHEMA.name.value, SCHEMA.location.value}}
    # Each kind's records in a branch of their own, with its own predicates: the events' not a place's rdf:type.
    text = prefetch_query(both.services.store.all_graph, both.services.minter.merges_graph, roots, needs, narrow)
    assert "FILTER(?p IN (schema:location, schema:name))" in text
    assert "FILTER(?p IN (hg:placeType, rdf:type, schema:containedInPlace, schema:name, skos:altLabel))" in text


def test_paths_that_share_their_first_steps_are_walked_once() -> None:
    """The alternatives of a reach are one property path with common first steps written once (Oxigraph walks
    each alternative from the roots: the agencies of a page of meetings took twice as long unfactored)."""
    assert factored([("a",)]) == "a"
    assert factored([("a", "b"), ("c",)]) == "(a/b|c)"
    assert factored([("a", "b"), ("a", "c"), ("a", "c", "d")]) == "a/(b|c/(d)?)"
    agencies = [("schema:performer", "schema:performer", "^org:member", "hg:post", "org:postIn"),
                ("schema:performer", "schema:performer", "^org:member", "hg:post", "org:postIn",
                 "org:subOrganizationOf"), ("schema:performer", "hg:onBehalfOf")]
    assert factored(agencies) == ("schema:performer/(hg:onBehalfOf|schema:performer/^org:member/hg:post/org:postIn/"
                                  "(org:subOrganizationOf)?)")


def test_an_events_statements_are_read_without_its_appearances(both: Both, request: pytest.FixtureRequest) -> None:
    """``^hg:atEvent`` reaches an event's appearances as well as its statements: only the statements are read as
    statements, all of them, and an entity's kind is read from the classes that make one alone."""
    if "level by level" in request.node.name:
        pytest.skip("reads ahead only")
    services = both.services
    event = both.same(PAGE, {"first": 1})["data"]["events"]["nodes"][0]["id"]
    rows = services.store.select(render("SELECT ?x ?t WHERE { GRAPH $all { ?x hg:atEvent $e ; a ?t } }",
                                        all=services.store.all_graph, e=NamedNode(event)))
    quotations = {r["x"].value for r in rows if r["t"] == SCHEMA.Quotation}
    assert quotations and {r["x"].value for r in rows} - quotations  # it has both
    read = services.prefetch([event], [Need("records:statement", ("statement",)), Need("kinds", ("statement",))])
    assert set(read.properties["statement"]) == quotations
    assert all(read.covers("statement", s) and read.record("statement", s) for s in quotations)
    assert {s for s, k in read.kinds.items() if k and k[0] == "statement"} == quotations


def test_the_tenures_of_what_the_appearances_list_are_read_without_a_reach_of_their_own(
        both: Both, request: pytest.FixtureRequest) -> None:
    """Where an event's appearances are read, they list its speakers and the principals they spoke for: the
    tenures of those are read for them (one branch less each); read alone, the tenures reach them themselves."""
    if "level by level" in request.node.name:
        pytest.skip("reads ahead only")
    services = both.services
    event = both.same(PAGE, {"first": 1})["data"]["events"]["nodes"][0]["id"]
    tenures = [Need("tenures:person", ("performer",)), Need("tenures:post", ("principal", "canon"))]
    beside = [Need("appearances"), *tenures]

    def query(needs: list[Need]) -> str:
        return prefetch_query(services.store.all_graph, services.minter.merges_graph, [event], needs)
    reaches = ("?_r schema:performer/schema:performer ?person .", "?_r schema:performer/hg:onBehalfOf ?post .")
    assert all(r in query(tenures) and r not in query(beside) for r in reaches)
    # Both ways, every speaker's and principal post's tenures are read, none missed, none added.
    alone = prefetching.prefetch(services.store, services.minter.merges_graph, [event], tenures)
    with_them = prefetching.prefetch(services.store, services.minter.merges_graph, [event], beside)
    assert alone.tenures == with_them.tenures and alone.tenures["person"] and alone.tenures["post"]
