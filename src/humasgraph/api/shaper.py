"""What a compiled field answers: each compiled type's fields, over one request's ``Batch``.

The compiled path (``compiler``) answers a selection without strawberry's per-field resolution.
Its fields are the functions below, each the twin of its resolver in ``types`` (the same records,
the same ``held_on``, the same order of lists).

A field answers a plain value (serialised afterwards by the schema's own scalar), ``None``, a
``Child`` (an object the next level shapes) or a list of them. What the compiled path does not
know raises ``Fallback``: the whole operation then runs through the resolvers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..services import Appearance, Tenure, held_on
from .batch import Batch, Child, Fallback
from .enums import Act, Acting, EventType, Role, TenureStatus, from_value
from .filters import checked_iri, compile_where, order_facet, order_of
from .pagination import Window, cursor, window

__all__ = ["ARGUMENTS", "FIELDS", "ROOT_LISTS", "Args", "Field", "Page"]


Args = dict[str, Any]
# A field: (batch, the object, its arguments) → a value, None, a Child or a list of Children.
Field = Callable[[Batch, Any, Args], Any]


def _principal(b: Batch, iri: str | None, on: dt.date | None) -> Child | None:
    """``types.principal_of``: the principal as its kind; a post remembers the date its holder is wanted on."""
    if iri is None:
        return None
    found = b.kind(iri)
    kind, now = found if found else ("agency", iri)
    if kind == "person":
        return Child("Person", now)
    if kind == "post":
        return Child("Post", (now, on))
    return Child("Agency", now)


def _places(b: Batch, event: str) -> list[Any]:
    """``Event._places``: the event's location and the places it lies in, innermost first."""
    r = b.record("event", event)
    chain: list[Any] = []
    iri = r.location if r else None
    while iri and len(chain) < 4:
        place = b.record("place", iri)
        if place is None:
            break
        chain.append(place)
        iri = place.within
    return chain


def _attr(kind: str, name: str, default: Callable[[str], Any]) -> Field:
    """A field that is one attribute of the object's record (``default(iri)`` without a record)."""
    def field(b: Batch, iri: str, args: Args) -> Any:
        r = b.record(kind, iri)
        return getattr(r, name) if r else default(iri)
    return field


def _own(iri: str) -> str:
    return iri


def _none(iri: str) -> None:
    return None


def _empty(iri: str) -> list[str]:
    return []


def _to(kind: str, name: str, target: str) -> Field:
    """A field pointing from the object's record to one object of type ``target`` (or null)."""
    def field(b: Batch, iri: str, args: Args) -> Child | None:
        r = b.record(kind, iri)
        value = getattr(r, name) if r else None
        return Child(target, value) if value else None
    return field


def _list(link: str, target: str) -> Field:
    def field(b: Batch, iri: str, args: Args) -> list[Child]:
        return [Child(target, i) for i in b.linked(link, iri)]
    return field


def _node_id(b: Batch, obj: Any, args: Args) -> str:
    return obj if isinstance(obj, str) else obj[0]


def _event_organizer(b: Batch, iri: str, args: Args) -> Child | None:
    r = b.record("event", iri)
    found = _principal(b, r.organizer if r else None, None)
    return found if found is not None and found.type in ("Person", "Agency") else None


def _venue(b: Batch, iri: str, args: Args) -> Child | None:
    chain = _places(b, iri)
    return Child("Place", chain[0].iri) if chain and chain[0].type == "venue" else None


def _place_of(*types: str) -> Field:
    def field(b: Batch, iri: str, args: Args) -> Child | None:
        found = [p for p in _places(b, iri) if p.type in types]
        return Child("Place", found[0].iri) if found else None
    return field


def _speakers(b: Batch, iri: str, args: Args) -> list[Child]:
    return [Child("Speaker", (iri, a)) for a in b.appearances_at(iri)]


def _speaker_date(b: Batch, event: str) -> dt.date | None:
    r = b.record("event", event)
    return r.start if r else None


def _speaker_position(b: Batch, s: tuple[str, Appearance], args: Args) -> Child | None:
    tenure = held_on(b.tenures_of("person", s[1].person), _speaker_date(b, s[0]))
    return Child("Tenure", tenure) if tenure else None


def _speaker_statements(b: Batch, s: tuple[str, Appearance], args: Args) -> list[Child]:
    iris = b.linked("event.statements", s[0])
    b.want_records("statement", iris)
    found = [b.record("statement", i) for i in iris]
    return [Child("Statement", r.iri) for r in found if r is not None and r.speaker == s[1].person]


def _post_holder(b: Batch, post: tuple[str, dt.date | None], args: Args) -> Child | None:
    tenures = b.tenures_of("post", post[0])
    tenure = held_on([t for t in tenures if t.start or t.end or t.seen], args.get("at") or post[1])
    return Child("Person", tenure.person) if tenure else None


def _post_attr(name: str) -> Field:
    def field(b: Batch, post: tuple[str, dt.date | None], args: Args) -> Any:
        r = b.record("post", post[0])
        return getattr(r, name) if r else post[0]
    return field


def _post_agency(b: Batch, post: tuple[str, dt.date | None], args: Args) -> Child | None:
    r = b.record("post", post[0])
    return Child("Agency", r.agency) if r and r.agency else None


def _tenure_status(b: Batch, t: Tenure, args: Args) -> TenureStatus:
    if t.end:
        return TenureStatus.ENDED
    return TenureStatus.OPEN if t.start else TenureStatus.ATTESTED


def _statement_principal(name: str) -> Field:
    def field(b: Batch, iri: str, args: Args) -> Child | None:
        r = b.record("statement", iri)
        return _principal(b, getattr(r, name) if r else None, r.date if r else None)
    return field


def _statement_direct(b: Batch, iri: str, args: Args) -> bool:
    r = b.record("statement", iri)
    return r.direct if r else True


def _statement_role(b: Batch, iri: str, args: Args) -> Role | None:
    r = b.record("statement", iri)
    return from_value(Role, r.role if r else None)


def _article_publisher(b: Batch, iri: str, args: Args) -> str | None:
    r = b.record("article", iri)
    if r is None or r.publisher is None:
        return None
    org = b.record("agency", r.publisher)
    return org.name if org else None


def _delegation_principal(b: Batch, iri: str, args: Args) -> Child | None:
    r = b.record("delegation", iri)
    if r is None:
        return None
    event = b.record("event", r.event) if r.event else None
    return _principal(b, r.principal, event.start if event else None)


def _delegation_acts(b: Batch, iri: str, args: Args) -> list[Act]:
    r = b.record("delegation", iri)
    return [a for a in (from_value(Act, x) for x in (r.acts if r else [])) if a is not None]


@dataclass(frozen=True)
class Page:
    """A page of a root list: the Connection's object."""

    type: str  # the GraphQL type of its nodes
    iris: list[str]
    win: Window
    has_next: bool


# The root lists: field → (kind, GraphQL type of its nodes).
ROOT_LISTS = {"people": ("person", "Person"), "agencies": ("agency", "Agency"), "posts": ("post", "Post"),
              "events": ("event", "Event"), "statements": ("statement", "Statement"),
              "articles": ("article", "Article")}


def _root_list(name: str) -> Field:
    kind, node_type = ROOT_LISTS[name]

    def field(b: Batch, root: None, args: Args) -> Child:
        # ``schema._list``: the same window, filter and order, and the same door.
        win = window(args.get("first"), args.get("after"))
        pattern = compile_where(kind, args.get("where"))
        sort, descending = order_of(kind, args.get("order_by"))
        page = b.services.list_page(kind, pattern, sort=sort, descending=descending, offset=win.offset,
                                    limit=win.limit, facet=order_facet(kind, args.get("where")))
        return Child(f"{node_type}Connection", Page(node_type, list(page.iris), win, page.has_next))
    return field


def _root_node(b: Batch, root: None, args: Args) -> Child | None:
    """``types.node_of``."""
    found = b.kind(checked_iri(str(args["id"]), "id"))
    if found is None:
        return None
    kind, now = found
    if kind not in _NODE_KINDS:  # a tenure: read through its person, as node_of does
        raise Fallback(f"node of kind {kind}")
    typ = _NODE_KINDS[kind]
    return Child(typ, (now, None) if typ == "Post" else now)


_NODE_KINDS = {"person": "Person", "agency": "Agency", "post": "Post", "event": "Event", "statement": "Statement",
               "article": "Article", "delegation": "Delegation", "place": "Place"}


def _page_nodes(b: Batch, page: Page, args: Args) -> list[Child]:
    return [Child(page.type, (i, None) if page.type == "Post" else i) for i in page.iris]


def _page_edges(b: Batch, page: Page, args: Args) -> list[Child]:
    return [Child(f"{page.type}Edge", (cursor(page.win.offset + n), node))
            for n, node in enumerate(_page_nodes(b, page, args))]


def _page_info(b: Batch, page: Page, args: Args) -> Child:
    start = cursor(page.win.offset) if page.iris else None
    end = cursor(page.win.offset + len(page.iris) - 1) if page.iris else None
    return Child("PageInfo", (page.has_next, page.win.offset > 0, start, end))


def _event_fields() -> dict[str, Field]:
    rec = "event"
    return {
        "name": _attr(rec, "name", _own),
        "type": lambda b, i, a: from_value(EventType, getattr(b.record(rec, i), "type", None)),
        "start": _attr(rec, "start", _none),
        "end": _attr(rec, "end", _none),
        "participantCount": _attr(rec, "participant_count", _none),
        "venue": _venue,
        "city": _place_of("city", "regency"),
        "province": _place_of("province"),
        "organizer": _event_organizer,
        "participatingAgencies": _list("event.participants", "Agency"),
        "speakers": _speakers,
        "statements": _list("event.statements", "Statement"),
        "delegations": _list("event.delegations", "Delegation"),
        "sources": _list("entity.sources", "Article"),
    }


# type → field → how it is answered. A field not here is not compiled (the operation falls back).
FIELDS: dict[str, dict[str, Field]] = {
    "Query": {"node": _root_node, **{name: _root_list(name) for name in ROOT_LISTS}},
    "Event": _event_fields(),
    "Speaker": {
        "event": lambda b, s, a: Child("Event", s[0]),
        "person": lambda b, s, a: Child("Person", s[1].person),
        "position": _speaker_position,
        "role": lambda b, s, a: from_value(Role, s[1].roles[0]) if s[1].roles else None,
        "roles": lambda b, s, a: [r for r in (from_value(Role, x) for x in s[1].roles) if r is not None],
        "onBehalfOf": lambda b, s, a: _principal(b, s[1].principal, _speaker_date(b, s[0])),
        "statements": _speaker_statements,
    },
    "Person": {
        "name": _attr("person", "name", _own),
        "honorificPrefix": _attr("person", "prefix", _none),
        "honorificSuffix": _attr("person", "suffix", _none),
        "aliases": _attr("person", "aliases", _empty),
    },
    "Agency": {
        "name": _attr("agency", "name", _own),
        "abbreviations": _attr("agency", "aliases", _empty),
        "type": _attr("agency", "type", _none),
        "parent": _to("agency", "parent", "Agency"),
    },
    "Post": {
        "title": _post_attr("title"),
        "label": _post_attr("label"),
        "agency": _post_agency,
        "holder": _post_holder,
    },
    "Place": {
        "name": _attr("place", "name", _own),
        "type": _attr("place", "type", _none),
        "containedIn": _to("place", "within", "Place"),
    },
    "Tenure": {
        "person": lambda b, t, a: Child("Person", t.person),
        "post": lambda b, t, a: Child("Post", (t.post, None)),
        "title": lambda b, t, a: t.title,
        "agency": lambda b, t, a: Child("Agency", t.agency) if t.agency else None,
        "start": lambda b, t, a: t.start,
        "end": lambda b, t, a: t.end,
        "attestedOn": lambda b, t, a: t.attested,
        "acting": lambda b, t, a: from_value(Acting, t.acting),
        "status": _tenure_status,
    },
    "Statement": {
        "text": _attr("statement", "text", lambda i: ""),
        "direct": _statement_direct,
        "speaker": _to("statement", "speaker", "Person"),
        "author": _statement_principal("author"),
        "onBehalfOf": _statement_principal("on_behalf_of"),
        "event": _to("statement", "event", "Event"),
        "date": _attr("statement", "date", _none),
        "role": _statement_role,
        "source": _to("statement", "source", "Article"),
    },
    "Article": {
        "url": _attr("article", "url", _own),
        "title": _attr("article", "title", _none),
        "publisher": _article_publisher,
        "published": _attr("article", "published", _none),
        "language": _attr("article", "language", _none),
    },
    "Delegation": {
        "delegate": _to("delegation", "delegate", "Person"),
        "principal": _delegation_principal,
        "event": _to("delegation", "event", "Event"),
        "acts": _delegation_acts,
        "source": _to("delegation", "source", "Article"),
    },
    "PageInfo": {
        "hasNextPage": lambda b, p, a: p[0],
        "hasPreviousPage": lambda b, p, a: p[1],
        "startCursor": lambda b, p, a: p[2],
        "endCursor": lambda b, p, a: p[3],
    },
}
for _typ in {t for _, t in ROOT_LISTS.values()}:
    FIELDS[f"{_typ}Connection"] = {"nodes": _page_nodes, "edges": _page_edges, "pageInfo": _page_info}
    FIELDS[f"{_typ}Edge"] = {"cursor": lambda b, e, a: e[0], "node": lambda b, e, a: e[1]}
for _typ in ("Event", "Person", "Agency", "Post", "Place", "Statement", "Article", "Delegation"):
    FIELDS[_typ]["id"] = _node_id
FIELDS["Tenure"]["id"] = lambda b, t, a: t.iri
# The fields that take arguments, and which (any other argument: not compiled).
ARGUMENTS: dict[tuple[str, str], frozenset[str]] = {
    ("Query", "node"): frozenset({"id"}),
    **{("Query", name): frozenset({"where", "orderBy", "first", "after"}) for name in ROOT_LISTS},
    ("Post", "holder"): frozenset({"at"}),
}
