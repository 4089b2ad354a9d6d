"""What every resolver sees: the services, the settings, this request's loaders, and who asks."""

from __future__ import annotations

import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import Request

from ..services import Services
from ..settings import Settings
from .codes import Unauthenticated
from .loaders import Loaders, off_loop

__all__ = ["Context", "Shared", "bearer_matches"]


@dataclass
class Shared:
    """State kept across requests by one app: the services, counts, and the write lock.

    The search index, list orders and network projection are the services' own (``Services``).
    """

    services: Services
    # (generation, kind, filter) → count; a write changes the generation, so stale counts are never read.
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # The importer and merges keep per-store state: one write at a time per process.
    write_lock: threading.Lock = field(default_factory=threading.Lock)

    COUNT_CACHE_SIZE = 1024

    def warm(self) -> None:
        """Build what the services keep beside the store before the first request (``Services.warm``)."""
        self.services.warm()

    @classmethod
    def over(cls, services: Services) -> Shared:
        # Made now, as the app always did: its first use must not import networkx on the event loop.
        _ = services.analytics
        return cls(services)


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
