"""docs/python.md runs: its ``pycon`` blocks are one doctest, from the repository's root."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

import humasgraph
from humasgraph.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "python.md"


def test_the_python_api_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```pycon\n(.*?)```", PAGE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) >= 6
    test = doctest.DocTestParser().get_doctest("\n".join(blocks), {}, str(PAGE), str(PAGE), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize("as_path", [str, Path])
def test_paths_may_be_str_or_path(as_path: type, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rapat humas\nKepala Dinas Kominfo Jawa Tengah, Riena Retnaningrum, membuka rapat.\n",
                       encoding="utf-8")
    assert [p.name for p in extract_file(as_path(article)).people] == ["Riena Retnaningrum"]
    with humasgraph.open(as_path(tmp_path / "store")) as hg:
        assert [o.status for o in hg.import_paths(as_path(article))] == ["imported"]
        assert [o.status for o in hg.import_paths([as_path(article)])] == ["unchanged"]
