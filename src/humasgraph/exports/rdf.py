"""RDF exports: datasets (TriG, N-Quads) keep every source graph and the provenance graph;
graph formats (Turtle, N-Triples) write the union graph ``all``, each triple once."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..errors import NotFound

if TYPE_CHECKING:
    from ..services import Services

__all__ = ["RDF_FORMATS", "export_rdf"]

# format name → (media type, whether it keeps named graphs)
RDF_FORMATS: dict[str, tuple[str, bool]] = {
    "trig": ("application/trig", True),
    "nquads": ("application/n-quads", True),
    "turtle": ("text/turtle", False),
    "ntriples": ("application/n-triples", False),
}


def export_rdf(services: Services, fmt: str, out: IO[bytes], *, article: str | None = None) -> None:
    """Stream the store in ``fmt``; with ``article``, only that article's graph."""
    mime, datasets = RDF_FORMATS[fmt]
    graph = None
    if article is not None:
        graph = services.minter.graph(article)
        if not services.store.ask(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            raise NotFound(f"no article with url {article!r} in the store")
    elif not datasets:
        graph = services.store.all_graph
    services.store.dump(out, mime, graph)
