"""Loading synthetic documents, reaching the index file of services, and writing its network tables as an older
layout did: shared by the index file tests (test_index_file, store/test_shared_index_file, analytics)."""

from __future__ import annotations

import sqlite3

from humasgraph.derived.indexed import FileOrders, FileSearch
from humasgraph.derived.indexfile import IndexFile
from humasgraph.derived.network_ids import Ids, decode_fact, encode_fact
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services


def load(services: Services, docs: list[Document]) -> None:
    """Import ``docs`` as a batch, each imported, replaced or unchanged."""
    items = [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]
    assert {o.status for o in services.importer.import_loaded(items)} <= {"imported", "replaced", "unchanged"}


def index_file(services: Services) -> IndexFile:
    """The index file the services' search and orders read (they must have one)."""
    search = services.search_index
    assert isinstance(search, FileSearch) and isinstance(services.orders, FileOrders)
    return search.index


def network_as_layout_9(db: sqlite3.Connection) -> None:
    """Write the network's tables back as layout 9 kept them: IRIs, and an appearance's key as a JSON pair of
    them, where layout 10 keeps ids (in the write transaction open on ``db``)."""
    for statement in filter(str.strip, _LAYOUT_9_NETWORK.split(";")):
        db.execute(statement)
    ids = Ids(db)  # the facts' IRIs as text again
    for kind, key, fact in db.execute("SELECT kind, key, fact FROM net_facts").fetchall():
        text = encode_fact(kind, decode_fact(kind, fact, key, ids), _AsText())
        db.execute("UPDATE net_facts SET fact = ? WHERE kind = ? AND key = ?", (text, kind, key))


class _AsText:
    """Gives an IRI itself for its id, as layout 9 wrote facts."""

    @staticmethod
    def of(iri: str) -> str:
        return iri


_LAYOUT_9_NETWORK = """
CREATE TABLE old_facts (kind TEXT NOT NULL, key TEXT NOT NULL, fact TEXT NOT NULL,
                        PRIMARY KEY (kind, key)) WITHOUT ROWID;
INSERT INTO old_facts SELECT f.kind, i.iri, f.fact FROM net_facts AS f JOIN iris AS i ON i.id = f.key
  WHERE f.kind != 'appearances';
INSERT INTO old_facts SELECT f.kind, json_array(a.iri, b.iri), f.fact FROM net_facts AS f
  JOIN iris AS a ON a.id = f.key >> 32 JOIN iris AS b ON b.id = f.key & 4294967295 WHERE f.kind = 'appearances';
DROP TABLE net_facts;
ALTER TABLE old_facts RENAME TO net_facts;
CREATE TABLE old_by (idx TEXT NOT NULL, node TEXT NOT NULL, member TEXT NOT NULL,
                     PRIMARY KEY (idx, node, member)) WITHOUT ROWID;
INSERT INTO old_by SELECT b.idx, n.iri, m.iri FROM net_by AS b JOIN iris AS n ON n.id = b.node
  JOIN iris AS m ON m.id = b.member WHERE b.idx NOT IN ('appearance', 'appearance_key');
INSERT INTO old_by SELECT b.idx, n.iri, json_array(e.iri, p.iri) FROM net_by AS b JOIN iris AS n ON n.id = b.node
  JOIN iris AS e ON e.id = b.member >> 32 JOIN iris AS p ON p.id = b.member & 4294967295
  WHERE b.idx IN ('appearance', 'appearance_key');
DROP TABLE net_by;
ALTER TABLE old_by RENAME TO net_by;
CREATE TABLE old_edges (id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, key TEXT NOT NULL,
                        relation TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (source, target, key));
INSERT INTO old_edges SELECT e.id, s.iri, t.iri, e.key, e.relation, e.data FROM net_edges AS e
  JOIN iris AS s ON s.id = e.source JOIN iris AS t ON t.id = e.target;
DROP TABLE net_edges;
ALTER TABLE old_edges RENAME TO net_edges;
CREATE INDEX net_edges_target ON net_edges (target);
CREATE INDEX net_edges_relation ON net_edges (relation);
CREATE TABLE old_degrees (node TEXT PRIMARY KEY, degree INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO old_degrees SELECT i.iri, d.degree FROM net_degrees AS d JOIN iris AS i ON i.id = d.node;
DROP TABLE net_degrees;
ALTER TABLE old_degrees RENAME TO net_degrees;
CREATE TABLE old_nodes (iri TEXT PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL, detail TEXT NOT NULL,
                        tail TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO old_nodes SELECT i.iri, n.kind, n.label, n.detail, n.tail FROM net_nodes AS n JOIN iris AS i ON i.id = n.id;
DROP TABLE net_nodes;
ALTER TABLE old_nodes RENAME TO net_nodes;
CREATE INDEX net_nodes_tail ON net_nodes (tail);
CREATE TABLE old_names (name TEXT NOT NULL, node TEXT NOT NULL, PRIMARY KEY (name, node)) WITHOUT ROWID;
INSERT INTO old_names SELECT m.name, i.iri FROM net_names AS m JOIN iris AS i ON i.id = m.node;
DROP TABLE net_names;
ALTER TABLE old_names RENAME TO net_names;
CREATE INDEX net_names_node ON net_names (node);
CREATE TABLE old_spoken (statement TEXT PRIMARY KEY, speaker TEXT NOT NULL, date TEXT) WITHOUT ROWID;
INSERT INTO old_spoken SELECT t.iri, p.iri, s.date FROM net_spoken AS s JOIN iris AS t ON t.id = s.statement
  JOIN iris AS p ON p.id = s.speaker;
DROP TABLE net_spoken;
ALTER TABLE old_spoken RENAME TO net_spoken;
CREATE INDEX net_spoken_date ON net_spoken (date, speaker);
CREATE TABLE old_speakers (speaker TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO old_speakers SELECT i.iri, s.n FROM net_speakers AS s JOIN iris AS i ON i.id = s.speaker;
DROP TABLE net_speakers;
ALTER TABLE old_speakers RENAME TO net_speakers;
CREATE INDEX net_speakers_n ON net_speakers (n);
"""
