"""The CSV export: the analyst's tables, checked row by row against the seed article's facts."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from humasgraph.exports import export
from humasgraph.exports.tables import TABLES
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services

DOCS = Path(__file__).resolve().parents[2] / "docs" / "exports.md"
EVENT = "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"
KABID = "Kepala Bidang E-Government Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"
SEKDA = "Sekretaris Daerah Provinsi Jawa Tengah"


def _zip(services: Services, article: str | None = None) -> zipfile.ZipFile:
    out = io.BytesIO()
    export(services, "csv", out, article=article)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def _rows(z: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.TextIOWrapper(z.open(name), encoding="utf-8", newline="")))


@pytest.fixture
def tables(seeded: Services) -> dict[str, list[dict[str, str]]]:
    with _zip(seeded) as z:
        assert sorted(z.namelist()) == sorted(TABLES)
        return {name: _rows(z, name) for name in TABLES}


def test_every_table_has_its_documented_header_and_rfc4180_lines(seeded: Services) -> None:
    with _zip(seeded) as z:
        for name, columns in TABLES.items():
            raw = z.read(name)
            assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: no byte-order mark"
            assert raw.split(b"\r\n", 1)[0].decode() == ",".join(columns)
            assert b"\n" not in raw.replace(b"\r\n", b""), f"{name}: every line ends in CRLF"


def test_statements_say_who_spoke_as_what_for_whom_where_and_when(tables: dict[str, Any], seed_url: str) -> None:
    rows = tables["statements.csv"]
    assert len(rows) == 5
    keynote = next(r for r in rows if r["text"].startswith("Humas di era ini"))
    assert {k: keynote[k] for k in ("speaker", "post", "on_behalf_of", "event", "date", "direct", "role",
                                    "source_url")} == {
        "speaker": "Agung Hikmati", "post": KABID, "on_behalf_of": SEKDA, "event": EVENT, "date": "2018-09-26",
        "direct": "true", "role": "keynote", "source_url": seed_url}
    assert keynote["speaker_id"].endswith("/person/agung-hikmati") and keynote["id"].startswith("https://")
    # The article gives Helmi's paraphrase no date: it is the event's.
    paraphrase = next(r for r in rows if r["text"].startswith("Pengelolaan komunikasi publik"))
    assert (paraphrase["speaker"], paraphrase["direct"], paraphrase["date"]) == ("Helmi Hafid", "false", "2018-09-26")
    ganjar = next(r for r in rows if r["speaker"] == "Ganjar Pranowo")
    assert (ganjar["event"], ganjar["date"], ganjar["post"]) == ("", "", "Gubernur Provinsi Jawa Tengah")
    # A comma inside a statement survives RFC 4180 quoting.
    assert "humas, alias humas for non" in ganjar["text"]


def test_events_people_tenures_and_delegations(tables: dict[str, Any]) -> None:
    (event,) = tables["events.csv"]
    assert {k: event[k] for k in ("name", "type", "start", "end", "location", "speakers", "statements")} == {
        "name": EVENT, "type": "coordination meeting", "start": "2018-09-26", "end": "2018-09-27",
        "location": "Hotel Dafam Cilacap", "speakers": "2", "statements": "4"}
    assert "Universitas Jenderal Soedirman" in event["attendees"].split("; ")
    people = {p["name"]: p for p in tables["people.csv"]}
    assert sorted(people) == ["Agung Hikmati", "Ganjar Pranowo", "Helmi Hafid"]
    agung = people["Agung Hikmati"]
    assert (agung["honorific_prefix"], agung["honorific_suffix"], agung["post"], agung["statements"]) == (
        "Drs.", "M.Si", KABID, "2")
    assert agung["agency"] == "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"
    tenures = {t["person"]: t for t in tables["tenures.csv"]}
    assert {k: tenures["Agung Hikmati"][k] for k in ("title", "post", "acting", "status", "attested")} == {
        "title": "Kepala Bidang E-Government", "post": KABID, "acting": "", "status": "attested",
        "attested": "2018-09-26"}
    (delegation,) = tables["delegations.csv"]  # reading the speech and opening: one delegation, two acts
    assert {k: delegation[k] for k in ("delegate", "principal", "principal_kind", "event", "date", "acts")} == {
        "delegate": "Agung Hikmati", "principal": SEKDA, "principal_kind": "post", "event": EVENT,
        "date": "2018-09-26", "acts": "opening; reading speech"}


def test_nodes_and_edges_are_the_network(tables: dict[str, Any]) -> None:
    nodes = {n["id"]: n for n in tables["nodes.csv"]}
    spoke_for = [e for e in tables["edges.csv"] if e["relation"] == "spoke_for"]
    assert [nodes[e["target"]]["label"] for e in spoke_for] == [SEKDA]
    assert nodes[spoke_for[0]["source"]]["label"] == "Agung Hikmati"


def _documented_columns() -> dict[str, list[str]]:
    """``### statements.csv`` and the first column of the table under it, from docs/exports.md."""
    out: dict[str, list[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#+ `?([a-z]+\.csv)`?\s*$", line)
        if heading:
            current = out.setdefault(heading.group(1), [])
        elif current is not None and (cell := re.match(r"^\| `([a-z_]+)` \|", line)):
            current.append(cell.group(1))
        elif line.startswith("#"):
            current = None
    return out


def test_every_column_is_documented_in_order() -> None:
    assert _documented_columns() == {name: list(columns) for name, columns in TABLES.items()}


def _article(i: int) -> Document:
    return Document.model_validate({
        "article": {"url": f"https://example.org/berita/tabel-{i}", "title": f"Rapat {i}", "published": "2024-05-02",
                    "language": "id"},
        "agencies": [{"key": "pemkot", "name": f"Pemerintah Kota Uji {i}", "type": "city_government"}],
        "people": [{"key": "w", "name": f"Warga Satu {i}",
                    "positions": [{"title": "Kepala Dinas", "agency": "pemkot", "start": "2024-03-01",
                                   "acting": "pelaksana_tugas"}]}],
        "events": [{"key": "e", "name": f"Rapat Uji {i}", "type": "meeting", "start": "2024-05-01",
                    "speakers": [{"person": "w", "roles": ["opening"]}]}],
        "statements": [{"speaker": "w", "event": "e", "direct": True, "text": f"Kalimat nomor {i}, dengan koma."}],
    })


def _import(services: Services, docs: list[Document]) -> None:
    loaded = [Loaded(doc, doc.index(doc.article.url), doc.article.url) for doc in docs]
    assert {o.status for o in services.importer.import_loaded(loaded)} == {"imported"}


def test_an_acting_tenure_is_named_so(seeded: Services) -> None:
    _import(seeded, [_article(1)])
    with _zip(seeded, "https://example.org/berita/tabel-1") as z:
        (tenure,) = _rows(z, "tenures.csv")
        (statement,) = _rows(z, "statements.csv")
    assert (tenure["acting"], tenure["status"]) == ("pelaksana_tugas", "open")
    assert statement["post"] == "Pelaksana Tugas Kepala Dinas Kota Uji 1"


def test_the_export_costs_a_query_per_table_not_per_row(seeded: Services) -> None:
    def queries() -> int:
        before = seeded.store.queries  # type: ignore[attr-defined]
        _zip(seeded).close()
        return seeded.store.queries - before  # type: ignore[attr-defined]

    _import(seeded, [_article(1)])
    few = queries()
    _import(seeded, [_article(i) for i in range(2, 12)])
    assert queries() == few

