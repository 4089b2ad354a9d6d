"""Crash safety: SIGKILL an import at random points; the store reopens whole, each article all or nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from humasgraph.services import Services
from humasgraph.settings import Settings

from .integrity import article_count, problems

WORKER = Path(__file__).with_name("crash_worker.py")
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
ARTICLES = 3000
TRIALS = 5


def _run_and_kill(store: Path, revision: int, rnd: random.Random) -> str:
    """Start the worker, let it import for a random while, SIGKILL it; its last progress line."""
    proc = subprocess.Popen([sys.executable, str(WORKER), str(store), str(ARTICLES), str(revision)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == "ready", line + (proc.stderr.read() if proc.stderr else "")
    os.set_blocking(proc.stdout.fileno(), False)
    # Past the first batches, into the import's steady state; well before it can finish.
    time.sleep(rnd.uniform(0.3, 4.0))
    last = ""
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    for chunk in proc.stdout.read().splitlines() if proc.stdout else []:
        last = chunk or last
    assert proc.returncode == -signal.SIGKILL, f"worker ended by itself: {last}"
    return last


@pytest.mark.slow
def test_sigkill_during_import_leaves_every_article_whole_or_absent(tmp_path: Path) -> None:
    store = tmp_path / "store"
    rnd = random.Random(int(os.environ.get("CRASH_SEED", "7")))
    seen_articles = []
    # Each trial continues on the store the previous one killed: revision 0 inserts new graphs,
    # later revisions replace the ones already there (the other write path) and add the rest.
    for revision in range(TRIALS):
        last = _run_and_kill(store, revision, rnd)
        services = Services.open(Settings(store=str(store)))
        try:
            found = problems(services)
            seen_articles.append(article_count(services))
        finally:
            services.close()
        assert found == [], f"trial {revision} (killed after {last!r}): {found[:5]}"
    # The kills landed mid-import: some articles, never all of them, were in the store.
    assert seen_articles[0] > 0
    assert min(seen_articles) < ARTICLES


def test_store_killed_mid_import_accepts_writes_again(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _run_and_kill(store, 0, random.Random(1))
    services = Services.open(Settings(store=str(store)))
    try:
        outcomes = services.import_paths([SEED_ARTICLE])
        assert [o.status for o in outcomes] == ["imported"]
        assert problems(services) == []
    finally:
        services.close()


def test_the_check_sees_a_torn_article(tmp_path: Path) -> None:
    services = Services.open(Settings(store=str(tmp_path / "store")))
    try:
        services.import_paths([SEED_ARTICLE])
        assert problems(services) == []
        graph = services.minter.graph("https://humasgraph.id/seeds/"
                                      "cerdas-memanfaatkan-media-sosial-setiap-asn-adalah-humas-bagi-instansinya")
        one = next(services.store.quads(graph))
        services.store.update(f"DELETE DATA {{ GRAPH {graph} {{ {one.subject} {one.predicate} {one.object} }} }}")
        found = problems(services)
        assert any("recorded" in p for p in found), found
    finally:
        services.close()
