"""Import: idempotent, all-or-nothing per article, exact retraction, one clear error per bad field."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from humasgraph.cli import main
from humasgraph.errors import NotFound
from humasgraph.services import Services
from humasgraph.store.feed import feed_predicates

SEED = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"


def _bookkeeping(predicate: object) -> bool:
    """The store's write generation and change feed: not data."""
    return "generation" in str(predicate) or predicate in feed_predicates()


def seed_data() -> dict:
    return yaml.safe_load(SEED.read_text(encoding="utf-8"))


def dataset(services: Services) -> set[str]:
    """Every quad, as text, except the store's write generation and change feed."""
    return {str(q) for q in services.store.quads() if not _bookkeeping(q.predicate)}


def small_doc(url: str, person: str = "Siti Rahma", event: str = "Rapat Koordinasi Humas") -> dict:
    return {
        "article": {"url": url, "title": f"Berita {person}", "published": "2024-03-15"},
        "agencies": [{"key": "dinas", "name": "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
                      "aliases": ["Diskominfo Jateng"]}],
        "people": [{"key": "p", "name": person, "positions": [{"title": "Kepala Dinas", "agency": "dinas"}]}],
        "events": [{"key": "e", "name": event, "type": "coordination_meeting", "start": "2024-03-14",
                    "city": "Semarang"}],
        "statements": [{"speaker": "p", "event": "e", "text": f"Kata {person} tentang humas."}],
    }


def write_doc(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data), encoding="utf-8")
    return path


def test_import_twice_changes_nothing(services: Services) -> None:
    first = services.import_paths([SEED])
    before = dataset(services)
    second = services.import_paths([SEED])
    assert [o.status for o in first] == ["imported"]
    assert [o.status for o in second] == ["unchanged"]
    assert dataset(services) == before


def test_changed_reimport_replaces_the_article_graph(services: Services, tmp_path: Path) -> None:
    services.import_paths([SEED])
    data = seed_data()
    data["statements"] = data["statements"][:1]
    (outcome,) = services.import_paths([write_doc(tmp_path, "seed.yaml", data)])
    assert outcome.status == "replaced"
    assert services.stats()["statements"] == 1
    (again,) = services.import_paths([SEED])
    assert again.status == "replaced"
    assert services.stats()["statements"] == 5


def test_retract_removes_exactly_one_article(services: Services, tmp_path: Path) -> None:
    a = write_doc(tmp_path, "a.json", small_doc("https://example.go.id/a", "Siti Rahma"))
    services.import_paths([a])
    only_a = dataset(services)
    services.import_paths([SEED])
    with_both = dataset(services)
    assert only_a < with_both
    removed = services.retract(seed_data()["article"]["url"])
    assert removed > 200
    assert dataset(services) == only_a
    with pytest.raises(NotFound):
        services.retract("https://example.go.id/nothing")


def test_shared_facts_stay_until_the_last_article_stating_them_goes(services: Services, tmp_path: Path) -> None:
    a = write_doc(tmp_path, "a.json", small_doc("https://example.go.id/a", "Siti Rahma", "Rapat A"))
    b = write_doc(tmp_path, "b.json", small_doc("https://example.go.id/b", "Siti Rahma", "Rapat B"))
    services.import_paths([a, b])
    assert services.stats()["people"] == 1
    services.retract("https://example.go.id/a")
    assert services.stats()["people"] == 1
    services.retract("https://example.go.id/b")
    assert services.stats()["people"] == 0
    assert services.stats()["quads"] == 0 or all(_bookkeeping(q.predicate) for q in services.store.quads())


def test_same_person_named_differently_is_one_entity(services: Services, tmp_path: Path) -> None:
    one = small_doc("https://example.go.id/1", "Drs. Agung Hikmati, M.Si")
    two = small_doc("https://example.go.id/2", "AGUNG  HIKMATI")
    services.import_paths([write_doc(tmp_path, "1.json", one), write_doc(tmp_path, "2.json", two)])
    services.import_paths([SEED])
    rows = services.store.select(
        f"SELECT DISTINCT ?p WHERE {{ GRAPH {services.store.all_graph} {{ ?p a schema:Person ; "
        f"hg:nameKey \"agung hikmati\" }} }}")
    assert len(rows) == 1
    assert rows[0]["p"].value.endswith("/person/agung-hikmati")


def test_a_known_misspelling_joins_the_person(services: Services, tmp_path: Path) -> None:
    services.import_paths([SEED])  # knows Ganjar Pranowo with the alias "Gabjar Pranowo"
    doc = small_doc("https://example.go.id/3", "Gabjar Pranowo")
    services.import_paths([write_doc(tmp_path, "3.json", doc)])
    rows = services.store.select(
        f"SELECT ?p WHERE {{ GRAPH {services.store.all_graph} {{ ?p a schema:Person ; schema:name ?n . "
        f"FILTER(CONTAINS(LCASE(?n), 'pranowo')) }} }}")
    assert {r["p"].value.rsplit("/", 1)[-1] for r in rows} == {"ganjar-pranowo"}


def test_agency_abbreviations_join_the_agency(services: Services, tmp_path: Path) -> None:
    services.import_paths([SEED])
    doc = small_doc("https://example.go.id/4")
    doc["agencies"] = [{"key": "dinas", "name": "Diskominfo Provinsi Jateng"}]
    services.import_paths([write_doc(tmp_path, "4.json", doc)])
    rows = services.store.select(
        f"SELECT ?p WHERE {{ GRAPH {services.store.all_graph} {{ ?t org:member ?x ; hg:post ?p }} }}")
    assert any(r["p"].value.endswith("kepala-dinas--dinas-komunikasi-dan-informatika-provinsi-jawa-tengah")
               for r in rows)


def test_provenance_of_each_article_graph(seeded: Services) -> None:
    rows = seeded.store.select(
        f"SELECT ?g ?article ?when ?version WHERE {{ GRAPH {seeded.minter.meta_graph} {{ "
        f"?g prov:wasDerivedFrom ?article ; prov:generatedAtTime ?when ; prov:wasGeneratedBy ?a . "
        f"?a hg:softwareVersion ?version }} }}")
    assert len(rows) == 1
    assert rows[0]["article"].value.startswith("https://humasgraph.id/seeds/")
    assert rows[0]["version"].value


def test_dry_run_writes_nothing(services: Services) -> None:
    outcomes = services.import_paths([SEED], dry_run=True)
    assert [o.status for o in outcomes] == ["valid"]
    assert dataset(services) == set()


def test_a_failing_file_writes_nothing_and_the_others_go_on(services: Services, tmp_path: Path) -> None:
    good = write_doc(tmp_path, "good.json", small_doc("https://example.go.id/good"))
    bad_data = small_doc("https://example.go.id/bad")
    bad_data["statements"][0]["speaker"] = "nobody"
    bad = write_doc(tmp_path, "bad.json", bad_data)
    outcomes = services.import_paths([bad, good])
    assert [o.status for o in outcomes] == ["failed", "imported"]
    assert services.stats()["articles"] == 1


# --- malformed documents: each one clear error naming file, line where known, and field ---

def _mutate(path: str, value: object) -> dict:
    data = copy.deepcopy(small_doc("https://example.go.id/x"))
    node: object = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]  # type: ignore[index]
    last = parts[-1]
    if value is _DELETE:
        del node[last]  # type: ignore[union-attr]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value  # type: ignore[index]
    return data


_DELETE = object()

BAD_DOCUMENTS = [
    ("unknown field", _mutate("article.author", "x"), "article.author: unknown field"),
    ("missing title", _mutate("article.title", _DELETE), "article.title: required field is missing"),
    ("missing article", {"people": []}, "article: required field is missing"),
    ("impossible date", _mutate("events.0.start", "2018-02-30"), "events[0].start:"),
    ("not a date", _mutate("article.published", "kemarin"), "article.published:"),
    ("end before start", _mutate("events.0.end", "2024-01-01"), "events[0]: end 2024-01-01 is before"),
    ("wrong type", _mutate("events.0.participant_count", "banyak"), "events[0].participant_count:"),
    ("negative count", _mutate("events.0.participant_count", -3), "events[0].participant_count:"),
    ("unknown event type", _mutate("events.0.type", "party"), "events[0].type:"),
    ("name not text", _mutate("people.0.name", 42), "people[0].name:"),
    ("empty name", _mutate("people.0.name", ""), "people[0].name:"),
    ("bad url", _mutate("article.url", "not a url"), "article.url:"),
    ("url with space", _mutate("article.url", "https://x.go.id/a b"), "article.url:"),
    ("direct not boolean", _mutate("statements.0.direct", "ya"), "statements[0].direct:"),
    ("dangling speaker", _mutate("statements.0.speaker", "nobody"),
     "statements[0].speaker: no person with key or name 'nobody'"),
    ("dangling principal", _mutate("statements.0.on_behalf_of", "sekda"),
     "statements[0].on_behalf_of: no person, post or agency with key or name 'sekda'"),
    ("dangling event", _mutate("statements.0.event", "rapat lain"),
     "statements[0].event: no event with key or name 'rapat lain'"),
    ("dangling agency", _mutate("people.0.positions.0.agency", "dinas lain"),
     "people[0].positions[0].agency: no agency with key or name 'dinas lain'"),
    ("duplicate key", {**small_doc("https://example.go.id/x"),
                       "people": [{"key": "p", "name": "A"}, {"key": "p", "name": "B"}]},
     "people[1].key: duplicate key 'p'"),
    ("huge text", _mutate("statements.0.text", "x" * 30_000), "statements[0].text:"),
    ("list not mapping", [1, 2, 3], "expected a mapping with 'article' at the top, got list"),
]


@pytest.mark.parametrize(("case", "data", "expected"), BAD_DOCUMENTS, ids=[c[0] for c in BAD_DOCUMENTS])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_malformed_document(services: Services, tmp_path: Path, case: str, data: object, expected: str,
                            suffix: str) -> None:
    path = write_doc(tmp_path, f"doc{suffix}", data)
    (outcome,) = services.import_paths([path])
    assert outcome.status == "failed"
    assert outcome.errors, case
    first = outcome.errors[0]
    assert first.startswith(str(path)), first
    assert expected in first, first
    assert dataset(services) == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("", "the file is empty"),
    ("article: [unclosed\n", "not valid YAML"),
    ("article:\n  url: https://x.go.id/a\n  title: T\n  extra: 1\n", ":4: article.extra: unknown field"),
])
def test_malformed_yaml_names_the_line(services: Services, tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    (outcome,) = services.import_paths([path])
    assert outcome.status == "failed"
    assert expected in outcome.errors[0]


def test_binary_and_wrong_encoding(services: Services, tmp_path: Path) -> None:
    binary = tmp_path / "a.json"
    binary.write_bytes(b"\x00\x01\x02PNG")
    latin = tmp_path / "b.yaml"
    latin.write_bytes("article: {url: 'https://x.go.id/é', title: 'Berita é'}".encode("latin-1"))
    outcomes = services.import_paths([binary, latin])
    assert "binary file" in outcomes[0].errors[0]
    assert "not UTF-8" in outcomes[1].errors[0]


def test_cli_import_summary_and_exit_codes(settings, tmp_path: Path, capsys) -> None:
    good = write_doc(tmp_path, "good.json", small_doc("https://example.go.id/good"))
    assert main(["--store", settings.store, "import", str(good)]) == 0
    assert "1 file(s): 1 imported" in capsys.readouterr().err
    bad = write_doc(tmp_path, "bad.json", _mutate("statements.0.speaker", "nobody"))
    assert main(["--store", settings.store, "import", str(bad), str(good)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{bad}:1: statements[0].speaker: no person")
    assert err[-1] == "2 file(s): 1 failed, 1 unchanged"
    with pytest.raises(SystemExit) as usage:
        main(["--store", settings.store, "import"])
    assert usage.value.code == 2


def test_folder_import_prefers_curated_metadata_beside_a_text(services: Services) -> None:
    from humasgraph.ingest.importer import expand_paths

    files = expand_paths([SEED.parent])
    assert SEED in files
    assert SEED.with_suffix(".txt") not in files


def test_the_documented_example_is_the_seed_and_imports(services: Services, tmp_path: Path) -> None:
    text = (SEED.parents[2] / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert example == SEED.read_text(encoding="utf-8")
    (outcome,) = services.import_paths([write_doc(tmp_path, "example.yaml", yaml.safe_load(example))])
    assert outcome.status == "imported"


def test_cli_import_and_retract_json_summaries(settings, tmp_path: Path, capsys) -> None:
    good = write_doc(tmp_path, "good.json", small_doc("https://example.go.id/good"))
    bad = write_doc(tmp_path, "bad.json", _mutate("statements.0.speaker", "nobody"))
    assert main(["--store", settings.store, "import", "--format", "json", str(bad), str(good)]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert (summary["files"], summary["articles"], summary["statuses"]) == (2, 1, {"failed": 1, "imported": 1})
    assert summary["quads_added"] == summary["outcomes"][1]["quads"] > 0
    assert summary["quads_removed"] == 0
    assert summary["errors"] == [{"file": str(bad), "line": 1, "field": "statements[0].speaker",
                                  "message": summary["errors"][0]["message"]}]
    assert summary["errors"][0]["message"].startswith("no person")
    changed = small_doc("https://example.go.id/good", person="Budi Santoso")
    write_doc(tmp_path, "good.json", changed)
    assert main(["--store", settings.store, "import", "--format", "json", str(good)]) == 0
    replaced = json.loads(capsys.readouterr().out)
    assert replaced["statuses"] == {"replaced": 1}
    assert replaced["quads_removed"] == summary["quads_added"]
    assert main(["--store", settings.store, "retract", "--format", "json", "https://example.go.id/good"]) == 0
    retracted = json.loads(capsys.readouterr().out)
    assert retracted == {"url": "https://example.go.id/good", "articles": 1, "quads_added": 0,
                         "quads_removed": replaced["quads_added"], "errors": []}


def test_every_cli_argument_has_help() -> None:
    import argparse

    from humasgraph.cli import parser

    def walk(p: argparse.ArgumentParser, name: str) -> list[str]:
        missing = []
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    missing += walk(sub, f"{name} {sub_name}")
            elif not action.help:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
        return missing

    assert walk(parser(), "humasgraph") == []


def test_posts_without_keys_of_the_same_title_in_two_agencies_are_two_posts(services: Services,
                                                                            tmp_path: Path) -> None:
    doc = small_doc("https://example.go.id/posts")
    doc["agencies"].append({"key": "dinkes", "name": "Dinas Kesehatan Provinsi Jawa Tengah"})
    doc["posts"] = [{"title": "Kepala Bidang", "agency": "dinas"}, {"title": "Kepala Bidang", "agency": "dinkes"}]
    services.import_paths([write_doc(tmp_path, "posts.json", doc)])
    rows = services.store.select(
        f"SELECT ?p WHERE {{ GRAPH {services.store.all_graph} {{ ?p a org:Post ; skos:prefLabel ?l }} "
        f"FILTER(STRSTARTS(STR(?l), 'Kepala Bidang')) }}")
    assert {r["p"].value.rsplit("/", 1)[1] for r in rows} == {
        "kepala-bidang--dinas-komunikasi-dan-informatika-provinsi-jawa-tengah",
        "kepala-bidang--dinas-kesehatan-provinsi-jawa-tengah"}
