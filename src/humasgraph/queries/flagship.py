"""Who spoke at which event on behalf of whom: the flagship question, in four bounded queries.

The rows are bounded first (a page of events), and attributes attached afterwards, each step
one query with the previous step's IRIs in ``VALUES``: the number of queries does not grow with
the number of events, and no query joins a corpus-wide fact set (see DESIGN.md §6).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pyoxigraph import NamedNode

from ..store import Row, Store, render
from ..vocab import CONCEPT, ORG, SCHEMA

__all__ = [
    "FLAGSHIP_SPARQL",
    "Dated",
    "EventInfo",
    "Principal",
    "Speaker",
    "StatementInfo",
    "Tenure",
    "event_page",
    "flagship",
    "held_on",
    "latest_date",
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
    agency_name: str | None
    parent_name: str | None = None
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

    def agency_path(self) -> str | None:
        """ "Direktorat Jenderal …, Kementerian …": the agency, and its parent where its name does not say it."""
        if not self.agency_name:
            return None
        parent = self.parent_name
        if parent:
            short = parent.removeprefix("Pemerintah ").lower()
            if short not in self.agency_name.lower():
                return f"{self.agency_name}, {parent}"
        return self.agency_name


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


def _concept_value(iri: str | None) -> str | None:
    if iri is None or not iri.startswith(CONCEPT.iri):
        return None
    return iri.rsplit("/", 1)[-1].replace("-", "_")


_PAGE = """
SELECT ?e WHERE { GRAPH $all {
  ?e a schema:Event ; hg:eventType ?type .
  $filter
  OPTIONAL { ?e schema:startDate ?start }
} } ORDER BY DESC(?start) ?e LIMIT $limit
"""

_EVENTS = """
SELECT ?e ?name ?type ?start ?end ?loc ?locName ?isCity ?up ?upName ?top ?topName ?org ?orgName ?count
WHERE { GRAPH $all {
  VALUES ?e { $events }
  ?e schema:name ?name .
  OPTIONAL { ?e hg:eventType ?type }
  OPTIONAL { ?e schema:startDate ?start }
  OPTIONAL { ?e schema:endDate ?end }
  OPTIONAL { ?e hg:participantCount ?count }
  OPTIONAL { ?e schema:organizer ?org . OPTIONAL { ?org schema:name ?orgName } }
  OPTIONAL { ?e schema:location ?loc . ?loc schema:name ?locName .
    OPTIONAL { ?loc a ?isCity . FILTER(?isCity = schema:City) }
    OPTIONAL { ?loc schema:containedInPlace ?up . ?up schema:name ?upName .
      OPTIONAL { ?up schema:containedInPlace ?top . ?top schema:name ?topName } }
  }
} }
"""

_SPEAKERS = """
SELECT ?e ?ap ?person ?name ?role ?principal ?ptype ?plabel ?pname WHERE { GRAPH $all {
  VALUES ?e { $events }
  ?e schema:performer ?ap . ?ap schema:performer ?person .
  ?person schema:name ?name .
  OPTIONAL { ?ap hg:role ?role }
  OPTIONAL { ?ap hg:onBehalfOf ?principal .
    OPTIONAL { ?principal a ?ptype . VALUES ?ptype { schema:Person org:Post org:Organization } }
    OPTIONAL { ?principal skos:prefLabel ?plabel }
    OPTIONAL { ?principal schema:name ?pname }
  }
} }
"""

_STATEMENTS = """
SELECT ?s ?e ?speaker ?text ?direct ?role ?date ?author ?behalf ?src ?title ?pos WHERE { GRAPH $all {
  VALUES ?e { $events }
  ?s hg:atEvent ?e ; hg:speaker ?speaker ; schema:text ?text ; dcterms:source ?src .
  OPTIONAL { ?s hg:direct ?direct }
  OPTIONAL { ?s hg:role ?role }
  OPTIONAL { ?s schema:dateCreated ?date }
  OPTIONAL { ?s schema:author ?author }
  OPTIONAL { ?s hg:onBehalfOf ?behalf }
  OPTIONAL { ?src schema:headline ?title }
  OPTIONAL { ?s schema:position ?pos }
} }
"""

# A frequent official is seen in thousands of articles: the dates come back as one string per
# tenure (a sub-select grouped by tenure), not as one row per date.
_TENURES = """
SELECT ?t ?person ?post ?title ?label ?agency ?agencyName ?parentName ?start ?end ?acting ?seen WHERE { GRAPH $all {
  VALUES $var { $nodes }
  ?t a org:Membership ; org:member ?person ; hg:post ?post .
  ?post hg:title ?title .
  OPTIONAL { ?post skos:prefLabel ?label }
  OPTIONAL { ?post org:postIn ?agency . OPTIONAL { ?agency schema:name ?agencyName }
    OPTIONAL { ?agency org:subOrganizationOf ?parent . ?parent schema:name ?parentName } }
  OPTIONAL { ?t hg:start ?start }
  OPTIONAL { ?t hg:end ?end }
  OPTIONAL { ?t hg:acting ?acting }
  OPTIONAL { { SELECT ?t (GROUP_CONCAT(STR(?d); separator=" ") AS ?seen) WHERE {
    VALUES $var { $nodes } ?t org:member ?person ; hg:post ?post ; hg:attestedOn ?d } GROUP BY ?t } }
} }
"""


# The whole question as ONE query (what an analyst would write, and the floor the benchmarks
# compare against): one row per statement of a speaker at a coordination meeting.
FLAGSHIP_SPARQL = """
PREFIX schema: <http://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX hg: <https://w3id.org/humasgraph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?event ?eventName ?start ?end ?venue ?city ?speaker ?speakerName ?postTitle ?agencyName
       ?principal ?principalLabel ?text ?direct ?source
WHERE { GRAPH $all {
  ?event a schema:Event ; hg:eventType <https://w3id.org/humasgraph/concept/event-type/coordination-meeting> ;
         schema:name ?eventName ; schema:startDate ?start ; schema:endDate ?end ;
         schema:performer ?ap .
  OPTIONAL { ?event schema:location ?loc . ?loc schema:name ?venue .
             OPTIONAL { ?loc schema:containedInPlace ?c . ?c schema:name ?city } }
  ?ap schema:performer ?speaker . ?speaker schema:name ?speakerName .
  OPTIONAL { ?ap hg:onBehalfOf ?principal .
             OPTIONAL { ?principal skos:prefLabel|schema:name ?principalLabel } }
  OPTIONAL { ?tenure org:member ?speaker ; hg:post ?post . ?post hg:title ?postTitle ;
             org:postIn ?agency . ?agency schema:name ?agencyName }
  ?st hg:atEvent ?event ; hg:speaker ?speaker ; schema:text ?text ; hg:direct ?direct ;
      dcterms:source ?source .
} } ORDER BY ?start ?event ?speakerName ?text
"""


def event_page(store: Store, *, event_type: str | None = None, limit: int = 50) -> list[NamedNode]:
    """The IRIs of up to ``limit`` events, newest first, optionally of one type."""
    flt = ""
    terms: dict[str, object] = {}
    if event_type is not None:
        flt = "FILTER(?type = $t)"
        terms["t"] = CONCEPT[f"event-type/{event_type.replace('_', '-')}"]
    query = render(_PAGE.replace("$filter", flt), all=store.all_graph, **terms)  # type: ignore[arg-type]
    rows = store.select(query.replace("$limit", str(int(limit))))
    return [r["e"] for r in rows if isinstance(r["e"], NamedNode)]


def tenures_of(store: Store, nodes: Sequence[NamedNode], *, by: str = "person") -> dict[str, list[Tenure]]:
    """Tenures of some people (``by='person'``) or posts (``by='post'``), keyed by that IRI."""
    if by not in ("person", "post"):
        raise ValueError(f"by={by!r}: expected person or post")
    out: dict[str, dict[str, Tenure]] = defaultdict(dict)
    if not nodes:
        return {}
    rows = store.select(render(_TENURES.replace("$var", f"?{by}"), all=store.all_graph, nodes=nodes))
    for row in rows:
        key = row[by].value
        t = out[key].get(row["t"].value)
        if t is None:
            t = out[key][row["t"].value] = Tenure(
                iri=row["t"].value, person=row["person"].value, post=row["post"].value,
                title=row["title"].value, label=row["label"].value if "label" in row else row["title"].value,
                agency=row["agency"].value if "agency" in row else None,
                agency_name=row["agencyName"].value if "agencyName" in row else None,
                parent_name=row["parentName"].value if "parentName" in row else None,
                start=_date(row, "start"), end=_date(row, "end"),
                acting=_concept_value(row["acting"].value) if "acting" in row else None)
            if "seen" in row:
                t.seen = tuple(sorted({d[:10] for d in row["seen"].value.split()}))
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
             events: Sequence[NamedNode] | None = None, limit: int = 50) -> list[EventInfo]:
    """Events with their speakers, each with post on the day, principal and statements."""
    iris = list(events) if events is not None else event_page(store, event_type=event_type, limit=limit)
    if not iris:
        return []
    infos = _events(store, iris)
    speakers = store.select(render(_SPEAKERS, all=store.all_graph, events=iris))
    statements = store.select(render(_STATEMENTS, all=store.all_graph, events=iris))
    people = {r["person"].value for r in speakers}
    posts = {r["principal"].value for r in speakers
             if "principal" in r and "ptype" in r and r["ptype"] == ORG.Post}
    tenures = tenures_of(store, [NamedNode(p) for p in sorted(people)]) if people else {}
    holders = tenures_of(store, [NamedNode(p) for p in sorted(posts)], by="post") if posts else {}
    holder_names = _names(store, {t.person for ts in holders.values() for t in ts})

    by_speaker: dict[tuple[str, str], list[StatementInfo]] = defaultdict(list)
    for r in statements:
        by_speaker[(r["e"].value, r["speaker"].value)].append(StatementInfo(
            iri=r["s"].value, speaker=r["speaker"].value, text=r["text"].value,
            direct=r["direct"].value == "true" if "direct" in r else True,
            role=_concept_value(r["role"].value) if "role" in r else None,
            date=_date(r, "date"), author=r["author"].value if "author" in r else None,
            on_behalf_of=r["behalf"].value if "behalf" in r else None,
            source=r["src"].value, source_title=r["title"].value if "title" in r else None,
            position=int(r["pos"].value) if "pos" in r else 0))

    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in speakers:
        key = (r["e"].value, r["person"].value)
        entry = grouped.setdefault(key, {"name": r["name"].value, "roles": set(), "principal": None})
        if "role" in r:
            entry["roles"].add(_concept_value(r["role"].value))
        if "principal" in r and entry["principal"] is None:
            entry["principal"] = _principal(r, holders, holder_names, infos[key[0]].start)
        elif "principal" in r and "ptype" in r:
            # Several types (a post typed twice) give several rows: keep the most specific.
            current = entry["principal"]
            if isinstance(current, Principal) and current.kind == "agency" and r["ptype"] != ORG.Organization:
                entry["principal"] = _principal(r, holders, holder_names, infos[key[0]].start)
    for (event, person), entry in sorted(grouped.items()):
        info = infos[event]
        stmts = sorted(by_speaker.get((event, person), []), key=lambda s: (s.source, s.position, s.text))
        info.speakers.append(Speaker(
            person=person, name=str(entry["name"]), roles=sorted(r for r in entry["roles"] if r),  # type: ignore[attr-defined]
            tenure=held_on(tenures.get(person, []), info.start),
            principal=entry["principal"],  # type: ignore[arg-type]
            statements=stmts))
    for info in infos.values():
        # Speakers in order of appearance: the first statement's text position is not known,
        # so those who spoke for someone (the opening) come first, then by name.
        info.speakers.sort(key=lambda s: (s.principal is None, s.name))
    return [infos[i.value] for i in iris if i.value in infos]


def _events(store: Store, iris: Sequence[NamedNode]) -> dict[str, EventInfo]:
    infos: dict[str, EventInfo] = {}
    for r in store.select(render(_EVENTS, all=store.all_graph, events=iris)):
        iri = r["e"].value
        info = infos.get(iri)
        if info is None:
            info = infos[iri] = EventInfo(
                iri=iri, name=r["name"].value, type=_concept_value(r["type"].value) if "type" in r else None,
                start=_date(r, "start"), end=_date(r, "end"), venue=None, city=None, province=None,
                organizer=r["org"].value if "org" in r else None,
                organizer_name=r["orgName"].value if "orgName" in r else None,
                participant_count=int(r["count"].value) if "count" in r else None)
        if "locName" not in r or info.city is not None:
            continue
        # The location is a venue within a city within a province, or the city itself.
        names = [r[n].value for n in ("locName", "upName", "topName") if n in r]
        if "isCity" in r:
            names.insert(0, "")
        info.venue = names[0] or None
        info.city = names[1] if len(names) > 1 else None
        info.province = names[2] if len(names) > 2 else None
    return infos


_NAMES = "SELECT ?x ?name WHERE { GRAPH $all { VALUES ?x { $xs } ?x schema:name ?name } }"


def _names(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    rows = store.select(render(_NAMES, all=store.all_graph, xs=[NamedNode(i) for i in sorted(iris)]))
    return {r["x"].value: r["name"].value for r in rows}


def _principal(r: Row, holders: dict[str, list[Tenure]], names: dict[str, str],
               date: dt.date | None) -> Principal:
    iri = r["principal"].value
    ptype = r.get("ptype")
    kind = {SCHEMA.Person.value: "person", ORG.Post.value: "post"}.get(ptype.value if ptype else "", "agency")
    label = (r.get("plabel") or r.get("pname"))
    principal = Principal(iri=iri, kind=kind, label=label.value if label else iri)
    if kind == "post":
        held = [t for t in holders.get(iri, []) if t.start or t.end or t.seen]
        tenure = held_on(held, date)
        if tenure is not None:
            principal.holder = tenure.person
            principal.holder_name = names.get(tenure.person)
    return principal
