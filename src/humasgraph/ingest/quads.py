"""A document → the triples of its article graph, and the PROV description of that graph.

Every fact an article states goes into the article's own named graph; entity descriptions
(names, aliases, posts) are repeated in each article that states them, so retracting an
article removes exactly what it said and nothing another article also says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from ..model.document import AccountItem, AgencyItem, Document, EventItem, Evidence, PersonItem
from ..model.identity import Minter, Resolver
from ..model.index import Index, PostRef
from ..model.names import person_key, split_honorifics
from ..model.vocab import DCTERMS, FOAF, HG, OA, ORG, PROV, RDF, SCHEMA, SERVICE_HOMEPAGES, SKOS, TIME, XSD, concept
from .naming import Naming, lookup_keys
from .provenance import document_hash, source_graph_quads

__all__ = ["ArticleGraph", "GraphBuilder"]




def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


@dataclass
class ArticleGraph:
    """What one document becomes: its graph's triples (as quads in that graph) and its metadata."""

    graph: NamedNode
    article: NamedNode
    quads: list[Quad]
    meta: list[Quad]
    resolution: dict[str, str]
    content_hash: str
    counts: dict[str, int] = field(default_factory=dict)
    # The same triples as ``quads``, as (subject, predicate, object) tuples (for the SHACL check).
    triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = field(default_factory=list)


class GraphBuilder:
    """Turns one validated document into quads, resolving its people and agencies to IRIs."""

    def __init__(self, minter: Minter, resolver: Resolver) -> None:
        self.minter = minter
        self.resolver = resolver

    def build(self, doc: Document, index: Index, *, source_kind: str = "curated",
              extractor: str | None = None, generated: dt.datetime | None = None,
              resolution: dict[str, str] | None = None, content_hash: str | None = None) -> ArticleGraph:
        """Quads of ``doc``; ``resolution`` replays an earlier resolution (a rebuild after a merge).

        ``content_hash`` is ``document_hash(doc)`` when the caller has it already.
        """
        return _Build(self.minter, self.resolver, doc, index, resolution).run(source_kind, extractor, generated,
                                                         content_hash or document_hash(doc))

    def prefetch(self, docs: Iterable[tuple[Document, Index]]) -> None:
        """Look up the name keys of many documents at once (one query per kind, not per article)."""
        wanted: dict[str, list[str]] = {}
        for doc, index in docs:
            for kind, keys in lookup_keys(doc, index).items():
                wanted.setdefault(kind, []).extend(keys)
        for kind, keys in wanted.items():
            self.resolver.prefetch(kind, keys)


class _Build(Naming):
    """Writes the facts of one document: its article, agencies, people, events, statements, delegations."""

    def annotate(self, fact: NamedNode, item: Any, evidence: list[Evidence], confidence: float | None) -> None:
        """A W3C Web Annotation whose body is ``fact`` and whose targets are the stretches of the
        article's text it was read from (an oa:SpecificResource of the article with a
        TextQuoteSelector and a TextPositionSelector each), with the extractor's confidence.
        Only extracted documents carry evidence; a fact without any gets no annotation. The
        annotation is named by the item's place in the document, not by the fact's IRI: two people
        merged into one keep an annotation each."""
        if not evidence and confidence is None:
            return
        a = self.m.annotation(self.url, f"{type(item).__name__}[{self.slot[id(item)]}]")
        self.add(a, RDF.type, OA.Annotation)
        self.add(a, OA.hasBody, fact)
        if confidence is not None:
            self.add(a, HG.confidence, Literal(f"{confidence:.2f}", datatype=XSD.decimal))
        if not evidence:
            self.add(a, OA.hasTarget, self.article)  # the article as a whole
        for n, e in enumerate(evidence):
            target = NamedNode(f"{a.value}/{n}")
            quote, position = NamedNode(f"{target.value}/quote"), NamedNode(f"{target.value}/position")
            self.add(a, OA.hasTarget, target)
            self.add(target, RDF.type, OA.SpecificResource)
            self.add(target, OA.hasSource, self.article)
            self.add(target, OA.hasSelector, quote)
            self.add(target, OA.hasSelector, position)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, Literal(e.exact))
            if e.prefix:
                self.add(quote, OA.prefix, Literal(e.prefix))
            if e.suffix:
                self.add(quote, OA.suffix, Literal(e.suffix))
            self.add(position, RDF.type, OA.TextPositionSelector)
            self.add(position, OA.start, Literal(str(e.start), datatype=XSD.nonNegativeInteger))
            self.add(position, OA.end, Literal(str(e.end), datatype=XSD.nonNegativeInteger))


    # --- the document --------------------------------------------------------------------------

    def run(self, source_kind: str, extractor: str | None, generated: dt.datetime | None,
            content_hash: str) -> ArticleGraph:
        doc = self.doc
        self._prefetch()
        self._article()
        for agency in doc.agencies:
            self._agency(agency)
        first_date = next((e.start for e in doc.events if e.start), None) or doc.article.published
        for person in doc.people:
            self._person(person, first_date)
        for ref in self.index.post_items:
            self.post(ref)
        for place in doc.places:
            self._place_item(place)
        for event in doc.events:
            self._event(event)
        appearances: dict[tuple[str, str], NamedNode] = {}
        for i, st in enumerate(doc.statements):
            self._statement(i, st, appearances)
        for d in doc.delegations:
            self._delegation(d, appearances)
        for event in doc.events:
            for sp in event.speakers:
                self._speaker(event, sp, appearances)
        # Deduplicated as tuples (cheaper to build and hash than quads), in the order first stated.
        triples = self.triples = list(dict.fromkeys(self.triples))
        graph = self.graph
        quads = [Quad(s, p, o, graph) for s, p, o in triples]
        meta = source_graph_quads(self, source_kind, extractor, generated or dt.datetime.now(dt.UTC), content_hash)
        return ArticleGraph(self.graph, self.article, quads, meta, self.resolution,
                            content_hash, self.counts, triples)

    def _article(self) -> None:
        meta = self.doc.article
        a = self.article
        self.add(a, RDF.type, SCHEMA.NewsArticle)
        self.add(a, SCHEMA.url, Literal(meta.url, datatype=XSD.anyURI))
        self.text(a, SCHEMA.headline, meta.title)
        self.add(a, SCHEMA.inLanguage, Literal(meta.language))
        if meta.published:
            self.add(a, SCHEMA.datePublished, _date(meta.published))
        if meta.publisher:
            publisher = self.m.organization(meta.publisher)
            self.add(a, SCHEMA.publisher, publisher)
            self.add(publisher, RDF.type, SCHEMA.Organization)
            self.text(publisher, SCHEMA.name, meta.publisher)

    def _agency(self, item: AgencyItem) -> None:
        a = self.agency(item)
        self.add(a, RDF.type, ORG.Organization)
        self.add(a, RDF.type, SCHEMA.GovernmentOrganization)
        self.text(a, SCHEMA.name, item.name)
        self.text(a, SKOS.prefLabel, item.name)
        for alias in item.aliases:
            self.text(a, SKOS.altLabel, alias)
        for key in self._agency_keys(item):
            self.add(a, HG.nameKey, Literal(key))
        parent = self.index.parent_of(item)
        if parent is not None:
            self.add(a, ORG.subOrganizationOf, self.agency(parent))
        if item.type is not None:
            self.add(a, HG.agencyType, concept("agency-type", item.type))
        for account in item.accounts:
            self._account(a, account)
        self.add(self.article, SCHEMA.mentions, a)
        self.count("agencies")

    def _person(self, item: PersonItem, attested: dt.date | None) -> None:
        p = self.person(item)
        self.add(p, RDF.type, SCHEMA.Person)
        self.add(p, RDF.type, FOAF.Person)
        parts = split_honorifics(item.name)
        self.text(p, SCHEMA.name, parts.name)
        self.text(p, SCHEMA.honorificPrefix, item.honorific_prefix or parts.prefix)
        self.text(p, SCHEMA.honorificSuffix, item.honorific_suffix or parts.suffix)
        for alias in item.aliases:
            self.text(p, SKOS.altLabel, alias)
        for key in dict.fromkeys(person_key(n) for n in (item.name, *item.aliases)):
            self.add(p, HG.nameKey, Literal(key))
        for account in item.accounts:
            self._account(p, account)
        self.add(self.article, SCHEMA.mentions, p)
        self.annotate(p, item, item.mentions, item.confidence)
        self.count("people")
        for pos in item.positions:
            ref = self.index.lookup_post(pos.title) if pos.agency is None else None
            agency_item = self.index.lookup_agency(pos.agency) if pos.agency else None
            ref = PostRef(pos.title, agency_item) if ref is None or pos.agency else ref
            post = self.post(ref)
            t = self.m.tenure(p, post, pos.start)
            self.add(p, ORG.holds, post)
            self.add(post, ORG.heldBy, p)
            self.add(t, RDF.type, ORG.Membership)
            self.add(t, ORG.member, p)
            self.add(t, HG.post, post)
            if agency_item is not None:
                self.add(t, ORG.organization, self.agency(agency_item))
            if pos.start or pos.end:
                interval = NamedNode(t.value + "/interval")
                self.add(t, ORG.memberDuring, interval)
                self.add(interval, RDF.type, TIME.Interval)
                for value, prop, shortcut in ((pos.start, TIME.hasBeginning, HG.start),
                                              (pos.end, TIME.hasEnd, HG.end)):
                    if value:
                        instant = NamedNode(f"{interval.value}/{'start' if prop is TIME.hasBeginning else 'end'}")
                        self.add(interval, prop, instant)
                        self.add(instant, RDF.type, TIME.Instant)
                        self.add(instant, TIME.inXSDDate, _date(value))
                        self.add(t, shortcut, _date(value))
            if attested:
                self.add(t, HG.attestedOn, _date(attested))
            if pos.acting:
                self.add(t, HG.acting, concept("acting", pos.acting))
            self.count("tenures")

    def _account(self, owner: NamedNode, item: AccountItem) -> None:
        """``owner`` foaf:account a foaf:OnlineAccount, and schema:sameAs its profile page."""
        handle, url = item.handle or "", item.url or ""
        node = self.m.account(item.platform.value, handle, url)
        self.add(owner, FOAF.account, node)
        self.add(owner, SCHEMA.sameAs, NamedNode(url))
        self.add(node, RDF.type, FOAF.OnlineAccount)
        service = SERVICE_HOMEPAGES.get(item.platform.value) or NamedNode(url)
        self.add(node, FOAF.accountServiceHomepage, service)
        self.add(node, FOAF.accountName, Literal(handle))
        self.add(node, SCHEMA.url, Literal(url, datatype=XSD.anyURI))

    def _event(self, item: EventItem) -> None:
        e = self.event(item)
        self.add(e, RDF.type, SCHEMA.Event)
        self.add(e, RDF.type, PROV.Activity)
        self.text(e, SCHEMA.name, item.name)
        self.add(e, HG.eventType, concept("event-type", item.type))
        if item.start:
            self.add(e, SCHEMA.startDate, _date(item.start))
            self.add(e, SCHEMA.endDate, _date(item.end or item.start))
        city = self._city(item.city, item.province)
        if item.venue:
            venue = self.m.place(item.venue, item.city or "")
            self.add(venue, RDF.type, SCHEMA.Place)
            self.text(venue, SCHEMA.name, item.venue)
            if city is not None:
                self.add(venue, SCHEMA.containedInPlace, city)
            self.add(e, SCHEMA.location, venue)
        elif city is not None:
            self.add(e, SCHEMA.location, city)
        if item.organizer:
            organizer = self.index.lookup_agency(item.organizer)
            self.add(e, SCHEMA.organizer, self.agency(organizer) if organizer is not None
                     else self.person(self.index.lookup_person(item.organizer)))  # type: ignore[arg-type]
        if item.participant_count is not None:
            self.add(e, HG.participantCount, Literal(item.participant_count))
        for ref in item.participants:
            self.add(e, SCHEMA.attendee, self.agency(self.index.lookup_agency(ref)))  # type: ignore[arg-type]
        self.add(self.article, SCHEMA.mentions, e)
        self.annotate(e, item, [item.evidence] if item.evidence else [], item.confidence)
        self.count("events")

    def _appearance(self, event: NamedNode, person: NamedNode,
                    seen: dict[tuple[str, str], NamedNode]) -> NamedNode:
        key = (event.value, person.value)
        ap = seen.get(key)
        if ap is None:
            ap = seen[key] = self.m.appearance(event, person)
            self.add(ap, RDF.type, SCHEMA.PerformanceRole)
            self.add(ap, SCHEMA.performer, person)
            self.add(ap, HG.atEvent, event)
            self.add(event, SCHEMA.performer, ap)
        return ap

    def _statement(self, i: int, st: Any, seen: dict[tuple[str, str], NamedNode]) -> None:
        speaker = self.person(self.index.lookup_person(st.speaker))  # type: ignore[arg-type]
        s = self.m.statement(self.url, speaker, st.text, i)
        self.add(s, RDF.type, SCHEMA.Quotation)
        self.add(s, SCHEMA.text, Literal(st.text))
        self.add(s, SCHEMA.position, Literal(i + 1))
        self.add(s, HG.direct, Literal(st.direct))
        self.add(s, HG.speaker, speaker)
        self.add(s, DCTERMS.source, self.article)
        self.annotate(s, st, [st.evidence] if st.evidence else [], st.confidence)
        principal = self.principal(st.on_behalf_of) if st.on_behalf_of else None
        self.add(s, SCHEMA.author, principal or speaker)
        if principal is not None:
            self.add(s, HG.onBehalfOf, principal)
        if st.role is not None:
            self.add(s, HG.role, concept("role", st.role))
        event_item = self.index.lookup_event(st.event) if st.event else None
        date = st.date or (event_item.start if event_item else None)
        if date:
            self.add(s, SCHEMA.dateCreated, _date(date))
        if event_item is not None:
            e = self.event(event_item)
            self.add(s, HG.atEvent, e)
            ap = self._appearance(e, speaker, seen)
            if st.role is not None:
                self.add(ap, HG.role, concept("role", st.role))
                self.add(ap, SCHEMA.roleName, Literal(st.role.value.replace("_", " ")))
            if principal is not None:
                self.add(ap, HG.onBehalfOf, principal)
        self.count("statements")

    def _delegation(self, d: Any, seen: dict[tuple[str, str], NamedNode]) -> None:
        delegate = self.person(self.index.lookup_person(d.delegate))  # type: ignore[arg-type]
        principal = self.principal(d.principal)
        event_item = self.index.lookup_event(d.event) if d.event else None
        e = self.event(event_item) if event_item is not None else None
        node = self.m.delegation(self.url, delegate, principal, e)
        self.add(delegate, PROV.actedOnBehalfOf, principal)
        self.add(delegate, PROV.qualifiedDelegation, node)
        self.add(node, RDF.type, PROV.Delegation)
        self.add(node, HG.delegate, delegate)
        self.add(node, PROV.agent, principal)
        self.add(node, PROV.hadRole, concept("act", d.act))
        self.add(node, DCTERMS.source, self.article)
        self.annotate(node, d, [d.evidence] if d.evidence else [], d.confidence)
        if e is not None:
            self.add(node, PROV.hadActivity, e)
            ap = self._appearance(e, delegate, seen)
            self.add(ap, HG.onBehalfOf, principal)
            role = {"reading_speech": "keynote", "opening": "opening"}.get(d.act.value)
            if role:
                self.add(ap, HG.role, concept("role", role))
                self.add(ap, SCHEMA.roleName, Literal(role))
        self.count("delegations")

    def _speaker(self, item: EventItem, sp: Any, seen: dict[tuple[str, str], NamedNode]) -> None:
        person = self.person(self.index.lookup_person(sp.person))  # type: ignore[arg-type]
        ap = self._appearance(self.event(item), person, seen)
        for role in sp.roles:
            self.add(ap, HG.role, concept("role", role))
            self.add(ap, SCHEMA.roleName, Literal(role.value.replace("_", " ")))
        if sp.on_behalf_of:
            self.add(ap, HG.onBehalfOf, self.principal(sp.on_behalf_of))
