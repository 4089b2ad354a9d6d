"""What every resolver sees: the services, the settings, this request's loaders, and who asks."""

from __future__ import annotations

import hmac
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from ..derived.analytics import Analytics
from ..services import Services
from ..settings import Settings
from .codes import Unauthenticated
from .loaders import Loaders, off_loop

__all__ = ["Context", "Shared", "bearer_matches"]


@dataclass
class Shared:
    """State kept across requests by one app: the services, counts, and the write lock.

    The search index, list orders and network projection are the services' own (``Services``);
    the app starts and stops the projection's background build and metric workers.
    """

    services: Services
    # (generation, kind, filter) → count; a write changes the generation, so stale counts are never read.
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # The importer and merges keep per-store state: one write at a time per process.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The services' network projection, as a served app keeps it (``Services.analytics_for_serving``).
    analytics: Analytics | None = None

    COUNT_CACHE_SIZE = 1024

    def warm(self) -> None:
        """Build what the services keep beside the store before the first request (``Services.warm``).

        The network projection is not waited for: see ``serve_analytics``.
        """
        self.services.warm()

    def serve_analytics(self) -> None:
        """Start building the network projection in the background, and the metric workers ahead.

        Not waited for: at 10k articles the build takes 12 s (measured), and start-up would wait
        that long; a request that needs the projection meanwhile waits at most its own time.
        """
        if self.analytics is not None:
            self.analytics.serve()
            if self.analytics.workers is not None:
                self.analytics.workers.start()

    def close(self) -> None:
        """Kill the metric workers, and let a background build of the projection end before the store closes."""
        if self.analytics is not None:
            if self.analytics.workers is not None:
                self.analytics.workers.close()
            self.analytics.close()

    @classmethod
    def over(cls, services: Services) -> Shared:
        # Made now, as the app always did: its first use must not import networkx on the event loop.
        return cls(services, analytics=services.analytics_for_serving())


def bearer_matches(header: str | None, token: str) -> bool:
    """True when ``Authorization: Bearer <token>`` carries the configured token (never when none is set)."""
    if not token or not header:
        return False
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


@dataclass
class Context:
    """The GraphQL context of one request."""

    services: Services
    settings: Settings
    loaders: Loaders
    shared: Shared
    authorised: bool
    request: Request | None = None
    # time.monotonic() by which work done for this request in other threads or processes must
    # stop (``None``: no limit, a request made in-process and not over HTTP).
    deadline: float | None = None

    # The work's own deadline ends this much before the HTTP operation's timeout, so that the
    # answer is the work's own TIMEOUT message (what to narrow) rather than the generic one.
    DEADLINE_MARGIN = 0.2

    @classmethod
    def of(cls, shared: Shared, request: Request | None) -> Context:
        services = shared.services
        header = request.headers.get("authorization") if request is not None else None
        deadline = None
        if request is not None:
            deadline = time.monotonic() + max(services.settings.query_timeout - cls.DEADLINE_MARGIN, 0.0)
        return cls(services, services.settings, Loaders(services), shared,
                   bearer_matches(header, services.settings.token), request, deadline)

    def require_editor(self) -> None:
        """Refuse a write unless the request carries the token."""
        if not self.authorised:
            raise Unauthenticated("writes need the header 'Authorization: Bearer <token>' with the configured token")

    async def count(self, kind: str, where: str, compute: Callable[[], int]) -> int:
        """A count of a filtered list, cached until the next write."""
        key = (await self.loaders.generation(), kind, where)
        if key not in self.shared.counts:
            counted = await off_loop(compute)
            if len(self.shared.counts) >= Shared.COUNT_CACHE_SIZE:
                self.shared.counts.clear()
            self.shared.counts[key] = counted
        return self.shared.counts[key]
