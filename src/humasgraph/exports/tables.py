"""The analyst's tables: a zip of CSV files a spreadsheet or pandas opens, one table per kind.

``statements.csv``, ``events.csv``, ``people.csv``, ``tenures.csv`` and ``delegations.csv``
are read from the same facts as Popolo (one query per kind of entity, joined here); ``nodes.csv``
and ``edges.csv`` are the network projection. Every id is the entity's IRI. Files are UTF-8
(no byte-order mark) with RFC 4180 quoting and CRLF line ends; a list in one cell is joined
with ``"; "``. The columns are documented one by one in ``docs/exports.md``, and a test checks
that the two say the same.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING

from ..model.names import acting_title
from ..queries.flagship import held_on
from ..queries.projection import Facts, Statement, Tenure
from .networks import EDGE_COLUMNS, NODE_COLUMNS, network_rows

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["TABLES", "write_tables"]

# file → its columns, in the order they are written
TABLES: dict[str, tuple[str, ...]] = {
    "statements.csv": ("id", "speaker_id", "speaker", "post_id", "post", "on_behalf_of_id", "on_behalf_of",
                       "event_id", "event", "date", "text", "direct", "role", "source_url"),
    "events.csv": ("id", "name", "type", "start", "end", "location", "organizer_id", "organizer", "attendees",
                   "speakers", "statements"),
    "people.csv": ("id", "name", "honorific_prefix", "honorific_suffix", "aliases", "post_id", "post",
                   "agency_id", "agency", "statements"),
    "tenures.csv": ("id", "person_id", "person", "post_id", "post", "title", "acting", "agency_id", "agency",
                    "start", "end", "status", "attested"),
    "delegations.csv": ("id", "delegate_id", "delegate", "principal_id", "principal", "principal_kind",
                        "event_id", "event", "date", "acts"),
    "nodes.csv": NODE_COLUMNS,
    "edges.csv": EDGE_COLUMNS,
}
Row = Sequence[str]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def _kind(f: Facts, iri: str) -> str:
    for kind, table in (("person", f.people), ("post", f.posts), ("agency", f.agencies), ("event", f.events)):
        if iri in table:
            return kind
    return ""


class _Tables:
    """The rows of each table, from one ``Facts``."""

    def __init__(self, f: Facts) -> None:
        self.f = f
        self.held: defaultdict[str, list[Tenure]] = defaultdict(list)
        for t in f.tenures.values():
            if t.post in f.posts:
                self.held[t.person].append(t)
        for tenures in self.held.values():
            tenures.sort(key=lambda t: t.iri)

    def post_of(self, t: Tenure | None) -> tuple[str, str]:
        """The post's IRI and its label as held (``Pelaksana Tugas …`` when acting)."""
        if t is None:
            return "", ""
        return t.post, acting_title(self.f.posts[t.post].label, t.acting)

    def agency_of(self, t: Tenure | None) -> str:
        if t is None:
            return ""
        return t.agency or self.f.posts[t.post].agency or ""

    def statements(self) -> Iterator[Row]:
        f = self.f
        ordered = sorted(f.statements.values(), key=lambda s: (_text(self.date_of(s)), s.event or "", s.position,
                                                               s.iri))
        for s in ordered:
            date = self.date_of(s)
            post, post_label = self.post_of(held_on(self.held.get(s.speaker, []), date))
            behalf = s.on_behalf_of or ""
            yield [s.iri, s.speaker, f.label(s.speaker), post, post_label, behalf, f.label(behalf) if behalf else "",
                   s.event or "", f.label(s.event) if s.event else "", _text(date), s.text, _text(s.direct),
                   (s.role or "").replace("_", " "), s.source]

    def date_of(self, s: Statement) -> dt.date | None:
        """A statement's own date, else its event's start."""
        event = self.f.events.get(s.event or "")
        return s.date or (event.start if event else None)

    def events(self) -> Iterator[Row]:
        f = self.f
        speakers = Counter(ap.event for ap in f.appearances.values())
        said = Counter(s.event for s in f.statements.values() if s.event)
        for e in sorted(f.events.values(), key=lambda e: e.iri):
            organizer = e.organizer or ""
            yield [e.iri, e.name, (e.type or "").replace("_", " "), _text(e.start), _text(e.end), e.location or "",
                   organizer, f.label(organizer) if organizer else "",
                   _joined(sorted(f.label(a) for a in e.attendees)), str(speakers[e.iri]), str(said[e.iri])]

    def people(self) -> Iterator[Row]:
        f = self.f
        said = Counter(s.speaker for s in f.statements.values())
        for p in sorted(f.people.values(), key=lambda p: p.iri):
            now = held_on(self.held.get(p.iri, []), None)
            post, post_label = self.post_of(now)
            agency = self.agency_of(now)
            yield [p.iri, p.name, p.prefix or "", p.suffix or "", _joined(a for a in p.aliases if a != p.name),
                   post, post_label, agency, f.label(agency) if agency else "", str(said[p.iri])]

    def tenures(self) -> Iterator[Row]:
        f = self.f
        for t in sorted(f.tenures.values(), key=lambda t: t.iri):
            post = f.posts.get(t.post)
            agency = t.agency or (post.agency if post else None) or ""
            status = "ended" if t.end else "open" if t.start else "attested"
            yield [t.iri, t.person, f.label(t.person), t.post, post.label if post else "", post.title if post else "",
                   t.acting or "", agency, f.label(agency) if agency else "", _text(t.start), _text(t.end), status,
                   _joined(d.isoformat() for d in sorted(t.attested))]

    def delegations(self) -> Iterator[Row]:
        f = self.f
        for d in sorted(f.delegations.values(), key=lambda d: d.iri):
            event = f.events.get(d.event or "")
            yield [d.iri, d.delegate, f.label(d.delegate), d.principal, f.label(d.principal), _kind(f, d.principal),
                   d.event or "", f.label(d.event) if d.event else "", _text(event.start if event else None),
                   _joined(a.replace("_", " ") for a in sorted(d.acts))]


def _write(z: zipfile.ZipFile, name: str, rows: Iterable[Row]) -> None:
    with z.open(name, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        writer = csv.writer(text, lineterminator="\r\n")  # RFC 4180: quotes where needed, CRLF
        writer.writerow(TABLES[name])
        writer.writerows(rows)


def write_tables(f: Facts, g: nx.MultiDiGraph, out: IO[bytes]) -> None:
    """Write the zip of every table of ``f`` and of its network projection ``g`` to ``out``."""
    tables = _Tables(f)
    nodes, edges = network_rows(g)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        _write(z, "statements.csv", tables.statements())
        _write(z, "events.csv", tables.events())
        _write(z, "people.csv", tables.people())
        _write(z, "tenures.csv", tables.tenures())
        _write(z, "delegations.csv", tables.delegations())
        _write(z, "nodes.csv", nodes)
        _write(z, "edges.csv", edges)
