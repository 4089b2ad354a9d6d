"""The store protocol every backend implements, and the SPARQL text they share.

The protocol is deliberately narrow — read queries, one transactional "replace these source
graphs" write, and streaming of quads — so that a remote SPARQL 1.1 endpoint can implement
it as well as the embedded store.

Besides one named graph per source, every backend keeps ``all``: the union of the source
graphs, materialised with each triple once. Queries read ``all``, so a fact repeated by a
thousand articles is matched once, not a thousand times.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Protocol, runtime_checkable

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from ..model.vocab import HG

__all__ = [
    "GraphWrite",
    "Row",
    "Rows",
    "Store",
    "Term",
    "Value",
    "generation_query",
    "generation_update",
    "render",
    "replace_update",
    "serialize_quads",
]

HG_GENERATION = HG.generation.value
Term = NamedNode | BlankNode | Literal | Triple
# What a solution binds: we use no RDF-star, so never a quoted triple.
Value = NamedNode | BlankNode | Literal
Row = dict[str, Value]


class Rows(list[Row]):
    """The rows of a SELECT, with the names of its variables in order."""

    def __init__(self, variables: Sequence[str], rows: Iterable[Row] = ()) -> None:
        super().__init__(rows)
        self.variables = list(variables)


@dataclass
class GraphWrite:
    """Replace (or, with ``quads=None``, remove) one source graph and its metadata."""

    graph: NamedNode
    quads: list[Quad] | None
    meta: list[Quad] = field(default_factory=list)
    meta_subjects: Sequence[NamedNode] = ()
    # True when the caller knows the graph is not in the store yet (a fast insert-only path).
    new: bool = False
    # The quads' (subject, predicate, object), when the caller has them already: reading them
    # back out of pyoxigraph quads builds three Python objects per quad.
    triples: Sequence[tuple[NamedNode, NamedNode, Term]] | None = None


@runtime_checkable
class Store(Protocol):
    """What humasgraph needs of an RDF store."""

    all_graph: NamedNode
    meta_graph: NamedNode

    def select(self, query: str) -> Rows:
        """Rows of a SPARQL SELECT; unbound variables are absent from a row."""
        ...

    def stream(self, query: str) -> Iterator[Row]:
        """The rows of a SPARQL SELECT one at a time, none kept: for a read as large as the store (an index
        file's build), whose rows as a list would take gigabytes."""
        ...

    def ask(self, query: str) -> bool:
        """The answer of a SPARQL ASK."""
        ...

    def construct(self, query: str) -> list[Triple]:
        """Triples of a SPARQL CONSTRUCT or DESCRIBE."""
        ...

    def write(self, writes: Sequence[GraphWrite]) -> None:
        """Apply every write in one transaction, keeping ``all`` the union of the source graphs."""
        ...

    def generation(self) -> str:
        """A token that changes whenever a write changes the store (for caches kept beside it)."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update in one transaction (maintenance; not for user text)."""
        ...

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        """Stream the quads of one graph, or of every graph."""
        ...

    def dump(self, out: IO[bytes], mime: str, graph: NamedNode | None = None) -> None:
        """Serialise one graph (or the whole dataset) to ``out`` in the RDF format ``mime``."""
        ...

    def count(self) -> int:
        """Number of quads stored."""
        ...

    def close(self) -> None:
        ...


def render(template: str, **terms: Term | Iterable[Term]) -> str:
    """Fill ``$name`` placeholders of a SPARQL template with terms in N-Triples syntax.

    A term serialises with its own escaping, so text that came from a user can never change the
    shape of the query. An iterable fills a ``VALUES`` body: ``VALUES ?x { $xs }``.
    """
    texts: dict[str, str] = {}
    for name, value in terms.items():
        if isinstance(value, (NamedNode, BlankNode, Literal, Triple)):
            texts[name] = str(value)
        else:
            texts[name] = " ".join(str(v) for v in value) or "UNDEF"
    if not texts:
        return template
    # One pass over the template: a term's text is never scanned again, so a literal holding
    # "$other" cannot pull a second term inside its quotes. Longest names first: $graph, not $g.
    names = "|".join(re.escape(n) for n in sorted(texts, key=len, reverse=True))
    return re.sub(r"\$(" + names + ")", lambda m: texts[m.group(1)], template)


def serialize_quads(quads: Iterable[Quad]) -> str:
    """Quads in the body syntax of ``INSERT DATA``, grouped by graph."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    return "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())


_GENERATION = "SELECT ?g WHERE { GRAPH $meta { $meta hg:generation ?g } }"


def generation_query(meta_graph: NamedNode) -> str:
    """The query reading the store's write generation."""
    return render(_GENERATION, meta=meta_graph)


def generation_update(meta_graph: NamedNode) -> str:
    """An update that sets a new write generation."""
    token = Literal(uuid.uuid4().hex)
    return render("DELETE WHERE { GRAPH $meta { $meta $p ?g } } ;\n"
                  "INSERT DATA { GRAPH $meta { $meta $p $token } }",
                  meta=meta_graph, p=NamedNode(HG_GENERATION), token=token)


def replace_update(writes: Sequence[GraphWrite], all_graph: NamedNode, meta_graph: NamedNode,
                   *, insert_chunk: int | None = None) -> str:
    """One SPARQL Update that replaces every write's graph and keeps ``all`` the union.

    A triple leaves ``all`` only when no other source graph still states it. With
    ``insert_chunk``, the inserted quads are split over several ``INSERT DATA`` operations of at
    most that many quads each (for servers that refuse one large operation).
    """
    ops: list[str] = []
    for w in writes:
        if not w.new:
            ops.append(render(
                "DELETE { GRAPH $all { ?s ?p ?o } } WHERE { GRAPH $g { ?s ?p ?o } "
                "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } FILTER(?h != $g && ?h != $all) } }",
                all=all_graph, g=w.graph))
            ops.append(render("DROP SILENT GRAPH $g", g=w.graph))
            for subject in w.meta_subjects:
                ops.append(render("DELETE WHERE { GRAPH $meta { $s ?p ?o } }", meta=meta_graph, s=subject))
    inserts: list[Quad] = []
    for w in writes:
        if w.quads:
            inserts.extend(w.quads)
            inserts.extend(Quad(q.subject, q.predicate, q.object, all_graph) for q in w.quads)
        inserts.extend(w.meta)
    step = insert_chunk or len(inserts) or 1
    for start in range(0, len(inserts), step):
        ops.append("INSERT DATA {\n" + serialize_quads(inserts[start:start + step]) + "\n}")
    ops.append(generation_update(meta_graph))
    return " ;\n".join(ops)
