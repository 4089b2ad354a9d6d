"""The synthetic corpus: deterministic, of the promised shape, and importable as it stands."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from humasgraph.cli import main
from humasgraph.ingest.importer import Loaded
from humasgraph.ingest.reading import load_document
from humasgraph.services import Services
from humasgraph.synthetic import agencies, generate, pool_size


def _dump(n: int, seed: int) -> list[str]:
    return [d.model_dump_json() for d in generate(n, seed)]


def test_same_seed_same_corpus_and_small_is_prefix_of_large() -> None:
    assert _dump(30, 7) == _dump(30, 7)
    assert _dump(30, 7)[:10] == _dump(10, 7)
    assert _dump(10, 7) != _dump(10, 8)


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="n=-1"):
        list(generate(-1))


def test_shape_of_articles() -> None:
    docs = list(generate(2_000, seed=3))
    assert len({d.article.url for d in docs}) == len(docs)
    for d in docs:
        assert 1 <= len(d.events) <= 3
        assert 1 <= len(d.statements) <= 5
        assert all(e.start and e.venue and e.city and e.province for e in d.events)
        # One name on one day is one event IRI: two such events in an article would contradict each other.
        assert len({(e.name, e.start) for e in d.events}) == len(d.events)
    statements = [s for d in docs for s in d.statements]
    share = sum(s.on_behalf_of is not None for s in statements) / len(statements)
    assert 0.25 <= share <= 0.35
    # Principals of all three kinds: a person, a post, an agency.
    kinds = Counter()
    for d in docs:
        index = d.index()
        for s in d.statements:
            if s.on_behalf_of:
                found = index.lookup_principal(s.on_behalf_of)
                kinds[type(found).__name__] += 1
    assert set(kinds) == {"PersonItem", "PostRef", "AgencyItem"}
    assert sum(len(d.delegations) for d in docs) > 0


def test_officials_recur_with_skew_from_a_pool_growing_sublinearly() -> None:
    docs = list(generate(2_000, seed=0))
    mentions = Counter(p.name for d in docs for p in d.people)
    top, count = mentions.most_common(1)[0]
    assert count > 100, (top, count)
    assert len(mentions) < 2_000
    assert pool_size(100_000) / pool_size(10_000) < 5


def test_agency_hierarchy_has_three_levels() -> None:
    depth = Counter()
    for a in agencies():
        level, node = 1, a
        while node.parent is not None:
            level, node = level + 1, node.parent
        depth[level] += 1
    assert set(depth) == {1, 2, 3}
    assert depth[3] > depth[2] > depth[1]


def test_corpus_imports_and_people_resolve_across_articles(services: Services) -> None:
    docs = list(generate(60, seed=1))
    loaded = [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]
    outcomes = list(services.importer.import_loaded(loaded))
    assert [o.errors for o in outcomes if o.status != "imported"] == []
    stats = services.stats()
    assert stats["articles"] == 60
    assert stats["people"] == len({p.name for d in docs for p in d.people})


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_synth_command_writes_loadable_documents(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "corpus"
    assert main(["synth", "12", "--seed", "5", "--out", str(out), "--format", fmt]) == 0
    files = sorted(out.rglob(f"*.{fmt}"))
    assert len(files) == 12
    first, _ = load_document(files[0])
    assert json.loads(first.model_dump_json()) == json.loads(next(generate(1, 5)).model_dump_json())


def test_import_progress_is_drawn_when_asked_and_counts_failures(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    assert main(["synth", "7", "--out", str(out)]) == 0
    (out / "0000" / "broken.yaml").write_text("article: [", encoding="utf-8")
    capsys.readouterr()
    main(["--store", str(tmp_path / "store"), "import", str(out), "--progress"])
    err = capsys.readouterr().err
    assert "8/8" in err and "1 failed" in err


def test_no_progress_bar_off_a_terminal_unless_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "corpus"
    assert main(["synth", "7", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["--store", str(tmp_path / "store"), "import", str(out)]) == 0
    assert "7/7" not in capsys.readouterr().err
