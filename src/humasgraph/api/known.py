"""Known operations: a request for an operation strawberry has let through before, answered without it.

Frontends send the same few documents again and again, by text or by persisted-query hash. The first
time, strawberry parses the document, validates it, checks its tokens, operation and cost, and the
compiled path answers it (``compiler.Compiled``): its plan is then *vetted*. Everything strawberry
decided about it holds for the same document and operation name whatever the variables, so a later
request for it needs only what depends on the variables: their count, the cost they make, their
coercion, and the run itself. ``KnownOperations.answer`` does just that, under the same timeout, and
writes the JSON strawberry would have written. Measured at 1k articles, in one process, in turn with
strawberry's path and the floor query: one event's request 4.61 → 4.40 ms of CPU, ``{ __typename }`` 0.50 →
0.29 ms (``docs/performance.md``, round 7).

Whatever is not plainly a known query over plain JSON goes to strawberry, answered as before: another
content type or a streaming ``Accept``, a body that is not one JSON object, an unknown document or
hash, a hash sent with its document (stored by strawberry's path), variables that cost too much or do
not coerce, a run that falls back or fails. So every refusal and error stays strawberry's, worded once.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from graphql import GraphQLSchema
from starlette.requests import Request

from ..services import Services
from .batch import Batch, Fallback
from .compiler import OperationPlan, Plans, run
from .complexity import estimated_cost
from .limits import MAX_VARIABLE_VALUES, variable_values
from .loaders import off_loop
from .persisted import PersistedQueries

__all__ = ["KnownOperations"]


class KnownOperations:
    """Answers the requests whose operation has a vetted plan; ``None`` for every other (strawberry's)."""

    def __init__(self, schema: GraphQLSchema, plans: Plans, persisted: PersistedQueries, *,
                 max_cost: int, max_depth: int) -> None:
        self.schema = schema
        self.plans = plans
        self.persisted = persisted
        self.max_cost = max_cost
        self.max_depth = max_depth

    async def answer(self, request: Request, services: Services, timeout: float) -> dict[str, Any] | None:
        """The response's JSON object for ``request``, or None when strawberry must answer it.

        Raises ``TimeoutError`` when the run takes longer than ``timeout`` seconds (the caller words it as
        strawberry's path does)."""
        found = await self._operation(request)
        if found is None:
            return None
        plan, query, variables = found
        if estimated_cost(self.schema, query, plan.document, plan.operation, variables, max_depth=self.max_depth,
                          max_cost=self.max_cost) > self.max_cost:
            return None
        try:
            async with asyncio.timeout(timeout):
                if plan.reads:
                    data = await off_loop(run, plan, self.schema, Batch(services), variables)
                else:
                    data = run(plan, self.schema, Batch(services), variables)
        except Fallback:
            return None
        except TimeoutError:
            raise
        except Exception:  # noqa: BLE001 - strawberry's path runs it again and reports the error in its words
            self.plans.failures += 1
            return None
        self.plans.answered += 1
        return {"data": data}

    async def _operation(self, request: Request) -> tuple[OperationPlan, str, dict[str, Any] | None] | None:
        """The vetted plan the request asks for, its document and its variables, if it is one."""
        accept = request.headers.get("accept", "")
        if "multipart/" in accept or "text/event-stream" in accept:
            return None  # a streaming transport: strawberry's
        if request.method == "POST":
            if request.headers.get("content-type", "").partition(";")[0].strip().lower() != "application/json":
                return None
            try:
                body = json.loads(await request.body())
            except (ValueError, RecursionError):
                return None
        elif request.method == "GET":
            if "query" not in request.query_params and ("text/html" in accept or "*/*" in accept):
                return None  # strawberry shows GraphiQL
            body = _from_query_string(request)
        else:
            return None
        if not isinstance(body, dict):
            return None
        query, variables, name, extensions = (body.get("query"), body.get("variables"), body.get("operationName"),
                                              body.get("extensions"))
        if not (isinstance(variables, dict | None) and isinstance(name, str | None)
                and isinstance(extensions, dict | None)):
            return None
        if variables and variable_values(variables, MAX_VARIABLE_VALUES) > MAX_VARIABLE_VALUES:
            return None
        if extensions and "persistedQuery" in extensions:
            if query is not None:
                return None  # the hash and its document: strawberry's path checks and stores them
            query = self.persisted.known(extensions["persistedQuery"])
        if not isinstance(query, str):
            return None
        plan = self.plans.vetted((query, name))
        return None if plan is None else (plan, query, variables)


def _from_query_string(request: Request) -> dict[str, Any] | None:
    """A GET request's ``query``, ``operationName`` and JSON ``variables`` and ``extensions``, as a body."""
    params = request.query_params
    body: dict[str, Any] = {"query": params.get("query"), "operationName": params.get("operationName")}
    for key in ("variables", "extensions"):
        raw = params.get(key)
        if raw is not None:
            try:
                body[key] = json.loads(raw)
            except (ValueError, RecursionError):
                return None
    return body
