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
import itertools
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import NamedNode
from rapidfuzz import fuzz

from ..model.identity import Minter
from ..model.kinds import classes
from ..model.names import abbreviations, fold, split_honorifics
from ..model.vocab import HG, SCHEMA, SKOS
from ..queries.projection import CHUNK
from ..store import Rows, Store, render
from .follower import Tracker

__all__ = ["CLASSES", "KINDS", "Entry", "Hit", "Profile", "SearchIndex", "Source", "rank", "read_entries", "trigrams"]

KINDS = ("person", "agency", "post", "event")
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
# Query words matching at most this many entries seed the candidates; commoner words only score them.
SEED_LIMIT = 5000
MAX_RESULTS = 50
# The fewest candidates scored as whole names (phase 2 of ``_score``); at least five per result asked for.
SHORTLIST = 50
# Above this many candidates, the shortlist is first sought among the entries holding every query
# word's best match (``Source.best_matched``), then, when fewer than the shortlist do, a level of cover at a time
# (``_leveled``), before every candidate is scored. The levels are given up past PROFILES_ASKED profiles of what an
# entry holds (``Profile``) asked, or with more than PROFILES_AT_MOST to order.
WALK_ABOVE = 2000
PROFILES_ASKED = 48
PROFILES_AT_MOST = 4096


@dataclass(frozen=True)
class Hit:
    """One search result: the entity, its kind and label, the name form that matched, and a score in [0, 1]."""

    iri: str
    kind: str
    label: str
    matched: str
    score: float


@dataclass
class Entry:
    iri: str
    kind: str
    label: str
    forms: list[str]
    words: frozenset[str]


Profile = tuple[list[list[str]], list[str]]  # a word of each of these terms held, and none of these words


def _forms(kind: str, text: str) -> list[str]:
    """The folded forms a name is found by."""
    forms = [fold(text)]
    if kind == "person":
        forms.append(fold(split_honorifics(text).name))
    elif kind in ("agency", "post", "event"):
        forms.append(fold(abbreviations().expand(text, "posts" if kind == "post" else "agencies")))
    return [f for f in dict.fromkeys(forms) if f]


def _query_forms(q: str) -> list[str]:
    table = abbreviations()
    forms = [fold(q), fold(split_honorifics(q).name), fold(table.expand(q, "agencies")), fold(table.expand(q, "posts"))]
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

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int,
                     excluded: Sequence[str] = ()) -> list[int]:
        return self.first_holding([([list(term) for term in terms], list(excluded))], kinds, n)

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


class Source(Protocol):
    """What ranking reads of an index: similar words, the entries holding a word, an entry by its slot."""

    def similar_words(self, word: str) -> dict[str, float]: ...

    def size(self, word: str) -> int: ...

    def slots_of(self, word: str) -> Sequence[int]: ...

    def kind(self, slot: int) -> str: ...

    def load(self, slots: Iterable[int]) -> None:
        """Make ``entry`` ready for these slots (an index on disk reads them in one go)."""
        ...

    def cover(self, found: dict[str, float], size: int, candidates: set[int], among: Sequence[str]) -> dict[int, float]:
        """Candidate → the best similarity of the ``found`` words it holds (``size``: their postings; the candidates
        are the entries of the kinds asked holding a word of ``among``)."""
        ...

    def first_by_label(self, slots: Sequence[int], n: int) -> list[int]:
        """The ``n`` of ``slots`` with the shortest labels, ties by IRI."""
        ...

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int,
                     excluded: Sequence[str] = ()) -> list[int]:
        """Up to ``n`` entries of ``kinds`` holding a word of each of ``terms`` and none of ``excluded``: shortest
        labels first, then by IRI."""
        ...

    def first_holding(self, profiles: Sequence[Profile], kinds: Sequence[str], n: int) -> list[int]:
        """Up to ``n`` entries of ``kinds`` holding what one of ``profiles`` says (a word of each of its terms, none
        of its words excluded): shortest labels first, then by IRI."""
        ...

    def entry(self, slot: int) -> Entry: ...


def rank(index: Source, q: str, kinds: Sequence[str], limit: int) -> list[Hit]:
    """The best ``limit`` matches of ``q`` among ``kinds`` in ``index``, best first."""
    best: dict[int, tuple[float, str]] = {}
    for form in _query_forms(q):
        for slot, (score, matched) in _score(index, form, kinds, limit).items():
            if slot not in best or score > best[slot][0]:
                best[slot] = (score, matched)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], len(index.entry(kv[0]).label), index.entry(kv[0]).iri))
    out = []
    for slot, (score, matched) in ranked[:limit]:
        e = index.entry(slot)
        out.append(Hit(e.iri, e.kind, e.label, matched, round(score, 4)))
    return out


def _score(index: Source, form: str, kinds: Sequence[str], limit: int) -> dict[int, tuple[float, str]]:
    words = form.split()
    matches = [index.similar_words(w) for w in words]
    sizes = [sum(index.size(m) for m in found) for found in matches]
    usable = [i for i, found in enumerate(matches) if found]
    if not usable:
        return {}
    # Phase 1, cheap: how much of the query each candidate covers (the best match of each query word),
    # for a shortlist of the best covered. Ties by label length, then by IRI (not by slot: the same
    # shortlist from any index of the same names).
    size = max(SHORTLIST, 5 * limit)
    seeds = [i for i in usable if sizes[i] <= SEED_LIMIT] or [min(usable, key=lambda i: sizes[i])]
    covered = None
    if sum(sizes[i] for i in seeds) > WALK_ABOVE:
        covered = _best_covered(index, [matches[i] for i in usable], kinds, size)
        if covered is None:
            covered = _leveled(index, matches, seeds, kinds=kinds, size=size)
    if covered is None:
        covered = _covered(index, matches, sizes, seeds, kinds=kinds, size=size)
    # Phase 2, only for the shortlist: how alike the whole name is.
    index.load(covered)
    out: dict[int, tuple[float, str]] = {}
    for e, cover in covered.items():
        matched = max(index.entry(e).forms, key=lambda f: fuzz.ratio(form, f))
        whole = fuzz.ratio(form, matched) / 100
        out[e] = (0.7 * cover / len(words) + 0.3 * whole, matched)
    return out


def _best_covered(index: Source, matches: list[dict[str, float]], kinds: Sequence[str],
                  size: int) -> dict[int, float] | None:
    """The shortlist when at least ``size`` entries match every usable query word at its best: none
    covers more, so it is those with the shortest labels (read in that order, not scored one by one).
    None when fewer do."""
    best = [max(found.values()) for found in matches]
    terms = [sorted(w for w, sim in found.items() if sim == top) for found, top in zip(matches, best, strict=True)]
    shortlist = index.best_matched(terms, kinds, size)
    if len(shortlist) < size:
        return None
    most = 0.0
    for top in best:
        most += top  # summed in the order _covered sums, so the same float
    return dict.fromkeys(shortlist, most)


def _leveled(index: Source, matches: list[dict[str, float]], seeds: list[int], *, kinds: Sequence[str],
             size: int) -> dict[int, float] | None:
    """The shortlist ``_covered`` gives, read a level of cover at a time, best first, instead of scoring every
    candidate; None when it would ask too many profiles.

    An entry's cover is the sum, term by term, of the similarity of the likest word of the term it holds, so
    what it holds of each term (its best word's similarity, or none) fixes its cover: its *profile*. The profiles
    of equal cover make a level. Every entry of a level above the shortlist's last is in it, and of that last
    level, those with the shortest labels, then the first IRIs, as ``_covered`` orders its ties. Each level's
    entries are read with ``Source.first_holding``, so a shortlist among 129,713 candidates ("kominfo jatim" at a
    million articles, every one holding *jawa*) reads a few levels, not every candidate."""
    usable = [i for i, found in enumerate(matches) if found]
    levels = [[*sorted(set(matches[i].values()), reverse=True), 0.0] for i in usable]
    combos = 1
    for options in levels:
        combos *= len(options)
    if combos > PROFILES_AT_MOST:
        return None
    by_cover: dict[float, list[Profile]] = defaultdict(list)
    for combo in itertools.product(*levels):
        if not any(level for i, level in zip(usable, combo, strict=True) if i in seeds):
            continue  # a candidate holds a word of a seed term
        cover = 0.0
        for level in combo:
            if level:
                cover += level  # summed in the order _covered sums, so the same float
        # In order, as _best_covered asks for the best of each term: an index may remember what it was asked.
        terms = [sorted(w for w, sim in matches[i].items() if sim == level)
                 for i, level in zip(usable, combo, strict=True) if level]
        excluded = sorted(w for i, level in zip(usable, combo, strict=True) for w, sim in matches[i].items()
                          if sim > level)
        by_cover[cover].append((terms, excluded))
    out: dict[int, float] = {}
    asked = 0
    for cover in sorted(by_cover, reverse=True):
        asked += len(by_cover[cover])
        if asked > PROFILES_ASKED:
            return None
        need = size - len(out)
        found = index.first_holding(by_cover[cover], kinds, need)
        out.update(dict.fromkeys(found, cover))
        if len(found) >= need:
            break
    return out


def _covered(index: Source, matches: list[dict[str, float]], sizes: list[int], seeds: list[int], *,
             kinds: Sequence[str], size: int) -> dict[int, float]:
    """The shortlist, every candidate scored: those holding a seed word (a rare one)."""
    usable = [i for i, found in enumerate(matches) if found]
    wanted = set(kinds)
    candidates: set[int] = set()
    among = [word for i in seeds for word in matches[i]]
    for i in seeds:
        for word in matches[i]:
            if wanted.issuperset(KINDS):
                candidates.update(index.slots_of(word))
            else:
                candidates.update(e for e in index.slots_of(word) if index.kind(e) in wanted)
    covered: dict[int, float] = dict.fromkeys(candidates, 0.0)
    for i in usable:
        for e, sim in index.cover(matches[i], sizes[i], candidates, among).items():
            covered[e] += sim
    ranked = list(covered)
    if len(ranked) > size:  # the size-th best cover, found without sorting them all (16,272 at 1M articles)
        cutoff = heapq.nlargest(size, covered.values())[-1]
        above = [e for e, c in covered.items() if c > cutoff]
        tied = [e for e, c in covered.items() if c == cutoff]
        ranked = above + index.first_by_label(tied, size - len(above))
    return {e: covered[e] for e in ranked}


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
