"""Fixtures of the extractor's tests: a fixed today, and extraction of small invented articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from humasgraph.document import Document, PersonItem
from humasgraph.extract import extract_text

TODAY = dt.date(2026, 11, 29)
DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[2]


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
