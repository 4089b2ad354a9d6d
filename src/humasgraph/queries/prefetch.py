"""Everything a compiled GraphQL selection reads, in ONE query: a UNION branch per thing to read and path to it.

A compiled selection (``api.compiler``) knows before it runs what it will read: the records of
the objects at each place of the selection, their kinds, an event's appearances, a list's
links, a person's or a post's tenures. Each such read is a ``Need``: what to read, and the path
from the selection's roots (its events, say) to the objects it is read for, in named ``STEPS``.
``prefetch`` asks for all of them in one query, a branch each, and answers what the per-kind
readers (``entities.records``, ``entities.kinds``, ``links.linked``, ``links.appearances``,
``flagship.tenures_of``) would answer for every object the paths reach: the same patterns, the
same row parsers. A path may reach more objects than the selection then asks for (a person's
every post, where the selection wants the one held on the day); never is an object's answer
partial, so a cache seeded with it answers exactly as those readers do. The one exception is asked
for: records read in part (``narrow``), only the predicates the selection's fields use.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode

from ..model.kinds import KIND_OF_CLASS, KINDS, kind_of
from ..model.vocab import NS
from ..store import Row, Store, render
from . import entities, flagship, links
from .flagship import Tenure
from .links import Appearance

__all__ = ["FETCHES", "STEPS", "Need", "Prefetched", "prefetch", "prefetch_query"]

# A step from an object to others, as a SPARQL property path. ``canon`` (below) is the one more:
# to the IRI an entity is known by now, through the graph of merges.
STEPS: dict[str, str] = {
    "location": "schema:location",
    "within": "schema:containedInPlace",
    "within*": "schema:containedInPlace*",
    "organizer": "schema:organizer",
    "performer": "schema:performer/schema:performer",
    "principal": "schema:performer/hg:onBehalfOf",
    "statement": "^hg:atEvent",
    "attendee": "schema:attendee",
    "delegation": "^prov:hadActivity",
    "mentionedBy": "^schema:mentions",
    "heldPost": "^org:member/hg:post",
    "postIn": "org:postIn",
    "parent": "org:subOrganizationOf",
    "holder": "^hg:post/org:member",
    "speaker": "hg:speaker",
    "author": "schema:author",
    "onBehalfOf": "hg:onBehalfOf",
    "atEvent": "hg:atEvent",
    "source": "dcterms:source",
    "publisher": "schema:publisher",
    "delegate": "hg:delegate",
    "agent": "prov:agent",
    "activity": "prov:hadActivity",
}
CANON = "canon"
# Step → the kind it is named for, when it reaches more than that kind: an event's ``^hg:atEvent`` reaches its
# appearances (``schema:PerformanceRole``) as well as its statements. The records of the kind are read for the
# entities of its class alone (a page of 50 meetings at 1k articles: 78 statements read, not 110 things).
LOOSE = {"statement": "statement"}
# The steps whose ends an event's appearances list (``links.APPEARANCES``), by their column: the people and posts
# whose tenures are read need no reach of their own where the appearances are read too (they list them, save
# a principal whose appearance names no speaker: its tenures are then read apart, when asked for). The one-event
# flagship's query at 1k articles: 2.93 -> 2.77 ms, the page of 50's 38.4 -> 36.6.
_LISTED = {"performer": "person", "principal": "principal"}
# What a need reads: records:<kind>, kinds, appearances, link:<name of links.LINKS>, tenures:<person|post>.
FETCHES = ("records", "kinds", "appearances", "link", "tenures")


@dataclass(frozen=True)
class Need:
    """One read: ``fetch`` for the objects reached from the roots by ``path`` (step names)."""

    fetch: str
    path: tuple[str, ...] = ()


@dataclass
class Prefetched:
    """What the readers would answer for each object a need's path reached (keyed as they key it)."""

    # Kind → the properties read for each entity its paths reached (its records are built when asked for).
    properties: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    kinds: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    links: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(dict))
    appearances: dict[str, list[Appearance]] = field(default_factory=dict)
    tenures: dict[str, dict[str, list[Tenure]]] = field(default_factory=lambda: {"person": {}, "post": {}})

    def covers(self, kind: str, iri: str) -> bool:
        """True when ``record(kind, iri)`` answers what ``entities.records`` would."""
        return iri in self.properties.get(kind, {})

    def record(self, kind: str, iri: str) -> Any:
        """The record of ``kind`` for ``iri`` (one ``covers``), or None when it has none of its properties."""
        return entities.record_of(kind, iri, self.properties[kind][iri])


def _validate(need: Need) -> None:
    name, _, arg = need.fetch.partition(":")
    if name not in FETCHES:
        raise ValueError(f"fetch={need.fetch!r}: expected one of {', '.join(FETCHES)}")
    if name == "records":
        entities.predicates(arg)  # a KeyError names an unknown kind
    if name == "link" and arg not in links.LINKS:
        raise ValueError(f"fetch={need.fetch!r}: no such link")
    if name == "tenures" and arg not in ("person", "post"):
        raise ValueError(f"fetch={need.fetch!r}: expected tenures:person or tenures:post")
    unknown = [s for s in need.path if s != CANON and s not in STEPS]
    if unknown:
        raise ValueError(f"path={need.path!r}: unknown steps {unknown}; expected among {', '.join(STEPS)}")


@dataclass(frozen=True)
class _Branch:
    number: int
    fetch: str  # a need's fetch
    paths: tuple[tuple[str, ...], ...]
    predicates: tuple[str, ...] = ()  # of a records branch: those of its kind, or of its narrowing
    # Of the tenures branch: (person|post, the appearances' column) whose tenures are read for what the appearances
    # read beside them list; the tenure paths (person|post, steps…) so listed; that appearances branch's number.
    listed: tuple[tuple[str, str], ...] = ()
    covered: tuple[tuple[str, ...], ...] = ()
    appearances: int = -1


Narrowing = Mapping[str, Iterable[str]]  # kind → predicates by IRI


def _branches(needs: Iterable[Need], narrow: Narrowing | None = None) -> list[_Branch]:
    narrowed = tuple(sorted((kind, tuple(sorted(found))) for kind, found in (narrow or {}).items()))
    return list(_branches_of(tuple(needs), narrowed))


@functools.lru_cache(maxsize=256)
def _branches_of(needs: tuple[Need, ...], narrowed: tuple[tuple[str, tuple[str, ...]], ...] = ()
                 ) -> tuple[_Branch, ...]:
    """One branch per kind of read, its paths as alternatives; the records of each kind in a branch of their own,
    with that kind's predicates only (one branch for all kinds, every entity reached read with every kind's
    predicates, gave 2,258 rows for a page of 50 meetings at 10k articles, 702 of them a place's rdf:type)."""
    paths: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for need in needs:
        _validate(need)
        name, _, arg = need.fetch.partition(":")
        paths["tenures" if name == "tenures" else need.fetch].add(
            (arg, *need.path) if name == "tenures" else need.path)
    only = dict(narrowed)

    def predicates(fetch: str) -> tuple[str, ...]:
        name, _, kind = fetch.partition(":")
        if name != "records":
            return ()
        return tuple(sorted({_compact(NamedNode(p))
                             for p in only.get(kind, [q.value for q in entities.predicates(kind)])}))
    ordered = sorted(paths.items())
    shown = {_plain(p) for p in paths.get("appearances", ())}

    def listed(found: set[tuple[str, ...]]) -> tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]:
        # (person|post, column, the tenure paths it lists the ends of) where it lists them for every appearance path
        out = []
        for who in flagship.TENURE_LINKS:
            for step, column in _LISTED.items():
                ends = tuple(p for p in found if p[0] == who and p[1:] and _plain(p[1:])[:-1] in shown
                             and _plain(p[1:])[-1] == step)
                if shown and {_plain(p[1:])[:-1] for p in ends} == shown:
                    out.append((who, column, ends))
        return tuple(out)
    branches = []
    for i, (fetch, found) in enumerate(ordered):
        of = listed(found) if fetch == "tenures" else ()
        branches.append(_Branch(i, fetch, tuple(sorted(found)), predicates(fetch),
                                tuple((who, column) for who, column, _ in of),
                                tuple(sorted(p for *_, ends in of for p in ends)),
                                [f for f, _ in ordered].index("appearances") if of else -1))
    return tuple(branches)


def _plain(path: tuple[str, ...]) -> tuple[str, ...]:
    """A path as the query walks it (``canon`` is the caller's to follow)."""
    return tuple(s for s in path if s != CANON)


_SELECT = ("SELECT ?_b ?x ?p ?o ?y ?t_ ?e ?person ?role ?principal ?parent ?child ?k "
           + flagship.TENURE_VARIABLES.replace("?person ", "") + " WHERE { GRAPH $all {\n$branches\n} }")


def _property_path(path: tuple[str, ...]) -> str:
    # A merged entity is reached under the IRI it is linked by; the one it is known by now (``canon``) is not
    # followed here: the caller reads that one itself, the rare time it differs.
    return "/".join(STEPS[s] for s in path if s != CANON)


def _reach(paths: tuple[tuple[str, ...], ...], target: str) -> str:
    """A pattern binding ``target`` to every object one of ``paths`` reaches from the roots: ONE property path
    (alternatives and all), the roots written once (a UNION branch per path named them each time: a page's
    query was 71 KB, and its branches each evaluated apart)."""
    found = {_property_path(p) for p in paths}
    steps = [tuple(p.split("/")) for p in sorted(found) if p]
    if not steps:
        return f"VALUES {target} {{ $roots }}"
    path = factored(steps)
    if "" in found:
        path = f"({path})?"
    return f"VALUES ?_r {{ $roots }} ?_r {path} {target} ."


def factored(paths: Iterable[tuple[str, ...]]) -> str:
    """The alternatives of ``paths`` (sequences of property path steps) as one property path, their common first
    steps written once: ``a/(b|c/d?)`` for ``a/b``, ``a/c`` and ``a/c/d``. Oxigraph walks each alternative from
    the start, so shared steps were walked once per path: the agencies a page of 50 meetings reaches took 9.6 ms
    by seven alternatives, 4.4 ms factored."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for step in path:
            node = node.setdefault(step, {})
        node[""] = {}  # a path ends here

    def alternatives(node: dict[str, Any]) -> list[str]:
        out = []
        for step, below in sorted(node.items()):
            if not step:
                continue
            inner = alternatives(below)
            if not inner:
                out.append(step)
            elif "" in below:  # a path ends here and others go on
                out.append(f"{step}/({'|'.join(inner)})?")
            else:
                out.append(f"{step}/{grouped(inner)}")
        return out

    def grouped(found: list[str]) -> str:
        return f"({'|'.join(found)})" if len(found) > 1 else found[0]

    return grouped(alternatives(tree))


def _compact(iri: NamedNode) -> str:
    for prefix, base in NS.items():
        if iri.value.startswith(base) and iri.value[len(base):].isidentifier():
            return f"{prefix}:{iri.value[len(base):]}"
    return str(iri)


_KIND_CLASSES = ", ".join(sorted(_compact(NamedNode(c)) for c in KIND_OF_CLASS))


def _branch_text(b: _Branch) -> str:
    name, _, arg = b.fetch.partition(":")
    if name == "tenures":
        return _tenures_text(b)
    target = {"records": "?x", "kinds": "?x", "appearances": "?e", "link": "?parent"}[name]
    reach = _reach(b.paths, target)
    if name in ("records", "kinds") and b.paths != ((),):
        if name == "records" and all(p and LOOSE.get(p[-1]) == arg for p in b.paths):
            reach += f" ?x a {_compact(KINDS[arg].cls)} ."
        # Each entity once, however many paths and roots reach it, before its properties are read: 28 instead of
        # 32 ms for a page of 50 meetings at 1k articles (Oxigraph's cost is about per row).
        reach = f"{{ SELECT DISTINCT {target} WHERE {{ {reach} }} }}"
    if name == "records":
        body = "OPTIONAL { ?x ?p ?o FILTER(?p IN (" + ", ".join(b.predicates) + ")) }"
    elif name == "kinds":
        # Only the classes that make a kind (``kind_of`` looks at no other), not every class of the entity.
        body = ("OPTIONAL { GRAPH $merges { ?x owl:sameAs ?y } } BIND(COALESCE(?y, ?x) AS ?_c) "
                f"OPTIONAL {{ ?_c a ?t_ FILTER(?t_ IN ({_KIND_CLASSES})) }}")
    elif name == "appearances":
        body = "OPTIONAL { " + links.APPEARANCES + " }"
    else:  # a link
        body = "OPTIONAL { " + links.LINKS[arg].pattern + " }"
    return f"{{ {reach} {body} BIND({b.number} AS ?_b) }}"


def _tenures_text(b: _Branch) -> str:
    """The tenures of the people and of the posts reached, and their dates beside them: the tenures themselves
    are reached (a person's by ``^org:member``, a post's by ``^hg:post``), so that the sub-select of their dates
    runs once (each costs Oxigraph about 0.6 ms to plan). The sub-select, beside the tenures as the reader's is, reaches
    them again by the same path: Oxigraph evaluates a sub-select apart from what binds its variables outside
    it (unbound, 100 ms at 10k articles, not 1 ms). Not in an OPTIONAL, for the same reason; the people and
    posts reached come from branches of their own (those without any tenure too)."""
    ends = {who: "^" + link for who, link in flagship.TENURE_LINKS.items()}
    by = {who: tuple(path[1:] for path in b.paths if path[0] == who) for who in ends}
    steps = {"/".join(x for x in (_property_path(p), ends[who]) if x) for who in ends for p in by[who]}
    tenures = f"VALUES ?_r {{ $roots }} ?_r {factored(tuple(p.split('/')) for p in steps)} ?t ."
    reached = {who: tuple(p for p in paths if (who, *p) not in b.covered) for who, paths in by.items()}
    parts = [f"{{ {_reach(reached[who], '?' + who)} BIND({b.number} AS ?_b) }}" for who in ends if reached[who]]
    parts.append(f"{{ {tenures} {flagship.TENURES} BIND({b.number} AS ?_b) }}")
    parts.append(f"{{ {flagship.TENURE_DATES.replace('$bound', tenures)} BIND({b.number} AS ?_b) }}")
    return "\nUNION\n".join(parts)


def prefetch_query(all_graph: NamedNode, merges: NamedNode, roots: Sequence[str], needs: Iterable[Need],
                   narrow: Narrowing | None = None) -> str:
    """The one query of ``prefetch`` (for tests and benchmarks to look at)."""
    return _query(all_graph, merges, roots, _branches(needs, narrow))


def _query(all_graph: NamedNode, merges: NamedNode, roots: Sequence[str], branches: list[_Branch]) -> str:
    return render(_template(tuple(branches)), all=all_graph, merges=merges, roots=[NamedNode(r) for r in roots])


@functools.lru_cache(maxsize=256)
def _template(branches: tuple[_Branch, ...]) -> str:
    """The query's text before its terms are filled in: the same for every request of one compiled selection."""
    return _SELECT.replace("$branches", "\nUNION\n".join(_branch_text(b) for b in branches))


def prefetch(store: Store, merges: NamedNode, roots: Sequence[str], needs: Iterable[Need],
             narrow: Narrowing | None = None) -> Prefetched:
    """Every need, for the objects its path reaches from ``roots``, in one query.

    ``narrow``: kind → the only predicates of its records to read (its others are not read: a record is then
    built from those alone, by IRI, or is None when the entity has none of them). The caller answers for the fields
    of those records it uses (``api.reads.narrowing``)."""
    out = Prefetched()
    branches = _branches(needs, narrow)
    if not roots or not branches:
        return out
    rows: dict[int, list[Row]] = defaultdict(list)
    for row in store.select(_query(store.all_graph, merges, roots, branches)):
        rows[int(row["_b"].value)].append(row)
    for b in branches:
        _parse(b, rows.get(b.number, []), out, rows.get(b.appearances, []))
    return out


def _reached(rows: list[Row], var: str) -> list[str]:
    return sorted({r[var].value for r in rows if var in r})


def _parse(b: _Branch, rows: list[Row], out: Prefetched, appearances: list[Row]) -> None:
    name, _, arg = b.fetch.partition(":")
    if name == "records":
        # An entity reached by two paths comes twice: each of its values counts once, as in the reader's rows.
        # Lists, sorted only when they hold more than one value: most hold one (a page of 50 meetings has 8,000).
        props: dict[str, dict[str, list[str]]] = {}
        for row in rows:
            found = props.setdefault(row["x"].value, {})
            o = row.get("o")
            if "p" in row and isinstance(o, NamedNode | Literal):
                found.setdefault(row["p"].value, []).append(o.value)
        for found in props.values():
            for p, values in found.items():
                if len(values) > 1:
                    found[p] = sorted(set(values))
        out.properties[arg] = dict(sorted(props.items()))
    elif name == "kinds":
        canonical: dict[str, str] = {}
        types: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            x = row["x"].value
            canonical[x] = row["y"].value if "y" in row else canonical.get(x, x)
            if "t_" in row and isinstance(row["t_"], NamedNode):
                types[x].add(row["t_"].value)
        for x, now in canonical.items():
            of = kind_of(sorted(types[x]))
            out.kinds[x] = (of, now) if of is not None else None
    elif name == "appearances":
        out.appearances.update(links.appearance_rows([r for r in rows if "person" in r], _reached(rows, "e")))
    elif name == "link":
        out.links[arg].update(links.linked_rows(arg, [r for r in rows if "child" in r], _reached(rows, "parent")))
    else:
        tenure_rows = [r for r in rows if "t" in r]
        for who in ("person", "post"):
            held = flagship.tenure_rows(tenure_rows, who)
            reached = _reached([r for r in rows if "t" not in r], who)
            reached += [iri for w, column in b.listed if w == who for iri in _reached(appearances, column)]
            for iri in reached:
                out.tenures[who][iri] = held.get(iri, [])
