"""Corpus-wide answers right after an import: kept up to date from the change feed vs rebuilt.

For a store holding N synthetic articles (built here, or a prepared one given with --store,
copied first so it is left as it was), measures in one run:

- the full build of the network projection (top speakers) and of the search index;
- the answer time of top speakers and of a search with no write in between;
- after importing 1 new article, then 100 more in one batch: the time of the first top-speakers
  ranking and the first search (each polls the change feed and updates from the changed graphs),
  beside what the same answer cost before the feed: a rebuild from the whole store;
- that the updated answers equal the rebuilt ones.

With ``--index-file`` the kept answers are the index file's (search index, orders and network
projection in ``<store>.index.sqlite``, one sync for all three): the full build is the file's,
and the first top-speakers ranking after a write pays the sync of all of them.

    .venv/bin/python benchmarks/incremental.py 10000 --store DIR [--profile] [--index-file]
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from humasgraph.derived.analytics import Analytics
from humasgraph.derived.search import SearchIndex
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

QUERIES = ("ganjar pranowo", "diskominfo jateng", "kepala bidang", "sekda")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def median_ms(fn: Callable[[], Any], runs: int = 20) -> float:
    return statistics.median(timed(fn)[0] for _ in range(runs)) * 1000


def load(services: Services, docs: list[Any], tag: str) -> float:
    items = [Loaded(d, d.index(f"{tag}-{i}"), f"{tag}-{i}") for i, d in enumerate(docs)]
    seconds, outcomes = timed(lambda: list(services.importer.import_loaded(items)))
    bad = [o for o in outcomes if o.status not in ("imported", "replaced")]
    if bad:
        raise SystemExit(f"import failed: {bad[0].errors[:2]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="synthetic articles in the store")
    parser.add_argument("--store", type=Path, help="a store holding the first N synthetic articles (copied)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", action="store_true", help="print where the full builds spend their time")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--index-file", action="store_true", help="keep the answers in the index file")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hg-incremental-"))
    figures: dict[str, Any] = {"articles": args.n}
    try:
        store_dir = work / "store"
        if args.store:
            shutil.copytree(args.store, store_dir)
        services = Services.open(Settings(store=str(store_dir)))
        if not args.store:
            print(f"importing {args.n} synthetic articles …", file=sys.stderr)
            load(services, list(generate(args.n, args.seed)), "base")
        fresh = list(itertools.islice(generate(args.n + 101, args.seed), args.n, None))

        analytics: Analytics = services.analytics if args.index_file else Analytics(services.store)
        index: Any = services.search_index if args.index_file else SearchIndex(services.store, services.minter)
        profile = cProfile.Profile() if args.profile else None
        if profile:
            profile.enable()
        if args.index_file:
            figures["full build: index file with the projection (s)"] = timed(services.warm)[0]
        figures["full build: projection (s)"] = timed(analytics.top_speakers)[0]
        figures["full build: search index (s)"] = timed(lambda: index.search(QUERIES[0]))[0]
        if profile:
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        figures["top speakers, no write (ms)"] = median_ms(analytics.top_speakers)
        figures["search, no write (ms)"] = median_ms(lambda: [index.search(q) for q in QUERIES]) / len(QUERIES)

        for label, docs in (("1 article", fresh[:1]), ("100 articles", fresh[1:])):
            figures[f"import {label} (s)"] = load(services, docs, label.replace(" ", "-"))
            profile = cProfile.Profile() if args.profile and len(docs) > 1 else None
            if profile:
                profile.enable()
            top_s, top = timed(analytics.top_speakers)
            search_s, hits = timed(lambda: index.search(QUERIES[0]))  # noqa: B023 - called at once
            if profile:
                profile.disable()
                print(f"--- updates after {label}", file=sys.stderr)
                pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
            rebuilt = Analytics(services.store)
            top_re_s, top_re = timed(rebuilt.top_speakers)
            fresh_index = SearchIndex(services.store, services.minter)
            search_re_s, hits_re = timed(lambda: fresh_index.search(QUERIES[0]))  # noqa: B023 - called at once
            figures[f"after {label}: top speakers, updated (ms)"] = top_s * 1000
            figures[f"after {label}: top speakers, rebuilt (ms)"] = top_re_s * 1000
            figures[f"after {label}: top speakers ratio (rebuilt / updated)"] = top_re_s / top_s
            figures[f"after {label}: search, updated (ms)"] = search_s * 1000
            figures[f"after {label}: search, rebuilt (ms)"] = search_re_s * 1000
            figures[f"after {label}: search ratio (rebuilt / updated)"] = search_re_s / search_s
            figures[f"after {label}: same answers"] = top == top_re and hits == hits_re
        figures["full builds / in-place updates (projection)"] = f"{analytics.builds} / {analytics.updates}"
        figures["full builds / in-place updates (search)"] = (
            f"{index.builds} / {index.updates}" if not args.index_file else
            f"{services.search_index.index.builds} / {services.search_index.index.updates} (the file)")
        services.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    width = max(len(k) for k in figures)
    for key, value in figures.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
