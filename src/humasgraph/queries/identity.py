"""Which entities carry some name keys, and which IRIs were merged into which."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pyoxigraph import Literal, NamedNode

from ..model.kinds import class_of
from ..store import Store, render

__all__ = ["StoreKeys"]


_KEYS = """
SELECT ?k ?e WHERE { GRAPH $all { VALUES ?k { $keys } ?e hg:nameKey ?k ; a $type . } }
"""

_TYPES_OF = "SELECT ?s ?t WHERE { GRAPH $all { VALUES ?s { $iris } ?s a ?t } }"

_SAME_AS = "SELECT ?a ?b WHERE { GRAPH $merges { ?a owl:sameAs ?b } }"


class StoreKeys:
    """The ``KeyLookup`` of ``identity.Resolver``, answered by the store."""

    def __init__(self, store: Store, merges_graph: NamedNode) -> None:
        self.store = store
        self.merges_graph = merges_graph

    def entities_with_keys(self, kind: str, keys: Iterable[str]) -> Mapping[str, NamedNode]:
        found: dict[str, NamedNode] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = [Literal(k) for k in keys[start:start + 500]]
            rows = self.store.select(render(_KEYS, all=self.store.all_graph, keys=chunk, type=class_of(kind)))
            # Several entities may share a key (two people named alike): take the first IRI in order.
            for row in sorted(rows, key=lambda r: r["e"].value):
                key, entity = row["k"].value, row["e"]
                if isinstance(entity, NamedNode):
                    found.setdefault(key, entity)
        return found

    def types_of(self, iris: Iterable[NamedNode]) -> dict[str, set[str]]:
        """IRI → the classes the store gives it (IRIs it does not type are left out)."""
        found: dict[str, set[str]] = {}
        iris = list(dict.fromkeys(iris))
        for start in range(0, len(iris), 500):
            rows = self.store.select(render(_TYPES_OF, all=self.store.all_graph, iris=iris[start:start + 500]))
            for row in rows:
                found.setdefault(row["s"].value, set()).add(row["t"].value)
        return found

    def same_as(self) -> Mapping[str, NamedNode]:
        rows = self.store.select(render(_SAME_AS, merges=self.merges_graph))
        return {r["a"].value: r["b"] for r in rows if isinstance(r["b"], NamedNode)}
