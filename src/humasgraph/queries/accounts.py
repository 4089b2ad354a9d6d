"""The official accounts of every person and agency (or of one article's), for the exports."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..store import Store, render
from .entities import AccountRecord, platform_of

__all__ = ["accounts_of"]

_ACCOUNTS = """SELECT ?owner ?x ?service ?name ?url WHERE { GRAPH $g {
  ?owner foaf:account ?x . ?x foaf:accountServiceHomepage ?service ; foaf:accountName ?name ; schema:url ?url } }"""


def accounts_of(store: Store, graph: NamedNode | None = None) -> dict[str, list[AccountRecord]]:
    """owner IRI → its accounts, sorted by platform and handle (the union graph, or ``graph``)."""
    out: dict[str, list[AccountRecord]] = {}
    rows = store.select(render(_ACCOUNTS, g=graph if graph is not None else store.all_graph))
    for row in rows:
        record = AccountRecord(row["x"].value, platform_of(row["service"].value), row["name"].value,
                               row["url"].value)
        found = out.setdefault(row["owner"].value, [])
        if record not in found:
            found.append(record)
    for found in out.values():
        found.sort(key=lambda a: (a.platform, a.handle, a.url))
    return out
