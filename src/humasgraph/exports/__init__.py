"""Exports of the graph, one module per format family; ``export`` picks by format name."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..errors import HumasgraphError
from .networks import NETWORK_FORMATS
from .rdf import RDF_FORMATS, article_graph, export_rdf

if TYPE_CHECKING:
    from ..services import Services

__all__ = ["EXTENSIONS", "FORMATS", "MEDIA_TYPES", "check_format", "export"]

# format name → media type, for every format ``export`` writes
MEDIA_TYPES: dict[str, str] = {
    **{name: mime for name, (mime, _) in RDF_FORMATS.items()},
    "jsonld": "application/ld+json",
    "popolo": "application/json",
    "csv": "application/zip",
    "ftm": "application/x-ndjson",
    **NETWORK_FORMATS,
}
FORMATS: tuple[str, ...] = tuple(sorted(MEDIA_TYPES))
# Suggested file names (the HTTP export names its download with them).
EXTENSIONS: dict[str, str] = {
    "trig": "trig", "nquads": "nq", "turtle": "ttl", "ntriples": "nt", "rdfxml": "rdf", "jsonld": "jsonld",
    "popolo": "popolo.json", "graphml": "graphml", "gexf": "gexf", "csv": "csv.zip", "nodelink": "nodelink.json",
    "ftm": "ftm.jsonl",
}


def check_format(fmt: str) -> str:
    """``fmt`` if it is an export format; else an error listing the valid ones."""
    if fmt not in MEDIA_TYPES:
        raise HumasgraphError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    return fmt


def export(services: Services, fmt: str, out: IO[bytes], *, article: str | None = None) -> None:
    """Write the graph (or one article's graph) to ``out`` in ``fmt``."""
    check_format(fmt)
    if fmt in RDF_FORMATS:
        export_rdf(services, fmt, out, article=article)
        return
    if fmt in NETWORK_FORMATS and article is None:
        from .networks import write_network  # noqa: PLC0415

        write_network(services.whole_network(), fmt, out)
        return
    store = services.store
    graph = article_graph(services, article) if article is not None else None
    if fmt == "jsonld":
        from .jsonld import write_jsonld  # noqa: PLC0415 - each format loads only what it needs

        write_jsonld(store.quads(graph if graph is not None else store.all_graph), out)
        return
    from ..queries.projection import read_facts  # noqa: PLC0415

    facts = read_facts(store, graph)
    if fmt == "popolo":
        from ..queries.accounts import accounts_of  # noqa: PLC0415
        from .popolo import write_popolo  # noqa: PLC0415

        write_popolo(facts, out, accounts_of(store, graph))
        return
    if fmt == "ftm":
        from ..queries.projection import read_sources  # noqa: PLC0415
        from .ftm import write_ftm  # noqa: PLC0415

        write_ftm(facts, read_sources(store, graph), out)
        return
    from ..derived.graphs import network  # noqa: PLC0415

    if fmt == "csv":
        from .tables import write_tables  # noqa: PLC0415

        write_tables(facts, network(facts), out)
        return
    from .networks import write_network  # noqa: PLC0415

    write_network(network(facts), fmt, out)
