"""JSON-LD, compacted with the committed ``schema/context.jsonld`` and streamed one node at a time.

The store hands out a graph's triples grouped by subject, so each run of one subject becomes
one node object and is written at once. A value is written under the context's short term only
where the term's coercion fits it (an IRI under an ``@id`` term, a date under an ``xsd:date``
term); anything else goes under the property's prefixed name with an explicit value object, so
that the document reads back to exactly the triples of the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import IO, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

from ..errors import ConfigError
from ..model.vocab import RDF, XSD

__all__ = ["Context", "context_path", "write_jsonld"]

_RDF_TYPE = RDF.type.value
_XSD_STRING = XSD.string.value


def context_path() -> Path:
    """Where the context lives: packaged with a wheel, or ``schema/context.jsonld`` in a checkout."""
    packaged = Path(__file__).resolve().parents[1] / "_schema" / "context.jsonld"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "schema" / "context.jsonld"


class Context:
    """The terms of a JSON-LD context: class terms, property terms with their coercions, prefixes."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        body: dict[str, Any] = document["@context"]
        self.prefixes = {k: v for k, v in body.items()
                         if isinstance(v, str) and v.endswith(("/", "#")) and not k.startswith("@")}
        self.classes: dict[str, str] = {}
        self.properties: dict[str, tuple[str, str | None]] = {}
        for term, value in body.items():
            if term.startswith("@") or term in self.prefixes or value in ("@id", "@type"):
                continue
            iri, coercion = (value, None) if isinstance(value, str) else (value["@id"], value.get("@type"))
            iri, coercion = self.expand(iri), self.expand(coercion) if coercion not in (None, "@id") else coercion
            if term[:1].isupper():
                self.classes[iri] = term
            else:
                self.properties[iri] = (term, coercion)

    def expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes and not local.startswith("//") else name

    def compact(self, iri: str) -> str:
        """``http://schema.org/name`` → ``schema:name`` (the longest matching prefix), else the IRI."""
        best = max((p for p, ns in self.prefixes.items() if iri.startswith(ns)),
                   key=lambda p: len(self.prefixes[p]), default=None)
        return f"{best}:{iri[len(self.prefixes[best]):]}" if best else iri


@lru_cache(maxsize=2)
def _load(path: Path) -> Context:
    try:
        return Context(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: cannot read the JSON-LD context: {exc}") from None


def _id(term: NamedNode | BlankNode) -> str:
    return term.value if isinstance(term, NamedNode) else f"_:{term.value}"


def _expanded(term: NamedNode | BlankNode | Literal | Triple) -> Any:
    if isinstance(term, Triple):
        raise ValueError(f"cannot write the quoted triple {term} as JSON-LD 1.1")
    if isinstance(term, (NamedNode, BlankNode)):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": term.datatype.value}


def _node(ctx: Context, subject: NamedNode | BlankNode, triples: Iterable[Triple | Quad]) -> dict[str, Any]:
    node: dict[str, Any] = {"id": _id(subject)}
    types: list[str] = []
    for t in triples:
        p, o = t.predicate.value, t.object
        if p == _RDF_TYPE and isinstance(o, NamedNode):
            types.append(ctx.classes.get(o.value) or ctx.compact(o.value))
            continue
        term, coercion = ctx.properties.get(p, (None, None))
        if term is not None and coercion == "@id" and isinstance(o, (NamedNode, BlankNode)):
            key, value = term, _id(o)
        elif term is not None and coercion is not None and isinstance(o, Literal) and not o.language \
                and o.datatype.value == coercion:
            key, value = term, o.value
        elif term is not None and coercion is None:
            key, value = term, _expanded(o)
        else:
            key, value = ctx.compact(p), _expanded(o)
        node.setdefault(key, []).append(value)
    if types:
        node["type"] = sorted(types)
    return {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()}


def write_jsonld(triples: Iterator[Triple | Quad], out: IO[bytes], context: Context | None = None) -> int:
    """Write ``triples`` as one JSON-LD document with an embedded ``@context``; the number of nodes."""
    ctx = context or _load(context_path())
    out.write(b'{"@context": ' + json.dumps(ctx.document["@context"], ensure_ascii=False).encode() +
              b',\n"@graph": [')
    count = 0
    for subject, group in groupby(triples, key=lambda t: t.subject):
        if isinstance(subject, Triple):
            continue  # no RDF-star in this graph
        out.write((",\n" if count else "\n").encode() +
                  json.dumps(_node(ctx, subject, group), ensure_ascii=False, sort_keys=True).encode())
        count += 1
    out.write(b"\n]}\n")
    return count
