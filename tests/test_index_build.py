"""A build of the index file reads the store a batch of entities at a time (``index_build.py``), and writes the
same tables whatever the batch: the search, the orders and the projection a build of the whole in the heap drew."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from humasgraph.derived import index_build, indexfile, network_file
from humasgraph.derived.index_build import unpack
from humasgraph.derived.indexfile import IndexFile
from humasgraph.derived.network import LiveNetwork
from humasgraph.derived.network_ids import KEYED, Ids, decode_fact
from humasgraph.errors import StoreError
from humasgraph.queries.projection import read_facts
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate
from index_helpers import index_file, load

SEED_ARTICLE = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
DOCS = list(generate(30, seed=11))
_LOW = (1 << 32) - 1


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of the synthetic articles and the seed article, without its index file."""
    path = tmp_path / "store"
    with Services.open(Settings(store=str(path))) as services:
        load(services, DOCS)
        services.import_paths([SEED_ARTICLE])
    for found in tmp_path.glob("store.index.sqlite*"):
        found.unlink()
    return path


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of entities each batch of a build asked ``read_facts`` about."""
    asked: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        assert kwargs.get("subjects") is not None  # never the whole store at once
        asked.append(len(kwargs["subjects"]))
        return read_facts(*args, **kwargs)

    monkeypatch.setattr(index_build, "read_facts", counted)
    return asked


@contextmanager
def _built(store: Path, batch: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    for found in store.parent.glob("store.index.sqlite*"):
        found.unlink()
    monkeypatch.setattr(index_build, "BATCH", batch)
    with Services.open(Settings(store=str(store))) as services:
        services.warm()
        assert index_file(services).builds == 1
        yield services


def _dump(db: sqlite3.Connection) -> dict[str, Any]:
    """Every table of the file but the trigrams, in IRIs and words (their ids differ from one build to another)."""
    iri = dict(db.execute("SELECT id, iri FROM iris"))
    ids = Ids(db)

    def member(index: str, at: int) -> Any:
        return (iri[at >> 32], iri[at & _LOW]) if index in KEYED else iri[at]

    def key(kind: str, at: int) -> Any:
        return (iri[at >> 32], iri[at & _LOW]) if kind == "appearances" else iri[at]

    edges: dict[str, list[Any]] = {}
    for source, target, k, relation, data in db.execute(
            "SELECT source, target, key, relation, data FROM net_edges ORDER BY id"):
        edges.setdefault(iri[source], []).append((iri[target], k, relation, json.loads(data)))
    return {
        "graphs": {g: sorted(iri[i] for i in unpack(blob))
                   for g, blob in db.execute("SELECT graph, subjects FROM graphs")},
        "entries": {iri[i]: tuple(row) for i, *row in db.execute("SELECT id, kind, label, forms FROM entries")},
        "vocab": dict(db.execute("SELECT word, n FROM vocab")),
        "postings": sorted((w, iri[e], k, n) for w, e, k, n in db.execute(
            "SELECT v.word, p.entry, p.kind, p.len FROM postings AS p JOIN vocab AS v ON v.id = p.word")),
        "orders": sorted((name, iri[e], lo, hi) for name, e, lo, hi in db.execute(
            "SELECT name, entity, lo, hi FROM orders")),
        "usable": dict(db.execute("SELECT key, value FROM state WHERE key GLOB 'usable.*'")),
        "facts": {(kind, key(kind, at)): decode_fact(kind, fact, key(kind, at), ids)
                  for kind, at, fact in db.execute("SELECT kind, key, fact FROM net_facts")},
        "by": sorted((idx, iri[node], member(idx, m)) for idx, node, m in db.execute(
            "SELECT idx, node, member FROM net_by")),
        "nodes": {iri[i]: tuple(row) for i, *row in db.execute("SELECT id, kind, label, detail, tail FROM net_nodes")},
        "names": sorted((name, iri[node]) for name, node in db.execute("SELECT name, node FROM net_names")),
        "edges": edges,  # each source's in the order it drew them
        "degrees": {iri[n]: d for n, d in db.execute("SELECT node, degree FROM net_degrees")},
        "spoken": {iri[s]: (iri[p], d) for s, p, d in db.execute("SELECT statement, speaker, date FROM net_spoken")},
        "speakers": {iri[s]: n for s, n in db.execute("SELECT speaker, n FROM net_speakers")},
    }


def _state(services: Services) -> tuple[dict[str, Any], Any]:
    with index_file(services).reading() as db:
        dumped = _dump(db)
    searches = [services.search(q, ("person", "agency", "post", "event"), 10)
                for q in ("ganjar", "gabjar pranowo", "kepala dinas", "rapat koordinasi", "siti")]
    return dumped, searches


def test_the_batch_changes_nothing_in_the_file(store: Path, batches: list[int],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with _built(store, 100_000, monkeypatch) as services:
        whole = _state(services)
    assert len(batches) == 1
    batches.clear()
    monkeypatch.setattr(network_file, "HELD", 10)  # the drawing's caches dropped every hundred nodes
    with _built(store, 7, monkeypatch) as services:
        small = _state(services)
    assert len(batches) > 50 and max(batches) <= 7
    assert small == whole
    assert whole[0]["edges"] and whole[0]["entries"] and whole[0]["orders"] and all(whole[1])


def test_a_build_in_batches_draws_the_projection_the_store_facts_draw(store: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with _built(store, 5, monkeypatch) as services, index_file(services).reading() as db:
        dumped = _dump(db)
        fresh = LiveNetwork(read_facts(services.store))
    g = fresh.graph
    assert dumped["nodes"] == {n: (d["kind"], d["label"], d["detail"], n.rstrip("/").rsplit("/", 1)[-1])
                               for n, d in g.nodes(data=True)}
    assert dumped["edges"] == {u: [(v, k, d["relation"], d) for _, v, k, d in g.out_edges(u, keys=True, data=True)]
                               for u in g if g.out_degree(u)}
    assert dumped["degrees"] == {n: d for n, d in nx.Graph(g.to_undirected()).degree() if d}
    assert dumped["speakers"] == dict(fresh.speakers)
    slim = {(kind, k): dataclasses.replace(f, text="", source="") if kind == "statements" else f
            for kind in ("people", "agencies", "posts", "tenures", "events", "statements", "appearances", "delegations")
            for k, f in getattr(fresh.facts, kind).items()}
    assert dumped["facts"] == slim


def test_a_build_keeps_what_each_of_its_steps_took(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with _built(store, 50, monkeypatch) as services:
        file = index_file(services)
        seconds = {key: file.state(f"build.{key}") for step in (*index_build.STEPS, "indexed")
                   for key in (step, f"{step}.cpu")}
    assert all(s is not None and float(s) >= 0 for s in seconds.values()), seconds


def _snapshot(store: Path, to: Path) -> tuple[str, str, str]:
    """A snapshot of the store in ``to``, as a build in a child process reads it: (folder, all, meta)."""
    with Services.open(Settings(store=str(store))) as services:
        services.store.snapshot(to)  # type: ignore[attr-defined]
        return str(to), services.store.all_graph.value, services.store.meta_graph.value


def _broken(*_: Any) -> Any:
    raise OSError("this reader cannot open the store")


def test_readers_of_their_own_write_the_file_one_process_writes(store: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    with _built(store, 7, monkeypatch) as services, index_file(services).reading() as db:
        here = _dump(db)
    snapshot = _snapshot(store, tmp_path / "snapshot")
    monkeypatch.setattr(index_build, "READERS", 2)  # two reader processes, 7 entities a batch, three in flight
    read_only = indexfile._open_snapshot(*snapshot)
    file = IndexFile(read_only, None, identity="snapshot", path=tmp_path / "apart.sqlite")
    try:
        file._build((indexfile._open_snapshot, *snapshot))
        with file.reading() as db:
            apart = _dump(db)
        assert apart == here and here["edges"] and here["entries"] and here["orders"]

        # A reader that fails fails the build, and the file stays as it was.
        with pytest.raises(StoreError, match="ended without its batch"):
            file._build((_broken,))
        with file.reading() as db:
            assert _dump(db) == apart
    finally:
        file.close()
        read_only.close()

