"""Known operations: once strawberry has let an operation through, the same document is answered without it.

Each test compares the known lane's answer with strawberry's own on the same app, and counts the
requests strawberry executed, so a lane that answered wrongly, or did not answer, fails.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

import pytest
from api_client import Client

from humasgraph.api import compiler, create_app, known
from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.services import Services

ONE = "query ($id: ID!) { node(id: $id) { ... on Event {" + FLAGSHIP_EVENT_FIELDS + "} } }"
PAGE = "query ($n: Int) { events(first: $n) { nodes { name speakers { person { name } statements { text } } } } }"


class Counted:
    """The app over the seeds, counting the operations strawberry's schema executes."""

    def __init__(self, services: Services, monkeypatch: pytest.MonkeyPatch, **changes: object) -> None:
        self.app = create_app(services.settings.replace(**changes), services)
        self.client = Client(self.app)
        self.view = self.app.routes[0].app  # type: ignore[attr-defined]
        self.executed = 0
        schema = self.view.schema
        execute = schema.execute

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.executed += 1
            return await execute(*args, **kwargs)
        monkeypatch.setattr(schema, "execute", counted)

    def post(self, body: dict[str, Any], **kwargs: Any) -> tuple[int, dict[str, Any]]:
        response = self.client.post("/graphql", json=body, **kwargs)
        return response.status_code, response.json()

    def strawberrys(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """What strawberry's path answers to ``body``, the known lane off."""
        lane, self.view.known = self.view.known, None
        try:
            return self.post(body)
        finally:
            self.view.known = lane


@pytest.fixture
def app(seeded: Services, monkeypatch: pytest.MonkeyPatch) -> Counted:
    return Counted(seeded, monkeypatch)


def _event(app: Counted) -> str:
    _, body = app.post({"query": "{ events(first: 1) { nodes { id } } }"})
    return str(body["data"]["events"]["nodes"][0]["id"])


def test_a_known_operation_is_answered_without_strawberry(app: Counted) -> None:
    event = _event(app)
    body = {"query": ONE, "variables": {"id": event}}
    first = app.post(body)
    executed, answered = app.executed, app.view.known.plans.answered
    again = app.post(body)
    assert again == first and first[0] == 200 and "errors" not in first[1]
    assert first[1]["data"]["node"]["speakers"]
    assert app.executed == executed  # the second request never reached strawberry
    assert app.view.known.plans.answered == answered + 1
    assert app.strawberrys(body) == first


def test_other_variables_of_a_known_operation_answer_as_strawberry_does(app: Counted) -> None:
    app.post({"query": PAGE, "variables": {"n": 1}})
    executed = app.executed
    for n in (0, 2, 5, None):
        body = {"query": PAGE, "variables": {"n": n}}
        assert app.post(body) == app.strawberrys(body)
    assert app.executed == executed + 4  # only strawberrys() ran it


@pytest.mark.parametrize("query", [
    "{ events(first: 1) { nodes { nope } } }",  # invalid: refused by validation every time
    "query A { events(first: 1) { nodes { id } } } query B { __typename }",  # no operationName
])
def test_what_strawberry_refused_never_becomes_known(app: Counted, query: str) -> None:
    first = app.post({"query": query})
    assert "errors" in first[1]
    assert app.post({"query": query}) == first
    assert app.executed == 2


def test_variables_that_cost_too_much_get_strawberrys_refusal(seeded: Services,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = Counted(seeded, monkeypatch, max_cost=1000)
    assert "errors" not in app.post({"query": PAGE, "variables": {"n": 10}})[1]
    status, body = app.post({"query": PAGE, "variables": {"n": 100}})
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert (status, body) == app.strawberrys({"query": PAGE, "variables": {"n": 100}})


@pytest.mark.parametrize("variables", [{"n": "ten"}, {"n": 2**40}, {"n": [1]}])
def test_variables_that_do_not_coerce_get_strawberrys_error(app: Counted, variables: dict[str, Any]) -> None:
    app.post({"query": PAGE, "variables": {"n": 1}})
    executed = app.executed
    answer = app.post({"query": PAGE, "variables": variables})
    assert answer[1]["errors"] and answer[1]["data"] is None
    assert app.executed == executed + 1
    assert answer == app.strawberrys({"query": PAGE, "variables": variables})


def test_a_persisted_hash_over_get_and_post_is_answered_as_known(app: Counted) -> None:
    digest = hashlib.sha256(PAGE.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": digest}}
    registered = app.post({"query": PAGE, "variables": {"n": 2}, "extensions": persisted})
    executed = app.executed
    assert app.post({"variables": {"n": 2}, "extensions": persisted}) == registered
    over_get = app.client.get("/graphql", params={"extensions": json.dumps(persisted),
                                                  "variables": json.dumps({"n": 2})},
                              headers={"accept": "application/json"})
    assert (over_get.status_code, over_get.json()) == registered
    assert app.executed == executed
    browser = app.client.get("/graphql", params={"extensions": json.dumps(persisted)}, headers={"accept": "*/*"})
    assert browser.headers["content-type"].startswith("text/html")  # strawberry's choice: GraphiQL


@pytest.mark.parametrize("headers", [
    {"content-type": "application/graphql-response+json"},  # not JSON as strawberry reads it: its 400
    {"content-type": "text/plain"},
])
def test_another_content_type_goes_to_strawberry(app: Counted, headers: dict[str, str]) -> None:
    body = {"query": PAGE, "variables": {"n": 1}}
    app.post(body)
    executed = app.executed
    response = app.client.post("/graphql", content=json.dumps(body), headers=headers)
    assert app.executed == executed  # refused before execution, by strawberry's own words
    assert response.status_code == 400 and "Unsupported content type" in response.text


def test_a_streaming_accept_goes_to_strawberry(app: Counted) -> None:
    body = {"query": PAGE, "variables": {"n": 1}}
    app.post(body)
    executed = app.executed
    app.client.post("/graphql", json=body, headers={"accept": "multipart/mixed;subscriptionSpec=1.0"})
    assert app.executed == executed + 1  # strawberry decides how to answer it


def test_a_run_past_the_timeout_is_strawberrys_timeout(app: Counted, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"query": PAGE, "variables": {"n": 1}}
    app.post(body)
    run = known.run

    def slow(*args: Any) -> Any:
        time.sleep(0.3)
        return run(*args)
    monkeypatch.setattr(known, "run", slow)
    monkeypatch.setattr(compiler, "run", slow)  # strawberry's path (its compiled run) as slow
    app.view.timeout = 0.05
    executed = app.executed
    status, answer = app.post(body)
    assert app.executed == executed
    assert answer["data"] is None
    (error,) = answer["errors"]
    assert error["extensions"]["code"] == "TIMEOUT" and "0.05 s (query_timeout)" in error["message"]
    assert (status, answer) == app.strawberrys(body)


def test_a_failing_run_is_answered_by_strawberrys_path(app: Counted, monkeypatch: pytest.MonkeyPatch) -> None:
    body = {"query": PAGE, "variables": {"n": 2}}
    first = app.post(body)

    def failing(*args: Any) -> Any:
        raise OSError("the disk went away")
    monkeypatch.setattr(known, "run", failing)
    executed, failures = app.executed, app.view.known.plans.failures
    assert app.post(body) == first  # strawberry's path ran it again (its own run is untouched)
    assert app.executed == executed + 1 and app.view.known.plans.failures == failures + 1


def test_without_the_compiled_path_there_is_no_known_lane(seeded: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    app = Counted(seeded, monkeypatch, graphql_compiled=False)
    assert app.view.known is None
    body = {"query": PAGE, "variables": {"n": 1}}
    assert app.post(body) == app.post(body) and app.executed == 2
