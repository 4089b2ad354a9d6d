"""Automatic Persisted Queries: Apollo's protocol over GET and POST."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest
from api_client import Client
from strawberry.http import GraphQLRequestData

from humasgraph.api.persisted import PersistedQueries

QUERY = "query ($first: Int) { events(first: $first) { nodes { name start } } }"
HASH = hashlib.sha256(QUERY.encode()).hexdigest()


def _persisted(digest: str = HASH, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": digest}}


def test_an_unknown_hash_asks_for_the_document_then_the_hash_alone_runs_it(client: Client) -> None:
    first = client.post("/graphql", json={"extensions": _persisted(), "variables": {"first": 2}})
    assert first.status_code == 200
    (error,) = first.json()["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"

    full = client.post("/graphql", json={"query": QUERY, "extensions": _persisted(), "variables": {"first": 2}})
    expected = client.post("/graphql", json={"query": QUERY, "variables": {"first": 2}}).json()
    assert full.json() == expected and "errors" not in expected

    by_hash = client.post("/graphql", json={"extensions": _persisted(HASH.upper()), "variables": {"first": 2}})
    assert by_hash.json() == expected
    over_get = client.get("/graphql", params={"extensions": json.dumps(_persisted()),
                                              "variables": json.dumps({"first": 2})},
                          headers={"accept": "application/json"})
    assert over_get.status_code == 200 and over_get.json() == expected


def test_a_document_that_is_not_its_hash_is_refused_and_not_stored(client: Client) -> None:
    wrong = hashlib.sha256(b"{ __typename }").hexdigest()
    response = client.post("/graphql", json={"query": QUERY, "extensions": _persisted(wrong)})
    assert response.status_code == 400
    assert "provided sha does not match query" in response.text
    again = client.post("/graphql", json={"extensions": _persisted(wrong)}).json()
    assert again["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize("extensions", [
    {"persistedQuery": {"version": 2, "sha256Hash": HASH}},
    {"persistedQuery": "yes"},
])
def test_another_version_is_not_supported(client: Client, extensions: dict[str, Any]) -> None:
    body = client.post("/graphql", json={"extensions": extensions}).json()
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


def test_a_hash_that_is_not_one_is_400(client: Client) -> None:
    response = client.post("/graphql", json={"extensions": _persisted("abc")})
    assert response.status_code == 400 and "sha256Hash" in response.text


def _request(query: str | None, digest: str) -> GraphQLRequestData:
    return GraphQLRequestData(query=query, variables=None, operation_name=None, extensions=_persisted(digest))


def test_the_store_is_bounded_and_hands_out_one_string_per_document() -> None:
    store = PersistedQueries(maxsize=2)
    docs = ["{ a: __typename }", "{ b: __typename }", "{ c: __typename }"]
    digests = [hashlib.sha256(d.encode()).hexdigest() for d in docs]
    first = _request("".join(["{ a: ", "__typename }"]), digests[0])
    assert store.resolve(first) is None
    again = _request(None, digests[0])
    assert store.resolve(again) is None
    # The very string stored: the parse, validation and plan caches, keyed by it, find it at once.
    assert again.query is first.query
    for doc, digest in zip(docs[1:], digests[1:], strict=True):
        store.resolve(_request(doc, digest))
    assert len(store) == 2
    gone = store.resolve(_request(None, digests[0]))
    assert gone is not None and gone.errors is not None
    assert gone.errors[0].extensions == {"code": "PERSISTED_QUERY_NOT_FOUND"}
