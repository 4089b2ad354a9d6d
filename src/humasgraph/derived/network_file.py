"""The network projection in the index file: its tables, and ``LiveNetwork`` drawing on them.

Held in the heap, the projection cost a server +196 MiB at 10k articles and 1.7 GiB at 100k, in
every ``--workers`` process. In ``<store>.index.sqlite`` (``indexfile.py``) it costs none: the
facts the drawing reads (``net_facts``, a statement without its text), what each source node
draws from (``net_by``), the nodes with their names (``net_nodes``, ``net_names``: folded labels
and aliases, for ``resolve``), the edges in the order they were drawn (``net_edges``), and each
statement's speaker and date with the count per speaker (``net_spoken``, ``net_speakers``), and
each node's number of neighbours (``net_degrees``: its degree in the simple undirected graph, a
loop counting two, kept as edges are drawn and removed).

A build writes the facts a batch at a time, indexed as ``LiveNetwork`` indexes them
(``put_facts``), then draws every source whole from these tables (``draw_network``); an update
runs the very code of ``LiveNetwork`` on them (``FileLiveNetwork``), in the transaction of the
file's sync. Either way the tables equal the projection drawn in the heap from the same facts,
edge for edge. ``network_reads.py`` reads them.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterator
from typing import Any

from ..model.names import fold
from ..queries.projection import Facts, Statement
from .network import DRAWN, KINDS, LiveNetwork
from .network_ids import IRI_FIELDS, KEYED, FactTable, Ids, encode_fact, ids_for, key_id, member_id, member_of

__all__ = ["NETWORK_SCHEMA", "NETWORK_TABLES", "FileLiveNetwork", "draw_network", "put_facts", "tail_of"]

# Every IRI of these tables is an id of the file's ``iris`` table (``Ids``): with the IRIs themselves the edges,
# their two indexes and ``net_by`` alone were 52 % of a file at 1,000 articles (the node with id N is
# ``net_nodes``' row N).
NETWORK_SCHEMA = """
CREATE TABLE IF NOT EXISTS net_facts (kind TEXT NOT NULL, key INTEGER NOT NULL, fact TEXT NOT NULL,
                                      PRIMARY KEY (kind, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS net_by (idx TEXT NOT NULL, node INTEGER NOT NULL, member INTEGER NOT NULL,
                                   PRIMARY KEY (idx, node, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS net_nodes (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, label TEXT NOT NULL,
                                      detail TEXT NOT NULL, tail TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS net_nodes_tail ON net_nodes (tail);
CREATE TABLE IF NOT EXISTS net_names (name TEXT NOT NULL, node INTEGER NOT NULL, PRIMARY KEY (name, node))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS net_names_node ON net_names (node);
CREATE TABLE IF NOT EXISTS net_edges (id INTEGER PRIMARY KEY, source INTEGER NOT NULL, target INTEGER NOT NULL,
                                      key TEXT NOT NULL, relation TEXT NOT NULL, data TEXT NOT NULL,
                                      UNIQUE (source, target, key));
CREATE INDEX IF NOT EXISTS net_edges_target ON net_edges (target);
CREATE INDEX IF NOT EXISTS net_edges_relation ON net_edges (relation);
CREATE TABLE IF NOT EXISTS net_degrees (node INTEGER PRIMARY KEY, degree INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS net_spoken (statement INTEGER PRIMARY KEY, speaker INTEGER NOT NULL, date TEXT);
CREATE INDEX IF NOT EXISTS net_spoken_date ON net_spoken (date, speaker);
CREATE TABLE IF NOT EXISTS net_speakers (speaker INTEGER PRIMARY KEY, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS net_speakers_n ON net_speakers (n);
"""
# IRIs looked up in one query.
_CHUNK = 500
# Facts and IRIs a build's drawing keeps decoded at most (about 1 KB each), and the nodes it draws between looks.
HELD = 200_000
_STEP = 100
NETWORK_TABLES = ("net_facts", "net_by", "net_nodes", "net_names", "net_edges", "net_degrees", "net_spoken",
                  "net_speakers")

def tail_of(iri: str) -> str:
    """The last segment of an IRI (what ``resolve`` looks a tail like ``person/agung-hikmati`` up by)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


class FileLiveNetwork(LiveNetwork):
    """``LiveNetwork`` over the projection's tables, for one update in the transaction open on ``db``."""

    def __init__(self, db: sqlite3.Connection, known: dict[str, int] | None = None) -> None:
        """``known``: ids the caller has looked up already (``ids_for``)."""
        super().__init__()
        self.db = db
        self.ids = Ids(db)
        if known:
            self.ids.seed(known)
        self._tables = [FactTable[Any](db, kind, self.ids) for kind in KINDS]
        self.facts = Facts(**dict(zip(KINDS, self._tables, strict=True)))

    def _chunks(self, iris: list[str]) -> Iterator[tuple[dict[int, str], str]]:
        """The ids of those of ``iris`` that have one (id → IRI), a chunk at a time, with the chunk's ids as JSON."""
        for start in range(0, len(iris), _CHUNK):
            ids = {at: x for x in iris[start:start + _CHUNK] if (at := self.ids.known(x)) is not None}
            if ids:
                yield ids, json.dumps(list(ids))

    def cached(self) -> int:
        """How many IRIs and facts its caches hold (they live as long as it does)."""
        return self.ids.cached() + sum(table.cached() for table in self._tables)

    def _present(self, kind: str, keys: list[str]) -> list[str]:
        found: set[str] = set()
        for ids, chunk in self._chunks(keys):  # one query a chunk: a lookup each took 1.2 s of an update at 100k
            found.update(ids[k] for (k,) in self.db.execute(
                "SELECT key FROM net_facts WHERE kind = ? AND key IN (SELECT value FROM json_each(?))", (kind, chunk)))
        return [x for x in keys if x in found]

    def _appearance_keys_of(self, iris: list[str]) -> list[tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        for ids, chunk in self._chunks(iris):
            found.update((ids[n], member_of(self.ids, "appearance_key", m)) for n, m in self.db.execute(
                "SELECT node, member FROM net_by WHERE idx = 'appearance_key' AND node IN "
                "(SELECT value FROM json_each(?))", (chunk,)))
        return [found[x] for x in iris if x in found]

    def _members(self, index: str, node: str) -> set[Any]:
        at = self.ids.known(node)
        if at is None:
            return set()
        return {member_of(self.ids, index, m) for (m,) in self.db.execute(
            "SELECT member FROM net_by WHERE idx = ? AND node = ?", (index, at))}

    def _add_member(self, index: str, node: str, member: Any) -> None:
        self.db.execute("INSERT OR IGNORE INTO net_by (idx, node, member) VALUES (?, ?, ?)",
                        (index, self.ids.of(node), member_id(self.ids, index, member)))

    def _has_member(self, index: str, node: str, member: Any) -> bool:
        at, ends = self.ids.known(node), [self.ids.known(m) for m in (member if index in KEYED else (member,))]
        return at is not None and None not in ends and self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM net_by WHERE idx = ? AND node = ? AND member = ?)",
            (index, at, member_id(self.ids, index, member))).fetchone()[0] == 1

    def _discard(self, index: str, node: str, member: Any) -> None:
        at, ends = self.ids.known(node), [self.ids.known(m) for m in (member if index in KEYED else (member,))]
        if at is not None and None not in ends:  # an IRI without an id is in no row
            self.db.execute("DELETE FROM net_by WHERE idx = ? AND node = ? AND member = ?",
                            (index, at, member_id(self.ids, index, member)))

    def _appearance_key(self, iri: str) -> tuple[str, str] | None:
        found = self._members("appearance_key", iri)
        return found.pop() if found else None

    def _set_appearance_key(self, iri: str, key: tuple[str, str] | None) -> None:
        at = self.ids.known(iri)
        if at is not None:
            self.db.execute("DELETE FROM net_by WHERE idx = 'appearance_key' AND node = ?", (at,))
        if key is not None:
            self._add_member("appearance_key", iri, key)

    def _count(self, s: Statement, sign: int) -> None:
        speaker = self.ids.of(s.speaker)
        if sign > 0:
            self.db.execute("INSERT INTO net_spoken (statement, speaker, date) VALUES (?, ?, ?)",
                            (self.ids.of(s.iri), speaker, s.date.isoformat() if s.date else None))
            self.db.execute("INSERT INTO net_speakers (speaker, n) VALUES (?, 1) "
                            "ON CONFLICT (speaker) DO UPDATE SET n = n + 1", (speaker,))
            return
        self.db.execute("DELETE FROM net_spoken WHERE statement = ?", (self.ids.of(s.iri),))
        self.db.execute("UPDATE net_speakers SET n = n - 1 WHERE speaker = ?", (speaker,))
        self.db.execute("DELETE FROM net_speakers WHERE speaker = ? AND n <= 0", (speaker,))

    def _out_edges(self, u: str) -> dict[tuple[str, str], dict[str, str]]:
        return {(self.ids.iri(v), k): json.loads(data) for v, k, data in self.db.execute(
            "SELECT target, key, data FROM net_edges WHERE source = ? ORDER BY id", (self.ids.known(u),))}

    def _edge_data(self, u: str, v: str, key: str) -> dict[str, str] | None:
        a, b = self.ids.known(u), self.ids.known(v)
        row = None if a is None or b is None else self.db.execute(
            "SELECT data FROM net_edges WHERE source = ? AND target = ? AND key = ?", (a, b, key)).fetchone()
        return json.loads(row[0]) if row is not None else None

    def _targets(self, u: str, key: str) -> list[str]:
        return [self.ids.iri(v) for (v,) in self.db.execute(
            "SELECT target FROM net_edges WHERE source = ? AND key = ? ORDER BY id", (self.ids.known(u), key))]

    def _remove_edge(self, u: str, v: str, key: str) -> None:
        a, b = self.ids.known(u), self.ids.known(v)
        if a is None or b is None:
            return  # an IRI without an id is in no edge
        if self.db.execute("DELETE FROM net_edges WHERE source = ? AND target = ? AND key = ?",
                           (a, b, key)).rowcount and not self._joined(a, b):
            self._neighbours(a, b, -1)  # the last edge between them went

    def _add_edge(self, u: str, v: str, key: str, data: dict[str, str]) -> None:
        a, b = self.ids.of(u), self.ids.of(v)
        first = not self._joined(a, b)
        self.db.execute("INSERT INTO net_edges (source, target, key, relation, data) VALUES (?, ?, ?, ?, ?)",
                        (a, b, key, data["relation"], json.dumps(data, ensure_ascii=False)))
        if first:
            self._neighbours(a, b, 1)

    def _joined(self, a: int, b: int) -> bool:
        """Whether an edge joins the nodes of ids ``a`` and ``b``, in either direction."""
        return self.db.execute("SELECT EXISTS (SELECT 1 FROM net_edges WHERE source = ? AND target = ?) "
                               "OR EXISTS (SELECT 1 FROM net_edges WHERE source = ? AND target = ?)",
                               (a, b, b, a)).fetchone()[0] == 1

    def _neighbours(self, a: int, b: int, sign: int) -> None:
        """``a`` and ``b`` became (``sign`` 1) or stopped being (-1) neighbours; a loop counts two, as in networkx."""
        for node in (a, b):
            self.db.execute("INSERT INTO net_degrees (node, degree) VALUES (?, ?) "
                            "ON CONFLICT (node) DO UPDATE SET degree = degree + ?", (node, sign, sign))
        self.db.execute("DELETE FROM net_degrees WHERE node IN (?, ?) AND degree <= 0", (a, b))

    def _has_node(self, n: str) -> bool:
        at = self.ids.known(n)
        return at is not None and (self.db.execute("SELECT 1 FROM net_nodes WHERE id = ?", (at,)).fetchone()
                                   is not None or self._linked(n))

    def _linked(self, n: str) -> bool:
        at = self.ids.known(n)
        return at is not None and self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM net_edges WHERE source = ?) "
            "OR EXISTS (SELECT 1 FROM net_edges WHERE target = ?)", (at, at)).fetchone()[0] == 1

    def _set_node(self, n: str, attrs: dict[str, str]) -> None:
        at = self.ids.of(n)
        self.db.execute("INSERT OR REPLACE INTO net_nodes (id, kind, label, detail, tail) VALUES (?, ?, ?, ?, ?)",
                        (at, attrs["kind"], attrs["label"], attrs["detail"], tail_of(n)))
        self.db.execute("DELETE FROM net_names WHERE node = ?", (at,))
        self.db.executemany("INSERT OR IGNORE INTO net_names (name, node) VALUES (?, ?)",
                            ((name, at) for name in _names(self.facts, n, attrs["label"])))

    def _remove_node(self, n: str) -> None:
        at = self.ids.known(n)
        self.db.execute("DELETE FROM net_nodes WHERE id = ?", (at,))
        self.db.execute("DELETE FROM net_names WHERE node = ?", (at,))


def _parts(db: sqlite3.Connection, ids: array[int], batch: int) -> Iterator[tuple[FileLiveNetwork, array[int]]]:
    """``ids`` a hundred at a time, each hundred with the ``FileLiveNetwork`` to read it on: one for up to ``batch``
    ids, or fewer once its caches hold more than ``HELD`` facts and IRIs; the next then starts with empty ones."""
    net, used = FileLiveNetwork(db), 0
    for start in range(0, len(ids), _STEP):
        if used >= batch or net.cached() > HELD:
            net, used = FileLiveNetwork(db), 0
        yield net, ids[start:start + _STEP]
        used += _STEP


def _names(facts: Facts, n: str, label: str) -> set[str]:
    """What ``resolve`` finds node ``n`` by: its folded label, and a person's or agency's folded aliases."""
    names = {fold(label)}
    for table in (facts.people, facts.agencies):
        if n in table:
            names.update(fold(a) for a in table[n].aliases)
    return names


def put_facts(db: sqlite3.Connection, fresh: Facts) -> None:
    """Write the facts of ``fresh`` (read from entities none of whose facts are in the tables) and index them as
    ``LiveNetwork`` does, drawing nothing, in the transaction open on ``db``: what a build writes of each batch of
    entities (``index_build.py``). ``draw_network`` draws the edges once every batch is in."""
    live = LiveNetwork()
    live.index(fresh)
    ids = Ids(db)
    ids.seed(ids_for(db, _network_iris(live)))
    for kind in KINDS:
        db.executemany("INSERT INTO net_facts (kind, key, fact) VALUES (?, ?, ?)",
                       ((kind, key_id(ids, kind, key), encode_fact(kind, fact, ids))
                        for key, fact in getattr(live.facts, kind).items()))
    # A node's members may come from several batches (a post's holders from each tenure of it).
    db.executemany("INSERT OR IGNORE INTO net_by (idx, node, member) VALUES (?, ?, ?)",
                   ((index, ids.of(node), member_id(ids, index, m)) for index, nodes in live.by.items()
                    for node, members in nodes.items() for m in members))
    db.executemany("INSERT INTO net_by (idx, node, member) VALUES ('appearance_key', ?, ?)",
                   ((ids.of(iri), member_id(ids, "appearance_key", key)) for iri, key in live._appearance_keys.items()))
    db.executemany("INSERT INTO net_spoken (statement, speaker, date) VALUES (?, ?, ?)",
                   ((ids.of(s.iri), ids.of(s.speaker), s.date.isoformat() if s.date else None)
                    for s in live.facts.statements.values()))
    db.executemany("INSERT INTO net_speakers (speaker, n) VALUES (?, ?) "
                   "ON CONFLICT (speaker) DO UPDATE SET n = n + excluded.n",
                   ((ids.of(speaker), n) for speaker, n in live.speakers.items()))


def draw_network(db: sqlite3.Connection, batch: int) -> None:
    """Draw every source node's edges whole and label every node, from the facts ``put_facts`` wrote, in the
    transaction open on ``db``: a build's last step. The facts and IRIs read are cached for ``batch`` nodes, or
    fewer when they hold more than ``HELD`` (20,000 people are most of the statements): one cache for all would
    hold the whole projection in the heap again. A source's edges are written in the order it draws them, as a
    build in the heap wrote them; the sources in the order of their ids."""
    drawn = ", ".join(f"'{index}'" for index in DRAWN)
    sources = array("q", (n for (n,) in db.execute(
        f"SELECT node FROM net_by WHERE idx IN ({drawn}) "  # noqa: S608 - our own index names
        "UNION SELECT key FROM net_facts WHERE kind IN ('posts', 'agencies') ORDER BY 1")))
    for net, part in _parts(db, sources, batch):
        rows = [(at, net.ids.of(v), k, d["relation"], json.dumps(d, ensure_ascii=False))
                for at in part for v, k, d in net._edges_from(net.ids.iri(at))]
        db.executemany("INSERT INTO net_edges (source, target, key, relation, data) VALUES (?, ?, ?, ?, ?)", rows)
    # Every node a fact names, and every end of an edge (a node without a fact of its own: kind "other").
    nodes = array("q", (n for (n,) in db.execute(
        "SELECT key FROM net_facts WHERE kind IN ('people', 'agencies', 'posts', 'events') "
        "UNION SELECT source FROM net_edges UNION SELECT target FROM net_edges ORDER BY 1")))
    for net, part in _parts(db, nodes, batch):
        labelled = []
        for at in part:
            n = net.ids.iri(at)
            attrs = net._node(n) or {"kind": "other", "label": net.facts.label(n), "detail": ""}
            labelled.append((at, n, attrs))
        db.executemany("INSERT INTO net_nodes (id, kind, label, detail, tail) VALUES (?, ?, ?, ?, ?)",
                       ((at, d["kind"], d["label"], d["detail"], tail_of(n)) for at, n, d in labelled))
        db.executemany("INSERT INTO net_names (name, node) VALUES (?, ?)",
                       ((name, at) for at, n, d in labelled for name in _names(net.facts, n, d["label"])))
    # A node's number of neighbours: of the pairs an edge joins (either way), each counted at both ends.
    db.execute("""INSERT INTO net_degrees (node, degree)
      WITH pairs AS MATERIALIZED (SELECT DISTINCT min(source, target) AS a, max(source, target) AS b FROM net_edges)
      SELECT node, count(*) FROM (SELECT a AS node FROM pairs UNION ALL SELECT b FROM pairs) GROUP BY node""")


def _network_iris(live: LiveNetwork) -> set[str]:
    """Every IRI the facts and indexes of ``live`` hold (for one bulk ``ids_for``)."""
    found: set[str] = set()
    for kind in KINDS:
        fields = IRI_FIELDS[kind]
        for key, fact in getattr(live.facts, kind).items():
            found.update(key if kind == "appearances" else (key,))
            for name in fields:
                value = getattr(fact, name)
                found.update(value if isinstance(value, list) else (value,) if value else ())
    for index, nodes in live.by.items():
        for node, members in nodes.items():
            found.add(node)
            for m in members:
                found.update(m if index in KEYED else (m,))
    for iri, key in live._appearance_keys.items():
        found.add(iri)
        found.update(key)
    for s in live.facts.statements.values():
        found.update((s.iri, s.speaker))
    found.update(live.speakers)
    return found
