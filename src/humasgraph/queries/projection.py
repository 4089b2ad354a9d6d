"""The facts an analyst's export or a network projection is made of, read kind by kind.

Each query reads one kind of entity with its own attributes (a star around one subject), never
a join of one corpus-wide fact set with another (DESIGN.md §6); the joins happen in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ..model.kinds import class_of
from ..model.vocab import CONCEPT, SCHEMA
from ..store import Row, Store, render

__all__ = [
    "ENTITY_CLASSES",
    "Agency",
    "Appearance",
    "Delegation",
    "Event",
    "Facts",
    "Person",
    "Post",
    "Statement",
    "Tenure",
    "classes_of",
    "graph_subjects",
    "read_facts",
    "read_sources",
    "stream_subjects",
    "stream_typed",
]


@dataclass
class Person:
    iri: str
    name: str
    prefix: str | None = None
    suffix: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Agency:
    iri: str
    name: str
    parent: str | None = None
    type: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Post:
    iri: str
    label: str
    title: str
    agency: str | None = None


@dataclass
class Tenure:
    iri: str
    person: str
    post: str
    agency: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    attested: list[dt.date] = field(default_factory=list)
    acting: str | None = None  # penjabat, pelaksana_tugas, pelaksana_harian: held ad interim

    @property
    def last_seen(self) -> dt.date | None:
        return max(self.attested, default=None)

    def days_from(self, date: dt.date) -> int | None:
        """Days between ``date`` and the nearest date an article saw the tenure on; None if none did."""
        return min((abs((d - date).days) for d in self.attested), default=None)


@dataclass
class Event:
    iri: str
    name: str
    type: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    organizer: str | None = None
    location: str | None = None
    attendees: list[str] = field(default_factory=list)


@dataclass
class Statement:
    iri: str
    speaker: str
    text: str
    source: str
    direct: bool = True
    date: dt.date | None = None
    event: str | None = None
    on_behalf_of: str | None = None
    role: str | None = None
    position: int = 0


@dataclass
class Appearance:
    """A person speaking at an event, in some roles, perhaps for a principal."""

    event: str
    person: str
    roles: list[str] = field(default_factory=list)
    on_behalf_of: list[str] = field(default_factory=list)
    iri: str = ""  # the schema:PerformanceRole node it was read from


@dataclass
class Delegation:
    iri: str
    delegate: str
    principal: str
    event: str | None = None
    acts: list[str] = field(default_factory=list)


@dataclass
class Facts:
    """Everything a projection or a Popolo export needs, keyed by IRI."""

    people: MutableMapping[str, Person] = field(default_factory=dict)
    agencies: MutableMapping[str, Agency] = field(default_factory=dict)
    posts: MutableMapping[str, Post] = field(default_factory=dict)
    tenures: MutableMapping[str, Tenure] = field(default_factory=dict)
    events: MutableMapping[str, Event] = field(default_factory=dict)
    statements: MutableMapping[str, Statement] = field(default_factory=dict)
    appearances: MutableMapping[tuple[str, str], Appearance] = field(default_factory=dict)
    delegations: MutableMapping[str, Delegation] = field(default_factory=dict)

    def label(self, iri: str) -> str:
        """The name of whatever ``iri`` is, or the IRI itself."""
        if iri in self.people:
            return self.people[iri].name
        if iri in self.agencies:
            return self.agencies[iri].name
        if iri in self.events:
            return self.events[iri].name
        if iri in self.posts:
            return self.posts[iri].label
        return iri


# Subjects per query: small enough for any endpoint's request limits.
CHUNK = 500
ENTITY_CLASSES = [*(class_of(k) for k in ("person", "agency", "post", "tenure", "event", "statement")),
                   SCHEMA.PerformanceRole, class_of("delegation")]
_SUBJECTS = """SELECT ?g ?x WHERE { GRAPH ?g { VALUES ?t { $classes } ?x a ?t }
  FILTER(?g != $all && ?g != $meta) }"""
_TYPED = "SELECT ?x ?t WHERE { GRAPH $all { VALUES ?t { $classes } ?x a ?t } }"
_SUBJECTS_OF = "SELECT ?g ?x ?t WHERE { VALUES ?g { $gs } GRAPH ?g { ?x a ?t FILTER(?t IN ($in)) } }"

_Q = {
    "people": """SELECT ?x ?name ?prefix ?suffix ?alias WHERE { GRAPH $g { $bound
      ?x a schema:Person ; schema:name ?name .
      OPTIONAL { ?x schema:honorificPrefix ?prefix } OPTIONAL { ?x schema:honorificSuffix ?suffix }
      OPTIONAL { ?x skos:altLabel ?alias } } }""",
    "agencies": """SELECT ?x ?name ?parent ?type ?alias WHERE { GRAPH $g { $bound
      ?x a org:Organization ; schema:name ?name .
      OPTIONAL { ?x org:subOrganizationOf ?parent } OPTIONAL { ?x hg:agencyType ?type }
      OPTIONAL { ?x skos:altLabel ?alias } } }""",
    "posts": """SELECT ?x ?title ?label ?agency WHERE { GRAPH $g { $bound ?x a org:Post ; hg:title ?title .
      OPTIONAL { ?x skos:prefLabel ?label } OPTIONAL { ?x org:postIn ?agency } } }""",
    # The dates articles saw a tenure on, one row per tenure beside it: a row per date made a frequent official's
    # tenure thousands of rows (10,514 subjects at 10k articles: 16,593 rows and 0.58 s; 1,874 and 0.28 s so).
    "tenures": """SELECT ?x ?person ?post ?agency ?start ?end ?acting ?seen WHERE { GRAPH $g {
      { $bound ?x a org:Membership ; org:member ?person ; hg:post ?post .
        OPTIONAL { ?x org:organization ?agency } OPTIONAL { ?x hg:start ?start } OPTIONAL { ?x hg:end ?end }
        OPTIONAL { ?x hg:acting ?acting } }
      UNION { SELECT ?x (GROUP_CONCAT(STR(?d); separator=" ") AS ?seen) WHERE { $bound ?x hg:attestedOn ?d }
              GROUP BY ?x } } }""",
    "events": """SELECT ?x ?name ?type ?start ?end ?org ?loc ?attendee WHERE { GRAPH $g { $bound ?x a schema:Event ;
      schema:name ?name . OPTIONAL { ?x hg:eventType ?type } OPTIONAL { ?x schema:startDate ?start }
      OPTIONAL { ?x schema:endDate ?end } OPTIONAL { ?x schema:organizer ?org }
      OPTIONAL { ?x schema:location/schema:name ?loc } OPTIONAL { ?x schema:attendee ?attendee } } }""",
    "statements": """SELECT ?x ?speaker ?text ?src ?direct ?date ?event ?behalf ?role ?pos WHERE { GRAPH $g { $bound
      ?x a schema:Quotation ; hg:speaker ?speaker ; schema:text ?text ; dcterms:source ?src .
      OPTIONAL { ?x hg:direct ?direct } OPTIONAL { ?x schema:dateCreated ?date } OPTIONAL { ?x hg:atEvent ?event }
      OPTIONAL { ?x hg:onBehalfOf ?behalf } OPTIONAL { ?x hg:role ?role } OPTIONAL { ?x schema:position ?pos } } }""",
    "appearances": """SELECT ?e ?x ?person ?role ?behalf WHERE { GRAPH $g { $bound ?e schema:performer ?x .
      ?x a schema:PerformanceRole ; schema:performer ?person .
      OPTIONAL { ?x hg:role ?role } OPTIONAL { ?x hg:onBehalfOf ?behalf } } }""",
    "delegations": """SELECT ?x ?delegate ?principal ?event ?act WHERE { GRAPH $g { $bound ?x a prov:Delegation ;
      hg:delegate ?delegate ; prov:agent ?principal .
      OPTIONAL { ?x prov:hadActivity ?event } OPTIONAL { ?x prov:hadRole ?act } } }""",
}


_SOURCES = """SELECT ?x ?src WHERE { GRAPH ?g { VALUES ?t { $classes } ?x a ?t } $only
  GRAPH $meta { ?g prov:wasDerivedFrom ?src } }"""


def read_sources(store: Store, graph: NamedNode | None = None) -> dict[str, list[str]]:
    """entity IRI → the URLs of the articles that state it (sorted), in one query; with ``graph``, that one's."""
    only = render("VALUES ?g { $g }", g=graph) if graph is not None else ""
    query = render(_SOURCES, classes=ENTITY_CLASSES, meta=store.meta_graph).replace("$only", only)
    out: dict[str, set[str]] = defaultdict(set)
    for row in store.select(query):
        out[row["x"].value].add(row["src"].value)
    return {x: sorted(urls) for x, urls in out.items()}


# The class each kind's query reads (``?x a <class>``).
_CLASS_OF = dict(zip(_Q, (c.value for c in ENTITY_CLASSES), strict=True))
_TYPES = "SELECT ?x ?t WHERE { GRAPH $g { VALUES ?x { $xs } ?x a ?t FILTER(?t IN ($in)) } }"


def classes_of(store: Store, subjects: Iterable[str], classes: Iterable[str] = tuple(_CLASS_OF.values()),
               graph: NamedNode | None = None) -> dict[str, list[str]]:
    """Class IRI → those of ``subjects`` that have it in ``graph`` (the union graph ``all`` by default), sorted, for
    each of ``classes`` some have: what each kind's reader is then asked about (asking each reader about every
    subject made an update at 100k articles bind 320,000 values in ``read_facts`` for 40,000 subjects)."""
    wanted = sorted(set(subjects))
    template = _TYPES.replace("$in", ", ".join(f"<{c}>" for c in sorted(set(classes))) or "<urn:x-none>")
    found: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(wanted), CHUNK):
        query = render(template, g=graph if graph is not None else store.all_graph,
                       xs=[NamedNode(x) for x in wanted[start:start + CHUNK]])
        for row in store.select(query):
            found[row["t"].value].add(row["x"].value)
    return {c: sorted(xs) for c, xs in found.items()}


def _row_key(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in row.items()))


def graph_subjects(store: Store, graphs: Sequence[NamedNode] | None = None,
                   classes: Sequence[NamedNode] | None = None) -> dict[str, list[str]]:
    """source graph → the entities it states (typed there), for every source graph or for ``graphs``.

    This is what a cache kept beside the store remembers per graph, so that when the graph is
    replaced or removed it knows which entities to read again. ``classes``: only entities of
    these (a cache of events needs no people; by default every kind of entity).
    """
    classes = classes if classes is not None else ENTITY_CLASSES
    out: dict[str, list[str]] = {}
    if graphs is None:
        query = render(_SUBJECTS, classes=list(classes), all=store.all_graph, meta=store.meta_graph)
        for row in store.select(query):
            out.setdefault(row["g"].value, []).append(row["x"].value)
        return out
    # Bound by graph, the classes picked by FILTER: in VALUES, Oxigraph 0.5 joins before binding the graphs
    # (1.5 s instead of 70 ms for 100); not at all, every typed node came back (0.7 s against 0.4 for 1,500).
    template = _SUBJECTS_OF.replace("$in", ", ".join(str(c) for c in classes) or "<urn:x-none>")
    for start in range(0, len(graphs), CHUNK):
        for row in store.select(render(template, gs=graphs[start:start + CHUNK])):
            found = out.setdefault(row["g"].value, [])
            if not found or found[-1] != row["x"].value:
                found.append(row["x"].value)
    for g in graphs:
        out.setdefault(g.value, [])
    return out


def stream_subjects(store: Store, classes: Sequence[NamedNode]) -> Iterator[tuple[str, str]]:
    """(source graph, entity) for every entity typed in a source graph with one of ``classes``, streamed
    (``graph_subjects`` keeps them all: gigabytes at a million articles)."""
    query = render(_SUBJECTS, classes=list(classes), all=store.all_graph, meta=store.meta_graph)
    for row in store.stream(query):
        yield row["g"].value, row["x"].value


def stream_typed(store: Store, classes: Sequence[NamedNode]) -> Iterator[tuple[str, str]]:
    """(entity, class) for every entity of the union graph ``all`` with one of ``classes``, streamed."""
    for row in store.stream(render(_TYPED, classes=list(classes), all=store.all_graph)):
        yield row["x"].value, row["t"].value


def _v(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


def _date(row: Row, name: str) -> dt.date | None:
    value = _v(row, name)
    return _day(value) if value else None


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _concept(value: str | None) -> str | None:
    """``hgc:role/resource-person`` → ``resource_person``."""
    if value is None or not value.startswith(CONCEPT.iri):
        return value
    return value.rsplit("/", 1)[-1].replace("-", "_")


def _add(values: list[str], value: str | None) -> None:
    if value is not None and value not in values:
        values.append(value)


def read_facts(store: Store, graph: NamedNode | None = None, subjects: Iterable[str] | None = None,
               typed: dict[str, list[str]] | None = None) -> Facts:
    """The facts of the union graph ``all`` (or of one article's ``graph``), in eight queries.

    With ``subjects``, only the entities with those IRIs (appearances: their PerformanceRole
    nodes), each kind's query asked about those of its class (``typed``: ``classes_of`` them, when the
    caller has it), a ``CHUNK`` at a time: what a cache re-reads after a write.
    Rows are sorted first, so an entity is built the same from a whole read or a partial one.
    """
    g = graph if graph is not None else store.all_graph
    rows: dict[str, list[Row]] = {kind: [] for kind in _Q}
    if subjects is None:
        for kind, q in _Q.items():
            rows[kind] = list(store.select(render(q.replace("$bound", ""), g=g)))
    else:
        if typed is None:
            typed = classes_of(store, subjects, graph=graph)
        for kind, cls in _CLASS_OF.items():
            xs = typed.get(cls, [])
            for start in range(0, len(xs), CHUNK):
                bound = render("VALUES ?x { $xs }", xs=[NamedNode(x) for x in xs[start:start + CHUNK]])
                rows[kind].extend(store.select(render(_Q[kind], g=g).replace("$bound", bound)))
    for found in rows.values():
        found.sort(key=_row_key)
    f = Facts()
    for r in rows["people"]:
        p = f.people.setdefault(r["x"].value, Person(r["x"].value, r["name"].value, _v(r, "prefix"), _v(r, "suffix")))
        _add(p.aliases, _v(r, "alias"))
    for r in rows["agencies"]:
        a = f.agencies.setdefault(r["x"].value, Agency(r["x"].value, r["name"].value, _v(r, "parent"),
                                                        _concept(_v(r, "type"))))
        _add(a.aliases, _v(r, "alias"))
    for r in rows["posts"]:
        f.posts.setdefault(r["x"].value, Post(r["x"].value, _v(r, "label") or r["title"].value, r["title"].value,
                                              _v(r, "agency")))
    seen: dict[str, str] = {}
    for r in rows["tenures"]:
        if "seen" in r:
            seen[r["x"].value] = r["seen"].value
            continue
        f.tenures.setdefault(r["x"].value, Tenure(r["x"].value, r["person"].value, r["post"].value, _v(r, "agency"),
                                                  _date(r, "start"), _date(r, "end"), acting=_concept(_v(r, "acting"))))
    for x, t in f.tenures.items():
        t.attested = sorted({d for d in map(_day, seen.get(x, "").split()) if d is not None})
    for r in rows["events"]:
        e = f.events.setdefault(r["x"].value, Event(r["x"].value, r["name"].value, _concept(_v(r, "type")),
                                                    _date(r, "start"), _date(r, "end"), _v(r, "org"), _v(r, "loc")))
        _add(e.attendees, _v(r, "attendee"))
    for r in rows["statements"]:
        f.statements.setdefault(r["x"].value, Statement(
            r["x"].value, r["speaker"].value, r["text"].value, r["src"].value,
            direct=_v(r, "direct") != "false", date=_date(r, "date"), event=_v(r, "event"),
            on_behalf_of=_v(r, "behalf"), role=_concept(_v(r, "role")), position=int(_v(r, "pos") or 0)))
    for r in rows["appearances"]:
        key = (r["e"].value, r["person"].value)
        ap = f.appearances.setdefault(key, Appearance(*key, iri=r["x"].value))
        _add(ap.roles, _concept(_v(r, "role")))
        _add(ap.on_behalf_of, _v(r, "behalf"))
    acts: dict[str, list[str]] = defaultdict(list)
    for r in rows["delegations"]:
        f.delegations.setdefault(r["x"].value, Delegation(r["x"].value, r["delegate"].value, r["principal"].value,
                                                          _v(r, "event"), acts[r["x"].value]))
        _add(acts[r["x"].value], _concept(_v(r, "act")))
    for person in f.people.values():
        person.aliases.sort()
    for agency in f.agencies.values():
        agency.aliases.sort()
    return f
