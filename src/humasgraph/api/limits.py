"""Guard-rails: query shape and cost limits, a time limit per request, and errors that leak nothing.

The token limit is strawberry's own (the parser stops counting past it); depth, aliases and
fragment spreads are checked by ``complexity.shape_rule`` in one linear walk, the estimated rows
by ``complexity.CostLimit`` before execution; the page cap lives in ``pagination``. Every error
gets its ``extensions.code`` (``codes``); an unexpected one is masked unless the server runs with
``debug``, which also adds the traceback to the error's extensions.
"""

from __future__ import annotations

import asyncio
import traceback
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

from graphql import ASTValidationRule, GraphQLError
from graphql.validation.rules import overlapping_fields_can_be_merged
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
)
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionResult

from ..settings import Settings
from .codes import BAD_USER_INPUT, TIMEOUT, ErrorCodes, expected
from .compiler import Compiled, Plans
from .complexity import CostLimit, shape_rule

__all__ = ["MAX_VARIABLE_VALUES", "OVERLAP_BUDGET", "TextValidationCache", "TimedGraphQL", "extensions", "timed_out",
           "variable_values"]

# The spec's rule that fields of one name can be merged compares them pairwise: 600 copies of
# `venue { name }` (under the token limit) held the event loop 2.8 s before graphql-core's own
# budget (500,000 units) aborted it. The README's flagship query spends 3 units and every
# example of docs/graphql.md and the introspection query 0; 20,000 aborts the worst documents
# within about 0.1 s. graphql-core reads this module attribute when the rule starts.
OVERLAP_BUDGET = 20_000
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = OVERLAP_BUDGET


class ShowTracebacks(SchemaExtension):
    """With ``debug``: each unexpected error carries its traceback in ``extensions.traceback``."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if original is not None and not expected(error):
                extensions = dict(error.extensions or {})
                extensions["traceback"] = traceback.format_exception(original)
                error.extensions = extensions


class TextValidationCache(SchemaExtension):
    """strawberry's ValidationCache, keyed by the document's text instead of the parsed document.

    The parse cache hands out one document per text, so the verdict is the same; but the key
    of strawberry's cache is the document itself, and graphql-core hashes every node of it on
    each request: 0.2 ms a request for the flagship query (measured), more than running its plan.
    """

    MAXSIZE = 256

    def __init__(self, verdicts: OrderedDict[tuple[str, tuple[Any, ...]], list[GraphQLError]]) -> None:
        self.verdicts = verdicts

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if ctx.query is None or document is None:
            yield
            return
        key = (ctx.query, tuple(ctx.validation_rules))
        found = self.verdicts.get(key)
        if found is None:
            found = self.verdicts[key] = validate_document(ctx.schema._schema, document, ctx.validation_rules)
            if len(self.verdicts) > self.MAXSIZE:
                self.verdicts.popitem(last=False)
        else:
            self.verdicts.move_to_end(key)
        ctx.pre_execution_errors = found
        yield


def extensions(settings: Settings, plans: Plans | None = None) -> list[Any]:
    """The schema extensions the settings ask for (``plans``: where the compiled plans are kept)."""
    # Factories, so each request gets fresh extension instances. The shape limit is a validation
    # rule, built once here: the validation cache is keyed by the rules, and a rule class built
    # per request would miss it every time.
    rules: list[type[ASTValidationRule]] = [shape_rule(settings.max_depth, settings.max_aliases)]
    kept = plans if plans is not None else Plans(maxsize=256)  # kept like the parse and validation caches
    verdicts: OrderedDict[tuple[str, tuple[Any, ...]], list[GraphQLError]] = OrderedDict()
    out: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        # Frontends send the same few documents again and again: parse and validate each once
        # (the shape limit is a validation rule, so a cached verdict includes it). The cost
        # depends on the variables, so it is estimated for every request (a few µs).
        lambda: ParserCache(maxsize=256),
        lambda: TextValidationCache(verdicts),
        lambda: CostLimit(max_cost=settings.max_cost, max_depth=settings.max_depth),
    ]
    if settings.graphql_compiled:
        # After the limits and the cost budget: a plan answers only what they let through.
        out.append(lambda: Compiled(plans=kept))
    out.append(lambda: ErrorCodes(debug=settings.debug))
    if settings.debug:
        out.append(ShowTracebacks)
    return out


# Values in one request's variables (every list item and object member counts). graphql-core and
# strawberry coerce each on the event loop: 700,000 IDs in a 3.5 MB body took 2.6 s before the
# filter refused more than 100 of them. An article document for importArticle holds hundreds.
MAX_VARIABLE_VALUES = 50_000


def variable_values(data: object, limit: int) -> int:
    """How many values ``data`` holds, counting stopped just past ``limit``."""
    count, stack = 0, [data]
    while stack:
        value = stack.pop()
        count += 1
        if count > limit:
            break
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


class TimedGraphQL(GraphQL):  # type: ignore[type-arg]
    """The strawberry ASGI app, with each operation cut off after ``timeout`` seconds."""

    timeout: float = 10.0

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        requests = kwargs.get("request_data")
        for request in requests if isinstance(requests, list) else [requests]:
            variables = getattr(request, "variables", None)
            if variables and variable_values(variables, MAX_VARIABLE_VALUES) > MAX_VARIABLE_VALUES:
                return ExecutionResult(data=None, errors=[GraphQLError(
                    f"the variables hold more than {MAX_VARIABLE_VALUES} values; send fewer (a filter takes at "
                    f"most 100)", extensions={"code": BAD_USER_INPUT})])
        try:
            async with asyncio.timeout(self.timeout):
                return await super().execute_operation(*args, **kwargs)
        except TimeoutError:
            return timed_out(self.timeout)


def timed_out(timeout: float) -> ExecutionResult:
    """The answer to an operation cut off after ``timeout`` seconds."""
    error = GraphQLError(f"the query took longer than {timeout:g} s (query_timeout); "
                         "ask for fewer items or a smaller page", extensions={"code": TIMEOUT})
    return ExecutionResult(data=None, errors=[error])
