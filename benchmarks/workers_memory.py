"""Resident memory of `serve --workers N` over a remote store: indexes in each worker, or one shared index file.

`.venv/bin/python benchmarks/workers_memory.py --articles 5000 --workers 2` starts the Oxigraph server
(the `oxigraph` package's) on a temporary database, imports that many synthetic articles through the
SPARQL endpoints, then serves them twice, each time as a real `humasgraph serve --workers N` process:
with the indexes (search, list orders, network projection) kept in every worker's heap, and with
`HUMASGRAPH_INDEX_FILE` naming one file all of them share. Each time, after every worker has answered
a search and a top-speakers request (which waits for the projection), it prints each worker's RSS, the
start-up time and the search's median.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from processes import children_of, free_port, rss_mib_of, stop, wait_until_up

from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

BIN = Path(sys.executable).parent
SEARCH = '{ search(q: "kementerian kominfo") { label } }'
TOP = "{ topSpeakers(first: 5) { statements person { label } } }"


def serve(settings: Settings, workers: int, index_file: str | None) -> None:
    port = free_port()
    env = {**os.environ, "HUMASGRAPH_UPDATE_URL": settings.update_url,
           "HUMASGRAPH_GRAPH_STORE_URL": settings.graph_store_url}
    if index_file is not None:
        env["HUMASGRAPH_INDEX_FILE"] = index_file
    started = time.perf_counter()
    proc = subprocess.Popen([str(BIN / "humasgraph"), "--store", settings.store, "serve", "--workers", str(workers),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", proc, 1800)
        times = []
        # Fresh connections, many of them, so that every worker answers (the kernel spreads them).
        for _ in range(8 * workers):
            with httpx.Client(base_url=base, timeout=1800) as client:
                t = time.perf_counter()
                assert "errors" not in client.post("/graphql", json={"query": SEARCH}).json()
                times.append(time.perf_counter() - t)
                assert "errors" not in client.post("/graphql", json={"query": TOP}).json()
        ready = time.perf_counter() - started
        pids = [p for p in children_of(proc.pid) if "resource_tracker" not in Path(f"/proc/{p}/cmdline").read_text()]
        rss = [rss_mib_of(p) for p in pids]
        name = "one index file" if index_file is not None else "indexes in each worker"
        print(f"| {name} | {workers} | {ready:.1f} | {' / '.join(f'{r:.0f}' for r in rss)} | {sum(rss):.0f} | "
              f"{statistics.median(times) * 1000:.1f} |", flush=True)
    finally:
        stop(proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="workers-memory-"))
    port = free_port()
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if exe is None:
        raise SystemExit("the oxigraph server is not installed: pip install -e '.[test]'")
    server = subprocess.Popen([exe, "serve", "--location", str(work / "db"), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    settings = Settings(store=f"{base}/query", update_url=f"{base}/update", graph_store_url=f"{base}/store")
    try:
        wait_until_up(f"{base}/query?query=ASK%7B%7D", server, 60)
        t = time.perf_counter()
        with Services.open(settings) as services:
            docs = list(generate(args.articles, seed=0))
            for start in range(0, len(docs), 500):
                items = [Loaded(d, d.index(d.article.url), d.article.url) for d in docs[start:start + 500]]
                failed = [o for o in services.importer.import_loaded(items) if o.status != "imported"]
                if failed:
                    raise SystemExit(f"import failed: {failed[:2]}")
        print(f"{args.articles} articles imported through the endpoints in {time.perf_counter() - t:.0f} s")
        print("| indexes | workers | start-up until every worker answered, s | RSS per worker, MiB | "
              "sum, MiB | search median, ms |\n|---|---:|---:|---:|---:|---:|")
        serve(settings, args.workers, None)
        serve(settings, args.workers, str(work / "shared.index.sqlite"))
        serve(settings, args.workers, str(work / "shared.index.sqlite"))  # again: the file is current
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
