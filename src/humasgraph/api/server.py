"""How uvicorn serves the app: its C HTTP parser, connection cap, keep-alive, and two bounds uvicorn lacks.

uvicorn parses requests with httptools (llhttp, in C), a dependency of ours: a request costs the server
about 0.1 ms less CPU than with h11, uvicorn's pure-Python parser (``{ __typename }`` 0.46 → 0.34 ms of a
real server's CPU at 1k articles, the two timed in turn by ``benchmarks/served.py``). Two bounds are ours:

- *A header timeout.* uvicorn 0.55 has none: its keep-alive timer starts only after a response and every
  byte received cancels it, so a client trickling a request's headers (or a body nobody reads) a byte
  every few seconds holds its connection for ever. ``HeaderTimeout`` closes a connection whose request
  has not fully arrived ``header_timeout`` seconds after the connection opened or after its previous
  response.
- *A bound on the request line and headers.* llhttp sets none (h11's ``max_incomplete_event_size`` did):
  more than ``MAX_HEADER_BYTES`` before the headers end answers 431 and closes the connection.

Request bodies are bounded by ``middleware.BodyLimit``; ``max_connections`` is uvicorn's
``limit_concurrency``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ..settings import Settings

__all__ = ["MAX_HEADER_BYTES", "HeaderTimeout", "uvicorn_options"]

# The request line and headers of one request, at most (h11's default bound was the same 16 KiB).
MAX_HEADER_BYTES = 16 * 1024

_MESSAGE = b"request line and headers over %d bytes" % MAX_HEADER_BYTES
_TOO_LARGE = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
              b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (len(_MESSAGE), _MESSAGE))


class HeaderTimeout(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing connections whose request headers do not arrive in time or in bounds."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._pending, self._tail = 0, b""  # bytes of the next request's line and headers so far; their last three
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.header_timeout, self._timed_out)

    def _disarm(self) -> None:
        if getattr(self, "_deadline", None) is not None:
            self._deadline.cancel()  # type: ignore[union-attr]
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        # Bytes that come when no request is open, or once the open one is wholly received (pipelining), are the
        # next request's line and headers: counted up to their end, across reads, and refused past the bound.
        if self._deadline is not None or (self.cycle is not None and not self.cycle.more_body):
            seen = self._tail + data
            end = seen.find(b"\r\n\r\n")
            if self._pending + (len(data) if end < 0 else end + 4 - len(self._tail)) > MAX_HEADER_BYTES:
                self._refuse()
                return
            self._pending += len(data)
            self._tail = seen[-3:]
        super().data_received(data)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._pending, self._tail = 0, b""  # what comes next is the next request's

    def _refuse(self) -> None:
        self._disarm()
        if not self.transport.is_closing():
            self.transport.write(_TOO_LARGE)
            self.transport.close()

    def on_headers_complete(self) -> None:
        self._disarm()  # a request's headers arrived: the body has its own timeout
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # a request whose headers arrived already: uvicorn starts it now
        self._arm()
        super().on_response_complete()
        if pipelined:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The keyword arguments of ``uvicorn.run``/``uvicorn.Config`` that bound slow and many clients.

    The header timeout is set on the class: uvicorn's config carries no setting of ours, and with
    ``--workers`` it pickles the protocol class by name (each worker sets it again from the
    settings it is given, in ``app.app_from_environment``).
    """
    HeaderTimeout.header_timeout = settings.header_timeout
    return {"http": HeaderTimeout, "limit_concurrency": settings.max_connections,
            "timeout_keep_alive": settings.keep_alive_timeout}
