"""Loading synthetic documents and reaching the index file of services: shared by the index file tests
(test_index_file, store/test_shared_index_file)."""

from __future__ import annotations

from humasgraph.derived.indexed import FileOrders, FileSearch
from humasgraph.derived.indexfile import IndexFile
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services


def load(services: Services, docs: list[Document]) -> None:
    """Import ``docs`` as a batch, each imported, replaced or unchanged."""
    items = [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]
    assert {o.status for o in services.importer.import_loaded(items)} <= {"imported", "replaced", "unchanged"}


def index_file(services: Services) -> IndexFile:
    """The index file the services' search and orders read (they must have one)."""
    search = services.search_index
    assert isinstance(search, FileSearch) and isinstance(services.orders, FileOrders)
    return search.index
