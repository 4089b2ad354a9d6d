"""Injection: hostile strings through every user-supplied string path change nothing and match literally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode

from humasgraph import cli
from humasgraph.model.names import split_honorifics
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import render

from .conftest import SEED_ARTICLE, TOKEN, Api, fingerprint
from .integrity import article_count, problems
from .payloads import PAYLOADS

_LABELS = """
SELECT ?x ?label WHERE { GRAPH $all { ?x a $cls ; $name|$alt ?label } }
"""
PEOPLE = """query($q: String!) { people(where: {name: {contains: $q}}, first: 100) { edges { node { id } } } }"""
PEOPLE_EQ = """query($q: String!) { people(where: {name: {eq: $q}}, first: 100) { edges { node { id } } } }"""
STATEMENTS = """query($q: String!) {
  statements(where: {text: {contains: $q}}, first: 100) { edges { node { id text } } } }"""
SEARCH = """query($q: String!) { search(q: $q, first: 20) { label node { __typename } } }"""
NODE = """query($q: ID!) { node(id: $q) { __typename } }"""
PATH = """query($q: String!) { path(from: $q, to: "Agung Hikmati") { __typename } }"""


def test_there_are_enough_payloads() -> None:
    assert len(PAYLOADS) >= 30


def test_render_never_rescans_a_filled_term() -> None:
    # A literal holding another placeholder's name must not pull that term inside its quotes.
    query = render("SELECT * { ?s ?p $name . ?s ?q $x }", name=Literal("$x"), x=Literal('} } ; DROP ALL ; #'))
    assert query == 'SELECT * { ?s ?p "$x" . ?s ?q "} } ; DROP ALL ; #" }'


def _labels(services: Services, cls: str) -> dict[str, list[str]]:
    from humasgraph.model.vocab import SCHEMA, SKOS

    rows = services.store.select(render(_LABELS, all=services.store.all_graph, cls=NamedNode(cls),
                                        name=SCHEMA.name, alt=SKOS.altLabel))
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["x"].value, []).append(r["label"].value)
    return out


def _ids(body: dict[str, Any], field: str) -> set[str]:
    assert "errors" not in body, body
    return {e["node"]["id"] for e in body["data"][field]["edges"]}


@pytest.fixture(scope="module")
def reader(editor_api: Api) -> Iterator[Api]:
    """The seeded API, with its store checked unchanged after every hostile read."""
    yield editor_api


@pytest.mark.parametrize("payload", PAYLOADS)
def test_graphql_reads_match_literally_and_change_nothing(payload: str, reader: Api) -> None:
    services = reader.services
    before = fingerprint(services)
    people = _labels(services, "http://schema.org/Person")
    expected = {iri for iri, labels in people.items() if any(payload.lower() in label.lower() for label in labels)}
    assert _ids(reader.graphql(PEOPLE, {"q": payload}), "people") == expected
    exact = {iri for iri, labels in people.items() if payload in labels}
    assert _ids(reader.graphql(PEOPLE_EQ, {"q": payload}), "people") == exact
    texts = {}
    for row in services.store.select(render("SELECT ?s ?t WHERE { GRAPH $all { ?s $text ?t } }",
                                            all=services.store.all_graph,
                                            text=NamedNode("http://schema.org/text"))):
        texts[row["s"].value] = row["t"].value
    said = reader.graphql(STATEMENTS, {"q": payload})
    assert _ids(said, "statements") == {s for s, t in texts.items() if payload.lower() in t.lower()}
    hits = reader.graphql(SEARCH, {"q": payload})
    assert "errors" not in hits, hits
    for name in (NODE, PATH):
        body = reader.graphql(name, {"q": payload})
        for error in body.get("errors") or []:  # a refusal is fine; a leak or a crash is not
            assert "Traceback" not in error["message"] and "/work/" not in error["message"]
    assert fingerprint(services) == before


SPARQL_REFUSED = [
    "DROP ALL",
    "CLEAR DEFAULT",
    "INSERT DATA { <http://e/s> <http://e/p> <http://e/o> }",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "LOAD <http://evil.example/data.ttl>",
    "CREATE GRAPH <http://e/g>",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <http://evil.example/g> WHERE { ?s ?p ?o }",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "COPY DEFAULT TO <http://e/g>",
    "ADD <http://e/a> TO <http://e/b>",
    'SELECT * WHERE { ?s ?p "x" } } DROP ALL { {',
]


@pytest.mark.parametrize("query", SPARQL_REFUSED)
def test_sparql_endpoint_refuses_writes_and_outside_reads(query: str, reader: Api) -> None:
    before = fingerprint(reader.services)
    for response in (reader.client.get("/sparql", params={"query": query}),
                     reader.client.post("/sparql", content=query,
                                        headers={"Content-Type": "application/sparql-query"}),
                     reader.client.post("/sparql", data={"update": query}),
                     reader.client.post("/sparql", content=query,
                                        headers={"Content-Type": "application/sparql-update",
                                                 "Authorization": f"Bearer {TOKEN}"})):
        assert response.status_code == 400, (query, response.status_code, response.text)
        assert "Traceback" not in response.text
    assert fingerprint(reader.services) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sparql_literal_matches_what_python_counts(payload: str, reader: Api) -> None:
    store = reader.services.store
    query = render("SELECT ?s WHERE { GRAPH $all { ?s ?p ?o FILTER(CONTAINS(STR(?o), $q)) } }",
                   all=store.all_graph, q=Literal(payload))
    response = reader.client.get("/sparql", params={"query": query}, headers={"Accept": "application/json"})
    assert response.status_code == 200, response.text
    got = {b["s"]["value"] for b in response.json()["results"]["bindings"]}
    expected = {q.subject.value for q in store.quads(store.all_graph)
                if payload in q.object.value}
    assert got == expected


def test_cli_sparql_is_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    services = Services.open(Settings(store=store))
    services.import_paths([SEED_ARTICLE])
    before = fingerprint(services)
    services.close()
    for query in SPARQL_REFUSED[:7]:
        assert cli.main(["--store", store, "sparql", query]) == 1, query
        err = capsys.readouterr().err
        assert err.startswith("humasgraph: ") and len(err.strip().splitlines()) == 1, err
    services = Services.open(Settings(store=store))
    try:
        assert fingerprint(services) == before
    finally:
        services.close()


IMPORT = """mutation($doc: JSON!) { importArticle(document: $doc) {
  __typename ... on ImportSucceeded { url triples } ... on ValidationFailed { errors { path message } } } }"""


def _hostile_document(i: int, payload: str) -> dict[str, Any]:
    return {
        "article": {"url": f"https://example.go.id/hostile/{i}?q=%22%3E", "title": f"Berita {payload}",
                    "publisher": f"Humas {payload}"},
        "agencies": [{"key": "a", "name": f"Dinas {payload}", "aliases": [f"D {payload}"]}],
        "people": [{"key": "p", "name": f"Pejabat {payload}", "aliases": [f"P {payload}"],
                    "positions": [{"title": f"Kepala {payload}", "agency": "a"}]}],
        "events": [{"key": "e", "name": f"Rapat {payload}", "venue": f"Hotel {payload}", "city": f"Kota {payload}",
                    "start": "2020-01-02", "speakers": [{"person": "p", "roles": ["keynote"]}]}],
        "statements": [{"speaker": "p", "event": "e", "text": f"Kata {payload}", "direct": True}],
    }


@pytest.mark.parametrize("i,payload", list(enumerate(PAYLOADS)))
def test_hostile_import_fields_are_stored_as_plain_text(i: int, payload: str, editor_api: Api) -> None:
    services = editor_api.services
    articles = article_count(services)
    body = editor_api.graphql(IMPORT, {"doc": _hostile_document(i, payload)}, token=TOKEN)
    assert "errors" not in body, body
    result = body["data"]["importArticle"]
    if result["__typename"] == "ValidationFailed":
        # Refused (a control character in a name, say): then nothing at all was written.
        assert article_count(services) == articles
        return
    assert result["__typename"] == "ImportSucceeded", result
    # Exactly one more source graph, and the store is still whole.
    assert article_count(services) == articles + 1
    assert problems(services) == []
    # A person's name is stored as written, less degrees and with spacing collapsed.
    name = split_honorifics(f"Pejabat {payload}").name
    found = editor_api.graphql(PEOPLE_EQ, {"q": name})
    assert len(_ids(found, "people")) == 1
    said = editor_api.graphql(STATEMENTS, {"q": f"Kata {payload}".strip()})
    texts = [e["node"]["text"] for e in said["data"]["statements"]["edges"]]
    assert f"Kata {payload}".strip() in texts
