"""One request's reads on the compiled path: batched through ``Services``, kept for the request.

The compiled path's twin of the per-request loaders: what a prefetch read (``Services.prefetch``)
is kept as it came, records are built from its properties when first asked for, and whatever no
prefetch brought is read in one batch per kind, or on its own when no batch foresaw it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from ..services import Appearance, Prefetched, Services, Tenure

__all__ = ["Batch", "Child", "Fallback"]


class Fallback(Exception):  # noqa: N818 - a signal, never shown: the resolvers answer instead
    """The compiled path cannot answer this request: the resolvers will."""


class Child(NamedTuple):
    """An object a field points to: its GraphQL type and what that type's fields read (an IRI, a record …)."""

    type: str
    obj: Any


class Batch:
    """One request's reads through ``Services``: asked for in batches, kept for the request.

    Each ``want_*`` reads what is not known yet in one call; the single getters read a key
    on its own only when no batch brought it (so a field is right even where no prefetch
    foresaw it).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.records: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, list[str]]] = {}
        self.kinds: dict[str, tuple[str, str] | None] = {}
        self.tenures: dict[str, dict[str, list[Tenure]]] = {"person": {}, "post": {}}
        self.appearances: dict[str, list[Appearance]] = {}
        self.prefetched: list[Prefetched] = []

    def seed(self, found: Prefetched) -> None:
        """Keep what one prefetch read (what is known already stays)."""
        self.prefetched.append(found)  # its records are built when asked for
        for link, lists in found.links.items():
            cache_links = self.links.setdefault(link, {})
            for iri, linked in lists.items():
                cache_links.setdefault(iri, linked)
        for iri, known in found.kinds.items():
            self.kinds.setdefault(iri, known)
        for event, appearances in found.appearances.items():
            self.appearances.setdefault(event, appearances)
        for by, tenures in found.tenures.items():
            for iri, held in tenures.items():
                self.tenures[by].setdefault(iri, held)

    def want_records(self, kind: str, iris: Iterable[str | None]) -> None:
        cache = self.records.setdefault(kind, {})
        missing = []
        for iri in {i for i in iris if i and i not in cache}:
            for read in self.prefetched:
                if read.covers(kind, iri):
                    cache[iri] = read.record(kind, iri)
                    break
            else:
                missing.append(iri)
        missing.sort()
        if missing:
            found = self.services.records(kind, missing, cache.keys())
            for iri in missing:
                cache[iri] = found.get(iri)
            for iri, value in found.items():  # those above them (a venue's city, an agency's parent)
                cache.setdefault(iri, value)

    def record(self, kind: str, iri: str) -> Any:
        try:  # read for every field of every object: the path where it is known comes first
            return self.records[kind][iri]
        except KeyError:
            self.want_records(kind, [iri])
            return self.records[kind][iri]

    def want_links(self, link: str, iris: Iterable[str]) -> None:
        cache = self.links.setdefault(link, {})
        missing = sorted({i for i in iris if i not in cache})
        if missing:
            found = self.services.linked(link, missing)
            for iri in missing:
                cache[iri] = found.get(iri, [])

    def linked(self, link: str, iri: str) -> list[str]:
        cache = self.links.get(link)
        if cache is None or iri not in cache:
            self.want_links(link, [iri])
        return self.links[link][iri]

    def want_kinds(self, iris: Iterable[str | None]) -> None:
        missing = sorted({i for i in iris if i and i not in self.kinds})
        if missing:
            found = self.services.kinds_of(missing)
            for iri in missing:
                self.kinds[iri] = found.get(iri)

    def kind(self, iri: str) -> tuple[str, str] | None:
        if iri not in self.kinds:
            self.want_kinds([iri])
        return self.kinds[iri]

    def want_tenures(self, by: str, iris: Iterable[str]) -> None:
        cache = self.tenures[by]
        missing = sorted({i for i in iris if i not in cache})
        if missing:
            found = self.services.tenures(missing, by=by)
            for iri in missing:
                cache[iri] = found.get(iri, [])

    def tenures_of(self, by: str, iri: str) -> list[Tenure]:
        if iri not in self.tenures[by]:
            self.want_tenures(by, [iri])
        return self.tenures[by][iri]

    def want_appearances(self, events: Iterable[str]) -> None:
        missing = sorted({e for e in events if e not in self.appearances})
        if missing:
            found = self.services.appearances(missing)
            for e in missing:
                self.appearances[e] = found.get(e, [])

    def appearances_at(self, event: str) -> list[Appearance]:
        if event not in self.appearances:
            self.want_appearances([event])
        return self.appearances[event]
