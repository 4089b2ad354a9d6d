"""The index file beside an on-disk store: its build, its size per table, its reads, and an update against a rebuild.

Run: .venv/bin/python benchmarks/index_file.py STORE [--reads] [--backlog N]

STORE is a store of the synthetic corpus (``run.py`` leaves one per size under its ``--work``); its
index file is rebuilt, so work on a copy whose file you can lose. In order:

1. the file is deleted and built again (``warm()``, as a server's start-up does): wall and CPU time
   (this process and its children: a large store is indexed in a child process), then the size of
   every table and index (SQLite's ``dbstat``) and per article;
2. with ``--reads``: medians of the reads the analytics pages make of the file (the whole projection,
   20 two-step ego networks, degree centrality, top speakers);
3. with ``--backlog N``: the next N articles of the corpus are imported (without a sync), the store
   and its file copied, and the copy's file brought up to date by an update (``REBUILD_AT_LEAST``
   lifted, so it is never rebuilt) while the original's is built afresh: the cost of each, per
   changed article and per article of the store, which ``REBUILD_PAST_SHARE`` weighs.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import time
from pathlib import Path

from measure import median_ms

from humasgraph.derived import indexfile
from humasgraph.derived.index_build import STEPS
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate


def cpu_s() -> float:
    """CPU seconds of this process and of its children that ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def index_files(store: Path) -> list[Path]:
    return sorted(store.parent.glob(store.name + ".index.sqlite*"))


def warm(store: Path, what: str) -> int:
    """Open the store and bring its file up to date; print the time it took. Returns the articles it holds."""
    wall, cpu = time.perf_counter(), cpu_s()
    with Services.open(Settings(store=str(store))) as services:
        services.warm()
        articles = int(services.stats()["articles"])
        file = services.analytics.file
        assert file is not None
        done = f"builds {file.builds}, updates {file.updates}, layout {file.state('layout')}"
        steps = ", ".join(f"{step} {file.state('build.' + step)} s ({file.state('build.' + step + '.cpu')} CPU)"
                          for step in (*STEPS, "indexed") if file.state("build." + step) is not None)
    # A large store's file is built in a child process: its peak memory is the children's (KiB on Linux).
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_CHILDREN, resource.RUSAGE_SELF))
    print(f"{what}: {time.perf_counter() - wall:.1f} s wall, {cpu_s() - cpu:.1f} s CPU ({done}); "
          f"peak RSS of this process or its build's {peak / 1024:.0f} MiB", flush=True)
    if steps:
        print(f"  the last build's steps: {steps}", flush=True)
    return articles


def sizes(store: Path, articles: int) -> None:
    path = indexfile.index_path(store)
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    total = sum(size for _, size in rows)
    print(f"file {path.stat().st_size / 2**20:.1f} MiB, {total / articles / 1000:.1f} KB per article; "
          f"network tables {sum(s for n, s in rows if n.startswith('net_')) / 2**20:.1f} MiB")
    for name, size in rows:
        if size >= total / 100:
            print(f"  {name:32s} {size / 2**20:8.1f} MiB")


def reads(store: Path, repeat: int = 5) -> None:
    with Services.open(Settings(store=str(store))) as services:
        services.warm()
        analytics = services.analytics
        net = analytics.network()
        people = sorted(n for n, d in net.graph.nodes(data=True) if d["kind"] == "person")[:20]
        print(f"reads, median ms: whole projection {median_ms(analytics.network, 3):.0f}; "
              f"20 ego networks {median_ms(lambda: [analytics.ego(p, 2) for p in people], repeat):.0f}; "
              f"degree centrality {median_ms(lambda: analytics.centrality('degree', 'person', 10), 3):.0f}; "
              f"top speakers {median_ms(lambda: analytics.top_speakers(limit=20), repeat):.1f}", flush=True)


def backlog(store: Path, articles: int, n: int) -> None:
    docs = list(generate(articles + n, seed=0))[articles:]
    with Services.open(Settings(store=str(store))) as services:
        wall = time.perf_counter()
        list(services.importer.import_loaded([Loaded(d, d.index(d.article.url), d.article.url) for d in docs]))
        print(f"imported {n} articles on {articles} in {time.perf_counter() - wall:.1f} s (no sync)", flush=True)
    copy = store.with_name(store.name + "-backlog")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    for path in index_files(store):
        shutil.copy(path, copy.with_name(copy.name + path.name[len(store.name):]))
    lifted = indexfile.REBUILD_AT_LEAST
    indexfile.REBUILD_AT_LEAST = 10**12  # never rebuilt: the update is what is timed
    try:
        warm(copy, f"update of {n} articles on {articles}")
    finally:
        indexfile.REBUILD_AT_LEAST = lifted
    for path in index_files(store):
        path.unlink()
    warm(store, f"build of {articles + n} articles")
    shutil.rmtree(copy)
    for path in index_files(copy):
        path.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--reads", action="store_true", help="time the analytics reads of the file")
    parser.add_argument("--backlog", type=int, default=0, metavar="N",
                        help="import N more articles, then time an update against a build")
    args = parser.parse_args(argv)
    store = args.store.resolve()
    for path in index_files(store):
        if not path.name.endswith(".lock"):
            path.unlink()
    articles = warm(store, "build")
    sizes(store, articles)
    if args.reads:
        reads(store)
    if args.backlog:
        backlog(store, articles, args.backlog)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
