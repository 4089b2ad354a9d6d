"""Hostile files given to `import` and `extract` (issue 15, findings 5, 6, 8 and 10).

Each is refused with one line naming the file (and the field or line), the good files of the
same folder still import, and nothing is half-written.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import pytest

from humasgraph import cli
from humasgraph.services import Services
from humasgraph.settings import Settings

from .conftest import SEED_ARTICLE

SPEECH = ('"Kita harus bekerja sama nomor {i}," kata Kepala Dinas Kominfo Provinsi Jawa Tengah, '
          "Budi Santoso.\n")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.err.splitlines(), out.out


def _article_urls(store: Path) -> set[str]:
    services = Services.open(Settings(store=str(store)), read_only=True)
    try:
        rows = services.store.select("SELECT ?u WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:url ?u } }")
        return {r["u"].value for r in rows}
    finally:
        services.close()


def _attributed_paragraphs(path: Path, n: int) -> Path:
    path.write_text("Rapat koordinasi humas di Semarang\n\n" + "\n".join(SPEECH.format(i=i) for i in range(n)),
                    encoding="utf-8")
    return path


# --- finding 5: more attributed paragraphs than a document may hold ---------------------------------


def test_too_many_statements_fails_that_file_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    big = _attributed_paragraphs(folder / "big.txt", 2_100)
    (folder / "seed.yaml").write_bytes(SEED_ARTICLE.read_bytes())
    store = tmp_path / "store"
    code, err, _ = _run(capsys, "--store", str(store), "import", str(folder))
    assert code == 1
    assert [line for line in err if line.startswith(str(big))] == [
        f"{big}: statements: 2,100 items, more than the 2,000 allowed in this list (a limit of the import format)"]
    assert err[-1] == "2 file(s): 1 failed, 1 imported"
    assert not any("Traceback" in line or "pydantic" in line for line in err)
    assert len(_article_urls(store)) == 1  # the seed article went in


def test_extract_of_too_many_statements_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = _attributed_paragraphs(tmp_path / "big.txt", 2_100)
    good = tmp_path / "good.txt"
    good.write_text("Rapat\n\n" + SPEECH.format(i=1), encoding="utf-8")
    code, err, _ = _run(capsys, "--store", ":memory:", "extract", str(big), str(good), "--out", str(tmp_path / "o"))
    assert code == 1
    assert err == [f"{big}: statements: 2,100 items, more than the 2,000 allowed in this list "
                   "(a limit of the import format)"]
    assert (tmp_path / "o" / "good.yaml").is_file()


# --- finding 6: duplicate keys -----------------------------------------------------------------------

TWO_STATEMENT_BLOCKS = """\
article:
  url: https://example.go.id/dua
  title: Dua blok
people:
  - name: Budi Santoso
statements:
  - speaker: Budi Santoso
    text: Yang pertama.
statements:
  - speaker: Budi Santoso
    text: Yang kedua.
"""


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("blocks.yaml", TWO_STATEMENT_BLOCKS,
     "blocks.yaml:9: statements: duplicate key 'statements' (first given on line 6); a key may appear once"),
    ("url.yaml", "article:\n  url: https://example.go.id/a\n  title: T\n  url: https://example.go.id/b\n",
     "url.yaml:4: article.url: duplicate key 'url' (first given on line 2); a key may appear once"),
    ("url.json", '{"article": {"url": "https://example.go.id/a",\n "title": "T",\n "url": "https://example.go.id/b"}}',
     "url.json:3: article.url: duplicate key 'url' (first given on line 1); a key may appear once"),
])
def test_duplicate_keys_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str,
                                    expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    code, err, _ = _run(capsys, "--store", str(store), "import", str(path))
    assert code == 1
    assert err[0] == f"{tmp_path}/{expected}"
    assert _article_urls(store) == set()


# --- finding 8: characters XML cannot hold -------------------------------------------------------------


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("nul.yaml", 'article:\n  url: https://example.go.id/n\n  title: "Judul\\0 tersembunyi"\n',
     "nul.yaml:3: article.title: holds the control character U+0000 at position 5, which XML cannot carry"),
    ("bell.json", '{"article": {"url": "https://example.go.id/n", "title": "T"}, "people": [{"name": "A\\u0007"}]}',
     "bell.json:1: people[0].name: holds the control character U+0007 at position 1, which XML cannot carry"),
    ("iri.json", '{"article": {"url": "https://example.go.id/n\\u0000x", "title": "T"}}',
     "iri.json:1: article.url: String should match pattern"),
])
def test_control_characters_are_refused_by_field(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str,
                                                 text: str, expected: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, err, _ = _run(capsys, "--store", str(tmp_path / "store"), "import", str(path))
    assert code == 1
    assert err[0].startswith(f"{tmp_path}/{expected}"), err


def test_extracted_text_reads_control_characters_as_spaces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pdf.txt"
    path.write_text("Rapat\x0c koordinasi\n\n" + SPEECH.format(i=1).replace("sama", "sama\x0b"), encoding="utf-8")
    store = tmp_path / "store"
    code, err, _ = _run(capsys, "--store", str(store), "import", str(path))
    assert code == 0, err
    code, err, _ = _run(capsys, "--store", str(store), "export", "--format", "rdfxml", "--out", str(tmp_path / "x.rdf"))
    assert code == 0, err


# --- finding 10: special and huge files --------------------------------------------------------------------


def test_a_device_named_like_an_article_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "seed.yaml").write_bytes(SEED_ARTICLE.read_bytes())
    code, err, _ = _run(capsys, "--store", str(tmp_path / "store"), "import", str(folder))
    assert code == 1
    assert err[0] == f"{folder}/zero.txt: a character device, not a regular file: refused"
    assert err[-1] == "2 file(s): 1 failed, 1 imported"


def test_a_fifo_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(_run(capsys, "--store", ":memory:", "import", str(fifo))),
                              daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test process can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("import of a FIFO hung")
    code, err, _ = result[0]  # type: ignore[misc]
    assert code == 1
    assert err[0] == f"{fifo}: a FIFO (named pipe), not a regular file: refused"


def test_a_file_over_the_limit_is_refused_fast_by_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("article:\n  url: https://example.go.id/h\n  title: T\nstatements:\n"
                    + "  - speaker: x\n    text: kata\n" * 200_000, encoding="utf-8")
    assert path.stat().st_size > 4_000_000
    started = time.monotonic()
    code, err, _ = _run(capsys, "--store", ":memory:", "import", str(path))
    assert time.monotonic() - started < 3
    assert code == 1
    assert err[0] == f"{path}: larger than 4,000,000 bytes, the limit per file (setting max_file_bytes)"
    os.environ["HUMASGRAPH_MAX_FILE_BYTES"] = "100"
    try:
        code, err, _ = _run(capsys, "--store", ":memory:", "extract", str(SEED_ARTICLE.with_suffix(".txt")))
    finally:
        del os.environ["HUMASGRAPH_MAX_FILE_BYTES"]
    assert code == 1
    assert err == [f"{SEED_ARTICLE.with_suffix('.txt')}: larger than 100 bytes, the limit per file "
                   "(setting max_file_bytes)"]


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "two\nlines.yaml"
    path.write_text(json.dumps({"article": {"url": "https://example.go.id/x"}}), encoding="utf-8")
    code, err, _ = _run(capsys, "--store", ":memory:", "import", str(path))
    assert code == 1
    assert err[0] == f"{tmp_path}/two\\nlines.yaml:1: article.title: required field is missing"
    assert len(err) == 2  # the error and the summary


# --- finding 9: what an `id:` may pin an entity to ----------------------------------------------------------

BASE = Settings().base_iri


def _pinned(url: str, person_id: str | None = None, agency_id: str | None = None) -> dict[str, object]:
    doc: dict[str, object] = {"article": {"url": url, "title": "Pin"}}
    if person_id is not None:
        doc["people"] = [{"name": "Budi Santoso", "id": person_id}]
    if agency_id is not None:
        doc["agencies"] = [{"name": "Dinas Kominfo Kota Pin", "id": agency_id}]
    return doc


@pytest.mark.parametrize(("person_id", "agency_id", "expected"), [
    ("SEED", None, "people[0].id: SEED is the address of an article in the store"),
    (f"{BASE}graph/meta", None,
     f"people[0].id: {BASE}graph/meta is humasgraph's IRI of something else, not of a person"),
    (f"{BASE}agency/dinas-x", None, f"people[0].id: {BASE}agency/dinas-x is humasgraph's IRI of something else"),
    ("https://w3id.org/humasgraph/ns#Statement", None,
     "people[0].id: https://w3id.org/humasgraph/ns#Statement is a term"),
    ("https://example.go.id/pin", None, "people[0].id: https://example.go.id/pin is the address of an article"),
    ("https://www.wikidata.org/entity/Q1", "https://www.wikidata.org/entity/Q1",
     "people[0].id: https://www.wikidata.org/entity/Q1 is already the id of an agency (agencies[0].id), "
     "not of a person"),
])
def test_an_id_must_fit_its_kind(seeded_services: Services, tmp_path: Path, seed_url: str, person_id: str,
                                 agency_id: str | None, expected: str) -> None:
    path = tmp_path / "pin.json"
    path.write_text(json.dumps(_pinned("https://example.go.id/pin", person_id.replace("SEED", seed_url),
                                       agency_id)), encoding="utf-8")
    before = seeded_services.store.generation()
    (outcome,) = seeded_services.import_paths([path])
    assert outcome.status == "failed"
    assert outcome.errors[0].startswith(f"{path}: {expected.replace('SEED', seed_url)}"), outcome.errors
    assert seeded_services.store.generation() == before


def test_an_id_of_another_kind_in_the_store_is_refused(services: Services, tmp_path: Path) -> None:
    agency = tmp_path / "agency.json"
    agency.write_text(json.dumps(_pinned("https://example.go.id/a", agency_id="https://www.wikidata.org/entity/Q7")))
    person = tmp_path / "person.json"
    person.write_text(json.dumps(_pinned("https://example.go.id/p", person_id="https://www.wikidata.org/entity/Q7")))
    own = tmp_path / "own.json"
    own.write_text(json.dumps(_pinned("https://example.go.id/o", person_id=f"{BASE}person/budi-santoso-2")))
    # In one batch: the agency's id is not in the store yet, and the person's is refused all the same.
    outcomes = services.import_paths([agency, person])
    assert [o.status for o in outcomes] == ["imported", "failed"]
    assert outcomes[1].errors == [f"{person}: people[0].id: https://www.wikidata.org/entity/Q7 is already the id "
                                  "of an agency (https://example.go.id/a agencies[0].id), not of a person"]
    outcomes = services.import_paths([person, own])
    assert [o.status for o in outcomes] == ["failed", "imported"]
    assert outcomes[0].errors == [f"{person}: people[0].id: https://www.wikidata.org/entity/Q7 is already an agency "
                                  "in the store, not a person"]


def test_a_document_with_too_many_values_says_so_not_aliases(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("article: {url: 'https://example.go.id/m', title: T}\nextra:\n" + "- 1\n" * 210_000,
                    encoding="utf-8")
    code, err, _ = _run(capsys, "--store", ":memory:", "import", str(path))
    assert code == 1
    assert err[0] == f"{path}: 210,009 values, more than the 200,000 a document may hold"
