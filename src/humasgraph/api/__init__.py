"""The HTTP API: GraphQL for web frontends (and, beside it, SPARQL, Linked Data and exports)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
