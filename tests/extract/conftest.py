"""Fixtures of the extractor's tests: a fixed today, and extraction of small invented articles."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from humasgraph.extract import extract_file, extract_text
from humasgraph.model.document import Document, PersonItem

TODAY = dt.date(2026, 11, 29)
DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]
# The shared scorer, beside the clone (../shared); the scored tests are skipped without it.
SCORER = REPO.parent / "shared" / "tools" / "score_extraction.py"


def assert_scores(articles: Sequence[Path], gold: Path, out: Path, floors: dict[str, float],
                  overall: float) -> None:
    """Extract ``articles`` into ``out``, score them against ``gold`` with the shared scorer, and
    assert each kind's F1 and the overall F1 reach their floors."""
    for path in articles:
        doc = extract_file(path, today=TODAY).model_dump(mode="json", exclude_defaults=True)
        (out / f"{path.stem}.json").write_text(json.dumps(doc), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(out)],
                            capture_output=True, text=True, check=True)
    # "event dates  0.93  0.87  0.90  41/47/44": the kind, then P, R, F1 and the counts.
    rows = {parts[0]: parts for line in result.stdout.splitlines()
            if len(parts := line.rsplit(None, 4)) == 5 and parts[0] != "kind"}
    for kind, floor in floors.items():
        assert float(rows[kind][3]) >= floor, result.stdout
    assert float(result.stdout.strip().splitlines()[-1].split("=")[1]) >= overall, result.stdout


@pytest.fixture
def extract() -> Callable[..., Document]:
    """Extract an invented article (title, body) and prove every reference in it resolves."""

    def run(body: str, *, title: str = "Berita uji", published: dt.date | None = None) -> Document:
        doc = extract_text(body, title=title, published=published, today=TODAY)
        doc.index("test")
        return doc

    return run


def person(doc: Document, name: str) -> PersonItem:
    """The person of ``doc`` named ``name`` (fails listing who is there)."""
    found = [p for p in doc.people if p.name == name]
    assert found, f"{name!r} not among {[p.name for p in doc.people]}"
    return found[0]


def agency_name(doc: Document, key: str | None) -> str | None:
    """The name of the agency with ``key``."""
    return next((a.name for a in doc.agencies if a.key == key), None)
