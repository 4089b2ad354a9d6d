"""The import's batching: name lookups per batch, not per article, and the same graphs either way."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Quad

from humasgraph.ingest.importer import Loaded
from humasgraph.queries.identity import StoreKeys
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store.oxigraph import BULK_LIMIT
from humasgraph.synthetic import _Article


def _articles(start: int, stop: int) -> list[Loaded]:
    docs = [_Article(i, 0).document() for i in range(start, stop)]
    return [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[object]:
    opened: list[Services] = []

    def open_(name: str) -> Services:
        opened.append(Services.open(Settings(store=str(tmp_path / name))))
        return opened[-1]

    yield open_
    for s in opened:
        s.close()


def test_a_batch_of_new_articles_looks_names_up_once_per_kind(open_store, monkeypatch: pytest.MonkeyPatch) -> None:
    services = open_store("store")
    calls: list[str] = []
    lookup = StoreKeys.entities_with_keys

    def counted(self: StoreKeys, kind: str, keys: object) -> object:
        calls.append(kind)
        return lookup(self, kind, keys)  # type: ignore[arg-type]

    monkeypatch.setattr(StoreKeys, "entities_with_keys", counted)
    items = _articles(0, 30)
    assert {o.status for o in services.importer.import_loaded(items)} == {"imported"}
    # person, agency and place keys of all 30 articles: one lookup each (per article, it was 90).
    assert sorted(calls) == ["agency", "person", "place"]


def _stored(services: Services) -> set[Quad]:
    """Every quad but the metadata graph's (times, the feed): what the articles resolved to."""
    return {q for q in services.store.quads() if q.graph_name != services.store.meta_graph}


def test_articles_resolve_alike_in_one_batch_and_one_by_one(open_store) -> None:
    # The synthetic corpus names the same people and agencies across articles: a batch resolves
    # them against itself as articles imported one at a time resolve them against the store.
    one_by_one, batched = open_store("one"), open_store("batched")
    one_by_one.importer.batch_size = 1
    for s in (one_by_one, batched):
        assert {o.status for o in s.importer.import_loaded(_articles(0, 40))} == {"imported"}
    assert _stored(batched) == _stored(one_by_one)


def test_a_written_batch_is_freed_before_the_collector_runs_again(open_store,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # pyoxigraph's terms and quads are tracked by Python's collector: a batch still alive when it
    # came back on was scanned whole by the next collection (0.3 ms per article).
    services = open_store("store")
    items = _articles(0, 50)
    alive: list[int] = []
    enable = gc.enable

    def counting_enable() -> None:
        alive.append(gc.get_count()[0])  # objects allocated since the last collection and not freed
        enable()

    monkeypatch.setattr(gc, "enable", counting_enable)
    gc.collect()
    assert {o.status for o in services.importer.import_loaded(items)} == {"imported"}
    written = services.store.count()
    # What stays is what ``all`` is known to hold (a tuple and its terms per triple), not the quads written.
    assert alive and alive[0] < written


def test_a_default_batch_of_synthetic_articles_fits_one_bulk_load(open_store) -> None:
    # Past BULK_LIMIT quads a write leaves the bulk loader for a transaction, 3-4x slower per quad:
    # the default batch is chosen to stay under it.
    services = open_store("store")
    outcomes = list(services.importer.import_loaded(_articles(0, services.importer.batch_size), dry_run=True))
    assert {o.status for o in outcomes} == {"valid"}
    graph_quads = sum(o.triples for o in outcomes)
    # Each article's graph, at most as much again in ``all``, its provenance (15 quads at most), the feed's record.
    assert 2 * graph_quads + 15 * len(outcomes) + 1 <= BULK_LIMIT
