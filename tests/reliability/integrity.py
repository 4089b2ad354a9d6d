"""Whole-store consistency checks shared by the reliability tests."""

from __future__ import annotations

from pyoxigraph import NamedNode

from humasgraph.model.vocab import HG
from humasgraph.services import Services
from humasgraph.store import render

_RECORDED = "SELECT ?g ?n WHERE { GRAPH $meta { ?g $count ?n } }"
_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def problems(services: Services) -> list[str]:
    """What is inconsistent: a source graph whose size differs from its recorded ``hg:tripleCount``,
    a graph without a record, or a union graph ``all`` that is not the union of the source graphs."""
    m, store = services.minter, services.store
    special = {m.all_graph.value, m.meta_graph.value, m.merges_graph.value}
    recorded = {r["g"].value: int(r["n"].value)
                for r in store.select(render(_RECORDED, meta=m.meta_graph, count=HG.tripleCount))}
    actual = {r["g"].value: int(r["n"].value) for r in store.select(_COUNTS) if r["g"].value not in special}
    out = []
    for graph, n in sorted(recorded.items()):
        if actual.get(graph, 0) != n:
            out.append(f"{graph}: {actual.get(graph, 0)} triples, {n} recorded")
    out.extend(f"{graph}: {n} triples and no record" for graph, n in sorted(actual.items()) if graph not in recorded)
    union: set[tuple[str, str, str]] = set()
    for graph in actual:
        union.update((str(q.subject), str(q.predicate), str(q.object)) for q in store.quads(NamedNode(graph)))
    in_all = {(str(q.subject), str(q.predicate), str(q.object)) for q in store.quads(m.all_graph)}
    if in_all != union:
        out.append(f"all: {len(in_all - union)} triples not in any source graph, "
                   f"{len(union - in_all)} source triples missing")
    return out


def article_count(services: Services) -> int:
    """How many source graphs the meta graph records."""
    rows = services.store.select(render("SELECT (COUNT(?g) AS ?n) WHERE { GRAPH $meta { ?g $count ?c } }",
                                        meta=services.minter.meta_graph, count=HG.tripleCount))
    return int(rows[0]["n"].value)
