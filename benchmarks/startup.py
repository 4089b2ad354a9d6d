"""Start-up of `humasgraph serve` over an existing on-disk store whose index file is current.

`.venv/bin/python benchmarks/startup.py STORE [STORE …]` starts a real server over each store (one a
benchmark run left, e.g. `--grow`'s), and prints the seconds until `/healthz` answers, the server's
resident memory then, after a search and a top-speakers request (the first of each, then the median of
nine more), and 30 s later. A store whose index file is missing or stale is rebuilt first: the time then
includes the build, and the line says so.
"""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from processes import free_port, rss_mib_of, stop, wait_until_up

from humasgraph.derived.index_layout import LAYOUT
from humasgraph.derived.indexfile import index_path

SEARCH = '{ search(q: "kementerian kominfo") { label } }'
TOP = "{ topSpeakers(first: 10) { statements person { label } } }"


def _current(store: Path) -> bool:
    path = index_path(store)
    if not path.exists():
        return False
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        state = dict(db.execute("SELECT key, value FROM state"))
    return state.get("layout") == LAYOUT


def _timed(client: httpx.Client, query: str) -> tuple[float, float]:
    times = []
    for _ in range(10):
        t = time.perf_counter()
        body = client.post("/graphql", json={"query": query}).json()
        times.append(time.perf_counter() - t)
        if "errors" in body:
            raise SystemExit(f"{query}: {body['errors'][:1]}")
    return times[0] * 1000, statistics.median(times[1:]) * 1000


def measure(store: Path) -> None:
    current = _current(store)
    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).with_name("humasgraph")), "--store", str(store), "serve",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", proc, 7200)
        up = time.perf_counter() - started
        rss_up = rss_mib_of(proc.pid)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            search = _timed(client, SEARCH)
            top = _timed(client, TOP)
        rss_read = rss_mib_of(proc.pid)
        time.sleep(30)
        rss_later = rss_mib_of(proc.pid)
    finally:
        stop(proc)
    print(f"| {store} | {'current' if current else 'rebuilt'} | {up:.1f} | {rss_up:.0f} | {rss_read:.0f} | "
          f"{rss_later:.0f} | {search[0]:.0f}, {search[1]:.1f} | {top[0]:.0f}, {top[1]:.1f} |", flush=True)


def main(argv: list[str]) -> int:
    print("| store | index file | start-up s | RSS at start, MiB | after the reads | 30 s later | "
          "search first, median ms | top speakers first, median ms |\n|---|---|---:|---:|---:|---:|---:|---:|")
    for store in argv:
        measure(Path(store))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
