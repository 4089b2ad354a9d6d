"""The embedded store: Oxigraph through pyoxigraph, on disk (no server) or in memory."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from pyoxigraph import NamedNode, Quad, Triple

from ..errors import QueryRejected, StoreError, StoreInUse
from ..model.vocab import HG, NS
from .base import GraphWrite, Row, Rows, generation_query, generation_update, replace_update
from .feed import feed_update, record_quads
from .readers import Readers

__all__ = ["OxigraphStore"]

_PREFIXES = dict(NS)
# Most quads one bulk_extend() ingests in a single step (Oxigraph's bulk loader batches by a million).
BULK_LIMIT = 500_000
# Most triples remembered as already in ``all`` (about 150 bytes each); past it the memory starts over.
KNOWN_IN_ALL = 400_000


class OxigraphStore:
    """An Oxigraph store in a folder (``path``), or in memory when ``path`` is None."""

    def __init__(self, path: Path | None, all_graph: NamedNode, meta_graph: NamedNode,
                 *, read_only: bool = False) -> None:
        self.path = path
        self.all_graph = all_graph
        self.meta_graph = meta_graph
        self.read_only = read_only
        self._lock = threading.Lock()
        self._readers: Readers | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreInUse(f"{path}: the store is in use by another process (a running server or "
                                 f"import?); stop it, or serve from a remote store") from None
            raise StoreError(f"{path}: cannot open the store: {exc}") from None
        # How many queries this store answered: the API's query-count tests read it.
        self.queries = 0
        # Triples this object wrote to ``all`` since the last write that could remove one from it
        # (a replace, a removal, an update). Each article restates the entities it mentions, so
        # about half of a new article's triples are in ``all`` already; ``all`` is a set, and no
        # other process can write while this one holds the store, so they need not be written again.
        self._in_all: set[tuple[object, object, object]] = set()

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path) if self.path else ':memory:'})"

    def _query(self, sparql: str) -> object:
        self.queries += 1
        try:
            return self._store.query(sparql, prefixes=_PREFIXES)
        except SyntaxError as exc:
            raise QueryRejected(f"invalid SPARQL: {exc}") from None
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from None

    def select(self, query: str) -> Rows:
        names, rows = self._solving(query)
        return Rows(names, rows)

    def stream(self, query: str) -> Iterator[Row]:
        return self._solving(query)[1]

    def _solving(self, query: str) -> tuple[list[str], Iterator[Row]]:
        """The variables of a SELECT and its rows, to be made; ``result`` lives on only in the rows' generator,
        which drops it on the thread that reads them (a caller's frame holding it would hand it to whoever
        handles an error)."""
        result = self._query(query)
        if not isinstance(result, ox.QuerySolutions):
            del result  # results must be dropped on this thread, not by whoever handles the error
            raise QueryRejected("expected a SELECT query")
        names = [v.value for v in result.variables]
        return names, self._solutions(result, names)

    @staticmethod
    def _solutions(result: ox.QuerySolutions, names: list[str]) -> Iterator[Row]:
        try:
            for solution in result:
                row: Row = {}
                for i, name in enumerate(names):
                    term = solution[i]
                    if term is not None and not isinstance(term, Triple):
                        row[name] = term
                yield row
        except OSError as exc:
            raise StoreError(f"query failed: {exc}") from None
        finally:
            del result

    def ask(self, query: str) -> bool:
        result = self._query(query)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryRejected("expected an ASK query")
        return bool(result)

    def construct(self, query: str) -> list[Triple]:
        result = self._query(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryRejected("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def raw_query(self, query: str, **options: object) -> object:
        """The pyoxigraph result itself, for serialising results straight to a client."""
        self.queries += 1
        try:
            return self._store.query(query, prefixes=_PREFIXES, **options)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise QueryRejected(f"invalid SPARQL: {exc}") from None

    def write(self, writes: Sequence[GraphWrite]) -> None:
        if not writes:
            return
        changed = [w.graph for w in writes]
        with self._lock:
            try:
                if all(w.new for w in writes):
                    # New graphs only: an insert, no SPARQL to parse.
                    # The feed's record goes in with the data; the position moves after it (feed.py).
                    at = self._position()
                    quads: list[Quad] = record_quads(self.meta_graph, at + 1, changed)
                    added = self._all_copies(writes, quads)
                    if self.path is not None and len(quads) <= BULK_LIMIT:
                        # On disk, the bulk loader writes sorted files and ingests them in one atomic
                        # step (all or nothing, like a transaction) at 3-4x the rate of extend(),
                        # whose transaction pays a lock and a read per quad. Past BULK_LIMIT it
                        # would ingest in several steps, so larger writes stay transactional.
                        self._store.bulk_extend(quads)
                    else:
                        self._store.extend(quads)
                    self._store.update(generation_update(self.meta_graph) + " ;\n"
                                       + feed_update(self.meta_graph, changed, after=at))
                    self._remember_in_all(added)
                else:
                    self._in_all.clear()
                    self._store.update(replace_update(writes, self.all_graph, self.meta_graph) + " ;\n"
                                       + feed_update(self.meta_graph, changed, after=self._position()))
            except OSError as exc:
                raise StoreError(f"write failed, nothing was written: {exc}") from None

    def _all_copies(self, writes: Sequence[GraphWrite], quads: list[Quad]) -> set[tuple[object, object, object]]:
        """Append the writes' quads and metadata, and the ``all`` copies of triples not known there."""
        fresh: set[tuple[object, object, object]] = set()
        for w in writes:
            if w.quads:
                quads.extend(w.quads)
                fresh.update(w.triples if w.triples is not None
                             else [(q.subject, q.predicate, q.object) for q in w.quads])
            quads.extend(w.meta)
        # Set operations, not a loop of lookups: a set keeps each member's hash, and a tuple of
        # pyoxigraph terms costs three calls into the library to hash. The loop hashed each triple
        # four times (0.4-0.6 ms per article); this hashes it once.
        fresh = fresh.difference(self._in_all)
        all_graph = self.all_graph
        quads.extend([Quad(s, p, o, all_graph) for s, p, o in fresh])  # type: ignore[arg-type]
        return fresh

    def _remember_in_all(self, added: set[tuple[object, object, object]]) -> None:
        """Remember triples written to ``all`` (only once the write that made them succeeded)."""
        if len(self._in_all) + len(added) > KNOWN_IN_ALL:
            self._in_all.clear()
        self._in_all |= added

    def _position(self) -> int:
        """The change feed's position, read directly (a write's bookkeeping is no query of a client's)."""
        for q in self._store.quads_for_pattern(self.meta_graph, HG.position, None, self.meta_graph):
            if isinstance(q.object, ox.Literal):
                return int(q.object.value)
        return 0

    def generation(self) -> str:
        rows = self.select(generation_query(self.meta_graph))
        return rows[0]["g"].value if rows else ""

    def update(self, sparql: str) -> None:
        with self._lock:
            self._in_all.clear()
            try:
                self._store.update(sparql, prefixes=_PREFIXES)
                # Which graphs an arbitrary update touched is unknown: the feed names ``all`` (start over).
                self._store.update(generation_update(self.meta_graph) + " ;\n"
                                   + feed_update(self.meta_graph, [self.all_graph], after=self._position()))
            except SyntaxError as exc:
                raise QueryRejected(f"invalid SPARQL Update: {exc}") from None
            except (OSError, RuntimeError) as exc:
                # RuntimeError: an operation failed as it ran (DROP of a missing graph); it rolls back.
                raise StoreError(f"update failed, nothing was written: {exc}") from None

    def quads(self, graph: NamedNode | None = None) -> Iterator[Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, graph))

    def dump(self, out: IO[bytes], mime: str, graph: NamedNode | None = None) -> None:
        fmt = ox.RdfFormat.from_media_type(mime)
        if fmt is None:
            raise StoreError(f"unknown RDF media type {mime!r}")
        if graph is None:
            self._store.dump(out, fmt, prefixes=_PREFIXES if fmt.supports_datasets else None)
        else:
            self._store.dump(out, fmt, from_graph=graph, prefixes=_PREFIXES)

    def count(self) -> int:
        return len(self._store)

    def graphs(self) -> list[NamedNode]:
        return [g for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def compact(self) -> None:
        """Merge the store's files as far as RocksDB can (a full compaction), giving back the disk an import's
        unmerged files hold; it blocks until done. A no-op for an in-memory or read-only store."""
        if self.path is not None and not self.read_only:
            self._store.flush()
            self._store.optimize()

    def position(self) -> int:
        """Where the change feed stands: it moves with every write (a snapshot is current while it stays)."""
        return self._position()

    def snapshot(self, target: Path) -> None:
        """A copy of the store in ``target`` that a reader process can open (hard links on one file system)."""
        if self.path is None:
            raise StoreError("an in-memory store has no snapshots")
        try:
            self._store.backup(str(target))
        except OSError as exc:
            raise StoreError(f"{target}: cannot snapshot the store: {exc}") from None

    def readers(self, size: int, memory_mb: int, refresh: float) -> Readers:
        """The reader processes over snapshots of this store, started on first use and closed with it.

        Asked with other limits (another app over the same store), the readers start over with those.
        """
        with self._lock:
            current = self._readers
            if current is not None and (current.size, current.memory_mb, current.refresh) != (size, memory_mb, refresh):
                current.close()
                current = None
            if current is None:
                current = self._readers = Readers(self, size, memory_mb, refresh)
            return current

    def close(self) -> None:
        """Flush and release the store (its folder can then be opened by another process)."""
        if self._readers is not None:
            self._readers.close()
            self._readers = None
        if self.path is None or not hasattr(self, "_store"):
            return
        try:
            # A read-only instance has nothing to flush (pyoxigraph raises if asked to).
            if not self.read_only:
                self._store.flush()
        finally:
            del self._store  # dropping the last reference releases the RocksDB lock
