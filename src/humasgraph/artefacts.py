"""Generated artefacts committed to the repository, and the command that writes them.

``python -m humasgraph.artefacts`` rewrites them; ``--check`` exits 1 naming each one that has
drifted from the code (a test runs the check). Output is deterministic: sorted, no timestamps.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path

from .model.document import document_json_schema
from .settings import render_settings_doc

__all__ = ["ARTEFACTS", "check", "render_cli_doc", "write"]

REPO = Path(__file__).resolve().parents[2]


def _json_schema() -> str:
    return json.dumps(document_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_cli_doc() -> str:
    """The reference of every command, from the argument parser itself."""
    from .cli import parser  # noqa: PLC0415 - the CLI imports this module's siblings

    root = parser()
    fixed = functools.partial(argparse.HelpFormatter, width=100)  # not the terminal's width
    root.formatter_class = fixed
    lines = ["# Command line", "",
             "Generated from the argument parser (`python -m humasgraph.artefacts`). Data goes to "
             "stdout, messages to stderr; exit 0 when done, 1 on a handled error (one line), 2 on "
             "bad usage.", "", "```", root.format_help().rstrip(), "```", ""]
    subparsers = next(a for a in root._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in sorted(subparsers.choices.items()):
        sub.prog = f"humasgraph {name}"
        sub.formatter_class = fixed
        lines += [f"## `humasgraph {name}`", "", "```", sub.format_help().rstrip(), "```", ""]
    return "\n".join(lines)


ARTEFACTS: dict[str, Callable[[], str]] = {
    "schema/article-metadata.schema.json": _json_schema,
    "docs/settings.md": render_settings_doc,
    "docs/cli.md": render_cli_doc,
}


def check(root: Path = REPO) -> list[str]:
    """The artefacts whose committed text differs from what the code generates."""
    return [path for path, render in sorted(ARTEFACTS.items())
            if not (root / path).is_file() or (root / path).read_text(encoding="utf-8") != render()]


def write(root: Path = REPO) -> None:
    """Rewrite every artefact."""
    for path, render in sorted(ARTEFACTS.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        drifted = check()
        for path in drifted:
            print(f"{path}: out of date; run `python -m humasgraph.artefacts`", file=sys.stderr)
        sys.exit(1 if drifted else 0)
    write()
