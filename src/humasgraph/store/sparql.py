"""The remote store: any SPARQL 1.1 endpoint, over the Query, Update and Graph Store HTTP protocols.

Every request is retried on transient failures (connection refused or reset, timeouts, 502/503/504)
with bounded exponential backoff; a server that stays down raises ``StoreUnavailable`` naming the
URL, never the credentials. Writes are idempotent (drop, delete, insert data), so a retried write
that the server had already applied leaves the same store.

Servers differ; each difference is handled here, not in the queries (see ``docs/deploy.md``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Sequence
from typing import IO, Any

import httpx
import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad, Triple

from ..errors import ConfigError, QueryRejected, StoreError
from ..model.vocab import NS, XSD
from ..settings import Settings
from ._http import Endpoint, Retry
from .base import GraphWrite, Row, Rows, generation_query, generation_update, render, replace_update
from .feed import feed_update

__all__ = ["SparqlStore"]

_RESULTS = "application/sparql-results+json"
_TRIPLES = "application/n-triples, text/turtle;q=0.9"
_PREFIX_USE = re.compile(r"(?<![\w<#/.:-])(" + "|".join(NS) + r"):")
_BOOLEANS = {"1": "true", "0": "false"}
# Virtuoso refuses one INSERT DATA of more than about 5,000 lines ("SP030 … memory exhausted").
_VIRTUOSO_INSERT_CHUNK = 2000
# Virtuoso refuses a request whose text passes 10 MB ("string session is longer than 10Mb").
_VIRTUOSO_REQUEST_BYTES = 4_000_000
# Virtuoso truncates every result at ResultSetMaxRows (10,000 by default) without saying so.
_VIRTUOSO_PAGE = 10000


def _with_prefixes(sparql: str) -> str:
    """The query with a PREFIX declaration for each of our prefixes it uses and does not declare."""
    used = set(_PREFIX_USE.findall(sparql))
    declared = {m.lower() for m in re.findall(r"(?i)\bprefix\s+([\w-]*):", sparql)}
    head = "".join(f"PREFIX {p}: <{NS[p]}>\n" for p in sorted(used - declared))
    return head + sparql


def _term(term: Any) -> Any:
    """A result term as pyoxigraph would give it from the embedded store (Virtuoso writes booleans as 1/0)."""
    if isinstance(term, ox.Literal) and term.datatype == XSD.boolean and term.value in _BOOLEANS:
        return ox.Literal(_BOOLEANS[term.value], datatype=XSD.boolean)
    return term


def _groups(writes: Sequence[GraphWrite], budget: int) -> list[list[GraphWrite]]:
    """Consecutive writes grouped so that each group's update stays near ``budget`` bytes."""
    groups: list[list[GraphWrite]] = [[]]
    size = 0
    for w in writes:
        # Each quad is written twice (its graph and ``all``): about two N-Triples lines.
        cost = sum(2 * (len(str(q.object)) + 120) for q in w.quads or ())
        cost += sum(len(str(q.object)) + 120 for q in w.meta)
        if groups[-1] and size + cost > budget:
            groups.append([])
            size = 0
        groups[-1].append(w)
        size += cost
    return groups


class _Body(io.RawIOBase):
    """A streamed HTTP response body as a binary file, for pyoxigraph's streaming parsers."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._rest = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._rest:
            try:
                self._rest = memoryview(next(self._chunks))
            except StopIteration:
                return 0
            except httpx.HTTPError as exc:
                raise OSError(f"the store broke off the response: {exc}") from None
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


class SparqlStore:
    """A store behind SPARQL 1.1 endpoints: query URL, update URL and optional Graph Store URL."""

    def __init__(self, query: Endpoint, update: Endpoint, all_graph: NamedNode, meta_graph: NamedNode,
                 *, graph_store: Endpoint | None = None, graph_namespace: str | None = None) -> None:
        self.query_endpoint = query
        self.update_endpoint = update
        self.graph_store = graph_store
        self.all_graph = all_graph
        self.meta_graph = meta_graph
        # The graphs this store owns: the dataset may hold others (Virtuoso's system graphs).
        self.graph_namespace = graph_namespace or all_graph.value.rsplit("/", 1)[0] + "/"
        # How many queries this store answered: the API's query-count tests read it.
        self.queries = 0

    @classmethod
    def from_settings(cls, settings: Settings, all_graph: NamedNode, meta_graph: NamedNode) -> SparqlStore:
        """The store at ``settings.store`` (query), ``update_url`` and ``graph_store_url``."""
        retry = Retry(attempts=settings.store_retries)
        auth = (settings.store_user, settings.store_password)
        timeout = settings.store_timeout

        def endpoint(url: str, key: str) -> Endpoint:
            if not url.startswith(("http://", "https://")):
                raise ConfigError(f"{key}={url!r}: expected an http(s) URL")
            return Endpoint(url, auth=auth, retry=retry, timeout=timeout)

        query = endpoint(settings.store, "store")
        update = endpoint(settings.update_url, "update_url") if settings.update_url else query
        gsp = endpoint(settings.graph_store_url, "graph_store_url") if settings.graph_store_url else None
        return cls(query, update, all_graph, meta_graph, graph_store=gsp)

    def __repr__(self) -> str:
        return f"SparqlStore({self.query_endpoint.url})"

    @property
    def virtuoso(self) -> bool:
        """Whether the server says it is Virtuoso (known once it has answered a request)."""
        return any(e.server.startswith("Virtuoso") for e in (self.query_endpoint, self.update_endpoint))

    # --- reading ---------------------------------------------------------------------------------

    def _results(self, sparql: str, *, counted: bool = True) -> Any:
        self.queries += counted
        response = self.query_endpoint.post({"query": _with_prefixes(sparql)}, accept=_RESULTS)
        if response.headers.get("x-sql-state"):
            # Virtuoso's "anytime" answer: a partial result cut off by a time or row limit.
            raise StoreError(f"{self.query_endpoint.url}: the store returned a partial result "
                             f"({response.headers.get('x-sql-message', 'a limit was hit')})")
        try:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_endpoint.url}: unreadable query results: {exc}") from None

    def select(self, query: str) -> Rows:
        return self._select(self._results(query))

    def _select(self, result: Any) -> Rows:
        return Rows(self._names(result), self._solutions(result))

    def stream(self, query: str) -> Iterator[Row]:
        """The response is read whole (the endpoint sends it at once); its rows are made one at a time."""
        result = self._results(query)
        self._names(result)
        return self._solutions(result)

    @staticmethod
    def _names(result: Any) -> list[str]:
        if not isinstance(result, ox.QuerySolutions):
            raise QueryRejected("expected a SELECT query")
        return [v.value for v in result.variables]

    def _solutions(self, result: ox.QuerySolutions) -> Iterator[Row]:
        names = self._names(result)
        for solution in result:
            row: Row = {}
            for i, name in enumerate(names):
                term = solution[i]
                if term is not None:
                    row[name] = _term(term)
            yield row

    def ask(self, query: str) -> bool:
        result = self._results(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryRejected("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> list[Triple]:
        self.queries += 1
        return list(self._triples({"query": _with_prefixes(query)}))

    def _triples(self, form: dict[str, str]) -> Iterator[Triple]:
        """Stream the triples a CONSTRUCT returns, parsed as they arrive."""
        with self.query_endpoint.stream("POST", accept=_TRIPLES, data=form) as response:
            yield from self._parse(response)

    def _parse(self, response: httpx.Response) -> Iterator[Triple]:
        mime = response.headers.get("content-type", "application/n-triples").split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(mime)
        if fmt is None:
            raise StoreError(f"{self.query_endpoint.url}: answered triples as {mime!r}, not an RDF format")
        try:
            for item in ox.parse(io.BufferedReader(_Body(response.iter_bytes())), fmt):
                if isinstance(item, Quad):
                    yield Triple(item.subject, item.predicate, _term(item.object))
                else:
                    yield item
        except (SyntaxError, OSError) as exc:
            raise StoreError(f"{self.query_endpoint.url}: unreadable RDF in the response: {exc}") from None

    def generation(self) -> str:
        rows = self.select(generation_query(self.meta_graph))
        return rows[0]["g"].value if rows else ""

    # --- writing ---------------------------------------------------------------------------------

    def write(self, writes: Sequence[GraphWrite]) -> None:
        if not writes:
            return
        virtuoso = self._is_virtuoso()
        # One request for the whole batch where the server takes it; Virtuoso gets several, each
        # holding whole articles, since it refuses a request past 10 MB.
        groups = _groups(writes, _VIRTUOSO_REQUEST_BYTES) if virtuoso else [list(writes)]
        for group in groups:
            update = replace_update(group, self.all_graph, self.meta_graph,
                                    insert_chunk=_VIRTUOSO_INSERT_CHUNK if virtuoso else None)
            update += " ;\n" + feed_update(self.meta_graph, [w.graph for w in group])
            try:
                self._update(update)
            except QueryRejected as exc:
                raise StoreError(f"write failed, nothing was written: {exc}") from None

    def update(self, sparql: str) -> None:
        # Which graphs an arbitrary update touched is unknown: the feed names ``all`` (start over).
        self._update(_with_prefixes(sparql) + " ;\n" + generation_update(self.meta_graph) + " ;\n"
                     + feed_update(self.meta_graph, [self.all_graph]))

    def _update(self, sparql: str) -> None:
        """Send one update request: it is the unit that succeeds or fails as a whole."""
        self.update_endpoint.post({"update": sparql}, accept="*/*", writing=True)

    def _is_virtuoso(self) -> bool:
        if not (self.update_endpoint.server or self.query_endpoint.server):
            self.update_endpoint.probe()
        return self.virtuoso

    # --- streaming -------------------------------------------------------------------------------

    def graphs(self) -> list[NamedNode]:
        """The named graphs this store owns, in IRI order."""
        ns = ox.Literal(self.graph_namespace)
        # Maintenance, not a query a client asked for: not counted in ``queries``.
        rows = self._select(self._results(render("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                                               "FILTER(STRSTARTS(STR(?g), $ns)) }", ns=ns), counted=False))
        return sorted((r["g"] for r in rows if isinstance(r["g"], NamedNode)), key=lambda g: g.value)

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        for g in [graph] if graph is not None else self.graphs():
            for t in self._graph_triples(g):
                yield Quad(t.subject, t.predicate, t.object, g)

    def _graph_triples(self, graph: NamedNode) -> Iterator[Triple]:
        if self.graph_store is not None:
            with self.graph_store.stream("GET", accept=_TRIPLES, params={"graph": graph.value},
                                         check=False) as response:
                if response.status_code == 404:  # the protocol's answer for a graph with no triples
                    return
                if response.status_code >= 400:
                    response.read()
                    raise self.graph_store.error(response)
                yield from self._parse(response)
            return
        if not self._is_virtuoso():
            yield from self._triples({"query": render("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }",
                                                      g=graph)})
            return
        offset = 0
        while True:
            page = render("CONSTRUCT { ?s ?p ?o } WHERE { { SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o } } "
                          "ORDER BY ?s ?p ?o } } LIMIT $n OFFSET $k", g=graph)
            got = list(self._triples({"query": page.replace("$n", str(_VIRTUOSO_PAGE))
                                      .replace("$k", str(offset))}))
            yield from got
            if len(got) < _VIRTUOSO_PAGE:
                return
            offset += _VIRTUOSO_PAGE

    def dump(self, out: IO[bytes], mime: str, graph: NamedNode | None = None) -> None:
        fmt = ox.RdfFormat.from_media_type(mime)
        if fmt is None:
            raise StoreError(f"unknown RDF media type {mime!r}")
        if fmt.supports_datasets:
            ox.serialize(self.quads(graph), out, fmt, prefixes=dict(NS))
        elif graph is None:
            raise StoreError(f"{mime} holds one graph: name the graph to dump")
        else:
            ox.serialize((Triple(q.subject, q.predicate, q.object) for q in self.quads(graph)), out, fmt,
                         prefixes=dict(NS))

    def count(self) -> int:
        query = render("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), $ns)) }",
                       ns=ox.Literal(self.graph_namespace))
        rows = self._select(self._results(query, counted=False))
        return int(rows[0]["n"].value) if rows else 0

    def close(self) -> None:
        for endpoint in {id(e): e for e in (self.query_endpoint, self.update_endpoint, self.graph_store) if e}.values():
            endpoint.close()
