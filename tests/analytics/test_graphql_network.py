"""The network fields of the GraphQL API, through the real app."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from humasgraph.api.app import create_app
from humasgraph.services import Services


def _ask(services: Services, query: str) -> dict[str, Any]:
    response = TestClient(create_app(services.settings, services)).post("/graphql", json={"query": query})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]  # type: ignore[no-any-return]


def test_person_connections(seeded: Services) -> None:
    data = _ask(seeded, """{ node(id: "https://humasgraph.id/id/person/agung-hikmati") {
        ... on Person { connections { relation distance node { label kind } } } } }""")
    links = {(c["relation"], c["node"]["label"]) for c in data["node"]["connections"]}
    assert ("spoke on behalf of (at Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah)",
            "Sekretaris Daerah Provinsi Jawa Tengah") in links
    assert {c["distance"] for c in data["node"]["connections"]} == {1}


def test_path_between_two_speakers(seeded: Services) -> None:
    data = _ask(seeded, '{ path(from: "Agung Hikmati", to: "Helmi Hafid") { relation node { label kind } } }')
    assert [(s["relation"], s["node"]["label"]) for s in data["path"]] == [
        ("", "Agung Hikmati"),
        ("spoke at", "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"),
        ("heard", "Helmi Hafid")]


def test_top_speakers_during_a_period(seeded: Services) -> None:
    data = _ask(seeded, """{ all: topSpeakers { statements person { label } }
        none: topSpeakers(during: {from: "2019-01-01"}) { statements }
        y2018: topSpeakers(during: {from: "2018-09-26", to: "2018-09-26"}, first: 1) {
          statements person { label } } }""")
    assert [(r["person"]["label"], r["statements"]) for r in data["all"]] == [
        ("Agung Hikmati", 2), ("Helmi Hafid", 2), ("Ganjar Pranowo", 1)]
    assert data["none"] == []
    assert [(r["person"]["label"], r["statements"]) for r in data["y2018"]] == [("Agung Hikmati", 2)]


def test_centrality_ranked_and_filtered(seeded: Services) -> None:
    data = _ask(seeded, """{
        people: centrality(first: 2) { rank score node { label } }
        agencies: centrality(metric: PAGERANK, kind: AGENCY, first: 1) { rank node { label } }
        cilacap: centrality(metric: BETWEENNESS, place: "Cilacap", during: {from: "2018-09-26", to: "2018-09-26"}) {
          rank node { label } }
        later: centrality(during: {from: "2019-01-01"}) { rank }
        dinas: centrality(agency: "Diskominfo Jateng") { node { label } } }""")
    assert [(r["rank"], r["node"]["label"]) for r in data["people"]] == [(1, "Agung Hikmati"), (2, "Helmi Hafid")]
    assert data["people"][0]["score"] > data["people"][1]["score"]
    assert data["agencies"][0]["node"]["label"] == "Pemerintah Provinsi Jawa Tengah"
    assert [r["node"]["label"] for r in data["cilacap"]] == ["Agung Hikmati", "Helmi Hafid"]
    assert data["later"] == []
    assert [r["node"]["label"] for r in data["dinas"]] == ["Agung Hikmati"]


def test_connections_from_any_entity(seeded: Services) -> None:
    data = _ask(seeded, """{
        byName: connections(of: "Diskominfo Jateng") { relation node { label } }
        agency: node(id: "https://humasgraph.id/id/agency/dinas-komunikasi-dan-informatika-provinsi-jawa-tengah") {
          ... on Agency { connections { relation node { label } } } }
        event: events(first: 1) { nodes { connections(first: 3) { relation node { kind } } } } }""")
    assert ("includes", "Bidang E-Government") in {(c["relation"], c["node"]["label"]) for c in data["byName"]}
    assert data["agency"]["connections"] == data["byName"]
    assert {c["relation"] for c in data["event"]["nodes"][0]["connections"]} <= {"heard", "was attended by",
                                                                                 "was organised by"}
