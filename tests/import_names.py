"""What an import statement names, resolved: shared by the layout tests (test_layers, test_house)."""

from __future__ import annotations

import ast


def names_of(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    """The modules (and, for ``from … import x``, ``module.x``) that ``node`` in ``package`` imports."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    parts = package.split(".")
    base = parts[:len(parts) - node.level + 1] if node.level else []
    module = ".".join([*base, *(node.module.split(".") if node.module else [])])
    return [module, *(f"{module}.{alias.name}" for alias in node.names)]
