"""Automatic Persisted Queries: a client sends a document's SHA-256 instead of the document.

Apollo's protocol (``extensions.persistedQuery = {version: 1, sha256Hash}``, over GET and POST),
as web frontends speak it: the hash alone runs the document stored under it, or answers
``PERSISTED_QUERY_NOT_FOUND`` (the client then sends hash and document once); hash and document
together are checked (a document whose SHA-256 is not the hash is a 400) and stored. The store is
a bounded LRU per process. A stored document is the same string object each time, so the parse,
validation and plan caches (keyed by it) answer at once: only the variables are new work.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock

from cross_web import HTTPException
from graphql import GraphQLError
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from .codes import PERSISTED_QUERY_NOT_FOUND, PERSISTED_QUERY_NOT_SUPPORTED

__all__ = ["PersistedQueries"]


class PersistedQueries:
    """Documents by their SHA-256 (lower-case hex), the least recently used dropped past ``maxsize``."""

    def __init__(self, maxsize: int = 1000) -> None:
        self.maxsize = maxsize
        self._documents: OrderedDict[str, str] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._documents)

    def resolve(self, request: GraphQLRequestData) -> ExecutionResult | None:
        """Fill in ``request.query`` from its hash (or store the document it brings); an answer when it cannot run.

        Raises a 400 when the document's SHA-256 is not the hash it came with.
        """
        persisted = (request.extensions or {}).get("persistedQuery")
        if persisted is None:
            return None
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return _error("PersistedQueryNotSupported", PERSISTED_QUERY_NOT_SUPPORTED)
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            raise HTTPException(400, "extensions.persistedQuery.sha256Hash: expected the 64 hex digits of a SHA-256")
        digest = digest.lower()
        if request.query is not None:
            if hashlib.sha256(request.query.encode("utf-8")).hexdigest() != digest:
                raise HTTPException(400, "provided sha does not match query")
            with self._lock:
                # The stored string is the one every later request runs: the caches keyed by it hit.
                request.query = self._documents.setdefault(digest, request.query)
                self._documents.move_to_end(digest)
                while len(self._documents) > self.maxsize:
                    self._documents.popitem(last=False)
            return None
        found = self._lookup(digest)
        if found is None:
            return _error("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
        request.query = found
        return None

    def known(self, persisted: object) -> str | None:
        """The document stored under an ``extensions.persistedQuery`` of version 1, if any (never an error)."""
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return None
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            return None
        return self._lookup(digest.lower())

    def _lookup(self, digest: str) -> str | None:
        with self._lock:
            found = self._documents.get(digest)
            if found is not None:
                self._documents.move_to_end(digest)
        return found


def _error(message: str, code: str) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])
