"""Run by the crash test in a subprocess: import synthetic articles until killed.

Usage: python crash_worker.py STORE N REVISION. Articles 0..N-1 at ``REVISION`` are imported in
small batches (new ones through the insert path, changed ones through the replace path); a line
goes to stdout after each batch so the test knows the import is under way.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from reliability.articles import documents


def main(store: str, n: int, revision: int) -> None:
    """Import the articles, reporting progress on stdout."""
    docs = documents(n, seed=0, revision=revision)
    services = Services.open(Settings(store=store))
    services.importer.batch_size = 25
    print("ready", flush=True)
    done = 0
    items = (Loaded(d, d.index(d.article.url), d.article.url) for d in docs)
    for outcome in services.importer.import_loaded(items):
        if outcome.status == "failed":
            print("failed", outcome.errors, flush=True)
            sys.exit(3)
        done += 1
        if done % 25 == 0:
            print("done", done, flush=True)
    services.close()
    print("finished", done, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
