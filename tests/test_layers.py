"""The layers point one way: the CLI and the API reach the store only through ``Services``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from import_names import names_of

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "humasgraph"
# The door's callers, and what they must not import: the read side is ``Services``'s to run.
CALLERS = sorted([*(PACKAGE / "cli").glob("*.py"), *(PACKAGE / "api").glob("*.py")])
FORBIDDEN = ("humasgraph.queries", "humasgraph.store")


def imported(source: str, package: str) -> list[str]:
    """Every module (and imported name, as ``module.name``) that ``source`` in ``package`` imports."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.extend(names_of(node, package))
    return names


def forbidden(names: list[str]) -> list[str]:
    return [m for m in names if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]


@pytest.mark.parametrize("path", CALLERS, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_cli_and_the_api_import_no_queries_and_no_store_module(path: Path) -> None:
    package = ".".join(["humasgraph", *path.relative_to(PACKAGE).parent.parts])
    wrong = forbidden(imported(path.read_text(encoding="utf-8"), package))
    assert not wrong, f"{path.name} imports {wrong}: go through humasgraph.services.Services"


@pytest.mark.parametrize(("source", "package", "found"), [
    ("from ..queries import lists", "humasgraph.api", ["humasgraph.queries", "humasgraph.queries.lists"]),
    ("from .store import OxigraphStore", "humasgraph", ["humasgraph.store", "humasgraph.store.OxigraphStore"]),
    ("from .. import store", "humasgraph.api", ["humasgraph.store"]),
    ("import humasgraph.queries.flagship", "humasgraph", ["humasgraph.queries.flagship"]),
    ("def f():\n    from ..store.readers import Busy", "humasgraph.api",
     ["humasgraph.store.readers", "humasgraph.store.readers.Busy"]),
    ("from ..services import Services", "humasgraph.api", []),
    ("from ..storefront import x", "humasgraph.api", []),
])
def test_the_scan_resolves_relative_and_nested_imports(source: str, package: str, found: list[str]) -> None:
    assert forbidden(imported(source, package)) == found
