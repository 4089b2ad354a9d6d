"""The root lists of the API: a page of IRIs of one kind that match a filter, and how many match.

A filter is built with ``Where`` from named facets of each kind (a property path fixed here)
and values that enter the query only as RDF terms. A page query binds ``?x`` and one sort key,
nothing else: attributes are attached afterwards, a batch at a time (DESIGN.md §6).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from ..errors import QueryRejected
from ..model.kinds import class_of
from ..model.vocab import XSD, concept
from ..store import Store, render
from .flagship import ATTESTATION_REACH_DAYS

__all__ = ["KINDS", "ListKind", "Page", "Where", "count", "page", "page_in_order"]


@dataclass(frozen=True)
class ListKind:
    """One kind of root list: its class, its facets (property paths from ``?x``) and sort keys."""

    cls: NamedNode
    facets: dict[str, str]
    sorts: dict[str, str]


_NAMES = "schema:name|skos:altLabel"
# A person's agency through any post they held, or the tenure's own agency.
_PERSON_AGENCY = "^org:member/(org:organization|hg:post/org:postIn)"

KINDS: dict[str, ListKind] = {
    "person": ListKind(class_of("person"), {
        "name": _NAMES, "agency": _PERSON_AGENCY, "post": "org:holds",
        "spokeAt": "^schema:performer/^schema:performer",
    }, {"name": "schema:name"}),
    "agency": ListKind(class_of("agency"), {
        "name": _NAMES, "parent": "org:subOrganizationOf", "within": "org:subOrganizationOf+",
        "type": "hg:agencyType",
    }, {"name": "schema:name"}),
    "post": ListKind(class_of("post"), {
        "name": "skos:prefLabel|hg:title", "agency": "org:postIn", "holder": "org:heldBy",
    }, {"title": "skos:prefLabel"}),
    "event": ListKind(class_of("event"), {
        "name": _NAMES, "type": "hg:eventType", "speaker": "schema:performer/schema:performer",
        "principal": "schema:performer/hg:onBehalfOf",
        "agency": f"schema:organizer|schema:attendee|schema:performer/schema:performer/{_PERSON_AGENCY}",
        "place": "schema:location/schema:containedInPlace*", "start": "schema:startDate", "end": "schema:endDate",
    }, {"start": "schema:startDate", "name": "schema:name"}),
    "statement": ListKind(class_of("statement"), {
        "name": "schema:text", "speaker": "hg:speaker", "principal": "hg:onBehalfOf|schema:author",
        "event": "hg:atEvent", "type": "hg:atEvent/hg:eventType", "agency": f"hg:speaker/{_PERSON_AGENCY}",
        "place": "hg:atEvent/schema:location/schema:containedInPlace*", "source": "dcterms:source",
        "direct": "hg:direct", "role": "hg:role", "start": "schema:dateCreated", "end": "schema:dateCreated",
    }, {"date": "schema:dateCreated"}),
    "article": ListKind(class_of("article"), {
        "name": "schema:headline", "url": "schema:url", "mentions": "schema:mentions",
        "publisher": "schema:publisher", "start": "schema:datePublished", "end": "schema:datePublished",
    }, {"published": "schema:datePublished", "title": "schema:headline"}),
}

TEXT_OPS = ("eq", "in", "contains", "startsWith")


class Where:
    """Builds the graph pattern that a ``?x`` of one kind must match."""

    def __init__(self, kind: str) -> None:
        self.kind = KINDS[kind]
        self._n = 0

    def _var(self) -> str:
        self._n += 1
        return f"?v{self._n}"

    def _path(self, facet: str) -> str:
        try:
            return self.kind.facets[facet]
        except KeyError:
            raise QueryRejected(f"{facet!r} cannot filter this list") from None

    def ids(self, iris: Sequence[str]) -> str:
        return _any("?x = $t", [NamedNode(i) for i in iris])

    def text(self, facet: str, op: str, values: Sequence[str]) -> str:
        """Names (or text) equal to, among, containing or starting with the values (the last two ignore case)."""
        v = self._var()
        head = f"?x ({self._path(facet)}) {v} . "
        if op in ("eq", "in"):
            return head + _any(f"STR({v}) = $t", [Literal(x) for x in values])
        if op == "contains":
            return head + _any(f"CONTAINS(LCASE(STR({v})), $t)", [Literal(x.lower()) for x in values])
        if op == "startsWith":
            return head + _any(f"STRSTARTS(LCASE(STR({v})), $t)", [Literal(x.lower()) for x in values])
        raise QueryRejected(f"text operator {op!r}: expected one of {', '.join(TEXT_OPS)}")

    def linked(self, facet: str, iris: Sequence[str], *, within: bool = False) -> str:
        """``?x`` reaches one of ``iris`` by the facet's path (and, ``within``, any sub-agency of them)."""
        tail = "/org:subOrganizationOf*" if within else ""
        return self._reaches(f"({self._path(facet)}){tail}", [NamedNode(i) for i in iris])

    def values(self, facet: str, values: Sequence[Literal | NamedNode]) -> str:
        return self._reaches(f"({self._path(facet)})", values)

    def _reaches(self, path: str, terms: Sequence[Literal | NamedNode]) -> str:
        # The terms go into the pattern itself (not a FILTER), so the store looks them up by index.
        if not terms:
            return "FILTER(false)"
        if len(terms) == 1:
            return render(f"?x {path} $t .", t=terms[0])
        v = self._var()
        return render(f"VALUES {v} {{ $ts }} ?x {path} {v} .", ts=list(terms))

    def boolean(self, facet: str, value: bool) -> str:
        return self.values(facet, [Literal(value)])

    def concept(self, facet: str, scheme: str, values: Sequence[str]) -> str:
        return self.values(facet, [concept(scheme, x) for x in values])

    def during(self, start: dt.date | None, end: dt.date | None) -> str:
        """Dates that overlap [start, end] (either end open)."""
        s, e = self._var(), self._var()
        conds = []
        if end is not None:
            conds.append(render(f"{s} <= $d", d=_date(end)))
        if start is not None:
            conds.append(render(f"COALESCE({e}, {s}) >= $d", d=_date(start)))
        pattern = f"?x {self._path('start')} {s} . OPTIONAL {{ ?x {self._path('end')} {e} }} "
        return pattern + (f"FILTER({' && '.join(conds)})" if conds else "")

    def tenure(self, *, agency: str | None, post: str | None, at: dt.date | None, within: bool) -> str:
        """A person holding a post (in an agency, or a sub-agency of it), on a date when given."""
        t, p = self._var(), self._var()
        parts = [f"{t} org:member ?x ; hg:post {p} ."]
        if post is not None:
            parts.append(render(f"FILTER({p} = $post)", post=NamedNode(post)))
        if agency is not None:
            tail = "/org:subOrganizationOf*" if within else ""
            parts.append(render(f"{{ {t} org:organization{tail} $agency }} UNION {{ {p} org:postIn{tail} $agency }}",
                                agency=NamedNode(agency)))
        if at is not None:
            reach = dt.timedelta(days=ATTESTATION_REACH_DAYS)
            # As flagship.held_on: dates that cover the day, else an attestation within reach of it.
            dated = f"(BOUND({t}s) || BOUND({t}e)) && (!BOUND({t}s) || {t}s <= $at) && (!BOUND({t}e) || $at <= {t}e)"
            seen = (f"!BOUND({t}s) && !BOUND({t}e) && "
                    f"EXISTS {{ {t} hg:attestedOn {t}d FILTER({t}d >= $lo && {t}d <= $hi) }}")
            parts.append(render(f"OPTIONAL {{ {t} hg:start {t}s }} OPTIONAL {{ {t} hg:end {t}e }} "
                                f"FILTER(({dated}) || ({seen}))",
                                at=_date(at), lo=_date(at - reach), hi=_date(at + reach)))
        return " ".join(parts)

    # SPARQL evaluates a group before the filters around it, so every branch binds ?x itself:
    # a NOT EXISTS inside a group without ?x would see it unbound and reject every row.
    @staticmethod
    def all_of(parts: Sequence[str]) -> str:
        return " ".join(p for p in parts if p)

    def any_of(self, parts: Sequence[str]) -> str:
        bind = render("?x a $cls .", cls=self.kind.cls)
        return " UNION ".join(f"{{ {bind} {p} }}" for p in parts)

    @staticmethod
    def none_of(part: str) -> str:
        return f"FILTER NOT EXISTS {{ {part} }}" if part else ""


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _any(condition: str, terms: Sequence[Literal | NamedNode]) -> str:
    if not terms:
        return "FILTER(false)"
    return "FILTER(" + " || ".join(render(condition, t=t) for t in terms) + ")"


@dataclass
class Page:
    """IRIs of one page, and whether more follow."""

    iris: list[str]
    has_next: bool


_PAGE = """
SELECT DISTINCT ?x ?k WHERE { GRAPH $all {
  ?x a $cls . $where
  OPTIONAL { ?x $sort ?k }
} } ORDER BY $dir(?k) ?x LIMIT $limit OFFSET $offset
"""

_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { GRAPH $all { ?x a $cls . $where } }"


def page(store: Store, kind: str, where: str, *, sort: str, descending: bool, offset: int, limit: int) -> Page:
    """One page of ``kind`` matching ``where``, ordered by ``sort`` then by IRI."""
    spec = KINDS[kind]
    if sort not in spec.sorts:
        raise QueryRejected(f"cannot order {kind} by {sort!r}; valid: {', '.join(spec.sorts)}")
    # The filter goes in last: the text it carries is never scanned for placeholders again.
    query = (render(_PAGE, all=store.all_graph, cls=spec.cls).replace("$sort", spec.sorts[sort])
             .replace("$dir", "DESC" if descending else "ASC").replace("$limit", str(int(limit) + 1))
             .replace("$offset", str(int(offset))).replace("$where", where))
    rows = store.select(query)
    # An entity with two names gives two rows: keep its first, the order decides where it shows.
    iris = list(dict.fromkeys(r["x"].value for r in rows if isinstance(r["x"], NamedNode)))
    return Page(iris[:limit], len(iris) > limit)


_MATCHING = "SELECT DISTINCT ?x WHERE { GRAPH $all { VALUES ?x { $xs } ?x a $cls . $where } }"
# Candidates checked against a filter per query at first (doubling after each), and in all before
# a filter counts as too selective for walking the order (the store's ORDER BY then does better).
CHECK_CHUNK = 250
MAX_CHECKED = 20_000


def page_in_order(store: Store, kind: str, where: str, first: Callable[[int], list[str] | None], *,
                  offset: int, limit: int, max_checked: int | None = None) -> Page | None:
    """As ``page``, reading the order off an index kept beside the store (``derived.orders.SortedIndex``).

    ``first(n)`` gives the first n IRIs of the kind in the list's order. Its candidates are checked
    against ``where`` a chunk at a time, by one ``VALUES`` query each, until the page is full.
    None when the index cannot answer, or the filter is so selective that more than
    ``max_checked`` (default ``MAX_CHECKED``) candidates would have to be checked: then ``page`` is the better plan.
    """
    need = offset + limit + 1
    matches: list[str] = []
    checked, size = 0, max(CHECK_CHUNK, 2 * need)
    cls = KINDS[kind].cls
    budget = MAX_CHECKED if max_checked is None else max_checked
    while checked < budget:
        candidates = first(checked + size)
        if candidates is None:
            return None
        chunk = candidates[checked:checked + size]
        if chunk and where.strip():
            query = render(_MATCHING, all=store.all_graph, cls=cls, xs=[NamedNode(i) for i in chunk])
            found = {r["x"].value for r in store.select(query.replace("$where", where))}
            matches.extend(i for i in chunk if i in found)
        else:
            matches.extend(chunk)
        checked += len(chunk)
        if len(matches) >= need or len(chunk) < size:
            return Page(matches[offset:offset + limit], len(matches) > offset + limit)
        size *= 2
    return None


def count(store: Store, kind: str, where: str) -> int:
    """How many of ``kind`` match ``where``."""
    rows = store.select(render(_COUNT, all=store.all_graph, cls=KINDS[kind].cls).replace("$where", where))
    return int(rows[0]["n"].value) if rows else 0
