"""Search and list orders answered from the index file beside an on-disk store (``indexfile.py``).

The same answers as the in-memory ``search.SearchIndex`` and ``orders.SortedIndex``: ranking is
the same function (``ranking.rank``) over the file's words, postings and trigrams, and an order
is the same walk as an ``ORDER BY`` on the kept values. Nothing of the index is held in the heap
beyond what one search reads.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Generator, Iterable, Sequence
from operator import itemgetter

from rapidfuzz import fuzz

from .indexfile import IndexFile, order_name, rows_in
from .orders import FACETS, ORDERED
from .ranking import KINDS, Entry, Hit, Profile, rank
from .search import MAX_RESULTS, MIN_SIMILARITY, MIN_TRIGRAM_SHARE, PREFIX_SCORE, trigrams
from .search_file import BANDS, FORM_SEPARATOR, band_key

__all__ = ["FileOrder", "FileOrders", "FileSearch"]


# The rows the walk down a term reads in its first turn at a band's entries, and in any after (``_Words._band``):
# twice as many each turn, up to the most, so that the one finishing first did not read much more than it needed; the
# intersection in ``banded`` reads INTERSECTED_PER_WALKED times as many (a row of it took a quarter of the time of one
# of the walk's at a million articles: ``benchmarks/search_walk.py``).
STEPS = (32, 64)
INTERSECTED_PER_WALKED = 4
# A profile of more terms than FEW asks first, in each band, whether any entry holds its FEW rarest there
# (``_Words._none_hold``).
FEW = 3
# The candidates are looked up in words' postings by their keys, not found by intersecting the words' postings with
# those of the seed words in ``banded``, when there are fewer keys to look up (a word and a candidate each) than
# the seed words have postings, over KEY_COST: a key costs about as much as that many of them intersected. The
# intersection's cost follows the seed words', however few candidates are left; the lookups', the candidates'
# (at a million articles, 40,195 seed postings: *di*, 1,995,163 postings, for 1,500 candidates 4.5 ms looked up
# against 36.3 intersected, for 8,000 16.5 against 43.1; *komunikasi*, 297,631, for 8,000 9.4 against 8.1).
KEY_COST = 4


def _matching(terms: Sequence[Sequence[int]], band: int) -> str:
    """An FTS5 query of ``banded``: the entries of ``band`` holding a word of each of ``terms`` (word ids)."""
    return " AND ".join("(" + " OR ".join(f'"{band_key(w, band)}"' for w in term) + ")" for term in terms)


class _Words:
    """The search index as the file holds it, read for one search (entries and postings cached for it)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._entries: dict[int, Entry] = {}
        self._kinds: dict[int, str] = {}
        self._lengths: dict[int, int] = {}  # slot → its label's length, for every slot slots_of read
        self._slots: dict[str, list[int]] = {}
        self._sizes: dict[str, int] = {}
        self._held: dict[object, list[int]] = {}  # first_holding's answers
        # Band → (terms, words) such that none of the band's entries holds a word of each of the terms (each its word
        # ids) and none of the words: a profile asking for all those terms, less all those words, is skipped there
        # (the levels of "kominfo jatim" ask many with the same rare words); and terms some entry holds together.
        self._none: dict[int, list[tuple[frozenset[tuple[int, ...]], frozenset[int]]]] = {}
        self._some: dict[int, set[frozenset[tuple[int, ...]]]] = {}

    def similar_words(self, word: str) -> dict[str, float]:
        """As the in-memory index's: the same word, words it begins, words sharing enough trigrams."""
        found: dict[str, float] = {}
        row = self.db.execute("SELECT n FROM vocab WHERE word = ?", (word,)).fetchone()
        if row is not None:
            found[word] = 1.0
            self._sizes[word] = row[0]
        if len(word) >= 3:
            for other, n in self.db.execute("SELECT word, n FROM vocab WHERE word >= ? ORDER BY word LIMIT 50",
                                            (word,)):
                if not other.startswith(word):
                    break
                found.setdefault(other, PREFIX_SCORE)
                self._sizes[other] = n
        if len(word) >= 4:
            grams = sorted(trigrams(word))
            need = max(2, int(len(grams) * MIN_TRIGRAM_SHARE))
            matching = " UNION ALL ".join(["SELECT rowid FROM grams WHERE grams MATCH ?"] * len(grams))
            query = (f"SELECT v.word, v.n FROM (SELECT rowid AS id FROM ({matching}) GROUP BY rowid "  # noqa: S608
                     f"HAVING count(*) >= ?) AS shared JOIN vocab AS v ON v.id = shared.id")
            phrases = ['"' + g.replace('"', '""') + '"' for g in grams]
            for other, n in self.db.execute(query, (*phrases, need)):
                if other not in found:
                    similarity = fuzz.ratio(word, other) / 100
                    if similarity >= MIN_SIMILARITY:
                        found[other] = similarity
                        self._sizes[other] = n
        return found

    def size(self, word: str) -> int:
        return self._sizes.get(word, 0)

    def slots_of(self, word: str) -> list[int]:
        slots = self._slots.get(word)
        if slots is None:
            rows = self.db.execute("SELECT p.entry, p.kind, p.len FROM vocab AS v JOIN postings AS p ON p.word = v.id "
                                   "WHERE v.word = ?", (word,)).fetchall()
            # map and zip, not a loop in Python: "surabaya" has 16,273 postings at 1M articles
            slots = self._slots[word] = list(map(itemgetter(0), rows))
            self._kinds.update(zip(slots, map(KINDS.__getitem__, map(itemgetter(1), rows)), strict=True))
            self._lengths.update(zip(slots, map(itemgetter(2), rows), strict=True))
        return slots

    def kind(self, slot: int) -> str:
        return self._kinds[slot]  # every slot ranked came from slots_of, which read its kind

    def load(self, slots: Iterable[int]) -> None:
        wanted = sorted(set(slots) - self._entries.keys())
        for slot, iri, kind, label, forms in rows_in(
                self.db, "SELECT e.id, i.iri, e.kind, e.label, e.forms FROM entries AS e JOIN iris AS i "
                "ON i.id = e.id WHERE e.id IN ({marks})", wanted):
            split = forms.split(FORM_SEPARATOR)
            self._entries[slot] = Entry(iri, kind, label, split, frozenset(w for f in split for w in f.split()))

    def cover(self, found: dict[str, float], size: int, candidates: set[int], among: Sequence[str]) -> dict[int, float]:
        """The postings read for the candidates are intersected with them here; the others in SQLite: as the
        intersection of the words' lists with those of ``among`` in ``banded`` when the words have more postings
        than there are candidates ("walikota surabya" at 1M articles: the 45,024 postings of *bali* against 16,272
        candidates, read through in 11.0 ms, intersected in 2.1), unless so few candidates are left that each is
        better looked up in them by its key (``KEY_COST``; *di* for 1,500 of a long query's 40,195: 4.5 ms, against
        36.3 intersected); else read through."""
        held: dict[str, set[int]] = {}  # word → the candidates holding it
        unread = sorted(w for w in found if w not in self._slots)
        rows: Iterable[tuple[str, int]] = ()
        keys = len(candidates) * len(unread)  # to look up, a word and a candidate each
        if unread and len(candidates) < sum(map(self.size, unread)) and keys * KEY_COST >= sum(map(self.size, among)):
            rows = self._held_among(unread, among, candidates)
        elif unread:
            rows = self.db.execute("SELECT v.word, p.entry FROM vocab AS v JOIN postings AS p ON p.word = v.id "
                                   "WHERE v.word IN (SELECT value FROM json_each(?)) "
                                   "AND p.entry IN (SELECT value FROM json_each(?))",
                                   (json.dumps(unread), json.dumps(list(candidates))))
        for word, e in rows:
            held.setdefault(word, set()).add(e)
        held.update((w, candidates.intersection(self._slots[w])) for w in found if w in self._slots)
        best: dict[int, float] = {}
        for word in sorted(held, key=found.__getitem__, reverse=True):  # the likest first: an entry keeps its first
            best.update(dict.fromkeys(held[word].difference(best), found[word]))
        return best

    def _held_among(self, words: list[str], among: Sequence[str], candidates: set[int]) -> list[tuple[str, int]]:
        """(word, entry) for each of the ``candidates`` holding one of ``words``, where every candidate holds a word of
        ``among``: the entries of ``banded`` holding both, in one query (an entry's words all have its band, so every
        band can be asked at once), then their postings of ``words``."""
        ids: dict[int, str] = dict(self.db.execute("SELECT id, word FROM vocab WHERE word IN (SELECT value FROM "
                                                   "json_each(?))", (json.dumps(sorted({*words, *among})),)))
        words_, among_ = set(words), set(among)
        of_words = {i for i, w in ids.items() if w in words_}
        of_among = {i for i, w in ids.items() if w in among_}
        keys: tuple[list[str], list[str]] = ([], [])  # the words' in the bands they are in, among's
        for word, band in self.db.execute("SELECT word, band FROM bands WHERE word IN (SELECT value FROM "
                                          "json_each(?))", (json.dumps(sorted(ids)),)):
            for side, of in zip(keys, (of_words, of_among), strict=True):
                if word in of:
                    side.append(f'"{band_key(word, band)}"')
        if not all(keys):
            return []
        match = " AND ".join(f"({' OR '.join(side)})" for side in keys)
        both = [e for (e,) in self.db.execute("SELECT rowid FROM banded WHERE banded MATCH ?", (match,))
                if e in candidates]
        held = ", ".join(map(str, sorted(of_words)))  # ids read from the file
        return [(ids[word], e) for word, e in rows_in(
            self.db, f"SELECT word, entry FROM postings WHERE word IN ({held}) AND entry IN ({{marks}})", both)]

    def first_by_label(self, slots: Sequence[int], n: int) -> list[int]:
        """By the label lengths the postings read gave (every slot ranked came from ``slots_of``): only the IRIs of
        those of the one length where the ``n``-th falls are read and compared (``_first_of``). Sorting them all in
        SQLite, by the entries' labels and IRIs, took 16 ms for the 7,996 tied candidates of "wali kota surabya" at
        500k articles."""
        if n <= 0:
            return []
        return self._first_of({e: self._lengths[e] for e in slots}, n)

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
        """The first ``n`` entries of ``kinds`` holding a word of every term, by label length then IRI
        (``first_holding``)."""
        return self.first_holding([([list(term) for term in terms], [])], kinds, n)

    def first_holding(self, profiles: Sequence[Profile], kinds: Sequence[str], n: int) -> list[int]:
        """The first ``n`` entries of ``kinds`` holding what one of ``profiles`` says (a word of each of its terms,
        none of its excluded words), by label length then IRI.

        Sought a band of label lengths at a time (``search_file.BANDS``), done at the end of the band where ``n``
        are found; in each, a profile's entries down the postings of its term with the fewest in that band (the
        file counts them), each looked up in the other terms' postings, and at once as the intersection of their
        lists (``_band``); a band where a term has none is skipped. The term with the fewest postings in all need
        not have the fewest short ones: for "kementerian komunikasi dan informatika" at 100k articles,
        "kementerian" has 27,860 postings and "komunikasi" 32,789, but 5,768 against 197 in labels up to the 50th
        match's length. Remembered for the search: the shortlist's walk asks first what its levels ask again."""
        key = (tuple((tuple(map(tuple, terms)), tuple(excluded)) for terms, excluded in profiles), tuple(kinds), n)
        if key not in self._held:
            self._held[key] = self._first_holding(profiles, kinds, n)
        return self._held[key]

    def _first_holding(self, profiles: Sequence[Profile], kinds: Sequence[str], n: int) -> list[int]:
        words = json.dumps(sorted({w for terms, excluded in profiles for w in (*(w for t in terms for w in t),
                                                                               *excluded)}))
        ids: dict[str, int] = dict(self.db.execute("SELECT word, id FROM vocab WHERE word IN "
                                                   "(SELECT value FROM json_each(?))", (words,)))
        asked = []  # each profile's terms and excluded words as ids, unless a term is in no entry
        for terms, excluded in profiles:
            held = [sorted(ids[w] for w in term if w in ids) for term in terms]
            if all(held):
                asked.append((held, sorted(ids[w] for w in excluded if w in ids)))
        codes = ", ".join(str(KINDS.index(k)) for k in kinds)
        out: dict[int, None] = {}
        if len(asked) == 1 and len(asked[0][0]) == 1 and not asked[0][1]:
            self._walk(asked[0][0][0], codes=codes, n=n, out=out)  # one word or more of one term: no band needed
            return list(out)
        counted: dict[tuple[int, int], int] = {}
        for word, band, count in self.db.execute("SELECT word, band, n FROM bands WHERE word IN (SELECT value "
                                                 "FROM json_each(?))", (json.dumps(sorted(ids.values())),)):
            counted[word, band] = count
        for band, lengths in enumerate(itertools.pairwise(BANDS)):
            found: dict[int, int] = {}  # the first n - len(out) of each profile in the band → its label's length
            holding = 0  # profiles that found some there
            for held, out_of in asked:
                sizes = [sum(counted.get((w, band), 0) for w in term) for term in held]
                if 0 in sizes:
                    continue  # a term none of the band's labels hold: no entry there holds them all
                # Down the term with the fewest postings in the band; the others looked up fewest first (the
                # likeliest to turn an entry away, so that most entries cost one lookup).
                first, *others = sorted(range(len(held)), key=sizes.__getitem__)
                if self._none_hold(band, [held[i] for i in (first, *others)], out_of):
                    continue
                before = len(found)
                self._band(held[first], [held[i] for i in others], out_of, band=band, lengths=lengths, codes=codes,
                           n=n - len(out), out=found)
                holding += len(found) > before
            if holding > 1:  # the first of several profiles' first, in order
                found = {e: found[e] for e in self._first_of(found, n - len(out))}
            out.update(dict.fromkeys(found))
            if len(out) >= n:
                break
        return list(out)

    def _none_hold(self, band: int, terms: list[list[int]], out_of: list[int]) -> bool:
        """True when none of the band's entries holds a word of each of ``terms`` (rarest first) and none of
        ``out_of``: as an intersection asked before in the search found, or as its ``FEW`` rarest terms (of more than
        ``FEW``) have no entry together, which is asked once a search.

        At a million articles the six words of "kominfo jatim"'s likest reading have no entry together in the 80-88
        band: their intersection took 2.3 ms to say so, that of the three rarest 0.9; its levels then ask profiles of
        five of those words, less the sixth, that hold the same three."""
        asked, out = {tuple(term) for term in terms}, set(out_of)
        if any(held <= asked and words <= out for held, words in self._none.get(band, ())):
            return True
        if len(terms) <= FEW:
            return False
        few = frozenset(map(tuple, terms[:FEW]))
        if few in self._some.setdefault(band, set()):
            return False
        if self.db.execute("SELECT 1 FROM banded WHERE banded MATCH ? LIMIT 1",
                           (_matching(terms[:FEW], band),)).fetchone() is None:
            self._none.setdefault(band, []).append((few, frozenset()))
            return True
        self._some[band].add(few)
        return False

    def _walk(self, first: list[int], *, codes: str, n: int, out: dict[int, None]) -> None:
        """Add to ``out``, in order, the first ``n`` entries holding a word of ``first``."""
        query = (f"SELECT p.entry FROM postings AS p JOIN iris AS i ON i.id = p.entry "  # noqa: S608
                 f"WHERE p.word IN ({', '.join('?' * len(first))}) AND p.kind IN ({codes}) ORDER BY p.len, i.iri "
                 f"LIMIT ?")
        # An entry holding k words of the term comes k times (in a row: the order is the entry's), and counts once:
        # so many rows hold the entries wanted. SQLite sorts a length at a time, keeping no more rows.
        for (e,) in self.db.execute(query, (*first, n * len(first))):
            out[e] = None
            if len(out) >= n:
                break

    def _band(self, first: list[int], rest: list[list[int]], out_of: list[int], *, band: int, lengths: tuple[int, int],
              codes: str, n: int, out: dict[int, int]) -> None:
        """Add to ``out``, in order, the first ``n`` entries (of the kinds ``codes``) with a label length in ``lengths``
        (from, to but not included: ``band``) holding a word of ``first`` and of every term of ``rest``, and none of
        ``out_of``.

        Sought two ways in turn, a few rows of each at a time, the first to finish giving them: down the postings of
        ``first`` (``_walked``: the quicker when many of the band's entries hold every term; once it has found half
        of them it goes on alone) and as the intersection of the terms' lists in ``banded`` (``_intersected``: the
        quicker when few do). At a million articles, "kadis kominfo sumbar" has 48 entries in the 80-88 band among
        the 38,130 postings of its rarest word there: walked alone in 56.5 ms, intersected alone in 2.1; "kementerian
        kominfo" has 48 in the 64-72 band among 4,900: walked in 0.38 ms, intersected in 1.5."""
        ways = [self._intersected([first, *rest], out_of, band=band, codes=codes, n=n)]
        if len(first) == 1:  # a term of several words would be sorted by length whole, before a step is read
            ways.insert(0, self._walked(first, rest, out_of, lengths=lengths, codes=codes, n=n))
        try:
            while True:
                for way in ways:
                    try:
                        alone = next(way)
                    except StopIteration as done:
                        out.update(done.value)
                        return
                    if alone:  # the walk, on course to finish soon, goes on without the intersection's turns
                        break
        finally:
            for way in ways:
                way.close()

    def _walked(self, first: list[int], rest: list[list[int]], out_of: list[int], *, lengths: tuple[int, int],
                codes: str, n: int) -> Generator[bool, None, dict[int, int]]:
        """``_band``'s entries down the postings of ``first`` (one word) by label length, each looked up in the other
        terms' postings as SQLite reads it (the likeliest to turn an entry away first); yields after each step whether
        it should go on alone."""
        holds = "CASE " + "".join(f"WHEN NOT EXISTS (SELECT 1 FROM postings AS q WHERE q.entry = p.entry AND q.word "
                                  f"IN ({', '.join('?' * len(term))})) THEN 0 " for term in rest)
        if out_of:
            holds += (f"WHEN EXISTS (SELECT 1 FROM postings AS q WHERE q.entry = p.entry AND q.word IN "
                      f"({', '.join(map(str, out_of))})) THEN 0 ")  # ids read from the file
        holds += "ELSE 1 END"
        # In the order of the index on (word, len, kind): a step's rows cost no more than themselves.
        walk = self.db.execute(f"SELECT p.entry, p.len, {holds} FROM postings AS p WHERE p.word = ? "  # noqa: S608
                               f"AND p.len >= ? AND p.len < ? AND p.kind IN ({codes}) ORDER BY p.len",
                               (*(w for term in rest for w in term), *first, *lengths))
        try:
            walked: dict[int, int] = {}  # entry → its label's length, of those holding every term, by length
            step = STEPS[0]
            while True:
                rows = walk.fetchmany(step)
                walked.update((e, length) for e, length, held in rows if held)
                # Done when every row of the n-th entry's length is read (those longer are not among the first n).
                if len(rows) < step or (len(walked) >= n and rows[-1][1] > list(walked.values())[n - 1]):
                    return {e: walked[e] for e in self._first_of(walked, n)}
                # Half of them found: at that rate the walk is done within as many rows again, and goes on alone.
                yield 2 * len(walked) >= n
                step = min(2 * step, STEPS[1])
        finally:
            walk.close()

    def _intersected(self, held: list[list[int]], out_of: list[int], *, band: int, codes: str,
                     n: int) -> Generator[bool, None, dict[int, int]]:
        """``_band``'s entries as the intersection of the terms' lists in ``banded``, their kinds and lengths read
        from their postings of the first term; yields after each step (False: it never goes on alone). None of the
        band's entries holding them all is remembered for the search (``_first_holding``)."""
        match = _matching(held, band)
        if out_of:
            match = f"({match}) NOT {_matching([out_of], band)}"
        found = self.db.execute("SELECT rowid FROM banded WHERE banded MATCH ?", (match,))
        try:
            entries: list[int] = []
            step = STEPS[0] * INTERSECTED_PER_WALKED
            while len(rows := found.fetchmany(step)) == step:
                entries.extend(e for (e,) in rows)
                yield False
                step = min(2 * step, STEPS[1] * INTERSECTED_PER_WALKED)
            entries.extend(e for (e,) in rows)
        finally:
            found.close()
        if not entries:
            self._none.setdefault(band, []).append((frozenset(map(tuple, held)), frozenset(out_of)))
        words = ", ".join(map(str, held[0]))  # ids read from the file
        lengths = dict(rows_in(self.db, f"SELECT entry, len FROM postings WHERE word IN ({words}) "
                                        f"AND kind IN ({codes}) AND entry IN ({{marks}})", entries))
        return {e: lengths[e] for e in self._first_of(lengths, n)}

    def _first_of(self, lengths: dict[int, int], n: int) -> list[int]:
        """The first ``n`` of the entries in ``lengths`` (each its label's length) by length, then IRI: only the IRIs
        of those no longer than the n-th are read."""
        if len(lengths) > n:
            nth = sorted(lengths.values())[n - 1]
            lengths = {e: length for e, length in lengths.items() if length <= nth}
        iris = dict(rows_in(self.db, "SELECT id, iri FROM iris WHERE id IN ({marks})", sorted(lengths)))
        return sorted(lengths, key=lambda e: (lengths[e], iris[e]))[:n]

    def entry(self, slot: int) -> Entry:
        if slot not in self._entries:
            self.load([slot])
        return self._entries[slot]


class FileSearch:
    """Name search answered from the index file (the same answers as ``search.SearchIndex``)."""

    def __init__(self, index: IndexFile) -> None:
        self.index = index

    def current(self) -> IndexFile:
        """The file, brought up to date from the feed unless another request is doing so (then as it is)."""
        self.index.sync(wait=self.index.current_position() is None)
        return self.index

    def search(self, q: str, kinds: Iterable[str] = KINDS, limit: int = 10) -> list[Hit]:
        """The best matches of ``q`` among ``kinds``, best first (blocking: polls the store's change feed)."""
        chosen = [k for k in KINDS if k in set(kinds)]
        self.current()
        with self.index.reading() as db:
            return rank(_Words(db), q, chosen, max(1, min(limit, MAX_RESULTS)))


class FileOrder:
    """One kept order read off the index file (the same walk as ``orders.SortedIndex``)."""

    def __init__(self, index: IndexFile, kind: str, sort: str) -> None:
        self.index, self.name, self.kind, self.sort = index, order_name(kind, sort), kind, sort
        self.facet = FACETS.get((kind, sort))

    @property
    def usable(self) -> bool:
        return self.index.state(f"usable.{self.name}") != "0"

    def first(self, n: int, *, descending: bool, facet: str | None = None) -> list[str] | None:
        """The first ``n`` IRIs in the list's order, as of now (waits for the file to be current); None
        when a value is not a date (use the store's ORDER BY). ``facet``: of those with that value of the
        order's facet (``orders.FACETS``)."""
        if facet is not None and self.facet is None:
            raise ValueError(f"the order {self.name} is kept by no facet")
        self.index.sync()
        if not self.usable:
            return None
        name = order_name(self.kind, self.sort, facet)
        # IRIs are ids here: ties of one date are ordered by IRI as SQLite walks the date's index.
        walk = "SELECT i.iri FROM orders AS o JOIN iris AS i ON i.id = o.entity WHERE o.name = ? AND "
        valued = walk + ("o.hi IS NOT NULL ORDER BY o.hi DESC, i.iri LIMIT ?" if descending else
                         "o.lo IS NOT NULL ORDER BY o.lo, i.iri LIMIT ?")
        unvalued = walk + "o.lo IS NULL ORDER BY i.iri LIMIT ?"
        with self.index.reading() as db:
            first, then = (valued, unvalued) if descending else (unvalued, valued)
            out = [iri for (iri,) in db.execute(first, (name, n))]
            if len(out) < n:
                out.extend(iri for (iri,) in db.execute(then, (name, n - len(out))))
        return out


class FileOrders:
    """The kept orders of one store, read off its index file (``orders.Orders`` in memory)."""

    def __init__(self, index: IndexFile) -> None:
        self.index = index

    def get(self, kind: str, sort: str) -> FileOrder | None:
        """The order of ``kind`` by ``sort``, or None when that order is not kept (or turned out unusable)."""
        if (kind, sort) not in ORDERED:
            return None
        order = FileOrder(self.index, kind, sort)
        return order if order.usable else None

    def warm(self) -> None:
        """Bring the file up to the store's feed (a full build only when it is missing or stale)."""
        self.index.sync()
