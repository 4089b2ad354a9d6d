"""References in a curated document to people, posts and agencies that only the store knows.

A document may name an entity it does not declare: by IRI, by the tail of its IRI
(``agency/dinas-komunikasi-dan-informatika-provinsi-jawa-tengah``), or by name or alias. Each
such reference is looked up in the store; one match adds an item to the document pinned to the
stored IRI (``id``), with the stored name (an agency with its parents, a post with its agency),
so the document is complete and is stored, rebuilt and hashed as it will be imported. Several
matches are an error listing them; none, an error listing the closest stored names.
"""

from __future__ import annotations

from ..errors import FieldError, ValidationFailed
from ..model.document import AgencyItem, Document, PersonItem, PostItem
from ..model.enums import AgencyType
from ..model.index import Index, kinds_text
from ..queries.stored import Stored, StoredEntities

__all__ = ["complete"]


def complete(doc: Document, source: str, stored: StoredEntities) -> Document:
    """``doc`` with an item for each reference only the store answers; ``ValidationFailed`` if any cannot be."""
    index = Index.build(doc, source, strict=False)
    if not index.unresolved:
        return doc
    adding = _Additions(stored)
    errors: list[FieldError] = []
    for u in index.unresolved:
        if u.ref in adding.keys:
            continue
        found = stored.find(u.kinds, u.ref)
        what = kinds_text(u.kinds)
        if len(found) == 1:
            adding.add(found[0], u.ref)
        elif found:
            shown = "; ".join(s.describe() for s in found)
            errors.append(FieldError(u.path, f"{u.ref!r} names {len(found)} stored entities; give one IRI: {shown}"))
        else:
            close = stored.closest(u.kinds, u.ref)
            hint = f"; closest: {', '.join(repr(c) for c in close)}" if close else ""
            errors.append(FieldError(u.path, f"no {what} with key or name {u.ref!r} in the document or the "
                                             f"store{hint}"))
    if errors:
        raise ValidationFailed(source, errors)
    return doc.model_copy(update={"agencies": [*doc.agencies, *adding.agencies],
                                  "people": [*doc.people, *adding.people], "posts": [*doc.posts, *adding.posts]})


class _Additions:
    """The items added for stored entities, keyed by the reference (or, for parents, the IRI)."""

    def __init__(self, stored: StoredEntities) -> None:
        self.stored = stored
        self.keys: set[str] = set()
        self.agencies: list[AgencyItem] = []
        self.people: list[PersonItem] = []
        self.posts: list[PostItem] = []
        self._agency_key: dict[str, str] = {}

    def add(self, s: Stored, key: str) -> None:
        self.keys.add(key)
        if s.kind == "person":
            self.people.append(PersonItem(key=key, id=s.iri, name=s.name, honorific_prefix=None, honorific_suffix=None))
        elif s.kind == "agency":
            self._agency(s, key)
        else:
            agency = self.stored.get(s.agency, ("agency",)) if s.agency else None
            self.posts.append(PostItem(key=key, title=s.title or s.name,
                                       agency=self._agency(agency) if agency is not None else None))

    def _agency(self, s: Stored, key: str | None = None) -> str:
        """The key of an item for stored agency ``s``, with its parents up the tree (each added once).

        A reference gets its own item (``key``), even when the agency is already added under
        another: pinned to one IRI, both state the same facts.
        """
        known = self._agency_key.get(s.iri)
        if known is not None and key is None:
            return known
        key = key or s.iri
        self._agency_key.setdefault(s.iri, key)
        self.keys.add(key)
        parent_key = None
        if s.parent:
            parent_key = self._agency_key.get(s.parent)
            parent = self.stored.get(s.parent, ("agency",)) if parent_key is None else None
            parent_key = self._agency(parent) if parent is not None else parent_key
        kind = s.type.rsplit("/", 1)[-1].replace("-", "_") if s.type else None
        types = {t.value: t for t in AgencyType}
        self.agencies.append(AgencyItem(key=key, id=s.iri, name=s.name, type=types.get(kind or ""),
                                        parent=parent_key))
        return key
