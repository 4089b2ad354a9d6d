"""Grow one on-disk store toward 1M synthetic articles and record each slice of the import (issue 16, item 4).

    .venv/bin/python benchmarks/huge.py STORE [--to 1000000] [--slice 100000] [--compact] [--json FILE]

STORE is created empty or, when it holds the corpus' first N articles (``run.py`` leaves such
stores), grown from N. Each slice is imported as ``run.py`` imports (chunks of 1,000 handed to
``Importer.import_loaded``), and after it the script records: the slice's import rate and the
cumulative one, the quads stored, the folder's size (and KB per article), the importer's resident
and peak memory, the disk left. The JSON is rewritten after every slice, so a run that is stopped
still says how far it got. Before each chunk it checks the disk: when less than ``--keep-free`` GB
would be left after the next chunk (at the bytes per article seen so far), it first compacts the store
(``OxigraphStore.compact``: RocksDB merges what the import left unmerged, which can be a third of the
folder) and records how long that took and what it gave back; if the disk is still short, it stops there
and says so, rather than letting RocksDB fail on a full disk. With ``--compact`` it compacts the store
once more at the end, which gives its size as it settles (bytes as written are not bytes compacted).
Interrupted (Ctrl-C), it closes the store and records where it stopped.

The queries at the end are steps of their own, since they need the store's index file, which an
import this size leaves far behind: ``index_file.py STORE`` rebuilds it (its time, peak memory and
size), then ``startup.py STORE`` (a server's start-up, memory, search and top speakers) and
``run.py --queries-on STORE --sizes N`` (the flagship and the page against their floors, search).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CHUNK, disk_size, import_ours, machine, peak_rss_mib, rss_mib  # noqa: E402

from humasgraph.services import Services  # noqa: E402
from humasgraph.settings import Settings  # noqa: E402
from humasgraph.store import OxigraphStore  # noqa: E402

GB = 10**9


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--to", type=int, default=1_000_000, help="articles to grow the store to")
    parser.add_argument("--slice", type=int, default=100_000, help="articles per recorded slice")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep-free", type=float, default=5.0, metavar="GB",
                        help="stop before the disk would have less than this left")
    parser.add_argument("--compact", action="store_true",
                        help="compact the store at the end and record the compacted size (a store already grown "
                             "to --to is only compacted)")
    parser.add_argument("--json", type=Path, help="where to write the slices (rewritten after each)")
    args = parser.parse_args(argv)

    services = Services.open(Settings(store=str(args.store)))
    first = done = services.stats()["articles"]
    result: dict[str, object] = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(),
                                 "store": str(args.store), "seed": args.seed, "grown_from": first,
                                 "stopped": None, "slices": [], "compactions": []}
    slices: list[dict[str, object]] = result["slices"]  # type: ignore[assignment]
    compactions: list[dict[str, object]] = result["compactions"]  # type: ignore[assignment]
    compacted_at = -1  # compact at most once in a place: then stop if the disk is still short
    seconds_total = 0.0
    try:
        while done < args.to:
            stop = min(args.to, (done // args.slice + 1) * args.slice)
            seconds = 0.0
            start = done
            chunks: list[float] = []  # each chunk's rate, to see stalls
            while done < stop:
                grown = disk_size(args.store)
                per_article = grown / max(done, 1)
                free = shutil.disk_usage(args.store).free
                if free - per_article * CHUNK < args.keep_free * GB and compacted_at != done:
                    compacted_at = done
                    compactions.append(compact(services, done))
                    continue
                if free - per_article * CHUNK < args.keep_free * GB:
                    result["stopped"] = (f"at {done} articles: {free / GB:.1f} GB free, the next {CHUNK} articles "
                                         f"need ~{per_article * CHUNK / GB:.2f} GB and {args.keep_free} must stay free")
                    break
                s, _ = import_ours(services, done, min(stop, done + CHUNK), args.seed)
                chunks.append((min(stop, done + CHUNK) - done) / s)
                seconds += s
                done = min(stop, done + CHUNK)
            if done == start:
                break
            seconds_total += seconds
            services.store.flush()  # type: ignore[attr-defined]
            size = disk_size(args.store)
            row = {"articles": done, "slice_rate": (done - start) / seconds,
                   "cumulative_rate": (done - first) / seconds_total,
                   "slowest_chunk_rate": min(chunks), "fastest_chunk_rate": max(chunks),
                   "quads": services.store.count(), "store_gb": size / GB, "kb_per_article": size / done / 1000,
                   "rss_mib": rss_mib(), "peak_rss_mib": peak_rss_mib(),
                   "free_gb": shutil.disk_usage(args.store).free / GB, "at": time.strftime("%H:%M:%S")}
            slices.append(row)
            print(" ".join(f"{k}={v:.1f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()),
                  file=sys.stderr, flush=True)
            if args.json:
                args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
            if result["stopped"]:
                break
        if args.compact and not result["stopped"]:
            compactions.append(compact(services, done))
    except KeyboardInterrupt:  # a slice's articles are written a chunk at a time, each chunk whole or not at all
        result["stopped"] = f"interrupted at {done} articles"
    finally:
        services.close()
    if result["stopped"]:
        print(f"stopped {result['stopped']}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


def compact(services: Services, articles: int) -> dict[str, object]:
    """Compact the store in place; print and return what it took and gave back."""
    store = services.store
    assert isinstance(store, OxigraphStore) and store.path is not None
    before = disk_size(store.path)
    started = time.perf_counter()
    store.compact()
    after = disk_size(store.path)
    found = {"articles": articles, "seconds": round(time.perf_counter() - started, 1),
             "store_gb_before": round(before / GB, 2), "store_gb_after": round(after / GB, 2),
             "kb_per_article_after": round(after / max(articles, 1) / 1000, 1),
             "free_gb": round(shutil.disk_usage(store.path).free / GB, 1), "at": time.strftime("%H:%M:%S")}
    print(" ".join(f"{k}={v}" for k, v in found.items()), file=sys.stderr, flush=True)
    return found


if __name__ == "__main__":
    sys.exit(main())
