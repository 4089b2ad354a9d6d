"""Export rate (triples per second) and peak memory of every export format, on a synthetic store.

    .venv/bin/python benchmarks/export_rate.py --articles 10000 --store /tmp/hg-bench-10k

Builds (once; reused when it holds that many articles) an on-disk store of N articles from
``humasgraph.synthetic``, then runs each export in a child process of its own, so that each
one's peak memory (``ru_maxrss``) is its own. Two baselines run on the same store in the same
run: the floor (Oxigraph dumping its whole dataset as N-Quads in Rust, no Python per quad) and
the naive exporter a newcomer would write (one SPARQL SELECT of every quad, materialised, then
printed line by line). The ratios compare each of our formats with them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from humasgraph.exports import FORMATS, export
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate


def build(store: Path, n: int) -> None:
    services = Services.open(Settings(store=str(store)))
    try:
        have = services.stats().get("articles", 0)
        if have >= n:
            return
        started = time.perf_counter()
        docs = (Loaded(d, d.index(f"synthetic-{i}"), f"synthetic-{i}") for i, d in enumerate(generate(n)))
        failed = sum(o.status == "failed" for o in services.importer.import_loaded(docs))
        print(f"built {n} articles in {time.perf_counter() - started:.1f} s ({failed} failed)", file=sys.stderr)
    finally:
        services.close()


def run_one(store: Path, fmt: str) -> dict[str, float]:
    """One export (or baseline) to a file, in this process: seconds, bytes, triples written, peak RSS."""
    services = Services.open(Settings(store=str(store)), read_only=True)
    try:
        st = services.store
        all_triples = sum(1 for _ in st.quads(st.all_graph))
        quads = st.count()
        out = Path(tempfile.mkdtemp()) / f"export.{fmt}"
        sink = out.open("wb")
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        if fmt == "floor":
            st._store.dump(sink, __import__("pyoxigraph").RdfFormat.N_QUADS)  # type: ignore[attr-defined]
            written = quads
        elif fmt == "naive":
            rows = st.select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
            for r in rows:
                sink.write(f"{r['s']} {r['p']} {r['o']} {r['g']} .\n".encode())
            written = len(rows)
        else:
            export(services, fmt, sink)  # type: ignore[arg-type]
            written = quads - all_triples if fmt in ("trig", "nquads") else all_triples
        sink.close()
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        size = out.stat().st_size
        out.unlink()
    finally:
        services.close()
    return {"seconds": seconds, "bytes": size, "triples": written, "rss_mb": peak / 1024,
            "rss_growth_mb": (peak - before) / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/hg-bench-export"))
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.store, args.one)))
        return 0
    build(args.store, args.articles)
    results: dict[str, dict[str, float]] = {}
    for fmt in ["floor", "naive", *args.formats.split(",")]:
        done = subprocess.run([sys.executable, __file__, "--store", str(args.store), "--one", fmt],
                              capture_output=True, text=True, check=True, env=os.environ.copy())
        results[fmt] = json.loads(done.stdout)
    floor, naive = (results[k]["triples"] / results[k]["seconds"] for k in ("floor", "naive"))
    print(f"store: {args.articles} synthetic articles at {args.store}")
    print(f"{'format':<10}{'triples':>10}{'MB':>9}{'seconds':>9}{'triples/s':>12}{'vs floor':>10}"
          f"{'vs naive':>10}{'peak RSS MB':>13}{'RSS growth MB':>15}")
    for fmt, r in results.items():
        rate = r["triples"] / r["seconds"]
        print(f"{fmt:<10}{int(r['triples']):>10}{r['bytes'] / 1e6:>9.1f}{r['seconds']:>9.2f}{rate:>12,.0f}"
              f"{rate / floor:>10.2f}{rate / naive:>10.2f}{r['rss_mb']:>13.0f}{r['rss_growth_mb']:>15.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
