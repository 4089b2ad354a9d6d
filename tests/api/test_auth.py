"""Writes need the bearer token; without a configured token the schema has no mutations at all."""

from __future__ import annotations

import pytest
from api_articles import meeting
from api_client import GQL, TOKEN

from humasgraph.api.context import bearer_matches
from humasgraph.services import Services

IMPORT = """mutation ($doc: JSON!) { importArticle(document: $doc) {
  __typename ... on ImportSucceeded { url status triples article { title } }
  ... on ValidationFailed { errors { path message } } } }"""


def _doc() -> dict[str, object]:
    return meeting(5).model_dump(mode="json", exclude_defaults=True)


def test_without_a_token_there_is_no_mutation_type(gql: GQL) -> None:
    assert gql("{ __schema { mutationType { name } } }")["data"]["__schema"]["mutationType"] is None
    body = gql(IMPORT, {"doc": _doc()}, token="anything", errors=True)
    assert "mutation" in body["errors"][0]["message"].lower()


@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", ""])
def test_a_missing_or_wrong_token_is_refused(editor: tuple[GQL, Services], token: str | None) -> None:
    gql, services = editor
    before = services.store.count()
    body = gql(IMPORT, {"doc": _doc()}, token=token, errors=True)
    assert "Authorization: Bearer" in body["errors"][0]["message"]
    assert services.store.count() == before


def test_import_then_retract(editor: tuple[GQL, Services]) -> None:
    gql, _ = editor
    result = gql(IMPORT, {"doc": _doc()}, token=TOKEN)["data"]["importArticle"]
    assert result["__typename"] == "ImportSucceeded" and result["status"] == "imported"
    assert result["article"]["title"] == "Rapat koordinasi 5"
    again = gql(IMPORT, {"doc": _doc()}, token=TOKEN)["data"]["importArticle"]
    assert again["status"] == "unchanged"
    found = gql('{ events(where: {name: {eq: "Rapat Koordinasi Kehumasan 005"}}) { totalCount } }')
    assert found["data"]["events"]["totalCount"] == 1
    gone = gql('mutation { retractArticle(url: "https://example.org/berita/005") { triplesRemoved } }', token=TOKEN)
    assert gone["data"]["retractArticle"]["triplesRemoved"] == result["triples"]
    found = gql('{ events(where: {name: {eq: "Rapat Koordinasi Kehumasan 005"}}) { totalCount } }')
    assert found["data"]["events"]["totalCount"] == 0


def test_an_invalid_document_comes_back_as_field_errors(editor: tuple[GQL, Services]) -> None:
    gql, _ = editor
    doc = _doc()
    doc["events"][0]["start"] = "2020-02-30"  # type: ignore[index]
    doc["statements"][0]["speaker"] = "nobody"  # type: ignore[index]
    result = gql(IMPORT, {"doc": doc}, token=TOKEN)["data"]["importArticle"]
    assert result["__typename"] == "ValidationFailed"
    assert any(e["path"] == "events[0].start" for e in result["errors"]), result


def test_merge_and_unmerge(editor: tuple[GQL, Services]) -> None:
    gql, _ = editor
    keep, other = "https://humasgraph.id/id/person/agung-hikmati", "https://humasgraph.id/id/person/helmi-hafid"
    merged = gql(f'mutation {{ mergeEntities(keep: "{keep}", other: "{other}") {{ mergedId keptId '
                 f'kept {{ ... on Person {{ name }} }} }} }}', token=TOKEN)["data"]["mergeEntities"]
    assert merged == {"mergedId": other, "keptId": keep, "kept": {"name": "Agung Hikmati"}}
    node = gql(f'{{ node(id: "{other}") {{ id }} }}')["data"]["node"]
    assert node == {"id": keep}  # the old IRI resolves to the one kept
    gql(f'mutation {{ unmergeEntity(id: "{other}") {{ mergedId }} }}', token=TOKEN)
    assert gql(f'{{ node(id: "{other}") {{ id }} }}')["data"]["node"] == {"id": other}


@pytest.mark.parametrize(("header", "token", "ok"), [
    ("Bearer abc", "abc", True), ("bearer abc", "abc", True), ("Bearer abd", "abc", False),
    ("Basic abc", "abc", False), (None, "abc", False), ("Bearer ", "", False), ("Bearer x", "", False),
])
def test_bearer_matching(header: str | None, token: str, ok: bool) -> None:
    assert bearer_matches(header, token) is ok
