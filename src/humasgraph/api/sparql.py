"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint over the store, with a time and a row limit.

A query is parsed before it runs (rdflib's SPARQL grammar), so that updates, ``SERVICE`` and a
``FROM`` naming anything but one of this store's graphs are refused with a 400 and a reason,
whatever their spelling. Patterns outside ``GRAPH`` match the union graph ``all``; every source
graph can be named with ``GRAPH``. Results come as SPARQL JSON, XML, CSV or TSV (``SELECT``,
``ASK``) or Turtle, N-Triples, RDF/XML or JSON-LD (``CONSTRUCT``, ``DESCRIBE``), chosen by
``Accept``. Past ``sparql_row_limit`` rows the answer is cut, and says so with ``X-Truncated: true``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

import anyio
import pyoxigraph as ox
from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..errors import QueryRejected, StoreError
from ..results import render_results
from ..services import Services
from ..settings import Settings
from ..store import OxigraphStore, Row, Store
from .negotiation import negotiate

__all__ = ["SparqlEndpoint", "routes"]

SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks: its form and the graphs its dataset clauses name."""

    text: str
    form: str
    from_graphs: tuple[str, ...]


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def check_query(text: str, graph_base: str) -> Checked:
    """Parse ``text`` and refuse what a read-only public endpoint must not run."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryRejected(f"invalid SPARQL query: {exc}") from None
        raise QueryRejected("SPARQL updates are not accepted here: this endpoint is read-only") from None
    form = _FORMS.get(getattr(parsed[1], "name", ""), "")
    if not form:
        raise QueryRejected("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    graphs: list[str] = []
    for node in _walk(parsed[1]):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRejected(f"SERVICE {node.get('term')} is not allowed: this endpoint queries no other endpoint")
        if name == "DatasetClause":
            clause = "FROM" if "default" in node else "FROM NAMED"
            iri = str(node["default"] if "default" in node else node["named"])
            if not iri.startswith(graph_base):
                raise QueryRejected(f"{clause} <{iri}> is not allowed: only this store's graphs "
                                    f"(IRIs starting with {graph_base}) can be named")
            graphs.append(iri)
    return Checked(text, form, tuple(graphs))


def _row(solution: ox.QuerySolution, names: list[str]) -> Row:
    row: Row = {}
    for i, name in enumerate(names):
        term = solution[i]
        if term is not None and not isinstance(term, ox.Triple):
            row[name] = term
    return row


class SparqlEndpoint:
    """The ``/sparql`` handler, with one set of limits, over the store of each request's services."""

    def __init__(self, settings: Settings, services_of: Callable[[Request], Services]) -> None:
        self.services_of = services_of
        self.timeout = settings.query_timeout
        self.row_limit = settings.sparql_row_limit
        self.graph_base = settings.base_iri + "graph/"

    async def handle(self, request: Request) -> Response:
        """Answer one SPARQL Protocol request."""
        try:
            text, defaults, named = await self._read(request)
            checked = check_query(text, self.graph_base)
            for iri in (*defaults, *named):
                if not iri.startswith(self.graph_base):
                    raise QueryRejected(f"graph <{iri}> is not allowed: only this store's graphs "
                                        f"(IRIs starting with {self.graph_base}) can be named")
            offers = SELECT_TYPES if checked.form in ("SELECT", "ASK") else GRAPH_TYPES
            media = negotiate(request.headers.get("accept"), offers)
            if media is None:
                return PlainTextResponse(f"cannot answer in any of {request.headers.get('accept')}; "
                                         f"available: {', '.join(offers)}", status_code=406)
            with anyio.fail_after(self.timeout):
                body, truncated = await anyio.to_thread.run_sync(
                    self._answer, self.services_of(request).store, checked, media, defaults, named,
                    abandon_on_cancel=True)
        except QueryRejected as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except TimeoutError:
            return PlainTextResponse(f"the query took longer than the limit of {self.timeout:g} s", status_code=503)
        except StoreError as exc:
            return PlainTextResponse(str(exc), status_code=500)
        headers = {"X-Row-Limit": str(self.row_limit)}
        if truncated:
            headers["X-Truncated"] = "true"
        media_type = {"application/json": "application/sparql-results+json",
                      "application/xml": "application/sparql-results+xml"}.get(media, media)
        return Response(body, media_type=media_type, headers=headers)

    async def _read(self, request: Request) -> tuple[str, list[str], list[str]]:
        params = parse_qs(request.url.query)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await request.body()).decode("utf-8", errors="replace")
            if ctype == "application/sparql-query":
                params.setdefault("query", []).append(body)
            elif ctype == "application/x-www-form-urlencoded":
                for key, values in parse_qs(body).items():
                    params.setdefault(key, []).extend(values)
            elif ctype == "application/sparql-update":
                raise QueryRejected("SPARQL updates are not accepted here: this endpoint is read-only")
            else:
                raise QueryRejected(f"Content-Type {ctype or '(none)'!r}: expected application/sparql-query "
                                    "or application/x-www-form-urlencoded")
        if "update" in params:
            raise QueryRejected("SPARQL updates are not accepted here: this endpoint is read-only")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise QueryRejected(f"expected exactly one 'query' parameter, got {len(queries)}")
        return queries[0], params.get("default-graph-uri", []), params.get("named-graph-uri", [])

    def _answer(self, store: Store, q: Checked, media: str, defaults: list[str],
                named: list[str]) -> tuple[bytes, bool]:
        deadline = time.monotonic() + self.timeout
        if not isinstance(store, OxigraphStore):
            raise QueryRejected("/sparql needs the embedded store; query the remote endpoint directly")
        options: dict[str, Any] = {}
        if not q.from_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in defaults] or store.all_graph
            if named:
                options["named_graphs"] = [ox.NamedNode(g) for g in named]
        # This runs on a worker thread, and pyoxigraph's results must be dropped on the thread
        # that made them: the failure is raised only after the except clause has released the
        # original exception (and the frames holding results), so nothing carries them away.
        failure: Exception
        try:
            return self._serialize(store, q, media, options, deadline)
        except TimeoutError:
            failure = TimeoutError("the query took too long")  # an OSError subclass, but ours
        except OSError as exc:
            failure = StoreError(f"query failed: {exc}")
        raise failure

    def _serialize(self, store: OxigraphStore, q: Checked, media: str, options: dict[str, Any],
                   deadline: float) -> tuple[bytes, bool]:
        result = store.raw_query(q.text, **options)
        if isinstance(result, ox.QueryBoolean):
            return _boolean(bool(result), media), False
        rows: list[Any] = []
        truncated = False
        for item in result:  # type: ignore[attr-defined]
            if len(rows) >= self.row_limit:
                truncated = True
                break
            if time.monotonic() > deadline:
                raise TimeoutError
            rows.append(item)
        if isinstance(result, ox.QueryTriples):
            return ox.serialize(rows, None, ox.RdfFormat.from_media_type(media)) or b"", truncated
        names = [v.value for v in result.variables]  # type: ignore[attr-defined]
        solutions = [_row(s, names) for s in rows]
        name = {"text/csv": "csv", "text/tab-separated-values": "tsv"}.get(media, "xml" if "xml" in media else "json")
        return render_results(names, solutions, name).encode("utf-8"), truncated


def _boolean(answer: bool, media: str) -> bytes:
    if "xml" in media:
        return (b'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                b"<boolean>" + (b"true" if answer else b"false") + b"</boolean></sparql>\n")
    if media in ("text/csv", "text/tab-separated-values"):
        return b"_askResult\n" + (b"true\n" if answer else b"false\n")
    return b'{"head": {}, "boolean": ' + (b"true" if answer else b"false") + b"}\n"


def routes(settings: Settings, services_of: Callable[[Request], Services]) -> list[Route]:
    """The ``/sparql`` route (GET and POST); ``services_of`` gives the services a request runs over."""
    return [Route("/sparql", SparqlEndpoint(settings, services_of).handle, methods=["GET", "POST"], name="sparql")]
