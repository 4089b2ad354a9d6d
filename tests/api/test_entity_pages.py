"""The explorer's entity pages, in-process: each kind's page, the flagship answer on the seed event,
escaping, languages, the 404 page, and every link of the home and the event page answering."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urlsplit

import pytest
from api_articles import meeting
from api_client import GQL, Client

from humasgraph.api.entity_pages import QUERIES
from humasgraph.model.document import Document
from humasgraph.services import Services

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
BASE = "https://humasgraph.id/id/"


def path_of(iri: str) -> str:
    return "/id/" + iri[len(BASE):]


def seed_event(services: Services) -> str:
    return services.flagship(event_type=None)[0].iri


def test_the_seed_event_page_answers_the_flagship_question(client: Client, seeded: Services) -> None:
    page = client.get(path_of(seed_event(seeded)), headers=HTML)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    text = unescape(re.sub(r"\s+", " ", page.text))
    assert "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah" in text
    # Agung Hikmati read the keynote for the Sekda post, whose holder the article does not name.
    speaker = re.search(r'<li class="speaker">(.*?)</li>', text).group(1)  # type: ignore[union-attr]
    assert "Agung Hikmati" in speaker and "Kepala Bidang E-Government" in speaker
    assert "atas nama" in speaker and "Sekretaris Daerah Provinsi Jawa Tengah" in speaker
    assert "pejabatnya tidak disebut" in speaker
    assert "Helmi Hafid" in text and "Narasumber" in text
    assert "26 September 2018" in text and "Hotel Dafam Cilacap" in text
    # the delegation, and the statements with their source article
    assert re.search(r"Agung Hikmati</a></td><td><a [^>]*>Sekretaris Daerah Provinsi Jawa Tengah", text)
    assert "Membacakan sambutan" in text
    assert "Humas di era ini bukan lagi sebagai penyambung lidah pemerintah" in text


def test_the_event_page_in_english(client: Client, seeded: Services) -> None:
    page = client.get(path_of(seed_event(seeded)) + "?lang=en", headers=HTML)
    assert page.status_code == 200 and page.headers["content-language"] == "en"
    assert "holder not named" in page.text and "on behalf of" in page.text and "Coordination meeting" in page.text
    assert "26 September 2018" in page.text and "Reading a speech" in page.text


def test_a_person_page(client: Client, seeded: Services) -> None:
    [hit] = seeded.search("agung hikmati", ["person"], 1)
    page = client.get(path_of(hit.iri), headers=HTML)
    assert page.status_code == 200
    text = unescape(page.text)
    assert "<h1>Agung Hikmati</h1>" in text
    assert "Kepala Bidang E-Government Dinas Komunikasi dan Informatika Provinsi Jawa Tengah" in text
    assert "Sinkronisasi dan Koordinasi" in text  # his event
    assert "Mewakili orang lain" in text and "Sekretaris Daerah Provinsi Jawa Tengah" in text  # whom he spoke for
    # the network around him, as SVG in the page, each node a link to its page
    picture = text[text.index('id="network"'):]
    assert "<svg" in picture and 'href="/id/post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah"' in picture


def test_acting_tenures_are_marked_and_posts_list_their_holders(client: Client, seeded: Services,
                                                                importer: Callable[[list[Document]], None]) -> None:
    doc = meeting(1, principal_held=True).model_dump(mode="json", exclude_none=True)
    doc["people"][2]["positions"][0]["acting"] = "pelaksana_tugas"
    importer([Document.model_validate(doc)])
    [hit] = seeded.search("hadi prabowo 001", ["person"], 1)
    person = client.get(path_of(hit.iri), headers=HTML)
    assert person.status_code == 200 and 'class="acting"' in person.text and "Plt." in person.text
    [post] = seeded.search("sekretaris daerah provinsi jawa tengah", ["post"], 1)
    page = client.get(path_of(post.iri), headers=HTML)
    assert page.status_code == 200 and "Hadi Prabowo 001" in page.text


@pytest.mark.parametrize("kind", ["person", "agency", "post", "event", "statement", "delegation", "place", "tenure"])
def test_every_kind_of_entity_has_a_page(client: Client, seeded: Services, kind: str) -> None:
    iri = _one_of(seeded, kind)
    page = client.get(path_of(iri), headers=HTML)
    assert page.status_code == 200, page.text[:500]
    assert f'class="entity entity-{kind}"' in page.text
    assert "?format=jsonld" in page.text and "?format=turtle" in page.text


def test_the_article_page_lists_what_it_contributed(client: Client, seeded: Services) -> None:
    url = _one_of(seeded, "article")
    page = client.get("/article", params={"url": url}, headers=HTML)
    assert page.status_code == 200
    text = unescape(page.text)
    assert "Cerdas Memaanfaatkan Media Sosial" in text and "Agung Hikmati" in text and "Helmi Hafid" in text
    assert f'href="{url}"' in text  # the source link
    turtle = client.get("/article", params={"url": url, "format": "turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")


def test_a_name_holding_a_script_is_text_on_every_page(client: Client, seeded: Services,
                                                       importer: Callable[[list[Document]], None]) -> None:
    doc = meeting(7).model_dump(mode="json", exclude_none=True)
    doc["people"][0]["name"] = 'Budi <script>alert("x")</script> Santoso'
    doc["statements"][0]["text"] = "Kata <img src=x onerror=alert(1)> sekda"
    importer([Document.model_validate(doc)])
    event = seeded.search("rapat koordinasi kehumasan 007", ["event"], 1)[0].iri
    person = seeded.search("budi santoso", ["person"], 1)[0].iri
    for path in (path_of(event), path_of(person)):
        page = client.get(path, headers=HTML)
        assert page.status_code == 200
        assert "<script>alert" not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;" in page.text


def test_unknown_pages_are_a_404_page_for_browsers_and_text_for_programs(client: Client) -> None:
    for path in ("/id/person/nobody-at-all", "/no/such/page"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 404 and "<h1>Halaman tidak ditemukan</h1>" in page.text
        assert client.get(path, headers={"Accept": "text/turtle"}).headers["content-type"].startswith("text/plain")
    english = client.get("/no/such/page?lang=en", headers=HTML)
    assert english.status_code == 404 and "Page not found" in english.text


def test_the_home_lists_latest_events_and_articles_by_month(client: Client, seeded: Services,
                                                          importer: Callable[[list[Document]], None]) -> None:
    importer([meeting(i) for i in range(3)])  # 2020-01-01 .. 2020-01-03, published those days
    home = client.get("/", headers=HTML)
    text = unescape(home.text)
    assert "Kegiatan terbaru" in text and "Rapat Koordinasi Kehumasan 002" in text
    latest = text.index("Rapat Koordinasi Kehumasan 002")
    assert latest < text.index("Rapat Koordinasi Kehumasan 000")  # latest first
    assert re.search(r"Januari 2020</th><td>3</td>", text)


def test_every_link_on_the_home_and_the_event_page_answers(client: Client, seeded: Services,
                                                         importer: Callable[[list[Document]], None]) -> None:
    importer([meeting(1, principal_held=True)])
    start = ["/", "/?q=agung", path_of(seed_event(seeded))]
    seen: set[str] = set()
    pages = list(start)
    # the start pages and every page they link to, and what those link to: two steps from the home
    for depth in range(2):
        found: list[str] = []
        for path in pages:
            if path in seen:
                continue
            seen.add(path)
            page = client.get(path, headers=HTML)
            assert page.status_code == 200, (path, page.status_code)
            for raw in re.findall(r'href="([^"]+)"', page.text):
                href = unescape(raw)
                parts = urlsplit(href)
                if parts.scheme or parts.netloc or href.startswith("#"):
                    continue  # outside the server: source articles, w3id namespaces
                found.append(href if href.startswith("/") else path.split("?")[0] + href)
        pages = found if depth == 0 else pages
    assert len(seen) > 15


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_each_page_query_runs_in_graphql(gql: GQL, seeded: Services, kind: str) -> None:
    answer = gql(QUERIES[kind], {"id": _one_of(seeded, kind)})
    assert answer["data"]["node"], kind


def _one_of(services: Services, kind: str) -> str:
    """An IRI of ``kind`` in the seeded store."""
    from humasgraph.model.kinds import KINDS  # noqa: PLC0415

    rows = services.store.select(f"SELECT ?x WHERE {{ GRAPH ?g {{ ?x a <{KINDS[kind].cls.value}> }} }} "
                                 "ORDER BY ?x LIMIT 1")
    return rows[0]["x"].value


def test_pages_of_entities_with_empty_lists(client: Client, seeded: Services,
                                            importer: Callable[[list[Document]], None]) -> None:
    importer([Document.model_validate({
        "article": {"url": "https://example.org/berita/sepi", "title": "Sepi"},
        "agencies": [{"key": "d", "name": "Dinas Sepi Kota Uji"}],
        "people": [{"key": "p", "name": "Tanpa Jabatan"}],
        "posts": [{"key": "k", "title": "Kepala Seksi Sepi", "agency": "d"}],
    })])
    for q, kind in (("tanpa jabatan", "person"), ("dinas sepi kota uji", "agency"), ("kepala seksi sepi", "post")):
        [hit] = seeded.search(q, [kind], 1)
        page = client.get(path_of(hit.iri), headers=HTML)
        assert page.status_code == 200, (kind, page.text[:300])
        assert "Belum ada." in page.text or "Belum diketahui siapa yang menjabat." in page.text


def _cost(client: Client, services: Services, path: str) -> int:
    """How many store queries answering ``path`` takes, once what is kept beside the store (the
    network projection of the ego picture, the counts) has taken in the last write."""
    assert client.get(path, headers=HTML).status_code == 200, path
    before = services.store.queries  # type: ignore[attr-defined]
    assert client.get(path, headers=HTML).status_code == 200, path
    return services.store.queries - before  # type: ignore[attr-defined]


def test_a_page_costs_a_few_store_queries_however_much_there_is(
        client: Client, seeded: Services, importer: Callable[[list[Document]], None]) -> None:
    importer([meeting(i, principal_held=True) for i in range(3)])
    paths = {"event": path_of(seeded.search("rapat koordinasi kehumasan 000", ["event"], 1)[0].iri),
             "agency": path_of(seeded.search("dinas pendidikan provinsi jawa tengah", ["agency"], 1)[0].iri),
             "post": path_of(seeded.search("sekretaris daerah provinsi jawa tengah", ["post"], 1)[0].iri),
             "person": path_of(seeded.search("budi santoso 001", ["person"], 1)[0].iri),
             "article": "/article?url=https://example.org/berita/001", "home": "/"}
    few = {kind: _cost(client, seeded, path) for kind, path in paths.items()}
    importer([meeting(i, principal_held=True) for i in range(3, 60)])  # 60 events of one organiser and place
    many = {kind: _cost(client, seeded, path) for kind, path in paths.items()}
    # A list walked along a kept order checks at most WALK_BUDGET candidates (five queries or fewer)
    # before the store orders it: bounded, whatever the size of the store.
    for kind in paths:
        assert few[kind] <= 40 and many[kind] <= 40, (kind, few, many)
