"""SPARQL SELECT results written as a text table, SPARQL 1.1 JSON, XML, CSV or TSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode

from ..store import Row, Term

__all__ = ["FORMATS", "render_results"]

FORMATS = ("table", "json", "xml", "csv", "tsv")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _json_term(term: Term) -> dict[str, str]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """The SPARQL Query Results XML Format."""
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out += ["</head>", "<results>"]
    for r in rows:
        cells = "".join(f"<binding name={quoteattr(v)}>{_xml_term(r[v])}</binding>" for v in variables if v in r)
        out.append(f"<result>{cells}</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out) + "\n"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, (NamedNode, Literal)) else str(term)


def render_results(variables: Sequence[str], rows: Sequence[Row], fmt: str) -> str:
    """``rows`` in ``fmt``, one of ``FORMATS``."""
    if fmt == "json":
        body = {"head": {"vars": list(variables)},
                "results": {"bindings": [{v: _json_term(r[v]) for v in variables if v in r} for r in rows]}}
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    if fmt == "xml":
        return _xml(variables, rows)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        if fmt == "csv":
            writer = csv.writer(buf, lineterminator="\r\n")
            writer.writerow(variables)
            for r in rows:
                writer.writerow([_plain(r.get(v)) for v in variables])
        else:
            buf.write("\t".join(f"?{v}" for v in variables) + "\n")
            for r in rows:
                buf.write("\t".join(str(r[v]) if v in r else "" for v in variables) + "\n")
        return buf.getvalue()
    if fmt == "table":
        cells = [[_plain(r.get(v)) for v in variables] for r in rows]
        widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(variables)]

        def line(values: Sequence[str]) -> str:
            return " | ".join(v[:60].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        out = [line(variables), "-+-".join("-" * w for w in widths)]
        out += [line(c) for c in cells]
        return "\n".join(out) + "\n"
    raise ValueError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
