"""What the graph says about some entities, by IRI: one ``VALUES`` query per batch and kind.

Each record is built from the entity's own properties only (no joins), so a batch of a hundred
IRIs costs one small indexed lookup; what an entity points to is loaded by the next batch.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..model.kinds import KIND_OF_CLASS, kind_of
from ..model.vocab import DCTERMS, FOAF, HG, ORG, PROV, RDF, SCHEMA, SERVICE_HOMEPAGES, SKOS, concept_value
from ..store import Store, render

__all__ = [
    "KIND_OF_CLASS",
    "AccountRecord",
    "AgencyRecord",
    "ArticleRecord",
    "DelegationRecord",
    "EventRecord",
    "PersonRecord",
    "PlaceRecord",
    "PostRecord",
    "StatementRecord",
    "kinds",
    "platform_of",
    "predicates",
    "properties",
    "record_of",
    "records",
    "records_up",
]

# The predicates are a filter, not a VALUES block: with ?x bound, Oxigraph reads each subject's few
# triples; given two VALUES blocks it chose to scan every triple of each predicate (150 ms at 1k articles).
_PROPERTIES = """
SELECT ?x ?p ?o WHERE { GRAPH $all { VALUES ?x { $xs } ?x ?p ?o FILTER(?p IN ($ps)) } }
"""
_SAME_AS = "SELECT ?x ?y WHERE { GRAPH $merges { VALUES ?x { $xs } ?x owl:sameAs ?y } }"

Props = dict[str, list[str]]


def properties(store: Store, iris: Sequence[str], predicates: Sequence[NamedNode]) -> dict[str, Props]:
    """IRI → predicate IRI → values (sorted), for the given predicates of each IRI."""
    out: dict[str, Props] = {i: defaultdict(list) for i in iris}
    if not iris:
        return out
    query = render(_PROPERTIES, all=store.all_graph, xs=[NamedNode(i) for i in iris])
    rows = store.select(query.replace("$ps", ", ".join(str(p) for p in predicates)))
    for row in rows:
        o = row["o"]
        if isinstance(o, NamedNode | Literal):
            out[row["x"].value][row["p"].value].append(o.value)  # type: ignore[union-attr]
    for props in out.values():
        for values in props.values():
            values.sort()
    return out


def kinds(store: Store, iris: Sequence[str], merges: NamedNode) -> dict[str, tuple[str, str]]:
    """IRI → (kind, the IRI it is known by now), following merges (``owl:sameAs``); unknown IRIs are absent."""
    canonical = {i: i for i in iris}
    if iris:
        for row in store.select(render(_SAME_AS, merges=merges, xs=[NamedNode(i) for i in iris])):
            canonical[row["x"].value] = row["y"].value
    types = properties(store, sorted(set(canonical.values())), [RDF.type])
    out: dict[str, tuple[str, str]] = {}
    for iri, now in canonical.items():
        kind = kind_of(types.get(now, {}).get(RDF.type.value, []))
        if kind is not None:
            out[iri] = (kind, now)
    return out


def _one(props: Props, p: str) -> str | None:
    values = props.get(p)
    return values[0] if values else None


def _all(props: Props, p: str) -> list[str]:
    return list(props.get(p, []))


def _date(props: Props, p: str) -> dt.date | None:
    value = _one(props, p)
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


@dataclass
class PersonRecord:
    iri: str
    name: str
    prefix: str | None
    suffix: str | None
    aliases: list[str]
    accounts: list[str] = field(default_factory=list)


@dataclass
class AgencyRecord:
    iri: str
    name: str
    aliases: list[str]
    parent: str | None
    type: str | None
    accounts: list[str] = field(default_factory=list)


@dataclass
class AccountRecord:
    iri: str
    platform: str
    handle: str
    url: str


@dataclass
class PostRecord:
    iri: str
    title: str
    label: str
    agency: str | None


@dataclass
class PlaceRecord:
    iri: str
    name: str
    type: str | None
    within: str | None
    aliases: list[str]


@dataclass
class ArticleRecord:
    iri: str
    url: str
    title: str | None
    publisher: str | None
    published: dt.date | None
    language: str | None


@dataclass
class EventRecord:
    iri: str
    name: str
    type: str | None
    start: dt.date | None
    end: dt.date | None
    location: str | None
    organizer: str | None
    participant_count: int | None
    participants: list[str] = field(default_factory=list)


@dataclass
class StatementRecord:
    iri: str
    text: str
    direct: bool
    speaker: str
    author: str | None
    on_behalf_of: str | None
    event: str | None
    date: dt.date | None
    role: str | None
    source: str
    position: int


@dataclass
class DelegationRecord:
    iri: str
    delegate: str
    principal: str
    event: str | None
    acts: list[str]
    source: str | None


class _Keys:
    """A namespace's IRIs as the strings an entity's properties are keyed by, each made once (a ``NamedNode``'s
    ``value`` is a new string on every read, and records are built by the hundred a request)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        value: str = getattr(self._namespace, name).value
        setattr(self, name, value)
        return value


_DCTERMS = _Keys(DCTERMS)
_FOAF = _Keys(FOAF)
_HG = _Keys(HG)
_ORG = _Keys(ORG)
_PROV = _Keys(PROV)
_RDF = _Keys(RDF)
_SCHEMA = _Keys(SCHEMA)
_SKOS = _Keys(SKOS)


def _person(iri: str, p: Props) -> PersonRecord:
    return PersonRecord(iri, _one(p, _SCHEMA.name) or iri, _one(p, _SCHEMA.honorificPrefix),
                        _one(p, _SCHEMA.honorificSuffix), _all(p, _SKOS.altLabel), _all(p, _FOAF.account))


def _agency(iri: str, p: Props) -> AgencyRecord:
    return AgencyRecord(iri, _one(p, _SCHEMA.name) or _one(p, _SKOS.prefLabel) or iri, _all(p, _SKOS.altLabel),
                        _one(p, _ORG.subOrganizationOf), concept_value(_one(p, _HG.agencyType)), _all(p, _FOAF.account))


_PLATFORM_OF = {iri.value: platform for platform, iri in SERVICE_HOMEPAGES.items()}


def platform_of(service: str) -> str:
    """The platform of an account from its foaf:accountServiceHomepage (a website's is its own site)."""
    return _PLATFORM_OF.get(service, "website")


def _account(iri: str, p: Props) -> AccountRecord:
    return AccountRecord(iri, platform_of(_one(p, _FOAF.accountServiceHomepage) or ""),
                         _one(p, _FOAF.accountName) or "", _one(p, _SCHEMA.url) or "")


def _post(iri: str, p: Props) -> PostRecord:
    title = _one(p, _HG.title) or _one(p, _SKOS.prefLabel) or iri
    return PostRecord(iri, title, _one(p, _SKOS.prefLabel) or title, _one(p, _ORG.postIn))


def _place(iri: str, p: Props) -> PlaceRecord:
    kind = concept_value(_one(p, _HG.placeType))
    if kind is None:
        types = set(_all(p, _RDF.type))
        kind = "city" if SCHEMA.City.value in types else "province" if SCHEMA.AdministrativeArea.value in types \
            else "venue"
    return PlaceRecord(iri, _one(p, _SCHEMA.name) or iri, kind, _one(p, _SCHEMA.containedInPlace),
                       _all(p, _SKOS.altLabel))


def _article(iri: str, p: Props) -> ArticleRecord:
    return ArticleRecord(iri, _one(p, _SCHEMA.url) or iri, _one(p, _SCHEMA.headline), _one(p, _SCHEMA.publisher),
                         _date(p, _SCHEMA.datePublished), _one(p, _SCHEMA.inLanguage))


def _event(iri: str, p: Props) -> EventRecord:
    count = _one(p, _HG.participantCount)
    return EventRecord(iri, _one(p, _SCHEMA.name) or iri, concept_value(_one(p, _HG.eventType)),
                       _date(p, _SCHEMA.startDate), _date(p, _SCHEMA.endDate), _one(p, _SCHEMA.location),
                       _one(p, _SCHEMA.organizer), int(count) if count else None, _all(p, _SCHEMA.attendee))


def _statement(iri: str, p: Props) -> StatementRecord:
    speaker = _one(p, _HG.speaker) or ""
    position = _one(p, _SCHEMA.position)
    return StatementRecord(iri, _one(p, _SCHEMA.text) or "", _one(p, _HG.direct) != "false", speaker,
                           _one(p, _SCHEMA.author), _one(p, _HG.onBehalfOf), _one(p, _HG.atEvent),
                           _date(p, _SCHEMA.dateCreated), concept_value(_one(p, _HG.role)),
                           _one(p, _DCTERMS.source) or "", int(position) if position else 0)


def _delegation(iri: str, p: Props) -> DelegationRecord:
    acts = [a for a in (concept_value(t) for t in _all(p, _PROV.hadRole)) if a]
    return DelegationRecord(iri, _one(p, _HG.delegate) or "", _one(p, _PROV.agent) or "", _one(p, _PROV.hadActivity),
                            acts, _one(p, _DCTERMS.source))


_RECORDS = {
    "person": ((SCHEMA.name, SCHEMA.honorificPrefix, SCHEMA.honorificSuffix, SKOS.altLabel, FOAF.account), _person),
    "agency": ((SCHEMA.name, SKOS.prefLabel, SKOS.altLabel, ORG.subOrganizationOf, HG.agencyType, FOAF.account),
               _agency),
    "account": ((FOAF.accountServiceHomepage, FOAF.accountName, SCHEMA.url), _account),
    "post": ((HG.title, SKOS.prefLabel, ORG.postIn), _post),
    "place": ((SCHEMA.name, SKOS.altLabel, SCHEMA.containedInPlace, HG.placeType, RDF.type), _place),
    "article": ((SCHEMA.url, SCHEMA.headline, SCHEMA.publisher, SCHEMA.datePublished, SCHEMA.inLanguage), _article),
    "event": ((SCHEMA.name, HG.eventType, SCHEMA.startDate, SCHEMA.endDate, SCHEMA.location, SCHEMA.organizer,
               HG.participantCount, SCHEMA.attendee), _event),
    "statement": ((SCHEMA.text, HG.direct, HG.speaker, SCHEMA.author, HG.onBehalfOf, HG.atEvent, SCHEMA.dateCreated,
                   HG.role, DCTERMS.source, SCHEMA.position), _statement),
    # A tenure's record is only its member: the tenure itself is read with the member's (flagship.tenures_of).
    "tenure": ((ORG.member,), lambda iri, p: _one(p, _ORG.member)),
    "delegation": ((HG.delegate, PROV.agent, PROV.hadActivity, PROV.hadRole, DCTERMS.source), _delegation),
}


# The same, the predicates as the strings properties are keyed by.
_RECORD_KEYS = {kind: (tuple(p.value for p in predicates), build) for kind, (predicates, build) in _RECORDS.items()}


def predicates(kind: str) -> tuple[NamedNode, ...]:
    """The predicates a record of ``kind`` is built from."""
    return _RECORDS[kind][0]


def record_of(kind: str, iri: str, props: Props) -> object | None:
    """The record of ``kind`` built from some of an entity's properties (any others ignored); None without any
    of its own."""
    keys, build = _RECORD_KEYS[kind]
    own = {p: props[p] for p in keys if p in props}
    return build(iri, own) if own else None  # type: ignore[operator]


def records(store: Store, kind: str, iris: Sequence[str]) -> dict[str, object]:
    """IRI → the record of ``kind`` ('person', 'agency', 'post', …) for the IRIs that have any of its properties."""
    try:
        predicates, build = _RECORDS[kind]
    except KeyError:
        raise ValueError(f"kind={kind!r}: expected one of {', '.join(_RECORDS)}") from None
    found = properties(store, iris, predicates)
    return {iri: build(iri, props) for iri, props in found.items() if props}  # type: ignore[operator]


# The link from a record to another of its own kind that is nearly always asked for next.
_UP: dict[str, Callable[[Any], str | None]] = {
    "place": lambda r: r.within,
    "agency": lambda r: r.parent,
}
# Levels read above the asked-for IRIs at most (a venue, its city, its province; agencies nest deeper).
MAX_LEVELS = 6


def records_up(store: Store, kind: str, iris: Sequence[str], known: Container[str] = ()) -> dict[str, object]:
    """As ``records``, and for places and agencies also the records of those above them (a venue's
    city and province, an agency's parents) not in ``known``: one query per level, one call.

    (One query with a property path would do it on Oxigraph; Virtuoso rejects a path from a
    VALUES block of several IRIs, and answers wrongly when VALUES sits inside UNION branches.)
    """
    out = records(store, kind, iris)
    up = _UP.get(kind)
    if up is None:
        return out
    level = list(iris)
    for _ in range(MAX_LEVELS):
        level = sorted({p for i in level if i in out for p in [up(out[i])] if p and p not in out and p not in known})
        if not level:
            break
        out.update(records(store, kind, level))
    return out
