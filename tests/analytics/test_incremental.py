"""The projection, speaker counters and search index kept up to date from the change feed equal a rebuild.

After imports, replacements, retractions, merges, unmerges and a maintenance update, the state
updated in place is compared with one built afresh from the same store: every node with its
attributes, every edge with its key and attributes, the facts, the counters, and every entry,
posting, word and trigram of the search index. Each step must also have been an update, not a
rebuild, or the comparison would prove nothing. It runs on the embedded store and on a real
Oxigraph server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from humasgraph.derived.analytics import Analytics
from humasgraph.derived.graphs import Network
from humasgraph.derived.search import SearchIndex
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.model.identity import Minter
from humasgraph.model.vocab import HG, XSD
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import GraphWrite, open_store
from humasgraph.store.feed import RETAINED, Changes, position, read_changes
from humasgraph.synthetic import generate
from store.conftest import oxigraph_server  # noqa: F401 - the session fixture of a real server (tests/store)

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
DOCS = list(generate(40, seed=7))


def _load(services: Services, docs: list[Document]) -> None:
    items = [Loaded(d, d.index(f"synthetic-{i}"), f"synthetic-{i}") for i, d in enumerate(docs)]
    statuses = {o.status for o in services.importer.import_loaded(items)}
    assert statuses <= {"imported", "replaced"}, statuses


@pytest.fixture(params=["disk", "oxigraph-server"])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """Use cases over an empty store: on disk, or on a real Oxigraph server (cleared before and after)."""
    if request.param == "disk":
        settings = Settings(store=str(tmp_path / "store"))
    else:
        settings = request.getfixturevalue("oxigraph_server").settings
    store = open_store(settings)
    _clear(store, settings)
    svc = Services.open(settings, store=store)
    yield svc
    _clear(store, settings)
    svc.close()


def _clear(store: Any, settings: Settings) -> None:
    if settings.is_remote and store.graphs():
        store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in store.graphs()))


def _edges(net: Network) -> list[tuple[str, str, str, tuple[tuple[str, Any], ...]]]:
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in net.graph.edges(keys=True, data=True))


def _index(index: SearchIndex) -> dict[str, Any]:
    snap = index.current()
    entries = [e for e in snap.entries if e is not None]
    iri_of = {slot: snap.entry(slot).iri for slot in snap.slots.values()}
    return {
        "entries": {e.iri: (e.kind, e.label, e.forms, e.words) for e in entries},
        "postings": {w: sorted(iri_of[s] for s in slots) for w, slots in snap.postings.items()},
        "vocab": snap.vocab,
        "grams": {g: sorted(words) for g, words in snap.grams.items()},
    }


def _assert_as_rebuilt(services: Services, kept: Analytics, index: SearchIndex, updates: int) -> None:
    net = kept.network()
    fresh = Analytics(services.store).network()
    assert (kept.builds, kept.updates) == (1, updates)  # updated in place, never rebuilt
    assert dict(net.graph.nodes(data=True)) == dict(fresh.graph.nodes(data=True))
    assert _edges(net) == _edges(fresh)
    assert net.facts == fresh.facts
    assert net.speakers == fresh.speakers
    assert net.dated == fresh.dated
    assert kept.top_speakers(limit=20) == Analytics(services.store).top_speakers(limit=20)
    rebuilt = SearchIndex(services.store, services.minter)
    assert _index(index) == _index(rebuilt)
    assert (index.builds, index.updates) == (1, updates)
    for q in ("ganjar", "diskominfo jateng", "kepala dinas", "gabjar pranowo"):
        assert index.search(q) == rebuilt.search(q)


def test_updates_after_every_kind_of_write_equal_a_rebuild(services: Services) -> None:
    _load(services, DOCS[:25])
    services.import_paths([SEED_ARTICLE])
    kept, index = Analytics(services.store), SearchIndex(services.store, services.minter)
    kept.network()
    index.search("ganjar")
    assert (kept.builds, index.builds) == (1, 1)

    _load(services, DOCS[25:])  # new articles, one write
    _assert_as_rebuilt(services, kept, index, 1)

    changed = DOCS[3].model_copy(deep=True)  # a replaced article: a statement and an alias less
    changed.statements = changed.statements[1:]
    if changed.people:
        changed.people[0].aliases = []
    _load(services, [changed])
    _assert_as_rebuilt(services, kept, index, 2)

    services.retract(DOCS[5].article.url)  # a retracted article
    services.retract(DOCS[6].article.url)
    _assert_as_rebuilt(services, kept, index, 3)

    _load(services, [DOCS[5]])  # the retracted article back
    _assert_as_rebuilt(services, kept, index, 4)

    # A merge rewrites every graph naming the merged person: the seed's two speakers become one.
    (event,) = [e for e in services.flagship(limit=500) if "Helmi Hafid" in {s.name for s in e.speakers}]
    keep, other = event.speakers[0].person, event.speakers[1].person
    services.merge(keep, other)
    _assert_as_rebuilt(services, kept, index, 5)
    assert other not in kept.network().facts.people

    services.unmerge(other)
    _assert_as_rebuilt(services, kept, index, 6)
    assert other in kept.network().facts.people


def test_a_maintenance_update_makes_the_caches_rebuild(services: Services) -> None:
    _load(services, DOCS[:5])
    kept = Analytics(services.store)
    before = kept.top_speakers()
    graph = services.minter.graph(DOCS[0].article.url)
    services.store.update(f"DELETE WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")  # a write naming no graphs
    assert read_changes(services.store, 0).graphs is None
    assert kept.top_speakers() != before or kept.builds == 2
    assert kept.builds == 2


def _tiny(minter: Minter, name: str, value: str, *, new: bool = False) -> GraphWrite:
    g = minter.graph(f"https://example.test/{name}")
    quads = [Quad(NamedNode("https://example.test/s"), NamedNode("https://example.test/p"), Literal(value), g)]
    meta = [Quad(g, HG.tripleCount, Literal("1", datatype=XSD.integer), minter.meta_graph)]
    return GraphWrite(g, quads, meta, meta_subjects=(g,), new=new)


def test_the_feed_names_each_writes_graphs_and_keeps_a_bounded_tail(services: Services) -> None:
    """The embedded store names the records it writes and drops; on a server, the update computes them."""
    minter, store = services.minter, services.store
    p = position(store)  # a server's store was cleared by an update, which the feed recorded too
    a, b = _tiny(minter, "a", "1", new=True), _tiny(minter, "b", "1", new=True)
    store.write([a, b])
    store.write([_tiny(minter, "a", "2")])
    store.write([GraphWrite(b.graph, None, meta_subjects=(b.graph,))])
    assert position(store) == p + 3
    assert read_changes(store, p).graphs == {a.graph.value, b.graph.value}
    assert read_changes(store, p + 1).graphs == {a.graph.value, b.graph.value}
    assert read_changes(store, p + 2).graphs == {b.graph.value}
    assert read_changes(store, p + 3).graphs == frozenset()
    if hasattr(store, "position"):  # the embedded store: a reader with nothing new to read runs no query
        asked = store.queries
        assert read_changes(store, p + 3) == Changes(p + 3, frozenset())
        assert store.queries == asked
    for i in range(RETAINED + 5):
        store.write([_tiny(minter, "a", str(i))])
    records = {q.subject for q in store.quads(minter.meta_graph) if q.predicate == HG.changed}
    assert len(records) == RETAINED  # older records were dropped as each write was recorded
    assert read_changes(store, p + 2).graphs is None  # too far behind: rebuild
    now = position(store)
    assert read_changes(store, now - 300).graphs == {a.graph.value}  # more than one window of records
