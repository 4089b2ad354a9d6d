"""Following the store's change feed for a cache kept beside it (the projection, the search index).

A cache built from the whole store remembers the feed position it was built at and which
entities each source graph states. After writes, ``poll`` asks the feed which source graphs
changed (one query), reads which entities those graphs state now (one query per 500 graphs),
and answers the entities the cache must read again: those the graphs stated before the write
and those they state after it. A replaced graph thus refreshes what it used to say and what it
says now; a removed graph refreshes everything it used to say. Re-reading an entity is
idempotent, so a write that lands between two reads is simply read again at the next poll.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..queries.projection import graph_subjects
from ..store import Store
from ..store.feed import position, read_changes

__all__ = ["Tracker", "Update"]


@dataclass(frozen=True)
class Update:
    """What a poll found: the entities to read again, or ``None`` when the cache must be rebuilt."""

    position: int
    subjects: frozenset[str] | None
    graphs: int = 0


class Tracker:
    """The feed position of one cache and the entities each source graph states."""

    def __init__(self, store: Store, classes: Sequence[NamedNode] | None = None) -> None:
        """``classes``: follow only the entities of these classes (default: every kind of entity)."""
        self.store = store
        self.classes = classes
        self.position = -1  # not started: the first poll asks for a rebuild
        self.subjects: dict[str, tuple[str, ...]] = {}
        self._lock = threading.Lock()

    def start(self) -> int:
        """Remember the current position, then what every source graph states (before a full build)."""
        with self._lock:
            self.position = position(self.store)
            # Interned: an official's IRI is stated by thousands of graphs, and kept once.
            self.subjects = {g: tuple(map(sys.intern, xs))
                             for g, xs in graph_subjects(self.store, None, self.classes).items()}
            return self.position

    def poll(self) -> Update:
        """The entities written since the last poll (or start); ``subjects=None``: rebuild."""
        with self._lock:
            if self.position < 0:
                return Update(0, None)
            changes = read_changes(self.store, self.position)
            if changes.graphs is None:
                return Update(changes.position, None)
            dirty: set[str] = set()
            if changes.graphs:
                graphs = [NamedNode(g) for g in sorted(changes.graphs)]
                for g, now in graph_subjects(self.store, graphs, self.classes).items():
                    dirty.update(self.subjects.pop(g, ()))
                    dirty.update(now)
                    if now:
                        self.subjects[g] = tuple(map(sys.intern, now))
            self.position = changes.position
            return Update(changes.position, frozenset(dirty), len(changes.graphs))
