"""The GraphQL object types of what happens: events, their speakers, statements, delegations, and
the articles that report them. Thin resolvers over the per-request loaders, as in ``types``."""

from __future__ import annotations

import datetime as dt

import strawberry

from .. import services as rec
from ..services import held_on
from . import network
from .enums import Act, EventType, Role, from_value
from .fields import (
    Ctx,
    Evidence,
    asks_for,
    confidence_of,
    evidence_of,
    record,
)
from .network import NetworkLink
from .types import Agency, Agent, Node, Person, Place, Principal, Tenure, principal_of

__all__ = ["Article", "Delegation", "Event", "Speaker", "Statement"]


@strawberry.type(description="An event: a meeting, training, opening, visit … (schema:Event).")
class Event(Node):
    @strawberry.field
    async def name(self, info: Ctx) -> str:
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        return r.name if r else self.iri

    @strawberry.field
    async def type(self, info: Ctx) -> EventType | None:
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        return from_value(EventType, r.type if r else None)

    @strawberry.field
    async def start(self, info: Ctx) -> dt.date | None:
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        return r.start if r else None

    @strawberry.field
    async def end(self, info: Ctx) -> dt.date | None:
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        return r.end if r else None

    async def _places(self, info: Ctx) -> list[rec.PlaceRecord]:
        """The event's location and the places it lies in, innermost first."""
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        chain: list[rec.PlaceRecord] = []
        iri = r.location if r else None
        while iri and len(chain) < 4:
            place: rec.PlaceRecord | None = await record(info, "place", iri)
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
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        found = await principal_of(info, r.organizer if r else None, None)
        return found if isinstance(found, Person | Agency) else None

    @strawberry.field
    async def participant_count(self, info: Ctx) -> int | None:
        r: rec.EventRecord | None = await record(info, "event", self.iri)
        return r.participant_count if r else None

    @strawberry.field(description="The agencies that took part.")
    async def participating_agencies(self, info: Ctx) -> list[Agency]:
        return [Agency(iri=i) for i in await info.context.loaders.linked("event.participants", self.iri)]

    @strawberry.field(description="Who spoke, those speaking for someone first.")
    async def speakers(self, info: Ctx) -> list[Speaker]:
        loaders = info.context.loaders
        if asks_for(info, "statements"):
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
        r: rec.EventRecord | None = await record(info, "event", self.event_iri)
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
        r: rec.StatementRecord | None = await record(info, "statement", self.iri)
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
        return await evidence_of(info, self.iri)

    @strawberry.field(description="How sure the extractor is of it, 0 to 1 (null for curated statements).")
    async def confidence(self, info: Ctx) -> float | None:
        return await confidence_of(info, self.iri)


@strawberry.type(description="A news article (schema:NewsArticle); every fact it states lives in its own graph.")
class Article(Node):
    async def _r(self, info: Ctx) -> rec.ArticleRecord | None:
        r: rec.ArticleRecord | None = await record(info, "article", self.iri)
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
        org: rec.AgencyRecord | None = await record(info, "agency", r.publisher)
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
        from .nodes import node_of  # noqa: PLC0415 - nodes.py builds on this module

        found = [await node_of(info, i) for i in iris]
        return [n for n in found if n is not None]


@strawberry.type(description="Someone acting on behalf of a principal at an event (prov:Delegation).")
class Delegation(Node):
    async def _r(self, info: Ctx) -> rec.DelegationRecord | None:
        r: rec.DelegationRecord | None = await record(info, "delegation", self.iri)
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
        event: rec.EventRecord | None = await record(info, "event", r.event) if r.event else None
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
        return await evidence_of(info, self.iri)

    @strawberry.field(description="How sure the extractor is of it, 0 to 1 (null for curated delegations).")
    async def confidence(self, info: Ctx) -> float | None:
        return await confidence_of(info, self.iri)
