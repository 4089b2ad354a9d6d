"""The invented held-out articles of ``tests/extract/corpus``: scores and each article's delegations and events."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from humasgraph.extract import extract_file
from humasgraph.model.names import fold, person_key

from .conftest import SCORER, TODAY, assert_scores

CORPUS = Path(__file__).parent / "corpus"
ARTICLES = sorted(p for p in (CORPUS / "articles").iterdir() if p.suffix in (".txt", ".html"))
# Floors a little under what the extractor reached (overall 0.990) when these tests were written.
FLOORS = {"people": 0.95, "positions": 0.90, "statements": 0.93, "delegations": 0.95, "events": 0.95}
OVERALL_FLOOR = 0.95


def _predict(path: Path) -> dict:
    return extract_file(path, today=TODAY).model_dump(mode="json", exclude_defaults=True)


def _gold(path: Path) -> dict:
    return json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(not SCORER.exists(), reason=f"the shared scorer is not beside the clone ({SCORER})")
def test_heldout_scores(tmp_path: Path) -> None:
    assert_scores(ARTICLES, CORPUS / "gold", tmp_path, FLOORS, OVERALL_FLOOR)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.name)
def test_heldout_people_events_and_delegations(path: Path) -> None:
    gold, doc = _gold(path), _predict(path)
    names = {person_key(n) for p in doc.get("people", []) for n in (p["name"], *p.get("aliases", []))}
    assert {person_key(p["name"]) for p in gold["people"]} <= names
    assert [(e["start"], e.get("end")) for e in gold["events"]] == \
        [(e["start"], e.get("end")) for e in doc.get("events", [])]
    labels = {p["key"]: p["name"] for p in doc.get("people", [])}
    labels |= {p["key"]: p["title"] for p in doc.get("posts", [])}
    labels |= {a["key"]: a["name"] for a in doc.get("agencies", [])}
    found = {(person_key(labels[d["delegate"]]), fold(labels.get(d["principal"], d["principal"])))
             for d in doc.get("delegations", [])}
    wanted = {(person_key(d["delegate"]), fold(d["principal"])) for d in gold["delegations"]}
    assert {w[0] for w in wanted} == {f[0] for f in found}, (wanted, found)
    for delegate, principal in wanted:  # a post principal's label may drop its region: its title must match
        assert any(f[0] == delegate and (principal.startswith(f[1]) or f[1].startswith(principal)) for f in found), \
            (principal, found)


def test_didampingi_is_no_delegation_and_not_the_speaker() -> None:
    doc = _predict(CORPUS / "articles" / "006.txt")
    said = {s["text"].split()[0]: s["speaker"] for s in doc["statements"]}
    assert said["aplikasi"] == "fransiskus-xaverius-mbulang"
    assert all(d["delegate"] != "theresia-wea" for d in doc.get("delegations", []))


def test_two_events_take_their_own_statements() -> None:
    doc = _predict(CORPUS / "articles" / "014.txt")
    first, second = (e["key"] for e in doc["events"])
    by_start = {s["text"].split()[0]: s.get("event") for s in doc["statements"]}
    assert by_start["angka"] == first and by_start["kader"] == second


def test_extract_command_resolves_names_the_store_knows(tmp_path) -> None:
    store = tmp_path / "store"
    known = tmp_path / "known.yaml"
    known.write_text("article: {url: 'https://example.go.id/a', title: Uji, published: 2024-01-02}\n"
                     "people: [{key: p1, name: Sutarmidji Wirabrata}]\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Judul\n\nPONTIANAK – Kepala Dinas Sosial Kota Pontianak, Sutarmiji Wirabrata, mengatakan "
                       "bahwa bantuan akan disalurkan pekan depan.\n", encoding="utf-8")
    cli = [sys.executable, "-m", "humasgraph.cli"]
    subprocess.run([*cli, "--store", str(store), "import", str(known)], check=True, capture_output=True)

    def names(store_dir: Path) -> list[str]:
        out = subprocess.run([*cli, "--store", str(store_dir), "extract", str(article), "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
        return [p["name"] for p in json.loads(out)["people"]]

    assert names(store) == ["Sutarmidji Wirabrata"]
    assert names(tmp_path / "absent") == ["Sutarmiji Wirabrata"]  # reference data only, and no store made
    assert not (tmp_path / "absent").exists()
