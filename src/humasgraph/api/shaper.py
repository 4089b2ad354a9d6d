"""What a compiled field answers: each compiled type's fields over one request's batched reads.

The compiled path (``compiler``) answers a selection without strawberry's per-field resolution.
Its fields are the functions below, each the twin of its resolver in ``types`` (the same records,
the same ``held_on``, the same order of lists), run over ``Batch``: the reads of one request,
made one batch per level of the selection and kept for the request, like the loaders' cache.

A field answers a plain value (serialised afterwards by the schema's own scalar), ``None``, a
``Child`` (an object the next level shapes) or a list of them. What the compiled path does not
know raises ``Fallback``: the whole operation then runs through the resolvers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from ..services import Appearance, Need, Prefetched, Services, Tenure, held_on
from .enums import Act, Acting, EventType, Role, TenureStatus, from_value
from .filters import checked_iri, compile_where, order_of
from .pagination import Window, cursor, window

__all__ = ["FIELDS", "PREFETCH", "READS", "TO", "Batch", "Child", "Fallback", "Field", "needs_of"]


class Fallback(Exception):  # noqa: N818 - a signal, never shown: the resolvers answer instead
    """The compiled path cannot answer this request: the resolvers will."""


class Child(NamedTuple):
    """An object a field points to: its GraphQL type and what that type's fields read (an IRI, a record …)."""

    type: str
    obj: Any


class Batch:
    """One request's reads through ``Services``: asked for in batches, kept for the request.

    Each ``want_*`` reads what is not known yet in one call; the single getters read a key
    on its own only when no batch brought it (so a field is right even where no prefetch
    foresaw it).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.records: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, list[str]]] = {}
        self.kinds: dict[str, tuple[str, str] | None] = {}
        self.tenures: dict[str, dict[str, list[Tenure]]] = {"person": {}, "post": {}}
        self.appearances: dict[str, list[Appearance]] = {}
        self.prefetched: list[Prefetched] = []

    def seed(self, found: Prefetched) -> None:
        """Keep what one prefetch read (what is known already stays)."""
        self.prefetched.append(found)  # its records are built when asked for
        for link, lists in found.links.items():
            cache_links = self.links.setdefault(link, {})
            for iri, linked in lists.items():
                cache_links.setdefault(iri, linked)
        for iri, known in found.kinds.items():
            self.kinds.setdefault(iri, known)
        for event, appearances in found.appearances.items():
            self.appearances.setdefault(event, appearances)
        for by, tenures in found.tenures.items():
            for iri, held in tenures.items():
                self.tenures[by].setdefault(iri, held)

    def want_records(self, kind: str, iris: Iterable[str | None]) -> None:
        cache = self.records.setdefault(kind, {})
        missing = []
        for iri in {i for i in iris if i and i not in cache}:
            read = next((p for p in self.prefetched if p.covers(kind, iri)), None)
            if read is not None:
                cache[iri] = read.record(kind, iri)
            else:
                missing.append(iri)
        missing.sort()
        if missing:
            found = self.services.records(kind, missing, cache.keys())
            for iri in missing:
                cache[iri] = found.get(iri)
            for iri, value in found.items():  # those above them (a venue's city, an agency's parent)
                cache.setdefault(iri, value)

    def record(self, kind: str, iri: str) -> Any:
        cache = self.records.get(kind)
        if cache is None or iri not in cache:
            self.want_records(kind, [iri])
        return self.records[kind][iri]

    def want_links(self, link: str, iris: Iterable[str]) -> None:
        cache = self.links.setdefault(link, {})
        missing = sorted({i for i in iris if i not in cache})
        if missing:
            found = self.services.linked(link, missing)
            for iri in missing:
                cache[iri] = found.get(iri, [])

    def linked(self, link: str, iri: str) -> list[str]:
        cache = self.links.get(link)
        if cache is None or iri not in cache:
            self.want_links(link, [iri])
        return self.links[link][iri]

    def want_kinds(self, iris: Iterable[str | None]) -> None:
        missing = sorted({i for i in iris if i and i not in self.kinds})
        if missing:
            found = self.services.kinds_of(missing)
            for iri in missing:
                self.kinds[iri] = found.get(iri)

    def kind(self, iri: str) -> tuple[str, str] | None:
        if iri not in self.kinds:
            self.want_kinds([iri])
        return self.kinds[iri]

    def want_tenures(self, by: str, iris: Iterable[str]) -> None:
        cache = self.tenures[by]
        missing = sorted({i for i in iris if i not in cache})
        if missing:
            found = self.services.tenures(missing, by=by)
            for iri in missing:
                cache[iri] = found.get(iri, [])

    def tenures_of(self, by: str, iri: str) -> list[Tenure]:
        if iri not in self.tenures[by]:
            self.want_tenures(by, [iri])
        return self.tenures[by][iri]

    def want_appearances(self, events: Iterable[str]) -> None:
        missing = sorted({e for e in events if e not in self.appearances})
        if missing:
            found = self.services.appearances(missing)
            for e in missing:
                self.appearances[e] = found.get(e, [])

    def appearances_at(self, event: str) -> list[Appearance]:
        if event not in self.appearances:
            self.want_appearances([event])
        return self.appearances[event]


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
                                    limit=win.limit)
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

# ---- what each level reads in one batch per kind, before its fields are answered ----------------

Prefetch = Callable[[Batch, Sequence[Any], frozenset[str]], None]
_EVENT_RECORD = frozenset({"name", "type", "start", "end", "participantCount", "venue", "city", "province",
                           "organizer"})


def _pre_event(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names & _EVENT_RECORD:
        b.want_records("event", iris)
    records = [b.records["event"].get(i) for i in iris] if names & _EVENT_RECORD else []
    if names & {"venue", "city", "province"}:
        b.want_records("place", [r.location for r in records if r])
    if "organizer" in names:
        b.want_kinds([r.organizer for r in records if r])
    if "speakers" in names:
        b.want_appearances(iris)
    for name, link in (("statements", "event.statements"), ("participatingAgencies", "event.participants"),
                       ("delegations", "event.delegations"), ("sources", "entity.sources")):
        if name in names:
            b.want_links(link, iris)


def _pre_speaker(b: Batch, speakers: Sequence[tuple[str, Appearance]], names: frozenset[str]) -> None:
    events = [s[0] for s in speakers]
    if names & {"position", "onBehalfOf"}:
        b.want_records("event", events)
    if "position" in names:
        b.want_tenures("person", [s[1].person for s in speakers])
    if "onBehalfOf" in names:
        b.want_kinds([s[1].principal for s in speakers])
    if "statements" in names:
        b.want_links("event.statements", events)
        b.want_records("statement", [i for e in events for i in b.links["event.statements"][e]])


def _pre_records(kind: str, fields: frozenset[str]) -> Prefetch:
    def prefetch(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
        if names & fields:
            b.want_records(kind, iris)
    return prefetch


def _pre_post(b: Batch, posts: Sequence[tuple[str, dt.date | None]], names: frozenset[str]) -> None:
    iris = [p[0] for p in posts]
    if names & {"title", "label", "agency"}:
        b.want_records("post", iris)
    if "holder" in names:
        b.want_tenures("post", iris)


def _pre_statement(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("statement", iris)
    records = [b.records["statement"].get(i) for i in iris] if names - {"id", "__typename"} else []
    if "author" in names:
        b.want_kinds([r.author for r in records if r])
    if "onBehalfOf" in names:
        b.want_kinds([r.on_behalf_of for r in records if r])


def _pre_article(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("article", iris)
    if "publisher" in names:
        b.want_records("agency", [r.publisher for i in iris for r in [b.records["article"].get(i)] if r])


def _pre_delegation(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("delegation", iris)
    if "principal" in names:
        records = [r for i in iris for r in [b.records["delegation"].get(i)] if r]
        b.want_records("event", [r.event for r in records])
        b.want_kinds([r.principal for r in records])


PREFETCH: dict[str, Prefetch] = {
    "Event": _pre_event,
    "Speaker": _pre_speaker,  # type: ignore[dict-item]
    "Person": _pre_records("person", frozenset({"name", "honorificPrefix", "honorificSuffix", "aliases"})),
    "Agency": _pre_records("agency", frozenset({"name", "abbreviations", "type", "parent"})),
    "Place": _pre_records("place", frozenset({"name", "type", "containedIn"})),
    "Post": _pre_post,  # type: ignore[dict-item]
    "Statement": _pre_statement,
    "Article": _pre_article,
    "Delegation": _pre_delegation,
}


# ---- what a whole selection reads, known before it runs: one prefetch query (``Services.prefetch``) ----
#
# READS: (type, field) → what the object's field reads: (fetch, steps from the object). TO: (type, field)
# → the steps from the object to the objects the field points to. A speaker is read from its event,
# a tenure from its person. A field absent from TO is read level by level (its objects are not reached).

_R = {kind: ("records:" + kind, ()) for kind in ("event", "person", "agency", "post", "place", "statement",
                                                 "article", "delegation")}
Read = tuple[str, tuple[str, ...]]


def _records(typ: str, kind: str, *fields: str) -> dict[tuple[str, str], tuple[Read, ...]]:
    return {(typ, f): (_R[kind],) for f in fields}


READS: dict[tuple[str, str], tuple[Read, ...]] = {
    **_records("Event", "event", "name", "type", "start", "end", "participantCount"),
    **{("Event", f): (_R["event"], ("records:place", ("location", "within*"))) for f in ("venue", "city", "province")},
    ("Event", "organizer"): (_R["event"], ("kinds", ("organizer",))),
    ("Event", "speakers"): (("appearances", ()),),
    ("Event", "statements"): (("link:event.statements", ()),),
    ("Event", "participatingAgencies"): (("link:event.participants", ()),),
    ("Event", "delegations"): (("link:event.delegations", ()),),
    ("Event", "sources"): (("link:entity.sources", ()),),
    ("Speaker", "position"): (_R["event"], ("tenures:person", ("performer",))),
    ("Speaker", "onBehalfOf"): (_R["event"], ("kinds", ("principal",))),
    ("Speaker", "statements"): (("link:event.statements", ()), ("records:statement", ("statement",))),
    **_records("Person", "person", "name", "honorificPrefix", "honorificSuffix", "aliases"),
    **_records("Agency", "agency", "name", "abbreviations", "type", "parent"),
    **_records("Post", "post", "title", "label", "agency"),
    ("Post", "holder"): (("tenures:post", ()),),
    **_records("Place", "place", "name", "type", "containedIn"),
    **_records("Statement", "statement", "text", "direct", "speaker", "event", "date", "role", "source"),
    ("Statement", "author"): (_R["statement"], ("kinds", ("author",))),
    ("Statement", "onBehalfOf"): (_R["statement"], ("kinds", ("onBehalfOf",))),
    **_records("Article", "article", "url", "title", "published", "language"),
    ("Article", "publisher"): (_R["article"], ("records:agency", ("publisher",))),
    **_records("Delegation", "delegation", "delegate", "event", "acts", "source"),
    ("Delegation", "principal"): (_R["delegation"], ("records:event", ("activity",)), ("kinds", ("agent",))),
}

TO: dict[tuple[str, str], tuple[str, ...]] = {
    **{("Event", f): ("location", "within*") for f in ("venue", "city", "province")},
    ("Event", "organizer"): ("organizer", "canon"),
    ("Event", "speakers"): (),
    ("Event", "statements"): ("statement",),
    ("Event", "participatingAgencies"): ("attendee",),
    ("Event", "delegations"): ("delegation",),
    ("Event", "sources"): ("mentionedBy",),
    ("Speaker", "event"): (),
    ("Speaker", "person"): ("performer",),
    ("Speaker", "position"): ("performer",),
    ("Speaker", "onBehalfOf"): ("principal", "canon"),
    ("Speaker", "statements"): ("statement",),
    ("Agency", "parent"): ("parent",),
    ("Post", "agency"): ("postIn",),
    ("Post", "holder"): ("holder",),
    ("Place", "containedIn"): ("within",),
    ("Tenure", "person"): (),
    ("Tenure", "post"): ("heldPost",),
    ("Tenure", "agency"): ("heldPost", "postIn"),
    ("Statement", "speaker"): ("speaker",),
    ("Statement", "author"): ("author", "canon"),
    ("Statement", "onBehalfOf"): ("onBehalfOf", "canon"),
    ("Statement", "event"): ("atEvent",),
    ("Statement", "source"): ("source",),
    ("Delegation", "delegate"): ("delegate",),
    ("Delegation", "principal"): ("agent", "canon"),
    ("Delegation", "event"): ("activity",),
    ("Delegation", "source"): ("source",),
    **{(f"{t}Connection", f): () for _, t in ROOT_LISTS.values() for f in ("nodes", "edges")},
    **{(f"{t}Edge", "node"): () for _, t in ROOT_LISTS.values()},
}

# A prefetch query of more branches than this reads the rest level by level (a deep selection).
MAX_NEEDS = 48


class Selection(Protocol):
    """What ``needs_of`` sees of a compiled object plan."""

    type: str

    @property
    def subselections(self) -> Iterable[tuple[str, Iterable[Selection]]]: ...


def needs_of(plan: Selection, path: tuple[str, ...] = ()) -> list[Need]:
    """Every read ``plan`` will make, with its path from the plan's objects (the prefetch's roots)."""
    out: dict[Need, None] = {}
    _needs(plan, path, out)
    return list(out)[:MAX_NEEDS]


def _needs(plan: Selection, path: tuple[str, ...], out: dict[Need, None]) -> None:
    if len(out) > MAX_NEEDS:
        return
    for name, children in plan.subselections:
        for fetch, steps in READS.get((plan.type, name), ()):
            out[Need(fetch, path + steps)] = None
        to = TO.get((plan.type, name))
        if to is not None:
            for child in children:
                _needs(child, path + to, out)
