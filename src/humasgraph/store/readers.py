"""Reader processes: users' queries run in a few processes over snapshots of the embedded store.

A pyoxigraph query cannot be cancelled, and a thread that runs one cannot be stopped: a query
abandoned at its timeout went on at 100 % of a core for minutes, or grew by 270 MB/s. A process
can be killed. So ``/sparql`` hands each query to a reader process and kills it at the timeout
(a new one takes its place on the next query). The server process stays the store's one writer;
readers open snapshots of it (``Store.backup``: hard links, 2-30 ms, measured), a fresh one made
when the store has changed and the last is older than ``refresh`` seconds, so new articles are
visible within about that. Opening the live store read-only beside a writer is undefined
behaviour in pyoxigraph 0.5, which has no secondary mode any more.

Each reader is also fenced in: a data limit (``RLIMIT_DATA``) so that a query that grows
without bound fails instead of eating the machine; the lowest CPU priority (nice 19), so that
the server's own requests come first; and, where the kernel allows unprivileged user
namespaces, a network namespace of its own with no interface up, so that not even a ``SERVICE``
the checks missed could reach another host.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import shutil
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from .fences import isolate_network, limit_memory, lowest_priority

if TYPE_CHECKING:
    from .oxigraph import OxigraphStore

__all__ = ["Busy", "ReaderDied", "Readers"]

# Memory a reader writes to open a snapshot, beside a query's own: RocksDB opens its files on up
# to 16 threads with an 8 MB stack each (163 MB above a started reader at the peak, measured).
_OPENING = 256 * 1024 * 1024
# Seconds a new reader may take to import its modules and say it is ready.
_START_TIMEOUT = 60.0


class Busy(StoreError):
    """Every reader is busy and none came free in time."""


class ReaderDied(StoreError):
    """A reader process ended while answering (its memory limit, most likely)."""


@dataclass(frozen=True)
class Job:
    """One query for a reader: the arguments of ``answers.answer`` besides the store."""

    text: str
    wanted: Any
    limits: Any
    graph_base: str
    all_graph: str
    defaults: tuple[str, ...]
    named: tuple[str, ...]


def _main(conn: Connection, memory: int) -> None:
    """A reader: answer the jobs that come down ``conn``, each over the snapshot it names."""
    isolated = isolate_network()  # first, while this process has one thread (unshare needs that)
    lowest_priority()
    import functools  # noqa: PLC0415

    import pyoxigraph as ox  # noqa: PLC0415

    from ..errors import QueryRejected  # noqa: PLC0415
    from ..model.vocab import NS  # noqa: PLC0415
    from ..sparql.answers import NotAcceptable, TooLarge, answer  # noqa: PLC0415
    from ..sparql.guard import check_query  # noqa: PLC0415

    with contextlib.suppress(QueryRejected):
        check_query("ASK {}", "urn:")  # builds rdflib's grammar now, not during the first job
    # ``memory`` is what one query may add, on top of opening the snapshot (before any thread
    # makes a malloc arena of its own).
    limit_memory(_OPENING + memory if memory else 0)
    conn.send(("ready", isolated))
    opened: tuple[str, Any] | None = None
    while True:
        try:
            snapshot, job = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[Any, ...]
        try:
            if opened is None or opened[0] != snapshot:
                opened = None
                opened = (snapshot, ox.Store.read_only(snapshot))
            run = functools.partial(opened[1].query, prefixes=dict(NS))
            got = answer(run, job.text, job.wanted, job.limits, graph_base=job.graph_base,
                         all_graph=ox.NamedNode(job.all_graph), defaults=list(job.defaults),
                         named=list(job.named))
            reply = ("ok", got.body, got.media_type, got.truncated)
        except NotAcceptable as exc:
            reply = ("not_acceptable", str(exc))
        except TooLarge as exc:
            reply = ("too_large", str(exc))
        except QueryRejected as exc:
            reply = ("rejected", str(exc))
        except TimeoutError:
            reply = ("timeout", "")
        except MemoryError:
            reply = ("memory", "")
        except (StoreError, OSError) as exc:
            reply = ("error", str(exc))
        conn.send(reply)


class _Reader:
    """One reader process and the pipe to it."""

    def __init__(self, memory: int) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(child, memory), daemon=True, name="humasgraph-reader")
        self.process.start()
        child.close()
        self.snapshot: Path | None = None
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise StoreError(f"a reader process did not start within {_START_TIMEOUT:g} s")
        try:
            _, self.isolated = self.conn.recv()
        except EOFError:
            self.kill()
            raise StoreError("a reader process exited as it started") from None

    def ask(self, snapshot: Path, job: Job, timeout: float) -> tuple[Any, ...]:
        self.snapshot = snapshot
        self.conn.send((str(snapshot), job))
        if not self.conn.poll(timeout):
            raise TimeoutError
        try:
            reply: tuple[Any, ...] = self.conn.recv()
        except EOFError:
            raise ReaderDied("the reader process ended while answering") from None
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.conn.close()


class Readers:
    """At most ``size`` reader processes over snapshots of ``store``; a query past its time kills its reader."""

    def __init__(self, store: OxigraphStore, size: int, memory_mb: int, refresh: float) -> None:
        if store.path is None:
            raise StoreError("reader processes need an on-disk store (an in-memory one cannot be shared)")
        self.store = store
        self.size = size
        self.memory_mb = memory_mb
        self.memory = memory_mb * 1024 * 1024
        self.refresh = refresh
        # Beside the store, so that snapshots are hard links (the same file system); the store's
        # lock makes this process the only one using the name, so anything left there is stale.
        self.folder = store.path.parent / f".{store.path.name}.readers"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        self._slots = threading.Semaphore(size)
        self._lock = threading.Lock()
        self._came_free = threading.Condition(self._lock)
        self._starting = 0
        self._idle: list[_Reader] = []
        self._busy: set[_Reader] = set()
        self._snapshots: list[Path] = []
        self._pinned: dict[Path, int] = {}
        self._made = 0.0
        self._count = 0
        self._position = -1
        self.killed = 0
        self.closed = False
        # Started ahead, so that no query waits a second for a process to import its modules.
        for _ in range(size):
            self._replace()

    def run(self, job: Job, timeout: float, wait: float) -> tuple[Any, ...]:
        """The reply of a reader to ``job``; ``TimeoutError`` (its reader killed) past ``timeout``."""
        if not self._slots.acquire(timeout=wait):
            raise Busy(f"all {self.size} SPARQL readers are busy")
        try:
            if self.closed:
                raise StoreError("the store is closed")
            snapshot = self._snapshot()
            try:
                reader = self._take()
                try:
                    return reader.ask(snapshot, job, timeout)
                except BaseException:
                    self._discard(reader)
                    raise
                finally:
                    self._give_back(reader)
            finally:
                with self._lock:
                    self._pinned[snapshot] -= 1
        finally:
            self._slots.release()
            self._collect()

    def pids(self) -> list[int]:
        """The process ids of the readers alive now."""
        with self._lock:
            return [r.process.pid for r in (*self._idle, *self._busy) if r.process.pid is not None]

    def _take(self) -> _Reader:
        with self._lock:
            # A reader starting in the background is ready sooner than one started now.
            self._came_free.wait_for(lambda: self._idle or not self._starting, _START_TIMEOUT)
            if self._idle:
                reader = self._idle.pop()
                self._busy.add(reader)
                return reader
        reader = _Reader(self.memory)
        with self._lock:
            self._busy.add(reader)
        return reader

    def _give_back(self, reader: _Reader) -> None:
        with self._lock:
            if reader in self._busy:
                self._busy.discard(reader)
                if self.closed:
                    reader.kill()
                else:
                    self._idle.append(reader)
                    self._came_free.notify_all()

    def _discard(self, reader: _Reader) -> None:
        with self._lock:
            self._busy.discard(reader)
            self.killed += 1
        reader.kill()
        self._replace()

    def _replace(self) -> None:
        """Start a reader in the background, to wait idle for the next query."""
        def start() -> None:
            # Priority is per thread on Linux, and a child inherits it from the thread that forks
            # it: the new reader imports its modules at the lowest priority too, not at the
            # server's expense.
            lowest_priority()
            reader: _Reader | None = None
            try:
                reader = _Reader(self.memory)
            except StoreError:
                pass  # the next query starts one itself, and reports why that fails
            finally:
                with self._lock:
                    self._starting -= 1
                    if reader is not None and not self.closed and len(self._idle) + len(self._busy) < self.size:
                        self._idle.append(reader)
                        reader = None
                    self._came_free.notify_all()
            if reader is not None:
                reader.kill()

        with self._lock:
            self._starting += 1
        threading.Thread(target=start, name="humasgraph-reader-start", daemon=True).start()

    def _snapshot(self) -> Path:
        """The newest snapshot, made anew when the store changed and the last is ``refresh`` s old."""
        with self._lock:
            stale = not self._snapshots or time.monotonic() - self._made >= self.refresh
            if stale:
                position = self.store.position()
                if not self._snapshots or position != self._position:
                    self._count += 1
                    target = self.folder / str(self._count)
                    self.store.snapshot(target)
                    self._snapshots.append(target)
                    self._position = position
                self._made = time.monotonic()
            newest = self._snapshots[-1]
            # Pinned from here until the query is answered, so that no other query's clean-up
            # removes it before the reader has opened it.
            self._pinned[newest] = self._pinned.get(newest, 0) + 1
            return newest

    def _collect(self) -> None:
        """Remove the snapshots no reader holds, but the newest."""
        with self._lock:
            held = {r.snapshot for r in (*self._idle, *self._busy)}
            held.update(path for path, n in self._pinned.items() if n)
            self._pinned = {path: n for path, n in self._pinned.items() if n}
            keep: list[Path] = []
            for path in self._snapshots[:-1]:
                if path in held:
                    keep.append(path)
                else:
                    shutil.rmtree(path, ignore_errors=True)
            self._snapshots = keep + self._snapshots[-1:]

    def close(self) -> None:
        """Kill every reader and remove the snapshots."""
        with self._lock:
            self.closed = True
            readers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
        for reader in readers:
            reader.kill()
        shutil.rmtree(self.folder, ignore_errors=True)
