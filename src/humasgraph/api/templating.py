"""The web pages' seam to Jinja2: one environment (autoescaped), the page response, and ``/static``.

Every page is rendered by ``Pages.render``: it picks the language (``language.choose``), gives the
template ``t`` (the messages), ``static`` (a URL under ``/static`` that changes with the file, so
browsers may keep it a year), ``lang_url`` (this page in another language), ``entity_url`` (an
IRI's page here) and ``graphiql_link`` (GraphiQL opened with the query that built a page), and answers with the page's
Content-Security-Policy. Templates live in ``api/templates``, our own CSS and JS and
the vendored libraries (``scripts/vendor.sh``) in ``api/static``: both ship inside the package.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.datastructures import URL
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from .language import LANGUAGES, Messages, UnknownLanguage, choose
from .middleware import PAGE_CSP

__all__ = ["STATIC", "Pages", "static_route"]

STATIC = Path(__file__).parent / "static"
STATIC_PREFIX = "/static"
# A URL under /static carries its content's hash (?v=…), so a changed file is a new URL.
IMMUTABLE = "public, max-age=31536000, immutable"


@cache
def _digest(path: str) -> str:
    """The first 12 hex digits of the sha256 of a static file (read once per process)."""
    file = (STATIC / path).resolve()
    if not file.is_relative_to(STATIC.resolve()) or not file.is_file():
        raise FileNotFoundError(f"static file {path!r} is not in {STATIC}")
    return hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def static_url(path: str) -> str:
    """The URL of ``api/static/<path>``, versioned by its content."""
    return f"{STATIC_PREFIX}/{path}?v={_digest(path)}"


def _relative(url: URL) -> str:
    """``url`` without scheme and host: a page links to itself whatever name it was reached by."""
    return f"{url.path}?{url.query}" if url.query else url.path


def graphiql_link(query: str, variables: dict[str, Any] | None = None) -> str:
    """The URL that opens GraphiQL with ``query`` (and ``variables``) in its editor: a page's "see the query"."""
    params = {"q": query.strip()}
    if variables:
        params["variables"] = json.dumps(variables, ensure_ascii=False, indent=2)
    return f"/graphql?{urlencode(params, quote_via=quote)}"


def number(n: int, lang: str) -> str:
    """``n`` with the thousands separator of ``lang`` (1.234 in Indonesian, 1,234 in English)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "id" else text


MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def long_date(d: dt.date, lang: str) -> str:
    """``d`` as a reader of ``lang`` writes it: 19 Juli 2023, 19 July 2023."""
    return f"{d.day} {MONTHS[lang][d.month - 1]} {d.year}"


def month(key: str, lang: str) -> str:
    """A ``YYYY-MM`` month as words: Juli 2023."""
    year, m = key.split("-")[:2]
    return f"{MONTHS[lang][int(m) - 1]} {year}"


class Pages:
    """Renders the templates of ``api/templates`` into HTML responses."""

    def __init__(self, base_iri: str) -> None:
        self.base_iri = base_iri
        # autoescape=True for every template (not by file extension): a name holding `<script>`
        # is text wherever it is put. StrictUndefined: a misspelt variable fails, never renders "".
        self.env = Environment(loader=PackageLoader("humasgraph.api", "templates"), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals["static"] = static_url
        self.env.globals["graphiql_link"] = graphiql_link
        self.env.globals["entity_url"] = self.entity_url
        self.env.globals["page_url"] = self.page_url
        self.env.filters["number"] = number
        self.env.filters["date"] = long_date
        self.env.filters["month"] = month

    def entity_url(self, iri: str) -> str:
        """The page of ``iri`` on this server (``/id/…``) when it was minted under ``base_iri``, else the IRI."""
        return "/id/" + iri[len(self.base_iri):] if iri.startswith(self.base_iri) else iri

    def page_url(self, iri: str, kind: str) -> str:
        """The explorer page of an entity: ``/id/…`` for one minted here, ``/article?url=…`` for an article."""
        if kind == "article":
            return f"/article?{urlencode({'url': iri})}"
        return self.entity_url(iri)

    def render(self, request: Request, template: str, *, csp: str = PAGE_CSP, status: int = 200,
               **context: Any) -> Response:
        """``template`` rendered for ``request`` in its language, with the page's security policy."""
        try:
            lang = choose(request.query_params.get("lang"), request.headers.get("accept-language"))
        except UnknownLanguage as exc:
            return PlainTextResponse(str(exc), status_code=400)
        html = self.env.get_template(template).render(
            lang=lang, t=Messages(lang), languages=LANGUAGES,
            lang_url=lambda other: _relative(request.url.include_query_params(lang=other)),
            format_url=lambda fmt: _relative(request.url.remove_query_params("lang").include_query_params(format=fmt)),
            request_path=request.url.path, **context)
        return HTMLResponse(html, status_code=status, headers={
            "Content-Security-Policy": csp, "Content-Language": lang, "Vary": "Accept-Language"})


class _Static(StaticFiles):
    """``api/static``, long-cached when asked for with a version (the URLs ``static_url`` makes)."""

    def file_response(self, full_path: Any, stat_result: Any, scope: Scope, status_code: int = 200) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        version = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v")
        if version and version[0] == _digest(self.get_path(scope)):
            response.headers["Cache-Control"] = IMMUTABLE
        return response


def static_route() -> Mount:
    """``/static``: our CSS and JS and the vendored libraries, from the package itself, gzipped when asked.

    GraphiQL's bundle is 3.5 MB, 0.73 MB gzipped at level 6 (0.13 s of one core, once per
    browser: the versioned URL is then cached a year); level 9 saves little more for more time.
    """
    return Mount(STATIC_PREFIX, app=GZipMiddleware(_Static(directory=STATIC), minimum_size=1024, compresslevel=6),
                 name="static")
