"""The PROV description of an article graph: its source, when and by what it was made, its hash.

Kept in the metadata graph, one set per article graph (not per triple): what re-import compares
(``documentHash``), what a rebuild after a merge replays (``resolution``) and what an analyst
asks of a fact's source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from pyoxigraph import Literal, NamedNode, Quad

from .. import __version__
from ..model.document import Document
from ..model.vocab import HG, PROV, RDF, XSD
from .naming import Naming

__all__ = ["SOFTWARE", "document_hash", "source_graph_quads"]

SOFTWARE = NamedNode("https://w3id.org/humasgraph/software/humasgraph")


def document_hash(doc: Document) -> str:
    """A hash of the document's content, to tell a changed re-import from an unchanged one."""
    canonical = json.dumps(doc.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def source_graph_quads(build: Naming, source_kind: str, extractor: str | None, generated: dt.datetime,
                       content_hash: str) -> list[Quad]:
    """The PROV description of ``build``'s graph, in the metadata graph: where it came from, when, how."""
    g, meta_graph = build.graph, build.m.meta_graph
    activity = build.m.activity(g)
    when = Literal(generated.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    document = json.dumps(build.doc.model_dump(mode="json", exclude_defaults=True),
                          ensure_ascii=False, sort_keys=True)
    triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = [
        (g, RDF.type, HG.SourceGraph),
        (g, RDF.type, PROV.Entity),
        (g, PROV.wasDerivedFrom, build.article),
        (g, PROV.generatedAtTime, when),
        (g, PROV.wasGeneratedBy, activity),
        (g, HG.sourceKind, Literal(source_kind)),
        (g, HG.sourceDocument, Literal(document)),
        (g, HG.documentHash, Literal(content_hash)),
        (g, HG.resolution, Literal(json.dumps(build.resolution, sort_keys=True))),
        (g, HG.tripleCount, Literal(len(build.triples))),
        (activity, RDF.type, PROV.Activity),
        (activity, PROV.endedAtTime, when),
        (activity, PROV.wasAssociatedWith, SOFTWARE),
        (activity, HG.softwareVersion, Literal(__version__)),
    ]
    if extractor:
        triples.append((activity, HG.extractorVersion, Literal(extractor)))
    return [Quad(s, p, o, meta_graph) for s, p, o in triples]
