"""The flagship query through HTTP answers DESIGN.md §3 on the seeds, field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api_client import GQL

from humasgraph.model.document import Document
from humasgraph.services import EventInfo, Services
from humasgraph.synthetic import generate

FLAGSHIP = """
query Flagship {
  events(where: {type: COORDINATION_MEETING}) {
    totalCount
    nodes {
      name type start end participantCount
      venue { name } city { name } province { name }
      organizer { __typename }
      speakers {
        person { name honorificPrefix honorificSuffix aliases }
        position { title agency { name ancestors { name } } }
        role roles
        onBehalfOf {
          __typename
          ... on Post { title label agency { name } holder { name } }
          ... on Person { name }
          ... on Agency { name }
        }
        statements {
          text direct date
          author { __typename ... on Post { label } ... on Person { name } }
          onBehalfOf { __typename }
          source { url title }
        }
      }
    }
  }
}
"""


def test_flagship_answers_design_section_3(gql: GQL, seed_url: str) -> None:
    events = gql(FLAGSHIP)["data"]["events"]
    assert events["totalCount"] == 1
    (event,) = events["nodes"]
    assert event["name"] == "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"
    assert event["type"] == "COORDINATION_MEETING"
    assert (event["start"], event["end"]) == ("2018-09-26", "2018-09-27")
    assert (event["venue"], event["city"], event["province"]) == (
        {"name": "Hotel Dafam Cilacap"}, {"name": "Cilacap"}, {"name": "Jawa Tengah"})
    assert event["participantCount"] == 120
    assert event["organizer"] is None  # the article names none

    agung, helmi = event["speakers"]
    assert {k: agung["person"][k] for k in ("name", "honorificPrefix", "honorificSuffix")} == {
        "name": "Agung Hikmati", "honorificPrefix": "Drs.", "honorificSuffix": "M.Si"}
    assert agung["person"]["aliases"] == ["Drs. Agung Hikmati, M.Si"]  # as the article writes him
    assert agung["position"]["title"] == "Kepala Bidang E-Government"
    assert agung["position"]["agency"]["name"] == "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"
    assert agung["role"] == "KEYNOTE"
    assert {"KEYNOTE", "OPENING"} <= set(agung["roles"])
    assert agung["onBehalfOf"] == {
        "__typename": "Post", "title": "Sekretaris Daerah", "label": "Sekretaris Daerah Provinsi Jawa Tengah",
        "agency": {"name": "Pemerintah Provinsi Jawa Tengah"},
        "holder": None,  # the article names no holder
    }
    speech, remark = agung["statements"]
    assert speech["text"].startswith("Humas di era ini bukan lagi sebagai penyambung lidah pemerintah")
    assert speech["direct"] is True and speech["date"] == "2018-09-26"
    assert speech["author"] == {"__typename": "Post", "label": "Sekretaris Daerah Provinsi Jawa Tengah"}
    assert speech["onBehalfOf"] == {"__typename": "Post"}
    assert remark["text"].startswith("Caranya ketika kita memiliki akun medsos")
    assert remark["author"] == {"__typename": "Person", "name": "Agung Hikmati"}
    assert remark["onBehalfOf"] is None

    assert helmi["person"]["name"] == "Helmi Hafid"
    assert helmi["position"]["title"] == "Kepala Subdirektorat Tata Kelola Komunikasi Publik"
    assert helmi["position"]["agency"]["name"] == "Direktorat Jenderal Informasi dan Komunikasi Publik"
    assert [a["name"] for a in helmi["position"]["agency"]["ancestors"]] == ["Kementerian Komunikasi dan Informatika"]
    assert helmi["role"] == "RESOURCE_PERSON"
    assert helmi["onBehalfOf"] is None  # a resource person from the ministry, for no one
    texts = [s["text"] for s in helmi["statements"]]
    assert any(t.startswith("Negara hadir di tengah masyarakat") for t in texts)
    assert any("Nawacita" in t and s["direct"] is False for t, s in zip(texts, helmi["statements"], strict=True))

    for speaker in event["speakers"]:
        for statement in speaker["statements"]:
            assert statement["source"]["url"] == seed_url
            assert statement["source"]["title"].startswith("Cerdas Mem")


def test_ganjar_spoke_at_no_event_but_is_in_statements(gql: GQL) -> None:
    query = """{ statements(where: {speaker: "https://humasgraph.id/id/person/ganjar-pranowo"}) {
      nodes { text direct event { name } speaker { name aliases positions { title } } } } }"""
    (st,) = gql(query)["data"]["statements"]["nodes"]
    assert "humas for non humas" in st["text"] and st["direct"] is False and st["event"] is None
    assert st["speaker"] == {"name": "Ganjar Pranowo", "aliases": ["Gabjar Pranowo"],
                             "positions": [{"title": "Gubernur"}]}


def test_post_principal_gives_its_holder_on_the_event_date(seeded, importer, gql: GQL) -> None:  # type: ignore[no-untyped-def]
    from api_articles import meeting

    importer([meeting(1, principal_held=True)])
    query = """{ events(where: {name: {eq: "Rapat Koordinasi Kehumasan 001"}}) { nodes { speakers {
      onBehalfOf { __typename ... on Post { holder { name } before: holder(at: "2018-06-01") { name } } } } } } }"""
    (event,) = gql(query)["data"]["events"]["nodes"]
    principal = event["speakers"][0]["onBehalfOf"]
    assert principal == {"__typename": "Post", "holder": {"name": "Hadi Prabowo 001"}, "before": None}


EVERY_EVENT = """
query Every($after: String) {
  events(first: 50, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name start venue { name } city { name } province { name }
      speakers {
        person { id name }
        position { title }
        roles
        onBehalfOf {
          __typename
          ... on Post { id label holder { name } }
          ... on Person { id name }
          ... on Agency { id name }
        }
        statements { id }
      }
    }
  }
}
"""


def _graphql_view(event: dict[str, Any]) -> tuple[Any, ...]:
    speakers = []
    for s in event["speakers"]:
        p = s["onBehalfOf"]
        principal = None if p is None else (p["id"], p["__typename"].lower(), p.get("label") or p.get("name"),
                                            (p.get("holder") or {}).get("name"))
        speakers.append((s["person"]["id"], s["person"]["name"], (s["position"] or {}).get("title"),
                         sorted(r.lower() for r in s["roles"]), principal, sorted(x["id"] for x in s["statements"])))
    return (event["name"], event["start"], *((event[k] or {}).get("name") for k in ("venue", "city", "province")),
            sorted(speakers))


def _flagship_view(e: EventInfo) -> tuple[Any, ...]:
    speakers = [(s.person, s.name, s.tenure.title if s.tenure else None, s.roles,
                 None if s.principal is None else (s.principal.iri, s.principal.kind, s.principal.label,
                                                   s.principal.holder_name),
                 sorted(x.iri for x in s.statements)) for s in e.speakers]
    return (e.name, e.start.isoformat() if e.start else None, e.venue, e.city, e.province, sorted(speakers))


def test_the_flagship_of_the_cli_and_of_graphql_are_one_answer(seeded: Services, gql: GQL,
                                                               importer: Callable[[list[Document]], None]) -> None:
    # This corpus holds the cases where two code paths used to disagree: a speaker with two
    # principals, a place with two names.
    importer(list(generate(400, seed=3)))
    graphql: dict[str, tuple[Any, ...]] = {}
    after = None
    while True:
        page = gql(EVERY_EVENT, {"after": after})["data"]["events"]
        graphql.update((e["id"], _graphql_view(e)) for e in page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    flagship = {e.iri: _flagship_view(e) for e in seeded.flagship(event_type=None, limit=10_000)}
    assert len(flagship) > 100
    assert flagship == graphql
