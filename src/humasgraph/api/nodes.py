"""Any entity by its IRI as its GraphQL type (``node(id:)``, a network's nodes, mutations' answers)."""

from __future__ import annotations

from typing import Any

from ..model.kinds import KINDS
from .events import Article, Delegation, Event, Statement
from .fields import Ctx, record
from .filters import checked_iri
from .types import Agency, Node, Person, Place, Post, Tenure

__all__ = ["node_of"]


# kind → its GraphQL type, by the name the table of kinds gives it (a tenure is resolved apart).
_NODE_TYPES: dict[str, Any] = {k.name: t for k in KINDS.values()
                               for t in (Person, Agency, Post, Event, Statement, Article, Delegation, Place)
                               if t.__name__ == k.graphql}


async def node_of(info: Ctx, iri: str) -> Node | None:
    """The entity ``iri`` (or the one it was merged into) as its GraphQL type; None when unknown."""
    found = await info.context.loaders.kinds.load(checked_iri(iri, "id"))
    if found is None:
        return None
    kind, now = found
    if kind == "tenure":
        person: str | None = await record(info, "tenure", now)
        tenures = await info.context.loaders.tenures_of_person.load(person) if person else []
        found_tenure = next((t for t in tenures if t.iri == now), None)
        return Tenure(iri=now, record=found_tenure) if found_tenure else None
    cls = _NODE_TYPES.get(kind)
    return cls(iri=now) if cls is not None else None  # type: ignore[no-any-return]
