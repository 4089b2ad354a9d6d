"""GraphML and GEXF exports valid against their schemas (vendored in tests/data/xsd), ids unique and safe."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from humasgraph.derived.graphs import network
from humasgraph.exports import export
from humasgraph.exports.networks import write_network
from humasgraph.queries.projection import Appearance, Facts, Tenure
from humasgraph.services import Services

etree = pytest.importorskip("lxml.etree")

XSD = Path(__file__).resolve().parents[1] / "data" / "xsd"
SCHEMAS = {"graphml": XSD / "graphml-1.0" / "graphml.xsd", "gexf": XSD / "gexf-1.2draft" / "gexf.xsd"}
NS = {"graphml": "http://graphml.graphdrawing.org/xmlns", "gexf": "http://www.gexf.net/1.2draft"}


def _valid(fmt: str, data: bytes) -> object:
    """The parsed document; fails with the schema's messages when it is not valid."""
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS[fmt])))
    doc = etree.parse(io.BytesIO(data))
    assert schema.validate(doc), "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)
    return doc


def _ids(doc: object, fmt: str, element: str) -> list[str]:
    return [e.get("id") for e in doc.iter(f"{{{NS[fmt]}}}{element}")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_seed_network_is_valid(seeded: Services, fmt: str) -> None:
    out = io.BytesIO()
    export(seeded, fmt, out)
    doc = _valid(fmt, out.getvalue())
    edges = _ids(doc, fmt, "edge")
    assert len(edges) == len(set(edges))
    assert sum(e.startswith("post_in.") for e in edges) > 1  # once all keyed "post_in"


@pytest.fixture
def crowded(hand_drawn: Facts) -> Facts:
    """The hand-drawn graph with parallel edges (Ani spoke for Kepala Dinas at two meetings), an acting
    tenure and IRIs with characters no NMTOKEN has."""
    f = hand_drawn
    f.appearances[("m2", "ani")] = Appearance("m2", "ani", ["remarks"], ["kadin"])
    f.tenures["t3"] = Tenure("t3", "citra", "kadin", "dinas", acting="pelaksana_harian")
    f.people["https://example.org/orang/Dédé Ä?x=1#y"] = f.people.pop("dedi")
    f.appearances[("m3", "https://example.org/orang/Dédé Ä?x=1#y")] = f.appearances.pop(("m3", "dedi"))
    f.appearances[("m3", "https://example.org/orang/Dédé Ä?x=1#y")].person = "https://example.org/orang/Dédé Ä?x=1#y"
    return f


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_parallel_edges_and_odd_iris_stay_valid(crowded: Facts, fmt: str) -> None:
    g = network(crowded)
    assert g.number_of_edges("ani", "kadin") == 2  # one spoke_for edge per event
    out = io.BytesIO()
    write_network(g, fmt, out)
    doc = _valid(fmt, out.getvalue())
    edges, nodes = _ids(doc, fmt, "edge"), _ids(doc, fmt, "node")
    assert len(edges) == len(set(edges)) == g.number_of_edges()
    assert len(nodes) == len(set(nodes)) == g.number_of_nodes()
    assert b"pelaksana_harian" in out.getvalue()


def test_the_schemas_refuse_what_networkx_writes_by_itself(crowded: Facts, tmp_path: Path) -> None:
    """IRIs as node ids and keys as edge ids: what the export wrote before, and stricter tools reject."""
    import networkx as nx

    path = tmp_path / "raw.graphml"
    nx.write_graphml(network(crowded), path)
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS["graphml"])))
    assert not schema.validate(etree.parse(str(path)))
    assert any("NMTOKEN" in e.message for e in schema.error_log)
