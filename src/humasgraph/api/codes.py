"""Error codes: every GraphQL error carries ``extensions.code``, so a client can tell a refusal from a fault.

An error humasgraph raised on purpose keeps its one-line message and gets the code of its
kind; any other is masked ("internal error") with the code ``INTERNAL`` unless the server runs
with ``debug``. ``docs/reliability.md`` lists the codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode, OperationType
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import SchemaExtension

from ..errors import HumasgraphError, NotFound, QueryRejected, StoreUnavailable, TimedOut, ValidationFailed

__all__ = [
    "BAD_USER_INPUT",
    "CODES",
    "FORBIDDEN",
    "GRAPHQL_PARSE_FAILED",
    "GRAPHQL_VALIDATION_FAILED",
    "INTERNAL",
    "MASKED",
    "NOT_FOUND",
    "OPERATION_RESOLUTION_FAILURE",
    "PERSISTED_QUERY_NOT_FOUND",
    "PERSISTED_QUERY_NOT_SUPPORTED",
    "QUERY_TOO_COMPLEX",
    "QUERY_TOO_COSTLY",
    "SERVICE_UNAVAILABLE",
    "TIMEOUT",
    "UNAUTHENTICATED",
    "Coded",
    "ErrorCodes",
    "Forbidden",
    "Unauthenticated",
    "code_of",
    "coded",
    "expected",
    "http_status",
]

MASKED = "internal error (the server log has the details)"
# Longest message sent back: one naming a value quotes it, and the value may be a megabyte.
MAX_MESSAGE = 1000

BAD_USER_INPUT = "BAD_USER_INPUT"
UNAUTHENTICATED = "UNAUTHENTICATED"
FORBIDDEN = "FORBIDDEN"
NOT_FOUND = "NOT_FOUND"
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
QUERY_TOO_COSTLY = "QUERY_TOO_COSTLY"
TIMEOUT = "TIMEOUT"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
INTERNAL = "INTERNAL"
GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"

# code → what it means (rendered into docs/reliability.md's table, checked by a test).
CODES: dict[str, str] = {
    GRAPHQL_PARSE_FAILED: "The document is not GraphQL, or has more tokens than `max_tokens`.",
    GRAPHQL_VALIDATION_FAILED: "The document does not fit the schema (unknown field, wrong argument type, "
                               "a mutation on a read-only server …).",
    QUERY_TOO_COMPLEX: "Deeper than `max_depth`, more aliases than `max_aliases`, or more fragment spreads "
                       "than allowed; refused before any store work.",
    QUERY_TOO_COSTLY: "More estimated rows than `max_cost`; `extensions.cost` and `extensions.budget` say "
                      "how many; refused before any store work.",
    OPERATION_RESOLUTION_FAILURE: "Several operations and no `operationName`, or no operation of that name.",
    PERSISTED_QUERY_NOT_FOUND: "`extensions.persistedQuery` named a hash this server has not stored (yet): send "
                               "the hash with the `query` once (Automatic Persisted Queries, as Apollo's).",
    PERSISTED_QUERY_NOT_SUPPORTED: "`extensions.persistedQuery` of another version than 1.",
    BAD_USER_INPUT: "An argument or variable was refused (a page past 100, a foreign cursor, an invalid IRI "
                    "or filter, a document that fails validation).",
    UNAUTHENTICATED: "A write without `Authorization: Bearer <token>` or with a wrong token (HTTP 401).",
    FORBIDDEN: "Not allowed on this server whoever asks: a mutation on a read-only server, one with no "
               "token configured (HTTP 403).",
    NOT_FOUND: "A named entity, article or merge does not exist.",
    TIMEOUT: "The request took longer than `query_timeout` (a network metric: its worker process was killed; "
             "the message says what to narrow), or the network it needs is still being built: retry shortly.",
    SERVICE_UNAVAILABLE: "The store could not be reached.",
    INTERNAL: "A fault of the server; the message is masked unless `debug` is on, the log has the details.",
}


class Coded(QueryRejected):
    """A refusal that carries its own code."""

    code = BAD_USER_INPUT


class Unauthenticated(Coded):
    """No token, or a wrong one, where one is needed."""

    code = UNAUTHENTICATED


class Forbidden(Coded):
    """Understood, and not allowed on this server."""

    code = FORBIDDEN


def expected(error: GraphQLError) -> bool:
    """Errors of the query itself (syntax, validation, limits) and humasgraph's own errors are shown."""
    original = error.original_error
    return original is None or isinstance(original, HumasgraphError | GraphQLError)


def code_of(error: GraphQLError) -> str:
    """The code of an error that has none yet (GraphQL's own errors are coded where they are made)."""
    if isinstance(error, GraphQLSyntaxError):
        return GRAPHQL_PARSE_FAILED
    original = error.original_error
    if isinstance(original, GraphQLError):
        return (original.extensions or {}).get("code") or code_of(original)
    if original is None:
        return BAD_USER_INPUT  # raised by graphql-core while executing: a variable it could not coerce
    if isinstance(original, Coded):
        return original.code
    if isinstance(original, NotFound):
        return NOT_FOUND
    if isinstance(original, TimedOut):
        return TIMEOUT
    if isinstance(original, QueryRejected | ValidationFailed):
        return BAD_USER_INPUT
    if isinstance(original, StoreUnavailable):
        return SERVICE_UNAVAILABLE
    return INTERNAL


def http_status(codes: Iterable[str]) -> int | None:
    """The HTTP status a response with errors of these codes answers, when it is not 200."""
    found = set(codes)
    if UNAUTHENTICATED in found:
        return 401
    if FORBIDDEN in found:
        return 403
    return None


class ErrorCodes(SchemaExtension):
    """Gives every error its ``extensions.code``; masks the unexpected ones unless ``debug``."""

    def __init__(self, *, debug: bool) -> None:
        self.debug = debug

    def on_validate(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or []:
            if (error.extensions or {}).get("code"):
                continue
            code = GRAPHQL_VALIDATION_FAILED
            if any(isinstance(n, OperationDefinitionNode) and n.operation == OperationType.MUTATION
                   for n in error.nodes or ()) and self.execution_context.schema._schema.mutation_type is None:
                # Without a configured token the schema has no mutations: writes are off on this server.
                code = FORBIDDEN
                error.message += " This server is read-only: writes need a configured token (HUMASGRAPH_TOKEN)."
            elif isinstance(error, ValidationAbortedError):  # graphql-core's own work budget ran out
                code = QUERY_TOO_COMPLEX
                if "repeats" not in error.message:
                    error.message += (" The document repeats fields of one name (or spreads fragments) too "
                                      "often to be checked; ask for each field once.")
            error.extensions = {**(error.extensions or {}), "code": code}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = coded(result.errors, debug=self.debug)


def coded(errors: Iterable[GraphQLError], *, debug: bool) -> list[GraphQLError]:
    """The errors, each with its code; an unexpected one masked unless ``debug``.

    Run by ``ErrorCodes`` and again by the HTTP view, which also sees the errors raised before
    the operation hooks run (a syntax error found by the parser cache).
    """
    out: list[GraphQLError] = []
    for error in errors:
        code = (error.extensions or {}).get("code") or code_of(error)
        if code == INTERNAL and not expected(error) and not debug:
            out.append(GraphQLError(MASKED, error.nodes, error.source, error.positions, error.path,
                                    extensions={"code": INTERNAL}))
            continue
        error.extensions = {**(error.extensions or {}), "code": code}
        if len(error.message) > MAX_MESSAGE:  # a message quoting a megabyte the client sent
            error.message = error.message[:MAX_MESSAGE] + " …"
        out.append(error)
    return out
