"""Exports of the graph, one module per format family; ``export`` picks by format name."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from ..errors import HumasgraphError
from .rdf import RDF_FORMATS, export_rdf

if TYPE_CHECKING:
    from ..services import Services

__all__ = ["FORMATS", "export"]

FORMATS: tuple[str, ...] = tuple(sorted(RDF_FORMATS))


def export(services: Services, fmt: str, out: IO[bytes], *, article: str | None = None) -> None:
    """Write the graph (or one article's graph) to ``out`` in ``fmt``."""
    if fmt in RDF_FORMATS:
        export_rdf(services, fmt, out, article=article)
        return
    raise HumasgraphError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
