"""Round trips stay bounded: the GraphQL flagship query costs the same store requests on every backend."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from humasgraph.api import create_app
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import OxigraphStore
from humasgraph.store.base import serialize_quads
from humasgraph.store.feed import position, read_changes
from humasgraph.synthetic import generate

FLAGSHIP = """
query ($first: Int!) {
  events(where: {type: COORDINATION_MEETING}, first: $first) {
    nodes {
      name type start end participantCount venue { name } city { name } province { name }
      organizer { __typename ... on Agency { name } }
      speakers {
        person { name }
        position { title agency { name parent { name } } }
        roles
        onBehalfOf { __typename ... on Post { label holder { name } } ... on Person { name } ... on Agency { name } }
        statements { text direct role source { url title } }
      }
    }
  }
}
"""
ARTICLES = 80


def _flagship(services: Services, first: int, *, compiled: bool = False) -> tuple[int, list[Any]]:
    """(store requests made, events answered) for one GraphQL flagship query, in-process: through the
    resolvers, or through the compiled path (which reads ahead in one query on the embedded store only)."""
    app = create_app(services.settings.replace(graphql_compiled=compiled), services)

    async def call() -> dict[str, Any]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/graphql", json={"query": FLAGSHIP, "variables": {"first": first}})
            return response.json()  # type: ignore[no-any-return]

    before = services.store.queries  # type: ignore[attr-defined]
    body = asyncio.run(call())
    assert "errors" not in body, body["errors"]
    return services.store.queries - before, body["data"]["events"]["nodes"]  # type: ignore[attr-defined]


def _load(services: Services) -> None:
    docs = (Loaded(doc, doc.index(doc.article.url), doc.article.url) for doc in generate(ARTICLES, seed=3))
    assert {o.status for o in services.importer.import_loaded(docs)} == {"imported"}


def _copy(services: Services) -> Services:
    """The use cases over an in-memory embedded store holding exactly the quads of ``services``' store."""
    store = services.store
    reference = OxigraphStore(None, store.all_graph, store.meta_graph)
    quads = list(store.quads())
    for start in range(0, len(quads), 5000):
        reference.update("INSERT DATA {\n" + serialize_quads(quads[start:start + 5000]) + "\n}")
    return Services.open(Settings(store=":memory:"), store=reference)


def _feed_check(services: Services) -> int:
    """The store requests of one check of the change feed that finds nothing new."""
    store = services.store
    at = position(store)
    before = store.queries  # type: ignore[attr-defined]
    assert read_changes(store, at).graphs == frozenset()
    return int(store.queries - before)  # type: ignore[attr-defined]


def test_the_flagship_query_makes_the_same_requests_on_every_backend(services_on: Services) -> None:
    _load(services_on)
    # The same quads in the embedded store, so that only the store differs.
    embedded = _copy(services_on)
    # What a server builds before its first request (search index, list orders) is built here first:
    # over a store on disk it is one index file built at once, so the first request would count its
    # build's queries, which are not the flagship's.
    services_on.warm()
    embedded.warm()
    compiled: dict[int, int] = {}
    for first in (1, 2, 20):
        requests, events = _flagship(services_on, first)
        expected_requests, expected_events = _flagship(embedded, first)
        assert len(events) == first
        assert events == expected_events
        # Each request checks the change feed once; the embedded store reads its position without a query.
        requests -= _feed_check(services_on)
        expected_requests -= _feed_check(embedded)
        assert requests == expected_requests, f"first={first}: {requests} store requests, embedded {expected_requests}"
        # The compiled path: the same answer on every backend. On the embedded store it reads ahead in one
        # query; on a remote one level by level, a batch per kind: the batches depend on the selection and on
        # how deep the data nests (agencies above agencies), never one request per event.
        compiled[first], compiled_events = _flagship(services_on, first, compiled=True)
        assert compiled_events == expected_events
    assert compiled[20] - compiled[1] < 20 - 1, compiled
    if isinstance(services_on.store, OxigraphStore):
        assert compiled[20] <= 3, compiled
