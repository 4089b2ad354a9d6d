"""Fixtures of the reliability tests: a seeded store shared by a module, and its fingerprint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from humasgraph.services import Services
from humasgraph.settings import Settings

REPO = Path(__file__).resolve().parents[2]
SEED_ARTICLE = REPO / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
BAD = REPO / "tests" / "data" / "bad"


def fingerprint(services: Services) -> tuple[int, str]:
    """The number of quads and the write generation: any write changes the second."""
    return services.store.count(), services.store.generation()


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store folder with the seed article imported, shared by one test module (closed between uses)."""
    path = tmp_path_factory.mktemp("seeded") / "store"
    services = Services.open(Settings(store=str(path)))
    try:
        assert [o.status for o in services.import_paths([SEED_ARTICLE])] == ["imported"]
    finally:
        services.close()
    return path


@pytest.fixture(scope="module")
def seeded_services(seeded_dir: Path) -> Iterator[Services]:
    """The seeded store, open for a whole module."""
    services = Services.open(Settings(store=str(seeded_dir)))
    yield services
    services.close()


TOKEN = "reliability-editor-token-0123456789"


class Api:
    """The app over a seeded store, called in-process through ASGI, with the editor's token at hand."""

    def __init__(self, services: Services) -> None:
        from starlette.testclient import TestClient

        from humasgraph.api import create_app

        self.services = services
        self.client = TestClient(create_app(services.settings, services), raise_server_exceptions=False)

    def graphql(self, query: str, variables: dict[str, object] | None = None, *,
                token: str | None = None) -> dict[str, object]:
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        # ASCII-escaped JSON, so that even a lone surrogate travels as the client sent it.
        body = json.dumps({"query": query, "variables": variables or {}})
        response = self.client.post("/graphql", content=body, headers=headers)
        assert response.status_code in (200, 400, 401, 403), response.text  # 401/403: refused writes
        answer: dict[str, object] = response.json()
        return answer


@pytest.fixture(scope="module")
def editor_api(seeded_dir: Path) -> Iterator[Api]:
    """The API with a token configured (so with mutations) over the seeded store."""
    services = Services.open(Settings(store=str(seeded_dir), token=TOKEN))
    yield Api(services)
    services.close()
