"""The kinds of entity, declared once: kind ↔ RDF class ↔ GraphQL type ↔ plural.

Every module that maps a class to a kind, counts a kind or lists one reads this table, so a new
kind (or a class renamed in ``schema/``) is one line here. The order is the precedence when an
entity carries the classes of several kinds: the most specific first (a post is also an
organisation member, an agency's ``schema:Organization`` is its least telling class).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import NamedNode

from .vocab import ORG, PROV, SCHEMA

__all__ = ["KINDS", "KIND_OF_CLASS", "Kind", "class_of", "classes", "kind_of"]


@dataclass(frozen=True)
class Kind:
    """One kind of entity."""

    name: str  # "person": the word the code, the search and the store's counts use
    plural: str  # "people": the stats' key and the GraphQL root list
    cls: NamedNode  # the class ingest/quads.py writes on every entity of the kind
    graphql: str  # its GraphQL object type
    also: tuple[NamedNode, ...] = ()  # other classes that make an entity of this kind

    @property
    def classes(self) -> tuple[NamedNode, ...]:
        return (self.cls, *self.also)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("person", "people", SCHEMA.Person, "Person"),
    Kind("post", "posts", ORG.Post, "Post"),
    Kind("tenure", "tenures", ORG.Membership, "Tenure"),
    Kind("event", "events", SCHEMA.Event, "Event"),
    Kind("statement", "statements", SCHEMA.Quotation, "Statement"),
    Kind("article", "articles", SCHEMA.NewsArticle, "Article"),
    Kind("delegation", "delegations", PROV.Delegation, "Delegation"),
    Kind("place", "places", SCHEMA.Place, "Place"),
    Kind("agency", "agencies", ORG.Organization, "Agency", also=(SCHEMA.Organization,)),
)}

# Class IRI → kind, most specific kind first.
KIND_OF_CLASS: dict[str, str] = {c.value: k.name for k in KINDS.values() for c in k.classes}


def class_of(kind: str) -> NamedNode:
    """The class every entity of ``kind`` carries; an unknown kind lists the valid ones."""
    try:
        return KINDS[kind].cls
    except KeyError:
        raise ValueError(f"kind={kind!r}: expected one of {', '.join(KINDS)}") from None


def classes(*kinds: str) -> dict[str, str]:
    """Class IRI → kind for the main class of each of ``kinds`` (in their order)."""
    return {class_of(k).value: k for k in kinds}


def kind_of(types: list[str] | set[str], among: tuple[str, ...] | None = None) -> str | None:
    """The most specific kind that the class IRIs ``types`` make an entity (of ``among``, when given)."""
    found = {KIND_OF_CLASS[t] for t in types if t in KIND_OF_CLASS}
    return next((k for k in KINDS if k in found and (among is None or k in among)), None)
