"""RDF exports, streamed from the store: nothing is held in memory but the serialiser's buffer.

Dataset formats (TriG, N-Quads) write every source graph (one per article) with the
provenance graph ``meta`` and the merges graph; they leave out ``all``, the union the store
derives from the source graphs, which ``restore`` rebuilds. Graph formats (Turtle, N-Triples,
RDF/XML) write ``all``, each triple once. With an article, only that article's graph is written
(and, for datasets, its description in ``meta``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain
from typing import IO, TYPE_CHECKING

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad

from ..errors import HumasgraphError, NotFound
from ..model.vocab import HG, NS
from ..store import GraphWrite, Store, render
from ..store.feed import feed_predicates

if TYPE_CHECKING:
    from ..services import Services

__all__ = ["RDF_FORMATS", "article_graph", "dataset_quads", "export_rdf", "restore"]

# format name → (media type, whether it keeps named graphs)
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    "trig": ("application/trig", True),
    "nquads": ("application/n-quads", True),
    "turtle": ("text/turtle", False),
    "ntriples": ("application/n-triples", False),
    "rdfxml": ("application/rdf+xml", False),
}

_SOURCE_GRAPHS = "SELECT ?g WHERE { GRAPH $meta { ?g a $cls } } ORDER BY ?g"
_DESCRIBED = "SELECT ?s WHERE { GRAPH $meta { VALUES ?s { $g } ?s ?p ?o } } LIMIT 1"
_ACTIVITY = "SELECT ?a WHERE { GRAPH $meta { $g prov:wasGeneratedBy ?a } }"
# Graphs restored in one transaction: big enough to amortise a commit, small enough to hold.
RESTORE_BATCH_QUADS = 50_000


def article_graph(services: Services, article: str) -> NamedNode:
    """The named graph of the article at ``article``; ``NotFound`` when the store has none."""
    graph = services.minter.graph(article)
    store = services.store
    if not store.select(render(_DESCRIBED, meta=store.meta_graph, g=graph)):
        raise NotFound(f"no article with url {article!r} in the store")
    return graph


def _meta_quads(store: Store, subjects: Iterable[NamedNode] | None) -> Iterator[Quad]:
    """The provenance graph without the store's write token and change feed (they say nothing of the data)."""
    bookkeeping = {HG.generation, *feed_predicates()}
    wanted = {str(s) for s in subjects} if subjects is not None else None
    for q in store.quads(store.meta_graph):
        if q.predicate not in bookkeeping and (wanted is None or str(q.subject) in wanted):
            yield q


def dataset_quads(store: Store, merges: NamedNode, graph: NamedNode | None = None) -> Iterator[Quad]:
    """Every source graph, then ``meta`` and the merges; or one source graph and its description."""
    if graph is not None:
        activities = [r["a"] for r in store.select(render(_ACTIVITY, meta=store.meta_graph, g=graph))]
        subjects = [graph, *(a for a in activities if isinstance(a, NamedNode))]
        return chain(store.quads(graph), _meta_quads(store, subjects))
    sources = (r["g"] for r in store.select(render(_SOURCE_GRAPHS, meta=store.meta_graph, cls=HG.SourceGraph)))
    return chain(chain.from_iterable(store.quads(g) for g in sources if isinstance(g, NamedNode)),
                 _meta_quads(store, None), store.quads(merges))


def export_rdf(services: Services, fmt: str, out: IO[bytes], *, article: str | None = None) -> None:
    """Stream the store in ``fmt``; with ``article``, only that article's graph."""
    mime, datasets = RDF_FORMATS[fmt]
    graph = article_graph(services, article) if article is not None else None
    store = services.store
    if datasets:
        quads = dataset_quads(store, services.minter.merges_graph, graph)
        ox.serialize(quads, out, ox.RdfFormat.from_media_type(mime), prefixes=NS if fmt == "trig" else None)
    else:
        store.dump(out, mime, graph if graph is not None else store.all_graph)


def restore(services: Services, source: IO[bytes], fmt: str = "trig") -> int:
    """Load a dataset export into an empty store, rebuilding ``all``; the number of quads read."""
    store = services.store
    if fmt not in RDF_FORMATS or not RDF_FORMATS[fmt][1]:
        valid = ", ".join(f for f, (_, ds) in RDF_FORMATS.items() if ds)
        raise HumasgraphError(f"cannot restore from {fmt!r}; valid: {valid}")
    if store.count():
        raise HumasgraphError(f"{store!r} is not empty: restore needs a fresh store")
    kept = {store.meta_graph.value, services.minter.merges_graph.value}
    graphs: dict[str, list[Quad]] = {}
    extra: list[Quad] = []
    pending = total = 0
    try:
        for q in ox.parse(source, ox.RdfFormat.from_media_type(RDF_FORMATS[fmt][0])):
            total += 1
            pending += 1
            if not isinstance(q.graph_name, NamedNode) or q.graph_name == store.all_graph:
                continue  # the union is rebuilt from the source graphs; nothing lives outside a graph
            if q.graph_name.value in kept:
                extra.append(q)
            else:
                graphs.setdefault(q.graph_name.value, []).append(q)
            if pending >= RESTORE_BATCH_QUADS:
                _flush(store, graphs, extra)
                pending = 0
    except SyntaxError as exc:
        raise HumasgraphError(f"cannot read the {fmt} dataset: {exc}") from None
    _flush(store, graphs, extra)
    return total


def _flush(store: Store, graphs: dict[str, list[Quad]], extra: list[Quad]) -> None:
    # A graph split across two batches is written twice as "new": the second write only adds.
    writes = [GraphWrite(NamedNode(g), quads, new=True) for g, quads in graphs.items()]
    if extra:
        writes.append(GraphWrite(store.meta_graph, None, meta=list(extra), new=True))
    store.write(writes)
    graphs.clear()
    extra.clear()
