"""The layout of the index file (``indexfile.py``): its tables, and what opening a file of another layout does.

A file of this layout is used as it is; one of a layout in ``UPGRADES`` is brought to this one in
place, in one transaction, instead of rebuilt (a rebuild at a million articles takes over an hour);
one of any other layout loses its tables and is rebuilt at the first sync.
"""

from __future__ import annotations

import sqlite3

from .network_file import NETWORK_SCHEMA, NETWORK_TABLES
from .network_ids import events_indexed, facts_to_ids
from .search_file import BANDED, CONTENTLESS, SEARCH_SCHEMA, SEARCH_TABLES, banded_filled, bands_counted

__all__ = ["INDEXES", "LAYOUT", "SCHEMA", "TABLES", "UPGRADES", "start_layout"]

LAYOUT = "13"

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
    # Layout 9 kept every IRI of the network's tables as text; 10 keeps their ids. An appearance's key (a JSON pair
    # of IRIs in 9) becomes the event's id shifted 32 bits left, or-ed with the person's.
    "9": ("10", """
INSERT OR IGNORE INTO iris (iri)
  SELECT key FROM net_facts WHERE kind != 'appearances'
  UNION SELECT json_extract(key, '$[0]') FROM net_facts WHERE kind = 'appearances'
  UNION SELECT json_extract(key, '$[1]') FROM net_facts WHERE kind = 'appearances'
  UNION SELECT node FROM net_by
  UNION SELECT member FROM net_by WHERE idx NOT IN ('appearance', 'appearance_key')
  UNION SELECT json_extract(member, '$[0]') FROM net_by WHERE idx IN ('appearance', 'appearance_key')
  UNION SELECT json_extract(member, '$[1]') FROM net_by WHERE idx IN ('appearance', 'appearance_key')
  UNION SELECT source FROM net_edges UNION SELECT target FROM net_edges UNION SELECT node FROM net_degrees
  UNION SELECT iri FROM net_nodes UNION SELECT node FROM net_names
  UNION SELECT statement FROM net_spoken UNION SELECT speaker FROM net_spoken UNION SELECT speaker FROM net_speakers;
""" + facts_to_ids() + """
CREATE TABLE net_facts_ids (kind TEXT NOT NULL, key INTEGER NOT NULL, fact TEXT NOT NULL,
                            PRIMARY KEY (kind, key)) WITHOUT ROWID;
INSERT INTO net_facts_ids SELECT f.kind, i.id, f.fact FROM net_facts AS f JOIN iris AS i ON i.iri = f.key
  WHERE f.kind != 'appearances';
INSERT INTO net_facts_ids SELECT f.kind, (a.id << 32) | b.id, f.fact FROM net_facts AS f
  JOIN iris AS a ON a.iri = json_extract(f.key, '$[0]') JOIN iris AS b ON b.iri = json_extract(f.key, '$[1]')
  WHERE f.kind = 'appearances';
DROP TABLE net_facts;
ALTER TABLE net_facts_ids RENAME TO net_facts;
CREATE TABLE net_by_ids (idx TEXT NOT NULL, node INTEGER NOT NULL, member INTEGER NOT NULL,
                         PRIMARY KEY (idx, node, member)) WITHOUT ROWID;
INSERT INTO net_by_ids SELECT b.idx, n.id, m.id FROM net_by AS b JOIN iris AS n ON n.iri = b.node
  JOIN iris AS m ON m.iri = b.member WHERE b.idx NOT IN ('appearance', 'appearance_key');
INSERT INTO net_by_ids SELECT b.idx, n.id, (e.id << 32) | p.id FROM net_by AS b JOIN iris AS n ON n.iri = b.node
  JOIN iris AS e ON e.iri = json_extract(b.member, '$[0]') JOIN iris AS p ON p.iri = json_extract(b.member, '$[1]')
  WHERE b.idx IN ('appearance', 'appearance_key');
DROP TABLE net_by;
ALTER TABLE net_by_ids RENAME TO net_by;
CREATE TABLE net_edges_ids (id INTEGER PRIMARY KEY, source INTEGER NOT NULL, target INTEGER NOT NULL,
                            key TEXT NOT NULL, relation TEXT NOT NULL, data TEXT NOT NULL,
                            UNIQUE (source, target, key));
INSERT INTO net_edges_ids SELECT e.id, s.id, t.id, e.key, e.relation, e.data FROM net_edges AS e
  JOIN iris AS s ON s.iri = e.source JOIN iris AS t ON t.iri = e.target;
DROP TABLE net_edges;
ALTER TABLE net_edges_ids RENAME TO net_edges;
CREATE INDEX net_edges_target ON net_edges (target);
CREATE INDEX net_edges_relation ON net_edges (relation);
CREATE TABLE net_degrees_ids (node INTEGER PRIMARY KEY, degree INTEGER NOT NULL);
INSERT INTO net_degrees_ids SELECT i.id, d.degree FROM net_degrees AS d JOIN iris AS i ON i.iri = d.node;
DROP TABLE net_degrees;
ALTER TABLE net_degrees_ids RENAME TO net_degrees;
CREATE TABLE net_nodes_ids (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL, detail TEXT NOT NULL,
                            tail TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO net_nodes_ids SELECT i.id, n.kind, n.label, n.detail, n.tail FROM net_nodes AS n
  JOIN iris AS i ON i.iri = n.iri;
DROP TABLE net_nodes;
ALTER TABLE net_nodes_ids RENAME TO net_nodes;
CREATE INDEX net_nodes_tail ON net_nodes (tail);
CREATE TABLE net_names_ids (name TEXT NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (name, node)) WITHOUT ROWID;
INSERT INTO net_names_ids SELECT m.name, i.id FROM net_names AS m JOIN iris AS i ON i.iri = m.node;
DROP TABLE net_names;
ALTER TABLE net_names_ids RENAME TO net_names;
CREATE INDEX net_names_node ON net_names (node);
CREATE TABLE net_spoken_ids (statement INTEGER PRIMARY KEY, speaker INTEGER NOT NULL, date TEXT);
INSERT INTO net_spoken_ids SELECT t.id, p.id, s.date FROM net_spoken AS s JOIN iris AS t ON t.iri = s.statement
  JOIN iris AS p ON p.iri = s.speaker;
DROP TABLE net_spoken;
ALTER TABLE net_spoken_ids RENAME TO net_spoken;
CREATE INDEX net_spoken_date ON net_spoken (date, speaker);
CREATE TABLE net_speakers_ids (speaker INTEGER PRIMARY KEY, n INTEGER NOT NULL);
INSERT INTO net_speakers_ids SELECT i.id, s.n FROM net_speakers AS s JOIN iris AS i ON i.iri = s.speaker;
DROP TABLE net_speakers;
ALTER TABLE net_speakers_ids RENAME TO net_speakers;
CREATE INDEX net_speakers_n ON net_speakers (n);
"""),
    # Layout 11 indexes by event the statements said and the delegations made there, and by speaker those made at
    # no event on someone's behalf: an update draws a speaker's edge at one event (or at none) from them, not from
    # every statement the speaker made.
    "10": ("11", events_indexed()),
    # Layout 12 counts each word's postings by band of label lengths, for a search's walk to pick its way by (counted
    # afresh into a table a file may hold already: one made by this layout's schema before its tables were read).
    "11": ("12", """
CREATE TABLE IF NOT EXISTS bands (word INTEGER NOT NULL, band INTEGER NOT NULL, n INTEGER NOT NULL,
                                  PRIMARY KEY (word, band)) WITHOUT ROWID;
DELETE FROM bands;
INSERT INTO bands """ + bands_counted() + ";"),
    # Layout 13 keeps each entry's words keyed by its band in an FTS5 table, for a walk that would look up too many
    # entries to intersect the terms' lists there instead (written afresh, as layout 12's counts are).
    "12": ("13", BANDED + """;
INSERT INTO banded (banded) VALUES ('delete-all');
""" + banded_filled() + """;
INSERT INTO banded (banded) VALUES ('optimize');
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
    # The tables and the layout they are in, made at once: another process opening the file in between would
    # otherwise find a state without a layout, take it for another layout's and drop the tables under this one
    # (four workers starting over one new shared file did, now and then).
    db.executescript(f"BEGIN IMMEDIATE; {SCHEMA}; "
                     f"INSERT OR IGNORE INTO state (key, value) VALUES ('layout', '{LAYOUT}'); COMMIT;")
    # A table an older layout kept and this one does not (layout 6's net_pairs, 7 % of a file at 100k
    # articles) outlives a rebuild and an upgrade, which know only this layout's tables: it goes here.
    for (table,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall():
        if table not in TABLES and not table.startswith(("sqlite_", *(f"{t}_" for t in CONTENTLESS))):
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
