"""GraphQL over the network projection: ``connections`` of any entity, ``path``, ``centrality``, ``topSpeakers``.

The resolvers are thin: ``humasgraph.derived.analytics`` answers from the projection it keeps beside the
store (rebuilt when the store's generation changes, in the background when served; each call waits
for it at most until the request's deadline), and each answer names its nodes in the
graph's own terms (name, kind, and a post, date or agency) with the entity itself one field away.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from ..derived.analytics import Analytics
from ..derived.graphs import NodeInfo
from ..errors import QueryRejected
from .context import Context
from .loaders import off_loop

if TYPE_CHECKING:
    from .types import Node

__all__ = ["NetworkLink", "NetworkNode", "PathStep", "RankedNode", "RankedSpeaker", "centrality", "connections", "path",
           "top_speakers"]

Ctx = Info[Context, None]
MAX_DEPTH = 3
MAX_RESULTS = 100


@strawberry.type(description="A node of the network of people, agencies, posts and events, as a reader sees it.")
class NetworkNode:
    id: strawberry.ID
    kind: str = strawberry.field(description="person, agency, post or event.")
    label: str = strawberry.field(description="Its name (a post's title, an event's name).")
    detail: str = strawberry.field(description="A person's post, an event's date, a post's agency, an agency's type.")

    @strawberry.field(description="The entity itself.")
    async def entity(self, info: Ctx) -> Annotated[Node, strawberry.lazy(".types")] | None:
        from .nodes import node_of  # noqa: PLC0415 - nodes.py imports types.py, which imports this module

        return await node_of(info, str(self.id))

    @classmethod
    def of(cls, node: NodeInfo) -> NetworkNode:
        return cls(id=strawberry.ID(node.iri), kind=node.kind, label=node.label, detail=node.detail)


@strawberry.type(description="A node near another, and the step that reached it.")
class NetworkLink:
    node: NetworkNode
    relation: str = strawberry.field(description="How `via` relates to `node`, in words (\"spoke at\").")
    distance: int = strawberry.field(description="Steps from the starting node.")
    via: NetworkNode


@strawberry.type(description="One step of a path: how the previous node relates to this one.")
class PathStep:
    relation: str = strawberry.field(description="Empty for the first step.")
    node: NetworkNode


@strawberry.type(description="A person ranked by how many statements they gave.")
class RankedSpeaker:
    person: NetworkNode
    statements: int


@strawberry.type(description="A node ranked by a centrality metric.")
class RankedNode:
    rank: int = strawberry.field(description="1 for the most central; ties are ordered by name.")
    score: float = strawberry.field(description="The metric's value, rounded to 6 decimals.")
    node: NetworkNode


def _analytics(info: Ctx) -> Analytics:
    return info.context.services.analytics


async def connections(info: Ctx, iri: str, depth: int, first: int) -> list[NetworkLink]:
    """Everything within ``depth`` steps of ``iri``, nearest first."""
    if not 1 <= depth <= MAX_DEPTH or not 0 <= first <= MAX_RESULTS:
        raise QueryRejected(f"depth={depth}, first={first}: expected depth 1 to {MAX_DEPTH}, first 0 to {MAX_RESULTS}")
    found = await off_loop(_analytics(info).ego, iri, depth, info.context.deadline)
    return [NetworkLink(node=NetworkNode.of(n.node), relation=n.relation, distance=n.distance,
                        via=NetworkNode.of(n.via)) for n in found[:first]]


async def path(info: Ctx, source: str, target: str) -> list[PathStep]:
    """The shortest chain of relations from ``source`` to ``target`` (IRIs or names)."""
    hops = await off_loop(_analytics(info).path, source, target, info.context.deadline)
    return [PathStep(relation=h.relation, node=NetworkNode.of(h.node)) for h in hops]


async def top_speakers(info: Ctx, start: dt.date | None, end: dt.date | None, first: int) -> list[RankedSpeaker]:
    """People with the most statements within ``start``..``end``."""
    if not 0 <= first <= MAX_RESULTS:
        raise QueryRejected(f"first={first}: expected 0 to {MAX_RESULTS}")
    ranked = await off_loop(_analytics(info).top_speakers, start, end, first, info.context.deadline)
    return [RankedSpeaker(person=NetworkNode.of(r.node), statements=int(r.score)) for r in ranked]


async def centrality(info: Ctx, metric: str, kind: str, first: int, *, start: dt.date | None, end: dt.date | None,
                     place: str | None, agency: str | None) -> list[RankedNode]:
    """The ``first`` most central nodes of ``kind`` in the part of the network the filters keep."""
    if not 0 <= first <= MAX_RESULTS:
        raise QueryRejected(f"first={first}: expected 0 to {MAX_RESULTS}")
    ranked = await off_loop(lambda: _analytics(info).centrality(metric, kind, first, start=start, end=end,
                                                                place=place, agency=agency,
                                                                deadline=info.context.deadline))
    return [RankedNode(rank=i, score=r.score, node=NetworkNode.of(r.node)) for i, r in enumerate(ranked, 1)]
