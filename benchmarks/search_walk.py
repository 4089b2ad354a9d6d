"""Search with the shortlist walked in label order against every candidate scored, alternating, query by query.

`.venv/bin/python benchmarks/search_walk.py STORE` on an on-disk store (one a benchmark run left):
opening it brings the index file beside it up to date (an older layout is upgraded in place). Four
ways: *walked* as a server searches (a band of label lengths at a time, each band's entries sought
down the term with the fewest postings in it and, in turn, as the intersection of the terms' lists
in ``banded``, whichever finishes first: ``indexed._Words._band``), *walked only* (each band only
walked, as before the intersection: ``walked_only`` below; a shortlist read a level of cover at a time,
``ranking._leveled``, still asks its profiles as served), *one band* (the walk down the term with
the fewest postings in all, as it was before the bands: ``one_band`` below), *ties in SQL* (as a
server searches, but the candidates tied at the shortlist's end sorted by label in SQLite, as before
the label lengths were read with the postings: ``ties_in_sql`` below), and every candidate *scored*.
Every answer is checked to be the same all ways; each query runs 12 times each of the first four
ways, in turn (each first in a quarter of the turns), then 6 times scored; medians in ms. The first
eight are the benchmark's searches (their median is its "search ms"); the others are common words,
in many names of a large corpus, queries whose words are rarely in one name together, and queries
whose shortlist fewer names than it holds match at best (a typo, an abbreviation), read a level of
cover at a time as served.
"""

from __future__ import annotations

import itertools
import json
import statistics
import sys
import time
from collections.abc import Sequence

from measure import SEARCHES

from humasgraph.derived import indexed, ranking, search
from humasgraph.derived.search import KINDS
from humasgraph.services import Services
from humasgraph.settings import Settings


def one_band(self: indexed._Words, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
    """The walk as it was before the bands (4839067): down the postings of the term with the fewest in all."""
    words = json.dumps(sorted({w for term in terms for w in term}))
    ids = dict(self.db.execute("SELECT word, id FROM vocab WHERE word IN (SELECT value FROM json_each(?))", (words,)))
    held = [[ids[w] for w in term if w in ids] for term in sorted(terms, key=lambda t: sum(map(self.size, t)))]
    if not all(held):
        return []
    first, *rest = held
    holds = "".join(f" AND EXISTS (SELECT 1 FROM postings AS q WHERE q.entry = p.entry AND q.word IN "
                    f"({', '.join('?' * len(term))}))" for term in rest)
    query = (f"SELECT p.entry FROM postings AS p JOIN iris AS i ON i.id = p.entry "  # noqa: S608
             f"WHERE p.word IN ({', '.join('?' * len(first))}) AND p.kind IN "
             f"({', '.join(str(KINDS.index(k)) for k in kinds)}){holds} ORDER BY p.len, i.iri LIMIT ?")
    return [e for (e,) in self.db.execute(query, (*first, *(w for term in rest for w in term), n))]


def walked_only(self: indexed._Words, terms: Sequence[Sequence[str]], kinds: Sequence[str], n: int) -> list[int]:
    """The walk by bands as it was before the intersection in ``banded`` (40b3bdb): each band only walked."""
    words = json.dumps(sorted({w for term in terms for w in term}))
    ids = dict(self.db.execute("SELECT word, id FROM vocab WHERE word IN (SELECT value FROM json_each(?))", (words,)))
    held = [sorted(ids[w] for w in term if w in ids) for term in terms]
    if not all(held):
        return []
    codes = ", ".join(str(KINDS.index(k)) for k in kinds)
    out: dict[int, None] = {}
    if len(held) == 1:
        self._walk(held[0], codes=codes, n=n, out=out)  # one term: the same walk now
        return list(out)
    counted = {(word, band): count for word, band, count in self.db.execute(
        "SELECT word, band, n FROM bands WHERE word IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(ids.values())),))}
    for band, lengths in enumerate(itertools.pairwise(indexed.BANDS)):
        sizes = [sum(counted.get((w, band), 0) for w in term) for term in held]
        if 0 in sizes:
            continue
        first, *rest = [held[i] for i in sorted(range(len(held)), key=sizes.__getitem__)]
        holds = "".join(f" AND EXISTS (SELECT 1 FROM postings AS q WHERE q.entry = p.entry AND q.word IN "
                        f"({', '.join('?' * len(term))}))" for term in rest)
        query = (f"SELECT p.entry FROM postings AS p JOIN iris AS i ON i.id = p.entry "  # noqa: S608
                 f"WHERE p.word IN ({', '.join('?' * len(first))}) AND p.len >= ? AND p.len < ? "
                 f"AND p.kind IN ({codes}){holds} ORDER BY p.len, i.iri LIMIT ?")
        for (e,) in self.db.execute(query, (*first, *lengths, *(w for term in rest for w in term),
                                            (n - len(out)) * len(first))):
            out[e] = None
            if len(out) >= n:
                return list(out)
    return list(out)


def ties_in_sql(self: indexed._Words, slots: Sequence[int], n: int) -> list[int]:
    """The shortest labels among ``slots`` as it was before the postings' label lengths were read (c3043fc)."""
    if n <= 0:
        return []
    return [e for (e,) in self.db.execute(
        "SELECT e.id FROM entries AS e JOIN iris AS i ON i.id = e.id WHERE e.id IN (SELECT value FROM json_each(?)) "
        "ORDER BY length(e.label), i.iri LIMIT ?", (json.dumps(sorted(slots)), n))]


COMMON = ("dinas", "kominfo", "humas", "rapat", "pelatihan kehumasan bima", "kepala dinas provinsi",
          "walikota surabya", "kadis kominfo sumbar", "rapat koordinasi humas bima", "dinas pendidikan kota bima",
          "rapat koordinasi", "dinas komunikasi", "kementerian komunikasi dan informatika", "kominfo jatim",
          "humas pemprov jatim", "pelatihan jurnalistik humas pemerintah kabupaten bima nusa tenggara barat")


def main(argv: list[str]) -> int:
    t = time.perf_counter()
    services = Services.open(Settings(store=argv[0]))
    try:
        services.search_index.current()
        print(f"opened, index file current: {time.perf_counter() - t:.1f} s")
        kinds, walked, banded = list(search.KINDS), ranking.WALK_ABOVE, indexed._Words.best_matched
        by_length = indexed._Words.first_by_label
        ways = {"walked": (walked, banded, by_length), "walked only": (walked, walked_only, by_length),
                "one band": (walked, one_band, by_length), "ties in SQL": (walked, banded, ties_in_sql),
                "scored": (10**12, banded, by_length)}
        print("| query | walked ms | walked only ms | one band ms | ties in SQL ms | every candidate scored ms |\n"
              "|---|---:|---:|---:|---:|---:|")
        medians: dict[str, list[float]] = {way: [] for way in ways}
        for q in (*SEARCHES, *COMMON):
            times: dict[str, list[float]] = {way: [] for way in ways}
            answers = {}
            # The four in turn, each first in a quarter of the turns, then every candidate scored, apart: a search
            # right after that one runs colder (0.4 ms more for "dinas" at 300k articles, the same code both ways).
            four = ("walked", "walked only", "one band", "ties in SQL")
            turns = [four[turn % 4:] + four[:turn % 4] for turn in range(12)]
            for order in (*turns, *[("scored",)] * 6):
                for way in order:
                    above, walk, first = ways[way]
                    ranking.WALK_ABOVE = above
                    indexed._Words.best_matched, indexed._Words.first_by_label = walk, first  # type: ignore[method-assign]
                    t = time.perf_counter()
                    answers[way] = services.search(q, kinds, 10)
                    times[way].append(time.perf_counter() - t)
            ranking.WALK_ABOVE = walked
            indexed._Words.best_matched, indexed._Words.first_by_label = banded, by_length  # type: ignore[method-assign]
            if len({repr(a) for a in answers.values()}) != 1:
                raise SystemExit(f"{q!r}: the ways answer differently")
            row = {way: statistics.median(ts) * 1000 for way, ts in times.items()}
            if q in SEARCHES:
                for way, ms in row.items():
                    medians[way].append(ms)
            print("| " + " | ".join([q, *(f"{ms:.1f}" for ms in row.values())]) + " |")
        print("| median of the benchmark's eight | "
              + " | ".join(f"{statistics.median(ms):.1f}" for ms in medians.values()) + " |")
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
