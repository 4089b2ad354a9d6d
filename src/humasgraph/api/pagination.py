"""Relay cursor connections: pages of at most 100, opaque cursors, and counts only when asked."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import strawberry

from ..errors import QueryRejected

__all__ = ["MAX_PAGE", "Connection", "Edge", "PageInfo", "Window", "connection", "window"]

MAX_PAGE = 100
DEFAULT_PAGE = 20
_PREFIX = "hg1:"
# The offset in a cursor: ASCII digits only (int() would take '-100', ' 7', '1_0' and Arabic digits).
_OFFSET = re.compile(r"[0-9]{1,12}")

T = TypeVar("T")


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a page, with the cursor that points just past it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of a list (Relay cursor connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="The items of this page (the edges' nodes).")
    def nodes(self) -> list[T]:
        return [e.node for e in self.edges]

    @strawberry.field(description="How many items the whole list holds (counted only when asked).")
    async def total_count(self) -> int:
        return await self._count()


@dataclass(frozen=True)
class Window:
    """The offset and size of a requested page."""

    offset: int
    limit: int


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{offset}".encode()).decode()


def window(first: int | None, after: str | None) -> Window:
    """The page that ``first`` and ``after`` ask for; refuses pages past the cap and foreign cursors."""
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise QueryRejected(f"first={size}: expected 0 to {MAX_PAGE} (lists are paged; use 'after' for more)")
    offset = 0
    if after:
        try:
            raw = base64.urlsafe_b64decode(after.encode()).decode()
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raw = ""
        if not raw.startswith(_PREFIX) or not _OFFSET.fullmatch(raw[len(_PREFIX):]):
            raise QueryRejected(f"after={after[:100]!r}: invalid cursor, not a cursor this API gave out")
        offset = int(raw[len(_PREFIX):]) + 1
    return Window(offset, size)


def connection(nodes: Sequence[T], win: Window, has_next: bool, count: Callable[[], Awaitable[int]]) -> Connection[T]:
    """A connection over one page of nodes that starts at ``win.offset``."""
    edges = [Edge(cursor=cursor(win.offset + i), node=n) for i, n in enumerate(nodes)]
    info = PageInfo(has_next_page=has_next, has_previous_page=win.offset > 0,
                    start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None)
    return Connection(edges=edges, page_info=info, _count=count)


def sliced(items: Sequence[T], win: Window) -> tuple[list[T], bool]:
    """A page of a list already in memory, and whether more follow."""
    return list(items[win.offset:win.offset + win.limit]), len(items) > win.offset + win.limit
