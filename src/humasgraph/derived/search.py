"""Name search over people, agencies, posts and events: an in-memory index kept beside the store.

The index holds every name, alias and name key, folded (case, accents, punctuation), with
degrees split off people's names and abbreviations expanded ("diskominfo jateng" → "dinas
komunikasi dan informatika jawa tengah"). A query's words find candidate words by exact
match, prefix, and shared trigrams checked by edit similarity (typos: "gabjar" → "ganjar");
only entries holding a candidate word are scored, so no query scans every name. When every
word of a query is in thousands of names, the shortlist is first sought among the entries holding
each word's best match, in label order (``Source.best_matched``): none can cover more, so the
shortest of them are the shortlist scoring every candidate would find, and none other is read; when fewer
than the shortlist do, it is read a level of cover at a time, best first (``_leveled``). After a write
(by any process) the index is updated in place from the store's change feed: only the names of
the entities the changed source graphs stated are read again.
"""

from __future__ import annotations

import bisect
import heapq
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pyoxigraph import NamedNode
from rapidfuzz import fuzz

from ..model.identity import Minter
from ..model.kinds import classes
from ..model.names import abbreviations, fold, split_honorifics
from ..model.vocab import HG, SCHEMA, SKOS
from ..queries.projection import CHUNK
from ..store import Rows, Store, render
from .follower import Tracker
from .ranking import KINDS, Entry, Hit, Profile, Source, rank

__all__ = ["CLASSES", "KINDS", "Entry", "Hit", "Profile", "SearchIndex", "Source", "rank", "read_entries", "trigrams"]

CLASSES = classes(*KINDS)
_LABELS = (SCHEMA.name.value, SKOS.prefLabel.value)

_NAMES = """
SELECT ?x ?t ?p ?o WHERE { GRAPH $all {
  VALUES ?t { $classes } ?x a ?t .
  VALUES ?p { $props } ?x ?p ?o .
} }
"""

_PROPS = [SCHEMA.name, SKOS.prefLabel, SKOS.altLabel, HG.title, HG.nameKey]
# The classes and properties picked by FILTER, not VALUES: with VALUES Oxigraph 0.5 joins before binding the
# subjects (1.4 s instead of 0.16 s for 500); with neither, every triple of every subject came back to be dropped
# here (1.57 s of CPU against 0.33 for the 5,372 subjects of 1,500 articles at 10k).
_NAMES_OF = ("SELECT ?x ?t ?p ?o WHERE { GRAPH $all { VALUES ?x { $xs } ?x a ?t FILTER(?t IN ("
             + ", ".join(f"<{c}>" for c in CLASSES) + ")) ?x ?p ?o FILTER(?p IN ("
             + ", ".join(str(p) for p in _PROPS) + ")) } }")

# A word matches a query word this well: exactly 1.0, as a prefix 0.9, else its edit similarity.
PREFIX_SCORE = 0.9
MIN_SIMILARITY = 0.75
MIN_TRIGRAM_SHARE = 0.3
MAX_RESULTS = 50


def _forms(kind: str, text: str) -> list[str]:
    """The folded forms a name is found by."""
    forms = [fold(text)]
    if kind == "person":
        forms.append(fold(split_honorifics(text).name))
    elif kind in ("agency", "post", "event"):
        forms.append(fold(abbreviations().expand(text, "posts" if kind == "post" else "agencies")))
    return [f for f in dict.fromkeys(forms) if f]


def trigrams(word: str) -> set[str]:
    padded = f"${word}$"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


class _Snapshot:
    """The index: entries in numbered slots, postings of each word, the sorted vocabulary, trigrams.

    It is updated in place as entities change (``apply``): a slot freed by a removed entity is
    reused, a word no entry holds any more leaves the vocabulary and the trigram lists.
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries: list[Entry | None] = []
        self.slots: dict[str, int] = {}
        self._free: list[int] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.vocab: list[str] = []
        self.grams: dict[str, list[str]] = defaultdict(list)
        for entry in entries:
            self._add(entry, sort_later=True)
        self.vocab.sort()

    def apply(self, changed: dict[str, Entry | None]) -> None:
        """Replace the entries of the IRIs in ``changed`` (``None``: the entity is gone)."""
        for iri, entry in changed.items():
            slot = self.slots.pop(iri, None)
            if slot is not None:
                self._remove(slot)
            if entry is not None:
                self._add(entry)

    def _add(self, entry: Entry, *, sort_later: bool = False) -> None:
        slot = self._free.pop() if self._free else len(self.entries)
        if slot == len(self.entries):
            self.entries.append(entry)
        else:
            self.entries[slot] = entry
        self.slots[entry.iri] = slot
        for word in entry.words:
            if word not in self.postings:
                if sort_later:
                    self.vocab.append(word)
                else:
                    bisect.insort(self.vocab, word)
                for gram in trigrams(word):
                    self.grams[gram].append(word)
            self.postings[word].append(slot)

    def _remove(self, slot: int) -> None:
        entry = self.entries[slot]
        self.entries[slot] = None
        self._free.append(slot)
        for word in entry.words if entry is not None else ():
            postings = self.postings[word]
            postings.remove(slot)
            if postings:
                continue
            del self.postings[word]
            del self.vocab[bisect.bisect_left(self.vocab, word)]
            for gram in trigrams(word):
                self.grams[gram].remove(word)
                if not self.grams[gram]:
                    del self.grams[gram]

    def entry(self, slot: int) -> Entry:
        found = self.entries[slot]
        if found is None:
            raise KeyError(slot)  # postings never name a free slot
        return found

    def similar_words(self, word: str) -> dict[str, float]:
        """Words of the index like ``word``, with how alike (1.0 the same word)."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 1.0
        if len(word) >= 3:
            start = bisect.bisect_left(self.vocab, word)
            for other in self.vocab[start:start + 50]:
                if not other.startswith(word):
                    break
                found.setdefault(other, PREFIX_SCORE)
        if len(word) >= 4:
            grams = trigrams(word)
            shared: dict[str, int] = defaultdict(int)
            for gram in grams:
                for other in self.grams.get(gram, ()):
                    shared[other] += 1
            need = max(2, int(len(grams) * MIN_TRIGRAM_SHARE))
            for other, n in shared.items():
                if n >= need and other not in found:
                    similarity = fuzz.ratio(word, other) / 100
                    if similarity >= MIN_SIMILARITY:
                        found[other] = similarity
        return found

    def size(self, word: str) -> int:
        return len(self.postings.get(word, ()))

    def slots_of(self, word: str) -> Sequence[int]:
        return self.postings.get(word, ())

    def kind(self, slot: int) -> str:
        return self.entry(slot).kind

    def load(self, slots: Iterable[int]) -> None:
        """Every entry is in memory already."""

    def cover(self, found: dict[str, float], size: int, candidates: set[int], among: Sequence[str]) -> dict[int, float]:
        best: dict[int, float] = {}
        if size > 4 * len(candidates):  # fewer candidates than postings: look at the candidates' words
            for e in candidates:
                sim = max((found.get(w, 0.0) for w in self.entry(e).words), default=0.0)
                if sim:
                    best[e] = sim
            return best
        for word, sim in found.items():
            for e in self.postings.get(word, ()):
                if e in candidates and best.get(e, 0.0) < sim:
                    best[e] = sim
        return best

    def first_by_label(self, slots: Sequence[int], n: int) -> list[int]:
        return sorted(slots, key=self._by_label)[:n]

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
        return self.first_holding([([list(term) for term in terms], [])], kinds, n)

    def first_holding(self, profiles: Sequence[Profile], kinds: Sequence[str], n: int) -> list[int]:
        found: set[int] = set()
        for terms, excluded in profiles:
            held = sorted((set().union(*(self.postings.get(w, ()) for w in term)) for term in terms), key=len)
            both = set.intersection(*held) if held else set()
            found |= both.difference(*(self.postings.get(w, ()) for w in excluded))
        wanted = set(kinds)
        return heapq.nsmallest(n, (e for e in found if self.entry(e).kind in wanted), key=self._by_label)

    def _by_label(self, slot: int) -> tuple[int, str]:
        entry = self.entry(slot)
        return len(entry.label), entry.iri

    def search(self, q: str, kinds: Sequence[str], limit: int) -> list[Hit]:
        return rank(self, q, kinds, limit)


class SearchIndex:
    """The search index of one store, kept up to date from the store's change feed.

    The first search reads every name; after a write, only the names of the entities the
    changed source graphs stated (before and after) are read again (``follower.py``).
    """

    def __init__(self, store: Store, minter: Minter) -> None:
        self.store = store
        self.minter = minter
        self.tracker = Tracker(store, [NamedNode(c) for c in CLASSES])
        self._lock = threading.Lock()  # held while the index is searched or updated in place
        self._refresh = threading.Lock()  # held by the one request that polls the feed or rebuilds
        self._snapshot: _Snapshot | None = None
        self.builds = 0
        self.updates = 0

    def search(self, q: str, kinds: Iterable[str] = KINDS, limit: int = 10) -> list[Hit]:
        """The best matches of ``q`` among ``kinds``, best first (blocking: polls the store's change feed)."""
        chosen = [k for k in KINDS if k in set(kinds)]
        snapshot = self.current()
        with self._lock:
            return snapshot.search(q, chosen, max(1, min(limit, MAX_RESULTS)))

    def current(self) -> _Snapshot:
        """The index of the store as it is now, updated from the graphs written since the last look.

        While one request polls or rebuilds, the others are answered from the index as it is
        instead of queueing behind it: under a stream of imports, queued rebuilds made searches time out.
        """
        snapshot = self._snapshot
        if snapshot is not None and not self._refresh.acquire(blocking=False):
            return snapshot  # another request is bringing it up to date
        if snapshot is None:
            self._refresh.acquire()
        try:
            update = self.tracker.poll() if self._snapshot is not None else None
            if self._snapshot is None or update is None or update.subjects is None:
                self.tracker.start()
                self._snapshot = _Snapshot(sorted(self._read().values(), key=lambda e: e.iri))
                self.builds += 1
            elif update.subjects:
                changed = self._read(update.subjects)
                with self._lock:
                    self._snapshot.apply({iri: changed.get(iri) for iri in sorted(update.subjects)})
                self.updates += 1
            return self._snapshot
        finally:
            self._refresh.release()

    def _read(self, subjects: Iterable[str] | None = None) -> dict[str, Entry]:
        return read_entries(self.store, subjects)


def read_entries(store: Store, subjects: Iterable[str] | None = None) -> dict[str, Entry]:
    """The entries of every named entity, or of those among ``subjects``."""
    query = render(_NAMES, all=store.all_graph, classes=[NamedNode(c) for c in CLASSES], props=_PROPS)
    if subjects is None:
        rows = store.select(query)
    else:
        wanted = [NamedNode(x) for x in sorted(subjects)]
        rows = Rows(["x", "t", "p", "o"])
        for start in range(0, len(wanted), CHUNK):
            rows.extend(store.select(render(_NAMES_OF, all=store.all_graph, xs=wanted[start:start + CHUNK])))
    kinds: dict[str, str] = {}
    labels: dict[str, tuple[int, str]] = {}
    names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        iri, kind = row["x"].value, CLASSES[row["t"].value]
        # An agency that is also a post would be odd; keep the first kind in KINDS order.
        if iri not in kinds or KINDS.index(kind) < KINDS.index(kinds[iri]):
            kinds[iri] = kind
        text = row["o"].value
        if "|" in text:
            continue  # a unit's key qualified by its parent ("bidang humas | dinas …") names the parent too
        names[iri].add(text)
        if row["p"].value in _LABELS:
            # schema:name before skos:prefLabel, then the first in order: the same from any read
            label = (_LABELS.index(row["p"].value), text)
            labels[iri] = min(labels.get(iri, label), label)
    entries = {}
    for iri in sorted(kinds):
        kind = kinds[iri]
        forms = list(dict.fromkeys(f for text in sorted(names[iri]) for f in _forms(kind, text)))
        words = frozenset(w for f in forms for w in f.split())
        entries[iri] = Entry(iri, kind, labels[iri][1] if iri in labels else iri, forms, words)
    return entries
