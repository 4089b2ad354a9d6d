"""What the store holds about source graphs: their content hash, size, kind and document."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..store import Store, render

__all__ = ["SourceState", "source_states", "sources_mentioning"]

_STATES = """
SELECT ?g ?hash ?n ?kind ?extractor ?generated ?resolution ?document WHERE {
  GRAPH $meta {
    VALUES ?g { $graphs }
    ?g hg:documentHash ?hash ; hg:tripleCount ?n ; hg:sourceKind ?kind ;
       prov:generatedAtTime ?generated ; prov:wasGeneratedBy ?activity .
    OPTIONAL { ?activity hg:extractorVersion ?extractor }
    $extra
  }
}
"""

_DOCUMENT = "?g hg:resolution ?resolution ; hg:sourceDocument ?document ."

_MENTIONING = """
SELECT DISTINCT ?g WHERE {
  { GRAPH ?g { $e ?p ?o } } UNION { GRAPH ?g { ?s ?p $e } }
  FILTER(?g != $all && ?g != $merges)
}
"""


@dataclass(frozen=True)
class SourceState:
    """How one source graph was last written."""

    hash: str
    triples: int
    kind: str
    extractor: str | None
    generated: dt.datetime
    resolution: dict[str, str] | None = None
    document: str | None = None


def source_states(store: Store, meta: NamedNode, graphs: Sequence[NamedNode],
                  *, with_document: bool = False) -> dict[str, SourceState]:
    """graph IRI → its state, for those of ``graphs`` that are in the store."""
    out: dict[str, SourceState] = {}
    for start in range(0, len(graphs), 500):
        chunk = graphs[start:start + 500]
        query = _STATES.replace("$extra", _DOCUMENT if with_document else "")
        for row in store.select(render(query, meta=meta, graphs=chunk)):
            out[row["g"].value] = SourceState(
                hash=row["hash"].value,
                triples=int(row["n"].value),
                kind=row["kind"].value,
                extractor=row["extractor"].value if "extractor" in row else None,
                generated=dt.datetime.fromisoformat(row["generated"].value),
                resolution=json.loads(row["resolution"].value) if "resolution" in row else None,
                document=row["document"].value if "document" in row else None,
            )
    return out


def sources_mentioning(store: Store, entity: NamedNode, merges: NamedNode) -> list[NamedNode]:
    """The source graphs in which ``entity`` appears as subject or object."""
    rows = store.select(render(_MENTIONING, e=entity, all=store.all_graph, merges=merges))
    return sorted((r["g"] for r in rows if isinstance(r["g"], NamedNode)), key=lambda g: g.value)
