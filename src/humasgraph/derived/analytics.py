"""The metrics analysts ask of the network projection: centrality, paths, ego networks, top speakers.

``Analytics`` keeps the projection (``graphs.Network``) beside a store and rebuilds it only when
``store.generation()`` changes, so a ranking such as the top speakers is answered from memory,
never by one corpus-wide ``GROUP BY`` per request (DESIGN.md §6).
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import threading
import time
from collections import Counter
from itertools import pairwise

import networkx as nx

from ..errors import FieldError, HumasgraphError, NotFound, TimedOut, ValidationFailed
from ..model.names import fold
from ..queries.places import events_within, place_named
from ..queries.projection import Facts, Tenure, read_facts
from ..store import Store
from . import picture
from .follower import Tracker
from .graphs import (
    KINDS,
    Hop,
    Neighbour,
    Network,
    Ranked,
    Scope,
)
from .metrics import EXACT_BETWEENNESS_NODES, METRICS, MetricWorkers, encode, pagerank, scores
from .picture import Picture, Sketch, event_kept

__all__ = ["EXACT_BETWEENNESS_NODES", "Analytics", "centrality", "ego", "pagerank", "path", "resolve", "top_speakers"]

class Analytics:
    """The projection of one store, kept up to date from the store's change feed.

    The first use reads the whole store; after a write, only the entities the changed source
    graphs stated (before and after) are read again and redrawn (``derived/follower.py``, ``derived/network.py``).
    Each answer is computed under one lock, so a reader never sees a projection half redrawn.

    The served app calls ``serve``: from then on the projection is built from scratch only in a
    background thread (12.3 s at 10k articles, measured), at start-up and whenever the tracker
    cannot say what changed, and a request waits for it at most until its ``deadline``. With
    ``workers``, betweenness and PageRank are computed in worker processes killed at the
    deadline (``metrics.py``); without (the CLI), everything runs in-process as it comes.
    """

    def __init__(self, store: Store, workers: MetricWorkers | None = None) -> None:
        self.store = store
        self.workers = workers
        self.tracker = Tracker(store)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._net: Network | None = None
        self._background = False
        self._building_since: float | None = None
        self._attempt = 0
        self._builder: threading.Thread | None = None
        self._closed = False
        # (attempt, error) of the last background build that failed: raised to the requests that waited for it.
        self._failure: tuple[int, Exception] | None = None
        self.builds = 0
        self.updates = 0

    def serve(self) -> None:
        """Build the projection in a background thread from now on (the first build starts now)."""
        with self._lock:
            self._background = True
            if self._net is None and self._building_since is None:
                self._build_in_background()

    def close(self, wait: float = 60.0) -> None:
        """Start no more background builds, and wait up to ``wait`` s for the running one to end.

        Its store is closed next: a build still reading it would hold the store's files open, and
        the folder could not be opened again by another process until it let go.
        """
        with self._lock:
            self._closed = True
            builder = self._builder
        if builder is not None:
            builder.join(wait)

    def building(self) -> float | None:
        """Seconds the running background build has taken so far; ``None`` when none runs."""
        with self._lock:
            return None if self._building_since is None else time.monotonic() - self._building_since

    def network(self, deadline: float | None = None) -> Network:
        """The projection as of now (the caller must not keep it across writes: it is updated in place)."""
        with self._lock:
            return self._current(deadline)

    def _current(self, deadline: float | None = None) -> Network:
        if not self._background:
            update = self.tracker.poll() if self._net is not None else None
            if self._net is None or update is None or update.subjects is None:
                position = self.tracker.start()
                self._net = Network.build(read_facts(self.store), str(position))
                self.builds += 1
            elif update.subjects:
                self._refresh(self._net, update.subjects, update.position)
            return self._net
        waited_for: int | None = None
        while True:
            if self._building_since is None:
                if self._failure is not None and self._failure[0] == waited_for:
                    raise self._failure[1]
                if self._net is not None:
                    # Incremental refreshes stay on the request's time: they read only what changed.
                    update = self.tracker.poll()
                    if update.subjects is not None:
                        if update.subjects:
                            self._refresh(self._net, update.subjects, update.position)
                        return self._net
                waited_for = self._build_in_background()
            elif waited_for is None:
                waited_for = self._attempt
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                so_far = time.monotonic() - (self._building_since or time.monotonic())
                raise TimedOut(f"the network is still being built ({so_far:.0f} s so far); retry shortly")
            self._changed.wait(left)

    def _refresh(self, net: Network, subjects: frozenset[str], position: int) -> None:
        net.refresh(subjects, read_facts(self.store, subjects=subjects), str(position))
        self.updates += 1

    def _build_in_background(self) -> int:
        """Start a full build in a thread of its own (the lock is held); its attempt number."""
        if self._closed:
            raise HumasgraphError("the network analytics are closed (the server is stopping)")
        self._attempt += 1
        self._building_since = time.monotonic()
        self._builder = threading.Thread(target=self._build, args=(self._attempt,), name="humasgraph-network-build",
                                         daemon=True)
        self._builder.start()
        return self._attempt

    def _build(self, attempt: int) -> None:
        # Requests do not poll the tracker while a build runs, so it is this thread's alone.
        try:
            position = self.tracker.start()
            net = Network.build(read_facts(self.store), str(position))
        except Exception as exc:  # handed to the requests that waited for this build, raised there
            with self._lock:
                self._failure = (attempt, exc)
                self._building_since = None
                self._changed.notify_all()
            return
        with self._lock:
            self._net = net
            self.builds += 1
            self._failure = None
            self._building_since = None
            self._changed.notify_all()

    def resolve(self, ref: str, deadline: float | None = None) -> str:
        """A node's IRI from its IRI, its IRI's tail (``person/agung-hikmati``), or its name or alias."""
        with self._lock:
            return resolve(self._current(deadline), ref)

    def centrality(self, metric: str = "degree", kind: str = "person", top: int = 10, *,
                   start: dt.date | None = None, end: dt.date | None = None, place: str | None = None,
                   agency: str | None = None, deadline: float | None = None) -> list[Ranked]:
        """The ``top`` nodes of ``kind`` by ``metric``, in the part of the network the filters keep.

        ``place`` and ``agency`` are IRIs or names; each ranking is kept until the store changes.
        With workers, betweenness and PageRank are computed outside the lock, in a worker process
        that is killed at ``deadline`` (``TimedOut``); other requests are answered meanwhile.
        """
        _check(metric, kind, top)
        with self._lock:
            net = self._current(deadline)
            scope = self._scope(net, start, end, place, agency)
            if self.workers is None or metric == "degree" or (metric, scope) in net.scores:
                return centrality(net, metric, kind, top, scope)
            nodes, ends = encode(scoped(net, scope))
            generation = net.generation
        values = self.workers.run(metric, len(nodes), ends, deadline)
        found = dict(zip(nodes, values, strict=True))
        with self._lock:
            if self._net is net and net.generation == generation:
                net.scores[(metric, scope)] = found
            return ranked(net, found, kind, top)

    def _scope(self, net: Network, start: dt.date | None, end: dt.date | None, place: str | None,
               agency: str | None) -> Scope:
        """The part of ``net`` the filters name (``place`` and ``agency``: IRIs or names), the lock held."""
        place, located = self._place(net, place)
        return Scope(start, end, place, located, self._agency(net, agency))

    def _place(self, net: Network, place: str | None) -> tuple[str | None, frozenset[str] | None]:
        """The IRI ``place`` names and the events held within it (kept with the projection)."""
        if place is None:
            return None, None
        place = place_named(self.store, place)
        located = net.located.get(place)
        if located is None:
            located = net.located[place] = frozenset(events_within(self.store, place))
        return place, located

    @staticmethod
    def _agency(net: Network, agency: str | None) -> str | None:
        if agency is None:
            return None
        agency = resolve(net, agency)
        if net.info(agency).kind != "agency":
            raise HumasgraphError(f"agency={agency!r} is a {net.info(agency).kind}, not an agency")
        return agency

    def picture(self, kind: str, limit: int = 100, *, start: dt.date | None = None, end: dt.date | None = None,
                place: str | None = None, agency: str | None = None, deadline: float | None = None) -> Picture:
        """The whole network of ``kind`` (``picture.KINDS``) in the part the filters keep, laid out, at most
        ``limit`` nodes (the highest-degree ones); kept with the projection until the store changes.

        A place or agency that names nothing (or several) is a ``ValidationFailed`` keyed by the
        filter (``place``, ``agency``), so that a form can put the message beside its field.
        """
        asked: tuple[object, ...] = ("asked", kind, limit, start, end, place, agency)
        with self._lock:
            net = self._current(deadline)
            if asked in net.pictures:  # the names resolve the same until the store changes
                return net.pictures[asked]
            wrong: list[FieldError] = []
            located: tuple[str | None, frozenset[str] | None] = (None, None)
            unit = None
            try:
                located = self._place(net, place)
            except HumasgraphError as exc:
                wrong.append(FieldError("place", str(exc)))
            try:
                unit = self._agency(net, agency)
            except HumasgraphError as exc:
                wrong.append(FieldError("agency", str(exc)))
            if wrong:
                raise ValidationFailed("the network's filters", wrong)
            scope = Scope(start, end, *located, unit)
            key: tuple[object, ...] = ("whole", kind, limit, scope)
            if key in net.pictures:
                net.pictures[asked] = net.pictures[key]
                return net.pictures[key]
            events: set[str] | None = None
            if scope.start is not None or scope.end is not None or scope.located is not None:
                events = {e for e in net.facts.events if event_kept(net.facts, e, start, end, scope.located)}
            world = set(scoped(net, scope)) if scope.agency is not None else None
            sketch = picture.whole(net, kind, world, events, agency_world=world, limit=limit)
            generation = net.generation
        return self._drawn(net, generation, (key, asked), sketch)

    def around(self, center: str, depth: int = 1, limit: int = 100, deadline: float | None = None) -> Picture:
        """The network within ``depth`` (1–2) steps of ``center`` (an IRI, IRI tail or name), laid out."""
        with self._lock:
            net = self._current(deadline)
            iri = resolve(net, center)
            key: tuple[object, ...] = ("around", iri, depth, limit)
            if key in net.pictures:
                return net.pictures[key]
            sketch = picture.around(net, iri, depth, limit=limit)
            generation = net.generation
        return self._drawn(net, generation, (key,), sketch)

    def _drawn(self, net: Network, generation: str, keys: tuple[tuple[object, ...], ...], sketch: Sketch) -> Picture:
        """``sketch`` laid out outside the lock (0.2 s at 300 nodes), then kept with ``net`` under ``keys`` if it
        did not change meanwhile."""
        drawn = sketch.draw()
        with self._lock:
            if self._net is net and net.generation == generation:
                for key in keys:
                    net.pictures[key] = drawn
        return drawn

    def path(self, a: str, b: str, deadline: float | None = None) -> list[Hop]:
        with self._lock:
            return path(self._current(deadline), a, b)

    def ego(self, center: str, depth: int = 1, deadline: float | None = None) -> list[Neighbour]:
        with self._lock:
            return ego(self._current(deadline), center, depth)

    def top_speakers(self, start: dt.date | None = None, end: dt.date | None = None,
                     limit: int = 10, deadline: float | None = None) -> list[Ranked]:
        with self._lock:
            return top_speakers(self._current(deadline), start, end, limit)


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


def centrality(net: Network, metric: str, kind: str, top: int, scope: Scope | None = None) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` by ``metric`` over the undirected network (or the part ``scope`` keeps)."""
    _check(metric, kind, top)
    scope = scope or Scope()
    found = net.scores.get((metric, scope))
    if found is None:
        found = net.scores[(metric, scope)] = scores(scoped(net, scope), metric)
    return ranked(net, found, kind, top)


def _check(metric: str, kind: str, top: int) -> None:
    if metric not in METRICS:
        raise HumasgraphError(f"unknown metric {metric!r}; valid: {', '.join(METRICS)}")
    if kind not in KINDS:
        raise HumasgraphError(f"unknown kind {kind!r}; valid: {', '.join(KINDS)}")
    if top < 0:
        raise HumasgraphError(f"top={top}: expected 0 or more")


def ranked(net: Network, found: dict[str, float], kind: str, top: int) -> list[Ranked]:
    """The ``top`` nodes of ``kind`` by their score in ``found``, ties by name."""
    def data(n: str) -> dict[str, str]:
        # A node the store lost since the scores were computed (in a worker) has no data left.
        return net.graph.nodes[n] if n in net.graph else {}

    chosen = [n for n in found if kind == "any" or data(n).get("kind") == kind]
    chosen.sort(key=lambda n: (-found[n], data(n).get("label", n), n))
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
    # The counters are kept as statements arrive; ranking is a partial sort of them, ties by name.
    ranked = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], net.info(kv[0]).label, kv[0]))
    return [Ranked(net.info(iri), float(n)) for iri, n in ranked]
