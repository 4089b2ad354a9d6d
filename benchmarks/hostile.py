"""Hostile /sparql: heavy queries against `humasgraph serve`, the latency of a cheap GraphQL request
meanwhile, and whether the work stopped with the timeout.

Run: .venv/bin/python benchmarks/hostile.py [--articles 10000] [--timeout 5] [--rounds 2]

The script seeds a temporary on-disk store (the seed article and --articles synthetic ones, as
benchmarks/load.py does), starts `humasgraph serve` on a free loopback port, and then, per round:
two heavy queries at once from two client addresses (127.0.0.1 and 127.0.0.2; a cross join of
three small sides counted, which only the timeout ends, and a cross join sorted, which grows
memory until its limit), while one client sends a cheap GraphQL
request every 50 ms. When the heavy queries have had their answer (503), it checks that the reader
processes that ran them are gone, and measures the CPU the server and every process it started
use over the next seconds. Everything is bounded: rounds x (timeout + a few seconds).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from load import percentile, seed_store, start_server
from processes import free_port, stop

CHEAP = {"query": "{ people(first: 1) { edges { node { name } } } }"}
HEAVY = {
    # Three sides of 3,000 rows each: 2.7e10 rows to count, in little memory (CPU until killed).
    "count of a cross join of three small sides": "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"{{ SELECT ?{v} WHERE {{ ?s{v} ?p{v} ?{v} }} LIMIT 3000 }}" for v in "xyz") + " }",
    "sorted cross join": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
}
TICKS = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Every process whose parent is ``pid`` (the readers, and multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float:
    """CPU seconds ``pid`` has used (user + system); 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def _cheap_loop(url: str, stop_at: asyncio.Event, samples: list[float], errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        while not stop_at.is_set():
            start = time.perf_counter()
            response = await http.post("/graphql", json=CHEAP)
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200 or response.json().get("errors"):
                errors.append(f"cheap: HTTP {response.status_code} {response.text[:200]}")
            await asyncio.sleep(0.05)


async def _heavy(url: str, source: str, query: str) -> tuple[int, str, float]:
    transport = httpx.AsyncHTTPTransport(local_address=source)
    async with httpx.AsyncClient(base_url=url, timeout=120, transport=transport) as http:
        start = time.perf_counter()
        response = await http.get("/sparql", params={"query": query})
        return response.status_code, response.text[:160], time.perf_counter() - start


@dataclass
class Round:
    """What one round saw."""

    answers: list[tuple[int, str, float]]
    idle: list[float]
    during: list[float]
    errors: list[str]
    gone: int
    cpu_after: float
    cpu_later: float
    peak_rss: float


async def _round(url: str, server: int) -> Round:
    samples: list[float] = []
    errors: list[str] = []
    done = asyncio.Event()
    cheap = asyncio.create_task(_cheap_loop(url, done, samples, errors))
    while len(samples) < 30:
        await asyncio.sleep(0.05)
    idle = list(samples)
    samples.clear()
    before = set(children(server))
    heavy = [asyncio.create_task(_heavy(url, source, q))
             for source, q in zip(("127.0.0.1", "127.0.0.2"), HEAVY.values(), strict=True)]
    await asyncio.sleep(0.5)
    running = set(children(server)) | before
    peak_rss = 0.0
    while not all(h.done() for h in heavy):
        peak_rss = max(peak_rss, sum(_rss_mib(p) for p in running | {server}))
        await asyncio.sleep(0.1)
    answers = [h.result() for h in heavy]
    answered = time.monotonic()
    done.set()
    await cheap
    # Readers killed at the timeout are gone by the time the 503 is sent. Measured: the CPU of the
    # server and of the processes that ran the queries over the second after the answers, then of
    # every process the server has over the second after that (replacement readers start meanwhile).
    gone = [p for p in running if not Path(f"/proc/{p}").exists()]
    were = {server, *running}
    cpu0 = sum(cpu_seconds(p) for p in were)
    await asyncio.sleep(max(0.0, answered + 1.0 - time.monotonic()))
    cpu1 = sum(cpu_seconds(p) for p in were)
    every = {server, *children(server)}
    all0 = sum(cpu_seconds(p) for p in every)
    await asyncio.sleep(1.0)
    all1 = sum(cpu_seconds(p) for p in every | set(children(server)))
    return Round(answers, idle, samples, errors, len(gone), cpu1 - cpu0, all1 - all0, peak_rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--timeout", type=float, default=5.0, help="the server's query_timeout")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--store", type=Path, default=None,
                    help="keep the seeded store here, and reuse it when it exists (seeding 10k takes minutes)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="humasgraph-hostile-") as tmp:
        store = args.store or Path(tmp) / "store"
        if not store.exists():
            t0 = time.perf_counter()
            seed_store(store, args.articles)
            print(f"seeded {args.articles} synthetic articles + the seed in {time.perf_counter() - t0:.1f} s")
        os.environ["HUMASGRAPH_QUERY_TIMEOUT"] = str(args.timeout)  # start_server passes the environment on
        port = free_port()
        server = start_server(store, port)
        url = f"http://127.0.0.1:{port}"
        failed = False
        try:
            for n in range(args.rounds):
                got = asyncio.run(_round(url, server.pid))
                print(f"\nround {n + 1} (query_timeout {args.timeout:g} s, {args.articles} articles)")
                for name, (status, text, took) in zip(HEAVY, got.answers, strict=True):
                    print(f"  heavy: {name}: HTTP {status} after {took:.2f} s: {text.strip()}")
                print(f"  cheap GraphQL alone, just before: n={len(got.idle)} "
                      f"p50 {statistics.median(got.idle):.1f} ms, p99 {percentile(got.idle, 0.99):.1f} ms, "
                      f"max {max(got.idle):.1f} ms")
                print(f"  cheap GraphQL during the heavy queries: n={len(got.during)} p50 "
                      f"{statistics.median(got.during):.1f} ms, p99 {percentile(got.during, 0.99):.1f} ms, "
                      f"max {max(got.during):.1f} ms")
                print(f"  reader processes gone after the 503s: {got.gone}")
                print(f"  CPU of the server and the readers that ran the queries, in the 1 s after the answers: "
                      f"{got.cpu_after:.2f} s")
                print(f"  CPU of the server and every process it has, 1-2 s after the answers: {got.cpu_later:.2f} s")
                print(f"  peak RSS of the server and its processes: {got.peak_rss:.0f} MiB")
                for line in got.errors[:5]:
                    print("  error:", line)
                failed = (failed or bool(got.errors) or any(status != 503 for status, _, _ in got.answers)
                          or max(got.during) >= 200 or got.cpu_after > 0.2)
        finally:
            stop(server, signal.SIGINT)
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
