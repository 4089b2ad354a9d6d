"""Merging two entities into one, and undoing it.

A merge records ``other owl:sameAs keep`` in the merges graph and rebuilds, from their stored
documents, the source graphs that mention ``other``, so every fact about it now names ``keep``
while the old IRI stays resolvable. Undoing the merge removes the record and rebuilds the
same graphs, which restores both entities exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from ..errors import HumasgraphError, NotFound
from ..model.identity import Minter
from ..model.kinds import classes
from ..model.vocab import HG, OWL, PROV, RDF, XSD
from ..queries.sources import sources_mentioning
from ..store import GraphWrite, Store, render
from .importer import Importer

__all__ = ["MergeRecord", "Merges"]

# Class IRI → kind, for the kinds that can be merged.
_KINDS = classes("person", "agency", "place", "post")

_TYPES = "SELECT ?t WHERE { GRAPH $all { $e a ?t } }"
_RECORDS = """
SELECT ?m ?keep ?other ?graph ?when WHERE { GRAPH $merges {
  ?m a hg:Merge ; hg:kept ?keep ; hg:merged ?other ; prov:generatedAtTime ?when .
  OPTIONAL { ?m hg:affectedGraph ?graph }
} }
"""


@dataclass
class MergeRecord:
    """One merge in force: ``other`` now resolves to ``keep``."""

    iri: NamedNode
    keep: NamedNode
    other: NamedNode
    graphs: list[NamedNode]
    when: str
    # What writing it changed (quads in the rebuilt graphs and the merges graph); 0 when read back.
    added: int = 0
    removed: int = 0


class Merges:
    """Merges and unmerges entities in a store."""

    def __init__(self, store: Store, minter: Minter, importer: Importer) -> None:
        self.store = store
        self.minter = minter
        self.importer = importer

    def records(self) -> dict[str, MergeRecord]:
        """The merges in force, by the merged (old) IRI."""
        out: dict[str, MergeRecord] = {}
        for row in self.store.select(render(_RECORDS, merges=self.minter.merges_graph)):
            other = row["other"].value
            rec = out.get(other)
            if rec is None:
                rec = out[other] = MergeRecord(row["m"], row["keep"], row["other"], [], row["when"].value)  # type: ignore[arg-type]
            if "graph" in row:
                rec.graphs.append(row["graph"])  # type: ignore[arg-type]
        return out

    def _kind(self, entity: NamedNode) -> str:
        rows = self.store.select(render(_TYPES, all=self.store.all_graph, e=entity))
        kinds = {_KINDS[r["t"].value] for r in rows if r["t"].value in _KINDS}
        if not kinds:
            raise NotFound(f"no person, agency, post or place {entity.value!r} in the store")
        return sorted(kinds)[0]

    def merge(self, keep: str, other: str) -> MergeRecord:
        """Merge ``other`` into ``keep``; the record written."""
        keep_iri, other_iri = NamedNode(keep), NamedNode(other)
        records = self.records()
        if other in records:
            raise HumasgraphError(f"{other!r} is already merged into {records[other].keep.value!r}")
        if keep in records:
            raise HumasgraphError(f"{keep!r} was merged into {records[keep].keep.value!r}; merge into that")
        if keep == other:
            raise HumasgraphError(f"cannot merge {keep!r} into itself")
        kind_keep, kind_other = self._kind(keep_iri), self._kind(other_iri)
        if kind_keep != kind_other:
            raise HumasgraphError(f"cannot merge a {kind_other} ({other!r}) into a {kind_keep} ({keep!r})")
        graphs = sources_mentioning(self.store, other_iri, self.minter.merges_graph)
        record = MergeRecord(self.minter.merge(keep_iri, other_iri), keep_iri, other_iri, graphs,
                             dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
        records[other] = record
        record.added, record.removed = self._write(records, graphs)
        return record

    def unmerge(self, other: str) -> MergeRecord:
        """Undo the merge of ``other``; the record removed."""
        records = self.records()
        record = records.pop(other, None)
        if record is None:
            raise NotFound(f"{other!r} is not merged into anything")
        record.added, record.removed = self._write(records, record.graphs)
        return record

    def _write(self, records: dict[str, MergeRecord], graphs: list[NamedNode]) -> tuple[int, int]:
        """Write the merges in force and rebuild ``graphs``; the quads (added, removed)."""
        same_as = {other: rec.keep for other, rec in records.items()}
        try:
            writes = [GraphWrite(self.minter.merges_graph, self._quads(records))]
            writes += self.importer.rebuild(graphs, same_as=same_as)
            added = removed = 0
            for w in writes:  # merges are rare and touch few graphs: reading them back is cheap
                before, after = set(self.store.quads(w.graph)), set(w.quads or ())
                added, removed = added + len(after - before), removed + len(before - after)
            self.store.write(writes)
        finally:
            self.importer.resolver.forget()
        return added, removed

    def _quads(self, records: dict[str, MergeRecord]) -> list[Quad]:
        g = self.minter.merges_graph
        quads = []
        for rec in records.values():
            quads += [
                Quad(rec.other, OWL.sameAs, rec.keep, g),
                Quad(rec.iri, RDF.type, HG.Merge, g),
                Quad(rec.iri, HG.kept, rec.keep, g),
                Quad(rec.iri, HG.merged, rec.other, g),
                Quad(rec.iri, PROV.generatedAtTime, Literal(rec.when, datatype=XSD.dateTime), g),
            ]
            quads += [Quad(rec.iri, HG.affectedGraph, graph, g) for graph in rec.graphs]
        return quads
