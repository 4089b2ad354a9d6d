"""The search index in the index file (``indexfile.py``): its tables, and what a build and a sync write to them.

An entry per named entity (kind, label, folded forms), the vocabulary of their words with how many
entries hold each, the postings of each word (with the entry's kind and label length, so that a
search can walk a word's entries shortest label first: ``indexed._Words.best_matched``), and the
words' trigrams in a contentless FTS5 table for typos. ``indexed.py`` reads them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from .search import KINDS, Entry

__all__ = ["FORM_SEPARATOR", "SEARCH_SCHEMA", "SEARCH_TABLES", "AllEntries", "drop_entries", "put_entries"]

SEARCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL,
                                    forms TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS postings (word INTEGER NOT NULL, entry INTEGER NOT NULL, kind INTEGER NOT NULL,
                                     len INTEGER NOT NULL, PRIMARY KEY (word, entry)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS postings_len ON postings (word, len, kind);
CREATE VIRTUAL TABLE IF NOT EXISTS grams USING fts5(w, tokenize='trigram case_sensitive 1', content='',
                                                    detail='none');
"""
SEARCH_TABLES = ("entries", "vocab", "postings", "grams")
# Forms are stored joined by this (a folded form holds no control character).
FORM_SEPARATOR = "\x1f"


def put_entries(db: sqlite3.Connection, ids: dict[str, int], entries: Iterable[Entry]) -> None:
    """Add ``entries`` (none of them in the tables; ``ids``: each one's slot), in the transaction open on ``db``."""
    for e in entries:
        slot = ids[e.iri]
        db.execute("INSERT INTO entries (id, kind, label, forms) VALUES (?, ?, ?, ?)",
                   (slot, e.kind, e.label, FORM_SEPARATOR.join(e.forms)))
        for word in sorted(e.words):
            found = db.execute("SELECT id FROM vocab WHERE word = ?", (word,)).fetchone()
            if found is None:
                word_id = db.execute("INSERT INTO vocab (word, n) VALUES (?, 1)", (word,)).lastrowid
                db.execute("INSERT INTO grams (rowid, w) VALUES (?, ?)", (word_id, f"${word}$"))
            else:
                word_id = found[0]
                db.execute("UPDATE vocab SET n = n + 1 WHERE id = ?", (word_id,))
            db.execute("INSERT INTO postings (word, entry, kind, len) VALUES (?, ?, ?, ?)",
                       (word_id, slot, KINDS.index(e.kind), len(e.label)))


class AllEntries:
    """``put_entries`` into empty tables, as a build fills them, a batch of entries at a time (in the order of
    their IRIs): the words counted here and each table written in bulk (a statement per word and entry took 33
    of 389 s at 100k articles); the vocabulary and its trigrams last, by ``finish``. Holds the vocabulary only."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.vocab: dict[str, list[int]] = {}  # word → [its id, how many entries hold it]

    def add(self, ids: dict[str, int], entries: Iterable[Entry]) -> None:
        entries = list(entries)
        vocab = self.vocab

        def postings() -> Iterator[tuple[int, int, int, int]]:
            for e in entries:
                slot, kind, length = ids[e.iri], KINDS.index(e.kind), len(e.label)
                for word in sorted(e.words):
                    found = vocab.get(word)
                    if found is None:
                        found = vocab[word] = [len(vocab) + 1, 0]
                    found[1] += 1
                    yield found[0], slot, kind, length

        self.db.executemany("INSERT INTO entries (id, kind, label, forms) VALUES (?, ?, ?, ?)",
                            ((ids[e.iri], e.kind, e.label, FORM_SEPARATOR.join(e.forms)) for e in entries))
        self.db.executemany("INSERT INTO postings (word, entry, kind, len) VALUES (?, ?, ?, ?)", postings())

    def finish(self) -> None:
        self.db.executemany("INSERT INTO vocab (id, word, n) VALUES (?, ?, ?)",
                            ((i, word, n) for word, (i, n) in self.vocab.items()))
        self.db.executemany("INSERT INTO grams (rowid, w) VALUES (?, ?)",
                            ((i, f"${word}$") for word, (i, _) in self.vocab.items()))


def drop_entries(db: sqlite3.Connection, slots: Iterable[int]) -> None:
    """Remove the entries in ``slots`` (those that are not entries are skipped), and words no entry holds."""
    for slot in slots:
        row = db.execute("SELECT forms FROM entries WHERE id = ?", (slot,)).fetchone()
        if row is None:
            continue
        db.execute("DELETE FROM entries WHERE id = ?", (slot,))
        words = sorted({w for form in row[0].split(FORM_SEPARATOR) for w in form.split()})
        for word in words:
            word_id, n = db.execute("SELECT id, n FROM vocab WHERE word = ?", (word,)).fetchone()
            db.execute("DELETE FROM postings WHERE word = ? AND entry = ?", (word_id, slot))
            if n > 1:
                db.execute("UPDATE vocab SET n = n - 1 WHERE id = ?", (word_id,))
            else:
                db.execute("DELETE FROM vocab WHERE id = ?", (word_id,))
                # A contentless FTS5 table forgets a row when told the text it indexed.
                db.execute("INSERT INTO grams (grams, rowid, w) VALUES ('delete', ?, ?)", (word_id, f"${word}$"))
