"""What every resolver sees: the services, the settings, this request's loaders, and who asks."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from ..analytics import Analytics
from ..ordering import Orders
from ..search import SearchIndex
from ..services import Services
from ..settings import Settings
from .codes import Unauthenticated
from .loaders import Loaders, off_loop

__all__ = ["Context", "Shared", "bearer_matches"]


@dataclass
class Shared:
    """State kept across requests by one app: the search index, list orders, counts, and the write lock."""

    services: Services
    search: SearchIndex
    # The newest-first orders of the root lists that sort by a date (events by start, …).
    orders: Orders
    # (generation, kind, filter) → count; a write changes the generation, so stale counts are never read.
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # The importer and merges keep per-store state: one write at a time per process.
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    # The network projection (connections, paths, top speakers), rebuilt when the store's generation changes.
    analytics: Analytics | None = None

    COUNT_CACHE_SIZE = 1024

    def warm(self) -> None:
        """Build what is kept beside the store (search index, list orders) before the first request.

        Built on first use they are correct too, but at 100k articles a first request would pay
        tens of seconds and pass the time limit. The network projection is left to its first use.
        """
        self.search.current()
        self.orders.warm()

    @classmethod
    def over(cls, services: Services) -> Shared:
        return cls(services, SearchIndex(services.store, services.minter), Orders(services.store),
                   analytics=Analytics(services.store))


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

    @classmethod
    def of(cls, shared: Shared, request: Request | None) -> Context:
        services = shared.services
        header = request.headers.get("authorization") if request is not None else None
        return cls(services, services.settings, Loaders(services), shared,
                   bearer_matches(header, services.settings.token), request)

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
