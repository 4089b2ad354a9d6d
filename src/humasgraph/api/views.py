"""What the explorer's entity pages show, read through ``Services``: one view per kind of entity.

Each ``*_view`` function takes the services and an IRI and returns plain data for a template:
names already resolved, every entity it mentions as a ``Ref`` (its kind, its label and its IRI),
lists bounded. They run in a worker thread; the store queries are batched per kind (a page of a
busy person reads a few dozen IRIs' labels in one query per kind, not one per IRI).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..services import (
    AgencyRecord,
    ArticleRecord,
    DelegationRecord,
    EventInfo,
    EventRecord,
    PersonRecord,
    PlaceRecord,
    PostRecord,
    Services,
    StatementRecord,
    Tenure,
    held_on,
)

__all__ = ["LIMIT", "Ref", "agency_view", "article_view", "event_view", "label_refs", "person_view", "post_view",
           "statement_view"]

LIMIT = 50  # the most items a page lists of one kind (events, statements, articles …)


@dataclass(frozen=True)
class Ref:
    """An entity a page mentions: its IRI, kind and what to call it."""

    iri: str
    kind: str
    label: str


def _label(kind: str, record: Any) -> str:
    if kind == "post":
        return str(record.label or record.title)
    if kind == "article":
        return str(record.title or record.url)
    if kind == "statement":
        text = str(record.text)
        return text if len(text) <= 90 else text[:87] + "…"
    return str(getattr(record, "name", "") or "")


def label_refs(services: Services, iris: Iterable[str | None]) -> dict[str, Ref]:
    """IRI → its ``Ref`` for the IRIs the graph knows (unknown ones are absent): one query per kind."""
    wanted = sorted({i for i in iris if i})
    if not wanted:
        return {}
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri, (kind, _now) in services.kinds_of(wanted).items():
        by_kind[kind].append(iri)
    out: dict[str, Ref] = {}
    for kind, group in by_kind.items():
        if kind in ("tenure", "delegation", "account"):
            out.update({i: Ref(i, kind, "") for i in group})
            continue
        found = services.records(kind, group)
        out.update({i: Ref(i, kind, _label(kind, found[i]) or i) for i in group if i in found})
    return out


def _records(services: Services, kind: str, iris: Sequence[str]) -> list[Any]:
    found = services.records(kind, list(iris))
    return [found[i] for i in iris if i in found]


# --- delegations, statements and articles, as every page lists them ---------------------------


@dataclass(frozen=True)
class DelegationRow:
    delegate: Ref | None
    principal: Ref | None
    event: Ref | None
    acts: list[str]
    source: Ref | None


def _delegation_rows(services: Services, iris: Sequence[str]) -> list[DelegationRow]:
    found: list[DelegationRecord] = _records(services, "delegation", iris[:LIMIT])
    refs = label_refs(services, [x for d in found for x in (d.delegate, d.principal, d.event, d.source)])
    return [DelegationRow(refs.get(d.delegate), refs.get(d.principal), refs.get(d.event or ""),
                          sorted(d.acts), refs.get(d.source or "")) for d in found]


@dataclass(frozen=True)
class StatementRow:
    iri: str
    text: str
    direct: bool
    date: dt.date | None
    speaker: Ref | None
    on_behalf_of: Ref | None
    event: Ref | None
    source: Ref | None
    source_url: str | None
    evidence: str | None = None


def _statement_rows(services: Services, iris: Sequence[str], *, evidence: bool = False) -> list[StatementRow]:
    found: list[StatementRecord] = _records(services, "statement", iris[:LIMIT])
    refs = label_refs(services, [x for s in found for x in (s.speaker, s.on_behalf_of, s.event, s.source)])
    urls = {a.iri: a.url for a in _records(services, "article", sorted({s.source for s in found}))}
    spans = services.evidence([s.iri for s in found]) if evidence else {}
    rows = []
    for s in found:
        span = spans[s.iri].span if s.iri in spans else None
        rows.append(StatementRow(s.iri, s.text, s.direct, s.date, refs.get(s.speaker), refs.get(s.on_behalf_of or ""),
                                 refs.get(s.event or ""), refs.get(s.source), urls.get(s.source),
                                 span.exact if span is not None else None))
    return rows


@dataclass(frozen=True)
class ArticleRow:
    iri: str
    title: str
    url: str
    published: dt.date | None
    publisher: str | None


def _article_rows(services: Services, iris: Sequence[str]) -> list[ArticleRow]:
    found: list[ArticleRecord] = _records(services, "article", iris[:LIMIT])
    return [ArticleRow(a.iri, a.title or a.url, a.url, a.published, a.publisher) for a in found]


@dataclass(frozen=True)
class EventRow:
    iri: str
    name: str
    type: str | None
    start: dt.date | None


def _event_rows(services: Services, iris: Sequence[str]) -> list[EventRow]:
    found: list[EventRecord] = _records(services, "event", iris[:LIMIT])
    return [EventRow(e.iri, e.name, e.type, e.start) for e in found]


def _linked(services: Services, link: str, iri: str, limit: int = LIMIT) -> list[str]:
    """The first ``limit`` entities linked to ``iri``, in the link's order."""
    return services.linked_first(link, iri, limit)


# --- events -----------------------------------------------------------------------------------


@dataclass
class EventView:
    info: EventInfo
    record: EventRecord | None
    organizer: Ref | None
    participants: list[Ref]
    delegations: list[DelegationRow]
    sources: list[ArticleRow]
    same_organizer: list[EventRow]
    source_urls: dict[str, str] = field(default_factory=dict)


def event_view(services: Services, iri: str) -> EventView | None:
    """The flagship answer for one event (speakers, post held that day, principal, statements), and more."""
    infos = services.flagship(event_type=None, events=[iri], limit=1)
    if not infos:
        return None
    info = infos[0]
    record: EventRecord | None = services.records("event", [iri]).get(iri)  # type: ignore[assignment]
    participants = sorted(label_refs(services, record.participants if record else []).values(),
                          key=lambda r: r.label)
    organizer = label_refs(services, [info.organizer]).get(info.organizer or "")
    same: list[EventRow] = []
    if info.organizer:
        others = [e for e in _linked(services, "agency.organised", info.organizer, 11) if e != iri]
        same = _event_rows(services, others[:10])
    sources = _article_rows(services, _linked(services, "entity.sources", iri))
    statement_sources = {st.source for sp in info.speakers for st in sp.statements}
    urls = {a.iri: a.url for a in _records(services, "article", sorted(statement_sources))}
    return EventView(info, record, organizer, participants,
                     _delegation_rows(services, _linked(services, "event.delegations", iri)),
                     sources, same, urls)


# --- people -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TenureRow:
    tenure: Tenure
    post: Ref
    agency: Ref | None
    first_seen: dt.date | None
    last_seen: dt.date | None
    current: bool


def _tenure_rows(services: Services, tenures: list[Tenure]) -> list[TenureRow]:
    now = held_on(tenures, None)
    refs = label_refs(services, [t.agency for t in tenures])
    rows = [TenureRow(t, Ref(t.post, "post", t.label), refs.get(t.agency or ""),
                      t.start or (t.attested[0] if t.attested else None),
                      t.end or t.last_seen, t is now) for t in tenures]
    return sorted(rows, key=lambda r: (r.first_seen or dt.date.min, r.post.label))


@dataclass
class PersonView:
    record: PersonRecord
    tenures: list[TenureRow]
    events: list[EventRow]
    statements: list[StatementRow]
    spoke_for: list[DelegationRow]
    represented_by: list[DelegationRow]
    sources: list[ArticleRow]
    accounts: list[Any]


def person_view(services: Services, iri: str) -> PersonView | None:
    record: PersonRecord | None = services.records("person", [iri]).get(iri)  # type: ignore[assignment]
    if record is None:
        return None
    tenures = services.tenures([iri], by="person").get(iri, [])
    return PersonView(
        record, _tenure_rows(services, tenures),
        _event_rows(services, _linked(services, "person.events", iri)),
        _statement_rows(services, _linked(services, "person.statements", iri)),
        _delegation_rows(services, _linked(services, "person.delegated", iri)),
        _delegation_rows(services, _linked(services, "principal.delegations", iri)),
        _article_rows(services, _linked(services, "entity.sources", iri)),
        sorted(_records(services, "account", record.accounts), key=lambda a: (a.platform, a.handle)))


# --- agencies and posts -----------------------------------------------------------------------


@dataclass(frozen=True)
class PostRow:
    post: Ref
    holder: Ref | None
    acting: str | None


@dataclass
class AgencyView:
    record: AgencyRecord
    ancestors: list[Ref]
    children: list[tuple[Ref, list[Ref]]]  # each sub-unit with its own sub-units
    posts: list[PostRow]
    events: list[EventRow]
    represented_by: list[DelegationRow]
    sources: list[ArticleRow]
    accounts: list[Any]


def agency_view(services: Services, iri: str) -> AgencyView | None:
    record: AgencyRecord | None = services.records("agency", [iri]).get(iri)  # type: ignore[assignment]
    if record is None:
        return None
    above = services.ancestors([iri]).get(iri, [])
    children = _linked(services, "agency.children", iri)
    grandchildren = services.linked("agency.children", children) if children else {}
    posts = _linked(services, "agency.posts", iri)
    tenures = services.tenures(posts, by="post") if posts else {}
    holders = {p: held_on(ts, None) for p, ts in tenures.items()}
    refs = label_refs(services, [*above, *children, *(g for gs in grandchildren.values() for g in gs), *posts,
                                 *(t.person for t in holders.values() if t is not None)])
    post_rows = [PostRow(refs[p], refs.get(holders[p].person) if holders.get(p) else None,  # type: ignore[union-attr]
                         holders[p].acting if holders.get(p) else None)  # type: ignore[union-attr]
                 for p in posts if p in refs]
    return AgencyView(
        record, [refs[a] for a in reversed(above) if a in refs],
        [(refs[c], [refs[g] for g in grandchildren.get(c, []) if g in refs]) for c in children if c in refs],
        sorted(post_rows, key=lambda r: r.post.label),
        _event_rows(services, _linked(services, "agency.organised", iri)),
        _delegation_rows(services, _linked(services, "principal.delegations", iri)),
        _article_rows(services, _linked(services, "entity.sources", iri)),
        sorted(_records(services, "account", record.accounts), key=lambda a: (a.platform, a.handle)))


@dataclass
class PostView:
    record: PostRecord
    agency: Ref | None
    holders: list[TenureRow]
    holder_refs: dict[str, Ref]
    current: Ref | None
    represented_by: list[DelegationRow]
    statements: list[StatementRow]


def post_view(services: Services, iri: str) -> PostView | None:
    record: PostRecord | None = services.records("post", [iri]).get(iri)  # type: ignore[assignment]
    if record is None:
        return None
    tenures = services.tenures([iri], by="post").get(iri, [])
    refs = label_refs(services, [record.agency, *(t.person for t in tenures)])
    now = held_on(tenures, None)
    return PostView(record, refs.get(record.agency or ""), _tenure_rows(services, tenures), refs,
                    refs.get(now.person) if now is not None else None,
                    _delegation_rows(services, _linked(services, "principal.delegations", iri)),
                    _statement_rows(services, _linked(services, "principal.statements", iri)))


# --- articles, statements, places -------------------------------------------------------------


@dataclass
class ArticleView:
    record: ArticleRecord
    statements: list[StatementRow]
    mentions: dict[str, list[Ref]]  # kind → the entities of that kind it mentions


def article_view(services: Services, iri: str) -> ArticleView | None:
    record: ArticleRecord | None = services.records("article", [iri]).get(iri)  # type: ignore[assignment]
    if record is None:
        return None
    mentioned = label_refs(services, _linked(services, "article.mentions", iri))
    by_kind: dict[str, list[Ref]] = defaultdict(list)
    for ref in sorted(mentioned.values(), key=lambda r: r.label):
        by_kind[ref.kind].append(ref)
    return ArticleView(record, _statement_rows(services, _linked(services, "article.statements", iri), evidence=True),
                       dict(by_kind))


def statement_view(services: Services, iri: str) -> StatementRow | None:
    rows = _statement_rows(services, [iri], evidence=True)
    return rows[0] if rows else None


def delegation_view(services: Services, iri: str) -> DelegationRow | None:
    rows = _delegation_rows(services, [iri])
    return rows[0] if rows else None


@dataclass
class PlaceView:
    record: PlaceRecord
    within: list[Ref]


def place_view(services: Services, iri: str) -> PlaceView | None:
    found = services.records("place", [iri])
    record: PlaceRecord | None = found.get(iri)  # type: ignore[assignment]
    if record is None:
        return None
    chain: list[Ref] = []
    at = record.within
    while at and at in found and len(chain) < 5:
        up: PlaceRecord = found[at]  # type: ignore[assignment]
        chain.append(Ref(at, "place", up.name))
        at = up.within
    return PlaceView(record, chain)
