"""Shared fixtures: real stores on disk in tmp_path, and the seeds imported into one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from humasgraph.services import Services
from humasgraph.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_ARTICLE = SEEDS / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
SEED_URL = ("https://humasgraph.id/seeds/"
            "cerdas-memanfaatkan-media-sosial-setiap-asn-adalah-humas-bagi-instansinya")


@pytest.fixture
def seed_url() -> str:
    """The URL the curated seed article is known by."""
    return SEED_URL


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a fresh on-disk store in tmp_path."""
    return Settings(store=str(tmp_path / "store"))


@pytest.fixture
def services(settings: Settings) -> Iterator[Services]:
    """Use cases over a fresh, empty on-disk store."""
    svc = Services.open(settings)
    yield svc
    svc.close()


@pytest.fixture
def seeded(services: Services) -> Services:
    """The store with the curated seed article imported."""
    outcomes = services.import_paths([SEED_ARTICLE])
    assert [o.status for o in outcomes] == ["imported"], outcomes
    return services
