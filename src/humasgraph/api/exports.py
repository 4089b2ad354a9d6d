"""``/export/{format}``: the graph in any export format, streamed to the client as it is written.

The exporter writes into a pipe from a worker thread while the response reads from it, so a
store larger than memory exports with a bounded buffer; ``?article=URL`` exports one article.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncIterator, Callable

import anyio
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..errors import HumasgraphError, NotFound
from ..exports import EXTENSIONS, FORMATS, MEDIA_TYPES, export
from ..exports.rdf import article_graph
from ..services import Services
from ..settings import Settings

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

    async def handle(request: Request) -> Response:
        services = services_of(request)
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
        return StreamingResponse(_stream(services, fmt, article), media_type=MEDIA_TYPES[fmt],
                                 headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    return [Route("/export/{format}", handle, methods=["GET"], name="export")]
