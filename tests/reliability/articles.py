"""Synthetic articles for the reliability tests, from ``humasgraph.synthetic``, and revisions of them."""

from __future__ import annotations

from humasgraph.model.document import Document
from humasgraph.synthetic import generate


def documents(n: int, seed: int = 0, revision: int = 0) -> list[Document]:
    """``n`` synthetic documents; a later ``revision`` changes each one's title (same URL, new content)."""
    docs = list(generate(n, seed))
    return [revised(d, revision) for d in docs] if revision else docs


def revised(doc: Document, revision: int) -> Document:
    """``doc`` with its title marked with ``revision``."""
    article = doc.article.model_copy(update={"title": f"{doc.article.title} (revisi {revision})"})
    return doc.model_copy(update={"article": article})
