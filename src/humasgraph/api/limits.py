"""Guard-rails: query size limits, a time limit per request, and errors that leak nothing.

Depth, alias and token limits are strawberry's own extensions; the page cap lives in
``pagination``. An error that humasgraph raised on purpose keeps its one-line message; any
other is masked ("internal error") unless the server runs with ``debug``, which also adds
the traceback to the error's extensions.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult, GraphQLError
from strawberry.asgi import GraphQL
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from ..errors import HumasgraphError
from ..settings import Settings

__all__ = ["TimedGraphQL", "extensions"]

MASKED = "internal error (the server log has the details)"


def _expected(error: GraphQLError) -> bool:
    """Errors of the query itself (syntax, validation, limits) and humasgraph's own errors are shown."""
    original = error.original_error
    return original is None or isinstance(original, HumasgraphError | GraphQLError)


class ShowTracebacks(SchemaExtension):
    """With ``debug``: each unexpected error carries its traceback in ``extensions.traceback``."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or []:
            original = error.original_error
            if original is not None and not _expected(error):
                extensions = dict(error.extensions or {})
                extensions["traceback"] = traceback.format_exception(original)
                error.extensions = extensions


def extensions(settings: Settings) -> list[Any]:
    """The schema extensions the settings ask for."""
    # Factories, so each request gets fresh extension instances. The depth and alias limits are
    # validation rules, built once here: the validation cache is keyed by the rules, and a rule
    # class built per request would miss it every time.
    rules = [*QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
             *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules]
    out: list[Any] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        # Frontends send the same few documents again and again: parse and validate each once
        # (the limits above are validation rules, so a cached verdict includes them).
        lambda: ParserCache(maxsize=256),
        lambda: ValidationCache(maxsize=256),
    ]
    if settings.debug:
        out.append(ShowTracebacks)
    else:
        out.append(lambda: MaskErrors(should_mask_error=lambda e: not _expected(e), error_message=MASKED))
    return out


class TimedGraphQL(GraphQL):  # type: ignore[type-arg]
    """The strawberry ASGI app, with each operation cut off after ``timeout`` seconds."""

    timeout: float = 10.0

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        try:
            async with asyncio.timeout(self.timeout):
                return await super().execute_operation(*args, **kwargs)
        except TimeoutError:
            error = GraphQLError(f"the query took longer than {self.timeout:g} s (query_timeout); "
                                 "ask for fewer items or a smaller page")
            return ExecutionResult(data=None, errors=[error])
