"""Which IRI each item of a document gets, and the triples that describe the entities it names.

An agency, a person or a place is resolved against the graph by its name keys (or replayed from
an earlier resolution, after a merge); an event and a post are minted from what names them. Posts
and places are described where they are first named. ``quads._Build`` writes the facts on top.
"""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from ..model.document import AgencyItem, Document, EventItem, PersonItem, PlaceItem
from ..model.identity import Minter, Resolver
from ..model.index import Index, PostRef
from ..model.names import agency_key, fold, person_key, post_key, post_label
from ..model.vocab import HG, ORG, RDF, SCHEMA, SKOS, concept

__all__ = ["Naming", "agency_keys", "lookup_keys"]

# Units whose names repeat under every parent ("Bidang Humas", "Bagian Umum") unless they say where.
_UNIT_WORDS = frozenset({"bidang", "bagian", "seksi", "subbagian", "subbidang", "subbag", "sekretariat",
                         "biro", "upt", "uptd", "unit", "tim", "kelompok", "subdirektorat", "sub"})
_PLACE_WORDS = frozenset({"provinsi", "kabupaten", "kota", "kementerian", "nasional", "republik", "indonesia"})


class Naming:
    """The state of building one document's graph: its triples so far and the IRIs its items got."""

    def __init__(self, minter: Minter, resolver: Resolver, doc: Document, index: Index,
                 replay: dict[str, str] | None) -> None:
        self.m = minter
        self.resolver = resolver
        self.doc = doc
        self.index = index
        self.replay = replay
        self.url = doc.article.url
        self.article = NamedNode(self.url)
        self.graph = self.m.graph(self.url)
        self.triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]] = []
        self.resolution: dict[str, str] = {}
        self.agency_iri: dict[int, NamedNode] = {}
        self.person_iri: dict[int, NamedNode] = {}
        self.event_iri: dict[int, NamedNode] = {}
        self.post_iri: dict[tuple[str, str], NamedNode] = {}
        self.counts: dict[str, int] = {}
        self.place_done: set[str] = set()
        self.agency_keys: dict[int, list[str]] = {}
        # Item → its position, by identity: list.index() compares pydantic models field by field.
        self.slot: dict[int, int] = {id(x): i for items in (doc.agencies, doc.people, doc.places, doc.events,
                                                            doc.statements, doc.delegations)
                                     for i, x in enumerate(items)}

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.append((s, p, o))

    def text(self, s: NamedNode, p: NamedNode, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    def count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def _resolved(self, slot: str, kind: str, keys: list[str], pinned: str | None) -> NamedNode:
        if self.replay is not None and slot in self.replay:
            raw = NamedNode(self.replay[slot])
        else:
            raw = self.resolver.resolve(kind, keys, pinned)
        self.resolution[slot] = raw.value
        return self.resolver.canonical(raw)

    def _agency_keys(self, item: AgencyItem) -> list[str]:
        known = self.agency_keys.get(id(item))
        if known is None:
            known = self.agency_keys[id(item)] = self._keys_of_agency(item)
        return known

    def _keys_of_agency(self, item: AgencyItem) -> list[str]:
        return agency_keys(item, self.index)

    def agency(self, item: AgencyItem) -> NamedNode:
        iri = self.agency_iri.get(id(item))
        if iri is None:
            slot = f"agencies[{self.slot[id(item)]}]"
            iri = self._resolved(slot, "agency", self._agency_keys(item), item.id)
            self.agency_iri[id(item)] = iri
        return iri

    def person(self, item: PersonItem) -> NamedNode:
        iri = self.person_iri.get(id(item))
        if iri is None:
            slot = f"people[{self.slot[id(item)]}]"
            keys = list(dict.fromkeys(person_key(n) for n in (item.name, *item.aliases)))
            iri = self._resolved(slot, "person", keys, item.id)
            self.person_iri[id(item)] = iri
        return iri

    def event(self, item: EventItem) -> NamedNode:
        iri = self.event_iri.get(id(item))
        if iri is None:
            iri = self.event_iri[id(item)] = self.m.event(item.name, item.start)
        return iri

    def post(self, ref: PostRef) -> NamedNode:
        # Keyed by what names the post, not by id(ref): a position's PostRef is a temporary,
        # and a freed object's id can be reused by the next one.
        agency = self.agency(ref.agency) if ref.agency is not None else None
        key = (post_key(ref.title), agency.value if agency is not None else "")
        iri = self.post_iri.get(key)
        if iri is None:
            iri = self.post_iri[key] = self.m.post(key[0], agency)
            self.add(iri, RDF.type, ORG.Post)
            self.text(iri, SKOS.prefLabel, post_label(ref.title, ref.agency.name if ref.agency else None))
            self.text(iri, HG.title, ref.title)
            if agency is not None:
                self.add(iri, ORG.postIn, agency)
            self.count("posts")
        return iri

    def principal(self, ref: str) -> NamedNode:
        found = self.index.lookup_principal(ref)
        if isinstance(found, PersonItem):
            return self.person(found)
        if isinstance(found, PostRef):
            return self.post(found)
        if isinstance(found, AgencyItem):
            return self.agency(found)
        raise LookupError(ref)  # unreachable: the document's index checked every reference

    def place(self, name: str, type_hint: str) -> NamedNode:
        """A named place: one of the document's places, or one the graph knows by that name."""
        item = self.index.lookup_place(name)
        if item is not None:
            return self._place_item(item)
        iri = self.resolver.resolve("place", [fold(name)], None, mint=lambda: self.m.place(name))
        if iri.value not in self.place_done:
            self.place_done.add(iri.value)
            self.add(iri, RDF.type, SCHEMA.Place)
            self.add(iri, RDF.type, SCHEMA.AdministrativeArea if type_hint == "province" else SCHEMA.City)
            self.text(iri, SCHEMA.name, name)
            self.add(iri, HG.nameKey, Literal(fold(name)))
        return iri

    def _place_item(self, item: PlaceItem) -> NamedNode:
        slot = f"places[{self.slot[id(item)]}]"
        keys = list(dict.fromkeys(fold(n) for n in (item.name, *item.aliases)))
        if self.replay is not None and slot in self.replay:
            iri = NamedNode(self.replay[slot])
        else:
            iri = self.resolver.resolve("place", keys, None, mint=lambda: self.m.place(item.name))
        self.resolution[slot] = iri.value
        if iri.value in self.place_done:
            return iri
        self.place_done.add(iri.value)
        self.add(iri, RDF.type, SCHEMA.Place)
        kind = {"province": SCHEMA.AdministrativeArea, "country": SCHEMA.Country,
                "city": SCHEMA.City, "regency": SCHEMA.AdministrativeArea}.get(item.type.value)
        if kind is not None:
            self.add(iri, RDF.type, kind)
        self.add(iri, HG.placeType, concept("place-type", item.type))
        self.text(iri, SCHEMA.name, item.name)
        for alias in item.aliases:
            self.text(iri, SKOS.altLabel, alias)
        for key in keys:
            self.add(iri, HG.nameKey, Literal(key))
        if item.within:
            within = self.index.lookup_place(item.within)
            if within is not None:
                self.add(iri, SCHEMA.containedInPlace, self._place_item(within))
        return iri

    def _city(self, city: str | None, province: str | None) -> NamedNode | None:
        province_iri = self.place(province, "province") if province else None
        if not city:
            return province_iri
        c = self.place(city, "city")
        if province_iri is not None:
            self.add(c, SCHEMA.containedInPlace, province_iri)
        return c

    def _prefetch(self) -> None:
        if self.replay is not None:
            return
        for kind, keys in lookup_keys(self.doc, self.index).items():
            self.resolver.prefetch(kind, keys)


def agency_keys(item: AgencyItem, index: Index) -> list[str]:
    """The name keys an agency is resolved by (a unit's qualified by its parent's name)."""
    keys = [agency_key(n) for n in (item.name, *item.aliases)]
    parent = index.parent_of(item)
    name = fold(item.name)
    words = name.split()
    if parent is not None and words and words[0] in _UNIT_WORDS and not _PLACE_WORDS.intersection(words):
        # "Bidang Humas" means a different unit under each parent: qualify by the parent.
        parent_name = agency_key(parent.name)
        keys = [f"{k} | {parent_name}" for k in keys]
    return list(dict.fromkeys(keys))


def lookup_keys(doc: Document, index: Index) -> dict[str, list[str]]:
    """kind → the name keys a document's people, agencies and event places are looked up by."""
    return {
        "person": [person_key(n) for p in doc.people for n in (p.name, *p.aliases)],
        "agency": [k for a in doc.agencies for k in agency_keys(a, index)],
        "place": [fold(n) for e in doc.events for n in (e.city, e.province) if n],
    }
