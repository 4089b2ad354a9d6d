"""Every export format: RDF read back, TriG round trip, JSON-LD, Popolo checked, networks read back."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from humasgraph.cli import main
from humasgraph.derived.graphs import network
from humasgraph.errors import HumasgraphError, NotFound
from humasgraph.exports import FORMATS, export
from humasgraph.exports.rdf import restore
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.model.vocab import HG
from humasgraph.queries.projection import read_facts
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store.feed import feed_predicates

CHECK_POPOLO = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_popolo.py"
RDF_PARSE = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "turtle": ox.RdfFormat.TURTLE,
             "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}


def _export(services: Services, fmt: str, article: str | None = None) -> bytes:
    out = io.BytesIO()
    export(services, fmt, out, article=article)
    return out.getvalue()


def _dataset(quads: object) -> ox.Dataset:
    """The quads, canonicalised, without the store's write token and change feed."""
    bookkeeping = {HG.generation, *feed_predicates()}
    d = ox.Dataset(q for q in quads if q.predicate not in bookkeeping)  # type: ignore[attr-defined]
    d.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return d


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "rdfxml", "jsonld"])
def test_graph_formats_hold_exactly_the_union_graph(seeded: Services, fmt: str) -> None:
    got = {(t.subject, t.predicate, t.object) for t in ox.parse(_export(seeded, fmt), RDF_PARSE[fmt])}
    expected = {(q.subject, q.predicate, q.object) for q in seeded.store.quads(seeded.store.all_graph)}
    assert got == expected


def test_jsonld_uses_the_committed_context(seeded: Services) -> None:
    doc = json.loads(_export(seeded, "jsonld"))
    context = json.loads((Path(__file__).resolve().parents[2] / "schema" / "context.jsonld").read_text())
    assert doc["@context"] == context["@context"]
    agung = next(n for n in doc["@graph"] if n["id"].endswith("/person/agung-hikmati"))
    assert agung["name"] == "Agung Hikmati" and "Person" in agung["type"]


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_datasets_keep_every_article_graph_and_the_provenance(seeded: Services, fmt: str, seed_url: str) -> None:
    graphs = {q.graph_name for q in ox.parse(_export(seeded, fmt), RDF_PARSE[fmt])}
    assert seeded.minter.graph(seed_url) in graphs
    assert seeded.minter.meta_graph in graphs
    assert seeded.store.all_graph not in graphs  # derived: restore rebuilds it


def test_a_trig_export_restored_into_a_fresh_store_is_isomorphic(seeded: Services, tmp_path: Path) -> None:
    fresh = Services.open(Settings(store=str(tmp_path / "fresh")))
    try:
        restore(fresh, io.BytesIO(_export(seeded, "trig")), "trig")
        assert _dataset(fresh.store.quads()) == _dataset(seeded.store.quads())
    finally:
        fresh.close()


def test_restore_refuses_a_store_that_is_not_empty(seeded: Services) -> None:
    with pytest.raises(HumasgraphError, match="not empty"):
        restore(seeded, io.BytesIO(_export(seeded, "trig")), "trig")


def test_one_article_exports_its_graph_and_its_description(seeded: Services, seed_url: str) -> None:
    quads = list(ox.parse(_export(seeded, "nquads", seed_url), ox.RdfFormat.N_QUADS))
    graph = seeded.minter.graph(seed_url)
    assert {q.graph_name for q in quads} == {graph, seeded.minter.meta_graph}
    assert {q.subject for q in quads if q.graph_name == seeded.minter.meta_graph} == {
        graph, seeded.minter.activity(graph)}


def test_an_unknown_article_is_not_found(seeded: Services) -> None:
    with pytest.raises(NotFound, match="no article with url"):
        _export(seeded, "turtle", "https://example.org/none")


def test_an_unknown_format_lists_the_valid_ones(seeded: Services) -> None:
    with pytest.raises(HumasgraphError, match="valid: csv, ftm, gexf, graphml, jsonld"):
        _export(seeded, "xlsx")


def _python_with_jsonschema() -> str | None:
    if importlib.util.find_spec("jsonschema") and importlib.util.find_spec("referencing"):
        return sys.executable
    probe = subprocess.run(["python3", "-c", "import jsonschema, referencing"], capture_output=True, check=False)
    return "python3" if probe.returncode == 0 else None


def test_popolo_passes_the_popolo_check(seeded: Services, tmp_path: Path) -> None:
    if not CHECK_POPOLO.is_file():
        pytest.skip(f"{CHECK_POPOLO} is not there")
    python = _python_with_jsonschema()
    if python is None:
        pytest.skip("no Python with jsonschema and referencing to run the Popolo check")
    out = tmp_path / "popolo.json"
    out.write_bytes(_export(seeded, "popolo"))
    done = subprocess.run([python, str(CHECK_POPOLO), str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip().splitlines()[-1].endswith(", 0 problems")


def test_popolo_carries_the_delegation(seeded: Services) -> None:
    doc = json.loads(_export(seeded, "popolo"))
    assert {k for k, v in doc.items() if v} == {"persons", "organizations", "posts", "memberships", "events",
                                                 "speeches"}
    posts = {p["id"]: p["label"] for p in doc["posts"]}
    keynote = next(s for s in doc["speeches"] if s["text"].startswith("Humas di era ini"))
    assert posts[keynote["on_behalf_of_id"]] == "Sekretaris Daerah Provinsi Jawa Tengah"
    assert keynote["attribution_text"] == "Agung Hikmati, on behalf of Sekretaris Daerah Provinsi Jawa Tengah"
    own = next(s for s in doc["speeches"] if s["text"].startswith("Caranya"))
    assert "on_behalf_of_id" not in own and own["creator_id"] == keynote["creator_id"]


def _edges(g: nx.MultiDiGraph) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return sorted((u, v, tuple(sorted((k, val) for k, val in d.items() if k != "id")))
                  for u, v, d in g.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_networks_read_back_equal_the_projection(seeded: Services, fmt: str, tmp_path: Path) -> None:
    expected = network(read_facts(seeded.store))
    path = tmp_path / f"net.{fmt}"
    path.write_bytes(_export(seeded, fmt))
    if fmt == "graphml":  # ids are NMTOKENs there: the IRI and the projection's key are kept as data
        read = nx.read_graphml(path, force_multigraph=True)
        iri = dict(read.nodes(data="iri"))
        got = nx.MultiDiGraph()
        got.add_nodes_from((iri[n], {k: v for k, v in d.items() if k != "iri"}) for n, d in read.nodes(data=True))
        got.add_edges_from((iri[u], iri[v], d["key"], {k: v for k, v in d.items() if k != "key"})
                           for u, v, d in read.edges(data=True))
        assert sorted(got.edges(keys=True)) == sorted(expected.edges(keys=True))
    elif fmt == "gexf":
        got = nx.read_gexf(path)
    else:
        got = nx.node_link_graph(json.loads(path.read_text()), edges="edges")
    assert dict(got.nodes(data=True)) == dict(expected.nodes(data=True))
    assert _edges(got) == _edges(expected)
    assert got.is_directed()


def test_csv_holds_the_network_as_nodes_and_edges(seeded: Services) -> None:
    expected = network(read_facts(seeded.store))
    with zipfile.ZipFile(io.BytesIO(_export(seeded, "csv"))) as z:
        assert {"edges.csv", "nodes.csv"} <= set(z.namelist())
        nodes = list(csv.DictReader(io.TextIOWrapper(z.open("nodes.csv"), encoding="utf-8")))
        edges = list(csv.DictReader(io.TextIOWrapper(z.open("edges.csv"), encoding="utf-8")))
    assert {n["id"]: n["label"] for n in nodes} == dict(expected.nodes(data="label"))
    assert sorted((e["source"], e["target"], e["relation"]) for e in edges) == sorted(
        expected.edges(data="relation"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cli_writes_every_format_to_a_file(seeded: Services, fmt: str, tmp_path: Path) -> None:
    seeded.close()  # the command opens the store itself
    out = tmp_path / f"seed.{fmt}"
    assert main(["--store", seeded.settings.store, "export", "--format", fmt, "--out", str(out)]) == 0
    assert out.stat().st_size > 500


def test_the_cli_refuses_an_unknown_format(seeded: Services, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--store", seeded.settings.store, "export", "--format", "xlsx"])
    assert exit_.value.code == 2
    assert "choose from 'csv', 'ftm', 'gexf', 'graphml'" in capsys.readouterr().err


def test_popolo_names_an_acting_tenure_and_still_passes_the_check(seeded: Services, tmp_path: Path) -> None:
    url = "https://example.org/berita/plh-sekda"
    doc = Document.model_validate({
        "article": {"url": url, "title": "Plh Sekda", "published": "2024-05-02", "language": "id"},
        "agencies": [{"key": "pemkot", "name": "Pemerintah Kota Uji", "type": "city_government"}],
        "people": [{"key": "sri", "name": "Sri Lestari", "positions": [
            {"title": "Sekretaris Daerah", "agency": "pemkot", "start": "2024-03-01", "acting": "pelaksana_harian"}]}],
    })
    assert {o.status for o in seeded.importer.import_loaded([Loaded(doc, doc.index(url), url)])} == {"imported"}
    exported = json.loads(_export(seeded, "popolo"))
    (membership,) = [m for m in exported["memberships"] if m["role"].endswith("Sekretaris Daerah")
                     and m["start_date"] == "2024-03-01"]
    assert membership["role"] == "Pelaksana Harian Sekretaris Daerah"
    assert membership["label"] == "Pelaksana Harian Sekretaris Daerah Kota Uji"
    test_popolo_passes_the_popolo_check(seeded, tmp_path)
