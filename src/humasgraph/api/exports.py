"""``/export/{format}``: the graph in any export format, streamed to the client as it is written.

The exporter writes into a pipe from a worker thread while the response reads from it, so a
store larger than memory exports with a bounded buffer; ``?article=URL`` exports one article.

An export holds every source document, and a full one keeps a core busy for seconds (8 Popolo
exports at once took 7-11 s each on 2,000 articles): at most ``max_exports`` run at once per
process (one more answers 503 with ``Retry-After``), and unless ``public_exports`` is on they
need the bearer token (401 without it; 403 when no token is configured, so none can be given).
"""

from __future__ import annotations

import queue
import threading
import weakref
from collections.abc import AsyncGenerator, AsyncIterator, Callable

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..errors import HumasgraphError, NotFound
from ..exports import EXTENSIONS, FORMATS, MEDIA_TYPES, export
from ..exports.rdf import article_graph
from ..services import Services
from ..settings import Settings
from .context import bearer_matches

__all__ = ["Pipe", "routes"]

CHUNK = 64 * 1024
PENDING_CHUNKS = 64


class Pipe:
    """A write-only binary file whose chunks a reader takes from a bounded queue."""

    def __init__(self) -> None:
        self.chunks: queue.Queue[bytes | BaseException | None] = queue.Queue(PENDING_CHUNKS)
        self._buffer = bytearray()
        self.closed_by_reader = threading.Event()

    def write(self, data: bytes) -> int:
        if self.closed_by_reader.is_set():
            raise BrokenPipeError("the client went away")
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self.chunks.put(bytes(self._buffer))
            self._buffer.clear()
        return len(data)

    def flush(self) -> None:
        """Nothing to do: chunks leave when full, or at ``finish``."""

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def finish(self, error: BaseException | None = None) -> None:
        if self._buffer:
            self.chunks.put(bytes(self._buffer))
            self._buffer.clear()
        self.chunks.put(error)


async def _stream(services: Services, fmt: str, article: str | None) -> AsyncIterator[bytes]:
    pipe = Pipe()

    def run() -> None:
        try:
            export(services, fmt, pipe, article=article)  # type: ignore[arg-type]
        except BaseException as exc:  # noqa: BLE001 - handed to the reader, which re-raises it
            pipe.finish(exc)
            return
        pipe.finish()

    thread = threading.Thread(target=run, name=f"export-{fmt}", daemon=True)
    thread.start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(pipe.chunks.get)
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item  # the response has begun: the client sees a cut-off body
            yield item
    finally:
        pipe.closed_by_reader.set()
        while thread.is_alive():  # let a blocked writer see the closed pipe
            try:
                pipe.chunks.get_nowait()
            except queue.Empty:
                await anyio.sleep(0.01)


def routes(settings: Settings, services_of: Callable[[Request], Services]) -> list[Route]:
    """The ``/export/{format}`` route; ``services_of`` gives the services a request runs over."""

    # The streams under way: a finished one has no frame left; one never started (its client went
    # away first) is dropped with its response.
    streams: weakref.WeakSet[AsyncGenerator[bytes, None]] = weakref.WeakSet()

    def refused(request: Request) -> Response | None:
        if not settings.public_exports:
            if not settings.token:
                return PlainTextResponse("exports are closed: they hold every source document; the operator opens "
                                         "them with HUMASGRAPH_PUBLIC_EXPORTS=1, or sets a token (HUMASGRAPH_TOKEN)",
                                         status_code=403)
            if not bearer_matches(request.headers.get("authorization"), settings.token):
                return PlainTextResponse("exports need the header 'Authorization: Bearer <token>' with the "
                                         "configured token", status_code=401,
                                         headers={"WWW-Authenticate": 'Bearer realm="humasgraph"'})
        if sum(getattr(g, "ag_frame", None) is not None for g in streams) >= settings.max_exports:
            return PlainTextResponse(f"{settings.max_exports} exports are under way (max_exports); try again shortly",
                                     status_code=503, headers={"Retry-After": "10"})
        return None

    async def handle(request: Request) -> Response:
        services = services_of(request)
        if (refusal := refused(request)) is not None:
            return refusal
        fmt = request.path_params["format"]
        if fmt not in MEDIA_TYPES:
            return PlainTextResponse(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}",
                                     status_code=404)
        article = request.query_params.get("article")
        if article is not None:
            try:  # checked before the first byte, so that a wrong URL is a 404 and not a cut-off body
                article_graph(services, article)
            except NotFound as exc:
                return PlainTextResponse(str(exc), status_code=404)
            except HumasgraphError as exc:
                return PlainTextResponse(str(exc), status_code=400)
        filename = f"humasgraph.{EXTENSIONS[fmt]}"
        stream = _stream(services, fmt, article)
        streams.add(stream)  # type: ignore[arg-type]
        return StreamingResponse(stream, media_type=MEDIA_TYPES[fmt],
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    return [Route("/export/{format}", handle, methods=["GET"], name="export")]
