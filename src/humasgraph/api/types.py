"""The GraphQL object types of who and where: people, agencies, posts, tenures, places, accounts.

An object holds its IRI (and, where it matters, the date it is seen on); every field loads
what it needs through a DataLoader, so a list of fifty events costs no more store
queries than one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from .. import services as rec
from ..services import Tenure as TenureRecord
from ..services import held_on
from . import network
from .enums import Acting, Platform, TenureStatus, from_value
from .fields import (
    AfterArg,
    AtArg,
    Ctx,
    PageArg,
    in_force,
    linked_page,
    record,
)
from .network import NetworkLink
from .pagination import Connection

if TYPE_CHECKING:
    from .events import Article, Delegation, Event, Statement

# The types of events.py, which builds on this module, named here without importing it.
LazyArticle = Annotated["Article", strawberry.lazy("humasgraph.api.events")]
LazyDelegation = Annotated["Delegation", strawberry.lazy("humasgraph.api.events")]
LazyEvent = Annotated["Event", strawberry.lazy("humasgraph.api.events")]
LazyStatement = Annotated["Statement", strawberry.lazy("humasgraph.api.events")]

__all__ = ["Account", "Agency", "Agent", "Node", "Person", "Place", "Post", "Principal", "Tenure", "principal_of"]


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
        r: rec.PersonRecord | None = await record(info, "person", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="Titles and degrees written before the name (Drs., H., Dr.).")
    async def honorific_prefix(self, info: Ctx) -> str | None:
        r: rec.PersonRecord | None = await record(info, "person", self.iri)
        return r.prefix if r else None

    @strawberry.field(description="Degrees written after the name (M.Si, S.Sos).")
    async def honorific_suffix(self, info: Ctx) -> str | None:
        r: rec.PersonRecord | None = await record(info, "person", self.iri)
        return r.suffix if r else None

    @strawberry.field(description="Every other way the name was written, misspellings included.")
    async def aliases(self, info: Ctx) -> list[str]:
        r: rec.PersonRecord | None = await record(info, "person", self.iri)
        return r.aliases if r else []

    @strawberry.field(description="Official social-media accounts and website.")
    async def accounts(self, info: Ctx) -> list[Account]:
        r: rec.PersonRecord | None = await record(info, "person", self.iri)
        return await _accounts(info, r.accounts if r else [])

    @strawberry.field(description="The posts held (on a date, when given), latest first.")
    async def positions(self, info: Ctx, at: AtArg = None) -> list[Tenure]:
        tenures = await info.context.loaders.tenures_of_person.load(self.iri)
        held = [t for t in tenures if in_force(t, at)]
        held.sort(key=lambda t: (t.start or t.last_seen or dt.date.min, t.iri), reverse=True)
        return [Tenure(iri=t.iri, record=t) for t in held]

    @strawberry.field(description="What the person said, newest first.")
    async def statements(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[LazyStatement]:
        from .events import Statement  # noqa: PLC0415 - events.py builds on this module

        return await linked_page(info, "person.statements", self.iri, (first, after), lambda i: Statement(iri=i))

    @strawberry.field(description="Statements attributed to the person, said by someone on their behalf.")
    async def statements_on_behalf(self, info: Ctx, first: PageArg = None,
                                   after: AfterArg = None) -> Connection[LazyStatement]:
        from .events import Statement  # noqa: PLC0415 - events.py builds on this module

        return await linked_page(info, "principal.statements", self.iri, (first, after), lambda i: Statement(iri=i))

    @strawberry.field(description="The events the person spoke at, newest first.")
    async def events(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[LazyEvent]:
        from .events import Event  # noqa: PLC0415 - events.py builds on this module

        return await linked_page(info, "person.events", self.iri, (first, after), lambda i: Event(iri=i))

    @strawberry.field(description="Where the person acted on someone else's behalf.")
    async def delegations_as_delegate(self, info: Ctx) -> list[LazyDelegation]:
        from .events import Delegation  # noqa: PLC0415 - events.py builds on this module

        return [Delegation(iri=i) for i in await info.context.loaders.linked("person.delegated", self.iri)]

    @strawberry.field(description="Where someone acted on the person's behalf.")
    async def delegations_as_principal(self, info: Ctx) -> list[LazyDelegation]:
        from .events import Delegation  # noqa: PLC0415 - events.py builds on this module

        return [Delegation(iri=i) for i in await info.context.loaders.linked("principal.delegations", self.iri)]

    @strawberry.field(description="The articles that mention the person, newest first.")
    async def sources(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[LazyArticle]:
        from .events import Article  # noqa: PLC0415 - events.py builds on this module

        return await linked_page(info, "entity.sources", self.iri, (first, after), lambda i: Article(iri=i))

    @strawberry.field(description="Events, posts, agencies and people within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A government body or other organisation (org:Organization).")
class Agency(Node):
    @strawberry.field(description="The full name.")
    async def name(self, info: Ctx) -> str:
        r: rec.AgencyRecord | None = await record(info, "agency", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="Abbreviations and other names (Diskominfo Jateng, Kominfo).")
    async def abbreviations(self, info: Ctx) -> list[str]:
        r: rec.AgencyRecord | None = await record(info, "agency", self.iri)
        return r.aliases if r else []

    @strawberry.field(description="The kind of body (ministry, office, division …; the scheme hgc:agency-type).")
    async def type(self, info: Ctx) -> str | None:
        r: rec.AgencyRecord | None = await record(info, "agency", self.iri)
        return r.type if r else None

    @strawberry.field(description="Official social-media accounts and website.")
    async def accounts(self, info: Ctx) -> list[Account]:
        r: rec.AgencyRecord | None = await record(info, "agency", self.iri)
        return await _accounts(info, r.accounts if r else [])

    @strawberry.field(description="The body this one is part of.")
    async def parent(self, info: Ctx) -> Agency | None:
        r: rec.AgencyRecord | None = await record(info, "agency", self.iri)
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
        people = {t.person for tenures in held for t in tenures if in_force(t, at)}
        return [Person(iri=p) for p in sorted(people)]

    @strawberry.field(description="The articles that mention this body, newest first.")
    async def sources(self, info: Ctx, first: PageArg = None, after: AfterArg = None) -> Connection[LazyArticle]:
        from .events import Article  # noqa: PLC0415 - events.py builds on this module

        return await linked_page(info, "entity.sources", self.iri, (first, after), lambda i: Article(iri=i))

    @strawberry.field(description="People, agencies, posts and events within `depth` steps (1 to 3) in the "
                                  "network, nearest first, each with the relation that reached it.")
    async def connections(self, info: Ctx, depth: int = 1, first: int = 50) -> list[NetworkLink]:
        return await network.connections(info, self.iri, depth, first)


@strawberry.type(description="A position in an agency (org:Post), held by people over time.")
class Post(Node):
    on: strawberry.Private[dt.date | None] = None

    @strawberry.field(description="The title, without the agency (Sekretaris Daerah).")
    async def title(self, info: Ctx) -> str:
        r: rec.PostRecord | None = await record(info, "post", self.iri)
        return r.title if r else self.iri

    @strawberry.field(description="The title with its agency (Sekretaris Daerah Provinsi Jawa Tengah).")
    async def label(self, info: Ctx) -> str:
        r: rec.PostRecord | None = await record(info, "post", self.iri)
        return r.label if r else self.iri

    @strawberry.field(description="The agency the post is in.")
    async def agency(self, info: Ctx) -> Agency | None:
        r: rec.PostRecord | None = await record(info, "post", self.iri)
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
        r: rec.PlaceRecord | None = await record(info, "place", self.iri)
        return r.name if r else self.iri

    @strawberry.field(description="venue, city, regency, province or country.")
    async def type(self, info: Ctx) -> str | None:
        r: rec.PlaceRecord | None = await record(info, "place", self.iri)
        return r.type if r else None

    @strawberry.field(description="The place this one lies in.")
    async def contained_in(self, info: Ctx) -> Place | None:
        r: rec.PlaceRecord | None = await record(info, "place", self.iri)
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
