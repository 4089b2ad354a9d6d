"""The network projection in the index file: its tables, and ``LiveNetwork`` drawing on them.

Held in the heap, the projection cost a server +196 MiB at 10k articles and 1.7 GiB at 100k, in
every ``--workers`` process. In ``<store>.index.sqlite`` (``indexfile.py``) it costs none: the
facts the drawing reads (``net_facts``, a statement without its text), what each source node
draws from (``net_by``), the nodes with their names (``net_nodes``, ``net_names``: folded labels
and aliases, for ``resolve``), the edges in the order they were drawn (``net_edges``), and each
statement's speaker and date with the count per speaker (``net_spoken``, ``net_speakers``), and
each node's number of neighbours (``net_degrees``: its degree in the simple undirected graph, a
loop counting two, kept as edges are drawn and removed).

A build draws the whole projection in the heap of the process that builds the file (the child,
for a large store) and writes it out (``write_network``); an update runs the very code of
``LiveNetwork`` on these tables (``FileLiveNetwork``), in the transaction of the file's sync,
so the tables equal a build from the same facts, edge for edge. ``network_reads.py`` reads them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any, Generic, TypeVar

from ..model.names import fold
from ..queries.projection import Agency, Appearance, Delegation, Event, Facts, Person, Post, Statement, Tenure
from .network import KINDS, LiveNetwork

__all__ = ["IRI_FIELDS", "NETWORK_SCHEMA", "NETWORK_TABLES", "FactTable", "FileLiveNetwork", "Ids", "decode_fact",
           "encode_fact", "fact_rows", "facts_to_ids", "ids_for", "key_id", "tail_of", "write_network"]

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
NETWORK_TABLES = ("net_facts", "net_by", "net_nodes", "net_names", "net_edges", "net_degrees", "net_spoken",
                  "net_speakers")

# kind → (its fact class, its date fields, its fields holding a list of dates)
_CLASSES: dict[str, tuple[type[Any], tuple[str, ...], tuple[str, ...]]] = {
    "people": (Person, (), ()), "agencies": (Agency, (), ()), "posts": (Post, (), ()),
    "tenures": (Tenure, ("start", "end"), ("attested",)), "events": (Event, ("start", "end"), ()),
    "statements": (Statement, ("date",), ()), "appearances": (Appearance, (), ()),
    "delegations": (Delegation, (), ())}
# The index whose members are appearances' keys, and the one that maps a PerformanceRole to its key.
_KEYED = ("appearance", "appearance_key")
# kind → the fields of its facts that hold an IRI, or a list of them: written as their ids (halves the facts).
IRI_FIELDS: dict[str, tuple[str, ...]] = {
    "people": (), "agencies": ("parent",), "posts": ("agency",), "tenures": ("person", "post", "agency"),
    "events": ("organizer", "location", "attendees"), "statements": ("speaker", "event", "on_behalf_of"),
    "appearances": ("event", "person", "on_behalf_of", "iri"), "delegations": ("delegate", "principal", "event")}


def tail_of(iri: str) -> str:
    """The last segment of an IRI (what ``resolve`` looks a tail like ``person/agung-hikmati`` up by)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _stored(kind: str) -> list[str]:
    """The fields of a fact of ``kind`` in the order its JSON list holds them (its IRI is the row's key)."""
    return [f.name for f in dataclasses.fields(_CLASSES[kind][0]) if f.name != "iri" or kind == "appearances"]


def encode_fact(kind: str, fact: Any, ids: Any) -> str:
    """A fact as a JSON list of its fields' values in their order, its IRI left out (the row's key holds it), the
    IRIs of ``IRI_FIELDS`` as their ids (``ids.of``; an empty one stays "").

    Written with field names, the facts took 11 MB of a 41 MB file at 2,000 articles.
    """
    cls, dates, lists = _CLASSES[kind]
    iris = IRI_FIELDS[kind]
    values: list[Any] = []
    for f in dataclasses.fields(cls):
        value = getattr(fact, f.name)
        if f.name == "iri" and kind != "appearances":
            continue
        if f.name in iris:
            if isinstance(value, list):
                value = [ids.of(v) for v in value]
            elif value:
                value = ids.of(value)
        elif f.name in dates and value is not None:
            value = value.isoformat()
        elif f.name in lists:
            value = [d.isoformat() for d in value]
        elif kind == "statements" and f.name in ("text", "source"):
            value = ""  # the drawing never reads a statement's words or source: the store has them
        values.append(value)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def decode_fact(kind: str, text: str, key: Any, ids: Ids) -> Any:
    """The fact ``encode_fact`` wrote under ``key`` (decoded; an id of ``IRI_FIELDS`` back to its IRI, a text
    there as it is)."""
    cls, dates, lists = _CLASSES[kind]
    iris = IRI_FIELDS[kind]
    values = iter(json.loads(text))
    data: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name == "iri" and kind != "appearances":
            data["iri"] = key
            continue
        value = next(values)
        if f.name in iris:
            if isinstance(value, list):
                value = [ids.iri(v) if isinstance(v, int) else v for v in value]
            elif isinstance(value, int):
                value = ids.iri(value)
        elif f.name in dates and value is not None:
            value = dt.date.fromisoformat(value)
        elif f.name in lists:
            value = [dt.date.fromisoformat(d) for d in value]
        data[f.name] = value
    return cls(**data)


class Ids:
    """IRIs and the integer ids the file's ``iris`` table gives them (kept forever, never reused), with a cache that
    lives as long as one update or one read. ``of`` gives an IRI an id when it has none (in a write
    transaction); ``known`` only looks one up."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._ids: dict[str, int] = {}
        self._iris: dict[int, str] = {}

    def known(self, iri: str) -> int | None:
        found = self._ids.get(iri)
        if found is None:
            row = self.db.execute("SELECT id FROM iris WHERE iri = ?", (iri,)).fetchone()
            if row is None:
                return None
            found = self._ids[iri] = row[0]
            self._iris[found] = iri
        return found

    def of(self, iri: str) -> int:
        found = self.known(iri)
        if found is None:
            found = self.db.execute("INSERT INTO iris (iri) VALUES (?)", (iri,)).lastrowid
            assert found is not None  # noqa: S101 - an INSERT gives a rowid
            self._ids[iri], self._iris[found] = found, iri
        return found

    def iri(self, id_: int) -> str:
        found = self._iris.get(id_)
        if found is None:
            found = self._iris[id_] = self.db.execute("SELECT iri FROM iris WHERE id = ?", (id_,)).fetchone()[0]
            self._ids[found] = id_
        return found

    def seed(self, ids: dict[str, int]) -> None:
        """Known pairs (from a bulk ``ids_for``)."""
        self._ids.update(ids)
        self._iris.update((i, iri) for iri, i in ids.items())

    def read_all(self) -> None:
        """Read every pair at once, for a read of the whole projection (one scan, not a lookup per id)."""
        for id_, iri in self.db.execute("SELECT id, iri FROM iris"):
            self._iris[id_] = iri
            self._ids[iri] = id_


def facts_to_ids() -> str:
    """The SQL that turns layout 9's facts (``IRI_FIELDS`` as text) into this layout's (as ids), in place."""
    out = []
    for kind, fields in IRI_FIELDS.items():
        stored = _stored(kind)
        for name in fields:
            at, where = f"'$[{stored.index(name)}]'", f"kind = '{kind}'"
            if _is_list(kind, name):
                out.append(f"INSERT OR IGNORE INTO iris (iri) SELECT j.value FROM net_facts AS f, "
                           f"json_each(f.fact, {at}) AS j WHERE f.{where}")
                out.append(f"UPDATE net_facts SET fact = json_replace(fact, {at}, json((SELECT json_group_array("
                           f"(SELECT id FROM iris WHERE iri = j.value)) FROM json_each(fact, {at}) AS j))) "
                           f"WHERE {where}")
            else:
                text = f"{where} AND json_type(fact, {at}) = 'text' AND json_extract(fact, {at}) != ''"
                out.append(f"INSERT OR IGNORE INTO iris (iri) SELECT json_extract(fact, {at}) FROM net_facts "
                           f"WHERE {text}")
                out.append(f"UPDATE net_facts SET fact = json_replace(fact, {at}, "
                           f"(SELECT id FROM iris WHERE iri = json_extract(fact, {at}))) WHERE {text}")
    return "".join(statement + ";\n" for statement in out)


def _is_list(kind: str, name: str) -> bool:
    return str(next(f for f in dataclasses.fields(_CLASSES[kind][0]) if f.name == name).type).startswith("list")


def ids_for(db: sqlite3.Connection, iris: Iterable[str]) -> dict[str, int]:
    """The id of each of ``iris``, those without one given one, in the write transaction open on ``db``."""
    wanted = sorted(set(iris))
    db.executemany("INSERT OR IGNORE INTO iris (iri) VALUES (?)", ((x,) for x in wanted))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = json.dumps(wanted[start:start + 500])
        found.update(db.execute("SELECT iri, id FROM iris WHERE iri IN (SELECT value FROM json_each(?))", (chunk,)))
    return found


# An appearance's key, (event, person), as one integer: the event's id in the high 32 bits.
_HIGH = 32


def _member(ids: Ids, index: str, member: Any) -> int:
    return ids.of(member[0]) << _HIGH | ids.of(member[1]) if index in _KEYED else ids.of(member)


def _unmember(ids: Ids, index: str, value: int) -> Any:
    if index in _KEYED:
        return ids.iri(value >> _HIGH), ids.iri(value & (1 << _HIGH) - 1)
    return ids.iri(value)


def key_id(ids: Ids, kind: str, key: Any, *, create: bool = False) -> int | None:
    """The integer ``net_facts`` keeps a fact's key as (an IRI's id; an appearance's pair as a member is);
    None when an IRI of it has no id (no fact is kept under it), unless ``create``."""
    parts = key if kind == "appearances" else (key,)
    found = [ids.of(p) if create else ids.known(p) for p in parts]
    if None in found:
        return None
    return found[0] << _HIGH | found[1] if kind == "appearances" else found[0]  # type: ignore[operator, return-value]


def fact_rows(db: sqlite3.Connection, kind: str, column: str = "f.fact") -> Iterator[tuple[Any, Any]]:
    """(key, ``column``) of each fact of ``kind``, its key decoded, in the order of its IRIs (as layout 9 kept them)."""
    if kind == "appearances":
        rows = db.execute(f"SELECT a.iri, b.iri, {column} FROM net_facts AS f JOIN iris AS a ON a.id = f.key >> 32 "
                          "JOIN iris AS b ON b.id = f.key & 4294967295 WHERE f.kind = ? ORDER BY a.iri, b.iri", (kind,))
        return (((a, b), value) for a, b, value in rows)
    return iter(db.execute(f"SELECT i.iri, {column} FROM net_facts AS f JOIN iris AS i ON i.id = f.key "
                           "WHERE f.kind = ? ORDER BY i.iri", (kind,)))


V = TypeVar("V")


class FactTable(MutableMapping[Any, V], Generic[V]):
    """One kind of fact in ``net_facts``, read through a cache that lives as long as one update (or one read)."""

    def __init__(self, db: sqlite3.Connection, kind: str, ids: Ids | None = None) -> None:
        self.db, self.kind = db, kind
        self.ids = ids if ids is not None else Ids(db)
        self._seen: dict[Any, V | None] = {}

    def __getitem__(self, key: Any) -> V:
        if key not in self._seen:
            at = key_id(self.ids, self.kind, key)
            row = None if at is None else self.db.execute(
                "SELECT fact FROM net_facts WHERE kind = ? AND key = ?", (self.kind, at)).fetchone()
            self._seen[key] = decode_fact(self.kind, row[0], key, self.ids) if row is not None else None
        found = self._seen[key]
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __setitem__(self, key: Any, fact: V) -> None:
        self.db.execute("INSERT OR REPLACE INTO net_facts (kind, key, fact) VALUES (?, ?, ?)",
                        (self.kind, key_id(self.ids, self.kind, key, create=True),
                         encode_fact(self.kind, fact, self.ids)))
        self._seen[key] = fact

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self.db.execute("DELETE FROM net_facts WHERE kind = ? AND key = ?",
                        (self.kind, key_id(self.ids, self.kind, key)))
        self._seen[key] = None

    def __iter__(self) -> Iterator[Any]:
        """The keys in the order of their IRIs (as layout 9 kept them), not of their ids."""
        for key, _ in fact_rows(self.db, self.kind, "NULL"):
            yield key

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM net_facts WHERE kind = ?", (self.kind,)).fetchone()[0])


class FileLiveNetwork(LiveNetwork):
    """``LiveNetwork`` over the projection's tables, for one update in the transaction open on ``db``."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__()
        self.db = db
        self.ids = Ids(db)
        self.facts = Facts(**{kind: FactTable(db, kind, self.ids) for kind in KINDS})

    def _members(self, index: str, node: str) -> set[Any]:
        at = self.ids.known(node)
        if at is None:
            return set()
        return {_unmember(self.ids, index, m) for (m,) in self.db.execute(
            "SELECT member FROM net_by WHERE idx = ? AND node = ?", (index, at))}

    def _add_member(self, index: str, node: str, member: Any) -> None:
        self.db.execute("INSERT OR IGNORE INTO net_by (idx, node, member) VALUES (?, ?, ?)",
                        (index, self.ids.of(node), _member(self.ids, index, member)))

    def _discard(self, index: str, node: str, member: Any) -> None:
        at, ends = self.ids.known(node), [self.ids.known(m) for m in (member if index in _KEYED else (member,))]
        if at is not None and None not in ends:  # an IRI without an id is in no row
            self.db.execute("DELETE FROM net_by WHERE idx = ? AND node = ? AND member = ?",
                            (index, at, _member(self.ids, index, member)))

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
        if sign > 0:
            speaker = self.ids.of(s.speaker)
            self.db.execute("INSERT INTO net_spoken (statement, speaker, date) VALUES (?, ?, ?)",
                            (self.ids.of(s.iri), speaker, s.date.isoformat() if s.date else None))
            self.db.execute("INSERT INTO net_speakers (speaker, n) VALUES (?, 1) "
                            "ON CONFLICT (speaker) DO UPDATE SET n = n + 1", (speaker,))
            return
        speaker = self.ids.of(s.speaker)
        self.db.execute("DELETE FROM net_spoken WHERE statement = ?", (self.ids.of(s.iri),))
        self.db.execute("UPDATE net_speakers SET n = n - 1 WHERE speaker = ?", (speaker,))
        self.db.execute("DELETE FROM net_speakers WHERE speaker = ? AND n <= 0", (speaker,))

    def _out_edges(self, u: str) -> list[tuple[str, str]]:
        return [(self.ids.iri(v), k) for v, k in self.db.execute(
            "SELECT target, key FROM net_edges WHERE source = ? ORDER BY id", (self.ids.of(u),))]

    def _remove_edge(self, u: str, v: str, key: str) -> None:
        a, b = self.ids.of(u), self.ids.of(v)
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


def _names(facts: Facts, n: str, label: str) -> set[str]:
    """What ``resolve`` finds node ``n`` by: its folded label, and a person's or agency's folded aliases."""
    names = {fold(label)}
    for table in (facts.people, facts.agencies):
        if n in table:
            names.update(fold(a) for a in table[n].aliases)
    return names


def write_network(db: sqlite3.Connection, live: LiveNetwork) -> None:
    """Write the projection ``live`` drew in the heap into the (emptied) tables, in the transaction open on ``db``."""
    g = live.graph
    ids = Ids(db)
    ids.seed(ids_for(db, _network_iris(live)))
    for kind in KINDS:
        db.executemany("INSERT INTO net_facts (kind, key, fact) VALUES (?, ?, ?)",
                       ((kind, key_id(ids, kind, key, create=True), encode_fact(kind, fact, ids))
                        for key, fact in getattr(live.facts, kind).items()))
    db.executemany("INSERT INTO net_by (idx, node, member) VALUES (?, ?, ?)",
                   ((index, ids.of(node), _member(ids, index, m)) for index, nodes in live.by.items()
                    for node, members in nodes.items() for m in members))
    db.executemany("INSERT INTO net_by (idx, node, member) VALUES ('appearance_key', ?, ?)",
                   ((ids.of(iri), _member(ids, "appearance_key", key)) for iri, key in live._appearance_keys.items()))
    db.executemany("INSERT INTO net_nodes (id, kind, label, detail, tail) VALUES (?, ?, ?, ?, ?)",
                   ((ids.of(n), d["kind"], d["label"], d["detail"], tail_of(n)) for n, d in g.nodes(data=True)))
    db.executemany("INSERT INTO net_names (name, node) VALUES (?, ?)",
                   ((name, ids.of(n)) for n, d in g.nodes(data=True) for name in _names(live.facts, n, d["label"])))
    # Edges in the order each source drew them (``relation`` reads a pair's first edge), their attributes in the
    # order they were drawn (a GraphML export numbers its attribute keys as it first meets them).
    db.executemany("INSERT INTO net_edges (source, target, key, relation, data) VALUES (?, ?, ?, ?, ?)",
                   ((ids.of(u), ids.of(v), k, d["relation"], json.dumps(d, ensure_ascii=False))
                    for u in g for _, v, k, d in g.out_edges(u, keys=True, data=True)))
    degrees = Counter(ids.of(node) for x, y in {(min(u, v), max(u, v)) for u, v in g.edges()} for node in (x, y))
    db.executemany("INSERT INTO net_degrees (node, degree) VALUES (?, ?)", degrees.items())
    db.executemany("INSERT INTO net_spoken (statement, speaker, date) VALUES (?, ?, ?)",
                   ((ids.of(s.iri), ids.of(s.speaker), s.date.isoformat() if s.date else None)
                    for s in live.facts.statements.values()))
    db.executemany("INSERT INTO net_speakers (speaker, n) VALUES (?, ?)",
                   ((ids.of(speaker), n) for speaker, n in live.speakers.items()))


def _network_iris(live: LiveNetwork) -> set[str]:
    """Every IRI the network's id columns will hold (for one bulk ``ids_for``)."""
    found: set[str] = set(live.graph)
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
                found.update(m if index in _KEYED else (m,))
    for iri, key in live._appearance_keys.items():
        found.add(iri)
        found.update(key)
    for s in live.facts.statements.values():
        found.update((s.iri, s.speaker))
    found.update(live.speakers)
    return found
