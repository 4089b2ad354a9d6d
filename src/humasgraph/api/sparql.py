"""``/sparql``: a read-only SPARQL 1.1 Protocol endpoint over the store, with time, size and load limits.

A query is checked before it runs (``guard``): updates, ``SERVICE`` and a ``FROM`` naming anything
but one of this store's graphs are refused with a 400 and a reason, whatever their spelling.
Patterns outside ``GRAPH`` match the union graph ``all``; every source graph can be named with
``GRAPH``. Results come as SPARQL JSON, XML, CSV or TSV (``SELECT``, ``ASK``) or Turtle,
N-Triples, RDF/XML or JSON-LD (``CONSTRUCT``, ``DESCRIBE``), chosen by ``Accept``. Past
``sparql_row_limit`` rows the answer is cut, and says so with ``X-Truncated: true``; past
``sparql_max_bytes`` it is refused.

Checking, running and serialising happen in a reader process (``store.readers``), never on the
event loop: a query past ``query_timeout`` has its process killed, so its work stops with its
answer. At most ``sparql_workers`` queries run at once, ``sparql_per_client`` per client address.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from urllib.parse import parse_qs

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from ..errors import QueryRejected, StoreError
from ..services import Busy, ReaderDied, Services
from ..settings import Settings
from ..sparql.answers import Limits, Wanted
from .negotiation import negotiate

__all__ = ["SparqlEndpoint", "routes"]

SELECT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values", "application/json", "application/xml")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
_RESULT_FORMATS = {"application/sparql-results+json": "json", "application/json": "json",
                   "application/sparql-results+xml": "xml", "application/xml": "xml",
                   "text/csv": "csv", "text/tab-separated-values": "tsv"}
# Seconds a query waits for a free reader before the answer is a 503.
QUEUE_WAIT = 1.0


class _Refusal(Exception):
    """An answer other than the query's: a status, a message and headers."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.headers = status, headers or {}


class SparqlEndpoint:
    """The ``/sparql`` handler, with one set of limits, over the store of each request's services."""

    def __init__(self, settings: Settings, services_of: Callable[[Request], Services]) -> None:
        self.settings = settings
        self.services_of = services_of
        self.timeout = settings.query_timeout
        self.limits = Limits(settings.sparql_row_limit, settings.sparql_max_bytes, settings.query_timeout)
        self.running: dict[str, int] = {}

    async def handle(self, request: Request) -> Response:
        """Answer one SPARQL Protocol request."""
        client = request.client.host if request.client else "?"
        try:
            if self.running.get(client, 0) >= self.settings.sparql_per_client:
                raise _Refusal(429, f"this client already has {self.settings.sparql_per_client} SPARQL queries "
                                    "running (sparql_per_client); wait for one to finish", {"Retry-After": "1"})
            self.running[client] = self.running.get(client, 0) + 1
            try:
                return await self._answer(request)
            finally:
                self.running[client] -= 1
                if not self.running[client]:
                    del self.running[client]
        except _Refusal as exc:
            return PlainTextResponse(str(exc), status_code=exc.status, headers=exc.headers)
        except QueryRejected as exc:
            return PlainTextResponse(str(exc), status_code=400)
        except StoreError as exc:
            return PlainTextResponse(str(exc), status_code=500)

    async def _answer(self, request: Request) -> Response:
        text, defaults, named = await self._read(request)
        accept = request.headers.get("accept")
        wanted = Wanted(_RESULT_FORMATS.get(negotiate(accept, SELECT_TYPES) or ""), negotiate(accept, GRAPH_TYPES))
        services = self.services_of(request)

        def reply_to(wait: float) -> tuple[object, ...]:
            return services.sparql_reply(text, wanted, self.limits, defaults=defaults, named=named, wait=wait)
        reply = await self._run(services.sparql_in_process, reply_to)
        kind = reply[0]
        if kind == "ok":
            _, body, media, truncated = reply
            headers = {"X-Row-Limit": str(self.limits.rows)}
            if truncated:
                headers["X-Truncated"] = "true"
            return Response(body, media_type=str(media), headers=headers)
        if kind == "not_acceptable":
            offers = SELECT_TYPES if reply[1] in ("SELECT", "ASK") else GRAPH_TYPES
            raise _Refusal(406, f"cannot answer in any of {accept}; available: {', '.join(offers)}")
        if kind in ("rejected", "too_large"):
            raise QueryRejected(reply[1])
        if kind == "timeout":
            raise self._timeout()
        if kind == "memory":
            raise self._memory()
        raise StoreError(reply[1])

    async def _run(self, in_process: bool, reply_to: Callable[[float], tuple[object, ...]]) -> tuple[object, ...]:
        if in_process:
            # An in-memory store cannot be shared with another process: the query runs here, on a
            # thread, and a timeout stops the answer but not the work (docs/exports.md says so).
            try:
                with anyio.fail_after(self.timeout):
                    return await anyio.to_thread.run_sync(reply_to, 0.0, abandon_on_cancel=True)
            except TimeoutError:
                raise self._timeout() from None
        try:
            return await anyio.to_thread.run_sync(reply_to, QUEUE_WAIT)
        except TimeoutError:
            raise self._timeout() from None
        except Busy as exc:
            raise _Refusal(503, f"{exc} (sparql_workers); try again shortly",
                           {"Retry-After": str(math.ceil(self.timeout))}) from None
        except ReaderDied:
            raise _Refusal(503, "the process running the query died, most likely of its memory limit of "
                                f"{self.settings.sparql_memory_mb} MB (sparql_memory_mb)",
                           {"Retry-After": str(math.ceil(self.timeout))}) from None

    def _timeout(self) -> _Refusal:
        return _Refusal(503, f"the query took longer than the limit of {self.timeout:g} s (query_timeout) "
                             "and was stopped", {"Retry-After": str(math.ceil(self.timeout))})

    def _memory(self) -> _Refusal:
        return _Refusal(503, f"the query needed more than {self.settings.sparql_memory_mb} MB "
                             "(sparql_memory_mb) and was stopped", {"Retry-After": str(math.ceil(self.timeout))})

    async def _read(self, request: Request) -> tuple[str, list[str], list[str]]:
        params = parse_qs(request.url.query)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = (await self._body(request)).decode("utf-8", errors="replace")
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
        if len(queries[0]) > self.settings.sparql_max_query:
            raise self._too_long(len(queries[0]))
        return queries[0], params.get("default-graph-uri", []), params.get("named-graph-uri", [])

    async def _body(self, request: Request) -> bytes:
        """The request body, refused once it passes what a query of the longest kind could need."""
        cap = 4 * self.settings.sparql_max_query + 4096  # UTF-8 and form encoding, and the graph parameters
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise self._too_long(size)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_long(self, size: int) -> _Refusal:
        return _Refusal(413, f"the query is too long ({size} characters or bytes); the limit is "
                             f"{self.settings.sparql_max_query} characters (sparql_max_query)")


def routes(settings: Settings, services_of: Callable[[Request], Services]) -> list[Route]:
    """The ``/sparql`` route (GET and POST); ``services_of`` gives the services a request runs over."""
    return [Route("/sparql", SparqlEndpoint(settings, services_of).handle, methods=["GET", "POST"], name="sparql")]
