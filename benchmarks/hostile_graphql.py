"""Hostile GraphQL analytics: whole-network centrality against `humasgraph serve`, the latency of a
cheap GraphQL request meanwhile, and whether the work stopped with the timeout.

Run: .venv/bin/python benchmarks/hostile_graphql.py [--articles 10000] [--timeout 10] [--store DIR]

The script seeds an on-disk store (the seed article and --articles synthetic ones, as
benchmarks/load.py does; `--store` keeps it, and reuses one that exists), starts `humasgraph
serve` on a free loopback port and, while one client sends a cheap GraphQL request every 50 ms:
1. from the moment the server answers /healthz, asks `topSpeakers` every 0.5 s until it answers
   (the network projection is built in the background meanwhile; until then: TIMEOUT);
2. asks each heavy centrality query in turn and, after each answer, measures the CPU the server
   and every process it started use in the 1 s after the answer and in the 1-2 s after it, and
   whether the metric worker that ran it is gone.
Everything is bounded: the build wait by 120 s, each heavy query by the timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from hostile import children, cpu_seconds
from load import percentile, seed_store
from processes import free_port, stop

CHEAP = {"query": "{ events(first: 1) { edges { node { name } } } }"}
NETWORK = {"query": "{ topSpeakers(first: 1) { statements } }"}
HEAVY = {
    "PageRank, whole network": "{ centrality(metric: PAGERANK, first: 100) { score } }",
    "PageRank again (kept)": "{ centrality(metric: PAGERANK, first: 100) { score } }",
    "betweenness, whole network": "{ centrality(metric: BETWEENNESS, first: 100) { score } }",
    "betweenness, 2019 only": "{ centrality(metric: BETWEENNESS, first: 10, "
                              "during: {from: \"2019-01-01\", to: \"2019-12-31\"}) { score } }",
}


@dataclass
class Cheap:
    """The cheap client's latencies (ms) and errors."""

    samples: list[float]
    errors: list[str]

    def summary(self) -> str:
        if not self.samples:
            return "n=0"
        return (f"n={len(self.samples)} p50 {statistics.median(self.samples):.1f} ms, "
                f"p99 {percentile(self.samples, 0.99):.1f} ms, max {max(self.samples):.1f} ms")


async def _cheap_loop(url: str, stop_at: asyncio.Event, into: Cheap) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        while not stop_at.is_set():
            start = time.perf_counter()
            response = await http.post("/graphql", json=CHEAP)
            into.samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200 or response.json().get("errors"):
                into.errors.append(f"cheap: HTTP {response.status_code} {response.text[:200]}")
            await asyncio.sleep(0.05)


def _code(body: dict[str, object]) -> str:
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return f"{errors[0].get('extensions', {}).get('code')}: {errors[0].get('message')}"
    return "answered"


async def _wait_for_network(url: str) -> tuple[float, int, float, Cheap]:
    """Seconds until the projection answered, TIMEOUT answers before, their slowest (s), cheap latencies."""
    cheap, done = Cheap([], []), asyncio.Event()
    loop = asyncio.create_task(_cheap_loop(url, done, cheap))
    began, refused, slowest = time.monotonic(), 0, 0.0
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        while time.monotonic() - began < 120:
            t = time.monotonic()
            body = (await http.post("/graphql", json=NETWORK)).json()
            if not body.get("errors"):
                break
            refused += 1
            slowest = max(slowest, time.monotonic() - t)
            await asyncio.sleep(0.5)
    ready = time.monotonic() - began
    done.set()
    await loop
    return ready, refused, slowest, cheap


async def _heavy(url: str, server: int, query: str) -> tuple[str, float, Cheap, int, float, float]:
    """The answer, its time (s), cheap latencies meanwhile, processes gone, CPU (s) 0-1 s and 1-2 s after."""
    cheap, done = Cheap([], []), asyncio.Event()
    loop = asyncio.create_task(_cheap_loop(url, done, cheap))
    before = {server, *children(server)}
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        start = time.monotonic()
        body = (await http.post("/graphql", json={"query": query})).json()
        took = time.monotonic() - start
    answered = time.monotonic()
    gone = len([p for p in before if not Path(f"/proc/{p}").exists()])
    every = before | set(children(server))
    cpu0 = sum(cpu_seconds(p) for p in every)
    await asyncio.sleep(1.0)
    every |= set(children(server))
    cpu1 = sum(cpu_seconds(p) for p in every)
    await asyncio.sleep(max(0.0, answered + 2.0 - time.monotonic()))
    every |= set(children(server))
    cpu2 = sum(cpu_seconds(p) for p in every)
    done.set()
    await loop
    return _code(body), took, cheap, gone, cpu1 - cpu0, cpu2 - cpu1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--timeout", type=float, default=10.0, help="the server's query_timeout")
    ap.add_argument("--store", type=Path, default=None,
                    help="keep the seeded store here, and reuse it when it exists (seeding 10k takes minutes)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="humasgraph-hostile-graphql-") as tmp:
        store = args.store or Path(tmp) / "store"
        if not store.exists():
            t0 = time.perf_counter()
            seed_store(store, args.articles)
            print(f"seeded {args.articles} synthetic articles + the seed in {time.perf_counter() - t0:.1f} s")
        env = dict(os.environ, HUMASGRAPH_QUERY_TIMEOUT=str(args.timeout))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        server = subprocess.Popen([str(Path(sys.executable).with_name("humasgraph")), "--store", str(store),
                                   "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        failed = False
        try:
            while True:
                try:
                    if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() - started > 300:
                    raise SystemExit("the server did not start")
                time.sleep(0.1)
            listening = time.monotonic() - started
            print(f"{args.articles} articles, query_timeout {args.timeout:g} s; the server answered /healthz "
                  f"{listening:.1f} s after it was started")
            ready, refused, slowest, cheap = asyncio.run(_wait_for_network(url))
            print(f"  network projection (background build): topSpeakers answered {ready:.1f} s after /healthz; "
                  f"{refused} TIMEOUT answers before (slowest {slowest:.2f} s)")
            print(f"  cheap GraphQL during the build: {cheap.summary()}")
            failed = bool(cheap.errors)
            _, _, alone, _, idle, _ = asyncio.run(_heavy(url, server.pid, CHEAP["query"]))
            print(f"  baseline, the cheap client alone: {alone.summary()}; CPU of the server and its processes "
                  f"over 1 s: {idle:.2f} s")
            for name, query in HEAVY.items():
                answer, took, cheap, gone, after, later = asyncio.run(_heavy(url, server.pid, query))
                print(f"\n  {name}: {took:.2f} s: {answer[:220]}")
                print(f"    cheap GraphQL meanwhile: {cheap.summary()}")
                print(f"    processes gone: {gone}; CPU of the server and its processes 0-1 s after the answer: "
                      f"{after:.2f} s, 1-2 s after: {later:.2f} s")
                for line in cheap.errors[:3]:
                    print("    error:", line)
                failed = (failed or bool(cheap.errors) or took > args.timeout + 1.0 or later > 0.3
                          or (bool(cheap.samples) and statistics.median(cheap.samples) >= 200))
        finally:
            stop(server, signal.SIGINT)
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
