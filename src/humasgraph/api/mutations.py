"""Writes for data editors: import, retract, merge and unmerge, each refused without the bearer token.

The schema has no ``Mutation`` type at all when no token is configured. Writes run one at a
time (the importer and merges keep per-store state) in a worker thread.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from ..errors import ValidationFailed
from .context import Context
from .events import Article
from .loaders import off_loop
from .nodes import node_of
from .types import Node

__all__ = ["Mutation"]

Ctx = Info[Context, None]
GRAPHQL_SOURCE = "<graphql>"
T = TypeVar("T")


@strawberry.type(description="One problem in a document: the field path and what is wrong.")
class FieldProblem:
    path: str
    message: str


@strawberry.type(description="The article was imported (or was already there unchanged).")
class ImportSucceeded:
    url: str
    status: str = strawberry.field(description="imported, replaced or unchanged.")
    triples: int

    @strawberry.field
    def article(self) -> Article:
        return Article(iri=self.url)


@strawberry.type(name="ValidationFailed", description="The document is invalid; nothing was written.")
class ImportRefused:
    errors: list[FieldProblem]


ImportResult = Annotated[ImportSucceeded | ImportRefused, strawberry.union("ImportResult")]


@strawberry.type(description="An article removed with exactly the facts it stated.")
class Retracted:
    url: str
    triples_removed: int


@strawberry.type(description="A merge: the entity merged, and the one kept (the old IRI resolves to it).")
class MergeResult:
    merged_id: strawberry.ID
    kept_id: strawberry.ID
    graphs_rebuilt: int

    @strawberry.field
    async def kept(self, info: Ctx) -> Node | None:
        return await node_of(info, str(self.kept_id))


async def _locked(info: Ctx, fn: Callable[..., T], *args: Any) -> T:
    """Run a write, if the request may write, one at a time, off the event loop."""
    context = info.context
    context.require_editor()

    def run() -> T:
        with context.shared.write_lock:
            return fn(*args)
    return await off_loop(run)


@strawberry.type(description="Writes; each needs 'Authorization: Bearer <token>'.")
class Mutation:
    @strawberry.mutation(description="Import one article metadata document (the import format, as JSON).")
    async def import_article(self, info: Ctx, document: JSON) -> ImportResult:
        services = info.context.services

        def run_import() -> ImportSucceeded | ImportRefused:
            try:
                outcome = services.import_json(json.dumps(document), source=GRAPHQL_SOURCE)
            except ValidationFailed as exc:
                return ImportRefused(errors=[FieldProblem(path=e.path, message=e.message) for e in exc.errors])
            return ImportSucceeded(url=outcome.url or "", status=outcome.status, triples=outcome.triples)
        return await _locked(info, run_import)

    @strawberry.mutation(description="Remove an article and exactly the facts it stated.")
    async def retract_article(self, info: Ctx, url: str) -> Retracted:
        removed = await _locked(info, info.context.services.retract, url)
        return Retracted(url=url, triples_removed=removed)

    @strawberry.mutation(description="Merge entity OTHER into KEEP; OTHER's IRI keeps resolving (owl:sameAs).")
    async def merge_entities(self, info: Ctx, keep: strawberry.ID, other: strawberry.ID) -> MergeResult:
        record = await _locked(info, info.context.services.merge, str(keep), str(other))
        return MergeResult(merged_id=strawberry.ID(record.other.value), kept_id=strawberry.ID(record.keep.value),
                           graphs_rebuilt=len(record.graphs))

    @strawberry.mutation(description="Undo the merge of an entity, restoring both exactly.")
    async def unmerge_entity(self, info: Ctx, id: strawberry.ID) -> MergeResult:
        record = await _locked(info, info.context.services.unmerge, str(id))
        return MergeResult(merged_id=strawberry.ID(record.other.value), kept_id=strawberry.ID(record.keep.value),
                           graphs_rebuilt=len(record.graphs))
