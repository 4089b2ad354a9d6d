"""What an article would cost on disk under other layouts of the same facts (issue 16's 25 KB per article).

The quads of an existing store (``--store``, the store a ``benchmarks/run.py`` or ``bytes.py`` run
left) are written again, into an empty store per layout, bulk-loaded, flushed and compacted
(``Store.optimize``), and the folder measured:

* ``as stored``: every quad as it is (article graphs, the ``all`` copy, provenance, feed): the
  baseline of the same run;
* ``no all copy``: the article graphs and the meta graph, as if queries read the union of the
  article graphs instead of ``all``;
* ``each triple once in article graphs``: each distinct triple in the graph of the first article that states
  it (not in the others), and the meta graph: the fewest quads a named graph per article can hold;
* ``all copy and meta``: the distinct facts in ``all`` and the meta graph, no article graphs;
* ``facts in the default graph and meta``: the same, the facts in the default graph.

Oxigraph keeps six indexes of a quad in a named graph and three of a triple in the default graph,
so where the facts sit matters as much as how many there are. Figures go to stdout as JSON and
as a table to stderr.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from bytes import part_of
from measure import disk_size

from humasgraph.settings import Settings
from humasgraph.store import OxigraphStore

BATCH = 500_000

Layout = Callable[[ox.Store, ox.NamedNode, ox.NamedNode, str], Iterator[ox.Quad]]


def as_stored(src: ox.Store, all_graph: ox.NamedNode, meta: ox.NamedNode, base: str) -> Iterator[ox.Quad]:
    yield from src


def no_all_copy(src: ox.Store, all_graph: ox.NamedNode, meta: ox.NamedNode, base: str) -> Iterator[ox.Quad]:
    return (q for q in src if q.graph_name != all_graph)


def once_named(src: ox.Store, all_graph: ox.NamedNode, meta: ox.NamedNode, base: str) -> Iterator[ox.Quad]:
    seen: set[tuple[str, str, str]] = set()
    for q in src:
        if q.graph_name == all_graph:
            continue
        if part_of(q, all_graph, meta, base) in ("article graph", "evidence"):
            key = (str(q.subject), str(q.predicate), str(q.object))
            if key in seen:
                continue
            seen.add(key)
        yield q


def all_and_meta(src: ox.Store, all_graph: ox.NamedNode, meta: ox.NamedNode, base: str) -> Iterator[ox.Quad]:
    return (q for q in src if part_of(q, all_graph, meta, base) not in ("article graph", "evidence"))


def default_and_meta(src: ox.Store, all_graph: ox.NamedNode, meta: ox.NamedNode, base: str) -> Iterator[ox.Quad]:
    for q in all_and_meta(src, all_graph, meta, base):
        yield ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) if q.graph_name == all_graph else q


LAYOUTS: dict[str, Layout] = {
    "as stored": as_stored,
    "no all copy": no_all_copy,
    "each triple once in article graphs": once_named,
    "all copy and meta": all_and_meta,
    "facts in the default graph and meta": default_and_meta,
}


def articles_in(src: ox.Store, all_graph: ox.NamedNode) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $all { ?a a <http://schema.org/NewsArticle> } }"
    for row in src.query(query.replace("$all", str(all_graph))):  # type: ignore[union-attr]
        return int(row[0].value)  # type: ignore[index]
    return 0


def build(src: ox.Store, layout: Layout, target: Path, all_graph: ox.NamedNode, meta: ox.NamedNode,
          base: str) -> dict[str, int]:
    """The layout's quads in an empty store at ``target``: their number and the folder's bytes, compacted."""
    store = ox.Store(str(target))
    quads, batch = 0, []
    for q in layout(src, all_graph, meta, base):
        batch.append(q)
        if len(batch) >= BATCH:
            store.bulk_extend(batch)
            quads += len(batch)
            batch = []
    store.bulk_extend(batch)
    quads += len(batch)
    store.flush()
    store.optimize()
    del store
    found = {"quads": quads, "disk_bytes": disk_size(target)}
    shutil.rmtree(target)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, metavar="STORE", help="an on-disk store to read")
    parser.add_argument("--work", type=Path, default=None, help="where the layouts are built (a temporary folder)")
    parser.add_argument("--only", default="", help="comma-separated layout names (default: all)")
    args = parser.parse_args(argv)
    settings = Settings(store=str(args.store))
    opened = OxigraphStore(args.store, ox.NamedNode(settings.base_iri + "graph/all"),
                           ox.NamedNode(settings.base_iri + "graph/meta"), read_only=True)
    src = opened._store
    all_graph, meta = opened.all_graph, opened.meta_graph
    base = settings.base_iri + "graph/"
    n = articles_in(src, all_graph)
    if not n:
        raise SystemExit(f"{args.store}: no articles in the store")
    names = [s.strip() for s in args.only.split(",") if s.strip()] or list(LAYOUTS)
    unknown = [s for s in names if s not in LAYOUTS]
    if unknown:
        raise SystemExit(f"--only: unknown layouts {unknown}; expected among {', '.join(LAYOUTS)}")
    work = Path(tempfile.mkdtemp(prefix="layouts-", dir=args.work))
    found: dict[str, object] = {"store": str(args.store), "articles": n,
                                "store_disk_bytes": disk_size(args.store), "layouts": {}}
    try:
        for name in names:
            got = build(src, LAYOUTS[name], work / "layout", all_graph, meta, base)
            found["layouts"][name] = got  # type: ignore[index]
            print(f"{name:38} {got['quads'] / n:7.1f} quads/article {got['disk_bytes'] / n / 1024:6.1f} KB/article",
                  file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        opened.close()
    print(json.dumps(found, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
