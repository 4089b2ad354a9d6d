"""What the graph says about one IRI, for its Linked Data page: its triples both ways, and labels."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode, Triple

from ..store import Store, render

__all__ = ["INCOMING_LIMIT", "OUTGOING_LIMIT", "Description", "describe", "kept_as"]

OUTGOING_LIMIT = 5000
INCOMING_LIMIT = 500

_OUT = "SELECT ?p ?o WHERE { VALUES ?g { $all $meta } GRAPH ?g { $s ?p ?o } } LIMIT $n"
_IN = "SELECT ?s ?p WHERE { GRAPH $all { ?s ?p $o } FILTER(?p != rdf:type) } LIMIT $n"
_SAME = "SELECT ?keep WHERE { GRAPH $merges { $s owl:sameAs ?keep } }"
_LABELS = """SELECT ?x ?label WHERE { GRAPH $all { VALUES ?x { $xs }
  { ?x schema:name ?label } UNION { ?x skos:prefLabel ?label } UNION { ?x schema:headline ?label } } }"""


@dataclass
class Description:
    """What the graph says about one IRI, and the labels of the IRIs it mentions."""

    iri: NamedNode
    triples: list[Triple]
    labels: dict[str, str]

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri)


def describe(store: Store, iri: NamedNode, meta: NamedNode) -> Description:
    """The outgoing and incoming triples of ``iri`` (bounded) with the labels of their other ends."""
    out = store.select(render(_OUT, all=store.all_graph, meta=meta, s=iri).replace("$n", str(OUTGOING_LIMIT)))
    inc = store.select(render(_IN, all=store.all_graph, o=iri).replace("$n", str(INCOMING_LIMIT)))
    triples = [Triple(iri, r["p"], r["o"]) for r in out] + [Triple(r["s"], r["p"], iri) for r in inc]  # type: ignore[arg-type]
    triples = list(dict.fromkeys(triples))
    ends = {t.object for t in triples if isinstance(t.object, NamedNode)} | {
        t.subject for t in triples if isinstance(t.subject, NamedNode)}
    labels: dict[str, str] = {}
    if ends:
        for r in store.select(render(_LABELS, all=store.all_graph, xs=sorted(ends, key=str))):
            labels.setdefault(r["x"].value, r["label"].value)
    return Description(iri, triples, labels)


def kept_as(store: Store, iri: NamedNode, merges: NamedNode) -> str | None:
    """The IRI a merged entity is known by now (``owl:sameAs``), or None when it was not merged away."""
    same = store.select(render(_SAME, merges=merges, s=iri))
    return same[0]["keep"].value if same else None
