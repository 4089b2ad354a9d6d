"""The web pages' groundwork, in-process: language choice, escaping, /static, GraphiQL's page."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from api_articles import meeting
from api_client import Client
from jinja2 import ChoiceLoader, DictLoader, UndefinedError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from humasgraph.api.language import LANGUAGES, MESSAGES, UnknownLanguage, choose
from humasgraph.api.middleware import API_CSP, GRAPHIQL_CSP, PAGE_CSP
from humasgraph.api.templating import STATIC, Pages, graphiql_link, number, static_route
from humasgraph.model.document import Document

REPO = Path(__file__).resolve().parents[2]
VENDOR = STATIC / "vendor"
BASE = "https://humasgraph.id/id/"


@pytest.mark.parametrize(("query", "header", "lang"), [
    (None, None, "id"),
    (None, "", "id"),
    (None, "en-US,en;q=0.9", "en"),
    (None, "fr-FR, en;q=0.5, id;q=0.8", "id"),  # by quality, not by order
    (None, "en;q=0.8, id;q=0.8", "en"),  # a tie: the header's order
    (None, "fr, de", "id"),  # none we have
    (None, "en;q=0, *", "id"),  # English refused
    (None, "EN-gb", "en"),
    (None, "en;q=abc, id", "id"),  # an unreadable quality counts as refused
    ("en", "id", "en"),  # ?lang= over the header
    ("ID", "en", "id"),
])
def test_the_page_language(query: str | None, header: str | None, lang: str) -> None:
    assert choose(query, header) == lang


def test_an_unknown_lang_names_the_choices() -> None:
    with pytest.raises(UnknownLanguage, match=r"lang 'fr' is not a language of these pages; expected one of: en, id"):
        choose("fr", None)


def test_every_message_is_in_every_language() -> None:
    for key, texts in MESSAGES.items():
        assert sorted(texts) == sorted(LANGUAGES), key
        assert all(text.strip() for text in texts.values()), key


def _app(template: str, **context: object) -> Client:
    """A tiny app with one page, ``test.html`` (``template``), rendered by ``Pages`` beside its templates."""
    pages = Pages(BASE)
    assert pages.env.loader is not None
    pages.env.loader = ChoiceLoader([DictLoader({"test.html": template}), pages.env.loader])

    async def page(request: Request) -> Response:
        return pages.render(request, "test.html", **context)
    return Client(Starlette(routes=[Route("/page", page), static_route()]))


def test_a_name_holding_a_script_renders_as_text() -> None:
    name = 'Agung <script>alert("x")</script> & "Helmi"'
    client = _app('{% extends "base.html" %}{% block main %}<h1>{{ name }}</h1>'
                  '<a title="{{ name }}" href="/">x</a>{% endblock %}', name=name)
    response = client.get("/page")
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert '<h1>Agung &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#34;Helmi&#34;</h1>' in response.text
    assert 'title="Agung &lt;script&gt;' in response.text
    assert response.headers["content-security-policy"] == PAGE_CSP


def test_the_query_string_reflected_in_links_is_escaped(client: Client) -> None:
    # The language switch links to this page with its query: a crafted one must stay text.
    response = client.get('/graphql?x="><script>alert(1)</script>', headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert re.search(r'href="/graphql\?x=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E&amp;lang=en"', response.text)


def test_the_base_layout_in_both_languages() -> None:
    client = _app('{% extends "base.html" %}{% block main %}<p>{{ t("site.tagline") }}</p>{% endblock %}')
    indonesian = client.get("/page")
    assert '<html lang="id">' in indonesian.text and MESSAGES["site.tagline"]["id"] in indonesian.text
    assert indonesian.headers["content-language"] == "id" and indonesian.headers["vary"] == "Accept-Language"
    english = client.get("/page", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in english.text and MESSAGES["site.tagline"]["en"] in english.text
    assert '<a href="/page?lang=id" hreflang="id"' in english.text  # the switch back
    assert client.get("/page?lang=en").headers["content-language"] == "en"
    refused = client.get("/page?lang=fr")
    assert refused.status_code == 400 and "expected one of: en, id" in refused.text


def test_a_misspelt_variable_fails_instead_of_rendering_nothing() -> None:
    with pytest.raises(UndefinedError, match="nmae"):
        _app('{% extends "base.html" %}{% block main %}{{ nmae }}{% endblock %}').get("/page")


def test_static_files_are_cached_by_version() -> None:
    client = _app('{% extends "base.html" %}')
    page = client.get("/page").text
    css = re.search(r'href="(/static/humasgraph\.css\?v=([0-9a-f]{12}))"', page)
    assert css is not None
    assert css.group(2) == hashlib.sha256((STATIC / "humasgraph.css").read_bytes()).hexdigest()[:12]
    versioned = client.get(css.group(1))
    assert versioned.status_code == 200 and versioned.headers["content-type"].startswith("text/css")
    assert versioned.headers["cache-control"] == "public, max-age=31536000, immutable"
    for stale in ("/static/humasgraph.css", "/static/humasgraph.css?v=000000000000"):
        assert "cache-control" not in client.get(stale).headers
    bundle = client.get("/static/vendor/graphiql/graphiql.min.js", headers={"Accept-Encoding": "gzip"})
    assert bundle.headers["content-encoding"] == "gzip" and bundle.num_bytes_downloaded < 1_000_000
    assert bundle.content == (STATIC / "vendor/graphiql/graphiql.min.js").read_bytes()  # httpx unzipped it
    assert client.get("/static/../templating.py").status_code == 404
    assert client.get("/static/nothing.js").status_code == 404


def test_graphiql_page_loads_only_files_of_this_server(client: Client) -> None:
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-security-policy"] == GRAPHIQL_CSP
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith(("/", "#")) and not s.startswith("//") for s in sources), sources
    scripts = re.findall(r'<script src="([^"]+)"', page.text)
    assert [s.split("?")[0].rsplit("/", 1)[1] for s in scripts] == [
        "react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "graphiql.js"]
    assert "<script>" not in page.text
    for source in sources:
        if source.startswith("/static/"):
            assert client.get(source).status_code == 200, source
    # The flagship example is in the editor's starting text, with its comment in the page's language.
    assert "# Siapa berbicara di rapat koordinasi" in page.text and "query Flagship {" in page.text


def test_the_vendored_files_are_those_the_lock_pins() -> None:
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text())
    lock = json.loads((REPO / "web" / "package-lock.json").read_text())
    declared = json.loads((REPO / "web" / "package.json").read_text())["dependencies"]
    assert set(manifest) <= set(declared)
    for name, entry in manifest.items():
        assert declared[name] == entry["version"] == lock["packages"][f"node_modules/{name}"]["version"], name
        assert "LICENSE" in entry["files"], name
        on_disk = {p.name for p in (VENDOR / name).iterdir()}
        assert on_disk == set(entry["files"]), name
        for file, digest in entry["files"].items():
            assert hashlib.sha256((VENDOR / name / file).read_bytes()).hexdigest() == digest, f"{name}/{file}"


def _counts(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))


def test_the_home_searches_and_counts(client: Client, importer: Callable[[list[Document]], None]) -> None:
    home = client.get("/?q=agung+hikmat&lang=en")
    assert home.status_code == 200 and home.headers["content-security-policy"] == PAGE_CSP
    assert '<li><a href="/id/person/agung-hikmati">Agung Hikmati</a> <span class="kind">person</span></li>' in home.text
    assert '<input type="hidden" name="lang" value="en">' in home.text  # a chosen language stays chosen
    before = _counts(home.text)
    assert before["Events"] == "1" and before["Articles"] == "1"
    importer([meeting(i) for i in range(3)])  # a write: counted again, while the last counts are shown
    deadline = time.monotonic() + 10
    while (after := _counts(client.get("/?lang=en").text)) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert after["Events"] == "4" and after["Articles"] == "4"
    assert "section class=\"results\"" not in client.get("/").text  # no query, no result list
    assert "Tidak ada yang cocok." in client.get("/?q=zzqqxxyy").text


def test_the_home_shows_a_query_as_text(client: Client) -> None:
    page = client.get('/?q="><script>alert(1)</script>').text
    assert "<script>alert" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_numbers_in_the_page_language() -> None:
    assert number(1234567, "id") == "1.234.567" and number(1234567, "en") == "1,234,567"


def test_a_graphiql_link_carries_query_and_variables() -> None:
    link = graphiql_link("\n{ search(q: $q) { label } }\n", {"q": "Ganjar & co"})
    params = parse_qs(urlsplit(link).query)
    assert link.startswith("/graphql?q=") and "+" not in link  # spaces as %20, as URLSearchParams reads them
    assert params["q"] == ["{ search(q: $q) { label } }"]
    assert json.loads(params["variables"][0]) == {"q": "Ganjar & co"}
    assert "variables" not in graphiql_link("{ a }")


def test_docs_give_the_policies_as_served() -> None:
    web = (REPO / "docs" / "web.md").read_text(encoding="utf-8")
    assert f"`{PAGE_CSP}`" in web and f"`{API_CSP}`" in web
    extra = set(GRAPHIQL_CSP.split("; ")) - set(PAGE_CSP.split("; "))
    assert extra == {"style-src 'self' 'unsafe-inline'", "font-src 'self' data:"}  # what docs/web.md says it adds


def test_entity_links_go_to_this_server() -> None:
    pages = Pages(BASE)
    assert pages.entity_url(BASE + "person/agung-hikmati") == "/id/person/agung-hikmati"
    assert pages.entity_url("https://www.wikidata.org/entity/Q1") == "https://www.wikidata.org/entity/Q1"
    client = _app('{% extends "base.html" %}{% block main %}<a href="{{ entity_url(iri) }}">x</a>{% endblock %}',
                  iri=BASE + 'event/a"b')
    assert '<a href="/id/event/a&#34;b">' in client.get("/page").text
