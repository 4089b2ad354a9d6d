"""Fixtures of the API tests: the app over a real on-disk store, called in-process through ASGI."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from api_client import GQL, TOKEN, Client, runner

from humasgraph.api import create_app
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services


@pytest.fixture
def client(seeded: Services) -> Client:
    """The read-only app (no token configured) over the seeds."""
    return Client(create_app(seeded.settings, seeded))


@pytest.fixture
def gql(client: Client) -> GQL:
    """Run a GraphQL query against the read-only app; fails on errors unless ``errors=True``."""
    return runner(client)


@pytest.fixture
def editor(seeded: Services) -> tuple[GQL, Services]:
    """The app with a token configured (so with mutations), and its services."""
    seeded.settings = seeded.settings.replace(token=TOKEN)
    return runner(Client(create_app(seeded.settings, seeded))), seeded


@pytest.fixture
def importer(seeded: Services) -> Callable[[list[Document]], None]:
    """Import documents into the seeded store."""
    def run(docs: list[Document]) -> None:
        loaded = [Loaded(doc, doc.index(doc.article.url), doc.article.url) for doc in docs]
        outcomes = list(seeded.importer.import_loaded(loaded))
        assert {o.status for o in outcomes} == {"imported"}, outcomes
    return run
