"""Per-request DataLoaders: every per-object field batches its keys into one ``VALUES`` query.

A request gets fresh loaders (so nothing is cached across requests or users), and the store
is only ever called from a worker thread: a slow query never stalls the event loop.

The loaders of one request dispatch together, in waves: a wave starts only when no store call
of the request is running and the resolvers have settled, so every key that the previous wave
made reachable is in it. The batches therefore do not depend on which thread finished first,
and the number of store queries depends on the shape of the query, not on the data or timing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Container, Hashable, Sequence
from typing import Any, Generic, TypeVar

from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool

from ..queries import entities, links
from ..queries.flagship import Tenure, tenures_of
from ..services import Services

__all__ = ["DataLoader", "Loaders", "Waves", "off_loop"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# A wave starts once this many turns of the event loop passed with no new key asked for.
SETTLE_TURNS = 3


async def off_loop(fn: Callable[..., T], *args: Any) -> T:
    """Run a blocking call (a store query) in a worker thread."""
    return await run_in_threadpool(fn, *args)


class Waves:
    """Dispatches the pending keys of every loader of one request together, a wave at a time."""

    def __init__(self) -> None:
        self._pending: dict[DataLoader[Any, Any], dict[Any, asyncio.Future[Any]]] = {}
        self._task: asyncio.Task[None] | None = None

    def enqueue(self, loader: DataLoader[K, V], key: K) -> asyncio.Future[V]:
        keys = self._pending.setdefault(loader, {})
        future = keys.get(key)
        if future is None:
            future = keys[key] = asyncio.get_running_loop().create_future()
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())
        return future

    def _queued(self) -> int:
        return sum(len(keys) for keys in self._pending.values())

    async def _run(self) -> None:
        try:
            while self._pending:
                quiet, last = 0, self._queued()
                while quiet < SETTLE_TURNS:
                    await asyncio.sleep(0)
                    now = self._queued()
                    quiet, last = (quiet + 1 if now == last else 0), now
                wave, self._pending = self._pending, {}
                await asyncio.gather(*(loader.dispatch(keys) for loader, keys in wave.items()))
        finally:
            self._task = None


class DataLoader(Generic[K, V]):
    """Loads values by key in batches (one call of ``batch`` per wave), caching them for the request."""

    def __init__(self, waves: Waves, batch: Callable[[list[K]], Awaitable[list[V]]]) -> None:
        self.waves = waves
        self.batch = batch
        self._cache: dict[K, asyncio.Future[V]] = {}

    def load(self, key: K) -> asyncio.Future[V]:
        future = self._cache.get(key)
        if future is None:
            future = self._cache[key] = self.waves.enqueue(self, key)
        return future

    @property
    def cached(self) -> Container[K]:
        """The keys asked for or primed so far."""
        return self._cache.keys()

    def prime(self, key: K, value: V) -> None:
        """Cache ``value`` for ``key`` without a query (it came with another batch).

        A key already asked for keeps its own."""
        if key not in self._cache:
            future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
            future.set_result(value)
            self._cache[key] = future

    async def load_many(self, keys: Sequence[K]) -> list[V]:
        return list(await asyncio.gather(*(self.load(k) for k in keys)))

    async def dispatch(self, pending: dict[K, asyncio.Future[V]]) -> None:
        keys = list(pending)
        try:
            values = await self.batch(keys)
        except Exception as exc:  # noqa: BLE001 - every waiting field gets the batch's error
            for future in pending.values():
                if not future.done():
                    future.set_exception(exc)
            return
        for key, value in zip(keys, values, strict=True):
            if not pending[key].done():
                pending[key].set_result(value)


class Loaders:
    """The DataLoaders of one request, over one store."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.store = services.store
        self.waves = Waves()
        self._records: dict[str, DataLoader[str, Any]] = {}
        self._links: dict[str, DataLoader[str, list[str]]] = {}
        self.kinds: DataLoader[str, tuple[str, str] | None] = DataLoader(self.waves, self._load_kinds)
        self.appearances: DataLoader[str, list[links.Appearance]] = DataLoader(self.waves, self._load_appearances)
        self.ancestors: DataLoader[str, list[str]] = DataLoader(self.waves, self._load_ancestors)
        self.tenures_of_person: DataLoader[str, list[Tenure]] = DataLoader(self.waves, self._tenures("person"))
        self.tenures_of_post: DataLoader[str, list[Tenure]] = DataLoader(self.waves, self._tenures("post"))
        self._generation: str | None = None

    async def record(self, kind: str, iri: str) -> Any:
        """The record of an entity of ``kind`` (``queries.entities``), or None when the graph has none."""
        return await self._record_loader(kind).load(iri)

    async def records(self, kind: str, iris: Sequence[str]) -> list[Any]:
        if not iris:
            return []
        return list(await self._record_loader(kind).load_many(list(iris)))

    def _record_loader(self, kind: str) -> DataLoader[str, Any]:
        loader = self._records.get(kind)
        if loader is None:
            loader = self._records[kind] = DataLoader(self.waves, self._records_of(kind))
        return loader

    async def linked(self, link: str, iri: str) -> list[str]:
        """The IRIs linked to ``iri`` by ``link`` (a key of ``queries.links.LINKS``)."""
        self.linked_soon(link, iri)
        return await self._links[link].load(iri)

    def linked_soon(self, link: str, iri: str) -> None:
        """Queue ``linked(link, iri)`` in the current wave without waiting for it (a resolver will)."""
        loader = self._links.get(link)
        if loader is None:
            loader = self._links[link] = DataLoader(self.waves, self._linked(link))
        loader.load(iri)

    async def generation(self) -> str:
        """The store's write generation, read once per request."""
        if self._generation is None:
            self._generation = await off_loop(self.store.generation)
        return self._generation

    def _records_of(self, kind: str) -> Callable[[list[str]], Any]:
        async def load(keys: list[str]) -> list[Any]:
            # A place's or agency's records come with those above it (its city, its parent), which
            # the next wave would ask for: they go into the cache now instead.
            loader = self._records[kind]
            found = await off_loop(lambda: entities.records_up(self.store, kind, keys, loader.cached))
            for iri in found.keys() - set(keys):
                loader.prime(iri, found[iri])
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
