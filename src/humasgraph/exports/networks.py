"""The network projection (``humasgraph.derived.analytics.network``) as GraphML, GEXF, node-link JSON or CSV rows.

Every node has ``kind`` (person, agency, post, event), ``label`` and ``detail`` (a person's
post, an event's date, a post's agency); every edge has ``relation`` and a key that tells
parallel edges apart (``spoke_for <event IRI>``). GraphML and GEXF are valid against their
published schemas (tests/data/xsd): GraphML ids are NMTOKENs, so there a node's id is derived
from its IRI (kept as ``iri``) and an edge's from its ends and key (kept as ``key``). The CSV
export (``tables.py``) holds the network as ``nodes.csv`` and ``edges.csv`` beside the
analyst's tables.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from .ids import edge_token, token_id

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EDGE_COLUMNS", "NETWORK_FORMATS", "NODE_COLUMNS", "network_rows", "write_network"]

# format name → media type
NETWORK_FORMATS: dict[str, str] = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "nodelink": "application/json",
}
NODE_COLUMNS = ("id", "kind", "label", "detail")
EDGE_COLUMNS = ("source", "target", "key", "relation", "event", "event_label", "roles", "start", "end", "acting")


def network_rows(g: nx.MultiDiGraph) -> tuple[list[list[str]], list[list[str]]]:
    """The rows of ``nodes.csv`` and ``edges.csv`` (without headers), sorted by id and by (source, target, key)."""
    nodes = [[node, *(str(data.get(c, "")) for c in NODE_COLUMNS[1:])] for node, data in sorted(g.nodes(data=True))]
    edges = [[u, v, k, *(str(data.get(c, "")) for c in EDGE_COLUMNS[3:])]
             for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3])]
    return nodes, edges


def _graphml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``g`` with ids GraphML accepts: node and edge ids are NMTOKENs (an IRI is not: it has ``/``).

    A node's id is ``token_id`` of its IRI, which it keeps as ``iri``; an edge's id is its relation
    and a digest of its ends and key, which it keeps as ``key``: both unique and stable.
    """
    import networkx as nx  # noqa: PLC0415

    h = nx.MultiDiGraph()
    h.add_nodes_from((token_id(n), {"iri": n, **data}) for n, data in sorted(g.nodes(data=True)))
    h.add_edges_from((token_id(u), token_id(v), edge_token(u, v, k, data.get("relation", "")), {**data, "key": k})
                     for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]))
    return h


def _gexf(g: nx.MultiDiGraph, out: IO[bytes]) -> None:
    """GEXF 1.2draft, with the same stable edge ids as GraphML (node ids stay IRIs: GEXF ids are strings)."""
    import networkx as nx  # noqa: PLC0415
    from networkx.readwrite.gexf import GEXFWriter  # noqa: PLC0415

    h = nx.MultiDiGraph()
    h.add_nodes_from(sorted(g.nodes(data=True)))
    h.add_edges_from((u, v, k, {**data, "id": edge_token(u, v, k, data.get("relation", ""))})
                     for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]))
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(h)
    if not writer.graph_element.get("name"):  # networkx writes name="", which the schema does not declare
        del writer.graph_element.attrib["name"]
    writer.write(out)


def write_network(g: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> None:
    """Write ``g`` to ``out`` in ``fmt``, one of ``NETWORK_FORMATS``."""
    import networkx as nx  # noqa: PLC0415 - the command line lists these formats without loading networkx
    if fmt == "graphml":
        nx.write_graphml(_graphml_graph(g), out, encoding="utf-8")
    elif fmt == "gexf":
        _gexf(g, out)
    elif fmt == "nodelink":  # nodes and edges sorted, as in the other formats: the same graph, the same file
        h = nx.MultiDiGraph()
        h.add_nodes_from(sorted(g.nodes(data=True)))
        h.add_edges_from(sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]))
        data = nx.node_link_data(h, edges="edges")
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    else:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(NETWORK_FORMATS)}")
