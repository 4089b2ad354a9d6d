"""The network picture: which nodes and edges of the projection to draw, and where (a server-side layout).

Two pictures are drawn from the projection ``analytics`` keeps: the **whole** network of one kind
— who spoke for whom (delegate → principal, directed) or who appeared with whom (two people who
spoke at the same event, undirected, weighted by the events they shared) — in the part a
``Scope`` keeps (a period, a place, an agency's world); and the network **around** one entity
(everything within 1–2 steps, every relation). Past ``limit`` nodes the picture keeps the
highest-degree ones and says how many it left out.

Positions come from networkx's ``spring_layout`` with a fixed seed over nodes and edges in
sorted order, so the same graph is drawn the same way every time; they are scaled into a
``WIDTH`` × ``HEIGHT`` box. (``kamada_kawai_layout`` needs scipy, which is not a dependency.)
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from ..errors import HumasgraphError
from .walks import layers

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..queries.projection import Event, Facts
    from .graphs import Reads

__all__ = ["HEIGHT", "KINDS", "MAX_NODES", "WIDTH", "Line", "Picture", "Sketch", "Spot", "around", "event_kept",
           "kept_events", "laid_out", "whole"]

# The picture kinds of the whole network.
KINDS = ("delegations", "coappearance")
MAX_NODES = 300
WIDTH, HEIGHT, MARGIN = 1000.0, 700.0, 40.0
SEED = 0


@dataclass(frozen=True)
class Spot:
    """A node where the picture puts it."""

    iri: str
    kind: str
    label: str
    detail: str
    x: float
    y: float
    degree: int


@dataclass(frozen=True)
class Line:
    """An edge of the picture: ``relation`` is ``spoke_for`` (directed, source → target), ``appeared_with``
    (undirected, ``weight`` shared events) or another relation of the projection (``held_post`` …)."""

    source: str
    target: str
    relation: str
    weight: int = 1
    events: tuple[str, ...] = ()  # the labels of the events it was seen at, sorted


@dataclass(frozen=True)
class Picture:
    """Nodes and edges to draw, with how many nodes the cap left out."""

    spots: tuple[Spot, ...]
    lines: tuple[Line, ...]
    total: int  # nodes before the cap
    center: str | None = None

    @property
    def left_out(self) -> int:
        return self.total - len(self.spots)


class _Drawing:
    """Edges gathered before the cap: (u, v, relation) → the labels of the events each was seen at."""

    def __init__(self) -> None:
        self.edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def add(self, u: str, v: str, relation: str, event: str = "") -> None:
        if relation != "spoke_for":
            u, v = min(u, v), max(u, v)  # drawn undirected: one key per pair
        found = self.edges[(u, v, relation)]
        if event:
            found.add(event)

    def graph(self) -> nx.Graph:
        g = nx.Graph()
        for u, v, _ in sorted(self.edges):
            if u != v:
                g.add_edge(u, v)
        return g


def whole(net: Reads, kind: str, kept: set[str] | None, events: set[str] | None, *,
          agency_world: set[str] | None, limit: int) -> Sketch:
    """The network of ``kind`` (``KINDS``) over ``net`` (the projection's ``graphs.Reads``).

    ``kept``: the nodes the scope keeps (None: all); ``events``: the events it keeps (None: all,
    and edges not tied to an event are drawn); ``agency_world``: with an agency filter, a
    delegation is drawn when one of its ends is in it.
    """
    if kind not in KINDS:
        raise HumasgraphError(f"kind={kind!r}: expected one of {', '.join(KINDS)}")
    drawing = _Drawing()
    if kind == "delegations":
        edges = net.edges_of("spoke_for")
        net.prefetch({data.get("event") or "" for _, _, data in edges} - {""})
        for u, v, data in edges:
            event = data.get("event") or ""
            if events is not None and event not in events:
                continue
            if agency_world is not None and u not in agency_world and v not in agency_world:
                continue
            drawing.add(u, v, "spoke_for", net.label(event) if event else "")
    else:
        speakers: dict[str, set[str]] = defaultdict(set)
        for u, e, _ in net.edges_of("spoke_at"):
            if (events is None or e in events) and (kept is None or e in kept):
                speakers[e].add(u)
        net.prefetch(speakers)
        for e in sorted(speakers):
            people = sorted(speakers[e])
            for i, a in enumerate(people):
                for b in people[i + 1:]:
                    drawing.add(a, b, "appeared_with", net.label(e))
    return _capped(net, drawing, limit, center=None)


def around(net: Reads, center: str, depth: int, *, limit: int) -> Sketch:
    """Everything within ``depth`` (1–2) steps of ``center`` (an IRI in ``net``), every relation drawn."""
    if not 1 <= depth <= 2:
        raise HumasgraphError(f"depth={depth}: expected 1 or 2")
    if not net.has(center):
        raise nx.NodeNotFound(f"Source {center} is not in G")
    near = set(layers(net, center, depth)[0])
    drawing = _Drawing()
    edges = net.out_edges_within(near)
    net.prefetch({data.get("event") or "" for _, _, data in edges} - {""})
    for u, v, data in edges:
        event = data.get("event") or ""
        drawing.add(u, v, data["relation"], net.label(event) if event else "")
    return _capped(net, drawing, limit, center=center)


def _named(net: Reads, iri: str) -> tuple[str, str, str]:
    info = net.info(iri)
    return info.kind, info.label, info.detail


@dataclass(frozen=True)
class Sketch:
    """What a picture will draw, chosen under the projection's lock; ``draw`` lays it out (outside it)."""

    named: dict[str, tuple[str, str, str]]  # iri → (kind, label, detail)
    degrees: dict[str, int]  # in the whole drawing, before the cap
    shown: nx.Graph
    lines: tuple[Line, ...]
    total: int
    center: str | None

    def draw(self) -> Picture:
        at = laid_out(self.shown, self.center)
        spots = tuple(Spot(n, *self.named[n], *at[n], self.degrees[n])
                      for n in sorted(self.shown, key=lambda n: (self.named[n][1], n)))
        return Picture(spots, self.lines, self.total, self.center)


def _capped(net: Reads, drawing: _Drawing, limit: int, center: str | None) -> Sketch:
    """The drawing's ``limit`` highest-degree nodes (``center`` always) and the edges between them."""
    if limit < 1:
        raise HumasgraphError(f"limit={limit}: expected 1 or more")
    g = drawing.graph()
    if center is not None:
        g.add_node(center)
    net.prefetch(g)
    named = {n: _named(net, n) for n in g}
    order = sorted(g, key=lambda n: (n != center, -g.degree(n), named[n][1], n))
    chosen = set(order[:limit])
    lines = tuple(Line(u, v, relation, max(1, len(seen)), tuple(sorted(seen)))
                  for (u, v, relation), seen in sorted(drawing.edges.items()) if u in chosen and v in chosen and u != v)
    return Sketch({n: named[n] for n in chosen}, {n: g.degree(n) for n in chosen}, nx.Graph(g.subgraph(chosen)),
                  lines, g.number_of_nodes(), center)


def laid_out(g: nx.Graph, center: str | None = None) -> dict[str, tuple[float, float]]:
    """Positions of ``g``'s nodes in the ``WIDTH`` × ``HEIGHT`` box (``center``, if given, in its middle).

    Each connected part is laid out on its own and the parts are packed in rows, largest first,
    each in a square cell sized by the square root of its node count: laid out together, the parts
    drift apart and each shrinks to a knot whose lines hide under its nodes. Nodes and edges are fed
    in sorted order and the seed is fixed: the same graph, the same picture.
    """
    parts = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    if not parts:
        return {}
    if center is not None and center in g:  # an ego network: one part, its centre in the middle
        part = next(p for p in parts if center in p)
        shape = _shape(g, part, center)
        reach = max([max(abs(x), abs(y)) for x, y in shape.values()] + [1e-9])
        scale = min(1.0, 0.35 + len(part) / 15) * min(WIDTH / 2 - MARGIN, HEIGHT / 2 - MARGIN) / reach
        return {n: (_round(WIDTH / 2 + x * scale), _round(HEIGHT / 2 + y * scale)) for n, (x, y) in shape.items()}
    sides = [math.sqrt(len(p)) for p in parts]
    row_width = max(*sides, math.sqrt(sum(x * x for x in sides) * WIDTH / HEIGHT))
    cells: list[tuple[float, float, float]] = []  # (left, top, side) of each part's cell
    left = top = row_height = 0.0
    for side in sides:
        if left > 0 and left + side > row_width:
            left, top, row_height = 0.0, top + row_height, 0.0
        cells.append((left, top, side))
        left += side
        row_height = max(row_height, side)
    used_width = max(x + side for x, _, side in cells)
    used_height = top + row_height
    fill = min(1.0, 0.35 + len(g) / 15)  # the few nodes of a small graph nearer the middle than the corners
    scale = fill * min((WIDTH - 2 * MARGIN) / used_width, (HEIGHT - 2 * MARGIN) / used_height)
    x0, y0 = (WIDTH - used_width * scale) / 2, (HEIGHT - used_height * scale) / 2
    out: dict[str, tuple[float, float]] = {}
    for part, (left, top, side) in zip(parts, cells, strict=True):
        shape = _shape(g, part, None)
        reach = max([max(abs(x), abs(y)) for x, y in shape.values()] + [1e-9])
        half = side * scale / 2
        cx, cy = x0 + left * scale + half, y0 + top * scale + half
        room = half * (0.8 if len(part) > 1 else 0)  # a margin inside each cell, between parts
        out.update({n: (_round(cx + x / reach * room), _round(cy + y / reach * room)) for n, (x, y) in shape.items()})
    return out


def _shape(g: nx.Graph, part: list[str], center: str | None) -> dict[str, tuple[float, float]]:
    """A spring layout of the nodes ``part`` of ``g`` (sorted), around (0, 0); ``center`` pinned there."""
    if len(part) == 1:
        return {part[0]: (0.0, 0.0)}
    ordered = nx.Graph()
    ordered.add_nodes_from(part)
    ordered.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in g.subgraph(part).edges()))
    if center is not None:
        raw = nx.spring_layout(ordered, seed=SEED, pos={center: (0.0, 0.0)}, fixed=[center])
        return {n: (float(p[0]), float(p[1])) for n, p in raw.items()}
    raw = nx.spring_layout(ordered, seed=SEED)
    xs, ys = [float(p[0]) for p in raw.values()], [float(p[1]) for p in raw.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {n: (float(p[0]) - mx, float(p[1]) - my) for n, p in raw.items()}


def _round(v: float) -> float:
    return round(v, 1)


def event_kept(facts: Facts, event: str, start: dt.date | None, end: dt.date | None,
               located: frozenset[str] | None) -> bool:
    """Whether ``event`` was held within ``start``..``end`` (an undated one is not) and among ``located``."""
    ev = facts.events.get(event)
    return ev is not None and _held(ev, start, end, located)


def kept_events(events: Iterable[Event], start: dt.date | None, end: dt.date | None,
                located: frozenset[str] | None) -> set[str]:
    """The IRIs of the ``events`` held within ``start``..``end`` and among ``located`` (``event_kept``)."""
    return {ev.iri for ev in events if _held(ev, start, end, located)}


def _held(ev: Event, start: dt.date | None, end: dt.date | None, located: frozenset[str] | None) -> bool:
    if (start is not None or end is not None) and (
            ev.start is None or (ev.end or ev.start) < (start or dt.date.min) or ev.start > (end or dt.date.max)):
        return False
    return located is None or ev.iri in located
