"""How uvicorn serves the app: connection cap, keep-alive, and a header timeout uvicorn lacks.

uvicorn 0.55 has no header timeout: its keep-alive timer starts only after a response and every
byte received cancels it, so a client trickling a request's headers (or a body nobody reads) a
byte every few seconds holds its connection for ever. ``HeaderTimeout`` closes a connection
whose request has not fully arrived ``header_timeout`` seconds after the connection opened or
after its previous response. It extends uvicorn's h11 protocol (httptools is not installed,
and the subclass pins h11 so that an install of it would not drop the bound). Request bodies
are bounded by ``middleware.BodyLimit``; ``max_connections`` is uvicorn's ``limit_concurrency``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from ..settings import Settings

__all__ = ["HeaderTimeout", "uvicorn_options"]


class HeaderTimeout(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request headers do not arrive in time."""

    header_timeout = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
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

    def handle_events(self) -> None:
        before = self.cycle
        super().handle_events()
        if self.cycle is not before:  # a request's headers arrived: the body has its own timeout
            self._disarm()

    def on_response_complete(self) -> None:
        self._arm()  # before uvicorn starts a pipelined request, which disarms it again
        super().on_response_complete()

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
            "timeout_keep_alive": settings.keep_alive_timeout, "h11_max_incomplete_event_size": 16 * 1024}
