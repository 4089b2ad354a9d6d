"""Identity: minting stable IRIs, and resolving a mention to the entity the graph already knows.

IRIs are derived from normalised names and types under one configurable base, so the same
official named two ways in two articles gets one IRI. People and agencies are looked up by
their name keys (``hg:nameKey``) first, so that an alias or a known misspelling joins the
entity it belongs to; merged entities resolve through ``owl:sameAs`` to the one kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from pyoxigraph import NamedNode

from .names import fold, slug

__all__ = ["KeyLookup", "Minter", "Resolver", "digest"]

SLUG_LIMIT = 80


def digest(*parts: str, size: int = 16) -> str:
    """A short stable hex digest of ``parts``."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:size]


def _slug_of_key(key: str) -> str:
    """A readable slug; past the length limit a digest keeps distinct keys apart."""
    full = slug(key, limit=10_000)
    if len(full) <= SLUG_LIMIT:
        return full
    return f"{full[:SLUG_LIMIT - 9].rstrip('-')}-{digest(key, size=8)}"


class Minter:
    """Mints the IRI of each kind of entity under one base."""

    def __init__(self, base: str) -> None:
        self.base = base

    def _iri(self, kind: str, local: str) -> NamedNode:
        return NamedNode(f"{self.base}{kind}/{local}")

    def person(self, key: str) -> NamedNode:
        return self._iri("person", _slug_of_key(key))

    def agency(self, key: str) -> NamedNode:
        return self._iri("agency", _slug_of_key(key))

    def post(self, title_key: str, agency: NamedNode | None) -> NamedNode:
        tail = agency.value.rsplit("/", 1)[-1] if agency is not None else "none"
        return self._iri("post", f"{_slug_of_key(title_key)}--{tail}")

    def tenure(self, person: NamedNode, post: NamedNode, start: dt.date | None) -> NamedNode:
        return self._iri("tenure", digest(person.value, post.value, str(start or "")))

    def event(self, name: str, start: dt.date | None) -> NamedNode:
        return self._iri("event", f"{_slug_of_key(fold(name))}--{start.isoformat() if start else 'undated'}")

    def appearance(self, event: NamedNode, person: NamedNode) -> NamedNode:
        return self._iri("appearance", digest(event.value, person.value))

    def place(self, *names: str) -> NamedNode:
        return self._iri("place", "--".join(_slug_of_key(fold(n)) for n in names if n))

    def statement(self, article: str, speaker: NamedNode, text: str, index: int) -> NamedNode:
        return self._iri("statement", digest(article, speaker.value, fold(text), str(index)))

    def delegation(self, article: str, delegate: NamedNode, principal: NamedNode,
                   event: NamedNode | None) -> NamedNode:
        return self._iri("delegation", digest(article, delegate.value, principal.value,
                                              event.value if event else ""))

    def account(self, platform: str, handle: str, url: str) -> NamedNode:
        """An online account; a website's by its host and a digest of its URL (one host, several sites)."""
        if platform == "website":
            return self._iri("account", f"website/{_slug_of_key(handle)}-{digest(url, size=8)}")
        return self._iri("account", f"{platform}/{handle}")

    def annotation(self, article: str, item: str) -> NamedNode:
        """The W3C Web Annotation of one article's evidence for one of its items ("StatementItem[3]");
        its targets and selectors hang below it."""
        return self._iri("annotation", digest(article, item))

    def organization(self, name: str) -> NamedNode:
        """A publisher or other organisation known only by name."""
        return self.agency(fold(name))

    def graph(self, source: str) -> NamedNode:
        """The named graph of one source (an article URL, or 'reference')."""
        return self._iri("graph", f"article-{digest(source, size=24)}")

    def activity(self, graph: NamedNode) -> NamedNode:
        return NamedNode(graph.value + "/import")

    def merge(self, keep: NamedNode, other: NamedNode) -> NamedNode:
        return self._iri("merge", digest(keep.value, other.value))

    @property
    def all_graph(self) -> NamedNode:
        """The materialised union of every source graph: what queries read."""
        return self._iri("graph", "all")

    @property
    def meta_graph(self) -> NamedNode:
        """Where each source graph is described with PROV."""
        return self._iri("graph", "meta")

    @property
    def merges_graph(self) -> NamedNode:
        """Where merges of entities (``owl:sameAs``) are recorded."""
        return self._iri("graph", "merges")


class KeyLookup(Protocol):
    """Finds the entities that already carry some name keys (implemented over the store)."""

    def entities_with_keys(self, kind: str, keys: Iterable[str]) -> Mapping[str, NamedNode]:
        """key → the IRI of an existing entity of ``kind`` ('person' or 'agency') with that key."""
        ...

    def same_as(self) -> Mapping[str, NamedNode]:
        """merged IRI → the IRI it was merged into."""
        ...


class Resolver:
    """Resolves people and agencies to IRIs: an existing entity with a matching key, else a new one.

    Keys found or minted are remembered, so a batch of articles resolves against itself too.
    """

    def __init__(self, minter: Minter, lookup: KeyLookup | None) -> None:
        self.minter = minter
        self.lookup = lookup
        self._known: dict[tuple[str, str], NamedNode] = {}
        self._asked: set[tuple[str, str]] = set()
        self._same_as: Mapping[str, NamedNode] = lookup.same_as() if lookup is not None else {}

    def canonical(self, iri: NamedNode) -> NamedNode:
        """The IRI that ``iri`` was merged into, if any (followed to the end)."""
        seen = set()
        while iri.value in self._same_as and iri.value not in seen:
            seen.add(iri.value)
            iri = self._same_as[iri.value]
        return iri

    def prefetch(self, kind: str, keys: Iterable[str]) -> None:
        """Ask the store once for many keys (a whole document or batch)."""
        wanted = [k for k in dict.fromkeys(keys) if (kind, k) not in self._asked and (kind, k) not in self._known]
        if not wanted or self.lookup is None:
            return
        found = self.lookup.entities_with_keys(kind, wanted)
        for key in wanted:
            self._asked.add((kind, key))
            if key in found:
                self._known[(kind, key)] = found[key]

    def resolve(self, kind: str, keys: list[str], pinned: str | None = None,
                mint: Callable[[], NamedNode] | None = None) -> NamedNode:
        """The IRI (before merges are applied) of an entity of ``kind`` ('person', 'agency',
        'place') whose first key is its name's and the rest its aliases'."""
        if pinned:
            iri = NamedNode(pinned)
        else:
            self.prefetch(kind, keys)
            found = next((self._known[(kind, k)] for k in keys if (kind, k) in self._known), None)
            if found is not None:
                iri = found
            elif mint is not None:
                iri = mint()
            else:
                iri = self.minter.person(keys[0]) if kind == "person" else self.minter.agency(keys[0])
        for key in keys:
            self._known.setdefault((kind, key), iri)
        return iri

    def use_same_as(self, mapping: Mapping[str, NamedNode]) -> None:
        """Resolve with these merges (a merge or unmerge about to be written)."""
        self._same_as = mapping

    def forget(self) -> None:
        """Drop what was remembered (after a write failed, or the merges changed)."""
        self._known.clear()
        self._asked.clear()
        self._same_as = self.lookup.same_as() if self.lookup is not None else {}
