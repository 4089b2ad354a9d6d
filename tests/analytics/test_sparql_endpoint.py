"""/sparql over a real server, driven by SPARQLWrapper; refusals and limits in process."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, POST, TSV, TURTLE, XML, SPARQLWrapper
from starlette.testclient import TestClient

from humasgraph.services import Services

NAMES = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
PEOPLE = ["Agung Hikmati", "Ganjar Pranowo", "Helmi Hafid"]


def _client(server: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{server}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_select_as_json_over_get(server: str) -> None:
    result = _client(server, NAMES, JSON).queryAndConvert()
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == PEOPLE  # type: ignore[index]


def test_select_as_xml_over_post(server: str) -> None:
    sparql = _client(server, NAMES, XML)
    sparql.setMethod(POST)
    doc = sparql.queryAndConvert()
    assert [n.firstChild.data for n in doc.getElementsByTagName("literal")] == PEOPLE  # type: ignore[union-attr]


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(server: str, fmt: str, delimiter: str) -> None:
    body = _client(server, NAMES, fmt).queryAndConvert()
    rows = list(csv.reader(io.StringIO(body.decode()), delimiter=delimiter))  # type: ignore[union-attr]
    assert rows[0] in (["name"], ["?name"])
    assert [r[0].strip('"') for r in rows[1:]] == PEOPLE


def test_ask(server: str) -> None:
    ask = "ASK { ?p schema:name 'Helmi Hafid' }"
    assert _client(server, ask, JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_construct_as_turtle(server: str) -> None:
    query = "CONSTRUCT { ?p schema:name ?n } WHERE { ?p a schema:Person ; schema:name ?n }"
    body = _client(server, query, TURTLE).queryAndConvert()
    names = sorted(t.object.value for t in ox.parse(body, ox.RdfFormat.TURTLE))  # type: ignore[arg-type]
    assert names == PEOPLE


def test_a_source_graph_can_be_named(server: str, seeded: Services, seed_url: str) -> None:
    graph = seeded.minter.graph(seed_url).value
    query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s a schema:Person }}"
    result = _client(server, query, JSON).queryAndConvert()
    assert result["results"]["bindings"][0]["n"]["value"] == "3"  # type: ignore[index]


@pytest.mark.parametrize(("params", "reason"), [
    ({"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, "updates are not accepted"),
    ({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, "updates are not accepted"),
    ({"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}, "SERVICE"),
    ({"query": "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }"}, "SERVICE"),
    ({"query": "SELECT * FROM <http://example.org/data.ttl> WHERE { ?s ?p ?o }"}, "FROM <http://example.org"),
    ({"query": "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }"}, "FROM NAMED <http://"),
    ({"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"}, "not allowed"),
    ({"query": "SELECT * WHERE { ?s ?p "}, "invalid SPARQL query"),
    ({}, "exactly one 'query'"),
])
def test_refusals(client: TestClient, params: dict[str, str], reason: str) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == 400
    assert reason in response.text


def test_an_update_posted_as_such_is_refused(client: TestClient) -> None:
    response = client.post("/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert response.status_code == 400 and "read-only" in response.text


def test_the_row_limit_cuts_and_says_so(client_with: Callable[..., TestClient]) -> None:
    response = client_with(sparql_row_limit=5).get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"},
                                                  headers={"accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["x-truncated"] == "true"
    assert len(response.text.strip().splitlines()) == 1 + 5


def test_the_time_limit(client_with: Callable[..., TestClient]) -> None:
    cross = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 268³ rows
    response = client_with(query_timeout=0.3, sparql_row_limit=10**9).get("/sparql", params={"query": cross})
    assert response.status_code == 503, response.text
    assert "limit of 0.3 s" in response.text


def test_accept_that_cannot_be_met(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": NAMES}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text
