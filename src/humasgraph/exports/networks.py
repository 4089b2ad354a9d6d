"""The network projection (``humasgraph.analytics.network``) as GraphML, GEXF, CSV or node-link JSON.

Every node has ``kind`` (person, agency, post, event), ``label`` and ``detail`` (a person's
post, an event's date, a post's agency); every edge has ``relation`` and a key that tells
parallel edges apart (``spoke_for <event IRI>``). CSV is a zip of ``nodes.csv`` and ``edges.csv``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EDGE_COLUMNS", "NETWORK_FORMATS", "NODE_COLUMNS", "write_network"]

# format name → media type
NETWORK_FORMATS: dict[str, str] = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "csv": "application/zip",
    "nodelink": "application/json",
}
NODE_COLUMNS = ("id", "kind", "label", "detail")
EDGE_COLUMNS = ("source", "target", "key", "relation", "event", "event_label", "roles", "start", "end")


def _csv_zip(g: nx.MultiDiGraph, out: IO[bytes]) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        with z.open("nodes.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            writer = csv.writer(text)
            writer.writerow(NODE_COLUMNS)
            for node, data in sorted(g.nodes(data=True)):
                writer.writerow([node, *(data.get(c, "") for c in NODE_COLUMNS[1:])])
        with z.open("edges.csv", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            writer = csv.writer(text)
            writer.writerow(EDGE_COLUMNS)
            for u, v, k, data in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
                writer.writerow([u, v, k, *(data.get(c, "") for c in EDGE_COLUMNS[3:])])


def write_network(g: nx.MultiDiGraph, fmt: str, out: IO[bytes]) -> None:
    """Write ``g`` to ``out`` in ``fmt``, one of ``NETWORK_FORMATS``."""
    import networkx as nx  # noqa: PLC0415 - the command line lists these formats without loading networkx
    if fmt == "graphml":
        nx.write_graphml(g, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(g, out, encoding="utf-8")
    elif fmt == "csv":
        _csv_zip(g, out)
    elif fmt == "nodelink":
        data = nx.node_link_data(g, edges="edges")
        out.write(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    else:
        raise ValueError(f"format {fmt!r}: expected one of {', '.join(NETWORK_FORMATS)}")
