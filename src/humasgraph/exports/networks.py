"""The network projection (``humasgraph.analytics.network``) as GraphML, GEXF, node-link JSON or CSV rows.

Every node has ``kind`` (person, agency, post, event), ``label`` and ``detail`` (a person's
post, an event's date, a post's agency); every edge has ``relation`` and a key that tells
parallel edges apart (``spoke_for <event IRI>``). The CSV export (``tables.py``) holds the
network as ``nodes.csv`` and ``edges.csv`` beside the analyst's tables.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

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


def write_network(g: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> None:
    """Write ``g`` to ``out`` in ``fmt``, one of ``NETWORK_FORMATS``."""
    import networkx as nx  # noqa: PLC0415 - the command line lists these formats without loading networkx
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8")
    elif fmt == "nodelink":
        data = nx.node_link_data(g, edges="edges")
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    else:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(NETWORK_FORMATS)}")
