"""The network projection read off the index file (``network_file.py`` keeps its tables).

``FileNetwork`` answers what needs part of the projection by indexed queries, within one read
of the file (one snapshot): a node and its names, the neighbours of a layer (``walks.py``), the
edges of one relation, the top speakers. ``load`` reads the whole projection into a transient
``graphs.Network`` for what needs all of it (centrality, a picture filtered by agency): it lives
as long as that request, and nothing of the projection stays in the heap between requests.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator

from ..queries.projection import Event, Facts
from .graphs import RELATIONS, Network, NodeInfo, Ranked, ranked_counts
from .network import KINDS, LiveNetwork
from .network_file import tail_of
from .network_ids import FactTable, Ids, decode_fact, fact_rows

__all__ = ["FileNetwork"]

# Ids per query: well under SQLite's limit of bound parameters.
_CHUNK = 500
# The kinds of node labelled with their fact's name.
_LABELLED = ("person", "agency", "event", "post")
# The edges with their ends' IRIs (the table holds their ids), and the ids of a JSON list of IRIs.
_EDGES = "net_edges AS e JOIN iris AS s ON s.id = e.source JOIN iris AS t ON t.id = e.target"
_IDS_IN = "(SELECT id FROM iris WHERE iri IN (SELECT value FROM json_each(?)))"
_NODES = "net_nodes AS n JOIN iris AS i ON i.id = n.id"


class FileNetwork:
    """The projection in the index file, read on ``db`` (held in one read transaction) as of ``generation``."""

    def __init__(self, db: sqlite3.Connection, generation: str) -> None:
        self.db = db
        self.generation = generation
        self._ids = Ids(db)
        self._facts = Facts(**{kind: FactTable(db, kind, self._ids) for kind in KINDS})
        self._infos: dict[str, NodeInfo] = {}
        # The first edge (its id and attributes) of each (source, target) pair met by ``neighbours``, and the
        # nodes whose every edge it met: ``relation`` between them needs no query.
        self._first: dict[tuple[str, str], tuple[int, str]] = {}
        self._expanded: set[str] = set()

    def has(self, iri: str) -> bool:
        at = self._ids.known(iri)
        return at is not None and self.db.execute("SELECT EXISTS (SELECT 1 FROM net_nodes WHERE id = ?) "
                                                  "OR EXISTS (SELECT 1 FROM net_edges WHERE source = ?) "
                                                  "OR EXISTS (SELECT 1 FROM net_edges WHERE target = ?)",
                                                  (at, at, at)).fetchone()[0] == 1

    def info(self, iri: str) -> NodeInfo:
        found = self._infos.get(iri)
        if found is None:
            row = self.db.execute("SELECT kind, label, detail FROM net_nodes WHERE id = ?",
                                  (self._ids.known(iri),)).fetchone()
            found = NodeInfo(iri, *row) if row else NodeInfo(iri, "other", self._facts.label(iri), "")
            self._infos[iri] = found
        return found

    def prefetch(self, iris: Iterable[str]) -> None:
        """Read the nodes ``iris`` name in a few queries, for the ``info`` and ``label`` calls that follow."""
        for chunk in self._chunks(i for i in iris if i not in self._infos):
            for iri, kind, label, detail in self.db.execute(
                    f"SELECT i.iri, n.kind, n.label, n.detail FROM {_NODES} WHERE n.id IN {_IDS_IN}",
                    (chunk,)):
                self._infos[iri] = NodeInfo(iri, kind, label, detail)

    def label(self, iri: str) -> str:
        # A person's, agency's, event's or post's node is labelled with the name ``Facts.label`` gives
        # (IRIs are minted per kind, so one IRI is of one kind).
        found = self._infos.get(iri)
        if found is not None and found.kind in _LABELLED:
            return found.label
        return self._facts.label(iri)

    def relation(self, u: str, v: str) -> str:
        """How ``u`` relates to ``v``, in words, whichever way the edge points (``Network.relation``)."""
        known = u in self._expanded or v in self._expanded
        for a, b, reading in ((u, v, 0), (v, u, 1)):
            if known:
                first = self._first.get((a, b))
                row = (first[1],) if first is not None else None
            else:
                row = self.db.execute("SELECT data FROM net_edges WHERE source = ? AND target = ? ORDER BY id "
                                      "LIMIT 1", (self._ids.known(a), self._ids.known(b))).fetchone()
            if row is not None:
                data = json.loads(row[0])
                words = RELATIONS.get(data["relation"], (data["relation"], data["relation"]))[reading]
                event = data.get("event_label")
                return f"{words} (at {event})" if event else words
        return "is linked to"

    def _chunks(self, nodes: Iterable[str]) -> Iterator[str]:
        wanted = sorted(set(nodes))
        for start in range(0, len(wanted), _CHUNK):
            yield json.dumps(wanted[start:start + _CHUNK])

    def neighbours(self, nodes: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {n: set() for n in nodes}
        first = self._first
        for chunk in self._chunks(out):
            for edge, source, target, data in self.db.execute(
                    f"SELECT e.id, s.iri, t.iri, e.data FROM {_EDGES} WHERE e.source IN {_IDS_IN} "
                    f"UNION ALL SELECT e.id, s.iri, t.iri, e.data FROM {_EDGES} WHERE e.target IN {_IDS_IN}",
                    (chunk, chunk)):
                if source in out:
                    out[source].add(target)
                if target in out:
                    out[target].add(source)
                if (source, target) not in first or first[(source, target)][0] > edge:
                    first[(source, target)] = (edge, data)
        self._expanded.update(out)
        return out

    def edges_of(self, relation: str) -> list[tuple[str, str, dict[str, str]]]:
        return [(u, v, json.loads(d)) for u, v, d in self.db.execute(
            f"SELECT s.iri, t.iri, e.data FROM {_EDGES} WHERE e.relation = ? ORDER BY e.id", (relation,))]

    def out_edges_within(self, nodes: set[str]) -> list[tuple[str, str, dict[str, str]]]:
        out: list[tuple[str, str, dict[str, str]]] = []
        for chunk in self._chunks(nodes):
            out += [(u, v, json.loads(d)) for u, v, d in self.db.execute(
                f"SELECT s.iri, t.iri, e.data FROM {_EDGES} WHERE e.source IN {_IDS_IN} ORDER BY s.iri, e.id",
                (chunk,)) if v in nodes]
        return out

    def ending_with(self, tail: str) -> list[str]:
        return [iri for (iri,) in self.db.execute(f"SELECT i.iri FROM {_NODES} WHERE n.tail = ? ORDER BY i.iri",
                                                  (tail_of(tail),)) if iri.endswith("/" + tail)]

    def named(self, key: str) -> set[str]:
        return {n for (n,) in self.db.execute(
            "SELECT i.iri FROM net_names AS m JOIN iris AS i ON i.id = m.node WHERE m.name = ?", (key,))}

    def events(self) -> Iterable[Event]:
        self._ids.read_all()
        return [decode_fact("events", f, iri, self._ids) for iri, f in fact_rows(self.db, "events")]

    def top_speakers(self, start: dt.date | None, end: dt.date | None, limit: int) -> list[Ranked]:
        """As ``Network.top_speakers``: undated, from the kept counts (those tied with the last kept read too)."""
        if limit <= 0:
            return []
        if start is None and end is None:
            least = self.db.execute("SELECT n FROM net_speakers ORDER BY n DESC LIMIT 1 OFFSET ?",
                                    (limit - 1,)).fetchone()
            rows = self.db.execute("SELECT i.iri, s.n FROM net_speakers AS s JOIN iris AS i ON i.id = s.speaker "
                                   "WHERE s.n >= ?", (least[0] if least else 0,))
        else:
            rows = self.db.execute("SELECT i.iri, s.n FROM (SELECT speaker, count(*) AS n FROM net_spoken "
                                   "WHERE date >= ? AND date <= ? GROUP BY speaker) AS s "
                                   "JOIN iris AS i ON i.id = s.speaker",
                                   ((start or dt.date.min).isoformat(), (end or dt.date.max).isoformat()))
        counts = dict(rows)
        self.prefetch(counts)
        return ranked_counts(counts, self.info, limit)

    def degree_scores(self) -> dict[str, float]:
        """Degree centrality of every node of the whole network, as ``nx.degree_centrality`` gives it over the
        simple undirected graph, off the neighbours counted as edges are drawn (``net_degrees``): reading the
        whole projection for it took 18-22 s at 100k articles, counting the distinct pairs of edges 6 s."""
        nodes = {iri for (iri,) in self.db.execute(
            "SELECT iri FROM iris WHERE id IN (SELECT id FROM net_nodes UNION SELECT source FROM net_edges "
            "UNION SELECT target FROM net_edges)")}
        if len(nodes) <= 1:
            return dict.fromkeys(nodes, 1.0)
        found = dict.fromkeys(nodes, 0.0)
        scale = 1.0 / (len(nodes) - 1)
        for node, degree in self.db.execute(
                "SELECT i.iri, d.degree FROM net_degrees AS d JOIN iris AS i ON i.id = d.node"):
            found[node] = degree * scale
        return found

    def load(self, kinds: Iterable[str] = KINDS) -> Network:
        """The whole projection in a transient ``Network``: the nodes, the edges, and the facts of ``kinds``
        (a measure scoped by dates or an agency reads only events, tenures and agencies)."""
        live = LiveNetwork()
        self._ids.read_all()
        for kind in kinds:
            table = getattr(live.facts, kind)
            for found, fact in fact_rows(self.db, kind):
                table[found] = decode_fact(kind, fact, found, self._ids)
        g = live.graph
        for iri, kind, label, detail in self.db.execute(
                f"SELECT i.iri, n.kind, n.label, n.detail FROM {_NODES} ORDER BY i.iri"):
            g.add_node(iri, kind=kind, label=label, detail=detail)
        for u, v, k, data in self.db.execute(f"SELECT s.iri, t.iri, e.key, e.data FROM {_EDGES} ORDER BY e.id"):
            g.add_edge(u, v, key=k, **json.loads(data))
        live.speakers = Counter(dict(self.db.execute(
            "SELECT i.iri, s.n FROM net_speakers AS s JOIN iris AS i ON i.id = s.speaker ORDER BY i.iri")))
        live.dated = sorted((dt.date.fromisoformat(d), s) for s, d in self.db.execute(
            "SELECT i.iri, s.date FROM net_spoken AS s JOIN iris AS i ON i.id = s.speaker WHERE s.date IS NOT NULL"))
        return Network(live, self.generation)
