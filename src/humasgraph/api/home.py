"""``/``: the explorer's home: a name search (typo-tolerant, suggestions as you type) and what the graph holds.

The search is the one the GraphQL ``search`` field runs (the shared ``SearchIndex``); without
JavaScript the form answers with a result list, with it ``static/home.js`` asks ``search`` as
the reader types. Results link to the entity's page on this server (``/id/…``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..derived.search import KINDS
from ..services import EventRecord, Services
from ..settings import Settings
from .context import Shared
from .language import DEFAULT
from .templating import Pages

__all__ = ["COUNTED", "routes"]

# The counts the home shows, in this order (``Services.stats`` has more: places, quads, sources).
COUNTED = ("people", "agencies", "posts", "events", "statements", "delegations", "articles")
RESULTS = 20  # the `first` of SEARCH_QUERY
# What the result list shows, as GraphQL: the page links it ("the same in GraphiQL").
SEARCH_QUERY = """
query Search($q: String!) {
  search(q: $q, first: 20) {
    kind label score
    node { ... on Person { id } ... on Agency { id } ... on Post { id } ... on Event { id } }
  }
}"""


MONTHS = 12  # the months the home lists articles of
LATEST = 10  # the latest events it lists


@dataclass(frozen=True)
class Summary:
    """What the home shows of the whole graph, kept per store generation."""

    counts: dict[str, int]
    months: list[tuple[str, int]]  # (YYYY-MM, articles), latest first
    latest: list[EventRecord]


@dataclass(frozen=True)
class Result:
    """One search hit as the page links it."""

    href: str
    label: str
    kind: str


class Home:
    """The home page over the app's shared services and search index."""

    def __init__(self, shared_of: Callable[[Request], Shared], pages: Pages) -> None:
        self.shared_of = shared_of
        self.pages = pages
        # Counting the kinds takes ~30 ms at 5,000 articles, growing with the store: counted once
        # per store generation, and after a write the counts of before are shown while one thread
        # counts again, so no request waits for it but the very first.
        self._counts: tuple[object, Summary] | None = None
        self._recounting = False
        self._lock = threading.Lock()

    def counts(self, services: Services) -> Summary:
        """The counts per kind, articles per month and latest events, as of the store's current generation
        or (while recounting) the last one."""
        generation = services.store.generation()
        with self._lock:
            cached = self._counts
            if cached is not None and (cached[0] == generation or self._recounting):
                return cached[1]
            if cached is not None:
                self._recounting = True
                threading.Thread(target=self._recount, args=(services, generation), daemon=True,
                                 name="home-counts").start()
                return cached[1]
        return self._recount(services, generation)

    def _recount(self, services: Services, generation: object) -> Summary:
        try:
            stats = services.stats(quads=False)  # all quads counted one by one would take seconds
            summary = Summary({k: stats.get(k, 0) for k in COUNTED}, services.articles_by_month(MONTHS),
                              services.latest_events(LATEST))
            with self._lock:
                self._counts = (generation, summary)
            return summary
        finally:
            with self._lock:
                self._recounting = False

    async def handle(self, request: Request) -> Response:
        shared = self.shared_of(request)
        q = request.query_params.get("q", "").strip()
        summary = await run_in_threadpool(self.counts, shared.services)
        hits = await run_in_threadpool(shared.services.search, q, KINDS, RESULTS) if q else []
        results = [Result(self.pages.entity_url(h.iri), h.label, h.kind) for h in hits]
        return self.pages.render(request, "home.html", q=q, results=results, counts=summary.counts,
                                 months=summary.months, latest=summary.latest,
                                 search_query=SEARCH_QUERY, search_variables={"q": q},
                                 base_iri=self.pages.base_iri, default_lang=DEFAULT,
                                 pinned_lang=request.query_params.get("lang"))


def routes(settings: Settings, shared_of: Callable[[Request], Shared], pages: Pages) -> list[Route]:
    """``/``; ``shared_of`` gives the services and search index a request runs over (``settings``: unused
    yet, every route module takes them)."""
    return [Route("/", Home(shared_of, pages).handle, methods=["GET", "HEAD"], name="home")]
