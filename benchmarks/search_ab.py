"""Search in memory against search off the index file, in one process, alternating, query by query.

`.venv/bin/python benchmarks/search_ab.py STORE` on an on-disk store (one `benchmarks/bytes.py --keep`
leaves): both indexes are made current first, every answer is checked to be the same, then
each of the benchmark's searches runs 7 times on each, in turn; medians in ms.
"""

from __future__ import annotations

import statistics
import sys
import time

from measure import SEARCHES

from humasgraph.derived.search import KINDS, SearchIndex
from humasgraph.services import Services
from humasgraph.settings import Settings


def main(argv: list[str]) -> int:
    services = Services.open(Settings(store=argv[0]))
    try:
        services.warm()
        heap = SearchIndex(services.store, services.minter)
        heap.current()
        kinds = list(KINDS)
        print("| query | index file ms | in memory ms |\n|---|---:|---:|")
        for q in SEARCHES:
            if services.search(q, kinds, 10) != heap.search(q, kinds, 10):
                raise SystemExit(f"{q!r}: the two indexes answer differently")
            on_file, in_memory = [], []
            for _ in range(7):
                t = time.perf_counter()
                services.search(q, kinds, 10)
                on_file.append(time.perf_counter() - t)
                t = time.perf_counter()
                heap.search(q, kinds, 10)
                in_memory.append(time.perf_counter() - t)
            print(f"| {q} | {statistics.median(on_file) * 1000:.1f} | {statistics.median(in_memory) * 1000:.1f} |")
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
