"""Centrality metrics, computed in worker processes that are killed when a request's time is up.

At 10,000 articles (23,493 nodes, 69,850 edges) betweenness took 143 s and PageRank 2.6 s
(measured in-process). A thread running them cannot be stopped: a GraphQL request abandoned at
its 10 s timeout went on pinning a core for more than two minutes. A process can be killed, so
the served app sends the scoped graph's edge list down a pipe to a worker process, waits at most
the request's remaining time, and kills the worker past it (a new one is started in its place),
as ``store/readers.py`` does for /sparql: spawned ahead, at the lowest CPU priority, with a data
limit (``RLIMIT_DATA``, not ``RLIMIT_AS``). The CLI computes in-process, as ``scores`` does.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from array import array
from multiprocessing.connection import Connection
from typing import Any

import networkx as nx

from ..errors import HumasgraphError, TimedOut
from ..store.fences import limit_memory, lowest_priority

__all__ = ["EXACT_BETWEENNESS_NODES", "METRICS", "MetricWorkers", "WorkerDied", "encode", "pagerank", "scores"]

METRICS = ("degree", "betweenness", "pagerank")
# Exact betweenness costs O(nodes × edges); past this many nodes it is estimated from a sample.
EXACT_BETWEENNESS_NODES = 2000
BETWEENNESS_SAMPLE = 500
# Seconds a new worker may take to import networkx and say it is ready.
_START_TIMEOUT = 60.0
NARROW = "narrow it with a date range (start, end), a place or an agency"


class WorkerDied(HumasgraphError):
    """A metric worker ended while computing (its memory limit, most likely)."""


def scores(g: nx.Graph, metric: str) -> dict[Any, float]:
    """``metric`` of every node of the simple undirected graph ``g``."""
    if metric == "degree":
        return dict(nx.degree_centrality(g))
    if metric == "pagerank":
        return pagerank(g)
    if metric == "betweenness":
        k = min(len(g), BETWEENNESS_SAMPLE) if len(g) > EXACT_BETWEENNESS_NODES else None
        return dict(nx.betweenness_centrality(g, k=k, seed=0))
    raise HumasgraphError(f"unknown metric {metric!r}; valid: {', '.join(METRICS)}")


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[Any, float]:
    """PageRank by power iteration, as ``nx.pagerank`` computes it, in pure Python.

    networkx's own needs numpy and scipy, which are not dependencies (they would triple the install
    for one metric); on an undirected graph each node passes its rank to its neighbours equally.
    """
    n = len(g)
    if n == 0:
        return {}
    rank = dict.fromkeys(g, 1.0 / n)
    degree = {u: g.degree(u) for u in g}
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in g if degree[u] == 0) / n
        new = dict.fromkeys(g, (1.0 - alpha) / n + dangling)
        for u in g:
            if degree[u]:
                share = alpha * rank[u] / degree[u]
                for v in g[u]:
                    new[v] += share
        if sum(abs(new[u] - rank[u]) for u in g) < n * tol:
            return new
        rank = new
    raise HumasgraphError(f"PageRank did not converge in {max_iter} iterations over {n} nodes")


def encode(g: nx.Graph) -> tuple[list[str], bytes]:
    """The nodes of ``g`` in order, and its edges as pairs of their positions (what goes down the pipe).

    Positions, not IRIs: at 10k articles the edge list is 0.6 MB instead of about 9 MB pickled.
    The worker adds the nodes in this order, so a sampled betweenness picks the same nodes.
    """
    nodes = list(g)
    index = {n: i for i, n in enumerate(nodes)}
    ends = array("i")
    for u, v in g.edges():
        ends.append(index[u])
        ends.append(index[v])
    return nodes, ends.tobytes()


def _decode(count: int, ends: bytes) -> nx.Graph:
    pairs = array("i")
    pairs.frombytes(ends)
    g = nx.Graph()
    g.add_nodes_from(range(count))
    g.add_edges_from(zip(pairs[::2], pairs[1::2], strict=True))
    return g


def _main(conn: Connection, memory: int) -> None:
    """A worker: compute the metric of each graph that comes down ``conn``, send back the scores."""
    lowest_priority()
    limit_memory(memory)  # above what the started process holds (networkx imported)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            metric, count, ends = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, Any]
        try:
            found = scores(_decode(count, ends), metric)
            reply = ("ok", [found[i] for i in range(count)])
        except MemoryError:
            reply = ("memory", "")
        except HumasgraphError as exc:
            reply = ("error", str(exc))
        conn.send(reply)


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, memory: int, timeout: float = _START_TIMEOUT) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_main, args=(child, memory), daemon=True, name="humasgraph-metrics")
        self.process.start()
        child.close()
        if not self.conn.poll(timeout):
            self.kill()
            raise TimedOut(f"a metric worker process did not start within {timeout:.1f} s; retry shortly")
        try:
            self.conn.recv()
        except EOFError:
            self.kill()
            raise WorkerDied("a metric worker process exited as it started") from None

    @property
    def pid(self) -> int:
        return self.process.pid or 0

    def kill(self) -> None:
        self.process.kill()
        self.process.join(10)
        self.conn.close()


class MetricWorkers:
    """At most ``size`` worker processes; a computation past its deadline has its worker killed."""

    def __init__(self, size: int, memory_mb: int) -> None:
        self.size = size
        self.memory_mb = memory_mb
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._came = threading.Condition(self._lock)
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._starting = 0
        self.killed = 0
        self.closed = False

    def start(self) -> None:
        """Start the workers ahead, in the background, so that no request waits for one to import networkx."""
        with self._lock:
            missing = self.size - len(self._idle) - len(self._busy) - self._starting
        for _ in range(max(missing, 0)):
            self._replace()

    def run(self, metric: str, nodes: int, ends: bytes, deadline: float | None) -> list[float]:
        """The scores of ``metric`` for nodes ``0..nodes-1``; ``TimedOut`` (its worker killed) past ``deadline``."""
        what = f"{metric} over {nodes:,} nodes and {len(ends) // 8:,} edges"
        if not self._slots.acquire(timeout=_left(deadline)):
            raise TimedOut(f"{what}: all {self.size} metric workers (analytics_workers) stayed busy "
                           "until query_timeout; retry shortly")
        try:
            if self.closed:
                raise HumasgraphError("the metric workers are closed")
            worker = self._take(deadline, what)
            try:
                worker.conn.send((metric, nodes, ends))
                left = _left(deadline)
                if not worker.conn.poll(left):
                    raise TimedOut(f"{what} took longer than the {left:.1f} s left of query_timeout and was "
                                   f"stopped; {NARROW}")
                try:
                    kind, value = worker.conn.recv()
                except EOFError:
                    raise WorkerDied(f"{what}: the worker process ended while computing (over analytics_memory_mb="
                                     f"{self.memory_mb}, most likely); {NARROW}") from None
            except BaseException:
                self._discard(worker)
                raise
            self._give_back(worker)
        finally:
            self._slots.release()
        if kind == "memory":
            raise HumasgraphError(f"{what} needed more than {self.memory_mb} MB (analytics_memory_mb); {NARROW}")
        if kind == "error":
            raise HumasgraphError(value)
        out: list[float] = value
        return out

    def pids(self) -> list[int]:
        """The process ids of the workers alive now (idle or computing)."""
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy)]

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self.closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
            self._came.notify_all()
        for worker in workers:
            worker.kill()

    def _take(self, deadline: float | None, what: str) -> _Worker:
        with self._lock:
            # One starting in the background is ready sooner than one started now.
            self._came.wait_for(lambda: self._idle or not self._starting, _left(deadline))
            if self._idle:
                worker = self._idle.pop()
                self._busy.add(worker)
                return worker
        left = _left(deadline)
        if left is not None and left <= 0:
            raise TimedOut(f"{what}: the metric worker process was still starting at query_timeout; retry shortly")
        worker = _Worker(self.memory_mb * 1024 * 1024, _START_TIMEOUT if left is None else min(_START_TIMEOUT, left))
        with self._lock:
            self._busy.add(worker)
        return worker

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            if not self.closed:
                self._idle.append(worker)
                self._came.notify_all()
                return
        worker.kill()

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.discard(worker)
            self.killed += 1
        worker.kill()
        self._replace()

    def _replace(self) -> None:
        """Start a worker in the background, to wait idle for the next computation."""
        def start() -> None:
            lowest_priority()  # the child inherits this thread's priority while it imports networkx
            worker: _Worker | None = None
            with contextlib.suppress(HumasgraphError):  # the next request starts one itself, and says why that fails
                worker = _Worker(self.memory_mb * 1024 * 1024)
            with self._lock:
                self._starting -= 1
                if worker is not None and not self.closed and len(self._idle) + len(self._busy) < self.size:
                    self._idle.append(worker)
                    worker = None
                self._came.notify_all()
            if worker is not None:
                worker.kill()

        with self._lock:
            if self.closed:
                return
            self._starting += 1
        threading.Thread(target=start, name="humasgraph-metrics-start", daemon=True).start()


def _left(deadline: float | None) -> float | None:
    """Seconds until ``deadline`` (never below 0), or ``None`` for no deadline."""
    return None if deadline is None else max(deadline - time.monotonic(), 0.0)
