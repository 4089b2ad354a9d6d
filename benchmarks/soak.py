"""Soak: 20 clients for 60 s against `humasgraph serve`: GraphQL reads and imports (benchmarks/load.py's
mix) beside /sparql clients that send cheap and deliberately heavy queries; then the CPU once they
stop, and every acknowledged import looked for in the store.

Run: .venv/bin/python benchmarks/soak.py [--clients 20] [--sparql-clients 6] [--seconds 60] [--articles 2000]

Of the clients, --sparql-clients send /sparql queries, each from its own loopback address
(127.0.0.2, .3, ...: the per-client limit counts by address): a cheap one (a page of names, a count
over one graph) four times in five, a heavy one (a cross join counted or sorted, which only the
timeout ends) once in five. The others run load.py's client: the flagship query (50 %), a search
(30 %) or an import of a new synthetic article through the authenticated mutation (20 %).
Intended refusals are a heavy query's 503 (time or memory) and any /sparql 429 or 503 (the
per-client and reader limits); an error is anything else that is not a 200 with no GraphQL errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from hostile import children, cpu_seconds
from load import Tally, client, count_lost, report, seed_store, start_server
from processes import free_port, stop

from humasgraph.synthetic import generate

CHEAP = ["SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name LIMIT 20",
         "SELECT (COUNT(*) AS ?n) WHERE { ?e a schema:Event }",
         "ASK { ?p schema:name \"Ganjar Pranowo\" }"]
HEAVY = ["SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
         "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"]

# What a refusal names, and the name it is counted under.
REASONS = {"timeout": "query_timeout", "memory": "sparql_memory_mb", "readers busy": "sparql_workers",
           "per client": "sparql_per_client"}


async def sparql_client(n: int, url: str, until: float, tally: Tally, refused: dict[str, int]) -> None:
    """Cheap and heavy /sparql queries from the address 127.0.0.(n + 2) until ``until``."""
    rnd = random.Random(1000 + n)  # noqa: S311 - a load mix, not a secret
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{n + 2}")
    async with httpx.AsyncClient(base_url=url, timeout=120, transport=transport) as http:
        while time.monotonic() < until:
            heavy = rnd.random() < 0.2
            kind = "sparql heavy" if heavy else "sparql"
            query = rnd.choice(HEAVY if heavy else CHEAP)
            start = time.perf_counter()
            try:
                response = await http.get("/sparql", params={"query": query},
                                          headers={"Accept": "application/sparql-results+json"})
            except httpx.HTTPError as exc:
                tally.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                continue
            took = (time.perf_counter() - start) * 1000
            if response.status_code == 200 and not heavy:
                tally.latencies.setdefault(kind, []).append(took)
            elif response.status_code in (429, 503):
                why = next((w for w, setting in REASONS.items() if setting in response.text), "other")
                key = f"{kind} {response.status_code} {why}"
                refused[key] = refused.get(key, 0) + 1
                tally.latencies.setdefault(f"{kind} refused", []).append(took)
                if response.status_code == 429:
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))
            else:
                tally.errors.append(f"{kind}: HTTP {response.status_code} {response.text[:200]}")


async def soak(url: str, clients: int, sparql_clients: int, seconds: float,
               docs: list[dict[str, Any]]) -> tuple[Tally, dict[str, int]]:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for doc in docs:
        queue.put_nowait(doc)
    tally = Tally()
    refused: dict[str, int] = {}
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(n, url, until, queue, tally) for n in range(clients - sparql_clients)),
                         *(sparql_client(n, url, until, tally, refused) for n in range(sparql_clients)))
    return tally, refused


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--sparql-clients", type=int, default=6)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--articles", type=int, default=2000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="humasgraph-soak-") as tmp:
        store = Path(tmp) / "store"
        t0 = time.perf_counter()
        seed_store(store, args.articles)
        print(f"seeded {args.articles} synthetic articles + the seed in {time.perf_counter() - t0:.1f} s")
        docs = [d.model_dump(mode="json", exclude_none=True) for d in generate(5_000, 7)]
        port = free_port()
        server = start_server(store, port)
        url = f"http://127.0.0.1:{port}"
        try:
            t0 = time.perf_counter()
            tally, refused = asyncio.run(soak(url, args.clients, args.sparql_clients, args.seconds, docs))
            ran = time.perf_counter() - t0
            # Two windows: readers killed at the end are replaced in the first (each start imports
            # its modules), so the second says whether anything is still at work.
            windows = []
            for _ in range(2):
                processes = {server.pid, *children(server.pid)}
                before = sum(cpu_seconds(p) for p in processes)
                time.sleep(2)
                windows.append(sum(cpu_seconds(p) for p in processes | set(children(server.pid))) - before)
        finally:
            stop(server, signal.SIGINT)
        report(f"soak: {args.clients} clients ({args.sparql_clients} on /sparql), {args.seconds:g} s "
               f"(the last answers came {ran - args.seconds:.1f} s after)", tally, args.seconds)
        print("intended refusals: " + (", ".join(f"{k}: {v}" for k, v in sorted(refused.items())) or "none"))
        print(f"CPU of the server and its processes over the 2 s after the last answer: {windows[0]:.2f} s, "
              f"over the 2 s after that: {windows[1]:.2f} s")
        lost, total = count_lost(store, tally.imported)
        expected = args.articles + 1 + len(tally.imported)
        print(f"imports acknowledged: {len(tally.imported)}; lost or partial after restart: {lost}; "
              f"articles in the store: {total} (expected {expected}); cores: {os.cpu_count()}")
        sys.exit(1 if tally.errors or lost or total != expected else 0)


if __name__ == "__main__":
    main()
