"""The typed ``where`` and ``orderBy`` inputs of the root lists, and their translation into graph patterns.

Every input field maps to one facet of a lists ``Where`` (``queries.lists``); values reach the query only as RDF
terms. AND lists must all hold, OR lists need one, NOT must not hold.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any

import strawberry
from pyoxigraph import NamedNode

from ..errors import QueryRejected
from ..model.vocab import concept
from ..services import Where
from .enums import EventType, OrderDirection, Role

__all__ = [
    "AgencyScope", "AgencyWhere", "ArticleWhere", "DateRange", "EventWhere", "ListOrder", "MemberOf",
    "PersonWhere", "PostWhere", "SortKey", "StatementWhere", "StringFilter", "checked_iri", "compile_where",
    "order_facet", "order_of",
]

MAX_NESTING = 5
MAX_VALUES = 100


@strawberry.input(description="Conditions on a name or text; contains and startsWith ignore case.")
class StringFilter:
    eq: str | None = None
    in_: list[str] | None = strawberry.field(name="in", default=None)
    contains: str | None = None
    starts_with: str | None = None


@strawberry.input(description="A date range; either end may be left open. Inclusive.")
class DateRange:
    from_: dt.date | None = strawberry.field(name="from", default=None)
    to: dt.date | None = None


@strawberry.input(description="An agency, and by default every agency under it.")
class AgencyScope:
    id: strawberry.ID
    include_sub_agencies: bool = True


@strawberry.input(description="People who held a post (in an agency), on a date when given.")
class MemberOf:
    agency: strawberry.ID | None = None
    post: strawberry.ID | None = None
    at: dt.date | None = None
    include_sub_agencies: bool = True


@strawberry.input(description="Which events: every condition given must hold.")
class EventWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    name: StringFilter | None = None
    type: EventType | None = None
    type_in: list[EventType] | None = None
    during: DateRange | None = strawberry.field(default=None, description="Events overlapping the range.")
    at: dt.date | None = strawberry.field(default=None, description="Events under way on that day.")
    speaker: strawberry.ID | None = None
    principal: strawberry.ID | None = strawberry.field(default=None, description="Someone spoke on its behalf.")
    agency: AgencyScope | None = strawberry.field(default=None, description="Organised, attended, or addressed by "
                                                  "someone holding a post in the agency.")
    place: strawberry.ID | None = strawberry.field(default=None, description="Held at the place or within it.")
    and_: list[EventWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[EventWhere] | None = strawberry.field(name="OR", default=None)
    not_: EventWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.input(description="Which people: every condition given must hold. Names match aliases too.")
class PersonWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    name: StringFilter | None = None
    agency: AgencyScope | None = strawberry.field(default=None, description="Held a post in the agency.")
    member_of: MemberOf | None = None
    spoke_at: strawberry.ID | None = None
    and_: list[PersonWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[PersonWhere] | None = strawberry.field(name="OR", default=None)
    not_: PersonWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.input(description="Which agencies: every condition given must hold. Names match abbreviations too.")
class AgencyWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    name: StringFilter | None = None
    parent: strawberry.ID | None = None
    within: strawberry.ID | None = strawberry.field(default=None, description="Anywhere under this agency.")
    type: str | None = None
    and_: list[AgencyWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[AgencyWhere] | None = strawberry.field(name="OR", default=None)
    not_: AgencyWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.input(description="Which posts: every condition given must hold.")
class PostWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    title: StringFilter | None = None
    agency: AgencyScope | None = None
    holder: strawberry.ID | None = None
    and_: list[PostWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[PostWhere] | None = strawberry.field(name="OR", default=None)
    not_: PostWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.input(description="Which statements: every condition given must hold.")
class StatementWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    text: StringFilter | None = None
    speaker: strawberry.ID | None = None
    principal: strawberry.ID | None = strawberry.field(default=None, description="Said on its behalf, or "
                                                       "attributed to it.")
    event: strawberry.ID | None = None
    event_type: EventType | None = None
    agency: AgencyScope | None = strawberry.field(default=None, description="The speaker held a post in it.")
    place: strawberry.ID | None = None
    source: strawberry.ID | None = strawberry.field(default=None, description="The article's IRI.")
    direct: bool | None = None
    role: Role | None = None
    during: DateRange | None = None
    at: dt.date | None = None
    and_: list[StatementWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[StatementWhere] | None = strawberry.field(name="OR", default=None)
    not_: StatementWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.input(description="Which articles: every condition given must hold.")
class ArticleWhere:
    id: strawberry.ID | None = None
    id_in: list[strawberry.ID] | None = None
    url: StringFilter | None = None
    title: StringFilter | None = None
    mentions: strawberry.ID | None = None
    during: DateRange | None = strawberry.field(default=None, description="Published within the range.")
    at: dt.date | None = None
    and_: list[ArticleWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[ArticleWhere] | None = strawberry.field(name="OR", default=None)
    not_: ArticleWhere | None = strawberry.field(name="NOT", default=None)


@strawberry.enum(description="What a list is ordered by; each list accepts the keys its description names.")
class SortKey(enum.Enum):
    NAME = "name"
    TITLE = "title"
    START = "start"
    DATE = "date"
    PUBLISHED = "published"


@strawberry.input(description="The order of a list; ties are broken by IRI.")
class ListOrder:
    by: SortKey
    direction: OrderDirection | None = strawberry.field(default=None, description="ASC when not given.")


# kind → (default sort key, descending by default)
DEFAULT_ORDER = {"person": ("name", False), "agency": ("name", False), "post": ("title", False),
                 "event": ("start", True), "statement": ("date", True), "article": ("published", True)}


def order_of(kind: str, order: ListOrder | None) -> tuple[str, bool]:
    """(sort key, descending) for a list of ``kind``."""
    if order is None:
        return DEFAULT_ORDER[kind]
    return order.by.value, order.direction == OrderDirection.DESC


def _strings(w: Where, facet: str, f: StringFilter) -> list[str]:
    ops: list[tuple[str, list[str] | None]] = [
        ("eq", [f.eq] if f.eq is not None else None), ("in", f.in_),
        ("contains", [f.contains] if f.contains is not None else None),
        ("startsWith", [f.starts_with] if f.starts_with is not None else None)]
    return [w.text(facet, op, values) for op, values in ops if values is not None]


def _scope(w: Where, facet: str, s: AgencyScope) -> str:
    return w.linked(facet, [str(s.id)], within=s.include_sub_agencies)


# field → how it becomes a pattern: (facet, builder)
_FIELDS: dict[str, Callable[[Where, Any, str], list[str]]] = {
    "id": lambda w, v, k: [w.ids([str(v)])],
    "id_in": lambda w, v, k: [w.ids([str(x) for x in v])],
    "name": lambda w, v, k: _strings(w, "name", v),
    "title": lambda w, v, k: _strings(w, "name", v),
    "text": lambda w, v, k: _strings(w, "name", v),
    "url": lambda w, v, k: _strings(w, "url", v),
    "type": lambda w, v, k: [w.concept("type", "event-type" if k == "event" else "agency-type",
                                       [v.value if isinstance(v, enum.Enum) else v])],
    "type_in": lambda w, v, k: [w.concept("type", "event-type", [x.value for x in v])],
    "event_type": lambda w, v, k: [w.concept("type", "event-type", [v.value])],
    "role": lambda w, v, k: [w.concept("role", "role", [v.value])],
    "direct": lambda w, v, k: [w.boolean("direct", v)],
    "during": lambda w, v, k: [w.during(v.from_, v.to)],
    "at": lambda w, v, k: [w.during(v, v)],
    "agency": lambda w, v, k: [_scope(w, "agency", v)],
    "member_of": lambda w, v, k: [w.tenure(agency=str(v.agency) if v.agency else None,
                                           post=str(v.post) if v.post else None, at=v.at,
                                           within=v.include_sub_agencies)],
}
# Fields that name one entity the item links to by the facet of the same meaning.
_LINKED_FIELDS = {"speaker": "speaker", "principal": "principal", "place": "place", "event": "event",
                  "source": "source", "mentions": "mentions", "parent": "parent", "within": "within",
                  "holder": "holder", "spoke_at": "spokeAt"}


def checked_iri(value: str, name: str) -> str:
    """``value`` when it is an absolute IRI; else a refusal naming the argument."""
    try:
        NamedNode(value)
    except ValueError as exc:
        raise QueryRejected(f"{name}={value[:200]!r}: not an IRI ({exc})") from None
    return value


def order_facet(kind: str, where: Any) -> str | None:
    """The event type a ``where`` asks for when it asks for nothing else (``{type: X}``, ``{typeIn: [X]}``): a list
    kept in order per type (``derived.orders.FACETS``) is then read off that type's order, no candidate checked."""
    if kind != "event" or where is None:
        return None
    given = {name: value for name, value in vars(where).items() if value is not None}
    if given.keys() == {"type"}:
        value = given["type"]
    elif given.keys() == {"type_in"} and len(given["type_in"]) == 1:
        value = given["type_in"][0]
    else:
        return None
    return concept("event-type", value).value


def compile_where(kind: str, where: Any, w: Where | None = None, depth: int = 0) -> str:
    """The graph pattern for a ``where`` input of ``kind`` ('event', 'person', …); empty for no input."""
    w = w or Where(kind)
    if where is None:
        return ""
    if depth > MAX_NESTING:
        raise QueryRejected(f"where: AND/OR/NOT nested deeper than {MAX_NESTING}")
    parts: list[str] = []
    for name, facet in _LINKED_FIELDS.items():
        value = getattr(where, name, None)
        if value is not None:
            parts.append(w.linked(facet, [checked_iri(str(value), f"where.{name}")]))
    for name, build in _FIELDS.items():
        value = getattr(where, name, None)
        if value is None:
            continue
        if isinstance(value, list) and len(value) > MAX_VALUES:
            raise QueryRejected(f"where.{name}: at most {MAX_VALUES} values")
        try:  # an ID that is no IRI, a text the store cannot hold: the term refuses to be built
            parts.extend(build(w, value, kind))
        except ValueError as exc:
            raise QueryRejected(f"where.{name}: {exc}") from None
    for sub in where.and_ or []:
        parts.append(compile_where(kind, sub, w, depth + 1))
    if where.or_:
        parts.append(w.any_of([compile_where(kind, sub, w, depth + 1) for sub in where.or_]))
    if where.not_ is not None:
        parts.append(w.none_of(compile_where(kind, where.not_, w, depth + 1)))
    return w.all_of(parts)
