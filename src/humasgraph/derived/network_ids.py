"""The network's facts and IRIs in the index file: ids for IRIs, and facts as compact JSON rows.

Every IRI the network's tables hold is kept as its id in the file's ``iris`` table (``Ids``, ``ids_for``):
as text, the IRIs were most of the file (17.8 KB per article at 100k in layout 9). An appearance's key,
a pair of IRIs, is one integer (``key_id``); a fact is a JSON list of its fields' values with the IRIs of
``IRI_FIELDS`` as ids (``encode_fact``, ``decode_fact``), kept in ``net_facts`` and read through
``FactTable``. ``facts_to_ids`` is the SQL that brings layout 9's facts to this form in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any, Generic, TypeVar

from ..queries.projection import Agency, Appearance, Delegation, Event, Person, Post, Statement, Tenure

__all__ = ["IRI_FIELDS", "KEYED", "FactTable", "Ids", "decode_fact", "encode_fact", "events_indexed", "fact_rows",
           "facts_to_ids", "ids_for", "key_id", "member_id", "member_of"]

# kind → (its fact class, its date fields, its fields holding a list of dates)
_CLASSES: dict[str, tuple[type[Any], tuple[str, ...], tuple[str, ...]]] = {
    "people": (Person, (), ()), "agencies": (Agency, (), ()), "posts": (Post, (), ()),
    "tenures": (Tenure, ("start", "end"), ("attested",)), "events": (Event, ("start", "end"), ()),
    "statements": (Statement, ("date",), ()), "appearances": (Appearance, (), ()),
    "delegations": (Delegation, (), ())}
# The index whose members are appearances' keys, and the one that maps a PerformanceRole to its key.
KEYED = ("appearance", "appearance_key")
# kind → the fields of its facts that hold an IRI, or a list of them: written as their ids (halves the facts).
IRI_FIELDS: dict[str, tuple[str, ...]] = {
    "people": (), "agencies": ("parent",), "posts": ("agency",), "tenures": ("person", "post", "agency"),
    "events": ("organizer", "location", "attendees"), "statements": ("speaker", "event", "on_behalf_of"),
    "appearances": ("event", "person", "on_behalf_of", "iri"), "delegations": ("delegate", "principal", "event")}


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

    def cached(self) -> int:
        """How many IRIs the cache holds."""
        return len(self._ids)

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


def events_indexed() -> str:
    """The SQL that indexes, by event, the statements said and the delegations made there (``said_at``,
    ``delegated_at``), and by speaker those made at no event on someone's behalf (``said_unplaced``,
    ``delegated_unplaced``): layout 11, from the facts a file of layout 10 holds."""
    out = []
    for what, kind, by, behalf in (("said", "statements", "speaker", "on_behalf_of"),
                                   ("delegated", "delegations", "delegate", "principal")):
        fields = _stored(kind)
        event, who, principal = (f"'$[{fields.index(name)}]'" for name in ("event", by, behalf))
        placed = f"json_type(fact, {event}) = 'integer'"
        out.append(f"INSERT OR IGNORE INTO net_by (idx, node, member) SELECT '{what}_at', json_extract(fact, {event}), "
                   f"key FROM net_facts WHERE kind = '{kind}' AND {placed}")
        out.append(f"INSERT OR IGNORE INTO net_by (idx, node, member) SELECT '{what}_unplaced', "
                   f"json_extract(fact, {who}), key FROM net_facts WHERE kind = '{kind}' AND NOT coalesce({placed}, 0) "
                   f"AND json_type(fact, {principal}) = 'integer'")
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


def member_id(ids: Ids, index: str, member: Any) -> int:
    return ids.of(member[0]) << _HIGH | ids.of(member[1]) if index in KEYED else ids.of(member)


def member_of(ids: Ids, index: str, value: int) -> Any:
    if index in KEYED:
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

    def cached(self) -> int:
        """How many facts (or their absence) the cache holds."""
        return len(self._seen)

    def __iter__(self) -> Iterator[Any]:
        """The keys in the order of their IRIs (as layout 9 kept them), not of their ids."""
        for key, _ in fact_rows(self.db, self.kind, "NULL"):
            yield key

    def __len__(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM net_facts WHERE kind = ?", (self.kind,)).fetchone()[0])


