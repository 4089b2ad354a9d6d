"""A document's references resolved to its items, and those that resolve to nothing (by field path)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import FieldError, ValidationFailed
from .document import AgencyItem, Document, EventItem, PersonItem, PlaceItem
from .names import agency_key, fold, person_key, post_key, post_label

__all__ = ["Index", "PostRef", "Unresolved", "kinds_text"]


@dataclass(frozen=True)
class PostRef:
    """A post a reference points at: one of ``posts``, or a position held by one of ``people``."""

    title: str
    agency: AgencyItem | None


@dataclass(frozen=True)
class Unresolved:
    """A reference no item of the document answers: where, what kinds of entity it may name, and the text."""

    path: str
    kinds: tuple[str, ...]
    ref: str


@dataclass
class Index:
    """A document's references resolved to its items."""

    doc: Document
    unresolved: list[Unresolved] = field(default_factory=list)
    agencies: dict[str, AgencyItem] = field(default_factory=dict)
    people: dict[str, PersonItem] = field(default_factory=dict)
    posts: dict[str, PostRef] = field(default_factory=dict)
    # The post each item of ``doc.posts`` is, in order: two keyless posts of one title in two
    # agencies share a name in ``posts`` but are two posts.
    post_items: list[PostRef] = field(default_factory=list)
    events: dict[str, EventItem] = field(default_factory=dict)
    places: dict[str, PlaceItem] = field(default_factory=dict)
    agency_parent: dict[int, AgencyItem] = field(default_factory=dict)

    @classmethod
    def build(cls, doc: Document, source: str | None, *, strict: bool = True) -> Index:
        """The index of ``doc``; raise ``ValidationFailed`` listing every problem.

        With ``strict=False`` a reference that no item answers is not an error but listed in
        ``unresolved``, for the importer to look up in the store (``ingest/references.py``).
        """
        index = cls(doc)
        errors: list[FieldError] = []

        def missing(path: str, kinds: tuple[str, ...], ref: str) -> None:
            index.unresolved.append(Unresolved(path, kinds, ref))
            if strict:
                errors.append(FieldError(path, f"no {kinds_text(kinds)} with key or name {ref!r}"))

        def register(table: dict[str, Any], path: str, item: Any, key: str | None, names: Iterable[str]) -> None:
            if key is not None:
                if f"key:{key}" in table:
                    errors.append(FieldError(f"{path}.key", f"duplicate key {key!r}"))
                table[f"key:{key}"] = item
            for name in names:
                table.setdefault(name, item)

        for i, a in enumerate(doc.agencies):
            register(index.agencies, f"agencies[{i}]", a, a.key,
                     [agency_key(n) for n in (a.name, *a.aliases)])
        for i, p in enumerate(doc.people):
            register(index.people, f"people[{i}]", p, p.key, [person_key(n) for n in (p.name, *p.aliases)])
        for i, e in enumerate(doc.events):
            register(index.events, f"events[{i}]", e, e.key, [fold(e.name)])
        for i, pl in enumerate(doc.places):
            register(index.places, f"places[{i}]", pl, pl.key, [fold(n) for n in (pl.name, *pl.aliases)])
        for i, pl in enumerate(doc.places):
            if pl.within is not None and index.lookup_place(pl.within) is None:
                errors.append(FieldError(f"places[{i}].within", f"no place with key or name {pl.within!r}"))

        def agency(ref: str | None, path: str) -> AgencyItem | None:
            if ref is None:
                return None
            found = index.lookup_agency(ref)
            if found is None:
                missing(path, ("agency",), ref)
            return found

        for i, a in enumerate(doc.agencies):
            parent = agency(a.parent, f"agencies[{i}].parent")
            if parent is not None:
                index.agency_parent[id(a)] = parent
        for i, post in enumerate(doc.posts):
            ref = PostRef(post.title, agency(post.agency, f"posts[{i}].agency"))
            index.post_items.append(ref)
            register(index.posts, f"posts[{i}]", ref, post.key, index._post_names(ref))
        for i, p in enumerate(doc.people):
            for j, pos in enumerate(p.positions):
                ref = PostRef(pos.title, agency(pos.agency, f"people[{i}].positions[{j}].agency"))
                for name in index._post_names(ref):
                    index.posts.setdefault(name, ref)
        for i, e in enumerate(doc.events):
            if e.organizer is not None and index.lookup_agency(e.organizer) is None \
                    and index.lookup_person(e.organizer) is None:
                missing(f"events[{i}].organizer", ("agency", "person"), e.organizer)
            for k, participant in enumerate(e.participants):
                agency(participant, f"events[{i}].participants[{k}]")

        def need(kind: str, ref: str | None, path: str) -> None:
            if ref is None:
                return
            if kind == "person" and index.lookup_person(ref) is None:
                missing(path, ("person",), ref)
            elif kind == "event" and index.lookup_event(ref) is None:
                errors.append(FieldError(path, f"no event with key or name {ref!r}"))
            elif kind == "principal" and index.lookup_principal(ref) is None:
                missing(path, ("person", "post", "agency"), ref)

        for i, e in enumerate(doc.events):
            for k, sp in enumerate(e.speakers):
                need("person", sp.person, f"events[{i}].speakers[{k}].person")
                need("principal", sp.on_behalf_of, f"events[{i}].speakers[{k}].on_behalf_of")
        for i, s in enumerate(doc.statements):
            need("person", s.speaker, f"statements[{i}].speaker")
            need("event", s.event, f"statements[{i}].event")
            need("principal", s.on_behalf_of, f"statements[{i}].on_behalf_of")
        for i, d in enumerate(doc.delegations):
            need("person", d.delegate, f"delegations[{i}].delegate")
            need("principal", d.principal, f"delegations[{i}].principal")
            need("event", d.event, f"delegations[{i}].event")

        errors.extend(index._parent_cycles())
        if errors:
            raise ValidationFailed(source, errors)
        return index

    def _post_names(self, ref: PostRef) -> list[str]:
        names = [post_key(ref.title)]
        if ref.agency is not None:
            names.append(post_key(f"{ref.title} {ref.agency.name}"))
            names.append(post_key(post_label(ref.title, ref.agency.name)))  # "Wali Kota Uji", as it reads
            names.extend(post_key(f"{ref.title} {alias}") for alias in ref.agency.aliases)
        return names

    def _parent_cycles(self) -> list[FieldError]:
        errors = []
        for i, a in enumerate(self.doc.agencies):
            seen = {id(a)}
            node = self.agency_parent.get(id(a))
            while node is not None:
                if id(node) in seen:
                    errors.append(FieldError(f"agencies[{i}].parent", f"{a.name!r} is its own ancestor"))
                    break
                seen.add(id(node))
                node = self.agency_parent.get(id(node))
        return errors

    def lookup_agency(self, ref: str) -> AgencyItem | None:
        return self.agencies.get(f"key:{ref}") or self.agencies.get(agency_key(ref))

    def lookup_place(self, ref: str) -> PlaceItem | None:
        return self.places.get(f"key:{ref}") or self.places.get(fold(ref))

    def lookup_person(self, ref: str) -> PersonItem | None:
        return self.people.get(f"key:{ref}") or self.people.get(person_key(ref))

    def lookup_event(self, ref: str) -> EventItem | None:
        return self.events.get(f"key:{ref}") or self.events.get(fold(ref))

    def lookup_post(self, ref: str) -> PostRef | None:
        return self.posts.get(f"key:{ref}") or self.posts.get(post_key(ref))

    def lookup_principal(self, ref: str) -> PersonItem | PostRef | AgencyItem | None:
        """A principal by key first, then by name as a person, a post, then an agency."""
        for table in (self.people, self.posts, self.agencies):
            found = table.get(f"key:{ref}")
            if found is not None:
                return found  # type: ignore[no-any-return]
        return self.lookup_person(ref) or self.lookup_post(ref) or self.lookup_agency(ref)

    def parent_of(self, agency: AgencyItem) -> AgencyItem | None:
        return self.agency_parent.get(id(agency))


def kinds_text(kinds: tuple[str, ...]) -> str:
    """("person", "post", "agency") → "person, post or agency"."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
