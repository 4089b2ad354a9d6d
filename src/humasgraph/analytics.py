"""Network projections of the graph with networkx, and the metrics analysts ask of them.

Projections: who spoke for whom (delegate → principal, one edge per event), people ↔ events,
people ↔ agencies through posts, and the agency tree; ``network`` is their union, the graph the
GraphML/GEXF/CSV/node-link exports write. ``Analytics`` keeps the projection beside a store and
rebuilds it only when ``store.generation()`` changes, so a ranking such as the top speakers is
answered from memory, never by one corpus-wide ``GROUP BY`` per request (DESIGN.md §6).
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from .errors import HumasgraphError, NotFound
from .names import fold
from .queries.projection import Facts, read_facts
from .store import Store

__all__ = [
    "RELATIONS",
    "Analytics",
    "Hop",
    "Neighbour",
    "Network",
    "NodeInfo",
    "Ranked",
    "agency_tree",
    "network",
    "people_agencies",
    "people_events",
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
METRICS = ("degree", "betweenness", "pagerank")
KINDS = ("person", "agency", "post", "event", "any")
# Exact betweenness costs O(nodes × edges); past this many nodes it is estimated from a sample.
EXACT_BETWEENNESS_NODES = 2000


def _roles(roles: list[str]) -> str:
    return ", ".join(r.replace("_", " ") for r in sorted(roles))


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
        g.add_edge(ap.person, ap.event, relation="spoke_at", roles=_roles(ap.roles))
    for s in f.statements.values():
        if s.event and not g.has_edge(s.speaker, s.event):
            g.add_edge(s.speaker, s.event, relation="spoke_at", roles=_roles([s.role] if s.role else []))
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


def _post_of(f: Facts, person: str) -> str:
    """The label of the post a person held last (by start date, else by attestation)."""
    held = [t for t in f.tenures.values() if t.person == person and t.post in f.posts]
    if not held:
        return ""
    latest = max(held, key=lambda t: (t.start or max(t.attested, default=dt.date.min), t.iri))
    return f.posts[latest.post].label


def network(f: Facts) -> nx.MultiDiGraph:
    """The union of the projections: people, agencies, posts and events, every edge with a ``relation``."""
    g = nx.MultiDiGraph()
    posts_by_person: dict[str, list[str]] = {}
    for t in f.tenures.values():
        posts_by_person.setdefault(t.person, []).append(t.post)
    for p in f.people.values():
        g.add_node(p.iri, kind="person", label=p.name, detail=_post_of(f, p.iri) if p.iri in posts_by_person else "")
    for a in f.agencies.values():
        g.add_node(a.iri, kind="agency", label=a.name, detail=(a.type or "").replace("_", " "))
    for post in f.posts.values():
        g.add_node(post.iri, kind="post", label=post.label, detail=f.label(post.agency) if post.agency else "")
        if post.agency:
            g.add_edge(post.iri, post.agency, key="post_in", relation="post_in")
    for e in f.events.values():
        g.add_node(e.iri, kind="event", label=e.name, detail=e.start.isoformat() if e.start else "")
        if e.organizer:
            g.add_edge(e.organizer, e.iri, key="organised", relation="organised")
        for agency in e.attendees:
            g.add_edge(agency, e.iri, key="attended", relation="attended")
    for t in f.tenures.values():
        dates = {k: d.isoformat() for k, d in (("start", t.start), ("end", t.end)) if d is not None}
        g.add_edge(t.person, t.post, key="held_post", relation="held_post", **dates)
    for u, v, data in people_events(f).edges(data=True):
        person, event = (u, v) if u in f.people or v in f.events else (v, u)
        g.add_edge(person, event, key="spoke_at", **data)
    for u, v, k, data in spoke_for(f).edges(keys=True, data=True):
        g.add_edge(u, v, key=f"spoke_for {k}".strip(), **data)
    for u, v, data in agency_tree(f).edges(data=True):
        g.add_edge(u, v, key="part_of", **data)
    for node, data in g.nodes(data=True):
        if "kind" not in data:  # named by an edge only (a person who organised, a principal elsewhere)
            data.update(kind="other", label=f.label(node), detail="")
    return g


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


@dataclass
class Network:
    """One build of the projection, for one store generation."""

    facts: Facts
    graph: nx.MultiDiGraph
    generation: str
    dated: list[tuple[dt.date, str]] = field(default_factory=list)
    speakers: Counter[str] = field(default_factory=Counter)
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    _simple: nx.Graph | None = None

    @classmethod
    def build(cls, facts: Facts, generation: str = "") -> Network:
        net = cls(facts, network(facts), generation)
        net.dated = sorted((s.date, s.speaker) for s in facts.statements.values() if s.date)
        net.speakers = Counter(s.speaker for s in facts.statements.values())
        return net

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


class Analytics:
    """The projection of one store, rebuilt when the store's generation changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._net: Network | None = None

    def network(self) -> Network:
        generation = self.store.generation()
        with self._lock:
            if self._net is None or self._net.generation != generation:
                self._net = Network.build(read_facts(self.store), generation)
            return self._net

    def resolve(self, ref: str) -> str:
        """A node's IRI from its IRI, its IRI's tail (``person/agung-hikmati``), or its name or alias."""
        return resolve(self.network(), ref)

    def centrality(self, metric: str = "degree", kind: str = "person", top: int = 10) -> list[Ranked]:
        return centrality(self.network(), metric, kind, top)

    def path(self, a: str, b: str) -> list[Hop]:
        return path(self.network(), a, b)

    def ego(self, center: str, depth: int = 1) -> list[Neighbour]:
        return ego(self.network(), center, depth)

    def top_speakers(self, start: dt.date | None = None, end: dt.date | None = None,
                     limit: int = 10) -> list[Ranked]:
        return top_speakers(self.network(), start, end, limit)


def resolve(net: Network, ref: str) -> str:
    """The IRI a reference names; ``NotFound`` or an error listing the candidates otherwise."""
    if ref in net.graph:
        return ref
    tails = [n for n in net.graph if n.endswith("/" + ref.strip("/"))]
    if len(tails) == 1:
        return tails[0]
    key = fold(ref)
    named = {n for n, d in net.graph.nodes(data=True) if fold(d.get("label", "")) == key}
    named |= {p.iri for p in net.facts.people.values() if key in (fold(a) for a in p.aliases)}
    named |= {a.iri for a in net.facts.agencies.values() if key in (fold(x) for x in a.aliases)}
    if len(named) == 1:
        return named.pop()
    if not named:
        raise NotFound(f"no person, agency, post or event named {ref!r} in the graph")
    shown = "; ".join(f"{net.info(n).describe()} <{n}>" for n in sorted(named))
    raise HumasgraphError(f"{ref!r} names {len(named)} nodes; give one IRI: {shown}")


def centrality(net: Network, metric: str, kind: str, top: int) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` by ``metric`` over the undirected network."""
    if metric not in METRICS:
        raise HumasgraphError(f"unknown metric {metric!r}; valid: {', '.join(METRICS)}")
    if kind not in KINDS:
        raise HumasgraphError(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}")
    scores = net.scores.get(metric)
    if scores is None:
        g = net.simple
        if metric == "degree":
            scores = nx.degree_centrality(g)
        elif metric == "pagerank":
            scores = nx.pagerank(g) if len(g) else {}
        else:
            k = min(len(g), 500) if len(g) > EXACT_BETWEENNESS_NODES else None
            scores = nx.betweenness_centrality(g, k=k, seed=0)
        net.scores[metric] = scores
    chosen = [n for n in scores if kind == "any" or net.graph.nodes[n].get("kind") == kind]
    chosen.sort(key=lambda n: (-scores[n], net.graph.nodes[n].get("label", n), n))
    return [Ranked(net.info(n), round(scores[n], 6)) for n in chosen[:top]]


def path(net: Network, a: str, b: str) -> list[Hop]:
    """The shortest chain linking ``a`` to ``b``: the first hop is ``a`` itself (relation '')."""
    src, dst = resolve(net, a), resolve(net, b)
    try:
        nodes = nx.shortest_path(net.simple, src, dst)
    except nx.NetworkXNoPath:
        raise NotFound(f"{net.info(src).label} and {net.info(dst).label} are not connected") from None
    return [Hop("", net.info(src))] + [Hop(net.relation(u, v), net.info(v)) for u, v in pairwise(nodes)]


def ego(net: Network, center: str, depth: int = 1) -> list[Neighbour]:
    """Everything within ``depth`` steps of ``center``, nearest first, each with the step that reached it."""
    if depth < 1:
        raise HumasgraphError(f"depth={depth}: expected 1 or more")
    src = resolve(net, center)
    parents = nx.predecessor(net.simple, src, cutoff=depth)
    distances = nx.single_source_shortest_path_length(net.simple, src, cutoff=depth)
    out = []
    for node, d in distances.items():
        if node == src:
            continue
        via = sorted(parents[node])[0]
        out.append(Neighbour(net.info(node), d, net.relation(via, node), net.info(via)))
    out.sort(key=lambda n: (n.distance, n.node.kind, n.node.label, n.node.iri))
    return out


def top_speakers(net: Network, start: dt.date | None, end: dt.date | None, limit: int) -> list[Ranked]:
    """People with the most statements (within ``start``..``end`` when given), most first."""
    if start is None and end is None:
        counts = net.speakers
    else:
        lo = bisect.bisect_left(net.dated, (start or dt.date.min, ""))
        hi = bisect.bisect_right(net.dated, (end or dt.date.max, "\uffff"))
        counts = Counter(speaker for _, speaker in net.dated[lo:hi])
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], net.info(kv[0]).label, kv[0]))
    return [Ranked(net.info(iri), float(n)) for iri, n in ranked[:limit]]
