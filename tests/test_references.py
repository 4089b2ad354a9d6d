"""A curated document may name people, posts and agencies that only the store knows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from humasgraph.services import Services

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://humasgraph.id/id/"
DISKOMINFO = BASE + "agency/dinas-komunikasi-dan-informatika-provinsi-jawa-tengah"


@pytest.fixture
def reference(services: Services) -> Services:
    """The store with the Central Java reference data and the seed article, on disk."""
    outcomes = services.import_paths([ROOT / "seeds" / "reference" / "jawa-tengah.yaml",
                                      ROOT / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"])
    assert [o.status for o in outcomes] == ["imported", "imported"]
    return services


def _doc(tmp_path: Path, data: dict, name: str = "doc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _article(**parts: object) -> dict:
    return {"article": {"url": "https://example.go.id/berita/humas", "title": "Berita humas",
                        "published": "2024-05-02"}, **parts}


def _values(services: Services, query: str) -> set[str]:
    return {r["v"].value for r in services.store.select(query)}


@pytest.mark.parametrize("ref", [
    "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",  # the stored name
    "Diskominfo Jateng",  # an alias
    DISKOMINFO,  # the IRI
    "agency/dinas-komunikasi-dan-informatika-provinsi-jawa-tengah",  # the IRI's tail
])
def test_an_agency_only_the_store_knows(reference: Services, tmp_path: Path, ref: str) -> None:
    doc = _article(people=[{"key": "rina", "name": "Rina Wulandari",
                            "positions": [{"title": "Kepala Seksi Humas", "agency": ref}]}],
                   statements=[{"speaker": "rina", "text": "Kami aktif di media sosial."}])
    (outcome,) = reference.import_paths([_doc(tmp_path, doc)])
    assert outcome.status == "imported", outcome.errors
    posts = _values(reference, f"SELECT ?v WHERE {{ GRAPH <{BASE}graph/all> {{ ?v org:postIn <{DISKOMINFO}> }} }}")
    assert f"{BASE}post/kepala-seksi-hubungan-masyarakat--{DISKOMINFO.rsplit('/', 1)[-1]}" in posts
    names = _values(reference, f"SELECT ?v WHERE {{ GRAPH <{BASE}graph/all> {{ <{DISKOMINFO}> schema:name ?v }} }}")
    assert names == {"Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"}  # no second agency, no new name


def test_a_person_and_a_post_only_the_store_knows(reference: Services, tmp_path: Path) -> None:
    doc = _article(people=[{"key": "rina", "name": "Rina Wulandari"}],
                   statements=[{"speaker": "Agung Hikmati", "text": "Humas harus hadir di media sosial."},
                               {"speaker": "rina", "text": "Kami membacakan sambutan.",
                                "on_behalf_of": "Sekretaris Daerah Provinsi Jawa Tengah"}])
    (outcome,) = reference.import_paths([_doc(tmp_path, doc)])
    assert outcome.status == "imported", outcome.errors
    speakers = _values(reference, f"""SELECT ?v WHERE {{ GRAPH <{BASE}graph/all> {{
        ?s a schema:Quotation ; dcterms:source <https://example.go.id/berita/humas> ; hg:speaker ?v }} }}""")
    assert BASE + "person/agung-hikmati" in speakers
    behalf = _values(reference, f"""SELECT ?v WHERE {{ GRAPH <{BASE}graph/all> {{
        ?s dcterms:source <https://example.go.id/berita/humas> ; hg:onBehalfOf ?v }} }}""")
    assert behalf == {BASE + "post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah"}
    # the document as stored names the entities it referred to, so a merge can rebuild it without the lookup
    assert [o.status for o in reference.import_paths([_doc(tmp_path, doc)])] == ["unchanged"]


def test_an_ambiguous_reference_lists_the_candidates(reference: Services, tmp_path: Path) -> None:
    two = {"article": {"url": "https://example.go.id/dua", "title": "Dua kepala dinas"},
           "posts": [{"key": "a", "title": "Kepala Dinas", "agency": "Diskominfo Jateng"},
                     {"key": "b", "title": "Kepala Dinas", "agency": "Sekretariat Daerah Provinsi Jawa Tengah"}]}
    assert [o.status for o in reference.import_paths([_doc(tmp_path, two, "two.yaml")])] == ["imported"]
    doc = _article(people=[{"key": "rina", "name": "Rina Wulandari"}],
                   statements=[{"speaker": "rina", "text": "Sambutan.", "on_behalf_of": "Kepala Dinas"}])
    (outcome,) = reference.import_paths([_doc(tmp_path, doc)])
    assert outcome.status == "failed"
    (problem,) = outcome.problems
    assert (problem.path, problem.line) == ("statements[0].on_behalf_of", 9)
    # (the stored labels are checked elsewhere: the title/agency seam is another fix's business)
    assert problem.message.startswith("'Kepala Dinas' names 2 stored entities; give one IRI: Kepala Dinas ")
    assert problem.message.count(" (post) <") == 2
    assert f"<{BASE}post/kepala-dinas--dinas-komunikasi-dan-informatika-provinsi-jawa-tengah>; " in problem.message
    assert problem.message.endswith(f"<{BASE}post/kepala-dinas--sekretariat-daerah-provinsi-jawa-tengah>")


def test_an_unknown_reference_lists_the_closest_names(reference: Services, tmp_path: Path) -> None:
    doc = _article(people=[{"key": "rina", "name": "Rina Wulandari",
                            "positions": [{"title": "Staf", "agency": "Dinas Komunikasi dan Informatika Jawa Tenga"}]}])
    before = {str(q) for q in reference.store.quads()}
    (outcome,) = reference.import_paths([_doc(tmp_path, doc)])
    assert outcome.status == "failed"
    assert outcome.problems[0].path == "people[0].positions[0].agency"
    assert outcome.problems[0].message == (
        "no agency with key or name 'Dinas Komunikasi dan Informatika Jawa Tenga' in the document or the store; "
        "closest: 'Dinas Komunikasi dan Informatika Provinsi Jawa Tengah', 'Kementerian Komunikasi dan Informatika', "
        "'Dinas Kominfo Provinsi Jawa Tengah'")
    assert {str(q) for q in reference.store.quads()} == before


def test_the_graphql_mutation_resolves_stored_references_too(reference: Services) -> None:
    from humasgraph.settings import Settings

    doc = _article(people=[{"key": "rina", "name": "Rina Wulandari",
                            "positions": [{"title": "Staf", "agency": "Diskominfo Jateng"}]}])
    services = Services(reference.settings.replace(token="t"), reference.store, reference.minter,
                        reference.importer, reference.merges)
    from starlette.testclient import TestClient

    from humasgraph.api.app import create_app

    assert isinstance(services.settings, Settings)
    response = TestClient(create_app(services.settings, services)).post(
        "/graphql", headers={"Authorization": "Bearer t"},
        json={"query": "mutation ($d: JSON!) { importArticle(document: $d) { __typename "
                       "... on ImportSucceeded { status } ... on ValidationFailed { errors { path message } } } }",
              "variables": {"d": json.loads(json.dumps(doc))}})
    assert response.json()["data"]["importArticle"] == {"__typename": "ImportSucceeded", "status": "imported"}
