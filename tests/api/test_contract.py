"""The committed SDL and docs/graphql.md match the code; enums mirror the import format; serving's edge."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from humasgraph.api import contract, enums
from humasgraph.api.app import SETTINGS_ENV, app_from_environment, settings_to_environment
from humasgraph.api.schema import build_schema
from humasgraph.cli import main
from humasgraph.errors import ConfigError
from humasgraph.model import enums as model_enums
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
