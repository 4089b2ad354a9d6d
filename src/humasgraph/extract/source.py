"""Reading article files: ``.txt`` (first line the title, then the body) and saved ``.html`` pages."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from ..document import Document
from ..errors import FieldError, ValidationFailed
from .gazetteer import Gazetteer
from .html import read_page
from .pipeline import extract_text

__all__ = ["extract_file", "extract_html"]

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


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


def extract_file(path: Path, *, gazetteer: Gazetteer | None = None, today: dt.date | None = None) -> Document:
    """The metadata document of an article file; a sibling ``<stem>.meta.json`` gives url/published/publisher."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise ValidationFailed(source, [FieldError("", f"unknown kind of article {suffix or '(no suffix)'!r}; "
                                                       f"expected one of {', '.join(TEXT_SUFFIXES + HTML_SUFFIXES)}")])
    text = _read_text(path)
    url, published, publisher = _meta(path)
    if suffix in HTML_SUFFIXES:
        return extract_html(text, url=url, gazetteer=gazetteer, today=today, published=published,
                            publisher=publisher, source=source)
    lines = text.lstrip("\ufeff").strip().split("\n", 1)
    body = lines[1] if len(lines) > 1 else ""
    if not body.strip():
        raise ValidationFailed(source, [FieldError("", "no body: line 1 is the title, the article follows it", 1)])
    try:
        # The whole text, title line included, so that evidence offsets count characters of the file.
        return extract_text(text, url=url, published=published, publisher=publisher, gazetteer=gazetteer,
                            today=today)
    except ValidationFailed as exc:
        raise ValidationFailed(source, exc.errors) from None


def _read_text(path: Path) -> str:
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationFailed(source, [FieldError("", f"cannot read the file: {exc.strerror or exc}")]) from None
    if not raw.strip():
        raise ValidationFailed(source, [FieldError("", "the file is empty")])
    if b"\x00" in raw[:8192]:
        raise ValidationFailed(source, [FieldError("", "a binary file, not text (it holds NUL bytes)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(source, [FieldError(
            "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} (save it as UTF-8)")]) from None


def _meta(path: Path) -> tuple[str | None, dt.date | None, str | None]:
    meta_path = path.with_name(f"{path.stem}.meta.json")
    if not meta_path.is_file():
        return None, None, None
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed(str(meta_path), [FieldError("", f"not readable JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise ValidationFailed(str(meta_path), [FieldError("", "expected a JSON object with url/published/publisher")])
    url = data.get("url") if isinstance(data.get("url"), str) and _URL.match(data["url"]) else None
    published = None
    if data.get("published"):
        try:
            published = dt.date.fromisoformat(str(data["published"])[:10])
        except ValueError:
            raise ValidationFailed(str(meta_path), [FieldError("published", f"not a date: {data['published']!r}")]) \
                from None
    publisher = data.get("publisher") if isinstance(data.get("publisher"), str) else None
    return url, published, publisher
