"""Load: 20 concurrent clients for 60 s against `humasgraph serve`, mixing flagship queries, searches
and imports through GraphQL; then every import is counted in the store.

Run: .venv/bin/python benchmarks/load.py [--clients 20] [--seconds 60] [--articles 2000]

The script seeds a temporary on-disk store (the seed article and --articles synthetic ones),
starts `humasgraph serve` on a free loopback port with a token, and runs the clients in one
asyncio loop (httpx). Each client picks, per request: the flagship query (50 %), a search (30 %)
or an import of a new synthetic article (20 %). An error is any non-200 answer, a GraphQL error,
or an import that is not ImportSucceeded. Afterwards the server is stopped, the store reopened,
and every import acknowledged to a client is looked for (its graph with its recorded size).
The baseline, measured in the same run, is one client alone doing the same mix for 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from processes import free_port, stop

from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.ingest.importer import Loaded
from humasgraph.queries.sources import source_states
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

REPO = Path(__file__).resolve().parents[1]
TOKEN = "load-test-token"
# The selection every flagship measurement sends (the query-count test and benchmarks/run.py too).
FLAGSHIP = ("query ($where: EventWhere) { events(where: $where, first: 5) { nodes {"
            + FLAGSHIP_EVENT_FIELDS + "} } }")
COORDINATION = {"type": "COORDINATION_MEETING"}
SEARCH = "query ($q: String!) { search(q: $q, first: 10) { label score } }"
IMPORT = """mutation ($doc: JSON!) { importArticle(document: $doc) {
  __typename ... on ImportSucceeded { url triples } ... on ValidationFailed { errors { path message } } } }"""
SEARCHES = ["agung hikmati", "diskominfo jateng", "gabjar pranowo", "kementerian kominfo", "sekda jateng",
            "budi santoso", "dinas kesehatan", "gubernur", "kepala dinas", "bupati"]


@dataclass
class Tally:
    """What the clients saw."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {"flagship": [], "search": [], "import": []})
    errors: list[str] = field(default_factory=list)
    imported: dict[str, int] = field(default_factory=dict)


def seed_store(path: Path, articles: int) -> None:
    services = Services.open(Settings(store=str(path)))
    try:
        services.import_paths([REPO / "seeds" / "articles"])
        docs = generate(articles, 0)
        loaded = (Loaded(d, d.index(d.article.url), d.article.url) for d in docs)
        for outcome in services.importer.import_loaded(loaded):
            if outcome.status == "failed":
                raise SystemExit(f"seeding failed: {outcome.errors}")
    finally:
        services.close()


def start_server(store: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, HUMASGRAPH_TOKEN=TOKEN)
    proc = subprocess.Popen([str(Path(sys.executable).with_name("humasgraph")), "--store", str(store), "serve",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"the server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
    proc.kill()
    raise SystemExit("the server did not become ready in 60 s")


async def client(n: int, url: str, until: float, docs: asyncio.Queue[dict[str, Any]], tally: Tally) -> None:
    rnd = random.Random(n)  # noqa: S311 - a load mix, not a secret
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=url, timeout=60, headers=headers) as http:
        while time.monotonic() < until:
            roll = rnd.random()
            if roll < 0.5:
                kind, payload = "flagship", {"query": FLAGSHIP, "variables": {"where": COORDINATION}}
            elif roll < 0.8:
                kind, payload = "search", {"query": SEARCH, "variables": {"q": rnd.choice(SEARCHES)}}
            else:
                kind, payload = "import", {"query": IMPORT, "variables": {"doc": docs.get_nowait()}}
            start = time.perf_counter()
            try:
                response = await http.post("/graphql", json=payload)
            except httpx.HTTPError as exc:
                tally.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                continue
            tally.latencies[kind].append((time.perf_counter() - start) * 1000)
            body = response.json() if response.status_code == 200 else {}
            if response.status_code != 200 or body.get("errors"):
                tally.errors.append(f"{kind}: HTTP {response.status_code} {str(body.get('errors'))[:200]}")
            elif kind == "import":
                result = body["data"]["importArticle"]
                if result["__typename"] != "ImportSucceeded":
                    tally.errors.append(f"import refused: {result}")
                else:
                    tally.imported[result["url"]] = result["triples"]


async def run_clients(url: str, clients: int, seconds: float, docs: list[dict[str, Any]]) -> Tally:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for doc in docs:
        queue.put_nowait(doc)
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(n, url, until, queue, tally) for n in range(clients)))
    return tally


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")


def report(title: str, tally: Tally, seconds: float) -> None:
    print(f"\n{title}")
    print("| request | count | per s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    every: list[float] = []
    for kind, samples in tally.latencies.items():
        every.extend(samples)
        print(f"| {kind} | {len(samples)} | {len(samples) / seconds:.1f} | {statistics.median(samples):.1f} | "
              f"{percentile(samples, 0.99):.1f} |" if samples else f"| {kind} | 0 | | | |")
    print(f"| all | {len(every)} | {len(every) / seconds:.1f} | {statistics.median(every):.1f} | "
          f"{percentile(every, 0.99):.1f} |")
    print(f"errors: {len(tally.errors)}; imports acknowledged: {len(tally.imported)}")
    for line in tally.errors[:10]:
        print("  ", line)


def count_lost(store: Path, imported: dict[str, int]) -> tuple[int, int]:
    """(imports missing or not whole, articles in the store) after the server stopped."""
    services = Services.open(Settings(store=str(store)))
    try:
        graphs = {url: services.minter.graph(url) for url in imported}
        states = source_states(services.store, services.minter.meta_graph, list(graphs.values()))
        lost = 0
        for url, graph in graphs.items():
            state = states.get(graph.value)
            actual = sum(1 for _ in services.store.quads(graph))
            if state is None or state.triples != imported[url] or actual != imported[url]:
                lost += 1
        total = int(services.store.select(
            "SELECT (COUNT(?g) AS ?n) WHERE { GRAPH ?m { ?g hg:tripleCount ?c } }")[0]["n"].value)
        return lost, total
    finally:
        services.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--baseline-seconds", type=float, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="humasgraph-load-") as tmp:
        store = Path(tmp) / "store"
        t0 = time.perf_counter()
        seed_store(store, args.articles)
        print(f"seeded {args.articles} synthetic articles + the seed in {time.perf_counter() - t0:.1f} s")
        # New articles for the imports: another synthetic seed, so URLs never collide with the store's.
        docs = [d.model_dump(mode="json", exclude_none=True) for d in generate(20_000, 7)]
        port = free_port()
        server = start_server(store, port)
        url = f"http://127.0.0.1:{port}"
        try:
            baseline = asyncio.run(run_clients(url, 1, args.baseline_seconds, docs[:5_000]))
            loaded = asyncio.run(run_clients(url, args.clients, args.seconds, docs[5_000:]))
        finally:
            stop(server, signal.SIGINT)
        report(f"baseline: 1 client, {args.baseline_seconds:g} s", baseline, args.baseline_seconds)
        report(f"load: {args.clients} clients, {args.seconds:g} s", loaded, args.seconds)
        acknowledged = {**baseline.imported, **loaded.imported}
        lost, total = count_lost(store, acknowledged)
        print(f"\nimports acknowledged: {len(acknowledged)}; lost or partial after restart: {lost}; "
              f"articles in the store: {total} (expected {args.articles + 1 + len(acknowledged)})")
        b = statistics.median([x for v in baseline.latencies.values() for x in v])
        m = statistics.median([x for v in loaded.latencies.values() for x in v])
        print(f"median latency under load / alone: {m / b:.1f}x")
        failed = loaded.errors or baseline.errors or lost or total != args.articles + 1 + len(acknowledged)
        sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
