"""The newest-first order of a root list, kept in memory beside the store.

"The newest 50 coordination meetings" is an ``ORDER BY … LIMIT 50`` over every event, which the
store answers by joining and sorting all of them: 1.4-1.7 s at 100k articles (40,000 meetings),
on every request. ``SortedIndex`` keeps, for one kind and one date property (events by start,
statements by date, articles by publication), every entity's value in sorted order. A page is
then read off the order and only its candidates are checked against the request's filter, a
chunk at a time, by one bounded ``VALUES`` query each (``queries.lists.page_in_order``).

An order may also be kept per value of one facet (``FACETS``: events per type): "the newest
50 coordination meetings" is then the first 50 of that order, with no candidate to check (two
queries of 7 ms each at 100k articles for the page of the flagship benchmark).

The index is built on first use and, after writes (by any process), updated from the store's
change feed: only the entities the changed source graphs stated are read again (``follower.py``).
A list request always waits for the index to be current, so a page never misses what an
earlier write added.
"""

from __future__ import annotations

import bisect
import itertools
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from ..model.vocab import XSD
from ..queries.lists import KINDS
from ..queries.projection import CHUNK
from ..store import Store, render
from .follower import Tracker

__all__ = ["FACETS", "ORDERED", "Orders", "SortedIndex", "Values", "read_values"]

# The (kind, sort) pairs kept in order: date-valued sorts, whose SPARQL order is that of their text.
ORDERED = {("event", "start"), ("statement", "date"), ("article", "published")}
# The facet (of ``queries.lists.KINDS``) an order is also kept by, one order per value of it.
FACETS = {("event", "start"): "type"}

_VALUES = "SELECT ?x ?k ?f WHERE { GRAPH $all { ?x a $cls . OPTIONAL { ?x $sort ?k } $facet } }"
_VALUES_OF = "SELECT ?x ?k ?f WHERE { GRAPH $all { VALUES ?x { $xs } ?x a $cls . OPTIONAL { ?x $sort ?k } $facet } }"


@dataclass
class _Order:
    """Every entity's sort values, and the (value, IRI) pairs in ascending order by min and by max."""

    values: dict[str, tuple[str, str] | None] = field(default_factory=dict)  # IRI → (min, max), None: no value
    by_min: list[tuple[str, str]] = field(default_factory=list)
    by_max: list[tuple[str, str]] = field(default_factory=list)
    unvalued: list[str] = field(default_factory=list)  # sorted IRIs without a value

    @classmethod
    def of(cls, values: dict[str, tuple[str, str] | None]) -> _Order:
        pairs = [(iri, v) for iri, v in values.items() if v is not None]
        return cls(dict(values), sorted((v[0], iri) for iri, v in pairs), sorted((v[1], iri) for iri, v in pairs),
                   sorted(iri for iri, v in values.items() if v is None))

    def remove(self, iri: str) -> None:
        if iri not in self.values:
            return
        old = self.values.pop(iri)
        if old is None:
            del self.unvalued[bisect.bisect_left(self.unvalued, iri)]
        else:
            del self.by_min[bisect.bisect_left(self.by_min, (old[0], iri))]
            del self.by_max[bisect.bisect_left(self.by_max, (old[1], iri))]

    def set(self, iri: str, value: tuple[str, str] | None) -> None:
        self.remove(iri)
        self.values[iri] = value
        if value is None:
            bisect.insort(self.unvalued, iri)
        else:
            bisect.insort(self.by_min, (value[0], iri))
            bisect.insort(self.by_max, (value[1], iri))

    def walk(self, descending: bool) -> Iterator[str]:
        """IRIs as ``ORDER BY DESC(?k) ?x`` (or ``ASC``) over ``OPTIONAL { ?x sort ?k }`` gives them, first row each.

        Descending: the latest value of each first, ties by IRI, those without a value last.
        Ascending: those without a value first, then by earliest value, ties by IRI.
        """
        if not descending:
            yield from self.unvalued
            for _, iri in self.by_min:
                yield iri
            return
        pairs, end = self.by_max, len(self.by_max)
        while end > 0:
            start = bisect.bisect_left(pairs, (pairs[end - 1][0], ""), 0, end)  # the run of one value
            for _, iri in pairs[start:end]:
                yield iri
            end = start
        yield from self.unvalued


class SortedIndex:
    """The order of one kind by one date sort, for one store, kept up to date from its change feed."""

    def __init__(self, store: Store, kind: str, sort: str) -> None:
        if (kind, sort) not in ORDERED:
            raise ValueError(f"({kind!r}, {sort!r}) is not kept in order; kept: {sorted(ORDERED)}")
        self.store, self.kind, self.sort = store, kind, sort
        self.tracker = Tracker(store, [KINDS[kind].cls])
        self._lock = threading.Lock()
        self._order: _Order | None = None
        self.facet = FACETS.get((kind, sort))
        self._by_facet: dict[str, _Order] = {}  # a value of the facet → the order of those that have it
        self._facets: dict[str, frozenset[str]] = {}  # IRI → its values of the facet
        self.usable = True  # False once a value is not an xsd:date (its SPARQL order is not its text's)
        self.builds = 0
        self.updates = 0

    def first(self, n: int, *, descending: bool, facet: str | None = None) -> list[str] | None:
        """The first ``n`` IRIs of the kind in the list's order, as of now (waits for the index to be
        current); None when a value turned out not to be a date (use the store's ORDER BY).
        ``facet``: of those whose value of the order's facet (``FACETS``) is that IRI."""
        if facet is not None and self.facet is None:
            raise ValueError(f"the order of {self.kind} by {self.sort} is kept by no facet")
        with self._lock:
            order = self._current()
            if not self.usable:
                return None
            if facet is not None:
                order = self._by_facet.get(facet, _Order())
            return list(itertools.islice(order.walk(descending), n))

    def _current(self) -> _Order:
        update = self.tracker.poll() if self._order is not None else None
        if self._order is None or update is None or update.subjects is None:
            self.tracker.start()
            found = self._read(None)
            self._order = _Order.of(found.values)
            self._facets = dict(found.facets)
            members: dict[str, dict[str, tuple[str, str] | None]] = {}
            for iri, values in found.facets.items():
                for value in values:
                    members.setdefault(value, {})[iri] = found.values[iri]
            self._by_facet = {value: _Order.of(of) for value, of in members.items()}
            self.builds += 1
        elif update.subjects:
            fresh = self._read(update.subjects)
            for iri in sorted(update.subjects):
                for value in self._facets.pop(iri, ()):
                    self._by_facet[value].remove(iri)
                if iri in fresh.values:
                    self._order.set(iri, fresh.values[iri])
                    if iri in fresh.facets:
                        self._facets[iri] = fresh.facets[iri]
                        for value in fresh.facets[iri]:
                            self._by_facet.setdefault(value, _Order()).set(iri, fresh.values[iri])
                else:
                    self._order.remove(iri)  # gone, or not of this kind
            self.updates += 1
        return self._order

    def _read(self, subjects: Iterable[str] | None) -> Values:
        found = read_values(self.store, self.kind, self.sort, subjects)
        self.usable = self.usable and found.usable
        return found


@dataclass
class Values:
    """What an order is made of: each entity's (min, max) sort values, its values of the facet, and False when a
    sort value is not an xsd:date (its SPARQL order is not its text's)."""

    values: dict[str, tuple[str, str] | None]  # IRI → (min, max), None when it has none
    facets: dict[str, frozenset[str]]  # IRI → the IRIs its facet has (those with none absent)
    usable: bool = True


def read_values(store: Store, kind: str, sort: str, subjects: Iterable[str] | None) -> Values:
    """The sort values (and the facet's, ``FACETS``) of every entity of ``kind``, or of those among ``subjects``."""
    spec = KINDS[kind]
    terms = {"all": store.all_graph, "cls": spec.cls}
    if subjects is None:
        queries = [render(_VALUES, **terms)]  # type: ignore[arg-type]
    else:
        wanted = [NamedNode(x) for x in sorted(subjects)]
        queries = [render(_VALUES_OF, xs=wanted[i:i + CHUNK], **terms)  # type: ignore[arg-type]
                   for i in range(0, len(wanted), CHUNK)]
    facet = FACETS.get((kind, sort))
    facet_pattern = f"OPTIONAL {{ ?x {spec.facets[facet]} ?f FILTER(isIRI(?f)) }}" if facet else ""
    out: dict[str, tuple[str, str] | None] = {}
    facets: dict[str, set[str]] = {}
    usable = True
    for query in queries:
        for row in store.select(query.replace("$sort", spec.sorts[sort]).replace("$facet", facet_pattern)):
            iri = row["x"].value
            out.setdefault(iri, None)
            f = row.get("f")
            if f is not None:
                facets.setdefault(iri, set()).add(f.value)
            k = row.get("k")
            if k is None:
                continue
            if not (isinstance(k, Literal) and k.datatype == XSD.date):
                usable = False
                continue
            now = out[iri]
            out[iri] = (k.value, k.value) if now is None else (min(now[0], k.value), max(now[1], k.value))
    return Values(out, {iri: frozenset(v) for iri, v in facets.items()}, usable)


class Orders:
    """The sorted indexes of one store, made on first use."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._made: dict[tuple[str, str], SortedIndex] = {}
        self._lock = threading.Lock()

    def get(self, kind: str, sort: str) -> SortedIndex | None:
        """The index of ``kind`` by ``sort``, or None when that order is not kept (or turned out unusable).

        It is built on its first use: a server builds every one when it starts (``warm``).
        """
        if (kind, sort) not in ORDERED:
            return None
        with self._lock:
            index = self._made.get((kind, sort))
            if index is None:
                index = self._made[(kind, sort)] = SortedIndex(self.store, kind, sort)
        return index if index.usable else None

    def warm(self) -> None:
        """Build every index now (at 100k articles the events' takes about 10 s: not a request's to pay)."""
        for kind, sort in sorted(ORDERED):
            index = self.get(kind, sort)
            if index is not None:
                index.first(1, descending=True)
