"""Bad input through GraphQL ``importArticle``: ``ValidationFailed`` with the field path, and no write.

Every document in tests/data/bad that is data at all (it decodes and parses) is sent as the
mutation's JSON argument; files broken below that level (encodings, syntax, binary) cannot be
expressed as a GraphQL JSON value and are the command line's to refuse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import BAD, TOKEN, Api, fingerprint

EXPECTED: dict[str, str] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))

IMPORT = """
mutation($doc: JSON!) {
  importArticle(document: $doc) {
    __typename
    ... on ValidationFailed { errors { path message } }
    ... on ImportSucceeded { url }
  }
}
"""


class _Loader(yaml.SafeLoader):
    """Dates stay text, as the import format reads them, so that 2018-02-30 reaches the validator."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _data(path: Path) -> tuple[bool, Any]:
    """(True, the document's data) when the file parses into a value; (False, None) otherwise."""
    if path.suffix not in (".yaml", ".json") or "YAML anchors" in EXPECTED[path.name]:
        return False, None
    try:
        text = path.read_bytes().decode("utf-8")
        if "\x00" in text or not text.strip():
            return False, None
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)  # noqa: S506
        json.dumps(data, allow_nan=False)
    except (UnicodeDecodeError, ValueError, yaml.YAMLError, RecursionError):
        return False, None
    return True, data


AS_DATA = {name: data for name in sorted(EXPECTED) for ok, data in [_data(BAD / name)] if ok and data is not None}


def test_most_of_the_corpus_is_data() -> None:
    assert len(AS_DATA) >= 40


@pytest.mark.parametrize("name", sorted(AS_DATA))
def test_import_article_refuses_by_field_and_writes_nothing(name: str, editor_api: Api) -> None:
    before = fingerprint(editor_api.services)
    body = editor_api.graphql(IMPORT, {"doc": AS_DATA[name]}, token=TOKEN)
    assert "errors" not in body, body
    result = body["data"]["importArticle"]  # type: ignore[index]
    assert result["__typename"] == "ValidationFailed", result
    rendered = [f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in result["errors"]]
    assert len(rendered) == 1, rendered
    assert EXPECTED[name] in rendered[0]
    assert fingerprint(editor_api.services) == before


@pytest.mark.parametrize("value", [[], "a string", 42, True, None])
def test_a_document_that_is_no_mapping_is_refused(value: object, editor_api: Api) -> None:
    before = fingerprint(editor_api.services)
    body = editor_api.graphql(IMPORT, {"doc": value}, token=TOKEN)
    if value is None:
        assert body.get("errors"), body  # JSON! refuses null before the resolver runs
    else:
        result = body["data"]["importArticle"]  # type: ignore[index]
        assert result["__typename"] == "ValidationFailed"
        assert "expected a mapping" in result["errors"][0]["message"]
    assert fingerprint(editor_api.services) == before
