"""The change feed: every write records which source graphs it changed, at a monotonic position.

It lives in the meta graph, written by the same update (or bulk load) as the data:
``meta hg:position N`` is the position of the last write, and each write leaves one record
``<meta>/change/N hg:changed g1, g2 …`` naming the graphs it replaced, added or removed (a
removed graph is named like any other: a reader re-reads it and finds it empty). A write that
cannot name its graphs (a maintenance ``update``) names ``all``, which tells readers to start
over. Each write also drops the record ``RETAINED`` positions older than itself, so the feed
is a bounded tail, not a log that grows with the store. A reader at position P asks for the
records P+1 … P+k by their IRIs in one query (point lookups, not a scan of the feed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from ..model.vocab import HG, XSD
from .base import Store, render, serialize_quads

__all__ = ["RETAINED", "Changes", "feed_predicates", "feed_update", "position", "read_changes", "record",
           "record_quads"]

# How many writes' records the feed keeps; a reader further behind than this rebuilds.
RETAINED = 1024
# Records asked for in one query; a reader further behind asks again (or rebuilds past RETAINED).
WINDOW = 256

_POSITION = "SELECT ?n WHERE { GRAPH $meta { $meta $position ?n } }"

# Virtuoso 7 inserts nothing from OPTIONAL + COALESCE and cannot compile an aggregate here, so the
# position is first made to exist, then moved on: one solution per changed graph, each inserting
# the same position and one hg:changed.
_START = """INSERT { GRAPH $meta { $meta $position 0 } }
WHERE { FILTER NOT EXISTS { GRAPH $meta { $meta $position ?any } } }"""

_RECORD = """DELETE { GRAPH $meta { $meta $position ?old } }
INSERT { GRAPH $meta { $meta $position ?new . ?w $changed ?g } }
WHERE { GRAPH $meta { $meta $position ?old }
  BIND(?old + 1 AS ?new)
  BIND(IRI(CONCAT(STR($meta), "/change/", STR(?new))) AS ?w)
  VALUES ?g { $graphs } }"""

# A record holds only hg:changed triples. With the predicate named, Oxigraph reads those
# (at most RETAINED records' worth) instead of the whole meta graph, which holds every article's
# metadata: 30 ms instead of 400 ms per write at 100k articles.
_COMPACT = """DELETE { GRAPH $meta { ?stale $changed ?g } }
WHERE { GRAPH $meta { $meta $position ?n }
  BIND(IRI(CONCAT(STR($meta), "/change/", STR(?n - $keep))) AS ?stale)
  GRAPH $meta { ?stale $changed ?g } }"""
# The same three steps for a writer that knows the position (it is the store's only writer):
# the records are named by IRI, so each step is a lookup (under 1 ms at 100k articles).
_UNSET = "DELETE WHERE { GRAPH $meta { $meta $position ?old } }"
_DROP = "DELETE WHERE { GRAPH $meta { $stale $changed ?g } }"

_READ = """SELECT ?w ?g WHERE { GRAPH $meta {
  { $meta $position ?g BIND($meta AS ?w) } UNION { VALUES ?w { $records } ?w $changed ?g } } }"""


def record(meta: NamedNode, n: int) -> NamedNode:
    """The IRI of the feed record of the write at position ``n``."""
    return NamedNode(f"{meta.value}/change/{n}")


def feed_predicates() -> frozenset[NamedNode]:
    """The predicates of the feed: bookkeeping of the store, not data (exports leave them out)."""
    return frozenset((HG.position, HG.changed))


def feed_update(meta: NamedNode, graphs: Iterable[NamedNode], *, after: int | None = None) -> str:
    """SPARQL Update operations that record a write of ``graphs`` at the next position and compact.

    ``after``: the position of the last write, from a caller that is the store's only writer and
    holds its write lock. The operations then name the records instead of computing their IRIs
    in SPARQL. Without it, the update reads the position itself, which is safe with other
    writers but slower."""
    chosen = list(dict.fromkeys(graphs))
    if after is not None:
        new = after + 1
        moved = Quad(meta, HG.position, Literal(str(new), datatype=XSD.integer), meta)
        return " ;\n".join((
            render(_UNSET, meta=meta, position=HG.position),
            "INSERT DATA { " + serialize_quads([moved, *record_quads(meta, new, chosen)]) + " }",
            render(_DROP, meta=meta, changed=HG.changed, stale=record(meta, new - RETAINED)),
        ))
    return " ;\n".join((
        render(_START, meta=meta, position=HG.position),
        render(_RECORD, meta=meta, position=HG.position, changed=HG.changed, graphs=chosen),
        render(_COMPACT, meta=meta, position=HG.position, changed=HG.changed,
               keep=Literal(str(RETAINED), datatype=XSD.integer)),
    ))


def position(store: Store) -> int:
    """The position of the last write (0 for a store never written since the feed began)."""
    rows = store.select(render(_POSITION, meta=store.meta_graph, position=HG.position))
    return int(rows[0]["n"].value) if rows else 0


def record_quads(meta: NamedNode, n: int, graphs: Iterable[NamedNode]) -> list[Quad]:
    """The record of the write at ``n`` as quads (for a bulk load that writes it beside the data)."""
    w = record(meta, n)
    return [Quad(w, HG.changed, g, meta) for g in dict.fromkeys(graphs)]


@dataclass(frozen=True)
class Changes:
    """What changed after a reader's position: the graphs, or ``None`` when the reader must rebuild."""

    position: int
    graphs: frozenset[str] | None


def read_changes(store: Store, since: int) -> Changes:
    """The source graphs written after position ``since``, in one query per ``WINDOW`` writes.

    Most calls find nothing new (every search and list request asks): on the embedded store, which
    reads its position without a query, the position alone answers those (the records' query took
    1.7 ms for a window at 10k articles). A server is asked once either way: the records' query
    also brings the position."""
    direct = getattr(store, "position", None)
    if callable(direct) and direct() == since:
        return Changes(since, frozenset())
    meta = store.meta_graph
    graphs: set[str] = set()
    start = since
    while True:
        wanted = [record(meta, n) for n in range(start + 1, start + WINDOW + 1)]
        rows = store.select(render(_READ, meta=meta, position=HG.position, changed=HG.changed, records=wanted))
        now = next((int(r["g"].value) for r in rows if r["w"] == meta), 0)
        if now < since:
            return Changes(now, None)  # the store was emptied or replaced: start over
        if now - since > RETAINED:
            return Changes(now, None)
        found: dict[int, set[str]] = {}
        for r in rows:
            if r["w"] != meta:
                found.setdefault(int(r["w"].value.rsplit("/", 1)[1]), set()).add(r["g"].value)
        last = min(now, start + WINDOW)
        for n in range(start + 1, last + 1):
            if n not in found or store.all_graph.value in found[n]:
                return Changes(now, None)  # compacted away, or a write that named no graphs
            graphs |= found[n]
        if last >= now:
            return Changes(now, frozenset(graphs))
        start = last
