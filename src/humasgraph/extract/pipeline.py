"""Text of an article → its metadata document, in the import format, ready for review."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import TypeVar

from pydantic import ValidationError

from ..errors import FieldError, ValidationFailed
from ..ingest.reading import validation_failed
from ..model.document import (
    MAX_TEXT,
    AgencyItem,
    ArticleMeta,
    DelegationItem,
    Document,
    EventItem,
    Evidence,
    PersonItem,
    PlaceItem,
    PositionItem,
    PostItem,
    SpeakerItem,
    StatementItem,
)
from ..model.enums import Act, AgencyType, EventType, PlaceType, Role
from ..model.names import fold, slug
from . import evidence as ev
from .accounts import attach_accounts
from .agencies import Agencies, Agency
from .delegations import ACT_PRIORITY, Delegation, Delegations
from .events import Event, find_events
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .people import People, Person
from .places import Regions
from .positions import PostReader
from .principals import Principal
from .statements import Said, read_statements
from .text import Article, abbreviation_definitions

__all__ = ["extract_text"]

_T = TypeVar("_T", PersonItem, EventItem, StatementItem, DelegationItem)

_RESOURCE = re.compile(r"\b(narasumber|nara sumber|pemateri|pembicara)\b", re.IGNORECASE)


def extract_text(text: str, *, title: str | None = None, url: str | None = None,
                 published: dt.date | None = None, publisher: str | None = None,
                 gazetteer: Gazetteer | None = None, today: dt.date | None = None) -> Document:
    """The metadata document of an article's text (the body; ``title`` apart, or the first line)."""
    body = text.strip("\ufeff")
    if title is None:
        first, _, rest = body.strip().partition("\n")
        title, body = first.strip(), rest
    if not body.strip() or not title:
        raise ValidationFailed(url, [FieldError("", "the article has no body text" if title else "no title")])
    today = today or dt.date.today()
    known = Gazetteer.reference() if gazetteer is None else gazetteer.merged(Gazetteer.reference())
    article = Article.parse(title, body)
    lex = lexicon()
    heads = lex.agency_heads | lex.post_heads | lex.post_modifiers
    abbreviations = abbreviation_definitions(article.masked_text, heads)
    regions = Regions.scan(article.masked_text, article.dateline)
    agencies = Agencies(regions, abbreviations, known)
    posts = PostReader(regions, abbreviations)
    people = People(regions, agencies, posts, known)
    dated_url = _url_date(url)
    anchor = published or (dated_url[0] if dated_url and dated_url[1] else None) or _dated(article)
    hint = None if anchor else (dated_url[0] if dated_url else _year_hint(article, today))
    events = find_events(article, regions, agencies, published=anchor,
                         today=today, hint=hint)
    event = events[0] if events else None
    for sentence in article.sentences:
        for _, _, surface in agencies.find(sentence.text):
            agencies.read(surface)
    delegations = Delegations(people, agencies, posts, regions, article.masked_text)
    said, acts = read_statements(article, people, delegations)
    _default_agencies(people, agencies, event, acts)
    meta = ArticleMeta(url=url or f"urn:humasgraph:text:{hashlib.sha256(body.encode()).hexdigest()[:32]}",
                       title=title[:500], publisher=publisher, published=published, language="id")
    try:
        return _Builder(meta, agencies, people, events, said, acts, article, text).build()
    except ValidationError as exc:
        # The text holds more than the import format allows (say, over 2,000 attributed paragraphs).
        raise validation_failed(exc, url) from None


_URL_YMD = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})(?:/|$)")
_URL_DMY = re.compile(r"/(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?:/|$)")
_URL_YM = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})(?:/|$)")
_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?!\d|[/.-]\d)")


def _dated(article: Article) -> dt.date | None:
    """The full date a dateline gives ("KEPATIHAN YOGYAKARTA (17/02/2012) …"): the release's date."""
    if article.dated is None:
        return None
    day, month, year = article.dated
    if year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _url_date(url: str | None) -> tuple[dt.date, bool] | None:
    """The date an article's address gives ("/2023/01/30/slug" → 2023-01-30, exact; "/2021/11/slug" →
    mid-November 2021, a hint for the year only)."""
    if not url:
        return None
    for pattern, order in ((_URL_YMD, (0, 1, 2)), (_URL_DMY, (2, 1, 0))):
        m = pattern.search(url)
        if m is not None:
            year, month, day = (int(m.group(i + 1)) for i in order)
            try:
                return dt.date(year, month, day), True
            except ValueError:
                pass
    m = _URL_YM.search(url)
    if m is not None and 1 <= int(m.group(2)) <= 12:
        return dt.date(int(m.group(1)), int(m.group(2)), 15), False
    return None


def _year_hint(article: Article, today: dt.date) -> dt.date | None:
    """With no publication date, the latest year the text names up to today ("Tahun Anggaran 2019",
    "HUT ke-66 Tahun 2023"): a release names its own year, so a weekday date is resolved near it."""
    years = [int(y) for s in article.sentences for y in _YEAR.findall(s.unmask())]
    years = [y for y in years if y <= today.year]
    return dt.date(max(years), 7, 1) if years else None


def _default_agencies(people: People, agencies: Agencies, event: Event | None, acts: list[Delegation]) -> None:
    """Give a post written without its agency the one the article implies."""
    lex = lexicon()
    organizer = event.organizer if event else None
    for person in people.items:
        for held in person.positions:
            if held.agency is not None or held.phrase.is_region_post:
                continue
            office_of = next((d.principal.agency for d in acts if d.delegate is person and d.principal.is_post
                              and d.principal.agency is not None), None)
            if office_of is not None:  # "Kepala Kantor Kemenag X yang diwakili Kasi Y": Y works in that office
                held.agency = office_of
                continue
            # "Asisten I Nama mewakili Pemkot Makassar", "Diskominfo Kukar diwakili Kabid Nama": an official who
            # stands for an institution with no person named works there
            served = next((d.principal.agency for d in acts if d.delegate is person and d.principal.person is None
                           and d.principal.title is None and d.principal.agency is not None), None)
            if served is not None:
                held.agency = served
                continue
            # "Wali Kota X diwakili Asisten III, Nama": a post of the secretariat, in the government its head leads
            led = next((h.agency for d in acts if d.delegate is person and d.principal.person is not None
                        for h in d.principal.person.positions if h.phrase.is_region_post and h.agency is not None
                        and fold(h.title) in lex.region_posts), None)
            if led is not None and not any(w in lex.units for w in fold(held.title).split()):
                held.agency = led
                continue
            title = fold(held.title)
            words = title.split()
            if any(title == p or title.startswith(p + " ") for p in lex.university_posts):
                held.agency = agencies.latest(AgencyType.university)
                continue
            if any(f" {u} " in f" {title} " for u in lex.legislature_units) and \
                    (legislature := agencies.latest(AgencyType.legislature)) is not None:
                held.agency = legislature  # "Ketua Fraksi X", "Anggota Komisi A": a member of the council
                continue
            unit = next((i for i, w in enumerate(words) if w in lex.units), None)
            if unit is not None:
                named = " ".join(held.title.split()[unit:])
                found = next((a for a in agencies.items if any(fold(x) == fold(named) for x in a.aliases)), None)
                if found is not None and found.parent is not None:
                    held.agency = found.parent
                    continue
            if any(title.startswith(p) for p in lex.ministry_posts):
                held.agency = organizer if organizer and organizer.type == AgencyType.ministry else \
                    agencies.latest(AgencyType.ministry)
            elif "bagian" in words:
                boss = next((d.principal.person for d in acts if d.delegate is person and d.principal.person), None)
                unit_agency = _unit_agency(boss, agencies) if boss else None
                held.agency = unit_agency or agencies.latest(AgencyType.bureau, AgencyType.secretariat)
            elif unit is not None or title.startswith(("sekretaris", "kepala")):
                office = (AgencyType.office, AgencyType.agency, AgencyType.police)
                held.agency = organizer if organizer and organizer.type in office else agencies.latest(*office)


def _unit_agency(person: Person, agencies: Agencies) -> Agency | None:
    for held in person.positions:
        if held.agency is None:
            continue
        for a in agencies.items:
            if a.parent is held.agency and fold(held.title).endswith(fold(a.aliases[0] if a.aliases else a.name)):
                return a
    return None


class _Builder:
    """Assembles the document's items from what was read, with keys and references resolved, and
    each statement, delegation, person and event with its evidence in ``text`` and its confidence."""

    def __init__(self, meta: ArticleMeta, agencies: Agencies, people: People,  # noqa: PLR0917 - one per stage
                 events: list[Event], said: list[Said], acts: list[Delegation], article: Article,
                 text: str) -> None:
        self.meta = meta
        self.agencies = agencies
        self.people = people
        self.events = events
        self.event = events[0] if events else None
        self.said = said
        self.acts = acts
        self.article = article
        self.locator = ev.Locator(text, article)
        self.mentions: dict[int, list[ev.Span]] = {}  # id(person) → where the text names them

    def build(self) -> Document:
        agencies = self.agencies.finish()
        people = self.people.finish()
        self.mentions = self.locator.mentions(people)
        principals = self._principals()
        doc = Document(
            article=self.meta,
            agencies=[self._agency(a) for a in agencies],
            people=[self._person(p) for p in people],
            posts=[PostItem(key=p.key, title=p.title or p.label, agency=p.agency.key if p.agency else None)
                   for p in principals if p.is_post],
            places=self._places(),
            events=[self._event(e) for e in self.events],
            statements=[self._statement(s) for s in self.said],
            delegations=self._delegation_items(),
        )
        return self._named_references(attach_accounts(doc, self.article), principals)

    def _principals(self) -> list[Principal]:
        used: list[Principal] = []
        for p in [*(d.principal for d in self.acts), *(s.on_behalf_of for s in self.said if s.on_behalf_of)]:
            if p not in used:
                used.append(p)
        keys: set[str] = set()
        for p in used:
            if p.person is not None:
                p.key = p.person.key
            elif p.agency is not None and not p.is_post:
                p.key = p.agency.key
            else:
                base, n = f"post-{slug(p.label, 60)}", 2
                p.key = base
                while p.key in keys:
                    p.key, n = f"{base}-{n}", n + 1
                keys.add(p.key)
        return used

    def _agency(self, a: Agency) -> AgencyItem:
        return AgencyItem(key=a.key, id=None, name=a.name, aliases=a.aliases[:50],
                          parent=a.parent.key if a.parent else None, type=a.type)

    def _person(self, p: Person) -> PersonItem:
        mentions = self.mentions.get(id(p), [])
        doubts = ev.person_doubts(p, len(mentions))
        item = PersonItem(key=p.key, id=None, name=p.name, honorific_prefix=p.prefix, honorific_suffix=p.suffix,
                          aliases=p.aliases[:50],
                          positions=[PositionItem(title=h.title, agency=h.agency.key if h.agency else None,
                                                  acting=h.acting) for h in p.positions],  # type: ignore[arg-type]
                          mentions=[e for m in mentions if (e := _evidence(m)) is not None],
                          confidence=ev.confidence(doubts, ev.PERSON_DOUBTS))
        return _noted(doubts, item)

    def _event(self, e: Event) -> EventItem:
        base, n = f"event-{slug(e.name, 60)}", 2
        e.key = base
        while any(other is not e and other.key == e.key for other in self.events):
            e.key, n = f"{base}-{n}", n + 1
        doubts = ev.event_doubts(e, e is self.event)
        item = EventItem(key=e.key, name=e.name, type=e.type, start=e.start, end=e.end, venue=e.venue,
                         city=e.city, province=e.province, organizer=e.organizer.key if e.organizer else None,
                         participant_count=e.participant_count, participants=[a.key for a in e.participants],
                         speakers=self._speakers(e), evidence=_evidence(self.locator.sentence(e.sentence)),
                         confidence=ev.confidence(doubts, ev.EVENT_DOUBTS))
        return _noted(doubts, item)

    def _places(self) -> list[PlaceItem]:
        """The towns and provinces the events are in, each town within its province."""
        places: dict[str, PlaceItem] = {}
        for e in self.events:
            if e.province and fold(e.province) not in places:
                places[fold(e.province)] = PlaceItem(key=f"place-{slug(e.province, 60)}", name=e.province,
                                                     type=PlaceType.province, within=None)
            if e.city and fold(e.city) not in places and (not e.province or fold(e.city) != fold(e.province)):
                kind = PlaceType.regency if e.city.startswith("Kabupaten ") else PlaceType.city
                within = places[fold(e.province)].key if e.province else None
                places[fold(e.city)] = PlaceItem(key=f"place-{slug(e.city, 60)}", name=e.city, type=kind,
                                                 within=within)
        return list(places.values())

    def _event_of(self, sentence: int) -> Event | None:
        """The event a sentence reports on: the last one the article opened before it."""
        found = self.event
        for e in self.events:
            if e.sentence <= sentence and not e.past:
                found = e
        return found

    def _speakers(self, event: Event) -> list[SpeakerItem]:
        out: dict[int, SpeakerItem] = {}
        for s in self.said:
            if not s.at_event or self._event_of(s.sentence) is not event:
                continue
            item = out.setdefault(id(s.speaker), SpeakerItem(person=s.speaker.key))
            role = self._role(s, event)
            if role is not None and role not in item.roles:
                item.roles.append(role)
            if s.on_behalf_of is not None and item.on_behalf_of is None:
                item.on_behalf_of = s.on_behalf_of.key
        for d in self.acts:
            if d.delegate is None or self._event_of(d.sentence) is not event:
                continue
            item = out.setdefault(id(d.delegate), SpeakerItem(person=d.delegate.key))
            item.on_behalf_of = item.on_behalf_of or d.principal.key
            if (Act(d.act) == Act.opening or d.opened) and Role.opening not in item.roles:
                item.roles.append(Role.opening)
        return list(out.values())

    def _role(self, s: Said, event: Event | None = None) -> Role | None:
        event = event or self.event
        if s.act is not None and Act(s.act) == Act.reading_speech:
            return Role.keynote
        if self._resource_person(s.speaker):
            return Role.resource_person
        if event is not None and event.type == EventType.press_conference:
            return Role.press_statement
        return Role.remarks

    def _resource_person(self, person: Person) -> bool:
        agencies = {id(h.agency) for h in person.positions if h.agency} | \
            {id(h.agency.parent) for h in person.positions if h.agency and h.agency.parent}
        if person.affiliation is not None:
            agencies.add(id(person.affiliation))
        for sentence in self.article.sentences:
            text = sentence.text
            if not _RESOURCE.search(text):
                continue
            if any(n in text for n in (person.name, *person.aliases)):
                return True
            for m in re.finditer(r"\b(?:narasumber|pemateri|pembicara)\s+dari\s+(?P<who>[A-Z][^,.]*)", text,
                                 re.IGNORECASE):
                found = self.agencies.find(m.group("who"))
                agency = self.agencies.read(found[0][2]) if found else None
                if agency is not None and id(agency) in agencies:
                    return True
        return False

    def _statement(self, s: Said) -> StatementItem:
        event = self._event_of(s.sentence) if s.at_event else None
        span, located = self.locator.statement(s)
        doubts = ev.statement_doubts(s, self.article, located=located)
        item = StatementItem(speaker=s.speaker.key, event=event.key if event else None,
                             on_behalf_of=s.on_behalf_of.key if s.on_behalf_of else None,
                             role=self._role(s, event) if event else None, text=s.text[:20_000], direct=s.direct,
                             date=event.start if event else None, evidence=_evidence(span),
                             confidence=ev.confidence(doubts, ev.STATEMENT_DOUBTS))
        return _noted(doubts, item)

    def _delegation_items(self) -> list[DelegationItem]:
        best: dict[tuple[int, int], Delegation] = {}
        for d in self.acts:
            if d.delegate is None:
                continue
            k = (id(d.delegate), id(d.principal))
            if k not in best or ACT_PRIORITY.index(Act(d.act)) < ACT_PRIORITY.index(Act(best[k].act)):
                best[k] = d
        return [self._delegation(d) for d in best.values() if d.delegate is not None]

    def _delegation(self, d: Delegation) -> DelegationItem:
        doubts = ev.delegation_doubts(d, self.article)
        item = DelegationItem(delegate=d.delegate.key, principal=d.principal.key,  # type: ignore[union-attr]
                              event=(e.key if (e := self._event_of(d.sentence)) else None), act=d.act,
                              evidence=_evidence(self.locator.sentence(d.sentence)),
                              confidence=ev.confidence(doubts, ev.DELEGATION_DOUBTS))
        return _noted(doubts, item)

    def _named_references(self, doc: Document, principals: list[Principal]) -> Document:
        """Refer to each principal by the name a reader gives it ("Gubernur Nusa Tenggara Barat")
        wherever that name resolves to the same item; by key otherwise."""
        index = doc.index(self.meta.url)
        names: dict[str, str] = {}
        for p in principals:
            found = index.lookup_principal(p.label)
            wanted = index.lookup_principal(p.key)
            same = found is wanted or (found is not None and wanted is not None and p.is_post
                                       and getattr(found, "title", None) == getattr(wanted, "title", None)
                                       and getattr(found, "agency", None) is getattr(wanted, "agency", None))
            if same and found is not None:
                names[p.key] = p.label
        if not names:
            return doc
        for s in doc.statements:
            if s.on_behalf_of in names:
                s.on_behalf_of = names[s.on_behalf_of]
        for d in doc.delegations:
            d.principal = names.get(d.principal, d.principal)
        for e in doc.events:
            for sp in e.speakers:
                if sp.on_behalf_of in names:
                    sp.on_behalf_of = names[sp.on_behalf_of]
        doc.index(self.meta.url)
        return doc


def _noted(doubts: list[str], item: _T) -> _T:
    """``item`` with the doubts behind its confidence, for the reviewer's copy."""
    item._doubts = doubts  # noqa: SLF001 - the document's in-memory note, set where it is read
    return item


def _evidence(span: ev.Span | None) -> Evidence | None:
    if span is None or len(span.exact) > MAX_TEXT:  # a span is never cut: too long, none at all
        return None
    return Evidence(exact=span.exact, prefix=span.prefix, suffix=span.suffix, start=span.start, end=span.end)
