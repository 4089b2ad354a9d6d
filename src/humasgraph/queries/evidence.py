"""The evidence of extracted facts: each fact's W3C Web Annotation, for a batch of facts in one query."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from ..store import Store, render

__all__ = ["EvidenceRecord", "evidence"]

# One row per target of each fact's annotation; a fact read without a located span has only
# its confidence (its annotation targets the article as a whole, which has no selectors).
_EVIDENCE = """
SELECT ?x ?c ?exact ?prefix ?suffix ?start ?end WHERE { GRAPH $all {
  VALUES ?x { $xs }
  ?a oa:hasBody ?x ; a oa:Annotation .
  OPTIONAL { ?a hg:confidence ?c }
  OPTIONAL {
    ?a oa:hasTarget ?t .
    ?t oa:hasSelector ?q , ?p .
    ?q oa:exact ?exact .
    OPTIONAL { ?q oa:prefix ?prefix }
    OPTIONAL { ?q oa:suffix ?suffix }
    ?p oa:start ?start ; oa:end ?end .
  }
} }
"""


@dataclass(frozen=True)
class Span:
    """A stretch of the article's text: the quote (with what comes before and after) and its offsets."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True)
class EvidenceRecord:
    """Where a fact was read (its first span in the text, if located) and how sure the extractor was."""

    span: Span | None
    confidence: float | None


def _text(value: object) -> str:
    return value.value if isinstance(value, Literal) else ""


def evidence(store: Store, iris: Sequence[str]) -> dict[str, EvidenceRecord]:
    """Fact IRI → its evidence, for the facts that have an annotation."""
    if not iris:
        return {}
    rows = store.select(render(_EVIDENCE, all=store.all_graph, xs=[NamedNode(i) for i in iris]))
    found: dict[str, tuple[list[Span], float | None]] = {}
    for row in rows:
        spans, confidence = found.setdefault(row["x"].value, ([], None))  # type: ignore[union-attr]
        if row.get("c") is not None and confidence is None:
            found[row["x"].value] = (spans, float(_text(row["c"])))  # type: ignore[union-attr]
        if row.get("exact") is not None and row.get("start") is not None:
            spans.append(Span(_text(row["exact"]), _text(row.get("prefix")), _text(row.get("suffix")),
                              int(_text(row["start"])), int(_text(row["end"]))))
    return {iri: EvidenceRecord(min(spans, key=lambda s: s.start) if spans else None, confidence)
            for iri, (spans, confidence) in found.items()}
