"""The names the graph knows: people and agencies with their aliases."""

from __future__ import annotations

from collections import defaultdict

from ..model.vocab import ORG, SCHEMA
from ..store import Store, render

__all__ = ["known_names"]

_NAMES = """
SELECT ?x ?name ?alias WHERE { GRAPH $all {
  ?x a $type ; schema:name ?name . OPTIONAL { ?x skos:altLabel ?alias }
} }
"""


def known_names(store: Store) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """(people, agencies), each a sorted list of (name, aliases)."""
    result = []
    for cls in (SCHEMA.Person, ORG.Organization):
        names: dict[str, str] = {}
        aliases: dict[str, set[str]] = defaultdict(set)
        for row in store.select(render(_NAMES, all=store.all_graph, type=cls)):
            x = row["x"].value
            names.setdefault(x, row["name"].value)
            if "alias" in row:
                aliases[x].add(row["alias"].value)
        result.append(sorted((names[x], sorted(aliases[x])) for x in names))
    return result[0], result[1]
