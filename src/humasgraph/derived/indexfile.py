"""The search index, the list orders and the network projection of an on-disk store, in one SQLite file beside it.

``indexed.py`` reads the search index and the orders, ``network_reads.py`` the projection.

Kept in the Python heap, they grew with the corpus in the server process (+185 MiB per 10k
articles, 1.6 GB at 100k) and were built by a full scan of the store at every start-up. In
``<store>.index.sqlite`` they cost the server no heap beyond SQLite's page cache, and a server
that finds the file current (it remembers the feed position it reflects and the store it was
built from) starts without reading the store at all.

The file holds: which entities each source graph states (``graphs``, what the change feed's
follower needs, ``follower.py``); the search entries, their words and the postings of each
word, each entry's words keyed by its band of label lengths in an FTS5 table and the words' trigrams in another
(trigram tokenizer); the values of each kept
order (``orders.ORDERED``); and the network projection's tables (``network_file.py``: in the heap
it cost +196 MiB at 10k articles, in every worker). One ``sync`` follows the feed for all of
them and applies what changed in one SQLite transaction, so the file is never half-updated: a crash leaves it at the
position it had. It is rebuilt when missing, built for another store or an older layout, or
further behind the feed than the feed keeps (``feed.RETAINED`` writes).

One process at a time writes the file: the one holding an embedded store (it allows one), or,
for the file a remote store's workers share (``index_file``), whichever holds the lock on
``<file>.lock``. Reads run on their own connection, so a search is answered from the file as it is
while a sync is writing it (SQLite's write-ahead log).
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from pyoxigraph import NamedNode

from ..errors import StoreError
from ..queries.lists import KINDS as LIST_KINDS
from ..queries.projection import ENTITY_CLASSES, classes_of, graph_subjects, read_facts
from ..settings import Settings
from ..store import OxigraphStore, Store, open_store
from ..store.feed import position, read_changes
from .index_build import Opener, build, lap, order_name, pack, put_values, unpack
from .index_layout import INDEXES, LAYOUT, TABLES, start_layout
from .network_file import FileLiveNetwork
from .network_ids import ids_for
from .orders import ORDERED, read_values
from .search import CLASSES, read_entries
from .search_file import CONTENTLESS, drop_entries, put_entries

__all__ = ["IndexFile", "Reader", "index_path", "order_name", "rows_in"]

# A store larger than this on disk is indexed afresh in a child process over a snapshot of it, so
# that the server's heap never holds a build's batch (hundreds of MiB, which the allocator would
# keep) and the server reads on meanwhile. Below it, starting the process (about a second) costs
# more than the build.
BUILD_APART_BYTES = 64 * 2**20

# More source graphs changed than this since the file's position: it is rebuilt, not updated.
REBUILD_PAST_GRAPHS = 20_000
# ... or more than this share of the graphs the file holds, once at least REBUILD_AT_LEAST changed: an update
# costs more per changed graph than a build per graph of the store, and more so as the store grows (a build
# gets cheaper than an update past 27 % of the file at 10k articles, past 9 % at 100k: docs/performance.md,
# session 8; past 20,000 graphs, 5 % at 400k, as before).
REBUILD_PAST_SHARE = 0.1
REBUILD_AT_LEAST = 1_000

# Bytes the write-ahead log is cut back to after a checkpoint.
WAL_LIMIT = 8 * 2**20


def index_path(store_path: Path) -> Path:
    """Where the index file of the store in ``store_path`` lives: beside its folder."""
    return store_path.with_name(store_path.name + ".index.sqlite")


def _identity(store_path: Path) -> str:
    """The store's own identity: RocksDB writes a unique id in IDENTITY when it creates a database."""
    try:
        return (store_path / "IDENTITY").read_text().strip()
    except OSError:
        return ""


def _disk_size(folder: Path) -> int:
    total = 0
    for p in folder.iterdir():
        try:
            total += p.stat().st_size if p.is_file() else 0
        except FileNotFoundError:  # a table file RocksDB compacted away between the listing and the look
            continue
    return total


def _build_in_child(snapshot: str, path: str, identity: str, all_graph: str, meta_graph: str) -> None:
    """A child process's work: build the index file ``path`` of a store from its snapshot, the store read by
    processes of their own beside it (``index_build.READERS``)."""
    _build_from(_open_snapshot(snapshot, all_graph, meta_graph), path, identity,
                (_open_snapshot, snapshot, all_graph, meta_graph))


def _open_snapshot(snapshot: str, all_graph: str, meta_graph: str) -> OxigraphStore:
    return OxigraphStore(Path(snapshot), NamedNode(all_graph), NamedNode(meta_graph), read_only=True)


def _build_remote_in_child(settings: Settings, path: str, identity: str) -> None:
    """A child process's work: build the index file ``path`` of the remote store ``settings`` name."""
    _build_from(open_store(settings), path, identity, (open_store, settings))


def _build_from(store: Store, path: str, identity: str, readers: Opener) -> None:
    """Build the index file ``path`` from ``store`` here, and close the store."""
    try:
        index = IndexFile(store, None, identity=identity, path=Path(path))
        try:
            index._build(readers)
        finally:
            index.close()
    finally:
        store.close()


def rows_in(db: sqlite3.Connection, query: str, values: Sequence[Any]) -> Iterator[Any]:
    """The rows of ``query`` for ``values``, whose ``{marks}`` is its ``IN (…)`` list: 500 values a query, under
    SQLite's limit on bound variables."""
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        yield from db.execute(query.format(marks=",".join("?" * len(chunk))), chunk)


class Reader:
    """A connection to the index file and the lock that makes it one reader's at a time."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection, held for one read: one snapshot, the last sync committed before it."""
        with self._lock:
            self.db.execute("BEGIN")
            try:
                yield self.db
            finally:
                self.db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self.db.close()


class IndexFile:
    """The index file of one store, kept in step with the store's change feed: beside an on-disk store's
    folder, or where the settings say for a remote store. Several processes may share one (a remote
    store's workers): one syncs it at a time, under a lock on ``<file>.lock``, and the others read it."""

    def __init__(self, store: Store, store_path: Path | None, *, identity: str | None = None,
                 path: Path | None = None, remote: Settings | None = None) -> None:
        """``identity``: the store's, when ``store`` is a snapshot of it (a build in a child process) or a
        remote store (``store_path`` None, ``path`` the file). ``remote``: the settings that reach a remote
        store, for a child process to build the file from it (the heap of a build is then not the server's)."""
        self.store = store
        self.remote = remote
        if path is None or identity is None:
            if store_path is None:
                raise ValueError("an index file needs the store's folder, or its own path and the store's identity")
            path = path if path is not None else index_path(store_path)
            identity = identity if identity is not None else _identity(store_path)
        self.path = path
        self.identity = identity
        # Every class whose entities a search entry, a kept order or the network projection reads.
        self.classes = sorted({*CLASSES, *(LIST_KINDS[kind].cls.value for kind, _ in ORDERED),
                               *(c.value for c in ENTITY_CLASSES)})
        self._sync = threading.Lock()  # one sync at a time in this process
        self._db = threading.Lock()  # guards the connections
        try:
            # One sync at a time across processes: an advisory lock on a file of its own (SQLite's write
            # lock is held only while a sync writes, not while it reads the store).
            self._lock = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the index file's lock: {exc.strerror}") from None
        try:
            self._writer = self._connect()
            start_layout(self._writer)
            self._reader = Reader(self._connect())  # the searches', the orders' and the state's
            self._readers: list[Reader] = []
        except sqlite3.Error as exc:
            os.close(self._lock)
            raise StoreError(f"{self.path}: cannot open the index file: {exc}") from None
        self.builds = 0
        self.updates = 0

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        # A build is one transaction as large as the file; past it the log need not stay that large.
        db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT}")
        return db

    def close(self) -> None:
        with self._db:
            self._writer.close()
            self._reader.close()
            for reader in self._readers:
                reader.close()
            os.close(self._lock)

    # --- reading -------------------------------------------------------------------------------

    def reading(self) -> AbstractContextManager[sqlite3.Connection]:
        """The reading connection, held for one read: one snapshot, the last sync committed before it."""
        return self._reader.reading()

    def reader(self) -> Reader:
        """A reading connection of its own (closed with the file), for reads long enough to hold up the searches:
        the network analytics read the whole projection on theirs for a centrality."""
        reader = Reader(self._connect())
        with self._db:
            self._readers.append(reader)
        return reader

    def state(self, key: str) -> str | None:
        with self.reading() as db:
            row = db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    # --- following the feed -------------------------------------------------------------------

    def current_position(self) -> int | None:
        """The feed position the file reflects, or None when it must be rebuilt (missing, other store or layout)."""
        if self.state("layout") != LAYOUT or self.state("identity") != self.identity:
            return None
        found = self.state("position")
        return int(found) if found is not None else None

    def sync(self, *, wait: bool = True) -> bool:
        """Bring the file up to the store's feed; False when ``wait`` is False and another sync is running."""
        if not self._sync.acquire(blocking=wait):
            return False
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            self._sync.release()
            return False  # another process is syncing
        except BaseException:
            self._sync.release()
            raise
        try:
            at = self.current_position()
            changes = read_changes(self.store, at) if at is not None else None
            # A long import without a server leaves a backlog as large as a build, and an update holds
            # all of it in this heap: past REBUILD_PAST_GRAPHS, or a large share of the file, build afresh
            # (apart, when large).
            if changes is None or changes.graphs is None or self._too_far_behind(len(changes.graphs)):
                self._rebuild()
                # A build over a snapshot reflects the store when the snapshot was made: catch up.
                at = self.current_position()
                changes = read_changes(self.store, at) if at is not None else None
                if changes is None or changes.graphs is None:
                    return True
            if changes.graphs:
                self._update(changes.position, sorted(changes.graphs))
            elif changes.position != at:
                with self._writing() as db:
                    self._set(db, "position", str(changes.position))
            return True
        finally:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._sync.release()

    def _too_far_behind(self, changed: int) -> bool:
        """Whether ``changed`` graphs are rebuilt sooner than updated."""
        if changed > REBUILD_PAST_GRAPHS:
            return True
        if changed < REBUILD_AT_LEAST:
            return False
        with self.reading() as db:
            held = db.execute("SELECT count(*) FROM graphs").fetchone()[0]
        return changed > held * REBUILD_PAST_SHARE

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        db = self._writer
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @staticmethod
    def _set(db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (key, value))

    def _rebuild(self) -> None:
        """Write the file afresh from the store: in a child process over a snapshot when the store is large,
        in one reading a remote store itself when its settings were given."""
        store = self.store
        if isinstance(store, OxigraphStore) and store.path is not None and _disk_size(store.path) > BUILD_APART_BYTES:
            self._build_apart(store, store.path)
        elif self.remote is not None:
            self._run_child(_build_remote_in_child, (self.remote, str(self.path), self.identity))
        else:
            self._build()
        self.builds += 1

    def _build_apart(self, store: OxigraphStore, folder_of_store: Path) -> None:
        folder = folder_of_store.parent / f".{folder_of_store.name}.index-build"
        shutil.rmtree(folder, ignore_errors=True)  # the store's lock makes this process the only one using it
        store.snapshot(folder)
        try:
            self._run_child(_build_in_child, (str(folder), str(self.path), self.identity,
                                              store.all_graph.value, store.meta_graph.value))
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def _run_child(self, target: Callable[..., None], args: tuple[Any, ...]) -> None:
        child = multiprocessing.get_context("spawn").Process(target=target, name="humasgraph-index-build", args=args)
        child.start()
        child.join()
        if child.exitcode != 0:
            raise StoreError(f"{self.path}: building the index file failed in its process "
                             f"(exit code {child.exitcode}); the file is as it was")

    def _build(self, readers: Opener | None = None) -> None:
        """Write the file afresh from the store, here, a batch of entities at a time (``index_build.py``), read by
        processes of their own when ``readers`` says how they open the store."""
        at = position(self.store)  # first: a write after it is read again at the next sync
        with self._writing() as db:
            for table in TABLES:
                if table in CONTENTLESS:
                    db.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")  # noqa: S608 - no DELETE
                else:
                    db.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table names
            for statement in INDEXES:
                db.execute("DROP INDEX IF EXISTS " + statement.split()[5])
            usable, spent = build(db, self.store, self.classes, readers)
            for (kind, sort), ok in usable.items():
                self._set(db, f"usable.{order_name(kind, sort)}", "1" if ok else "0")
            clock = (time.perf_counter(), time.process_time())
            for statement in INDEXES:
                db.execute(statement)
            spent["indexed"], _ = lap(clock)
            for step, (wall, cpu) in spent.items():  # what a build's time went on, for whoever runs it at scale
                self._set(db, f"build.{step}", f"{wall:.1f}")
                self._set(db, f"build.{step}.cpu", f"{cpu:.1f}")
            for key, value in (("layout", LAYOUT), ("identity", self.identity), ("position", str(at))):
                self._set(db, key, value)
        self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _update(self, at: int, graphs: list[str]) -> None:
        """Read again the entities the changed ``graphs`` stated before and state now, and apply them."""
        now = graph_subjects(self.store, [NamedNode(g) for g in graphs], [NamedNode(c) for c in self.classes])
        with self.reading() as db:
            before: dict[str, list[int]] = {}
            before.update((g, unpack(blob)) for g, blob in rows_in(
                db, "SELECT graph, subjects FROM graphs WHERE graph IN ({marks})", graphs))
            old_ids = sorted({i for ids in before.values() for i in ids})
            dirty = {iri for (iri,) in self._iris_of(db, old_ids)}
        dirty.update(x for xs in now.values() for x in xs)
        entries = read_entries(self.store, dirty)
        # Each reader is asked about the subjects of its class only (the sort values' three readers were asked about
        # every subject: 63,000 bound values for 21,000 subjects at 116k articles).
        typed = classes_of(self.store, dirty, self.classes)
        orders = {(kind, sort): read_values(self.store, kind, sort, typed.get(LIST_KINDS[kind].cls.value, []))
                  for kind, sort in sorted(ORDERED)}
        facts = read_facts(self.store, subjects=dirty, typed=typed)
        with self._writing() as db:
            ids = ids_for(db, dirty)
            for g, xs in now.items():
                if xs:
                    db.execute("INSERT OR REPLACE INTO graphs (graph, subjects) VALUES (?, ?)",
                               (g, pack(ids[x] for x in xs)))
                else:
                    db.execute("DELETE FROM graphs WHERE graph = ?", (g,))
            drop_entries(db, [ids[x] for x in sorted(dirty)])
            put_entries(db, ids, entries.values())
            for (kind, sort), found in orders.items():
                name = order_name(kind, sort)
                db.executemany("DELETE FROM orders WHERE name = ? AND entity = ?",
                               ((name, ids[x]) for x in sorted(dirty)))
                # And from the orders by facet: those it had a value of before (whichever) and has now. By
                # name and entity, each facet's order found once: ``name GLOB`` with the entity walked every
                # facet's rows for each entity (30 of the 46 s of CPU an update of 1,500 articles took at 10k).
                facets = [n for (n,) in db.execute("SELECT DISTINCT name FROM orders WHERE name GLOB ?",
                                                   (order_name(kind, sort, "*"),))]
                db.executemany("DELETE FROM orders WHERE name = ? AND entity = ?",
                               ((facet, ids[x]) for facet in facets for x in sorted(dirty)))
                put_values(db, kind, sort, ids, found)
                if not found.usable:
                    self._set(db, f"usable.{name}", "0")
            FileLiveNetwork(db, ids).refresh(dirty, facts)
            self._set(db, "position", str(at))
        self.updates += 1

    @staticmethod
    def _iris_of(db: sqlite3.Connection, ids: list[int]) -> list[tuple[str]]:
        return list(rows_in(db, "SELECT iri FROM iris WHERE id IN ({marks})", ids))
