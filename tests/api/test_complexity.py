"""Shape and cost limits: linear in the document, refused with a code before any store work."""

from __future__ import annotations

import time

import pytest
from api_client import Client, runner

from humasgraph.api import create_app
from humasgraph.api.complexity import MAX_FRAGMENT_NESTING, Walk
from humasgraph.api.schema import build_schema
from humasgraph.services import Services
from humasgraph.settings import Settings


def _app(services: Services, **changes: object) -> Client:
    return Client(create_app(services.settings.replace(**changes), services))


def doubling(n: int, leaf: str = "name") -> str:
    """n fragments, each spreading the previous twice: 2**(n-1) spreads once written out, ~40 bytes each."""
    frags = [f"fragment F0 on Event {{ {leaf} }}"]
    frags += [f"fragment F{i} on Event {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n)]
    return f"{{ events {{ nodes {{ ...F{n - 1} }} }} }} " + " ".join(frags)


@pytest.mark.parametrize("leaf", ["name", "a: name", "speakers { role }"])
def test_a_fragment_bomb_is_refused_at_once(seeded: Services, leaf: str) -> None:
    # Before: 22 fragments took 13 s of event loop in strawberry's depth limiter, 40 hung it.
    query = doubling(40, leaf)
    assert len(query) < 2000
    store = seeded.store
    before = store.queries  # type: ignore[attr-defined]
    started = time.perf_counter()
    body = runner(_app(seeded))(query, errors=True)
    assert time.perf_counter() - started < 2
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX", body
    assert store.queries == before  # type: ignore[attr-defined]


def test_checking_is_linear_in_the_document() -> None:
    from graphql import OperationDefinitionNode, parse
    schema = build_schema(Settings(store=":memory:"))._schema
    doc = parse(doubling(MAX_FRAGMENT_NESTING - 2))
    op = doc.definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    started = time.perf_counter()
    summary = Walk(schema, doc, None, 12).operation(op)
    assert time.perf_counter() - started < 0.05  # 2**29 spreads once written out: expanded, it would never end
    assert summary.spreads == 2 ** (MAX_FRAGMENT_NESTING - 2) - 1


def test_fragment_cycles_and_unknown_fragments_are_refused_not_looped(gql) -> None:  # type: ignore[no-untyped-def]
    body = gql("{ events { nodes { ...A } } } fragment A on Event { ...B } fragment B on Event { ...A }",
               errors=True)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "cycle" in str(body["errors"]).lower() or "itself" in str(body["errors"]).lower()
    body = gql("{ events { nodes { ...Nope } } }", errors=True)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


def test_fragments_nested_too_deep_are_refused(gql) -> None:  # type: ignore[no-untyped-def]
    n = MAX_FRAGMENT_NESTING + 5
    frags = ["fragment F0 on Event { name }"] + [f"fragment F{i} on Event {{ ...F{i - 1} }}" for i in range(1, n)]
    body = gql(f"{{ events {{ nodes {{ ...F{n - 1} }} }} }} " + " ".join(frags), errors=True)
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_depth_counts_through_fragments(seeded: Services) -> None:
    gql = runner(_app(seeded, max_depth=3))
    ok = "{ events { nodes { ...E } } } fragment E on Event { speakers { role } }"
    deep = "{ events { nodes { ...E } } } fragment E on Event { speakers { person { name } } }"
    assert "errors" not in gql(ok)
    body = gql(deep, errors=True)
    assert "exceeds maximum operation depth of 3" in body["errors"][0]["message"]


COSTLY = "{ " + " ".join(f"a{i}: events(first: 100) {{ nodes {{ speakers {{ statements {{ text }} }} }} }}"
                         for i in range(25)) + " }"


def test_an_over_costly_query_is_refused_before_any_store_work(seeded: Services) -> None:
    store = seeded.store
    before = store.queries  # type: ignore[attr-defined]
    body = runner(_app(seeded))(COSTLY, errors=True)
    error = body["errors"][0]
    assert body["data"] is None
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["budget"] == 20000 and error["extensions"]["cost"] > 20000
    assert str(error["extensions"]["cost"]) in error["message"] and "max_cost" in error["message"]
    assert store.queries == before  # type: ignore[attr-defined]


def test_the_cost_follows_the_variables(seeded: Services) -> None:
    query = "query ($n: Int) { events(first: $n) { nodes { speakers { statements { text } } } } }"
    gql = runner(_app(seeded, max_cost=1000))
    assert "errors" not in gql(query, {"n": 10})  # 10 + 10*5 + 10*5*5 = 310 objects at most
    assert gql(query, {"n": 100}, errors=True)["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_remembered_cost_still_follows_the_variables_it_read(seeded: Services, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from humasgraph.api import complexity
    walks: list[object] = []
    original = complexity.Walk.operation

    def counted(self, op):  # type: ignore[no-untyped-def]
        walks.append(op)
        return original(self, op)
    monkeypatch.setattr(complexity.Walk, "operation", counted)
    query = ("query ($n: Int, $t: String) { events(first: $n, where: {name: {contains: $t}}) "
             "{ nodes { speakers { statements { text } } } } }")
    gql = runner(_app(seeded, max_cost=1000))
    for n, t in ((100, "a"), (10, "a"), (100, "b"), (10, "c"), (100, "a")):
        body = gql(query, {"n": n, "t": t}, errors=True)
        if n == 100:
            assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY", body
        else:
            assert "errors" not in body, body
    # The validation rule walks each new document once; the cost is walked once per value of $n read,
    # whatever $t is (the walk does not read it).
    assert len(walks) == 1 + 2, len(walks)


def test_the_flagship_query_fits_the_default_budget(seeded: Services) -> None:
    from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
    query = "{ events(first: 100) { totalCount nodes {" + FLAGSHIP_EVENT_FIELDS + "} } }"
    assert "errors" not in runner(_app(seeded))(query)


def test_two_operations_without_a_name_are_refused(gql) -> None:  # type: ignore[no-untyped-def]
    two = "query A { events { totalCount } } query B { people { totalCount } }"
    body = gql(two, errors=True)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"
    assert "operationName" in body["errors"][0]["message"]


def test_repeated_fields_cannot_hold_the_event_loop(gql) -> None:  # type: ignore[no-untyped-def]
    # 600 copies of one object field (under the token limit) took 2.8 s in the spec's overlap rule.
    query = "{ events { nodes { " + "venue { name } " * 600 + "} } }"
    started = time.perf_counter()
    body = gql(query, errors=True)
    assert time.perf_counter() - started < 1
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX", body
