"""The index file built afresh from the whole store, in memory bounded by a batch of entities, not by the store.

The first build read every entity's names, sort values and facts into one process, and drew the
whole projection there, before writing a row: at 500k articles its process peaked at 16.3 GiB
(``docs/performance.md``, session 12), ~33 GiB at a million, more than the machine. This one
uses the file itself as its working memory, in three steps, all in the build's transaction:

1. the typed entities of every source graph, and of the union graph ``all`` with their classes,
   are streamed from the store into temporary tables (``Store.stream``: no list of rows), given
   their ids in the order of their IRIs, and written per graph (``graphs``);
2. the entities are read back from the store ``BATCH`` ids at a time, each reader asked about
   those of its class, as an update reads what changed: their search entries, sort values and
   network facts are written, the facts indexed as ``LiveNetwork`` indexes them
   (``network_file.put_facts``), no edge drawn;
3. every source node's edges are drawn whole from those tables and every node labelled
   (``network_file.draw_network``), a batch at a time, by the code an update draws with.

What the heap holds at once is a batch's entities and facts, the search vocabulary (a word
each) and an array of ids (8 bytes an entity). The tables equal those a build in the heap wrote,
row for row but for the ids (of words, of edges) and the order of the edges of different sources;
``tests/test_index_build.py`` checks it, and that the batch size changes nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import time
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import groupby
from typing import Any

from pyoxigraph import NamedNode

from ..errors import StoreError
from ..queries.lists import KINDS as LIST_KINDS
from ..queries.projection import Facts, read_facts, stream_subjects, stream_typed
from ..store import Store
from .network_file import draw_network, put_facts
from .orders import ORDERED, Values, read_values
from .search import CLASSES as SEARCHED
from .search import Entry, read_entries
from .search_file import AllEntries

__all__ = ["BATCH", "READERS", "STEPS", "Opener", "build", "lap", "order_name", "pack", "put_values", "read_batch",
           "unpack"]

# Entities a batch: the heap holds a batch's names, sort values and facts (the build's process held 290-430 MiB
# at 500k articles while it read them). Each reader asks ``projection.CHUNK`` of them a query, whatever the batch.
BATCH = 20_000

# Processes that read the store's batches while the build writes (``build``'s ``readers``): one a core, up to four.
READERS = max(1, min(4, os.cpu_count() or 1))

# How a reader process opens the store: a function of the module's top level and its arguments (sent to it pickled).
Opener = tuple[Any, ...]


def order_name(kind: str, sort: str, facet: str | None = None) -> str:
    """The name of a kept order in the file; with ``facet``, of the order of those with that value of its facet."""
    return f"{kind}.{sort}" if facet is None else f"{kind}.{sort}|{facet}"


def pack(ids: Iterable[int]) -> bytes:
    return array("q", ids).tobytes()


def unpack(blob: bytes) -> list[int]:
    found = array("q")
    found.frombytes(blob)
    return found.tolist()


def put_values(db: sqlite3.Connection, kind: str, sort: str, ids: dict[str, int], found: Values) -> None:
    """The entities' rows in the order, and in the order of each value of its facet they have."""
    rows = [(order_name(kind, sort), ids[iri], *(v if v is not None else (None, None)))
            for iri, v in found.values.items()]
    rows.extend((order_name(kind, sort, value), ids[iri], *(v if v is not None else (None, None)))
                for iri, v in found.values.items() for value in sorted(found.facets.get(iri, ())))
    db.executemany("INSERT INTO orders (name, entity, lo, hi) VALUES (?, ?, ?, ?)", rows)


# The steps of a build, as ``build`` times them: the file keeps each one's wall-clock and CPU seconds
# (``build.<step>`` and ``build.<step>.cpu`` in ``state``).
STEPS = ("listed", "read", "drawn")


def build(db: sqlite3.Connection, store: Store, classes: list[str], readers: Opener | None = None,
          ) -> tuple[dict[tuple[str, str], bool], dict[str, tuple[float, float]]]:
    """Fill the emptied tables of the file open on ``db`` (in its write transaction) from ``store``: the entities
    of ``classes``. Returns whether each kept order's values could all be sorted (``Values.usable``), and the
    wall-clock and CPU seconds of the process in each of the ``STEPS`` (not the readers').

    ``readers``: how ``READERS`` processes of their own open the same store (a function and its arguments), to
    read the entities' batches while this one writes; without it, this process reads them itself."""
    spent: dict[str, tuple[float, float]] = {}
    clock = (time.perf_counter(), time.process_time())
    _graphs(db, store, classes)
    spent["listed"], clock = lap(clock)
    usable = _entities(db, store, BATCH, readers)
    spent["read"], clock = lap(clock)
    draw_network(db, BATCH)
    spent["drawn"], _ = lap(clock)
    return usable, spent


def lap(since: tuple[float, float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The wall-clock and CPU seconds since ``since`` (a ``perf_counter``, ``process_time`` pair), and now's pair."""
    now = (time.perf_counter(), time.process_time())
    return (now[0] - since[0], now[1] - since[1]), now


def _graphs(db: sqlite3.Connection, store: Store, classes: list[str]) -> None:
    """Step 1: every entity of ``classes`` (in ``all``) and every one a source graph types given an id, in IRI
    order; the ``graphs`` rows, and the class of each entity."""
    typed = [NamedNode(c) for c in classes]
    db.execute("CREATE TEMP TABLE build_graphs (graph TEXT NOT NULL, iri TEXT NOT NULL)")
    db.execute("CREATE TEMP TABLE build_typed (iri TEXT NOT NULL, cls TEXT NOT NULL)")
    db.executemany("INSERT INTO temp.build_graphs (graph, iri) VALUES (?, ?)", stream_subjects(store, typed))
    db.executemany("INSERT INTO temp.build_typed (iri, cls) VALUES (?, ?)", stream_typed(store, typed))
    db.execute("INSERT OR IGNORE INTO iris (iri) SELECT iri FROM temp.build_graphs UNION "
               "SELECT iri FROM temp.build_typed ORDER BY 1")
    # Grouped by graph in SQLite's sorter (on disk past its cache), not in a dict of every graph.
    found = db.execute("SELECT DISTINCT g.graph, i.id FROM temp.build_graphs AS g JOIN iris AS i ON i.iri = g.iri "
                       "ORDER BY g.graph, i.id")
    writer = db.cursor()
    for graph, members in groupby(found, key=lambda row: row[0]):
        writer.execute("INSERT INTO graphs (graph, subjects) VALUES (?, ?)", (graph, pack(at for _, at in members)))
    db.execute("CREATE TEMP TABLE build_classes (id INTEGER NOT NULL, cls TEXT NOT NULL, PRIMARY KEY (id, cls)) "
               "WITHOUT ROWID")
    db.execute("INSERT OR IGNORE INTO temp.build_classes (id, cls) SELECT i.id, t.cls FROM temp.build_typed AS t "
               "JOIN iris AS i ON i.iri = t.iri")
    db.execute("DROP TABLE temp.build_graphs")
    db.execute("DROP TABLE temp.build_typed")


def _entities(db: sqlite3.Connection, store: Store, batch: int,
              readers: Opener | None) -> dict[tuple[str, str], bool]:
    """Step 2: the search entries, sort values and network facts of the entities, ``batch`` ids at a time."""
    usable = dict.fromkeys(sorted(ORDERED), True)
    orders = list(usable)
    entries = AllEntries(db)
    batches = _batches(db, batch)
    reading = _read_apart(readers, orders, batches) if readers is not None else _read_here(store, orders, batches)
    for ids, (found, values, facts) in reading:
        entries.add(ids, found.values())
        for (kind, sort), value in zip(orders, values, strict=True):
            put_values(db, kind, sort, ids, value)
            usable[(kind, sort)] = usable[(kind, sort)] and value.usable
        put_facts(db, facts)
    entries.finish()
    db.execute("DROP TABLE temp.build_classes")
    return usable


Batch = tuple[dict[str, int], dict[str, list[str]]]  # IRI → id, and class → the IRIs of it
Read = tuple[dict[str, Entry], list[Values], Facts]


def _batches(db: sqlite3.Connection, batch: int) -> Iterator[Batch]:
    last = db.execute("SELECT coalesce(max(id), 0) FROM temp.build_classes").fetchone()[0]
    for low in range(1, last + 1, batch):
        ids: dict[str, int] = {}
        typed: dict[str, list[str]] = defaultdict(list)
        for at, iri, cls in db.execute(
                "SELECT c.id, i.iri, c.cls FROM temp.build_classes AS c JOIN iris AS i ON i.id = c.id "
                "WHERE c.id BETWEEN ? AND ? ORDER BY c.id, c.cls", (low, low + batch - 1)):
            ids[iri] = at
            typed[cls].append(iri)
        if ids:
            yield ids, dict(typed)


def read_batch(store: Store, subjects: list[str], typed: dict[str, list[str]],
               orders: list[tuple[str, str]]) -> Read:
    """What a batch of entities is in the file: their search entries, their values in each of ``orders``, their
    network facts; each reader asked about those of its class."""
    found = read_entries(store, {x for c in SEARCHED for x in typed.get(c, ())})
    values = [read_values(store, kind, sort, typed.get(LIST_KINDS[kind].cls.value, [])) for kind, sort in orders]
    return found, values, read_facts(store, subjects=subjects, typed=typed)


def _read_here(store: Store, orders: list[tuple[str, str]],
               batches: Iterator[Batch]) -> Iterator[tuple[dict[str, int], Read]]:
    for ids, typed in batches:
        yield ids, read_batch(store, list(ids), typed, orders)


def _read_apart(readers: Opener, orders: list[tuple[str, str]],
                batches: Iterator[Batch]) -> Iterator[tuple[dict[str, int], Read]]:
    """Batches read by ``READERS`` processes of their own, each with the store ``readers`` opens, while this one
    writes: the reads need no file, and reading and writing the batches is most of a build (38 of its 59 CPU
    seconds at 20k articles). The batches come back in order, one more than the readers in flight at most."""
    # spawn: the process that builds holds the store open, with its threads; a fork would copy them mid-flight.
    with ProcessPoolExecutor(READERS, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_open_reader, initargs=readers) as pool:
        flight: deque[tuple[dict[str, int], Future[Read]]] = deque()
        try:
            for ids, typed in batches:
                flight.append((ids, pool.submit(_read_in_reader, list(ids), typed, orders)))
                if len(flight) > READERS:
                    done, future = flight.popleft()
                    yield done, future.result()
            while flight:
                done, future = flight.popleft()
                yield done, future.result()
        except BrokenProcessPool as exc:  # a reader that could not open the store, or was killed
            raise StoreError(f"a process reading the store for the index file's build ended without its "
                             f"batch ({exc}); the file is as it was") from None
        finally:
            for _, future in flight:
                future.cancel()


_reader: Store | None = None  # the store of a reader process


def _open_reader(opener: Callable[..., Store], *args: Any) -> None:
    global _reader  # noqa: PLW0603 - one store a reader process, opened as it starts
    _reader = opener(*args)


def _read_in_reader(subjects: list[str], typed: dict[str, list[str]], orders: list[tuple[str, str]]) -> Read:
    assert _reader is not None
    return read_batch(_reader, subjects, typed, orders)
