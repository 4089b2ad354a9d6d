"""A saved news page → its headline, metadata and body paragraphs (no navigation, "Baca juga" or ads).

Metadata comes from JSON-LD ``NewsArticle`` first, then OpenGraph and ``<meta>`` tags, then
``<h1>``/``<title>``. The body is the page's paragraphs inside its article element (``<article>``,
``itemprop=articleBody`` or a content container), leaving out navigation, asides, scripts, links
lists and blocks whose class names them as ads, related links or sharing buttons.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

__all__ = ["Page", "read_page"]

_SKIP_TAGS = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                        "button", "select", "template", "figcaption"})
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr", "area", "base", "col", "embed",
                   "param", "track"})
_NOISE = re.compile(r"(^|[\s_-])(ad|ads|iklan|advert\w*|banner|related|baca-?juga|bacajuga|share|social|comment\w*|"
                    r"sidebar|breadcrumbs?|menu|navbar|nav|footer|header|widget|tags?|promo|popular|terkait|"
                    r"rekomendasi|newsletter|subscribe)($|[\s_-])", re.IGNORECASE)
_CONTENT = re.compile(r"(article|content|entry|post-?body|detail|isi|berita|story|read|text)", re.IGNORECASE)
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "blockquote", "li", "div", "td"})
_DROP_LINE = re.compile(r"^\s*(baca\s+juga|simak\s+juga|lihat\s+juga|baca\s+selengkapnya|advertisement|"
                        r"scroll\s+to\s+continue|editor\s*:|penulis\s*:|pewarta\s*:|sumber\s*:|foto\s*:|tags?\s*:|"
                        r"share\s*:|bagikan)", re.IGNORECASE)
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle"})


@dataclass
class Page:
    """What a page says about its article."""

    title: str | None = None
    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    body: str = ""
    paragraphs: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipped, in article)
        self.meta: dict[str, str] = {}
        self.ld: list[str] = []
        self.title = ""
        self.h1 = ""
        self.blocks: list[tuple[str, bool]] = []
        self._text: list[str] = []
        self._ld_open = False
        self._in_title = False
        self._in_h1 = False

    @property
    def skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    @property
    def in_article(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"])
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower() and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in _VOID:
            if tag == "br":
                self._text.append("\n")
            return
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._ld_open = True
        names = f"{a.get('class', '')} {a.get('id', '')}"
        skipped = self.skipped or tag in _SKIP_TAGS or bool(_NOISE.search(names)) \
            or a.get("role", "") in ("navigation", "complementary", "banner")
        article = self.in_article or tag == "article" or a.get("itemprop", "") == "articleBody" \
            or (tag in ("div", "section", "main") and bool(_CONTENT.search(names)))
        if tag in _BLOCKS and not skipped:
            self._flush()
        self.stack.append((tag, skipped, article))
        self._in_title = tag == "title"
        self._in_h1 = tag == "h1" or self._in_h1

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if tag == "script":
            self._ld_open = False
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if any(t == tag for t, _, _ in self.stack):
            while self.stack:
                top, skipped, _ = self.stack.pop()
                if top in _BLOCKS and not skipped:
                    self._flush(in_article=self.stack[-1][2] if self.stack else False, closing=top)
                if top == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._ld_open:
            self.ld.append(data)
            return
        if self._in_title:
            self.title += data
        if self._in_h1 and not self.skipped:
            self.h1 += data
            return
        if not self.skipped:
            self._text.append(data)

    def _flush(self, in_article: bool | None = None, closing: str | None = None) -> None:
        text = "".join(self._text)
        self._text = []
        for raw in re.split(r"\n\s*\n|\n", text):
            line = " ".join(raw.split())
            if line:
                inside = self.in_article if in_article is None else in_article or self.in_article
                self.blocks.append((line, inside or closing == "article"))

    def close(self) -> None:
        super().close()
        self._flush()


def _articles(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, list):
        for item in node:
            found.extend(_articles(item))
    elif isinstance(node, dict):
        kinds = node.get("@type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
            found.append(node)
        for key in ("@graph", "mainEntity"):
            if key in node:
                found.extend(_articles(node[key]))
    return found


def _date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def read_page(html: str) -> Page:
    """The article a page holds: metadata and body paragraphs (empty body when there is none)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    page = Page()
    article: dict[str, Any] = {}
    for chunk in reader.ld:
        try:
            data = json.loads(chunk)
        except ValueError:
            continue
        found = _articles(data)
        if found:
            article = found[0]
            break
    publisher = article.get("publisher")
    page.title = _text(article.get("headline")) or reader.meta.get("og:title") or _text(reader.h1) \
        or _text(reader.title)
    page.url = _text(article.get("url")) or _text(_id(article.get("mainEntityOfPage"))) \
        or reader.meta.get("og:url") or reader.meta.get("canonical")
    page.published = _date(article.get("datePublished")) or _date(reader.meta.get("article:published_time")) \
        or _date(reader.meta.get("pubdate")) or _date(reader.meta.get("datepublished")) \
        or _date(reader.meta.get("date"))
    page.publisher = _text(publisher.get("name") if isinstance(publisher, dict) else publisher) \
        or reader.meta.get("og:site_name")
    blocks = [line for line, inside in reader.blocks if inside] or [line for line, _ in reader.blocks]
    paragraphs: list[str] = []
    for line in blocks:
        if _DROP_LINE.match(line) or (page.title and line == page.title.strip()):
            continue
        if len(line.split()) < 4 and not re.search(r"[.!?”\"]$", line):
            continue  # a caption, a button, a lone link
        if line not in paragraphs:
            paragraphs.append(line)
    if not paragraphs and isinstance(article.get("articleBody"), str):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n", article["articleBody"]) if p.strip()]
    page.paragraphs = paragraphs
    page.body = "\n\n".join(paragraphs)
    return page


def _text(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    return text or None


def _id(value: object) -> object:
    return value.get("@id") if isinstance(value, dict) else value
