"""Per-request DataLoaders: every per-object field batches its keys into one ``VALUES`` query.

A request gets fresh loaders (so nothing is cached across requests or users), and the store
is only ever called from a worker thread: a slow query never stalls the event loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from ..queries import entities, links
from ..queries.flagship import Tenure, tenures_of
from ..services import Services

__all__ = ["Loaders", "off_loop"]

T = TypeVar("T")


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run a blocking call (a store query) in a worker thread."""
    return await run_in_threadpool(fn, *args)


class Loaders:
    """The DataLoaders of one request, over one store."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self._records: dict[str, DataLoader[str, Any]] = {}
        self._links: dict[str, DataLoader[str, list[str]]] = {}
        self.kinds: DataLoader[str, tuple[str, str] | None] = DataLoader(self._load_kinds)
        self.appearances: DataLoader[str, list[links.Appearance]] = DataLoader(self._load_appearances)
        self.ancestors: DataLoader[str, list[str]] = DataLoader(self._load_ancestors)
        self.tenures_of_person: DataLoader[str, list[Tenure]] = DataLoader(self._tenures("person"))
        self.tenures_of_post: DataLoader[str, list[Tenure]] = DataLoader(self._tenures("post"))
        self._generation: str | None = None

    async def record(self, kind: str, iri: str) -> Any:
        """The record of an entity of ``kind`` (``queries.entities``), or None when the graph has none."""
        loader = self._records.get(kind)
        if loader is None:
            loader = self._records[kind] = DataLoader(self._records_of(kind))
        return await loader.load(iri)

    async def records(self, kind: str, iris: Sequence[str]) -> list[Any]:
        if not iris:
            return []
        await self.record(kind, iris[0])  # makes sure the loader exists
        return list(await self._records[kind].load_many(list(iris)))

    async def linked(self, link: str, iri: str) -> list[str]:
        """The IRIs linked to ``iri`` by ``link`` (a key of ``queries.links.LINKS``)."""
        loader = self._links.get(link)
        if loader is None:
            loader = self._links[link] = DataLoader(self._linked(link))
        return await loader.load(iri)

    async def generation(self) -> str:
        """The store's write generation, read once per request."""
        if self._generation is None:
            self._generation = await off_loop(self.store.generation)
        return self._generation

    def _records_of(self, kind: str) -> Callable[[list[str]], Any]:
        async def load(keys: list[str]) -> list[Any]:
            found = await off_loop(entities.records, self.store, kind, keys)
            return [found.get(k) for k in keys]
        return load

    def _linked(self, link: str) -> Callable[[list[str]], Any]:
        async def load(keys: list[str]) -> list[list[str]]:
            found = await off_loop(links.linked, self.store, link, keys)
            return [found.get(k, []) for k in keys]
        return load

    def _tenures(self, by: str) -> Callable[[list[str]], Any]:
        async def load(keys: list[str]) -> list[list[Tenure]]:
            found = await off_loop(lambda: tenures_of(self.store, [NamedNode(k) for k in keys], by=by))
            return [found.get(k, []) for k in keys]
        return load

    async def _load_kinds(self, keys: list[str]) -> list[tuple[str, str] | None]:
        found = await off_loop(entities.kinds, self.store, keys, self.services.minter.merges_graph)
        return [found.get(k) for k in keys]

    async def _load_appearances(self, keys: list[str]) -> list[list[links.Appearance]]:
        found = await off_loop(links.appearances, self.store, keys)
        return [found.get(k, []) for k in keys]

    async def _load_ancestors(self, keys: list[str]) -> list[list[str]]:
        found = await off_loop(links.ancestors, self.store, keys)
        return [found.get(k, []) for k in keys]
