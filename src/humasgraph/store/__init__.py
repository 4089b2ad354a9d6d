"""The RDF store: the protocol, the embedded Oxigraph backend and the remote SPARQL backend."""

from __future__ import annotations

from pathlib import Path

from ..errors import ConfigError
from ..model.identity import Minter
from ..settings import Settings
from .base import GraphWrite, Row, Rows, Store, Term, render
from .oxigraph import OxigraphStore

__all__ = ["GraphWrite", "OxigraphStore", "Row", "Rows", "Store", "Term", "open_store", "render"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """The store the settings name: a folder, ':memory:', or a SPARQL endpoint URL."""
    minter = Minter(settings.base_iri)
    location = settings.store
    if not location:
        raise ConfigError("store='': expected a folder, ':memory:' or an http(s) URL")
    if settings.is_remote:
        from .sparql import SparqlStore  # noqa: PLC0415 - only a remote deployment needs httpx

        return SparqlStore.from_settings(settings, minter.all_graph, minter.meta_graph)
    if location == ":memory:":
        return OxigraphStore(None, minter.all_graph, minter.meta_graph)
    path = Path(location)
    if path.exists() and not path.is_dir():
        raise ConfigError(f"store={location!r}: exists and is not a folder")
    return OxigraphStore(path, minter.all_graph, minter.meta_graph, read_only=read_only)
