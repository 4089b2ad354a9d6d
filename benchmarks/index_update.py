"""One update of the index file, timed: the next articles of the synthetic corpus imported, then the file synced.

Run: .venv/bin/python benchmarks/index_update.py STORE --start N [--articles 2000] [--settle 30]

STORE is a store of the synthetic corpus holding its first N articles (``run.py`` leaves one per size under
its ``--work``) with its index file up to date; both are changed, so work on a copy. The articles N ..
N + ``--articles`` - 1 are imported (without a sync), ``--settle`` seconds are waited (RocksDB compacts what the
import wrote meanwhile: without the wait that work overlaps the sync and moved it by 3-5 s at 100k articles),
then ``IndexFile.sync()`` is timed (wall and this process's CPU). An A/B of two versions of the code: copy the
store and its file twice, and run each copy with one version's ``src`` on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from measure import import_ours

from humasgraph.services import Services
from humasgraph.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--start", type=int, required=True, help="articles the store holds (the corpus' first N)")
    parser.add_argument("--articles", type=int, default=2000, help="articles to import and sync")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds to wait between import and sync")
    parser.add_argument("--seed", type=int, default=0, help="the corpus' seed (run.py's --seed)")
    args = parser.parse_args(argv)
    with Services.open(Settings(store=str(args.store))) as services:
        file = services.analytics.file
        if file is None:
            parser.error(f"{args.store}: no index file (an embedded store on disk has one)")
        t = time.perf_counter()
        file.sync()  # an older layout is upgraded here, apart from the update timed below
        print(f"open and sync: {time.perf_counter() - t:.1f} s, layout {file.state('layout')}", flush=True)
        articles = services.stats()["articles"]
        if articles != args.start:
            parser.error(f"{args.store} holds {articles} articles, not {args.start}")
        import_ours(services, args.start, args.start + args.articles, args.seed)
        time.sleep(args.settle)
        t, c = time.perf_counter(), time.process_time()
        file.sync()
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        print(f"update of {args.articles} articles on {args.start}: {wall:.1f} s wall, {cpu:.1f} s CPU "
              f"({wall / args.articles * 1000:.1f} ms per article); updates {file.updates}, builds {file.builds}")
        if file.builds:
            print("the file was rebuilt, not updated: the figure is a build's", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
