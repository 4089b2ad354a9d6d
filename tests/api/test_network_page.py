"""``/network``, in-process: the picture, its filters, its errors, escaping, and links that answer."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from urllib.parse import parse_qs, unquote, urlsplit

import networkx as nx
import pytest
from api_articles import meeting
from api_client import Client
from jinja2 import ChoiceLoader, DictLoader
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from humasgraph.api.middleware import PAGE_CSP
from humasgraph.api.network_page import ego_view, picture_view
from humasgraph.api.templating import Pages
from humasgraph.derived.picture import Line, Picture, Spot, laid_out
from humasgraph.model.document import Document
from humasgraph.services import Services

NODE = re.compile(r'<a class="node (\w+)[^"]*" href="([^"]+)"')


def nodes(html: str) -> list[tuple[str, str]]:
    """(kind, href) of every node of the page's picture."""
    return NODE.findall(html)


@pytest.fixture
def meetings(importer: Callable[[list[Document]], None]) -> None:
    """Six meetings in 2020: three in Jawa Tengah (January), three in Jawa Timur (June), each with a delegation."""
    importer([meeting(i, start=dt.date(2020, 1, 1 + i)) for i in range(3)]
             + [meeting(i, start=dt.date(2020, 6, 1 + i), province="Jawa Timur", city="Surabaya",
                        agency="Dinas Kesehatan") for i in range(3, 6)])


def test_the_page_answers_with_the_seed_delegation_as_links(client: Client) -> None:
    response = client.get("/network")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == PAGE_CSP
    assert response.headers["content-language"] == "id"
    html = response.text
    assert "<h1>Jaringan: siapa berbicara untuk siapa</h1>" in html
    assert ('person', '/id/person/agung-hikmati') in nodes(html)
    assert 'marker-end="url(#network-arrow)"' in html  # a delegation points at its principal
    assert '<a href="/network" aria-current="page">Jaringan</a>' in html
    assert re.search(r'<script src="/static/network\.js\?v=\w+"></script>', html)
    assert "<style" not in html and " style=" not in html and "<script>" not in html  # the CSP allows none


def test_english_on_request(client: Client) -> None:
    html = client.get("/network?lang=en").text
    assert "<h1>Network: who speaks for whom</h1>" in html
    assert '<input type="hidden" name="lang" value="en">' in html  # the form keeps the language


def test_the_home_links_the_network_page(client: Client) -> None:
    assert '<a href="/network">Jaringan</a>' in client.get("/").text


@pytest.mark.usefixtures("meetings")
@pytest.mark.parametrize(("query", "kept", "gone"), [
    ("", ["budi-santoso-000", "budi-santoso-005"], []),
    ("?from=2020-05-01", ["budi-santoso-005"], ["budi-santoso-000"]),
    ("?to=2020-01-02", ["budi-santoso-000", "budi-santoso-001"], ["budi-santoso-002", "budi-santoso-005"]),
    ("?province=Jawa+Timur", ["budi-santoso-004"], ["budi-santoso-001", "agung-hikmati"]),
    ("?agency=Dinas+Kesehatan+Provinsi+Jawa+Timur", ["budi-santoso-003"], ["budi-santoso-000"]),
    ("?kind=coappearance&province=Jawa+Tengah", ["budi-santoso-000", "sri-wahyuni-002"], ["budi-santoso-003"]),
])
def test_filters_narrow_the_picture(client: Client, query: str, kept: list[str], gone: list[str]) -> None:
    response = client.get("/network" + query)
    assert response.status_code == 200, response.text
    people = {href.rsplit("/", 1)[1] for kind, href in nodes(response.text) if kind == "person"}
    assert set(kept) <= people, people
    assert not set(gone) & people, people


@pytest.mark.usefixtures("meetings")
def test_the_cap_keeps_the_best_connected_and_says_how_many_it_left_out(client: Client) -> None:
    html = client.get("/network?kind=coappearance&max=3").text
    assert len(nodes(html)) == 3
    total = len(nodes(client.get("/network?kind=coappearance").text))
    assert f"{total - 3} simpul dengan hubungan paling sedikit tidak ditampilkan (dari {total})." in html


@pytest.mark.parametrize(("query", "messages"), [
    ("?from=2020-13-01", ["from=&#39;2020-13-01&#39;: expected a date as YYYY-MM-DD"]),
    ("?from=2020-02-01&to=2020-01-01", ["to=2020-01-01: comes before from=2020-02-01"]),
    ("?max=0", ["max=&#39;0&#39;: expected a whole number from 1 to 300"]),
    ("?kind=friends", ["kind=&#39;friends&#39;: expected one of delegations, coappearance"]),
    ("?province=Atlantis&agency=Nobody+Here", ["no place (province, regency, city) named &#39;Atlantis&#39;",
                                               "no person, agency, post or event named &#39;Nobody Here&#39;"]),
    ("?agency=Agung+Hikmati", ["is a person, not an agency"]),
])
def test_bad_filters_answer_400_beside_their_fields(client: Client, query: str, messages: list[str]) -> None:
    response = client.get("/network" + query)
    assert response.status_code == 400
    for message in messages:
        assert message in response.text
    assert 'aria-invalid="true"' in response.text
    assert "<svg" not in response.text


def test_a_filter_that_keeps_nothing_says_so(client: Client) -> None:
    response = client.get("/network?from=1990-01-01&to=1990-12-31")
    assert response.status_code == 200
    assert "Tidak ada hubungan yang cocok dengan saringan ini." in response.text


def test_a_name_holding_a_script_is_text_in_the_picture_and_the_table(
        client: Client, importer: Callable[[list[Document]], None]) -> None:
    doc = meeting(7)
    doc.people[0].name = '<script>alert("x")</script> Budi'
    importer([doc])
    html = client.get("/network").text
    assert "<script>alert" not in html
    assert '<text x="' in html and '&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Budi</text>' in html
    assert 'aria-label="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Budi (orang)"' in html


@pytest.mark.usefixtures("meetings")
@pytest.mark.parametrize("kind", ["delegations", "coappearance"])
def test_every_node_link_answers(client: Client, kind: str) -> None:
    html = client.get(f"/network?kind={kind}").text
    hrefs = {href for _, href in nodes(html)} | set(re.findall(r'<td><a href="([^"]+)"', html))
    assert len(hrefs) > 5
    for href in hrefs:
        assert href.startswith("/id/"), href  # an entity page on this server
        assert client.get(unquote(href)).status_code == 200, href


def _render(picture: Picture) -> str:
    """``_network.html`` alone, as a person or agency page would include it."""
    pages = Pages("https://humasgraph.id/id/")
    assert pages.env.loader is not None
    pages.env.loader = ChoiceLoader([DictLoader({"test.html": '{% extends "base.html" %}{% block main %}'
                                                 '{% include "_network.html" %}{% endblock %}'}), pages.env.loader])
    view = picture_view(picture, pages.entity_url, id="ego")

    async def page(request: Request) -> Response:
        return pages.render(request, "test.html", picture=view)
    response = Client(Starlette(routes=[Route("/page", page)])).get("/page")
    assert response.status_code == 200
    return response.text


def test_the_partial_draws_300_nodes_with_their_links_and_legend() -> None:
    g = nx.relabel_nodes(nx.gnm_random_graph(300, 500, seed=2), lambda n: f"https://humasgraph.id/id/person/p{n}")
    at = laid_out(g)
    spots = tuple(Spot(n, "person", f"P {n[-4:]}", "", *at[n], g.degree(n)) for n in sorted(g))
    lines = tuple(Line(min(u, v), max(u, v), "appeared_with") for u, v in g.edges())
    html = _render(Picture(spots, lines, 300))
    assert len(nodes(html)) == 300
    assert html.count('<line class="edge appeared_with"') == 500 + 1  # and one in the legend
    assert html.count(' minor"') == 300 - 40  # only the best connected keep a visible label
    assert 'id="ego-caption"' in html and 'marker id="ego-arrow"' in html
    assert "300 simpul, 500 garis." in html
    # In the right third a label goes to the node's left, where it is not cut off by the picture's edge.
    right = [float(x) for x in re.findall(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end">', html)]
    assert right and all(x > 1000 * 2 / 3 - 25 for x in right)
    assert len(right) == sum(1 for s in spots if s.x > 1000 * 2 / 3)


def test_a_picture_is_kept_until_the_store_changes(seeded: Services,
                                                   importer: Callable[[list[Document]], None]) -> None:
    first = seeded.analytics.picture("delegations")
    assert seeded.analytics.picture("delegations") is first  # laid out once
    assert seeded.analytics.picture("delegations", 50) is not first  # another cap is another picture
    importer([meeting(9)])
    after = seeded.analytics.picture("delegations")
    assert after is not first
    assert {s.label for s in after.spots} - {s.label for s in first.spots} == {"Budi Santoso 009"}


@pytest.mark.parametrize(("depth", "kinds"), [("1", {"person", "post", "event"}),
                                              ("2", {"person", "post", "event", "agency"})])
def test_the_network_around_an_entity(client: Client, depth: str, kinds: set[str]) -> None:
    response = client.get(f"/network?around=Agung+Hikmati&depth={depth}")
    assert response.status_code == 200, response.text
    drawn = nodes(response.text)
    assert {kind for kind, _ in drawn} == kinds
    assert ("person", "/id/person/agung-hikmati") in drawn
    centre = re.search(r'href="/id/person/agung-hikmati"[^>]*>\s*<title>[^<]*</title>\s*<circle class="shape" '
                       r'cx="([\d.]+)" cy="([\d.]+)"', response.text)
    assert centre is not None and centre.groups() == ("500.0", "350.0")  # in the middle of the picture


@pytest.mark.parametrize(("query", "message"), [
    ("?around=Nobody+Here", "no person, agency, post or event named &#39;Nobody Here&#39;"),
    ("?around=Agung+Hikmati&depth=3", "depth=&#39;3&#39;: expected 1 or 2"),
    ("?around=Agung+Hikmati&from=2018-01-01", "the dates, province and agency filter the whole network"),
])
def test_a_bad_around_answers_400(client: Client, query: str, message: str) -> None:
    response = client.get("/network" + query)
    assert response.status_code == 400
    assert message in response.text


def test_the_ego_view_an_entity_page_includes(seeded: Services) -> None:
    pages = Pages("https://humasgraph.id/id/")
    view = ego_view(seeded, pages.entity_url, "https://humasgraph.id/id/person/agung-hikmati")
    assert view is not None and view.id == "ego"
    assert "/id/person/agung-hikmati" in {n.href for n in view.nodes}
    assert {e.kind for e in view.edges} == {"spoke_for", "other"}
    assert ego_view(seeded, pages.entity_url, "https://humasgraph.id/id/person/nobody") is None


def test_the_picture_around_an_entity_links_its_query_which_finds_the_same_nodes(client: Client) -> None:
    html = client.get("/network?around=Agung+Hikmati&depth=2").text
    link = re.search(r'<p class="graphiql-link"><a href="([^"]+)">', html)
    assert link is not None
    params = parse_qs(urlsplit(link.group(1).replace("&amp;", "&")).query)
    body = client.post("/graphql", json={"query": params["q"][0],
                                         "variables": json.loads(params["variables"][0])}).json()
    assert "errors" not in body, body
    found = {c["node"]["id"] for c in body["data"]["connections"]}
    drawn = {href for _, href in nodes(html)} - {"/id/person/agung-hikmati"}
    assert {"/id/" + iri.removeprefix("https://humasgraph.id/id/") for iri in found} == drawn
    assert '<p class="graphiql-link">' not in client.get("/network").text  # the whole network has no one query
