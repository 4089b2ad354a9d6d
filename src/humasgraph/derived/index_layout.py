"""The layout of the index file (``indexfile.py``): its tables, and what opening a file of another layout does.

A file of this layout is used as it is; one of a layout in ``UPGRADES`` is brought to this one in
place, in one transaction, instead of rebuilt (a rebuild at a million articles takes over an hour);
one of any other layout loses its tables and is rebuilt at the first sync.
"""

from __future__ import annotations

import sqlite3

from .network_file import NETWORK_SCHEMA, NETWORK_TABLES
from .search_file import SEARCH_SCHEMA, SEARCH_TABLES

__all__ = ["INDEXES", "LAYOUT", "SCHEMA", "TABLES", "UPGRADES", "start_layout"]

LAYOUT = "9"

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS iris (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS graphs (graph TEXT PRIMARY KEY, subjects BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS orders (name TEXT NOT NULL, entity INTEGER NOT NULL, lo TEXT, hi TEXT,
                                   PRIMARY KEY (name, entity)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS orders_hi ON orders (name, hi);
CREATE INDEX IF NOT EXISTS orders_lo ON orders (name, lo);
""" + SEARCH_SCHEMA + NETWORK_SCHEMA
TABLES = ("state", "iris", "graphs", *SEARCH_TABLES, "orders", *NETWORK_TABLES)
# The secondary indexes: a build drops them and makes them again once every row is in (sorting once is
# faster than keeping an index in order row by row).
INDEXES = [line.rstrip(";") for line in SCHEMA.splitlines() if line.startswith("CREATE INDEX")]
# An older layout → (the next, the SQL that brings a file of the older one to it).
UPGRADES = {
    "8": ("9", """
ALTER TABLE postings ADD COLUMN len INTEGER NOT NULL DEFAULT 0;
UPDATE postings SET len = (SELECT length(e.label) FROM entries AS e WHERE e.id = postings.entry);
CREATE INDEX postings_len ON postings (word, len, kind);
"""),
}
# How long opening waits for another process upgrading the same file.
UPGRADE_WAIT_MS = 30 * 60 * 1000


def start_layout(db: sqlite3.Connection) -> None:
    """Create the tables on ``db`` (autocommit); upgrade a file of an older layout in place, or drop the
    tables of one of any other layout."""
    has_state = db.execute("SELECT 1 FROM sqlite_schema WHERE name = 'state'").fetchone() is not None
    if has_state:
        found = db.execute("SELECT value FROM state WHERE key = 'layout'").fetchone()
        if found is not None and found[0] in UPGRADES:
            _upgrade(db)
            found = db.execute("SELECT value FROM state WHERE key = 'layout'").fetchone()
        if found is None or found[0] != LAYOUT:
            for table in TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - our own table names
    db.executescript(SCHEMA)
    # A table an older layout kept and this one does not (layout 6's net_pairs, 7 % of a file at 100k
    # articles) outlives a rebuild and an upgrade, which know only this layout's tables: it goes here.
    for (table,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall():
        if table not in TABLES and not table.startswith(("sqlite_", "grams_")):
            db.execute(f'DROP TABLE IF EXISTS "{table}"')


def _upgrade(db: sqlite3.Connection) -> None:
    """Bring the file to this layout, step by step, all or nothing; another process doing the same is waited for."""
    db.execute(f"PRAGMA busy_timeout={UPGRADE_WAIT_MS}")
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            while (found := db.execute("SELECT value FROM state WHERE key = 'layout'").fetchone()) is not None \
                    and found[0] in UPGRADES:
                layout, script = UPGRADES[found[0]]
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute("UPDATE state SET value = ? WHERE key = 'layout'", (layout,))
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    finally:
        db.execute("PRAGMA busy_timeout=5000")
