"""The flagship question's latency on the embedded store vs a remote SPARQL store, same data, same run.

Imports the same synthetic articles through the importer into an on-disk embedded store and into
an Oxigraph server that this script starts on a free port (and, with ``--endpoint``, into any
other SPARQL 1.1 server, e.g. Virtuoso), then times the flagship question (a page of 50
coordination meetings, and one event) on each, counting the store requests each makes.

    .venv/bin/python benchmarks/remote_latency.py [--articles 10000] [--repeat 30]
    .venv/bin/python benchmarks/remote_latency.py --endpoint http://127.0.0.1:8890/sparql \\
        --update-url http://127.0.0.1:8890/sparql-auth --user dba --password dba
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx

from humasgraph.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_oxigraph(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """An Oxigraph server on a free port; its process and root URL."""
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(f"{root}/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return proc, root
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"the oxigraph server did not start at {root}")


def articles(n: int) -> Iterator[Loaded]:
    for i, doc in enumerate(generate(n, seed=1)):
        yield Loaded(doc, doc.index(f"synthetic-{i}"), f"synthetic-{i}")


def load(services: Services, n: int) -> float:
    """Import ``n`` synthetic articles; seconds taken. Articles the shapes refuse are reported and skipped."""
    start = time.perf_counter()
    failed = [o for o in services.importer.import_loaded(articles(n)) if o.status == "failed"]
    seconds = time.perf_counter() - start
    print(f"    imported in {seconds:.0f} s; {len(failed)} article(s) refused"
          + (f", first: {failed[0].errors[0]}" if failed else ""), file=sys.stderr)
    return seconds


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, 95th percentile) milliseconds of ``fn`` over ``repeat`` calls, after one warm-up."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def measure(name: str, services: Services, n: int, repeat: int, rows: list[list[str]]) -> None:
    seconds = load(services, n)
    store = services.store
    page = services.flagship()
    one = [page[0].iri]
    before = store.queries  # type: ignore[attr-defined]
    services.flagship()
    page_requests = store.queries - before  # type: ignore[attr-defined]
    before = store.queries  # type: ignore[attr-defined]
    services.flagship(events=one)
    one_requests = store.queries - before  # type: ignore[attr-defined]
    page_ms = timed(services.flagship, repeat)
    one_ms = timed(lambda: services.flagship(events=one), repeat)
    rows.append([name, f"{n / seconds:,.0f}", f"{page_ms[0]:.1f} / {page_ms[1]:.1f}", str(page_requests),
                 f"{one_ms[0]:.1f} / {one_ms[1]:.1f}", str(one_requests), str(len(page))])
    print(f"  {name}: done", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--endpoint", help="query URL of another SPARQL server to measure (emptied of our graphs)")
    ap.add_argument("--update-url", default="")
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    args = ap.parse_args()

    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        print(f"importing {args.articles} synthetic articles into each store …", file=sys.stderr)
        embedded = Services.open(Settings(store=str(Path(tmp) / "embedded")))
        measure("embedded (on disk)", embedded, args.articles, args.repeat, rows)
        embedded.close()

        proc, root = start_oxigraph(Path(tmp) / "server")
        try:
            remote = Services.open(Settings(store=f"{root}/query", update_url=f"{root}/update",
                                            graph_store_url=f"{root}/store"))
            measure("Oxigraph server (HTTP)", remote, args.articles, args.repeat, rows)
            remote.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()

        if args.endpoint:
            other = Services.open(Settings(store=args.endpoint, update_url=args.update_url,
                                           store_user=args.user, store_password=args.password))
            graphs = other.store.graphs()  # type: ignore[attr-defined]
            for start in range(0, len(graphs), 500):
                other.store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs[start:start + 500]))
            server = other.store.query_endpoint.server or args.endpoint  # type: ignore[attr-defined]
            measure(server.split()[0], other, args.articles, args.repeat, rows)
            other.close()

    head = ["store", "import articles/s", "flagship page ms (median / p95)", "requests",
            "one event ms (median / p95)", "requests", "events on page"]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    base_page = float(rows[0][2].split()[0])
    base_one = float(rows[0][4].split()[0])
    for r in rows[1:]:
        print(f"{r[0]}: flagship page {float(r[2].split()[0]) / base_page:.1f}x, "
              f"one event {float(r[4].split()[0]) / base_one:.1f}x the embedded store's median")


if __name__ == "__main__":
    main()
