"""The network projection of one store, kept for the metrics analysts ask of it (``answers.py`` computes them).

``Analytics`` keeps the projection beside a store, up to date from its change feed: in the index
file beside an on-disk store (``network_reads.FileNetwork`` reads it), else in the heap
(``graphs.Network``), so a ranking such as the top speakers is answered from what is kept, never
by one corpus-wide ``GROUP BY`` per request (DESIGN.md §6). The answers are written once, over
``graphs.Reads``, which both provide.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, cast

from ..errors import FieldError, HumasgraphError, TimedOut, ValidationFailed
from ..queries.places import events_within, place_named
from ..queries.projection import read_facts
from ..store import Store
from . import picture
from .answers import centrality, check, ego, path, ranked, resolve, scoped, top_speakers
from .follower import Tracker
from .graphs import Hop, Kept, Neighbour, Network, Ranked, Reads, Scope
from .metrics import EXACT_BETWEENNESS_NODES, MetricWorkers, encode, pagerank
from .network import KINDS
from .network_reads import FileNetwork
from .picture import Picture, Sketch, kept_events

if TYPE_CHECKING:
    from .indexfile import IndexFile, Reader

# The facts ``answers.scoped`` reads besides the graph (dates of events and tenures, the agency tree).
SCOPING = ("agencies", "events", "tenures")

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

    def __init__(self, store: Store, workers: MetricWorkers | None = None, file: IndexFile | None = None) -> None:
        """``file``: the index file beside the store, which then holds the projection (none in this heap)."""
        self.store = store
        self.workers = workers
        self.file = file
        # Its own connection to the file: reading the whole projection for a measure holds up no search.
        self._file_reader = file.reader() if file is not None else None
        self._memo: Kept | None = None  # what was computed on the file's projection, at its generation
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
        """Build the projection in a background thread from now on (the first build starts now); over
        the index file, nothing: the file is built with the search index (``Services.warm``)."""
        if self.file is not None:
            return
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
        """The projection as of now (the caller must not keep it across writes: it is updated in place);
        over the index file, the whole of it read into a new ``Network``."""
        if self.file is not None and self._file_reader is not None:
            with self._from_file(self.file, self._file_reader) as net:
                return self._whole(net, KINDS)
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

    def _reading(self, deadline: float | None) -> AbstractContextManager[Reads]:
        """The projection as of now, for one answer: the heap's under the lock, or the index file's."""
        if self.file is not None and self._file_reader is not None:
            return self._from_file(self.file, self._file_reader)
        return self._from_heap(deadline)

    @contextmanager
    def _from_heap(self, deadline: float | None) -> Iterator[Reads]:
        with self._lock:
            yield self._current(deadline)

    @staticmethod
    @contextmanager
    def _from_file(file: IndexFile, reader: Reader) -> Iterator[Reads]:
        # Brought up to date unless another request is doing so (then read as it is), as a search is.
        file.sync(wait=file.current_position() is None)
        with reader.reading() as db:
            row = db.execute("SELECT value FROM state WHERE key = 'position'").fetchone()
            yield FileNetwork(db, row[0] if row else "")

    def _kept(self, net: Reads) -> Kept | Network:
        """What was computed on the projection at ``net``'s generation (dropped when it changes)."""
        if isinstance(net, Network):
            return net
        with self._lock:
            if self._memo is None or self._memo.generation != net.generation:
                self._memo = Kept(net.generation)
            return self._memo

    def _whole(self, net: Reads, kinds: tuple[str, ...] = SCOPING) -> Network:
        """The whole projection: the heap's, or a transient one read off the file for this request (with
        the facts of ``kinds``: by default those a ``Scope`` reads)."""
        return net if isinstance(net, Network) else cast(FileNetwork, net).load(kinds)

    def resolve(self, ref: str, deadline: float | None = None) -> str:
        """A node's IRI from its IRI, its IRI's tail (``person/agung-hikmati``), or its name or alias."""
        with self._reading(deadline) as net:
            return resolve(net, ref)

    def centrality(self, metric: str = "degree", kind: str = "person", top: int = 10, *,
                   start: dt.date | None = None, end: dt.date | None = None, place: str | None = None,
                   agency: str | None = None, deadline: float | None = None) -> list[Ranked]:
        """The ``top`` nodes of ``kind`` by ``metric``, in the part of the network the filters keep.

        ``place`` and ``agency`` are IRIs or names; each ranking is kept until the store changes.
        With workers, betweenness and PageRank are computed outside the lock, in a worker process
        that is killed at ``deadline`` (``TimedOut``); other requests are answered meanwhile. Over
        the index file the whole projection is read into the heap for the computation, and let go.
        """
        check(metric, kind, top)
        try:
            return self._centrality(metric, kind, top, start, end, place, agency, deadline)
        finally:
            self._let_go()

    def _let_go(self) -> None:
        """Over the index file, collect the projection a request read whole: its graph's reference cycles kept
        +120 MiB at 10k articles until a full collection came by (measured: `benchmarks/bytes.py`)."""
        if self.file is not None:
            gc.collect()

    def _centrality(self, metric: str, kind: str, top: int, start: dt.date | None, end: dt.date | None,  # noqa: PLR0917
                    place: str | None, agency: str | None, deadline: float | None) -> list[Ranked]:
        with self._reading(deadline) as reads:
            kept = self._kept(reads)
            scope = self._scope(reads, kept, start, end, place=place, agency=agency)
            if (metric, scope, kind, top) in kept.rankings:
                return kept.rankings[(metric, scope, kind, top)]
            if (metric, scope) in kept.scores:  # another kind or length of a ranking computed before
                found = kept.rankings[(metric, scope, kind, top)] = ranked(reads, kept.scores[(metric, scope)],
                                                                          kind, top)
                return found
            if metric == "degree" and not scope and isinstance(reads, FileNetwork):
                found_scores = reads.degree_scores()  # no whole projection read for it
                found = kept.rankings[(metric, scope, kind, top)] = ranked(reads, found_scores, kind, top)
                kept.scores[(metric, scope)] = found_scores
                return found
            net = self._whole(reads)
            if self.workers is None or metric == "degree" or (metric, scope) in net.scores:
                found = centrality(net, metric, kind, top, scope)
                kept.scores[(metric, scope)] = net.scores[(metric, scope)]
                kept.rankings[(metric, scope, kind, top)] = found
                return found
            nodes, ends = encode(scoped(net, scope))
            generation = net.generation
        values = self.workers.run(metric, len(nodes), ends, deadline)
        found_scores = dict(zip(nodes, values, strict=True))
        with self._lock:  # the heap's projection may have been redrawn meanwhile
            found = ranked(net, found_scores, kind, top)
            if kept.generation == generation:
                kept.scores[(metric, scope)] = found_scores
                kept.rankings[(metric, scope, kind, top)] = found
        return found

    def _scope(self, net: Reads, kept: Kept | Network, start: dt.date | None, end: dt.date | None, *,
               place: str | None, agency: str | None) -> Scope:
        """The part of ``net`` the filters name (``place`` and ``agency``: IRIs or names)."""
        place, located = self._place(kept, place)
        return Scope(start, end, place, located, self._agency(net, agency))

    def _place(self, kept: Kept | Network, place: str | None) -> tuple[str | None, frozenset[str] | None]:
        """The IRI ``place`` names and the events held within it (kept with the projection)."""
        if place is None:
            return None, None
        place = place_named(self.store, place)
        located = kept.located.get(place)
        if located is None:
            located = kept.located[place] = frozenset(events_within(self.store, place))
        return place, located

    @staticmethod
    def _agency(net: Reads, agency: str | None) -> str | None:
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
        filter (``place``, ``agency``), so that a form can put the message beside its field. Over
        the index file the edges of the picture's relation are read by their index; an agency's
        world needs the whole projection, read into the heap for this request.
        """
        try:
            return self._picture(kind, limit, start, end, place, agency, deadline)
        finally:
            if agency is not None:
                self._let_go()

    def _picture(self, kind: str, limit: int, start: dt.date | None, end: dt.date | None,  # noqa: PLR0917
                 place: str | None, agency: str | None, deadline: float | None) -> Picture:
        asked: tuple[object, ...] = ("asked", kind, limit, start, end, place, agency)
        with self._reading(deadline) as reads:
            kept = self._kept(reads)
            if asked in kept.pictures:  # the names resolve the same until the store changes
                return kept.pictures[asked]
            wrong: list[FieldError] = []
            located: tuple[str | None, frozenset[str] | None] = (None, None)
            unit = None
            try:
                located = self._place(kept, place)
            except HumasgraphError as exc:
                wrong.append(FieldError("place", str(exc)))
            try:
                unit = self._agency(reads, agency)
            except HumasgraphError as exc:
                wrong.append(FieldError("agency", str(exc)))
            if wrong:
                raise ValidationFailed("the network's filters", wrong)
            scope = Scope(start, end, *located, unit)
            key: tuple[object, ...] = ("whole", kind, limit, scope)
            if key in kept.pictures:
                kept.pictures[asked] = kept.pictures[key]
                return kept.pictures[key]
            events: set[str] | None = None
            if scope.start is not None or scope.end is not None or scope.located is not None:
                events = kept_events(reads.events(), start, end, scope.located)
            net, world = reads, None
            if scope.agency is not None:
                whole = self._whole(reads)
                net, world = whole, set(scoped(whole, scope))
            sketch = picture.whole(net, kind, world, events, agency_world=world, limit=limit)
            generation = net.generation
        return self._drawn(kept, generation, (key, asked), sketch)

    def around(self, center: str, depth: int = 1, limit: int = 100, deadline: float | None = None) -> Picture:
        """The network within ``depth`` (1–2) steps of ``center`` (an IRI, IRI tail or name), laid out."""
        with self._reading(deadline) as net:
            iri = resolve(net, center)
            kept = self._kept(net)
            key: tuple[object, ...] = ("around", iri, depth, limit)
            if key in kept.pictures:
                return kept.pictures[key]
            sketch = picture.around(net, iri, depth, limit=limit)
            generation = net.generation
        return self._drawn(kept, generation, (key,), sketch)

    def _drawn(self, kept: Kept | Network, generation: str, keys: tuple[tuple[object, ...], ...],
               sketch: Sketch) -> Picture:
        """``sketch`` laid out outside the lock (0.2 s at 300 nodes), then kept under ``keys`` if the projection
        did not change meanwhile."""
        drawn = sketch.draw()
        with self._lock:
            if kept.generation == generation:
                for key in keys:
                    kept.pictures[key] = drawn
        return drawn

    def path(self, a: str, b: str, deadline: float | None = None) -> list[Hop]:
        with self._reading(deadline) as net:
            return path(net, a, b)

    def ego(self, center: str, depth: int = 1, deadline: float | None = None) -> list[Neighbour]:
        with self._reading(deadline) as net:
            return ego(net, center, depth)

    def top_speakers(self, start: dt.date | None = None, end: dt.date | None = None,
                     limit: int = 10, deadline: float | None = None) -> list[Ranked]:
        with self._reading(deadline) as net:
            return top_speakers(net, start, end, limit)
