"""The committed SDL and docs/graphql.md match the code; enums mirror the import format; serving's edge."""

from __future__ import annotations

import asyncio
import gc
import json
import re
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from humasgraph.api import contract, enums
from humasgraph.api.app import SETTINGS_ENV, app_from_environment, create_app, settings_to_environment
from humasgraph.api.schema import build_schema
from humasgraph.cli import main
from humasgraph.errors import ConfigError
from humasgraph.model import enums as model_enums
from humasgraph.services import Services
from humasgraph.settings import Settings

REPO = Path(__file__).resolve().parents[2]
REGENERATE = "python -m humasgraph.api.contract {} > {}"


def test_the_committed_sdl_is_current() -> None:
    committed = (REPO / "schema" / "humasgraph.graphql").read_text(encoding="utf-8")
    assert committed == contract.sdl(), "run: " + REGENERATE.format("sdl", "schema/humasgraph.graphql")
    assert contract.sdl() == contract.sdl()  # deterministic


def test_the_committed_doc_is_current() -> None:
    committed = (REPO / "docs" / "graphql.md").read_text(encoding="utf-8")
    assert committed == contract.render_doc(), "run: " + REGENERATE.format("doc", "docs/graphql.md")


def test_every_root_field_has_an_answered_example() -> None:
    schema = build_schema(Settings(token="x"))._schema  # noqa: S106
    roots = set(schema.query_type.fields) | set(schema.mutation_type.fields)  # type: ignore[union-attr]
    assert {ex.field for ex in contract.EXAMPLES} == roots
    doc = (REPO / "docs" / "graphql.md").read_text(encoding="utf-8")
    for answer in re.findall(r"Answer:\n\n```json\n(.*?)\n```", doc, re.DOTALL):
        assert "errors" not in json.loads(answer)


def test_platform_mirrors_the_import_format() -> None:
    # The enums that spell a SKOS scheme are checked against schema/concepts.ttl in one place,
    # tests/test_schema.py; platforms are no scheme (vocab.SERVICE_HOMEPAGES).
    assert {m.value for m in enums.Platform} == {m.value for m in model_enums.Platform}
    assert all(m.name == m.value.upper() for m in enums.Platform)


def test_serve_refuses_several_workers_over_the_embedded_store(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", str(tmp_path / "s"), "serve", "--workers", "2"]) == 1
    err = capsys.readouterr().err
    assert "workers=2" in err and "SPARQL endpoint" in err


def test_workers_rebuild_the_settings_from_the_edge() -> None:
    settings = Settings(store="http://sparql.example/query", token="t0k", cors_origins=("https://a.example",),
                        workers=4, max_depth=7)
    app = app_from_environment(lambda: {SETTINGS_ENV: settings_to_environment(settings)})
    assert app.state.settings == settings
    with pytest.raises(ConfigError, match=SETTINGS_ENV):
        app_from_environment(dict)


def test_a_served_app_leaves_its_started_heap_out_of_the_collector(settings: Settings, services: Services,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    served = []
    monkeypatch.setattr("uvicorn.run", lambda app, **options: served.append(app))
    services.close()  # the serve command opens the store itself
    assert main(["--store", settings.store, "serve", "--port", "8999"]) == 0  # not bound: uvicorn.run is ours
    assert [app.state.freeze_heap for app in served] == [True]
    workers = Settings(store="http://sparql.example/query", workers=2)
    assert app_from_environment(lambda: {SETTINGS_ENV: settings_to_environment(workers)}).state.freeze_heap

    async def frozen_once_started(app: Starlette) -> int:
        async with app.router.lifespan_context(app):
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
                answer = await client.post("/graphql", json={"query": "{ __typename }"})
                assert answer.json() == {"data": {"__typename": "Query"}}
            return gc.get_freeze_count()

    assert gc.get_freeze_count() == 0
    try:
        assert asyncio.run(frozen_once_started(create_app(settings))) == 0  # as a test or a script makes it
        # the modules, the schema, the services: what the process holds once started
        assert asyncio.run(frozen_once_started(create_app(settings, freeze_heap=True))) > 10_000
        gc.unfreeze()
        with Services.open(settings) as opened:  # given the services, as the serve command gives them
            assert asyncio.run(frozen_once_started(create_app(settings, opened, freeze_heap=True))) > 10_000
    finally:
        gc.unfreeze()
