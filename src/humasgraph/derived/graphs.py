"""The network projection as networkx graphs, and the records analytics answer with.

Projections: who spoke for whom (delegate → principal, one edge per event), people ↔ events,
people ↔ agencies through posts, and the agency tree; ``network`` is their union, the graph the
GraphML/GEXF/CSV/node-link exports write. ``Network`` is one store's projection as of one feed
position, with the metrics computed on it since (``analytics.Analytics`` keeps it current).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import networkx as nx

from ..model.names import fold
from ..queries.projection import Event, Facts
from .network import LiveNetwork, roles_text

if TYPE_CHECKING:
    from .picture import Picture

__all__ = [
    "RELATIONS",
    "Hop",
    "Kept",
    "Neighbour",
    "Network",
    "NodeInfo",
    "Ranked",
    "Reads",
    "Scope",
    "agency_tree",
    "network",
    "people_agencies",
    "people_events",
    "ranked_counts",
    "spoke_for",
]

# relation → (reading from source to target, reading from target back to source)
RELATIONS: dict[str, tuple[str, str]] = {
    "spoke_for": ("spoke on behalf of", "was represented by"),
    "spoke_at": ("spoke at", "heard"),
    "held_post": ("held the post", "was held by"),
    "post_in": ("is a post in", "has the post"),
    "part_of": ("is part of", "includes"),
    "attended": ("attended", "was attended by"),
    "organised": ("organised", "was organised by"),
}
KINDS = ("person", "agency", "post", "event", "any")


def spoke_for(f: Facts) -> nx.MultiDiGraph:
    """Delegate → principal, one edge per event (key: the event's IRI, '' for none)."""
    g = nx.MultiDiGraph()
    pairs = [(ap.person, p, ap.event) for ap in f.appearances.values() for p in ap.on_behalf_of]
    pairs += [(d.delegate, d.principal, d.event or "") for d in f.delegations.values()]
    pairs += [(s.speaker, s.on_behalf_of, s.event or "") for s in f.statements.values() if s.on_behalf_of]
    for delegate, principal, event in pairs:
        if not g.has_edge(delegate, principal, key=event):
            g.add_edge(delegate, principal, key=event, relation="spoke_for", event=event,
                       event_label=f.label(event) if event else "")
    return g


def people_events(f: Facts) -> nx.Graph:
    """People and the events they spoke at (a bipartite graph), with their roles."""
    g = nx.Graph()
    for ap in f.appearances.values():
        g.add_edge(ap.person, ap.event, relation="spoke_at", roles=roles_text(ap.roles))
    for s in f.statements.values():
        if s.event and not g.has_edge(s.speaker, s.event):
            g.add_edge(s.speaker, s.event, relation="spoke_at", roles=roles_text([s.role] if s.role else []))
    return g


def people_agencies(f: Facts) -> nx.Graph:
    """People and the agencies they served in, through the posts they held."""
    g = nx.Graph()
    for t in f.tenures.values():
        post = f.posts.get(t.post)
        agency = t.agency or (post.agency if post else None)
        if agency:
            g.add_edge(t.person, agency, relation="held_post", post=post.label if post else t.post)
    return g


def agency_tree(f: Facts) -> nx.DiGraph:
    """Agency → the agency it is part of."""
    g = nx.DiGraph()
    for a in f.agencies.values():
        g.add_node(a.iri)
        if a.parent:
            g.add_edge(a.iri, a.parent, relation="part_of")
    return g


def network(f: Facts) -> nx.MultiDiGraph:
    """The union of the projections: people, agencies, posts and events, every edge with a ``relation``.

    Drawn by ``LiveNetwork`` (derived/network.py), the same code that keeps the projection up to date.
    """
    return LiveNetwork(f).graph


@dataclass(frozen=True)
class NodeInfo:
    """A node as a reader sees it: what it is, its name, and a detail (post, date, agency)."""

    iri: str
    kind: str
    label: str
    detail: str = ""

    def describe(self) -> str:
        return f"{self.label} ({self.kind}{': ' + self.detail if self.detail else ''})"


@dataclass(frozen=True)
class Ranked:
    node: NodeInfo
    score: float


@dataclass(frozen=True)
class Hop:
    """One step of a path: how the previous node relates to ``node``."""

    relation: str
    node: NodeInfo


@dataclass(frozen=True)
class Neighbour:
    node: NodeInfo
    distance: int
    relation: str
    via: NodeInfo


@dataclass(frozen=True)
class Scope:
    """The part of the network a ranking reads: a period, the events held in a place, an agency's world.

    ``start``..``end`` keeps the events held within it (an undated event is left out) and the
    tenures that overlap it (an undated one when it was seen held in the range); ``place`` keeps the events held there
    (``located``: their IRIs) with the people and agencies who took part and their posts;
    ``agency`` keeps the agency and those under it, their posts, the people who held them and
    the events those people and agencies took part in. The filters combine with AND.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    place: str | None = None
    located: frozenset[str] | None = None
    agency: str | None = None

    def __bool__(self) -> bool:
        return any(x is not None for x in (self.start, self.end, self.place, self.agency))


class Reads(Protocol):
    """What the answers that need only part of the projection read: ``Network`` in the heap,
    ``network_reads.FileNetwork`` off the index file."""

    generation: str

    def has(self, iri: str) -> bool: ...
    def info(self, iri: str) -> NodeInfo: ...
    def label(self, iri: str) -> str: ...
    def relation(self, u: str, v: str) -> str: ...
    def prefetch(self, iris: Iterable[str]) -> None:
        """Read ahead what ``info`` and ``label`` will be asked of ``iris`` (a batch instead of one by one)."""
    def neighbours(self, nodes: Iterable[str]) -> dict[str, set[str]]:
        """Each node's neighbours, whichever way the edges point (a node not in the graph has none)."""
    def edges_of(self, relation: str) -> list[tuple[str, str, dict[str, str]]]:
        """Every edge of ``relation``: (source, target, attributes)."""
    def out_edges_within(self, nodes: set[str]) -> list[tuple[str, str, dict[str, str]]]:
        """The edges between ``nodes``: (source, target, attributes), by source."""
    def ending_with(self, tail: str) -> list[str]:
        """The nodes whose IRI ends with ``/tail``."""
    def named(self, key: str) -> set[str]:
        """The nodes whose folded label, or a person's or agency's folded alias, is ``key``."""
    def events(self) -> Iterable[Event]: ...
    def top_speakers(self, start: dt.date | None, end: dt.date | None, limit: int) -> list[Ranked]: ...


def ranked_counts(counts: Mapping[str, int], info: Any, limit: int) -> list[Ranked]:
    """The ``limit`` largest ``counts``, ties by label then IRI (``info``: IRI → ``NodeInfo``)."""
    best = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], info(kv[0]).label, kv[0]))
    return [Ranked(info(iri), float(n)) for iri, n in best]


@dataclass
class Kept:
    """What was computed on the projection as of one generation (the index file's): dropped when it changes."""

    generation: str
    scores: dict[tuple[str, Scope], dict[str, float]] = field(default_factory=dict)
    rankings: dict[tuple[str, Scope, str, int], list[Ranked]] = field(default_factory=dict)
    located: dict[str, frozenset[str]] = field(default_factory=dict)
    pictures: dict[tuple[object, ...], Picture] = field(default_factory=dict)


@dataclass
class Network:
    """The projection of one store as of one feed position, with the metrics computed on it since."""

    live: LiveNetwork
    generation: str = ""
    # (metric, scope) → scores, and scope → its graph: dropped when the projection changes.
    scores: dict[tuple[str, Scope], dict[str, float]] = field(default_factory=dict)
    rankings: dict[tuple[str, Scope, str, int], list[Ranked]] = field(default_factory=dict)
    views: dict[Scope, nx.Graph] = field(default_factory=dict)
    located: dict[str, frozenset[str]] = field(default_factory=dict)
    # what a picture was asked with → the picture laid out (the layout is the costly part; derived/picture.py)
    pictures: dict[tuple[object, ...], Picture] = field(default_factory=dict)
    _simple: nx.Graph | None = None

    @classmethod
    def build(cls, facts: Facts, generation: str = "") -> Network:
        return cls(LiveNetwork(facts), generation)

    @property
    def facts(self) -> Facts:
        return self.live.facts

    @property
    def graph(self) -> nx.MultiDiGraph:
        return self.live.graph

    @property
    def speakers(self) -> Counter[str]:
        return self.live.speakers

    @property
    def dated(self) -> list[tuple[dt.date, str]]:
        return self.live.dated

    def refresh(self, subjects: Iterable[str], fresh: Facts, generation: str) -> None:
        """Take in the facts read again from ``subjects``; metrics computed before are dropped."""
        self.live.refresh(subjects, fresh)
        self.generation = generation
        self.scores = {}
        self.rankings = {}
        self.views = {}
        self.located = {}
        self.pictures = {}
        self._simple = None

    @property
    def simple(self) -> nx.Graph:
        """The network as a simple undirected graph (paths and centrality ignore direction)."""
        if self._simple is None:
            self._simple = nx.Graph(self.graph.to_undirected(as_view=True))
        return self._simple

    def info(self, iri: str) -> NodeInfo:
        data = self.graph.nodes[iri] if iri in self.graph else {}
        label = data.get("label", self.facts.label(iri))
        return NodeInfo(iri, data.get("kind", "other"), label, data.get("detail", ""))

    # --- ``Reads`` -----------------------------------------------------------------------------

    def has(self, iri: str) -> bool:
        return iri in self.graph

    def prefetch(self, iris: Iterable[str]) -> None:
        """Nothing to read ahead: the graph is in the heap."""

    def label(self, iri: str) -> str:
        return self.facts.label(iri)

    def neighbours(self, nodes: Iterable[str]) -> dict[str, set[str]]:
        simple = self.simple
        return {n: set(simple[n]) if n in simple else set() for n in nodes}

    def edges_of(self, relation: str) -> list[tuple[str, str, dict[str, str]]]:
        return [(u, v, d) for u, v, d in self.graph.edges(data=True) if d["relation"] == relation]

    def out_edges_within(self, nodes: set[str]) -> list[tuple[str, str, dict[str, str]]]:
        return [(u, v, d) for u in sorted(nodes) if u in self.graph
                for _, v, d in self.graph.out_edges(u, data=True) if v in nodes]

    def ending_with(self, tail: str) -> list[str]:
        return [n for n in self.graph if n.endswith("/" + tail)]

    def named(self, key: str) -> set[str]:
        found = {n for n, d in self.graph.nodes(data=True) if fold(d.get("label", "")) == key}
        found |= {p.iri for p in self.facts.people.values() if key in (fold(a) for a in p.aliases)}
        found |= {a.iri for a in self.facts.agencies.values() if key in (fold(x) for x in a.aliases)}
        return found

    def events(self) -> Iterable[Event]:
        return self.facts.events.values()

    def top_speakers(self, start: dt.date | None, end: dt.date | None, limit: int) -> list[Ranked]:
        """People with the most statements (within ``start``..``end`` when given), most first."""
        if start is None and end is None:
            counts: Mapping[str, int] = self.speakers
        else:
            lo = bisect.bisect_left(self.dated, (start or dt.date.min, ""))
            hi = bisect.bisect_right(self.dated, (end or dt.date.max, "\uffff"))
            counts = Counter(speaker for _, speaker in self.dated[lo:hi])
        return ranked_counts(counts, self.info, limit)

    def relation(self, u: str, v: str) -> str:
        """How ``u`` relates to ``v``, in words, whichever way the edge points."""
        for a, b, reading in ((u, v, 0), (v, u, 1)):
            edges = self.graph.get_edge_data(a, b)
            if edges:
                data = next(iter(edges.values()))
                words = RELATIONS.get(data["relation"], (data["relation"], data["relation"]))[reading]
                event = data.get("event_label")
                return f"{words} (at {event})" if event else words
        return "is linked to"
