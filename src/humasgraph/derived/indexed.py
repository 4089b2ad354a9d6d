"""Search and list orders answered from the index file beside an on-disk store (``indexfile.py``).

The same answers as the in-memory ``search.SearchIndex`` and ``orders.SortedIndex``: ranking is
the same function (``search.rank``) over the file's words, postings and trigrams, and an order
is the same walk as an ``ORDER BY`` on the kept values. Nothing of the index is held in the heap
beyond what one search reads.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from .indexfile import IndexFile, order_name, rows_in
from .orders import FACETS, ORDERED
from .search import KINDS, MAX_RESULTS, MIN_SIMILARITY, MIN_TRIGRAM_SHARE, PREFIX_SCORE, Entry, Hit, rank, trigrams
from .search_file import BANDS, FORM_SEPARATOR

__all__ = ["FileOrder", "FileOrders", "FileSearch"]


class _Words:
    """The search index as the file holds it, read for one search (entries and postings cached for it)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._entries: dict[int, Entry] = {}
        self._kinds: dict[int, str] = {}
        self._lengths: dict[int, int] = {}  # slot → its label's length, for every slot slots_of read
        self._slots: dict[str, list[int]] = {}
        self._sizes: dict[str, int] = {}

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
            slots = self._slots[word] = [slot for slot, _, _ in rows]
            self._kinds.update((slot, KINDS[kind]) for slot, kind, _ in rows)
            self._lengths.update((slot, length) for slot, _, length in rows)
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

    def cover(self, found: dict[str, float], size: int, candidates: set[int]) -> dict[int, float]:
        """The postings read for the candidates are walked here; SQLite intersects the others with them."""
        best: dict[int, float] = {}
        unread = sorted(w for w in found if w not in self._slots)
        rows: Iterable[tuple[str, int]] = ()
        if unread:
            rows = self.db.execute("SELECT v.word, p.entry FROM vocab AS v JOIN postings AS p ON p.word = v.id "
                                   "WHERE v.word IN (SELECT value FROM json_each(?)) "
                                   "AND p.entry IN (SELECT value FROM json_each(?))",
                                   (json.dumps(unread), json.dumps(sorted(candidates))))
        for word, e in rows:
            if best.get(e, 0.0) < found[word]:
                best[e] = found[word]
        for word, sim in found.items():
            for e in self._slots.get(word, ()):
                if e in candidates and best.get(e, 0.0) < sim:
                    best[e] = sim
        return best

    def first_by_label(self, slots: Sequence[int], n: int) -> list[int]:
        """By the label lengths the postings read gave (every slot ranked came from ``slots_of``): only the IRIs of
        those of the one length where the ``n``-th falls are read and compared. Sorting them all in SQLite, by the
        entries' labels and IRIs, took 16 ms for the 7,996 tied candidates of "wali kota surabya" at 500k articles."""
        if n <= 0:
            return []
        by_length = sorted(slots, key=self._lengths.__getitem__)
        if len(by_length) > n:  # none longer than the n-th can be among the first n
            last = self._lengths[by_length[n - 1]]
            by_length = [e for e in by_length if self._lengths[e] <= last]
        iris = dict(rows_in(self.db, "SELECT id, iri FROM iris WHERE id IN ({marks})", sorted(by_length)))
        return sorted(by_length, key=lambda e: (self._lengths[e], iris[e]))[:n]

    def best_matched(self, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
        """The first ``n`` entries of ``kinds`` holding a word of every term, by label length then IRI.

        Walked a band of label lengths at a time (``search_file.BANDS``), each down the postings of the term with
        the fewest in that band (the file counts them), every entry looked up in the other terms' postings; a band
        where a term has none is skipped. The term with the fewest postings in all need not have the fewest short
        ones: for "kementerian komunikasi dan informatika" at 100k articles, "kementerian" has 27,860 postings and
        "komunikasi" 32,789, but 5,768 against 197 in labels up to the 50th match's length."""
        words = json.dumps(sorted({w for term in terms for w in term}))
        ids: dict[str, int] = dict(self.db.execute("SELECT word, id FROM vocab WHERE word IN "
                                                   "(SELECT value FROM json_each(?))", (words,)))
        held = [sorted(ids[w] for w in term if w in ids) for term in terms]
        if not all(held):
            return []
        codes = ", ".join(str(KINDS.index(k)) for k in kinds)
        out: dict[int, None] = {}
        if len(held) == 1:
            self._walk(held[0], [], codes=codes, lengths=(BANDS[0], BANDS[-1]), n=n, out=out)
            return list(out)
        counted: dict[tuple[int, int], int] = {}
        for word, band, count in self.db.execute("SELECT word, band, n FROM bands WHERE word IN (SELECT value "
                                                 "FROM json_each(?))", (json.dumps(sorted(ids.values())),)):
            counted[word, band] = count
        for band, lengths in enumerate(itertools.pairwise(BANDS)):
            sizes = [sum(counted.get((w, band), 0) for w in term) for term in held]
            if 0 in sizes:
                continue  # a term none of the band's labels hold: no entry there holds them all
            # Down the term with the fewest postings in the band; the others looked up fewest first (the likeliest
            # to turn an entry away, so that most entries cost one lookup).
            first, *others = sorted(range(len(held)), key=sizes.__getitem__)
            rest = [held[i] for i in others]
            if self._walk(held[first], rest, codes=codes, lengths=lengths, n=n, out=out) >= n:
                break
        return list(out)

    def _walk(self, first: list[int], rest: list[list[int]], *, codes: str, lengths: tuple[int, int], n: int,
              out: dict[int, None]) -> int:
        """Add to ``out``, in order, the entries with a label length in ``lengths`` (from, to but not included)
        holding a word of ``first`` and of every term of ``rest``, until it holds ``n``; how many it holds then."""
        holds = "".join(f" AND EXISTS (SELECT 1 FROM postings AS q WHERE q.entry = p.entry AND q.word IN "
                        f"({', '.join('?' * len(term))}))" for term in rest)
        query = (f"SELECT p.entry FROM postings AS p JOIN iris AS i ON i.id = p.entry "  # noqa: S608
                 f"WHERE p.word IN ({', '.join('?' * len(first))}) AND p.len >= ? AND p.len < ? "
                 f"AND p.kind IN ({codes}){holds} ORDER BY p.len, i.iri LIMIT ?")
        # An entry holding k words of the first term comes k times (in a row: the order is the entry's), and counts
        # once: so many rows hold the entries still wanted. SQLite sorts a length at a time, keeping no more rows.
        if len(out) < n:
            wanted = (n - len(out)) * len(first)
            for (e,) in self.db.execute(query, (*first, *lengths, *(w for term in rest for w in term), wanted)):
                out[e] = None
                if len(out) >= n:
                    break
        return len(out)

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
