"""How many articles a second the extractor reads: the dev corpus, the seed, the held-out and blind test articles.

    .venv/bin/python benchmarks/extract_rate.py [--rounds N] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from humasgraph.extract import extract_file

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dev" / "articles"
SEED = REPO / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.txt"
HELD_OUT = REPO / "tests" / "extract" / "corpus" / "articles"
BLIND = REPO / "tests" / "extract" / "blind" / "articles"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    paths = [*sorted(args.corpus.glob("*.txt")), SEED] if args.corpus.is_dir() else [SEED]
    paths += sorted(p for d in (HELD_OUT, BLIND) for p in d.glob("*") if p.suffix in (".txt", ".html"))
    today = dt.date(2026, 11, 29)
    extract_file(paths[0], today=today)  # load the lexicon and reference data once, outside the timing
    started = time.perf_counter()
    for _ in range(args.rounds):
        for path in paths:
            extract_file(path, today=today)
    elapsed = time.perf_counter() - started
    count = args.rounds * len(paths)
    print(f"{count} extractions of {len(paths)} articles in {elapsed:.2f} s: {count / elapsed:.1f} articles/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
