"""Fixtures of the reliability tests: a seeded store shared by a module, and its fingerprint."""

from __future__ import annotations

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
