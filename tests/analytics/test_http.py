"""/id/… Linked Data with content negotiation, and /export/{format} streaming."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from humasgraph.api.negotiation import negotiate
from humasgraph.exports import export
from humasgraph.exports.tables import TABLES
from humasgraph.services import Services

AGUNG = "/id/person/agung-hikmati"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/turtle"),
    ("*/*", "text/turtle"),
    (BROWSER, "text/html"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples;q=0.5, text/turtle;q=0.4", "application/n-triples"),
    ("text/*;q=0.9, text/html;q=0.1", "text/turtle"),
    ("image/png", None),
    ("text/turtle;q=0", None),
])
def test_negotiate(accept: str | None, expected: str | None) -> None:
    offers = ["text/turtle", "application/ld+json", "application/n-triples", "text/html"]
    assert negotiate(accept, offers) == expected


def test_turtle(client: TestClient) -> None:
    response = client.get(AGUNG, headers={"accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert response.headers["vary"] == "Accept"
    triples = list(ox.parse(response.content, ox.RdfFormat.TURTLE))
    agung = ox.NamedNode("https://humasgraph.id/id/person/agung-hikmati")
    assert ox.Literal("Agung Hikmati") in {t.object for t in triples if t.subject == agung}
    # what points at him comes too: the statements he gave
    assert any(t.object == agung and t.predicate.value.endswith("#speaker") for t in triples)


def test_jsonld(client: TestClient) -> None:
    response = client.get(AGUNG, headers={"accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    doc = response.json()
    assert "@context" in doc
    node = next(n for n in doc["@graph"] if n["id"].endswith("/person/agung-hikmati"))
    assert node["name"] == "Agung Hikmati"


def test_html_page_is_readable(client: TestClient) -> None:
    response = client.get(AGUNG, headers={"accept": BROWSER})
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Agung Hikmati</h1>" in page
    assert "Kepala Bidang E-Government" in page  # the post he holds, by its label and linked
    assert 'href="/id/post/kepala-bidang-e-government--' in page
    # what points at him: the event he spoke at and the statements he gave (the explorer's person page)
    assert "Sinkronisasi dan Koordinasi Bidang Kehumasan" in page
    assert "Caranya ketika kita memiliki akun medsos" in page


def test_html_escapes_what_it_shows(seeded: Services, client: TestClient, tmp_path: Path) -> None:
    doc = tmp_path / "odd.yaml"
    doc.write_text("""
article: {url: "https://example.org/odd", title: Odd}
events: [{key: e, name: "Rapat <script>alert(1)</script> & Evaluasi", type: meeting, start: 2020-01-02}]
""", encoding="utf-8")
    assert [o.status for o in seeded.import_paths([doc])] == ["imported"]
    rows = seeded.store.select("SELECT ?e WHERE { GRAPH ?g { ?e a schema:Event ; schema:name ?n "
                               "FILTER(CONTAINS(?n, 'Evaluasi')) } } LIMIT 1")
    page = client.get("/id/" + rows[0]["e"].value.removeprefix(seeded.settings.base_iri),
                      params={"format": "html"}).text
    assert "<script>" not in page
    assert "<h1>Rapat &lt;script&gt;alert(1)&lt;/script&gt; &amp; Evaluasi</h1>" in page


def test_format_parameter_overrides_accept(client: TestClient) -> None:
    response = client.get(AGUNG, params={"format": "ntriples"}, headers={"accept": "text/html"})
    assert response.headers["content-type"].startswith("application/n-triples")
    assert client.get(AGUNG, params={"format": "xlsx"}).status_code == 400


def test_unknown_entity_is_404_and_unmeetable_accept_is_406(client: TestClient) -> None:
    assert client.get("/id/person/nobody").status_code == 404
    assert client.get(AGUNG, headers={"accept": "image/png"}).status_code == 406


def test_a_merged_iri_redirects_to_the_one_kept(seeded: Services, client: TestClient) -> None:
    seeded.merge("https://humasgraph.id/id/person/helmi-hafid", "https://humasgraph.id/id/person/ganjar-pranowo")
    response = client.get("/id/person/ganjar-pranowo", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/id/person/helmi-hafid"


@pytest.mark.parametrize("fmt", ["trig", "turtle", "popolo", "graphml"])
def test_export_streams_what_the_exporter_writes(seeded: Services, client: TestClient, fmt: str) -> None:
    expected = io.BytesIO()
    export(seeded, fmt, expected)
    response = client.get(f"/export/{fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    if fmt == "trig":  # a canonical comparison: a second serialisation may order prefixes differently
        parse = ox.RdfFormat.TRIG
        assert set(ox.parse(response.content, parse)) == set(ox.parse(expected.getvalue(), parse))
    elif fmt == "popolo":
        assert response.json() == json.loads(expected.getvalue())
    else:
        assert response.content == expected.getvalue()


def test_export_csv_over_http_is_a_zip(client: TestClient) -> None:
    response = client.get("/export/csv")
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="humasgraph.csv.zip"' in response.headers["content-disposition"]
    assert sorted(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == sorted(TABLES)


def test_export_of_one_article_and_of_none(client: TestClient, seed_url: str) -> None:
    one = client.get("/export/nquads", params={"article": seed_url})
    assert one.status_code == 200 and len(one.content) > 1000
    missing = client.get("/export/nquads", params={"article": "https://example.org/none"})
    assert missing.status_code == 404


def test_export_of_an_unknown_format_lists_the_valid_ones(client: TestClient) -> None:
    response = client.get("/export/xlsx")
    assert response.status_code == 404
    assert "valid: csv, ftm, gexf, graphml, jsonld, nodelink" in response.text
