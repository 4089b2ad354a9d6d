"""What the GraphQL object types' resolvers share: argument types, a record or a linked page through
the per-request loaders, what a field's selection asks for, and the evidence of an extracted fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from ..services import Tenure as TenureRecord
from ..services import held_on
from .context import Context
from .pagination import connection, sliced, window

__all__ = ["AfterArg", "AtArg", "Ctx", "Evidence", "PageArg", "asks_for", "confidence_of", "evidence_of", "in_force",
           "linked_page", "record"]

Ctx = Info[Context, None]
PageArg = Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")]
AfterArg = Annotated[str | None, strawberry.argument(description="The cursor after which the page starts.")]
AtArg = Annotated[dt.date | None, strawberry.argument(description="Only what held on this date.")]


async def record(info: Ctx, kind: str, iri: str) -> Any:
    return await info.context.loaders.record(kind, iri)


async def linked_page(info: Ctx, link: str, iri: str, page: tuple[int | None, str | None], make: Any) -> Any:
    """A connection over a list linked to ``iri``: IRIs first, records of the page only afterwards."""
    win = window(*page)
    iris = await info.context.loaders.linked(link, iri)
    items, more = sliced(iris, win)

    async def count() -> int:
        return len(iris)
    return connection([make(i) for i in items], win, more, count)


def asks_for(info: Ctx, name: str) -> bool:
    """True when the field being resolved selects its sub-field ``name`` (directly or in a fragment)."""
    def fields(selections: list[Any]) -> Iterator[SelectedField]:
        for sel in selections:
            if isinstance(sel, SelectedField):
                yield sel
            else:  # an inline fragment or a fragment spread: its fields are ours
                yield from fields(sel.selections)
    return any(f.name == name for top in info.selected_fields for f in fields(top.selections))


def in_force(t: TenureRecord, at: dt.date | None) -> bool:
    return at is None or held_on([t], at) is not None


@strawberry.type(description="Where in the article's text an extracted fact was read: a W3C Web Annotation "
                             "TextQuoteSelector (exact, prefix, suffix) and TextPositionSelector (start, end).")
class Evidence:
    exact: str = strawberry.field(description="The words of the text, exactly.")
    prefix: str = strawberry.field(description="The text just before them (up to 32 characters).")
    suffix: str = strawberry.field(description="The text just after them (up to 32 characters).")
    start: int = strawberry.field(description="Offset of the first character, in characters of the text the "
                                              "extractor was given.")
    end: int = strawberry.field(description="Offset just past the last character.")


async def evidence_of(info: Ctx, iri: str) -> Evidence | None:
    found = await info.context.loaders.evidence.load(iri)
    span = found.span if found is not None else None
    return Evidence(exact=span.exact, prefix=span.prefix, suffix=span.suffix, start=span.start,
                    end=span.end) if span is not None else None


async def confidence_of(info: Ctx, iri: str) -> float | None:
    found = await info.context.loaders.evidence.load(iri)
    return found.confidence if found is not None else None
