"""Search with the shortlist walked in label order against every candidate scored, alternating, query by query.

`.venv/bin/python benchmarks/search_walk.py STORE` on an on-disk store (one a benchmark run left):
opening it brings the index file beside it up to date (an older layout is upgraded in place). Every
answer is checked to be the same both ways, then each query runs 5 times each way, in turn; medians
in ms. The first eight are the benchmark's searches (their median is its "search ms"); the others
are single common words, in many names of a large corpus.
"""

from __future__ import annotations

import statistics
import sys
import time

from measure import SEARCHES

from humasgraph.derived import search
from humasgraph.services import Services
from humasgraph.settings import Settings

COMMON = ("dinas", "kominfo", "humas", "rapat", "pelatihan kehumasan bima", "kepala dinas provinsi")


def main(argv: list[str]) -> int:
    t = time.perf_counter()
    services = Services.open(Settings(store=argv[0]))
    try:
        services.search_index.current()
        print(f"opened, index file current: {time.perf_counter() - t:.1f} s")
        kinds, walked = list(search.KINDS), search.WALK_ABOVE
        print("| query | walked ms | every candidate scored ms |\n|---|---:|---:|")
        medians: dict[str, list[float]] = {"walked": [], "scored": []}
        for q in (*SEARCHES, *COMMON):
            times: dict[str, list[float]] = {"walked": [], "scored": []}
            answers = {}
            for _ in range(5):
                for way, above in (("walked", walked), ("scored", 10**12)):
                    search.WALK_ABOVE = above
                    t = time.perf_counter()
                    answers[way] = services.search(q, kinds, 10)
                    times[way].append(time.perf_counter() - t)
            search.WALK_ABOVE = walked
            if answers["walked"] != answers["scored"]:
                raise SystemExit(f"{q!r}: the two ways answer differently")
            row = {way: statistics.median(ts) * 1000 for way, ts in times.items()}
            if q in SEARCHES:
                for way, ms in row.items():
                    medians[way].append(ms)
            print(f"| {q} | {row['walked']:.1f} | {row['scored']:.1f} |")
        print(f"| median of the benchmark's eight | {statistics.median(medians['walked']):.1f} | "
              f"{statistics.median(medians['scored']):.1f} |")
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
