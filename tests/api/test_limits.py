"""Guard-rails: depth, aliases, tokens, a time limit, CORS, and errors that leak nothing."""

from __future__ import annotations

import pytest
from api_client import Client, runner
from graphql import GraphQLError

from humasgraph.api import create_app
from humasgraph.api.codes import MASKED
from humasgraph.api.codes import expected as _expected
from humasgraph.errors import NotFound
from humasgraph.services import Services


def _app(services: Services, **changes: object) -> Client:
    settings = services.settings.replace(**changes)
    return Client(create_app(settings, services))


DEEP = "{ events { nodes { speakers { person { positions { agency { parent { parent { parent { name } } } } } } } } } }"


def test_depth_limit(seeded: Services) -> None:
    gql = runner(_app(seeded, max_depth=5))
    body = gql(DEEP, errors=True)
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
    assert "errors" not in runner(_app(seeded, max_depth=12))(DEEP)


def test_alias_limit(seeded: Services) -> None:
    query = "{ " + " ".join(f"a{i}: events {{ totalCount }}" for i in range(6)) + " }"
    body = runner(_app(seeded, max_aliases=5))(query, errors=True)
    assert "aliases" in body["errors"][0]["message"]


def test_token_limit(seeded: Services) -> None:
    body = runner(_app(seeded, max_tokens=20))(DEEP, errors=True)
    assert "token" in body["errors"][0]["message"].lower()


def test_a_document_is_validated_once_and_its_limits_still_hold(seeded: Services,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import strawberry.schema.schema as strawberry_schema
    calls: list[object] = []
    real = strawberry_schema.validate
    monkeypatch.setattr(strawberry_schema, "validate", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    gql = runner(_app(seeded, max_depth=5))
    for _ in range(3):
        assert "exceeds maximum operation depth" in gql(DEEP, errors=True)["errors"][0]["message"]
    for _ in range(3):
        gql("{ events { totalCount } }")
    assert len(calls) == 2, f"{len(calls)} validations of 2 distinct documents sent 3 times each"


def test_time_limit(seeded: Services) -> None:
    body = runner(_app(seeded, query_timeout=1e-6))(DEEP, errors=True)
    assert "took longer than" in body["errors"][0]["message"]


def test_cors_origins_come_from_settings(seeded: Services) -> None:
    client = _app(seeded, cors_origins=("https://humas.example",))
    preflight = {"Origin": "https://humas.example", "Access-Control-Request-Method": "POST"}
    allowed = client.request("OPTIONS", "/graphql", headers=preflight)
    assert allowed.headers["access-control-allow-origin"] == "https://humas.example"
    other = client.request("OPTIONS", "/graphql", headers={**preflight, "Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_healthz_and_graphiql(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    page = client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


@pytest.mark.parametrize(("original", "shown"), [
    (None, True), (NotFound("no person 'x'"), True), (RuntimeError("/home/secret/path.py exploded"), False),
])
def test_only_expected_errors_are_shown(original: Exception | None, shown: bool) -> None:
    assert _expected(GraphQLError("boom", original_error=original)) is shown


def test_unexpected_errors_are_masked_unless_debug(seeded: Services) -> None:
    # A store that is closed under the app fails with an error humasgraph did not raise on purpose.
    query = "{ events { nodes { name } } }"
    client = _app(seeded)
    real, seeded.store._store = seeded.store._store, None  # type: ignore[attr-defined]
    try:
        body = runner(client)(query, errors=True)
        debug = runner(_app(seeded, debug=True))(query, errors=True)
    finally:
        seeded.store._store = real  # type: ignore[attr-defined]
    assert body["errors"][0]["message"] == MASKED
    assert "traceback" not in str(body) and "/" not in body["errors"][0]["message"]
    assert debug["errors"][0]["message"] != MASKED and "traceback" in debug["errors"][0]["extensions"]


def test_validation_verdicts_are_kept_per_text_and_per_limits(seeded: Services) -> None:
    """The validation cache is keyed by the document's text and the rules (the depth limit among them)."""
    shallow, deep = runner(_app(seeded, max_depth=5)), runner(_app(seeded, max_depth=12))
    for _ in range(2):  # the second time from the cache: the same verdict, the same error
        body = shallow(DEEP, errors=True)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COMPLEX"]
        assert "errors" not in deep(DEEP)
        unknown = deep("{ events { nodes { nope } } }", errors=True)["errors"]
        assert [e["extensions"]["code"] for e in unknown] == ["GRAPHQL_VALIDATION_FAILED"]
        assert "nope" in unknown[0]["message"]
