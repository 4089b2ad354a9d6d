"""Use cases shared by the command line and the API: one ``Services`` per open store."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from pyoxigraph import NamedNode

from .document import Document
from .identity import Minter
from .importer import Importer, Outcome
from .merges import MergeRecord, Merges
from .queries import flagship as flagship_queries
from .queries.stats import stats as stats_query
from .settings import Settings
from .shapes import Shapes
from .store import Store, open_store

__all__ = ["Services"]


@dataclass
class Services:
    """The store, the minter, and what can be done with them."""

    settings: Settings
    store: Store
    minter: Minter
    importer: Importer
    merges: Merges

    @classmethod
    def open(cls, settings: Settings, *, read_only: bool = False, store: Store | None = None) -> Services:
        """Open the store the settings name and wire the use cases over it."""
        store = store if store is not None else open_store(settings, read_only=read_only)
        minter = Minter(settings.base_iri)
        importer = Importer(store, minter, shapes=Shapes.load(), gazetteer=lambda: gazetteer_of(store),
                            max_file_bytes=settings.max_file_bytes)
        return cls(settings, store, minter, importer, Merges(store, minter, importer))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def import_paths(self, paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], *,
                     dry_run: bool = False, progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
        """Import files and folders (str or Path; one path alone is accepted too): one outcome per file."""
        if isinstance(paths, str | os.PathLike):
            paths = [paths]
        return self.importer.import_paths([Path(p) for p in paths], dry_run=dry_run, progress=progress)

    def import_document(self, doc: Document, *, source: str = "<document>") -> Outcome:
        """Validate and import one document (an extracted one, or one built in Python)."""
        return self.importer.import_document(doc, source=source)

    def retract(self, url: str) -> int:
        return self.importer.retract(url)

    def merge(self, keep: str, other: str) -> MergeRecord:
        return self.merges.merge(keep, other)

    def unmerge(self, other: str) -> MergeRecord:
        return self.merges.unmerge(other)

    def stats(self, *, quads: bool = True) -> dict[str, int]:
        return stats_query(self.store, self.minter, quads=quads)

    def flagship(self, *, event_type: str | None = "coordination_meeting",
                 events: Sequence[str] | None = None, limit: int = 50) -> list[flagship_queries.EventInfo]:
        nodes = [NamedNode(e) for e in events] if events is not None else None
        return flagship_queries.flagship(self.store, event_type=event_type, events=nodes, limit=limit)

    def gazetteer(self) -> object:
        """Names the graph already knows, for the extractor to resolve misspellings against."""
        return gazetteer_of(self.store)


def gazetteer_of(store: Store) -> object:
    """The extractor's gazetteer of the people and agencies ``store`` knows."""
    from .extract import Gazetteer  # noqa: PLC0415 - only extraction needs it
    from .queries.names import known_names  # noqa: PLC0415

    people, agencies = known_names(store)
    return Gazetteer(people=people, agencies=agencies)
