"""The flagship question's latency on the embedded store vs a remote SPARQL store, same data, same run.

Imports the same synthetic articles through the importer into an on-disk embedded store and into
an Oxigraph server that this script starts on a free port (and, with ``--endpoint``, into any
other SPARQL 1.1 server, e.g. Virtuoso), then times the flagship question (a page of 50
coordination meetings, and one event) on each, round robin, counting the store requests each makes.

    .venv/bin/python benchmarks/remote_latency.py [--articles 10000] [--repeat 30] [--data DIR]
    .venv/bin/python benchmarks/remote_latency.py --endpoint http://127.0.0.1:8890/sparql \\
        --update-url http://127.0.0.1:8890/sparql-auth --user dba --password dba
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
from processes import free_port, stop

from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate


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


class Subject:
    """One store under test: its services, import rate, and the flagship calls to time."""

    def __init__(self, name: str, services: Services, n: int, reuse: bool) -> None:
        self.name, self.services = name, services
        have = services.stats().get("articles", 0)
        if reuse and have >= n:
            print(f"  {name}: reusing {have} articles already there", file=sys.stderr)
            self.rate = "(reused)"
        else:
            if have:
                graphs = services.store.graphs()  # type: ignore[attr-defined]
                for start in range(0, len(graphs), 500):
                    services.store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs[start:start + 500]))
            print(f"  {name}: importing {n} articles …", file=sys.stderr)
            self.rate = f"{n / load(services, n):,.0f}"
        self.page_size = len(services.flagship())
        self.one = [services.flagship()[0].iri]
        self.requests = {"page": self._requests(self.page), "one": self._requests(self.one_event)}
        self.times: dict[str, list[float]] = {"page": [], "one": []}

    def page(self) -> object:
        return self.services.flagship()

    def one_event(self) -> object:
        return self.services.flagship(events=self.one)

    def _requests(self, fn: Callable[[], object]) -> int:
        before = self.services.store.queries  # type: ignore[attr-defined]
        fn()
        return int(self.services.store.queries - before)  # type: ignore[attr-defined]

    def time_once(self) -> None:
        for key, fn in (("page", self.page), ("one", self.one_event)):
            start = time.perf_counter()
            fn()
            self.times[key].append((time.perf_counter() - start) * 1000)

    def row(self) -> list[str]:
        def fmt(ts: list[float]) -> str:
            ts = sorted(ts)
            return f"{statistics.median(ts):.1f} / {ts[min(len(ts) - 1, int(len(ts) * 0.95))]:.1f}"
        return [self.name, self.rate, fmt(self.times["page"]), str(self.requests["page"]),
                fmt(self.times["one"]), str(self.requests["one"]), str(self.page_size)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--data", type=Path, help="keep the embedded store and the Oxigraph server's database here "
                                              "(and reuse them when they hold the articles already)")
    ap.add_argument("--endpoint", help="query URL of another SPARQL server to measure (our graphs are replaced)")
    ap.add_argument("--update-url", default="")
    ap.add_argument("--user", default="")
    ap.add_argument("--password", default="")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = args.data or Path(tmp)
        reuse = args.data is not None
        subjects = [Subject("embedded (on disk)", Services.open(Settings(store=str(data / "embedded"))),
                            args.articles, reuse)]
        proc, root = start_oxigraph(data / "server")
        try:
            subjects.append(Subject("Oxigraph server (HTTP)", Services.open(Settings(
                store=f"{root}/query", update_url=f"{root}/update", graph_store_url=f"{root}/store")),
                args.articles, reuse))
            if args.endpoint:
                other = Services.open(Settings(store=args.endpoint, update_url=args.update_url,
                                               store_user=args.user, store_password=args.password))
                other.stats()
                server = other.store.query_endpoint.server or args.endpoint  # type: ignore[attr-defined]
                subjects.append(Subject(server.split()[0], other, args.articles, reuse))
            # Round robin after a warm-up, so that the machine's load falls on every store alike.
            for s in subjects:
                s.page(), s.one_event()
            for _ in range(args.repeat):
                for s in subjects:
                    s.time_once()
        finally:
            for s in subjects:
                s.services.close()
            stop(proc)

    rows = [s.row() for s in subjects]
    head = ["store", "import articles/s", "flagship page ms (median / p95)", "requests",
            "one event ms (median / p95)", "requests", "events on page"]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    print(f"{args.articles} synthetic articles, {args.repeat} timed runs each")
    for r in [head, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    base_page = statistics.median(subjects[0].times["page"])
    base_one = statistics.median(subjects[0].times["one"])
    for s in subjects[1:]:
        print(f"{s.name}: flagship page {statistics.median(s.times['page']) / base_page:.1f}x, "
              f"one event {statistics.median(s.times['one']) / base_one:.1f}x the embedded store's median")


if __name__ == "__main__":
    main()
