"""The people, posts and agencies the store already holds, looked up by IRI, IRI tail, name or alias."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode
from rapidfuzz import fuzz, process

from ..model.kinds import class_of
from ..model.names import agency_key, fold, person_key, post_key
from ..store import Store, render

__all__ = ["Stored", "StoredEntities"]

_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_DESCRIBE = """SELECT ?t ?name ?label ?title ?type ?parent ?agency WHERE { GRAPH $all { $x a ?t .
  OPTIONAL { $x schema:name ?name } OPTIONAL { $x skos:prefLabel ?label } OPTIONAL { $x hg:title ?title }
  OPTIONAL { $x hg:agencyType ?type } OPTIONAL { $x org:subOrganizationOf ?parent } OPTIONAL { $x org:postIn ?agency }
} }"""
_BY_KEY = "SELECT DISTINCT ?x WHERE { GRAPH $all { ?x hg:nameKey $key ; a $type } }"
# A unit's key is qualified by its parent ("bidang humas | dinas …"): its bare name is a prefix.
_BY_KEY_PREFIX = """SELECT DISTINCT ?x WHERE { GRAPH $all { ?x a $type ; hg:nameKey ?k
  FILTER(STRSTARTS(?k, $prefix)) } }"""
_POSTS = """SELECT ?x ?label ?title WHERE { GRAPH $all { ?x a org:Post ; hg:title ?title .
  OPTIONAL { ?x skos:prefLabel ?label } } }"""
_NAMES = """SELECT ?x ?name WHERE { GRAPH $all { ?x a $type .
  { ?x schema:name ?name } UNION { ?x skos:altLabel ?name } UNION { ?x skos:prefLabel ?name } } }"""


@dataclass(frozen=True)
class Stored:
    """An entity the store holds, as an import reference needs it."""

    kind: str
    iri: str
    name: str
    title: str | None = None  # a post's title, without its agency
    agency: str | None = None  # a post's agency
    parent: str | None = None  # an agency's parent
    type: str | None = None  # an agency's type (a concept IRI)

    def describe(self) -> str:
        return f"{self.name} ({self.kind}) <{self.iri}>"


class StoredEntities:
    """Finds stored entities for the references of a document that its own items do not answer."""

    def __init__(self, store: Store, base: str) -> None:
        self.store = store
        self.base = base

    def get(self, iri: str, kinds: tuple[str, ...] = ("person", "post", "agency")) -> Stored | None:
        """The entity with this IRI, if it is one of ``kinds``."""
        rows = list(self.store.select(render(_DESCRIBE, all=self.store.all_graph, x=NamedNode(iri))))
        types = {r["t"].value for r in rows}
        kind = next((k for k in kinds if class_of(k).value in types), None)
        if kind is None:
            return None

        def first(name: str) -> str | None:
            return min((r[name].value for r in rows if name in r), default=None)
        name = first("label") if kind == "post" else first("name")
        return Stored(kind, iri, name or iri, first("title"), first("agency"), first("parent"), first("type"))

    def find(self, kinds: tuple[str, ...], ref: str) -> list[Stored]:
        """Every stored entity of ``kinds`` that ``ref`` names: by IRI or IRI tail if any, else by name key."""
        tails = [ref] if ref.startswith(("http://", "https://")) else \
            [self.base + ref.strip("/")] + [f"{self.base}{k}/{ref.strip('/')}" for k in kinds]
        tails = [t for t in tails if _IRI.match(t)]
        by_iri = [s for s in (self.get(i, kinds) for i in dict.fromkeys(tails)) if s is not None]
        if by_iri:
            return by_iri
        iris: list[str] = []
        for kind in kinds:
            if kind == "post":
                key = post_key(ref)
                iris += [r["x"].value for r in self.store.select(render(_POSTS, all=self.store.all_graph))
                         if key in (post_key(r["title"].value), post_key(r["label"].value if "label" in r else ""))]
                continue
            key = person_key(ref) if kind == "person" else agency_key(ref)
            found = [r["x"].value for r in self.store.select(render(_BY_KEY, all=self.store.all_graph,
                                                                      key=Literal(key), type=class_of(kind)))]
            if not found and kind == "agency":
                found = [r["x"].value for r in self.store.select(render(
                    _BY_KEY_PREFIX, all=self.store.all_graph, prefix=Literal(key + " | "), type=class_of(kind)))]
            iris += found
        return [s for s in (self.get(i, kinds) for i in sorted(dict.fromkeys(iris))) if s is not None]

    def closest(self, kinds: tuple[str, ...], ref: str, n: int = 3) -> list[str]:
        """The stored names of ``kinds`` nearest to ``ref`` (for an error message)."""
        names: dict[str, str] = {}
        for kind in kinds:
            for row in self.store.select(render(_NAMES, all=self.store.all_graph, type=class_of(kind))):
                names.setdefault(fold(row["name"].value), row["name"].value)
        found = process.extract(fold(ref), list(names), scorer=fuzz.ratio, limit=n, score_cutoff=60)
        return [names[k] for k, _score, _i in found]
