"""The GraphQL schema: the root query, and the mutations when a token is configured."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from ..derived.search import KINDS as SEARCH_KINDS
from ..settings import Settings
from . import network
from .compiler import Plans
from .context import Context
from .enums import CentralityKind, CentralityMetric, SearchKind
from .events import Article, Event, Statement
from .filters import (
    AgencyWhere,
    ArticleWhere,
    DateRange,
    EventWhere,
    ListOrder,
    PersonWhere,
    PostWhere,
    StatementWhere,
    compile_where,
    order_facet,
    order_of,
)
from .limits import extensions
from .loaders import off_loop
from .mutations import Mutation
from .network import NetworkLink, PathStep, RankedNode, RankedSpeaker
from .nodes import node_of
from .pagination import Connection, connection, window
from .types import Agency, Node, Person, Post

__all__ = ["Query", "build_schema"]

Ctx = Info[Context, None]
FirstArg = Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")]
AfterArg = Annotated[str | None, strawberry.argument(description="The cursor after which the page starts.")]
OrderArg = Annotated[ListOrder | None, strawberry.argument(name="orderBy")]
MAX_SEARCH = 50


async def _list(info: Ctx, kind: str, where: Any, order: ListOrder | None, *, first: int | None,
                after: str | None, make: Callable[[str], Any]) -> Any:
    """One page of a root list: the IRIs from one bounded query, the rest from loaders."""
    win = window(first, after)
    pattern = compile_where(kind, where)
    sort, descending = order_of(kind, order)
    services = info.context.services
    facet = order_facet(kind, where)
    page = await off_loop(lambda: services.list_page(kind, pattern, sort=sort, descending=descending,
                                                     offset=win.offset, limit=win.limit, facet=facet))

    async def count() -> int:
        return await info.context.count(kind, pattern, lambda: services.list_count(kind, pattern))
    return connection([make(i) for i in page.iris], win, page.has_next, count)


SearchResult = Annotated[Person | Agency | Post | Event, strawberry.union("SearchResult")]


@strawberry.type(description="One search result, best first.")
class SearchHit:
    score: float = strawberry.field(description="How well it matched, from 0 to 1.")
    kind: SearchKind
    label: str
    matched: str = strawberry.field(description="The (folded) name form that matched.")
    node: SearchResult


@strawberry.type(description="Read the graph. Every list is paged (at most 100 a page).")
class Query:
    @strawberry.field(description="People (officials), by default by name.")
    async def people(self, info: Ctx, where: PersonWhere | None = None, order_by: OrderArg = None,
                     first: FirstArg = None, after: AfterArg = None) -> Connection[Person]:
        return await _list(info, "person", where, order_by, first=first, after=after,
                           make=lambda i: Person(iri=i))

    @strawberry.field(description="Agencies, by default by name.")
    async def agencies(self, info: Ctx, where: AgencyWhere | None = None, order_by: OrderArg = None,
                       first: FirstArg = None, after: AfterArg = None) -> Connection[Agency]:
        return await _list(info, "agency", where, order_by, first=first, after=after,
                           make=lambda i: Agency(iri=i))

    @strawberry.field(description="Posts, by default by title.")
    async def posts(self, info: Ctx, where: PostWhere | None = None, order_by: OrderArg = None,
                    first: FirstArg = None, after: AfterArg = None) -> Connection[Post]:
        return await _list(info, "post", where, order_by, first=first, after=after,
                           make=lambda i: Post(iri=i))

    @strawberry.field(description="Events, by default newest first (orderBy START or NAME).")
    async def events(self, info: Ctx, where: EventWhere | None = None, order_by: OrderArg = None,
                     first: FirstArg = None, after: AfterArg = None) -> Connection[Event]:
        return await _list(info, "event", where, order_by, first=first, after=after,
                           make=lambda i: Event(iri=i))

    @strawberry.field(description="Statements, by default newest first (orderBy DATE).")
    async def statements(self, info: Ctx, where: StatementWhere | None = None, order_by: OrderArg = None,
                         first: FirstArg = None, after: AfterArg = None) -> Connection[Statement]:
        return await _list(info, "statement", where, order_by, first=first, after=after,
                           make=lambda i: Statement(iri=i))

    @strawberry.field(description="Articles, by default newest first (orderBy PUBLISHED or TITLE).")
    async def articles(self, info: Ctx, where: ArticleWhere | None = None, order_by: OrderArg = None,
                       first: FirstArg = None, after: AfterArg = None) -> Connection[Article]:
        return await _list(info, "article", where, order_by, first=first, after=after,
                           make=lambda i: Article(iri=i))

    @strawberry.field(description="Any entity by its IRI (a merged entity's old IRI gives the one kept).")
    async def node(self, info: Ctx, id: strawberry.ID) -> Node | None:
        return await node_of(info, str(id))

    @strawberry.field(description="The shortest chain of relations linking two entities (IRIs or names), "
                                  "read in the graph's own terms.")
    async def path(self, info: Ctx, from_: Annotated[str, strawberry.argument(name="from")],
                   to: str) -> list[PathStep]:
        return await network.path(info, from_, to)

    @strawberry.field(description="The most central people, agencies, posts or events of the network (degree, "
                                  "betweenness or PageRank over the undirected network), in the part of it the "
                                  "filters keep: events held `during` the range (and tenures overlapping it), "
                                  "events held in `place` (a province, regency or city) with who took part, an "
                                  "`agency`'s world (it, the agencies under it, their posts and holders, and their "
                                  "events). Filters combine with AND; each ranking is kept until the store changes.")
    async def centrality(self, info: Ctx, *,
                         metric: Annotated[CentralityMetric | None, strawberry.argument(
                             description="Default DEGREE.")] = None,
                         kind: Annotated[CentralityKind | None, strawberry.argument(
                             description="Default PERSON.")] = None,
                         during: DateRange | None = None,
                         place: Annotated[str | None, strawberry.argument(
                             description="A place's IRI, name or alias (Jawa Tengah).")] = None,
                         agency: Annotated[str | None, strawberry.argument(
                             description="An agency's IRI, name or alias.")] = None,
                         first: Annotated[int, strawberry.argument(description="At most 100.")] = 10,
                         ) -> list[RankedNode]:
        # Enum defaults are spelled in the descriptions: the sorted SDL printer cannot print enum defaults.
        return await network.centrality(info, (metric or CentralityMetric.DEGREE).value,
                                        (kind or CentralityKind.PERSON).value, first,
                                        start=during.from_ if during else None, end=during.to if during else None,
                                        place=place, agency=agency)

    @strawberry.field(description="Everything within `depth` steps (1 to 3) of any person, agency, post or event "
                                  "(an IRI, its tail such as `agency/diskominfo-jateng`, or a name), nearest first, "
                                  "each with the relation that reached it.")
    async def connections(self, info: Ctx, of: str, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, of, depth, first)

    @strawberry.field(description="People with the most statements, within a date range when given.")
    async def top_speakers(self, info: Ctx, during: DateRange | None = None, first: int = 10) -> list[RankedSpeaker]:
        return await network.top_speakers(info, during.from_ if during else None, during.to if during else None,
                                          first)

    @strawberry.field(description="Find people, agencies, posts and events by name, forgiving case, accents, "
                                  "degrees, abbreviations and typos.")
    async def search(self, info: Ctx, q: str, kinds: list[SearchKind] | None = None,
                     first: Annotated[int, strawberry.argument(description="At most 50.")] = 10) -> list[SearchHit]:
        if not 0 <= first <= MAX_SEARCH:
            from ..errors import QueryRejected  # noqa: PLC0415

            raise QueryRejected(f"first={first}: expected 0 to {MAX_SEARCH}")
        wanted = [k.value for k in kinds] if kinds else list(SEARCH_KINDS)
        services = info.context.services
        hits = await off_loop(lambda: services.search(q, wanted, first)) if first else []
        make: dict[str, type[Person | Agency | Post | Event]] = {
            "person": Person, "agency": Agency, "post": Post, "event": Event}
        return [SearchHit(score=h.score, kind=SearchKind(h.kind), label=h.label, matched=h.matched,
                          node=make[h.kind](iri=h.iri)) for h in hits]


def build_schema(settings: Settings, plans: Plans | None = None) -> strawberry.Schema:
    """The schema for these settings: without a token there is no Mutation type at all.

    ``plans``: where its compiled plans are kept (for ``known.KnownOperations`` to find the vetted ones)."""
    return strawberry.Schema(query=Query, mutation=Mutation if settings.token else None,
                             extensions=extensions(settings, plans))

