"""A user's read-only query answered over an Oxigraph store, within row and byte limits, serialised.

The one code path of ``/sparql`` (in a reader process) and of ``humasgraph sparql`` (in the CLI's
own process): both check the query with ``guard``, read the union graph ``all`` unless the query
or the request names graphs, and cut or refuse the answer at the same limits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from ..errors import QueryRejected, StoreError
from ..store import Row
from .guard import Checked, check_graph, check_query
from .results import render_results

__all__ = ["Answer", "Limits", "Wanted", "answer"]

RESULT_TYPES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "table": "text/plain"}


class TooLarge(QueryRejected):
    """The answer would pass ``sparql_max_bytes``."""


class NotAcceptable(QueryRejected):
    """No format the client accepts fits the query's form."""


@dataclass(frozen=True)
class Limits:
    """How much one answer may hold and how long it may take to build."""

    rows: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class Wanted:
    """The formats the client accepts: a results format (``results.FORMATS``) and an RDF media type."""

    results: str | None
    graph: str | None


@dataclass(frozen=True)
class Answer:
    """A serialised answer."""

    body: bytes
    media_type: str
    truncated: bool
    form: str


def _size(term: Any) -> int:
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(getattr(term, "value", "")) + 8


def answer(run: Callable[..., Any], text: str, wanted: Wanted, limits: Limits, *, graph_base: str,
           all_graph: ox.NamedNode, defaults: list[str] | None = None,
           named: list[str] | None = None) -> Answer:
    """Check ``text`` and answer it with ``run`` (a store's query method); past ``limits.rows`` it is cut.

    ``run(text, **options)`` is pyoxigraph's ``Store.query`` with the project's prefixes, or the
    embedded store's ``raw_query``.
    """
    checked = check_query(text, graph_base)
    default_graphs = [_graph(g, graph_base, "default-graph-uri") for g in defaults or []]
    named_graphs = [_graph(g, graph_base, "named-graph-uri") for g in named or []]
    if checked.form in ("SELECT", "ASK") and wanted.results is None:
        raise NotAcceptable(checked.form)
    if checked.form in ("CONSTRUCT", "DESCRIBE") and wanted.graph is None:
        raise NotAcceptable(checked.form)
    options: dict[str, Any] = {}
    if not checked.from_graphs:
        options["default_graph"] = default_graphs or all_graph
        if named_graphs:
            options["named_graphs"] = named_graphs
    deadline = time.monotonic() + limits.seconds
    try:
        result = run(checked.text, **options)
    except SyntaxError as exc:
        raise QueryRejected(f"invalid SPARQL query: {exc}") from None
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from None
    try:
        return _serialise(result, checked, wanted, limits, deadline)
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from None


def _graph(iri: str, graph_base: str, where: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(check_graph(iri, graph_base, where))
    except ValueError as exc:
        raise QueryRejected(f"{where} <{iri}> is not an IRI: {exc}") from None


def _serialise(result: Any, checked: Checked, wanted: Wanted, limits: Limits, deadline: float) -> Answer:
    if isinstance(result, ox.QueryBoolean):
        fmt = wanted.results or "json"
        return Answer(_boolean(bool(result), fmt), RESULT_TYPES[fmt], False, checked.form)
    rows: list[Any] = []
    truncated = False
    size = 0
    for item in result:
        if len(rows) >= limits.rows:
            truncated = True
            break
        if time.monotonic() > deadline:
            raise TimeoutError
        size += _size(item) if isinstance(item, ox.Triple) else sum(_size(t) for t in item)
        if size > limits.bytes:
            raise TooLarge(_too_large(limits))
        rows.append(item)
    if isinstance(result, ox.QueryTriples):
        media = wanted.graph or "application/n-triples"
        rdf = ox.RdfFormat.from_media_type(media)
        if rdf is None:
            raise QueryRejected(f"unknown RDF media type {media!r}")
        body = ox.serialize(rows, None, rdf) or b""
        return Answer(_checked_size(body, limits), media, truncated, checked.form)
    names = [v.value for v in result.variables]
    solutions = [_row(s, names) for s in rows]
    fmt = wanted.results or "json"
    body = render_results(names, solutions, fmt).encode("utf-8")
    return Answer(_checked_size(body, limits), RESULT_TYPES[fmt], truncated, checked.form)


def _too_large(limits: Limits) -> str:
    return (f"the answer is larger than the limit of {limits.bytes} bytes (sparql_max_bytes): "
            "ask for fewer rows (LIMIT) or shorter values")


def _checked_size(body: bytes, limits: Limits) -> bytes:
    if len(body) > limits.bytes:
        raise TooLarge(_too_large(limits))
    return body


def _row(solution: ox.QuerySolution, names: list[str]) -> Row:
    row: Row = {}
    for i, name in enumerate(names):
        term = solution[i]
        if term is not None and not isinstance(term, ox.Triple):
            row[name] = term
    return row


def _boolean(value: bool, fmt: str) -> bytes:
    word = b"true" if value else b"false"
    if fmt == "xml":
        return (b'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                b"<boolean>" + word + b"</boolean></sparql>\n")
    if fmt in ("csv", "tsv"):
        return b"_askResult\n" + word + b"\n"
    if fmt == "table":
        return word + b"\n"
    return b'{"head": {}, "boolean": ' + word + b"}\n"
