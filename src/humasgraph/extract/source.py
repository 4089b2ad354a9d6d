"""Reading article files: ``.txt`` (first line the title, then the body) and saved ``.html`` pages."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from ..errors import FieldError, ValidationFailed
from ..ingest.inputs import DEFAULT_MAX_FILE_BYTES, RawInput, SourceMeta, read_input, shown
from ..model.document import Document
from .gazetteer import Gazetteer
from .html import read_page
from .pipeline import extract_text

__all__ = ["extract_file", "extract_html", "extract_input"]

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def extract_html(html: str, *, url: str | None = None, gazetteer: Gazetteer | None = None,
                 today: dt.date | None = None, published: dt.date | None = None,
                 publisher: str | None = None, source: str | None = None) -> Document:
    """The metadata document of a saved news page."""
    page = read_page(html)
    where = source or url or page.url
    if not page.body.strip():
        raise ValidationFailed(where, [FieldError("body", "no article found in the HTML page "
                                                          "(no paragraphs of text outside navigation and ads)")])
    if not page.title:
        raise ValidationFailed(where, [FieldError("title",
                                                  "the page has no headline (JSON-LD, og:title, h1 or title)")])
    address = url or page.url
    return extract_text(page.body, title=page.title, url=address if address and _URL.match(address) else None,
                        published=published or page.published, publisher=publisher or page.publisher,
                        gazetteer=gazetteer, today=today)


def extract_file(path: str | os.PathLike[str], *, gazetteer: Gazetteer | None = None, today: dt.date | None = None,
                 max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Document:
    """The metadata document of an article file; a sibling ``<stem>.meta.json`` gives url/published/publisher."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise ValidationFailed(shown(path), [FieldError(
            "", f"unknown kind of article {suffix or '(no suffix)'!r}; "
                f"expected one of {', '.join(TEXT_SUFFIXES + HTML_SUFFIXES)}")])
    return extract_input(read_input(path, max_bytes), gazetteer=gazetteer, today=today)


def extract_input(raw: RawInput, *, gazetteer: Gazetteer | None = None, today: dt.date | None = None) -> Document:
    """The metadata document of an article already read (``inputs.read_input``), here or in a server."""
    source = raw.source
    meta = raw.meta or SourceMeta()
    # XML 1.0 cannot hold most control characters (a form feed pasted from a PDF): they read as spaces.
    text = _UNFIT.sub(" ", raw.text)
    if raw.suffix in HTML_SUFFIXES:
        try:
            return extract_html(text, url=meta.url, gazetteer=gazetteer, today=today, published=meta.published,
                                publisher=meta.publisher, source=source)
        except ValidationFailed as exc:
            raise ValidationFailed(source, exc.errors) from None
    lines = text.lstrip("\ufeff").strip().split("\n", 1)
    body = lines[1] if len(lines) > 1 else ""
    if not body.strip():
        raise ValidationFailed(source, [FieldError("", "no body: line 1 is the title, the article follows it", 1)])
    try:
        # The whole text, title line included, so that evidence offsets count characters of the file.
        return extract_text(text, url=meta.url, published=meta.published, publisher=meta.publisher,
                            gazetteer=gazetteer, today=today)
    except ValidationFailed as exc:
        raise ValidationFailed(source, exc.errors) from None
