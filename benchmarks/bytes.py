"""Where the bytes of an article go, and what a server holds in memory after start-up.

One on-disk store is grown through the sizes (``--sizes 2000,10000``; the synthetic corpus of
``benchmarks/run.py``, a smaller one a prefix of a larger one). At each size:

* every stored quad is put in one part: the article graphs' facts, their evidence (Web
  Annotations), the copy in ``all``, the provenance in the meta graph, the change feed (and the
  store's bookkeeping: position, generation), and anything else. Per article: quads, N-Quads
  bytes, and the bytes the part takes on disk alone (its quads bulk-loaded into an empty store,
  flushed and compacted), beside the whole store's size on disk;
* in a child process that opens the store as ``humasgraph serve`` does, the resident memory
  (VmRSS) after opening, after the search index and after the list orders, with each build's
  time and the median of the benchmark's searches: with the indexes and the network projection
  in memory (as before the index file), then read off the index file (which holds the projection
  too), first missing (a full build), then current (a restart). Then the times of what reads the
  projection (top speakers, ego at depth 1 and 2, a path, the picture around a person, the
  ``/network`` pictures) and the RSS after them.

``--store STORE`` measures only the start-up over the index file, on a store an earlier run left
(the 100k store of ``benchmarks/run.py``, say): no import, no parts, nothing in the heap.

Figures go to stdout as JSON and as a table to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from measure import SEARCHES, disk_size, import_ours, median_ms, rss_mib

from humasgraph.api.network_page import DEFAULT_NODES
from humasgraph.derived.analytics import Analytics
from humasgraph.derived.indexfile import index_path
from humasgraph.derived.orders import Orders
from humasgraph.derived.search import SearchIndex
from humasgraph.model.vocab import HG, OA, RDF
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store.feed import feed_predicates

PARTS = ("article graph", "evidence", "all copy", "provenance", "feed", "other")


def part_of(quad: ox.Quad, all_graph: ox.NamedNode, meta_graph: ox.NamedNode, graph_base: str) -> str:
    """The part of the store a quad belongs to."""
    graph = quad.graph_name
    if graph == all_graph:
        return "all copy"
    if graph == meta_graph:
        if quad.predicate in FEED or quad.subject == meta_graph:
            return "feed"  # the feed's records and position, the write generation
        return "provenance"
    if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(graph_base):
        return "other"
    if graph.value.endswith(("/merges", "/reference")):
        return "other"
    if quad.predicate.value.startswith(OA_BASE) or (quad.predicate == RDF.type and
                                                    quad.object.value.startswith(OA_BASE)):
        return "evidence"
    return "article graph"


FEED = feed_predicates() | {HG.generation}
OA_BASE = OA.Annotation.value.rsplit("Annotation", 1)[0]


def parts(store_dir: Path, settings: Settings, work: Path) -> dict[str, dict[str, float]]:
    """Quads, N-Quads bytes and bytes on disk alone of each part of the store in ``store_dir``."""
    services = Services.open(settings)
    store = services.store
    files = {p: (work / f"{p.replace(' ', '-')}.nq").open("w", encoding="utf-8") for p in PARTS}
    counts = dict.fromkeys(PARTS, 0)
    sizes = dict.fromkeys(PARTS, 0)
    try:
        for quad in store.quads():
            p = part_of(quad, store.all_graph, store.meta_graph, settings.base_iri + "graph/")
            line = f"{quad} .\n"
            counts[p] += 1
            sizes[p] += len(line.encode())
            files[p].write(line)
    finally:
        for f in files.values():
            f.close()
        services.close()
    out: dict[str, dict[str, float]] = {}
    for p in PARTS:
        target = work / f"alone-{p.replace(' ', '-')}"
        alone = ox.Store(str(target))
        if counts[p]:
            alone.bulk_load(path=str(work / f"{p.replace(' ', '-')}.nq"), format=ox.RdfFormat.N_QUADS)
        alone.flush()
        alone.optimize()
        del alone
        out[p] = {"quads": counts[p], "nquads_bytes": sizes[p], "disk_bytes": disk_size(target)}
        shutil.rmtree(target)
        (work / f"{p.replace(' ', '-')}.nq").unlink()
    return out


def _startup_child(store: str, mode: str, conn: Any) -> None:
    """In a fresh process: open the store as a server does, build what it keeps, measure RSS and time.

    ``mode``: "heap" keeps the search index and the list orders in memory (as before the index
    file; then the projection is built too), "file" reads them off the index file beside the store.
    """
    figures: dict[str, float] = {}
    t = time.perf_counter()
    services = Services.open(Settings(store=store))
    figures["open_s"] = time.perf_counter() - t
    figures["rss_open_mib"] = rss_mib()
    search: Any = SearchIndex(services.store, services.minter) if mode == "heap" else services.search_index
    orders: Any = Orders(services.store) if mode == "heap" else services.orders
    t = time.perf_counter()
    search.current()
    figures["search_build_s"] = time.perf_counter() - t
    figures["rss_search_mib"] = rss_mib()
    t = time.perf_counter()
    orders.warm()
    figures["orders_build_s"] = time.perf_counter() - t
    figures["rss_orders_mib"] = rss_mib()
    figures["startup_s"] = figures["open_s"] + figures["search_build_s"] + figures["orders_build_s"]
    times = []
    for _ in range(5):
        for q in SEARCHES:
            t = time.perf_counter()
            search.search(q, ["person", "agency", "post", "event"], 10)
            times.append(time.perf_counter() - t)
    figures["search_ms"] = statistics.median(times) * 1000
    analytics = Analytics(services.store) if mode == "heap" else services.analytics
    if mode == "heap":
        t = time.perf_counter()
        analytics.network()
        figures["projection_build_s"] = time.perf_counter() - t
        figures["rss_projection_mib"] = rss_mib()
    figures.update(projection_reads(analytics))
    figures["rss_reads_mib"] = rss_mib()
    services.close()
    conn.send(figures)


def _once_ms(run: Any) -> float:
    t = time.perf_counter()
    run()
    return (time.perf_counter() - t) * 1000


def projection_reads(analytics: Analytics) -> dict[str, float]:
    """Milliseconds of what reads the projection: medians of 5 after a warm-up, and the pictures' first (uncached)
    drawing."""
    top = analytics.top_speakers(limit=10)
    first, last = top[0].node.iri, top[-1].node.iri
    found = {
        "top_speakers_ms": median_ms(lambda: analytics.top_speakers(limit=10), 5),
        "top_speakers_2024_ms": median_ms(
            lambda: analytics.top_speakers(dt.date(2024, 1, 1), dt.date(2024, 12, 31), limit=10), 5),
        "ego1_ms": median_ms(lambda: analytics.ego(first, 1), 5),
        "ego2_ms": median_ms(lambda: analytics.ego(first, 2), 5),
        "path_ms": median_ms(lambda: analytics.path(first, last), 5),
        "around_ms": _once_ms(lambda: analytics.around(first, 1, 60)),
        "network_page_ms": _once_ms(lambda: analytics.picture("delegations", DEFAULT_NODES)),
        "network_2024_ms": _once_ms(lambda: analytics.picture("coappearance", DEFAULT_NODES, start=dt.date(2024, 1, 1),
                                                              end=dt.date(2024, 12, 31))),
    }
    # Then a whole-graph measure: over the index file it reads the whole projection for the request.
    found["rss_part_reads_mib"] = rss_mib()
    found["degree_ms"] = _once_ms(lambda: analytics.centrality("degree", "person", 10))
    return found


def startup(store: Path, mode: str) -> dict[str, float]:
    """The start-up figures of a server over ``store``, measured in a child process."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_startup_child, args=(str(store), mode, child))
    proc.start()
    figures: dict[str, float] = parent.recv()
    proc.join()
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--work", type=Path, default=Path("bench-results/work"))
    parser.add_argument("--keep", action="store_true", help="keep the store (its path is in the JSON)")
    parser.add_argument("--store", type=Path, metavar="STORE",
                        help="only the start-up over the index file, on a store an earlier run left (no import, "
                             "no parts, no heap): first as the file is (a full build when it is missing or stale), "
                             "then current")
    args = parser.parse_args(argv)
    if args.store is not None:
        return startup_only(args.store)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="bytes-", dir=args.work))
    store_dir = scratch / "store"
    settings = Settings(store=str(store_dir))
    results: list[dict[str, Any]] = []
    imported = 0
    try:
        for n in sizes:
            print(f"[{n}] importing articles {imported}..{n - 1}", file=sys.stderr, flush=True)
            services = Services.open(settings)
            seconds, _ = import_ours(services, imported, n, args.seed)
            services.close()
            rate = (n - imported) / seconds
            imported = n
            found: dict[str, Any] = {"articles": n, "import_rate": rate, "store_bytes": disk_size(store_dir)}
            print(f"[{n}] parts", file=sys.stderr, flush=True)
            found["parts"] = parts(store_dir, settings, scratch)
            print(f"[{n}] start-up", file=sys.stderr, flush=True)
            # In memory as before; then the index file, first missing (a full build), then current.
            found["startup"] = {"heap": startup(store_dir, "heap")}
            for index in scratch.glob("store.index.sqlite*"):
                index.unlink()
            found["startup"]["file, built"] = startup(store_dir, "file")
            found["startup"]["file, current"] = startup(store_dir, "file")
            found["index_bytes"] = sum(p.stat().st_size for p in scratch.glob("store.index.sqlite*"))
            results.append(found)
            report(found)
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    json.dump({"store": str(store_dir) if args.keep else None, "results": results}, sys.stdout, indent=1)
    print()
    return 0


def startup_only(store: Path) -> int:
    """The start-up figures over the index file of an existing store (``--store``), as JSON and a line each."""
    services = Services.open(Settings(store=str(store)), read_only=True)
    articles = services.stats()["articles"]
    services.close()
    index = index_path(store)
    found: dict[str, Any] = {"store": str(store), "articles": articles, "store_bytes": disk_size(store),
                             "startup": {"file, as found": startup(store, "file"),
                                         "file, current": startup(store, "file")},
                             "index_bytes": sum(p.stat().st_size for p in index.parent.glob(index.name + "*"))}
    print(f"\n{articles:,} articles, store on disk {found['store_bytes'] / articles / 1000:.1f} KB/article, "
          f"index file {found['index_bytes'] / articles / 1000:.2f} KB/article", file=sys.stderr)
    for mode, s in found["startup"].items():
        print(f"start-up ({mode}): {s['startup_s']:.1f} s, RSS {s['rss_orders_mib']:.0f} MiB; search median "
              f"{s['search_ms']:.1f} ms; top speakers {s['top_speakers_ms']:.1f} ms, ego {s['ego1_ms']:.0f} ms, "
              f"picture {s['around_ms']:.0f} ms, RSS after these {s['rss_part_reads_mib']:.0f} MiB; degree "
              f"(reads the whole projection) {s['degree_ms']:.0f} ms → {s['rss_reads_mib']:.0f} MiB", file=sys.stderr)
    json.dump(found, sys.stdout, indent=1)
    print()
    return 0


def report(found: dict[str, Any]) -> None:
    n = found["articles"]
    print(f"\n{n:,} articles, import {found['import_rate']:.0f} art/s, store on disk "
          f"{found['store_bytes'] / n / 1000:.1f} KB/article, "
          f"index file {found['index_bytes'] / n / 1000:.2f} KB/article",
          file=sys.stderr)
    print("| part | quads/article | N-Quads KB/article | KB/article on disk alone |", file=sys.stderr)
    print("|---|---:|---:|---:|", file=sys.stderr)
    total = {"quads": 0.0, "nquads_bytes": 0.0, "disk_bytes": 0.0}
    for p, f in found["parts"].items():
        for k in total:
            total[k] += f[k]
        print(f"| {p} | {f['quads'] / n:.1f} | {f['nquads_bytes'] / n / 1000:.1f} | {f['disk_bytes'] / n / 1000:.1f} |",
              file=sys.stderr)
    print(f"| total | {total['quads'] / n:.1f} | {total['nquads_bytes'] / n / 1000:.1f} | "
          f"{total['disk_bytes'] / n / 1000:.1f} |", file=sys.stderr)
    for mode, s in found["startup"].items():
        projection = (f"; projection {s['projection_build_s']:.1f} s → {s['rss_projection_mib']:.0f} MiB"
                      if "projection_build_s" in s else "")
        print(f"start-up ({mode}): open {s['open_s']:.1f} s, RSS {s['rss_open_mib']:.0f} MiB; search index "
              f"{s['search_build_s']:.2f} s → {s['rss_search_mib']:.0f} MiB; list orders {s['orders_build_s']:.2f} s "
              f"→ {s['rss_orders_mib']:.0f} MiB{projection}; search median {s['search_ms']:.1f} ms",
              file=sys.stderr, flush=True)
        reads = ", ".join(f"{k[:-3]} {v:.1f}" for k, v in s.items() if k.endswith("_ms") and k != "search_ms")
        print(f"  projection reads, ms: {reads}; RSS after all but degree {s.get('rss_part_reads_mib', 0):.0f} MiB, "
              f"after degree {s['rss_reads_mib']:.0f} MiB", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
