"""The fast import path keeps its promises: ``all`` stays the union of the source graphs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import render
from reliability.integrity import problems
from test_import import small_doc


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    s = Services.open(Settings(store=str(tmp_path / "store")))
    yield s
    s.close()


def _loaded(url: str, person: str = "Siti Rahma", text: str | None = None) -> Loaded:
    data = small_doc(url, person)
    if text is not None:
        data["statements"][0]["text"] = text
    doc = Document.model_validate(data)
    return Loaded(doc, doc.index(url), url)


def _import(services: Services, *items: Loaded) -> list[str]:
    return [o.status for o in services.importer.import_loaded(items)]


def _people_in_all(services: Services) -> int:
    rows = services.store.select(render("SELECT (COUNT(*) AS ?n) WHERE { GRAPH $all { ?p a schema:Person } }",
                                        all=services.store.all_graph))
    return int(rows[0]["n"].value)


def test_a_retract_between_imports_rewrites_shared_triples_to_all(services: Services) -> None:
    # The second article restates the first one's entities; after the retract removed them from
    # ``all``, they must be written there again, not skipped as already known.
    assert _import(services, _loaded("https://example.go.id/a")) == ["imported"]
    services.retract("https://example.go.id/a")
    assert _people_in_all(services) == 0
    assert _import(services, _loaded("https://example.go.id/b")) == ["imported"]
    assert _people_in_all(services) == 1
    assert problems(services) == []


def test_a_maintenance_update_between_imports_rewrites_shared_triples_to_all(services: Services) -> None:
    _import(services, _loaded("https://example.go.id/a"))
    services.store.update(render("DELETE WHERE { GRAPH $all { ?s ?p ?o } }", all=services.store.all_graph))
    _import(services, _loaded("https://example.go.id/b"))
    assert _people_in_all(services) == 1
    # ``all`` now lacks what only article a states, but everything b states is there.
    b_graph = services.minter.graph("https://example.go.id/b")
    in_all = {(q.subject, q.predicate, q.object) for q in services.store.quads(services.store.all_graph)}
    assert {(q.subject, q.predicate, q.object) for q in services.store.quads(b_graph)} <= in_all


def test_an_article_repeated_in_the_next_batch_replaces_the_first(services: Services) -> None:
    # Batches of two: the third item repeats the first article changed; the shared triples the
    # first write remembered in ``all`` must not hide what the replace removes and re-adds.
    services.importer.batch_size = 2
    items = [_loaded("https://example.go.id/a"), _loaded("https://example.go.id/b", "Budi Santoso"),
             _loaded("https://example.go.id/a", text="Kata yang lain."), _loaded("https://example.go.id/c", "Dewi")]
    assert _import(services, *items) == ["imported", "imported", "replaced", "imported"]
    assert problems(services) == []
    assert _people_in_all(services) == 3


def test_stopping_early_leaves_every_article_whole_or_absent(services: Services) -> None:
    services.importer.batch_size = 1
    outcomes = services.importer.import_loaded(iter([_loaded("https://example.go.id/a"),
                                                     _loaded("https://example.go.id/b", "Budi Santoso")]))
    assert next(outcomes).status == "imported"
    outcomes.close()
    assert problems(services) == []
