"""How many of each kind of thing the graph holds."""

from __future__ import annotations

from ..model.identity import Minter
from ..model.kinds import KINDS as ALL_KINDS
from ..model.vocab import HG, SCHEMA
from ..store import Store, render

__all__ = ["KINDS", "articles_by_month", "stats"]

# Plural → class, in the order the counts are shown.
KINDS = {ALL_KINDS[k].plural: ALL_KINDS[k].cls for k in (
    "person", "agency", "post", "tenure", "event", "statement", "delegation", "article", "place")}

_COUNT = "SELECT (COUNT(?x) AS ?n) WHERE { GRAPH $all { ?x a $type } }"
_SOURCES = "SELECT ?kind (COUNT(?g) AS ?n) WHERE { GRAPH $meta { ?g a $cls ; hg:sourceKind ?kind } } GROUP BY ?kind"


def stats(store: Store, minter: Minter, *, quads: bool = True) -> dict[str, int]:
    """Counts per kind of entity, per kind of source graph, and of quads (unless ``quads=False``).

    The quads are counted one by one (0.75 s at 5,000 articles, 1.7 million quads); the kinds
    through the type index (30 ms for all nine at 5,000 articles).
    """
    out: dict[str, int] = {}
    for name, cls in KINDS.items():
        rows = store.select(render(_COUNT, all=store.all_graph, type=cls))
        out[name] = int(rows[0]["n"].value) if rows else 0
    for row in store.select(render(_SOURCES, meta=minter.meta_graph, cls=HG.SourceGraph)):
        out[f"sources ({row['kind'].value})"] = int(row["n"].value)
    if quads:
        out["quads"] = store.count()
    return out


_MONTHS = """
SELECT ?month (COUNT(?a) AS ?n) WHERE {
  GRAPH $all { ?a a $article ; schema:datePublished ?d }
  BIND (SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY DESC(?month) LIMIT $limit
"""


def articles_by_month(store: Store, limit: int = 12) -> list[tuple[str, int]]:
    """(``YYYY-MM``, articles published that month), the latest ``limit`` months with any, latest first."""
    query = render(_MONTHS, all=store.all_graph, article=SCHEMA.NewsArticle).replace("$limit", str(int(limit)))
    rows = store.select(query)
    return [(row["month"].value, int(row["n"].value)) for row in rows if "month" in row]
