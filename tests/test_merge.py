"""Merging two entities, and undoing it exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from humasgraph.cli import main
from humasgraph.errors import HumasgraphError, NotFound
from humasgraph.services import Services
from humasgraph.store.feed import feed_predicates

BASE = "https://humasgraph.id/id/"


def quads(services: Services) -> set[str]:
    return {str(q) for q in services.store.quads()
            if "generation" not in str(q.predicate) and q.predicate not in feed_predicates()}


def doc(url: str, person: str, text: str) -> dict:
    return {
        "article": {"url": url, "title": "Berita", "published": "2024-06-04"},
        "people": [{"key": "p", "name": person, "positions": [{"title": "Ketua DPRD"}]}],
        "events": [{"key": "e", "name": f"Rapat {person}", "type": "hearing", "start": "2024-06-04"}],
        "statements": [{"speaker": "p", "event": "e", "text": text}],
    }


@pytest.fixture
def two_people(services: Services, tmp_path: Path) -> Services:
    a = tmp_path / "a.json"
    a.write_text(json.dumps(doc("https://example.go.id/a", "Jefri Nainggolan", "Kami akan mengawal anggaran.")))
    b = tmp_path / "b.json"
    b.write_text(json.dumps(doc("https://example.go.id/b", "Jefrie Nainggolan", "Rapat dengar pendapat dibuka.")))
    assert [o.status for o in services.import_paths([a, b])] == ["imported", "imported"]
    return services


def test_merge_then_unmerge_restores_both_exactly(two_people: Services) -> None:
    keep, other = BASE + "person/jefri-nainggolan", BASE + "person/jefrie-nainggolan"
    before = quads(two_people)
    assert two_people.stats()["people"] == 2

    record = two_people.merge(keep, other)
    assert len(record.graphs) == 1
    assert two_people.stats()["people"] == 1
    rows = two_people.store.select(
        f"SELECT ?s WHERE {{ GRAPH {two_people.store.all_graph} {{ ?s hg:speaker <{keep}> }} }}")
    assert len(rows) == 2  # both statements now name the one kept
    same = two_people.store.ask(f"ASK {{ GRAPH {two_people.store.all_graph} {{ <{other}> owl:sameAs <{keep}> }} }}")
    assert same
    # the merged IRI's aliases now resolve a new mention to the kept entity
    assert two_people.importer.resolver.resolve("person", ["jefrie nainggolan"]).value in (keep, other)

    two_people.unmerge(other)
    assert quads(two_people) == before


def test_merge_refuses_what_makes_no_sense(two_people: Services) -> None:
    keep, other = BASE + "person/jefri-nainggolan", BASE + "person/jefrie-nainggolan"
    with pytest.raises(HumasgraphError, match="into itself"):
        two_people.merge(keep, keep)
    with pytest.raises(NotFound):
        two_people.merge(keep, BASE + "person/nobody")
    with pytest.raises(HumasgraphError, match="cannot merge a post"):
        two_people.merge(keep, BASE + "post/ketua-dewan-perwakilan-rakyat-daerah--none")
    two_people.merge(keep, other)
    with pytest.raises(HumasgraphError, match="already merged"):
        two_people.merge(keep, other)
    with pytest.raises(NotFound):
        two_people.unmerge(keep)


def test_merge_survives_reimport_of_the_merged_article(two_people: Services, tmp_path: Path) -> None:
    keep, other = BASE + "person/jefri-nainggolan", BASE + "person/jefrie-nainggolan"
    two_people.merge(keep, other)
    changed = tmp_path / "b2.json"
    changed.write_text(json.dumps(doc("https://example.go.id/b", "Jefrie Nainggolan", "Teks yang diperbaiki.")))
    (outcome,) = two_people.import_paths([changed])
    assert outcome.status == "replaced"
    assert two_people.stats()["people"] == 1


def test_merge_from_the_command_line(two_people: Services, settings, capsys) -> None:
    two_people.close()
    keep, other = BASE + "person/jefri-nainggolan", BASE + "person/jefrie-nainggolan"
    assert main(["--store", settings.store, "merge", "--format", "json", keep, other]) == 0
    out, err = capsys.readouterr()
    assert "merged" in err
    summary = json.loads(out)
    assert (summary["kept"], summary["merged"], summary["articles"], summary["errors"]) == (keep, other, 1, [])
    assert summary["graphs"] == [BASE + "graph/" + g.rsplit("/", 1)[-1] for g in summary["graphs"]]
    # b's graph now names the kept person: its person triples are replaced, and the merge is recorded.
    assert summary["quads_added"] > 0 and summary["quads_removed"] > 0
    assert main(["--store", settings.store, "unmerge", other]) == 0
    assert main(["--store", settings.store, "unmerge", other]) == 1
    assert "is not merged" in capsys.readouterr().err
