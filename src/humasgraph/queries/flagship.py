"""Who spoke at which event on behalf of whom: the flagship question, read through the per-kind readers.

The rows are bounded first (a page of events); everything else comes from the same readers the
GraphQL loaders batch (``entities.records_up``, ``links.appearances``, ``links.linked``,
``tenures_of``), each step one query with the previous step's IRIs in ``VALUES``: the number of
queries does not grow with the number of events, no query joins a corpus-wide fact set (see
DESIGN.md §6), and the command line, the report and GraphQL read one answer the same way.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pyoxigraph import NamedNode

from ..model.vocab import concept, concept_value
from ..store import Row, Store, render
from . import entities, links

__all__ = [
    "TENURES",
    "TENURE_DATES",
    "TENURE_LINKS",
    "TENURE_VARIABLES",
    "Dated",
    "EventInfo",
    "Principal",
    "Speaker",
    "StatementInfo",
    "Tenure",
    "agency_path",
    "event_page",
    "flagship",
    "held_on",
    "latest_date",
    "tenure_rows",
    "tenures_of",
]


@dataclass
class Tenure:
    """A person holding a post: its title and agency, and the dates known for it."""

    iri: str
    person: str
    post: str
    title: str
    label: str
    agency: str | None
    start: dt.date | None = None
    end: dt.date | None = None
    seen: tuple[str, ...] = ()  # ISO dates of the articles that saw it, sorted (they sort as text)
    acting: str | None = None  # penjabat, pelaksana_tugas, pelaksana_harian: held ad interim

    @property
    def attested(self) -> list[dt.date]:
        """Every date an article saw the person in the post, oldest first."""
        return [dt.date.fromisoformat(d) for d in self.seen]

    @property
    def last_seen(self) -> dt.date | None:
        return dt.date.fromisoformat(self.seen[-1]) if self.seen else None

    def days_from(self, date: dt.date) -> int | None:
        """Days between ``date`` and the nearest date an article saw the tenure on; None if none did."""
        at = bisect.bisect_left(self.seen, date.isoformat())
        near = [dt.date.fromisoformat(d) for d in self.seen[max(0, at - 1):at + 1]]
        return min((abs((d - date).days) for d in near), default=None)


@dataclass
class Principal:
    """Whom a speaker spoke for: a person, a post (with its holder when known) or an agency."""

    iri: str
    kind: str  # person | post | agency
    label: str
    holder: str | None = None
    holder_name: str | None = None


@dataclass
class StatementInfo:
    iri: str
    speaker: str
    text: str
    direct: bool
    role: str | None
    date: dt.date | None
    author: str | None
    on_behalf_of: str | None
    source: str
    source_title: str | None
    position: int = 0


@dataclass
class Speaker:
    person: str
    name: str
    roles: list[str]
    tenure: Tenure | None
    principal: Principal | None
    statements: list[StatementInfo]
    agency_path: str | None = None  # of the tenure's post: see ``agency_path``


@dataclass
class EventInfo:
    iri: str
    name: str
    type: str | None
    start: dt.date | None
    end: dt.date | None
    venue: str | None
    city: str | None
    province: str | None
    organizer: str | None
    organizer_name: str | None
    participant_count: int | None
    speakers: list[Speaker] = field(default_factory=list)


ATTESTATION_REACH_DAYS = 730


def _date(row: Row, name: str) -> dt.date | None:
    term = row.get(name)
    if term is None:
        return None
    try:
        return dt.date.fromisoformat(term.value[:10])
    except ValueError:
        return None


_PAGE = """
SELECT ?e WHERE { GRAPH $all {
  ?e a schema:Event ; hg:eventType ?type .
  $filter
  OPTIONAL { ?e schema:startDate ?start }
} } ORDER BY DESC(?start) ?e LIMIT $limit
"""

# The tenures of what the pattern before it binds (the person or the post, by VALUES here; ``?t``
# itself, by a path, in the prefetch of a compiled GraphQL selection). The post's agency by IRI
# alone: its record is read where it is wanted (an agency's name and its parent's, nested here,
# cost a compiled one-event flagship 0.18 of its query's 3.1 ms at 1k articles, the page 1 of 39).
TENURES = """
  ?t a org:Membership ; org:member ?person ; hg:post ?post .
  ?post hg:title ?title .
  OPTIONAL { ?post skos:prefLabel ?label }
  OPTIONAL { ?post org:postIn ?agency }
  OPTIONAL { ?t hg:start ?start }
  OPTIONAL { ?t hg:end ?end }
  OPTIONAL { ?t hg:acting ?acting }
"""
# The dates articles saw those tenures on, in a UNION branch beside them (rows of ``?t`` and
# ``?seen`` alone), as one string per tenure: a frequent official is seen in thousands of articles.
# Beside the tenures, not in an OPTIONAL of theirs: Oxigraph plans an OPTIONAL more for each (a
# third of the tenures' planning) and the query of a page of 50 meetings took 45.0 instead of 43.2
# ms of CPU (the one-event flagship's 3.04 instead of 2.89).
TENURE_DATES = """{ SELECT ?t (GROUP_CONCAT(STR(?d); separator=" ") AS ?seen) WHERE {
    $bound ?t hg:attestedOn ?d } GROUP BY ?t }"""
TENURE_VARIABLES = "?t ?person ?post ?title ?label ?agency ?start ?end ?acting ?seen"
_TENURES = ("SELECT " + TENURE_VARIABLES + " WHERE { GRAPH $all { { VALUES $var { $nodes }"
            + TENURES + "} UNION " + TENURE_DATES.replace("$bound", "VALUES $var { $nodes } ?t $link $var .")
            + " } }")
# The predicate from a tenure to its person and to its post.
TENURE_LINKS = {"person": "org:member", "post": "hg:post"}


def event_page(store: Store, *, event_type: str | None = None, limit: int = 50) -> list[NamedNode]:
    """The IRIs of up to ``limit`` events, newest first, optionally of one type."""
    flt = ""
    terms: dict[str, object] = {}
    if event_type is not None:
        flt = "FILTER(?type = $t)"
        terms["t"] = concept("event-type", event_type)
    query = render(_PAGE.replace("$filter", flt), all=store.all_graph, **terms)  # type: ignore[arg-type]
    rows = store.select(query.replace("$limit", str(int(limit))))
    return [r["e"] for r in rows if isinstance(r["e"], NamedNode)]


def tenures_of(store: Store, nodes: Sequence[NamedNode], *, by: str = "person") -> dict[str, list[Tenure]]:
    """Tenures of some people (``by='person'``) or posts (``by='post'``), keyed by that IRI."""
    if by not in ("person", "post"):
        raise ValueError(f"by={by!r}: expected person or post")
    if not nodes:
        return {}
    query = _TENURES.replace("$var", f"?{by}").replace("$link", TENURE_LINKS[by])
    return tenure_rows(store.select(render(query, all=store.all_graph, nodes=nodes)), by)


def tenure_rows(rows: Iterable[Row], by: str) -> dict[str, list[Tenure]]:
    """``tenures_of`` from its rows (those of ``TENURES`` and of ``TENURE_DATES``), keyed by the person's or
    post's IRI."""
    out: dict[str, dict[str, Tenure]] = defaultdict(dict)
    seen: dict[str, str] = {}
    for row in rows:
        if by not in row:
            if "seen" in row:  # a row of TENURE_DATES
                seen[row["t"].value] = row["seen"].value
            continue
        key = row[by].value
        t = out[key].get(row["t"].value)
        if t is None:
            t = out[key][row["t"].value] = Tenure(
                iri=row["t"].value, person=row["person"].value, post=row["post"].value,
                title=row["title"].value, label=row["label"].value if "label" in row else row["title"].value,
                agency=row["agency"].value if "agency" in row else None,
                start=_date(row, "start"), end=_date(row, "end"),
                acting=concept_value(row["acting"].value) if "acting" in row else None)
    for held in out.values():
        for t in held.values():
            if t.iri in seen:
                t.seen = tuple(sorted({d[:10] for d in seen[t.iri].split()}))
    return {k: sorted(v.values(), key=lambda t: t.iri) for k, v in out.items()}


class Dated(Protocol):
    """A tenure as ``held_on`` weighs it: its dates and the days an article saw it."""

    iri: str
    start: dt.date | None
    end: dt.date | None

    @property
    def last_seen(self) -> dt.date | None: ...

    def days_from(self, date: dt.date) -> int | None: ...


TenureT = TypeVar("TenureT", bound=Dated)


def latest_date(t: Dated) -> dt.date:
    """The last date known of a tenure: its end, else the later of its start and its last attestation."""
    return t.end or max(t.start or dt.date.min, t.last_seen or dt.date.min)


def held_on(tenures: Sequence[TenureT], date: dt.date | None) -> TenureT | None:
    """The tenure in force on ``date``: one whose dates cover it, else the one attested nearest.

    Without a date, the tenure in force now: an open one (started, no end known), else the one
    known latest; an ended tenure never wins over an open one, whatever their IRIs.
    """
    if not tenures:
        return None
    if date is None:
        open_ = [t for t in tenures if t.start and not t.end]
        return max(open_ or tenures, key=lambda t: (latest_date(t), t.iri))
    covering = [t for t in tenures if (t.start or t.end) and (t.start is None or t.start <= date)
                and (t.end is None or date <= t.end)]
    if covering:
        return max(covering, key=lambda t: (t.start or dt.date.min, t.iri))
    # A tenure known only from articles counts when one of them is within two years of the date.
    near = [(days, t.iri, t) for t in tenures if not t.start and not t.end
            for days in [t.days_from(date)] if days is not None and days <= ATTESTATION_REACH_DAYS]
    return min(near)[2] if near else None


def flagship(store: Store, *, event_type: str | None = "coordination_meeting",
             events: Sequence[NamedNode] | None = None, limit: int = 50,
             merges: NamedNode | None = None) -> list[EventInfo]:
    """Events with their speakers, each with post on the day, principal and statements.

    ``merges`` is the graph of merges: a principal's kind is read at the IRI it is known by now.
    """
    iris = [e.value for e in (events if events is not None else event_page(store, event_type=event_type,
                                                                          limit=limit))]
    if not iris:
        return []
    found: dict[str, Any] = entities.records(store, "event", iris)
    places: dict[str, Any] = entities.records_up(store, "place", sorted({
        r.location for r in found.values() if r.location}))
    organizers: dict[str, Any] = entities.records(store, "agency", sorted({
        r.organizer for r in found.values() if r.organizer}))
    appearances = links.appearances(store, [i for i in iris if i in found])
    said = links.linked(store, "event.statements", [i for i in iris if i in found])
    statements: dict[str, Any] = entities.records(store, "statement", sorted({s for ss in said.values() for s in ss}))
    sources: dict[str, Any] = entities.records(store, "article", sorted({s.source for s in statements.values()}))
    people = sorted({a.person for aps in appearances.values() for a in aps})
    principals = sorted({a.principal for aps in appearances.values() for a in aps if a.principal})
    kinds = entities.kinds(store, principals, merges) if merges is not None else {}
    kind_of = {p: kinds[p][0] if p in kinds and kinds[p][0] in ("person", "post") else "agency" for p in principals}
    named: dict[str, Any] = {}
    for kind in ("person", "post", "agency"):
        named.update(entities.records(store, kind, [p for p in principals if kind_of[p] == kind]))
    tenures = tenures_of(store, [NamedNode(p) for p in people]) if people else {}
    posts = [p for p in principals if kind_of[p] == "post"]
    holders = tenures_of(store, [NamedNode(p) for p in posts], by="post") if posts else {}
    persons: dict[str, Any] = entities.records(store, "person", sorted(
        set(people) | {t.person for ts in holders.values() for t in ts}))
    agencies: dict[str, Any] = entities.records_up(store, "agency", sorted(
        {t.agency for ts in tenures.values() for t in ts if t.agency}))

    out: list[EventInfo] = []
    for iri in iris:
        r = found.get(iri)
        if r is None:
            continue
        info = EventInfo(iri=iri, name=r.name, type=r.type, start=r.start, end=r.end, venue=None, city=None,
                         province=None, organizer=r.organizer,
                         organizer_name=organizers[r.organizer].name if r.organizer in organizers else None,
                         participant_count=r.participant_count)
        info.venue, info.city, info.province = _where(places, r.location)
        by_speaker: dict[str, list[StatementInfo]] = defaultdict(list)
        for s in (statements[i] for i in said.get(iri, []) if i in statements):
            by_speaker[s.speaker].append(StatementInfo(
                iri=s.iri, speaker=s.speaker, text=s.text, direct=s.direct, role=s.role, date=s.date,
                author=s.author, on_behalf_of=s.on_behalf_of, source=s.source,
                source_title=sources[s.source].title if s.source in sources else None, position=s.position))
        for a in appearances.get(iri, []):
            principal = None
            if a.principal is not None:
                principal = _principal(a.principal, kind_of[a.principal], named=named, holders=holders,
                                       persons=persons, date=r.start)
            tenure = held_on(tenures.get(a.person, []), r.start)
            info.speakers.append(Speaker(
                person=a.person, name=persons[a.person].name if a.person in persons else a.person,
                roles=sorted(a.roles), tenure=tenure, principal=principal,
                statements=sorted(by_speaker.get(a.person, []), key=lambda s: (s.source, s.position, s.text)),
                agency_path=agency_path(agencies, tenure.agency) if tenure else None))
        # Speakers in order of appearance: the first statement's text position is not known,
        # so those who spoke for someone (the opening) come first, then by name.
        info.speakers.sort(key=lambda s: (s.principal is None, s.name))
        out.append(info)
    return out


def agency_path(agencies: dict[str, Any], agency: str | None) -> str | None:
    """ "Direktorat Jenderal …, Kementerian …": the agency (a record of ``agencies``), and its parent where its name
    does not say it."""
    record = agencies.get(agency or "")
    if record is None:
        return None
    parent = agencies.get(record.parent or "")
    if parent is not None:
        short = parent.name.removeprefix("Pemerintah ").lower()
        if short not in record.name.lower():
            return f"{record.name}, {parent.name}"
    return record.name  # type: ignore[no-any-return]


def _where(places: dict[str, Any], location: str | None) -> tuple[str | None, str | None, str | None]:
    """(venue, city, province) of a location: a venue within a city within a province, or the city itself."""
    chain: list[Any] = []
    iri = location
    while iri in places and len(chain) < 3:
        chain.append(places[iri])
        iri = places[iri].within
    names = [p.name for p in chain]
    if chain and chain[0].type != "venue":
        names.insert(0, "")
    return (names[0] or None if names else None, names[1] if len(names) > 1 else None,
            names[2] if len(names) > 2 else None)


def _principal(iri: str, kind: str, *, named: dict[str, Any], holders: dict[str, list[Tenure]],
               persons: dict[str, Any], date: dt.date | None) -> Principal:
    record = named.get(iri)
    label = (record.label if kind == "post" else record.name) if record is not None else iri
    principal = Principal(iri=iri, kind=kind, label=label)
    if kind == "post":
        tenure = held_on([t for t in holders.get(iri, []) if t.start or t.end or t.seen], date)
        if tenure is not None:
            principal.holder = tenure.person
            principal.holder_name = persons[tenure.person].name if tenure.person in persons else None
    return principal
