"""The answers analysts ask of a projection's ``graphs.Reads``: names, paths, ego networks, centrality, top speakers.

They are the same over the heap's ``graphs.Network`` and the index file's
``network_reads.FileNetwork``; what needs the whole graph (``centrality``, ``scoped``) takes a
``Network``, which over the file is read into the heap for that request.
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

import networkx as nx

from ..errors import HumasgraphError, NotFound
from ..model.names import fold
from ..queries.projection import Facts, Tenure
from .graphs import KINDS, Hop, Neighbour, Network, Ranked, Reads, Scope
from .metrics import METRICS, scores
from .walks import layers, shortest

__all__ = ["centrality", "check", "ego", "path", "ranked", "resolve", "scoped", "top_speakers"]


def resolve(net: Reads, ref: str) -> str:
    """The IRI a reference names; ``NotFound`` or an error listing the candidates otherwise."""
    if net.has(ref):
        return ref
    tails = net.ending_with(ref.strip("/"))
    if len(tails) == 1:
        return tails[0]
    named = net.named(fold(ref))
    if len(named) == 1:
        return named.pop()
    if not named:
        raise NotFound(f"no person, agency, post or event named {ref!r} in the graph")
    shown = "; ".join(f"{net.info(n).describe()} <{n}>" for n in sorted(named))
    raise HumasgraphError(f"{ref!r} names {len(named)} nodes; give one IRI: {shown}")


def centrality(net: Network, metric: str, kind: str, top: int, scope: Scope | None = None) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` by ``metric`` over the undirected network (or the part ``scope`` keeps)."""
    check(metric, kind, top)
    scope = scope or Scope()
    found = net.scores.get((metric, scope))
    if found is None:
        found = net.scores[(metric, scope)] = scores(scoped(net, scope), metric)
    return ranked(net, found, kind, top)


def check(metric: str, kind: str, top: int) -> None:
    if metric not in METRICS:
        raise HumasgraphError(f"unknown metric {metric!r}; valid: {', '.join(METRICS)}")
    if kind not in KINDS:
        raise HumasgraphError(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}")
    if top < 0:
        raise HumasgraphError(f"top={top}: expected 0 or more")


RANKED_CHUNK = 500


def ranked(net: Reads, found: dict[str, float], kind: str, top: int) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` by their score in ``found``, ties by name (a node the store lost since the
    scores were computed, in a worker, is of no kind)."""
    # Nodes are looked at from the highest score down, a chunk at a time, until ``top`` of the kind are found and
    # the next score is below theirs: over the index file each node's kind is a read, and the whole network's
    # degrees name every node (all of them read took seconds at 100k articles).
    if top == 0:
        return []
    order = sorted(found, key=lambda n: -found[n])
    chosen: list[str] = []
    for at in range(0, len(order), RANKED_CHUNK):
        if len(chosen) >= top and found[order[at]] < sorted((found[n] for n in chosen), reverse=True)[top - 1]:
            break
        chunk = order[at:at + RANKED_CHUNK]
        net.prefetch(chunk)
        chosen += [n for n in chunk if kind == "any" or net.info(n).kind == kind]
    chosen.sort(key=lambda n: (-found[n], net.info(n).label, n))
    return [Ranked(net.info(n), round(found[n], 6)) for n in chosen[:top]]


def scoped(net: Network, scope: Scope) -> nx.Graph:
    """The simple undirected graph of the part of the network ``scope`` keeps (see ``Scope``)."""
    if not scope:
        return net.simple
    found = net.views.get(scope)
    if found is not None:
        return found
    f, kind = net.facts, (lambda n: net.graph.nodes[n].get("kind"))
    dated = scope.start is not None or scope.end is not None
    lo, hi = scope.start or dt.date.min, scope.end or dt.date.max

    def event_kept(e: str) -> bool:
        ev = f.events.get(e)
        if ev is None:
            return False
        if dated and (ev.start is None or (ev.end or ev.start) < lo or ev.start > hi):
            return False
        return scope.located is None or e in scope.located

    def edge_kept(data: dict[str, str]) -> bool:
        if data["relation"] == "spoke_for":
            event = data.get("event")
            return event_kept(event) if event else not (dated or scope.place)
        return True

    held = {(t.person, t.post) for t in f.tenures.values() if not dated or _overlaps(t, lo, hi)}
    g = nx.Graph()
    for u, v, data in net.graph.edges(data=True):
        if data["relation"] == "held_post" and (u, v) not in held:
            continue
        if all(kind(n) != "event" or event_kept(n) for n in (u, v)) and edge_kept(data):
            g.add_edge(u, v)
    if scope.place is not None:
        events = {e for e in g if kind(e) == "event"}
        actors = {n for e in events for n in g[e] if kind(n) in ("person", "agency")}
        posts = {p for a in actors for p in g[a] if kind(p) == "post"}
        g = g.subgraph(events | actors | posts | {a for p in posts for a in g[p] if kind(a) == "agency"}).copy()
    if scope.agency is not None:
        units = {scope.agency} | {a for a in f.agencies if scope.agency in _ancestors(f, a)}
        posts = {p for u in units if u in g for p in g[u] if kind(p) == "post"}
        people = {n for p in posts for n in g[p] if kind(n) == "person"}
        events = {e for x in units | people if x in g for e in g[x] if kind(e) == "event"}
        g = g.subgraph(units | posts | people | events).copy()
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    net.views[scope] = g
    return g


def _overlaps(t: Tenure, lo: dt.date, hi: dt.date) -> bool:
    """Whether a tenure falls in ``lo``..``hi``: by its dates, else by the dates it was seen held."""
    if t.start is None and t.end is None:
        return any(lo <= d <= hi for d in t.attested)
    return (t.start or dt.date.min) <= hi and (t.end or dt.date.max) >= lo


def _ancestors(f: Facts, agency: str) -> set[str]:
    """The agencies ``agency`` is part of, up the tree (a cycle is stopped where it closes)."""
    out: set[str] = set()
    parent = f.agencies[agency].parent if agency in f.agencies else None
    while parent is not None and parent not in out:
        out.add(parent)
        parent = f.agencies[parent].parent if parent in f.agencies else None
    return out


def path(net: Reads, a: str, b: str) -> list[Hop]:
    """The shortest chain linking ``a`` to ``b``: the first hop is ``a`` itself (relation '')."""
    src, dst = resolve(net, a), resolve(net, b)
    nodes = shortest(net, src, dst)
    if nodes is None:
        raise NotFound(f"{net.info(src).label} and {net.info(dst).label} are not connected")
    net.prefetch(nodes)
    return [Hop("", net.info(src))] + [Hop(net.relation(u, v), net.info(v)) for u, v in pairwise(nodes)]


def ego(net: Reads, center: str, depth: int = 1) -> list[Neighbour]:
    """Everything within ``depth`` steps of ``center``, nearest first, each with the step that reached it."""
    if depth < 1:
        raise HumasgraphError(f"depth={depth}: expected 1 or more")
    src = resolve(net, center)
    distances, parents = layers(net, src, depth)
    net.prefetch(distances)
    out = []
    for node, d in distances.items():
        if node == src:
            continue
        via = sorted(parents[node])[0]
        out.append(Neighbour(net.info(node), d, net.relation(via, node), net.info(via)))
    out.sort(key=lambda n: (n.distance, n.node.kind, n.node.label, n.node.iri))
    return out


def top_speakers(net: Reads, start: dt.date | None, end: dt.date | None, limit: int) -> list[Ranked]:
    """People with the most statements (within ``start``..``end`` when given), most first, ties by name."""
    return net.top_speakers(start, end, limit)
