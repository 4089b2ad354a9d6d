"""The exception tree: every handled failure of humasgraph is a ``HumasgraphError``."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ConfigError",
    "FieldError",
    "HumasgraphError",
    "NotFound",
    "QueryRejected",
    "StoreError",
    "StoreInUse",
    "StoreUnavailable",
    "TimedOut",
    "ValidationFailed",
]


class HumasgraphError(Exception):
    """Base of every error humasgraph raises on purpose; its message is one clear line."""


class ConfigError(HumasgraphError):
    """A setting has a value that cannot be used; the message names the key and the value."""


@dataclass(frozen=True)
class FieldError:
    """One problem in an input document: where (field path, line) and what."""

    path: str
    message: str
    line: int | None = None

    def render(self, source: str | None = None) -> str:
        where = source or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        head = f"{where}: " if where else ""
        field = f"{self.path}: " if self.path else ""
        return f"{head}{field}{self.message}"


class ValidationFailed(HumasgraphError):
    """An input document is invalid; ``errors`` lists every problem found, keyed by field."""

    def __init__(self, source: str | None, errors: list[FieldError]) -> None:
        self.source = source
        self.errors = errors
        first = errors[0].render(source) if errors else f"{source}: invalid"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(first + more)

    def lines(self) -> list[str]:
        """Every error as one line naming the source, line and field."""
        return [e.render(self.source) for e in self.errors]


class NotFound(HumasgraphError):
    """A requested entity, article or merge does not exist."""


class QueryRejected(HumasgraphError):
    """A user query was refused (an update on a read-only endpoint, a forbidden feature, a limit)."""


class StoreError(HumasgraphError):
    """The store failed to carry out a request."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (a remote endpoint stayed down after retries)."""


class StoreInUse(StoreError):
    """The embedded store is held by another process (a running server, another import)."""


class TimedOut(HumasgraphError):
    """Work was stopped at the request's time limit (``query_timeout``); the message says what to narrow."""
