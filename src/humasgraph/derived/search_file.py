"""The search index in the index file (``indexfile.py``): its tables, and what a build and a sync write to them.

An entry per named entity (kind, label, folded forms), the vocabulary of their words with how many
entries hold each, the postings of each word (with the entry's kind and label length, so that a
search can walk a word's entries shortest label first: ``indexed._Words.best_matched``), how many
postings each word has in each band of label lengths (``BANDS``: the walk goes a band at a time, down the
word with the fewest there), each entry's words keyed by its band in a contentless FTS5 table (``banded``: where
going down one word's postings would look up too many entries in the others', the band's entries holding every word
are the intersection of their lists), and the words' trigrams in another for typos. ``indexed.py`` reads them.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator

from .search import KINDS, Entry

__all__ = ["BANDED", "BANDS", "CONTENTLESS", "FORM_SEPARATOR", "SEARCH_SCHEMA", "SEARCH_TABLES", "AllEntries",
           "band_key", "band_of", "banded_filled", "bands_counted", "drop_entries", "put_entries"]

# The bands of label lengths the postings are counted in (``bands``), each [BANDS[b], BANDS[b + 1]): names of people
# and posts are mostly under 32 characters, of agencies under 64, of events 48-120. Part of the file's layout.
BANDS = (0, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96, 112, 128, 1 << 30)
# A word of an entry in ``banded`` is the number ``band_key`` makes of the word's id and the entry's band (the FTS5
# table's own tokenizer keeps a number whole; a word itself it could split, and fold again).
_KEYS_PER_WORD = 16  # more than there are bands
BANDED = "CREATE VIRTUAL TABLE IF NOT EXISTS banded USING fts5(w, content='', detail='none', columnsize=0)"

SEARCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL,
                                    forms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS postings (word INTEGER NOT NULL, entry INTEGER NOT NULL, kind INTEGER NOT NULL,
                                     len INTEGER NOT NULL, PRIMARY KEY (word, entry)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_len ON postings (word, len, kind);
CREATE TABLE IF NOT EXISTS bands (word INTEGER NOT NULL, band INTEGER NOT NULL, n INTEGER NOT NULL,
                                  PRIMARY KEY (word, band)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(w, tokenize='trigram case_sensitive 1', content='',
                                                    detail='none');
""" + BANDED + ";\n"
SEARCH_TABLES = ("entries", "vocab", "postings", "bands", "banded", "grams")
# The FTS5 tables that keep no text: emptied by their 'delete-all' command, not by DELETE.
CONTENTLESS = ("banded", "grams")
# Forms are stored joined by this (a folded form holds no control character).
FORM_SEPARATOR = "\x1f"


def band_of(length: int) -> int:
    """The band (an index of ``BANDS``) a label of ``length`` characters is counted in."""
    return bisect.bisect_right(BANDS, length) - 1


def band_key(word: int, band: int) -> int:
    """The word of id ``word`` in an entry of ``band``, as ``banded`` holds it."""
    return word * _KEYS_PER_WORD + band


def _banded_text(words: Iterable[int], band: int) -> str:
    """What ``banded`` holds of an entry of ``band`` with the words of ids ``words`` (ordered as ``banded_filled``
    orders them: a contentless table is told the same text to forget a row)."""
    return " ".join(str(band_key(w, band)) for w in sorted(words))


def _band_case() -> str:
    cases = " ".join(f"WHEN len < {hi} THEN {b}" for b, hi in enumerate(BANDS[1:-1]))
    return f"CASE {cases} ELSE {len(BANDS) - 2} END"


def bands_counted() -> str:
    """The ``bands`` table's rows counted from the postings, as SQL (for an upgrade, and for tests to compare)."""
    return f"SELECT word, {_band_case()} AS band, count(*) FROM postings GROUP BY word, band"


def banded_filled() -> str:
    """SQL that writes the ``banded`` table's rows from the postings, each entry's words in the order of their ids
    (for an upgrade; a build writes them as it goes)."""
    return (f"INSERT INTO banded (rowid, w) SELECT entry, group_concat(word * {_KEYS_PER_WORD} + band, ' ') FROM "
            f"(SELECT entry, word, {_band_case()} AS band FROM postings ORDER BY entry, word) GROUP BY entry")


def put_entries(db: sqlite3.Connection, ids: dict[str, int], entries: Iterable[Entry]) -> None:
    """Add ``entries`` (none of them in the tables; ``ids``: each one's slot), in the transaction open on ``db``."""
    for e in entries:
        slot = ids[e.iri]
        db.execute("INSERT INTO entries (id, kind, label, forms) VALUES (?, ?, ?, ?)",
                   (slot, e.kind, e.label, FORM_SEPARATOR.join(e.forms)))
        band, held = band_of(len(e.label)), []
        for word in sorted(e.words):
            found = db.execute("SELECT id FROM vocab WHERE word = ?", (word,)).fetchone()
            if found is None:
                word_id = db.execute("INSERT INTO vocab (word, n) VALUES (?, 1)", (word,)).lastrowid
                assert word_id is not None  # noqa: S101 - an INSERT gives a rowid
                db.execute("INSERT INTO grams (rowid, w) VALUES (?, ?)", (word_id, f"${word}$"))
            else:
                word_id = found[0]
                db.execute("UPDATE vocab SET n = n + 1 WHERE id = ?", (word_id,))
            held.append(word_id)
            db.execute("INSERT INTO postings (word, entry, kind, len) VALUES (?, ?, ?, ?)",
                       (word_id, slot, KINDS.index(e.kind), len(e.label)))
            db.execute("INSERT INTO bands (word, band, n) VALUES (?, ?, 1) ON CONFLICT DO UPDATE SET n = n + 1",
                       (word_id, band))
        db.execute("INSERT INTO banded (rowid, w) VALUES (?, ?)", (slot, _banded_text(held, band)))


class AllEntries:
    """``put_entries`` into empty tables, as a build fills them, a batch of entries at a time (in the order of
    their IRIs): the words counted here and each table written in bulk (a statement per word and entry took 33
    of 389 s at 100k articles); the vocabulary and its trigrams last, by ``finish``. Holds the vocabulary only."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.vocab: dict[str, list[int]] = {}  # word → [its id, how many entries hold it]
        self.bands: Counter[tuple[int, int]] = Counter()  # (word id, band) → how many entries hold it

    def add(self, ids: dict[str, int], entries: Iterable[Entry]) -> None:
        entries = list(entries)
        vocab, bands = self.vocab, self.bands

        banded: list[tuple[int, str]] = []  # each entry's row of ``banded``

        def postings() -> Iterator[tuple[int, int, int, int]]:
            for e in entries:
                slot, kind, length = ids[e.iri], KINDS.index(e.kind), len(e.label)
                band, held = band_of(length), []
                for word in sorted(e.words):
                    found = vocab.get(word)
                    if found is None:
                        found = vocab[word] = [len(vocab) + 1, 0]
                    found[1] += 1
                    bands[found[0], band] += 1
                    held.append(found[0])
                    yield found[0], slot, kind, length
                banded.append((slot, _banded_text(held, band)))

        self.db.executemany("INSERT INTO entries (id, kind, label, forms) VALUES (?, ?, ?, ?)",
                            ((ids[e.iri], e.kind, e.label, FORM_SEPARATOR.join(e.forms)) for e in entries))
        self.db.executemany("INSERT INTO postings (word, entry, kind, len) VALUES (?, ?, ?, ?)", postings())
        self.db.executemany("INSERT INTO banded (rowid, w) VALUES (?, ?)", banded)

    def finish(self) -> None:
        self.db.executemany("INSERT INTO vocab (id, word, n) VALUES (?, ?, ?)",
                            ((i, word, n) for word, (i, n) in self.vocab.items()))
        self.db.executemany("INSERT INTO grams (rowid, w) VALUES (?, ?)",
                            ((i, f"${word}$") for word, (i, _) in self.vocab.items()))
        self.db.executemany("INSERT INTO bands (word, band, n) VALUES (?, ?, ?)",
                            ((word, band, n) for (word, band), n in sorted(self.bands.items())))
        self.db.execute("INSERT INTO banded (banded) VALUES ('optimize')")  # its segments merged into one


def drop_entries(db: sqlite3.Connection, slots: Iterable[int]) -> None:
    """Remove the entries in ``slots`` (those that are not entries are skipped), and words no entry holds."""
    for slot in slots:
        row = db.execute("SELECT forms, label FROM entries WHERE id = ?", (slot,)).fetchone()
        if row is None:
            continue
        db.execute("DELETE FROM entries WHERE id = ?", (slot,))
        words = sorted({w for form in row[0].split(FORM_SEPARATOR) for w in form.split()})
        band, held = band_of(len(row[1])), []
        for word in words:
            word_id, n = db.execute("SELECT id, n FROM vocab WHERE word = ?", (word,)).fetchone()
            held.append(word_id)
            db.execute("DELETE FROM postings WHERE word = ? AND entry = ?", (word_id, slot))
            db.execute("UPDATE bands SET n = n - 1 WHERE word = ? AND band = ?", (word_id, band))
            db.execute("DELETE FROM bands WHERE word = ? AND band = ? AND n = 0", (word_id, band))
            if n > 1:
                db.execute("UPDATE vocab SET n = n - 1 WHERE id = ?", (word_id,))
            else:
                db.execute("DELETE FROM vocab WHERE id = ?", (word_id,))
                # A contentless FTS5 table forgets a row when told the text it indexed.
                db.execute("INSERT INTO grams (grams, rowid, w) VALUES ('delete', ?, ?)", (word_id, f"${word}$"))
        db.execute("INSERT INTO banded (banded, rowid, w) VALUES ('delete', ?, ?)", (slot, _banded_text(held, band)))
