"""Ranking a query against a search index: the one function both indexes answer with, and what it asks of them.

``rank`` scores a query's forms (as typed, honorifics split off, abbreviations expanded) in two phases:
a shortlist of the entries covering most of the query's words (phase 1: each word's likest match), then
the shortlist scored as whole names (phase 2). The in-memory index (``search.SearchIndex``) and the index
file (``indexed._Words``) answer the ``Source`` protocol, so the same names give the same answers from
either. The shortlist is found, cheapest first: among the entries holding every word's best match in
label order, when enough do (``_best_covered``); a level of cover at a time (``_leveled``); scoring every
candidate, those holding a rare word (``_covered``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from rapidfuzz import fuzz

from ..model.names import abbreviations, fold, split_honorifics

__all__ = ["KINDS", "Entry", "Hit", "Profile", "Source", "rank"]

KINDS = ("person", "agency", "post", "event")
# Query words matching at most this many entries seed the candidates; commoner words only score them.
SEED_LIMIT = 5000
# The fewest candidates scored as whole names (phase 2 of ``_score``); at least five per result asked for.
SHORTLIST = 50
# Above WALK_ABOVE candidates, the shortlist is first sought among the entries holding every query word's best
# match (``Source.best_matched``); then, when fewer than the shortlist do and there are more than LEVELS_ABOVE
# candidates, a level of cover at a time (``_leveled``), before every candidate is scored. The levels are given up
# past PROFILES_ASKED profiles of what an entry holds (``Profile``) asked, or one per CANDIDATES_PER_PROFILE candidates
# where that is more (scoring them all costs as much as asking about so many). Under LEVELS_ABOVE candidates scoring
# them all is the quicker ("diskominfo jateng" at 1k articles: 3.0 ms, after 4.3 ms of levels given up).
WALK_ABOVE = 2000
LEVELS_ABOVE = 5000
PROFILES_ASKED = 64
CANDIDATES_PER_PROFILE = 400
# ``_covered`` drops the candidates that cannot reach the shortlist only while more than PRUNED_ABOVE are left: the
# terms of a few thousand are looked up about as fast as they would be counted and dropped (at 1M articles, 2,652
# candidates of a mistyped title: 7.0 ms all scored, 8.4 pruned).
PRUNED_ABOVE = 5000


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


def _query_forms(q: str) -> list[str]:
    table = abbreviations()
    forms = [fold(q), fold(split_honorifics(q).name), fold(table.expand(q, "agencies")), fold(table.expand(q, "posts"))]
    return [f for f in dict.fromkeys(forms) if f]


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

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
        """Up to ``n`` entries of ``kinds`` holding a word of each of ``terms``: shortest labels first, then by IRI
        (``first_holding`` with one profile that excludes nothing)."""
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
    candidates = sum(sizes[i] for i in seeds)
    if candidates > WALK_ABOVE:
        covered = _best_covered(index, [matches[i] for i in usable], kinds, size)
        if covered is None and candidates > LEVELS_ABOVE:
            covered = _leveled(index, matches, seeds, kinds=kinds, size=size, candidates=candidates)
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
             size: int, candidates: int = 0) -> dict[int, float] | None:
    """The shortlist ``_covered`` gives, read a level of cover at a time, best first, instead of scoring every
    candidate; None when it would ask too many profiles.

    An entry's cover is the sum, term by term, of the similarity of the likest word of the term it holds, so
    what it holds of each term (its best word's similarity, or none) fixes its cover: its *profile*. The profiles
    of equal cover make a level. Every entry of a level above the shortlist's last is in it, and of that last
    level, those with the shortest labels, then the first IRIs, as ``_covered`` orders its ties. Each level's
    entries are read with ``Source.first_holding``, so a shortlist among 129,713 candidates ("kominfo jatim" at a
    million articles, every one holding *jawa*) reads a few levels, not every candidate. The profiles are made
    best first (``_by_cover``), as many as are asked: a query of twelve words has more than 100,000."""
    usable = [i for i, found in enumerate(matches) if found]
    out: dict[int, float] = {}
    asked = 0
    for cover, combos in _by_cover([[*sorted(set(matches[i].values()), reverse=True), 0.0] for i in usable]):
        level: list[Profile] = []
        for combo in combos:
            if not any(sim for i, sim in zip(usable, combo, strict=True) if i in seeds):
                continue  # a candidate holds a word of a seed term
            # In order, as _best_covered asks for the best of each term: an index may remember what it was asked.
            terms = [sorted(w for w, sim in matches[i].items() if sim == at)
                     for i, at in zip(usable, combo, strict=True) if at]
            excluded = sorted(w for i, at in zip(usable, combo, strict=True) for w, sim in matches[i].items()
                              if sim > at)
            level.append((terms, excluded))
        if not level:
            continue
        asked += len(level)
        if asked > max(PROFILES_ASKED, candidates // CANDIDATES_PER_PROFILE):
            return None
        need = size - len(out)
        found = index.first_holding(level, kinds, need)
        out.update(dict.fromkeys(found, cover))
        if len(found) >= need:
            break
    return out


def _by_cover(levels: list[list[float]]) -> Iterator[tuple[float, list[tuple[float, ...]]]]:
    """The combinations of one of each of ``levels`` (each descending) by their sum, highest first, those of one sum
    together: made a few at a time from the best (a heap of the next ones), not all made and sorted. A sum is added
    up in order, zeros left out, as ``_covered`` adds an entry's cover, so that equal covers are equal floats."""
    def cover(at: tuple[int, ...]) -> float:
        total = 0.0
        for options, i in zip(levels, at, strict=True):
            if options[i]:
                total += options[i]
        return total
    start = (0,) * len(levels)
    heap = [(-cover(start), start)]
    seen = {start}
    while heap:
        top = -heap[0][0]
        combos = []
        while heap and -heap[0][0] == top:
            _, at = heapq.heappop(heap)
            combos.append(tuple(options[i] for options, i in zip(levels, at, strict=True)))
            for n in range(len(at)):
                if at[n] + 1 < len(levels[n]):
                    after = (*at[:n], at[n] + 1, *at[n + 1:])
                    if after not in seen:
                        seen.add(after)
                        heapq.heappush(heap, (-cover(after), after))
        yield top, combos


def _covered(index: Source, matches: list[dict[str, float]], sizes: list[int], seeds: list[int], *,
             kinds: Sequence[str], size: int) -> dict[int, float]:
    """The shortlist, every candidate scored: those holding a seed word (a rare one).

    The terms are scored rarest first, and once ``size`` candidates cover at least some amount, a candidate that
    could not reach it with the best of every term left is dropped (MaxScore): the commonest terms, which cost the
    most to look up ("di" has 1,995,163 postings at a million articles), are then looked up for a few hundred
    candidates, not for every one. A candidate dropped covers less than ``size`` others do, so the shortlist is
    the one every candidate scored gives; the covers of those kept are summed in the query's order (equal covers,
    equal floats)."""
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
    order = sorted(usable, key=lambda i: sizes[i])
    held: dict[int, dict[int, float]] = {}
    partial = dict.fromkeys(candidates, 0.0)
    best = {i: max(matches[i].values()) for i in order}  # the most a term adds to a cover
    most = rest = sum(best[i] for i in order)
    for i in order:
        held[i] = index.cover(matches[i], sizes[i], candidates, among)
        for e, sim in held[i].items():
            partial[e] += sim
        rest -= best[i]
        if len(candidates) > max(size, PRUNED_ABOVE) and rest < most - rest:  # else none could fall behind yet
            candidates = _reaching(candidates, partial, rest, size)
    covered: dict[int, float] = dict.fromkeys(candidates, 0.0)
    for i in usable:
        for e, sim in held[i].items():
            if e in covered:
                covered[e] += sim
    ranked = list(covered)
    if len(ranked) > size:  # the size-th best cover, found without sorting them all (16,272 at 1M articles)
        cutoff = heapq.nlargest(size, covered.values())[-1]
        above = [e for e, c in covered.items() if c > cutoff]
        tied = [e for e, c in covered.items() if c == cutoff]
        ranked = above + index.first_by_label(tied, size - len(above))
    return {e: covered[e] for e in ranked}


def _reaching(candidates: set[int], partial: dict[int, float], rest: float, size: int) -> set[int]:
    """The ``candidates`` that may still be among the ``size`` best covered: covering so far (``partial``) at least
    the ``size``-th best so far, less the most the terms left may add (``rest``). The partial covers take few values
    (sums of a few similarities), so the ``size``-th is found by counting them."""
    counts = Counter(map(partial.__getitem__, candidates))
    if max(counts) - rest <= min(counts):
        return candidates  # none can fall behind yet
    seen = 0
    for value in sorted(counts, reverse=True):
        seen += counts[value]
        if seen >= size:
            bound = value - rest - 1e-9  # a margin for the sums' rounding: only those surely behind are dropped
            return {e for e in candidates if partial[e] >= bound}
    return candidates
