"""The GraphQL object types: thin resolvers over the per-request loaders.

An object holds its IRI (and, where it matters, the date it is seen on); every field loads
what it needs through a DataLoader, so a list of fifty events costs no more store
queries than one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

import strawberry
from strawberry.types import Info
from strawberry.types.nodes import SelectedField

from .. import services as rec
from ..model.kinds import KINDS
from ..services import Tenure as TenureRecord
from ..services import held_on
from . import network
from .context import Context
from .enums import Act, Acting, EventType, Platform, Role, TenureStatus, from_value
from .filters import checked_iri
from .network import NetworkLink
from .pagination import Connection, connection, sliced, window

__all__ = [
    "Account", "Agency", "Agent", "Article", "Delegation", "Event", "Evidence", "Node", "Person", "Place", "Post",
    "Principal",
    "Speaker", "Statement", "Tenure", "node_of", "principal_of",
]

Ctx = Info[Context, None]
PageArg = Annotated[int | None, strawberry.argument(description="Page size, at most 100 (default 20).")]
AfterArg = Annotated[str | None, strawberry.argument(description="The cursor after which the page starts.")]
AtArg = Annotated[dt.date | None, strawberry.argument(description="Only what held on this date.")]


async def _record(info: Ctx, kind: str, iri: str) -> Any:
    return await info.context.loaders.record(kind, iri)


async def _linked_page(info: Ctx, link: str, iri: str, page: tuple[int | None, str | None], make: Any) -> Any:
    """A connection over a list linked to ``iri``: IRIs first, records of the page only afterwards."""
    win = window(*page)
    iris = await info.context.loaders.linked(link, iri)
    items, more = sliced(iris, win)

    async def count() -> int:
        return len(iris)
    return connection([make(i) for i in items], win, more, count)


def _asks_for(info: Ctx, name: str) -> bool:
    """True when the field being resolved selects its sub-field ``name`` (directly or in a fragment)."""
    def fields(selections: list[Any]) -> Iterator[SelectedField]:
        for sel in selections:
            if isinstance(sel, SelectedField):
                yield sel
            else:  # an inline fragment or a fragment spread: its fields are ours
                yield from fields(sel.selections)
    return any(f.name == name for top in info.selected_fields for f in fields(top.selections))


def _in_force(t: TenureRecord, at: dt.date | None) -> bool:
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


async def _evidence(info: Ctx, iri: str) -> Evidence | None:
    found = await info.context.loaders.evidence.load(iri)
    span = found.span if found is not None else None
    return Evidence(exact=span.exact, prefix=span.prefix, suffix=span.suffix, start=span.start,
                    end=span.end) if span is not None else None


async def _confidence(info: Ctx, iri: str) -> float | None:
    found = await info.context.loaders.evidence.load(iri)
    return found.confidence if found is not None else None


@strawberry.interface(description="An entity with a stable identifier: its IRI.")
class Node:
    iri: strawberry.Private[str]

    @strawberry.field(description="The entity's IRI; a merged entity's old IRI resolves to the one kept.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.iri)


@strawberry.type(description="An official account on a social network, or a website (foaf:OnlineAccount).")
class Account:
    platform: Platform
    handle: str = strawberry.field(description="Lower-case, without '@'; a website's host.")
    url: str = strawberry.field(description="The profile page (the person or agency is schema:sameAs it).")


async def _accounts(info: Ctx, iris: list[str]) -> list[Account]:
    found: list[rec.AccountRecord | None] = await info.context.loaders.records("account", iris)
    return [Account(platform=Platform(a.platform), handle=a.handle, url=a.url)
            for a in sorted((a for a in found if a is not None), key=lambda a: (a.platform, a.handle, a.url))]


@strawberry.type(description="An official or other person (schema:Person).")
class Person(Node):
    @strawberry.field(description="The name without degrees or titles.")
    async def name(self, info: Ctx) -> str:
        r: rec.PersonRecord | None = await _record(info, "person", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="Titles and degrees written before the name (Drs., H., Dr.).")
    async def honorific_prefix(self, info: Ctx) -> str | None:
        r: rec.PersonRecord | None = await _record(info, "person", self.iri)
        return r.prefix if r else None

    @strawberry.field(description="Degrees written after the name (M.Si, S.Sos).")
    async def honorific_suffix(self, info: Ctx) -> str | None:
        r: rec.PersonRecord | None = await _record(info, "person", self.iri)
        return r.suffix if r else None

    @strawberry.field(description="Every other way the name was written, misspellings included.")
    async def aliases(self, info: Ctx) -> list[str]:
        r: rec.PersonRecord | None = await _record(info, "person", self.iri)
        return r.aliases if r else []

    @strawberry.field(description="Official social-media accounts and website.")
    async def accounts(self, info: Ctx) -> list[Account]:
        r: rec.PersonRecord | None = await _record(info, "person", self.iri)
        return await _accounts(info, r.accounts if r else [])

    @strawberry.field(description="The posts held (on a date, when given), latest first.")
    async def positions(self, info: Ctx, at: AtArg = None) -> list[Tenure]:
        tenures = await info.context.loaders.tenures_of_person.load(self.iri)
        held = [t for t in tenures if _in_force(t, at)]
        held.sort(key=lambda t: (t.start or t.last_seen or dt.date.min, t.iri), reverse=True)
        return [Tenure(iri=t.iri, record=t) for t in held]

    @strawberry.field(description="What the person said, newest first.")
    async def statements(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[Statement]:
        return await _linked_page(info, "person.statements", self.iri, (first, after), lambda i: Statement(iri=i))

    @strawberry.field(description="Statements attributed to the person, said by someone on their behalf.")
    async def statements_on_behalf(self, info: Ctx, first: PageArg = None,
                                   after: AfterArg = None) -> Connection[Statement]:
        return await _linked_page(info, "principal.statements", self.iri, (first, after), lambda i: Statement(iri=i))

    @strawberry.field(description="The events the person spoke at, newest first.")
    async def events(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[Event]:
        return await _linked_page(info, "person.events", self.iri, (first, after), lambda i: Event(iri=i))

    @strawberry.field(description="Where the person acted on someone else's behalf.")
    async def delegations_as_delegate(self, info: Ctx) -> list[Delegation]:
        return [Delegation(iri=i) for i in await info.context.loaders.linked("person.delegated", self.iri)]

    @strawberry.field(description="Where someone acted on the person's behalf.")
    async def delegations_as_principal(self, info: Ctx) -> list[Delegation]:
        return [Delegation(iri=i) for i in await info.context.loaders.linked("principal.delegations", self.iri)]

    @strawberry.field(description="The articles that mention the person, newest first.")
    async def sources(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[Article]:
        return await _linked_page(info, "entity.sources", self.iri, (first, after), lambda i: Article(iri=i))

    @strawberry.field(description="Events, posts, agencies and people within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A government body or other organisation (org:Organization).")
class Agency(Node):
    @strawberry.field(description="The full name.")
    async def name(self, info: Ctx) -> str:
        r: rec.AgencyRecord | None = await _record(info, "agency", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="Abbreviations and other names (Diskominfo Jateng, Kominfo).")
    async def abbreviations(self, info: Ctx) -> list[str]:
        r: rec.AgencyRecord | None = await _record(info, "agency", self.iri)
        return r.aliases if r else []

    @strawberry.field(description="The kind of body (ministry, office, division …; the scheme hgc:agency-type).")
    async def type(self, info: Ctx) -> str | None:
        r: rec.AgencyRecord | None = await _record(info, "agency", self.iri)
        return r.type if r else None

    @strawberry.field(description="Official social-media accounts and website.")
    async def accounts(self, info: Ctx) -> list[Account]:
        r: rec.AgencyRecord | None = await _record(info, "agency", self.iri)
        return await _accounts(info, r.accounts if r else [])

    @strawberry.field(description="The body this one is part of.")
    async def parent(self, info: Ctx) -> Agency | None:
        r: rec.AgencyRecord | None = await _record(info, "agency", self.iri)
        return Agency(iri=r.parent) if r and r.parent else None

    @strawberry.field(description="The bodies directly under this one.")
    async def children(self, info: Ctx) -> list[Agency]:
        return [Agency(iri=i) for i in await info.context.loaders.linked("agency.children", self.iri)]

    @strawberry.field(description="Every body above this one, the parent first.")
    async def ancestors(self, info: Ctx) -> list[Agency]:
        return [Agency(iri=i) for i in await info.context.loaders.ancestors.load(self.iri)]

    @strawberry.field(description="The posts in this body.")
    async def posts(self, info: Ctx) -> list[Post]:
        return [Post(iri=i) for i in await info.context.loaders.linked("agency.posts", self.iri)]

    @strawberry.field(description="Who held a post in this body (on a date, when given).")
    async def people(self, info: Ctx, at: AtArg = None) -> list[Person]:
        loaders = info.context.loaders
        posts = await loaders.linked("agency.posts", self.iri)
        held = await loaders.tenures_of_post.load_many(posts)
        people = {t.person for tenures in held for t in tenures if _in_force(t, at)}
        return [Person(iri=p) for p in sorted(people)]

    @strawberry.field(description="The articles that mention this body, newest first.")
    async def sources(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[Article]:
        return await _linked_page(info, "entity.sources", self.iri, (first, after), lambda i: Article(iri=i))

    @strawberry.field(description="People, agencies, posts and events within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A position in an agency (org:Post), held by people over time.")
class Post(Node):
    on: strawberry.Private[dt.date | None] = None

    @strawberry.field(description="The title, without the agency (Sekretaris Daerah).")
    async def title(self, info: Ctx) -> str:
        r: rec.PostRecord | None = await _record(info, "post", self.iri)
        return r.title if r else self.iri

    @strawberry.field(description="The title with its agency (Sekretaris Daerah Provinsi Jawa Tengah).")
    async def label(self, info: Ctx) -> str:
        r: rec.PostRecord | None = await _record(info, "post", self.iri)
        return r.label if r else self.iri

    @strawberry.field(description="The agency the post is in.")
    async def agency(self, info: Ctx) -> Agency | None:
        r: rec.PostRecord | None = await _record(info, "post", self.iri)
        return Agency(iri=r.agency) if r and r.agency else None

    @strawberry.field(description="Every known tenure of the post.")
    async def holders(self, info: Ctx) -> list[Tenure]:
        tenures = await info.context.loaders.tenures_of_post.load(self.iri)
        return [Tenure(iri=t.iri, record=t) for t in tenures]

    @strawberry.field(description="Who held the post on a date: by default the date it is seen on (an event's "
                                  "date for a principal); with no date, the holder of the open tenure, else the one "
                                  "known latest (an ended tenure never wins over an open one). Null when unknown.")
    async def holder(self, info: Ctx, at: AtArg = None) -> Person | None:
        tenures = await info.context.loaders.tenures_of_post.load(self.iri)
        tenure = held_on([t for t in tenures if t.start or t.end or t.seen], at or self.on)
        return Person(iri=tenure.person) if tenure else None

    @strawberry.field(description="People, agencies, posts and events within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A person holding a post (org:Membership), with the dates known for it.")
class Tenure(Node):
    record: strawberry.Private[TenureRecord]

    @strawberry.field
    def person(self) -> Person:
        return Person(iri=self.record.person)

    @strawberry.field
    def post(self) -> Post:
        return Post(iri=self.record.post)

    @strawberry.field(description="The post's title.")
    def title(self) -> str:
        return self.record.title

    @strawberry.field(description="The agency of the post.")
    def agency(self) -> Agency | None:
        return Agency(iri=self.record.agency) if self.record.agency else None

    @strawberry.field
    def start(self) -> dt.date | None:
        return self.record.start

    @strawberry.field
    def end(self) -> dt.date | None:
        return self.record.end

    @strawberry.field(description="Dates on which an article saw the person in the post.")
    def attested_on(self) -> list[dt.date]:
        return self.record.attested

    @strawberry.field(description="Held ad interim: Penjabat (Pj.), Pelaksana Tugas (Plt.) or Pelaksana Harian "
                                  "(Plh.); null for a definitive holder.")
    def acting(self) -> Acting | None:
        return from_value(Acting, self.record.acting)

    @strawberry.field(description="OPEN (started, no end known), ENDED, or ATTESTED (only seen in articles).")
    def status(self) -> TenureStatus:
        if self.record.end:
            return TenureStatus.ENDED
        return TenureStatus.OPEN if self.record.start else TenureStatus.ATTESTED


@strawberry.type(description="A venue, city, regency or province (schema:Place).")
class Place(Node):
    @strawberry.field
    async def name(self, info: Ctx) -> str:
        r: rec.PlaceRecord | None = await _record(info, "place", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="venue, city, regency, province or country.")
    async def type(self, info: Ctx) -> str | None:
        r: rec.PlaceRecord | None = await _record(info, "place", self.iri)
        return r.type if r else None

    @strawberry.field(description="The place this one lies in.")
    async def contained_in(self, info: Ctx) -> Place | None:
        r: rec.PlaceRecord | None = await _record(info, "place", self.iri)
        return Place(iri=r.within) if r and r.within else None


Principal = Annotated[Person | Post | Agency, strawberry.union("Principal", description="Whom someone spoke or "
                                                               "acted for: a person, a post, or an agency.")]
Agent = Annotated[Person | Agency, strawberry.union("Agent", description="A person or an agency.")]


async def principal_of(info: Ctx, iri: str | None, on: dt.date | None) -> Person | Post | Agency | None:
    """The principal ``iri`` as its kind; a post remembers the date, so its ``holder`` is the one of that day."""
    if iri is None:
        return None
    found = await info.context.loaders.kinds.load(iri)
    kind, now = found if found else ("agency", iri)
    if kind == "person":
        return Person(iri=now)
    if kind == "post":
        return Post(iri=now, on=on)
    return Agency(iri=now)


@strawberry.type(description="An event: a meeting, training, opening, visit … (schema:Event).")
class Event(Node):
    @strawberry.field
    async def name(self, info: Ctx) -> str:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        return r.name if r else self.iri

    @strawberry.field
    async def type(self, info: Ctx) -> EventType | None:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        return from_value(EventType, r.type if r else None)

    @strawberry.field
    async def start(self, info: Ctx) -> dt.date | None:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        return r.start if r else None

    @strawberry.field
    async def end(self, info: Ctx) -> dt.date | None:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        return r.end if r else None

    async def _places(self, info: Ctx) -> list[rec.PlaceRecord]:
        """The event's location and the places it lies in, innermost first."""
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        chain: list[rec.PlaceRecord] = []
        iri = r.location if r else None
        while iri and len(chain) < 4:
            place: rec.PlaceRecord | None = await _record(info, "place", iri)
            if place is None:
                break
            chain.append(place)
            iri = place.within
        return chain

    @strawberry.field(description="Where it took place (a hotel, an office); null when only a city is known.")
    async def venue(self, info: Ctx) -> Place | None:
        chain = await self._places(info)
        return Place(iri=chain[0].iri) if chain and chain[0].type == "venue" else None

    @strawberry.field(description="The city or regency it took place in.")
    async def city(self, info: Ctx) -> Place | None:
        found = [p for p in await self._places(info) if p.type in ("city", "regency")]
        return Place(iri=found[0].iri) if found else None

    @strawberry.field(description="The province it took place in.")
    async def province(self, info: Ctx) -> Place | None:
        found = [p for p in await self._places(info) if p.type == "province"]
        return Place(iri=found[0].iri) if found else None

    @strawberry.field
    async def organizer(self, info: Ctx) -> Agent | None:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        found = await principal_of(info, r.organizer if r else None, None)
        return found if isinstance(found, Person | Agency) else None

    @strawberry.field
    async def participant_count(self, info: Ctx) -> int | None:
        r: rec.EventRecord | None = await _record(info, "event", self.iri)
        return r.participant_count if r else None

    @strawberry.field(description="The agencies that took part.")
    async def participating_agencies(self, info: Ctx) -> list[Agency]:
        return [Agency(iri=i) for i in await info.context.loaders.linked("event.participants", self.iri)]

    @strawberry.field(description="Who spoke, those speaking for someone first.")
    async def speakers(self, info: Ctx) -> list[Speaker]:
        loaders = info.context.loaders
        if _asks_for(info, "statements"):
            # Each speaker's statements come from the event's: ask for them in the same wave.
            loaders.linked_soon("event.statements", self.iri)
        found = await loaders.appearances.load(self.iri)
        return [Speaker(event_iri=self.iri, person_iri=a.person, roles_=a.roles, principal=a.principal) for a in found]

    @strawberry.field(description="Everything said at the event.")
    async def statements(self, info: Ctx) -> list[Statement]:
        return [Statement(iri=i) for i in await info.context.loaders.linked("event.statements", self.iri)]

    @strawberry.field(description="Who acted on whose behalf at the event.")
    async def delegations(self, info: Ctx) -> list[Delegation]:
        return [Delegation(iri=i) for i in await info.context.loaders.linked("event.delegations", self.iri)]

    @strawberry.field(description="The articles that report the event, newest first.")
    async def sources(self, info: Ctx) -> list[Article]:
        return [Article(iri=i) for i in await info.context.loaders.linked("entity.sources", self.iri)]

    @strawberry.field(description="People, agencies, posts and events within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A person speaking at an event: the post they held that day, their role, "
                             "whom they spoke for, and what they said.")
class Speaker:
    event_iri: strawberry.Private[str]
    person_iri: strawberry.Private[str]
    roles_: strawberry.Private[list[str]]
    principal: strawberry.Private[str | None]

    async def _date(self, info: Ctx) -> dt.date | None:
        r: rec.EventRecord | None = await _record(info, "event", self.event_iri)
        return r.start if r else None

    @strawberry.field
    def event(self) -> Event:
        return Event(iri=self.event_iri)

    @strawberry.field
    def person(self) -> Person:
        return Person(iri=self.person_iri)

    @strawberry.field(description="The post the speaker held on the event's date (null when unknown).")
    async def position(self, info: Ctx) -> Tenure | None:
        tenures = await info.context.loaders.tenures_of_person.load(self.person_iri)
        tenure = held_on(tenures, await self._date(info))
        return Tenure(iri=tenure.iri, record=tenure) if tenure else None

    @strawberry.field(description="The speaker's main role (keynote before opening before remarks).")
    def role(self) -> Role | None:
        return from_value(Role, self.roles_[0]) if self.roles_ else None

    @strawberry.field(description="Every role the speaker had at the event.")
    def roles(self) -> list[Role]:
        return [r for r in (from_value(Role, x) for x in self.roles_) if r is not None]

    @strawberry.field(description="Whom the speaker spoke for; a post gives its holder on the event's date.")
    async def on_behalf_of(self, info: Ctx) -> Principal | None:
        return await principal_of(info, self.principal, await self._date(info))

    @strawberry.field(description="What the speaker said at the event, in article order.")
    async def statements(self, info: Ctx) -> list[Statement]:
        iris = await info.context.loaders.linked("event.statements", self.event_iri)
        found: list[rec.StatementRecord | None] = await info.context.loaders.records("statement", iris)
        return [Statement(iri=s.iri) for s in found if s is not None and s.speaker == self.person_iri]


@strawberry.type(description="Something said: a direct quote or a paraphrase (schema:Quotation).")
class Statement(Node):
    async def _r(self, info: Ctx) -> rec.StatementRecord | None:
        r: rec.StatementRecord | None = await _record(info, "statement", self.iri)
        return r

    @strawberry.field
    async def text(self, info: Ctx) -> str:
        r = await self._r(info)
        return r.text if r else ""

    @strawberry.field(description="True for a direct quote, false for a paraphrase.")
    async def direct(self, info: Ctx) -> bool:
        r = await self._r(info)
        return r.direct if r else True

    @strawberry.field(description="Who delivered it.")
    async def speaker(self, info: Ctx) -> Person | None:
        r = await self._r(info)
        return Person(iri=r.speaker) if r and r.speaker else None

    @strawberry.field(description="Whom it is attributed to: the principal when said on someone's behalf, "
                                  "else the speaker.")
    async def author(self, info: Ctx) -> Principal | None:
        r = await self._r(info)
        return await principal_of(info, r.author if r else None, r.date if r else None)

    @strawberry.field(description="Whom the speaker said it for, if anyone.")
    async def on_behalf_of(self, info: Ctx) -> Principal | None:
        r = await self._r(info)
        return await principal_of(info, r.on_behalf_of if r else None, r.date if r else None)

    @strawberry.field
    async def event(self, info: Ctx) -> Event | None:
        r = await self._r(info)
        return Event(iri=r.event) if r and r.event else None

    @strawberry.field
    async def date(self, info: Ctx) -> dt.date | None:
        r = await self._r(info)
        return r.date if r else None

    @strawberry.field
    async def role(self, info: Ctx) -> Role | None:
        r = await self._r(info)
        return from_value(Role, r.role if r else None)

    @strawberry.field(description="The article it comes from.")
    async def source(self, info: Ctx) -> Article | None:
        r = await self._r(info)
        return Article(iri=r.source) if r and r.source else None

    @strawberry.field(description="Where the extractor read it: the quoted or reported words, else the sentence "
                                  "(null for curated statements).")
    async def evidence(self, info: Ctx) -> Evidence | None:
        return await _evidence(info, self.iri)

    @strawberry.field(description="How sure the extractor is of it, 0 to 1 (null for curated statements).")
    async def confidence(self, info: Ctx) -> float | None:
        return await _confidence(info, self.iri)


@strawberry.type(description="A news article (schema:NewsArticle); every fact it states lives in its own graph.")
class Article(Node):
    async def _r(self, info: Ctx) -> rec.ArticleRecord | None:
        r: rec.ArticleRecord | None = await _record(info, "article", self.iri)
        return r

    @strawberry.field
    async def url(self, info: Ctx) -> str:
        r = await self._r(info)
        return r.url if r else self.iri

    @strawberry.field(description="The headline.")
    async def title(self, info: Ctx) -> str | None:
        r = await self._r(info)
        return r.title if r else None

    @strawberry.field(description="The publisher's name.")
    async def publisher(self, info: Ctx) -> str | None:
        r = await self._r(info)
        if r is None or r.publisher is None:
            return None
        org: rec.AgencyRecord | None = await _record(info, "agency", r.publisher)
        return org.name if org else None

    @strawberry.field
    async def published(self, info: Ctx) -> dt.date | None:
        r = await self._r(info)
        return r.published if r else None

    @strawberry.field
    async def language(self, info: Ctx) -> str | None:
        r = await self._r(info)
        return r.language if r else None

    @strawberry.field(description="The statements the article reports, in its order.")
    async def statements(self, info: Ctx) -> list[Statement]:
        return [Statement(iri=i) for i in await info.context.loaders.linked("article.statements", self.iri)]

    @strawberry.field(description="The people, agencies and events the article mentions.")
    async def mentions(self, info: Ctx) -> list[Node]:
        iris = await info.context.loaders.linked("article.mentions", self.iri)
        found = [await node_of(info, i) for i in iris]
        return [n for n in found if n is not None]


@strawberry.type(description="Someone acting on behalf of a principal at an event (prov:Delegation).")
class Delegation(Node):
    async def _r(self, info: Ctx) -> rec.DelegationRecord | None:
        r: rec.DelegationRecord | None = await _record(info, "delegation", self.iri)
        return r

    @strawberry.field
    async def delegate(self, info: Ctx) -> Person | None:
        r = await self._r(info)
        return Person(iri=r.delegate) if r and r.delegate else None

    @strawberry.field
    async def principal(self, info: Ctx) -> Principal | None:
        r = await self._r(info)
        if r is None:
            return None
        event: rec.EventRecord | None = await _record(info, "event", r.event) if r.event else None
        return await principal_of(info, r.principal, event.start if event else None)

    @strawberry.field
    async def event(self, info: Ctx) -> Event | None:
        r = await self._r(info)
        return Event(iri=r.event) if r and r.event else None

    @strawberry.field(description="What the delegate did (read the speech, opened the event …).")
    async def acts(self, info: Ctx) -> list[Act]:
        r = await self._r(info)
        return [a for a in (from_value(Act, x) for x in (r.acts if r else [])) if a is not None]

    @strawberry.field
    async def source(self, info: Ctx) -> Article | None:
        r = await self._r(info)
        return Article(iri=r.source) if r and r.source else None

    @strawberry.field(description="Where the extractor read it: the sentence that states it "
                                  "(null for curated delegations).")
    async def evidence(self, info: Ctx) -> Evidence | None:
        return await _evidence(info, self.iri)

    @strawberry.field(description="How sure the extractor is of it, 0 to 1 (null for curated delegations).")
    async def confidence(self, info: Ctx) -> float | None:
        return await _confidence(info, self.iri)


# kind → its GraphQL type, by the name the table of kinds gives it (a tenure is resolved apart).
_NODE_TYPES: dict[str, Any] = {k.name: t for k in KINDS.values()
                               for t in (Person, Agency, Post, Event, Statement, Article, Delegation, Place)
                               if t.__name__ == k.graphql}


async def node_of(info: Ctx, iri: str) -> Node | None:
    """The entity ``iri`` (or the one it was merged into) as its GraphQL type; None when unknown."""
    found = await info.context.loaders.kinds.load(checked_iri(iri, "id"))
    if found is None:
        return None
    kind, now = found
    if kind == "tenure":
        person: str | None = await _record(info, "tenure", now)
        tenures = await info.context.loaders.tenures_of_person.load(person) if person else []
        found_tenure = next((t for t in tenures if t.iri == now), None)
        return Tenure(iri=now, record=found_tenure) if found_tenure else None
    cls = _NODE_TYPES.get(kind)
    return cls(iri=now) if cls is not None else None  # type: ignore[no-any-return]
