"""What a compiled selection reads: per level (``PREFETCH``), and all at once before it runs (``needs_of``).

``PREFETCH`` reads, for the objects of one level, what their fields will ask of the ``Batch`` in
one batch per kind. ``READS`` and ``TO`` say the same as paths from the selection's roots, so that
``needs_of`` can list everything a whole selection will read for one prefetch query
(``Services.prefetch``); what the paths miss is read level by level, then one by one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from ..model.vocab import DCTERMS, HG, ORG, SCHEMA, SKOS
from ..services import Appearance, Need
from .batch import Batch
from .shaper import ROOT_LISTS

__all__ = ["MAX_NEEDS", "PREDICATES", "PREFETCH", "READS", "TO", "narrowing", "needs_of"]


# ---- what each level reads in one batch per kind, before its fields are answered ----------------

Prefetch = Callable[[Batch, Sequence[Any], frozenset[str]], None]
_EVENT_RECORD = frozenset({"name", "type", "start", "end", "participantCount", "venue", "city", "province",
                           "organizer"})


def _pre_event(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names & _EVENT_RECORD:
        b.want_records("event", iris)
    records = [b.records["event"].get(i) for i in iris] if names & _EVENT_RECORD else []
    if names & {"venue", "city", "province"}:
        b.want_records("place", [r.location for r in records if r])
    if "organizer" in names:
        b.want_kinds([r.organizer for r in records if r])
    if "speakers" in names:
        b.want_appearances(iris)
    for name, link in (("statements", "event.statements"), ("participatingAgencies", "event.participants"),
                       ("delegations", "event.delegations"), ("sources", "entity.sources")):
        if name in names:
            b.want_links(link, iris)


def _pre_speaker(b: Batch, speakers: Sequence[tuple[str, Appearance]], names: frozenset[str]) -> None:
    events = [s[0] for s in speakers]
    if names & {"position", "onBehalfOf"}:
        b.want_records("event", events)
    if "position" in names:
        b.want_tenures("person", [s[1].person for s in speakers])
    if "onBehalfOf" in names:
        b.want_kinds([s[1].principal for s in speakers])
    if "statements" in names:
        b.want_links("event.statements", events)
        b.want_records("statement", [i for e in events for i in b.links["event.statements"][e]])


def _pre_records(kind: str, fields: frozenset[str]) -> Prefetch:
    def prefetch(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
        if names & fields:
            b.want_records(kind, iris)
    return prefetch


def _pre_post(b: Batch, posts: Sequence[tuple[str, dt.date | None]], names: frozenset[str]) -> None:
    iris = [p[0] for p in posts]
    if names & {"title", "label", "agency"}:
        b.want_records("post", iris)
    if "holder" in names:
        b.want_tenures("post", iris)


def _pre_statement(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("statement", iris)
    records = [b.records["statement"].get(i) for i in iris] if names - {"id", "__typename"} else []
    if "author" in names:
        b.want_kinds([r.author for r in records if r])
    if "onBehalfOf" in names:
        b.want_kinds([r.on_behalf_of for r in records if r])


def _pre_article(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("article", iris)
    if "publisher" in names:
        b.want_records("agency", [r.publisher for i in iris for r in [b.records["article"].get(i)] if r])


def _pre_delegation(b: Batch, iris: Sequence[str], names: frozenset[str]) -> None:
    if names - {"id", "__typename"}:
        b.want_records("delegation", iris)
    if "principal" in names:
        records = [r for i in iris for r in [b.records["delegation"].get(i)] if r]
        b.want_records("event", [r.event for r in records])
        b.want_kinds([r.principal for r in records])


PREFETCH: dict[str, Prefetch] = {
    "Event": _pre_event,
    "Speaker": _pre_speaker,  # type: ignore[dict-item]
    "Person": _pre_records("person", frozenset({"name", "honorificPrefix", "honorificSuffix", "aliases"})),
    "Agency": _pre_records("agency", frozenset({"name", "abbreviations", "type", "parent"})),
    "Place": _pre_records("place", frozenset({"name", "type", "containedIn"})),
    "Post": _pre_post,  # type: ignore[dict-item]
    "Statement": _pre_statement,
    "Article": _pre_article,
    "Delegation": _pre_delegation,
}


# ---- what a whole selection reads, known before it runs: one prefetch query (``Services.prefetch``) ----
#
# READS: (type, field) → what the object's field reads: (fetch, steps from the object). TO: (type, field)
# → the steps from the object to the objects the field points to. A speaker is read from its event,
# a tenure from its person. A field absent from TO is read level by level (its objects are not reached).

_R = {kind: ("records:" + kind, ()) for kind in ("event", "person", "agency", "post", "place", "statement",
                                                 "article", "delegation")}
Read = tuple[str, tuple[str, ...]]


def _records(typ: str, kind: str, *fields: str) -> dict[tuple[str, str], tuple[Read, ...]]:
    return {(typ, f): (_R[kind],) for f in fields}


READS: dict[tuple[str, str], tuple[Read, ...]] = {
    **_records("Event", "event", "name", "type", "start", "end", "participantCount"),
    **{("Event", f): (_R["event"], ("records:place", ("location", "within*"))) for f in ("venue", "city", "province")},
    ("Event", "organizer"): (_R["event"], ("kinds", ("organizer",))),
    ("Event", "speakers"): (("appearances", ()),),
    ("Event", "statements"): (("link:event.statements", ()),),
    ("Event", "participatingAgencies"): (("link:event.participants", ()),),
    ("Event", "delegations"): (("link:event.delegations", ()),),
    ("Event", "sources"): (("link:entity.sources", ()),),
    ("Speaker", "position"): (_R["event"], ("tenures:person", ("performer",))),
    ("Speaker", "onBehalfOf"): (_R["event"], ("kinds", ("principal",))),
    ("Speaker", "statements"): (("link:event.statements", ()), ("records:statement", ("statement",))),
    **_records("Person", "person", "name", "honorificPrefix", "honorificSuffix", "aliases"),
    **_records("Agency", "agency", "name", "abbreviations", "type", "parent"),
    **_records("Post", "post", "title", "label", "agency"),
    ("Post", "holder"): (("tenures:post", ()),),
    **_records("Place", "place", "name", "type", "containedIn"),
    **_records("Statement", "statement", "text", "direct", "speaker", "event", "date", "role", "source"),
    ("Statement", "author"): (_R["statement"], ("kinds", ("author",))),
    ("Statement", "onBehalfOf"): (_R["statement"], ("kinds", ("onBehalfOf",))),
    **_records("Article", "article", "url", "title", "published", "language"),
    ("Article", "publisher"): (_R["article"], ("records:agency", ("publisher",))),
    **_records("Delegation", "delegation", "delegate", "event", "acts", "source"),
    ("Delegation", "principal"): (_R["delegation"], ("records:event", ("activity",)), ("kinds", ("agent",))),
}

TO: dict[tuple[str, str], tuple[str, ...]] = {
    **{("Event", f): ("location", "within*") for f in ("venue", "city", "province")},
    ("Event", "organizer"): ("organizer", "canon"),
    ("Event", "speakers"): (),
    ("Event", "statements"): ("statement",),
    ("Event", "participatingAgencies"): ("attendee",),
    ("Event", "delegations"): ("delegation",),
    ("Event", "sources"): ("mentionedBy",),
    ("Speaker", "event"): (),
    ("Speaker", "person"): ("performer",),
    ("Speaker", "position"): ("performer",),
    ("Speaker", "onBehalfOf"): ("principal", "canon"),
    ("Speaker", "statements"): ("statement",),
    ("Agency", "parent"): ("parent",),
    ("Post", "agency"): ("postIn",),
    ("Post", "holder"): ("holder",),
    ("Place", "containedIn"): ("within",),
    ("Tenure", "person"): (),
    ("Tenure", "post"): ("heldPost",),
    ("Tenure", "agency"): ("heldPost", "postIn"),
    ("Statement", "speaker"): ("speaker",),
    ("Statement", "author"): ("author", "canon"),
    ("Statement", "onBehalfOf"): ("onBehalfOf", "canon"),
    ("Statement", "event"): ("atEvent",),
    ("Statement", "source"): ("source",),
    ("Delegation", "delegate"): ("delegate",),
    ("Delegation", "principal"): ("agent", "canon"),
    ("Delegation", "event"): ("activity",),
    ("Delegation", "source"): ("source",),
    **{(f"{t}Connection", f): () for _, t in ROOT_LISTS.values() for f in ("nodes", "edges")},
    **{(f"{t}Edge", "node"): () for _, t in ROOT_LISTS.values()},
}

# A prefetch query of more branches than this reads the rest level by level (a deep selection).
MAX_NEEDS = 48


class Selection(Protocol):
    """What ``needs_of`` sees of a compiled object plan."""

    type: str

    @property
    def subselections(self) -> Iterable[tuple[str, Iterable[Selection]]]: ...


def needs_of(plan: Selection, path: tuple[str, ...] = ()) -> list[Need]:
    """Every read ``plan`` will make, with its path from the plan's objects (the prefetch's roots)."""
    out: dict[Need, None] = {}
    _needs(plan, path, out)
    return list(out)[:MAX_NEEDS]


def _needs(plan: Selection, path: tuple[str, ...], out: dict[Need, None]) -> None:
    if len(out) > MAX_NEEDS:
        return
    for name, children in plan.subselections:
        for fetch, steps in READS.get((plan.type, name), ()):
            out[Need(fetch, path + steps)] = None
        to = TO.get((plan.type, name))
        if to is not None:
            for child in children:
                _needs(child, path + to, out)


# ---- which of a record's predicates a field uses: the prefetch reads only those ----------------------------
#
# PREDICATES: (type, field) → kind → the predicates of that kind's record the field's answer depends on. A kind
# is read in part only where its record's absence and a record built from none of its predicates answer alike
# for the field (a person without a record is named by its IRI, and so is one with no schema:name): so a record
# built from the predicates read (or none, when the entity has none of them) answers as the whole one. A place
# is always read whole: one with no record has no ``type``, one with any property is a venue; so is a
# delegation (a record's principal "" is not a missing one), and an agency asked for an article's publisher
# (no record: null; a record without a name: its IRI). A field reading a kind it does not name here reads that
# kind whole, for the whole operation.

def _uses(kind: str, *predicates: Any) -> dict[str, tuple[str, ...]]:
    return {kind: tuple(p.value for p in predicates)}


# Predicates by IRI.
PREDICATES: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("Event", "name"): _uses("event", SCHEMA.name),
    ("Event", "type"): _uses("event", HG.eventType),
    ("Event", "start"): _uses("event", SCHEMA.startDate),
    ("Event", "end"): _uses("event", SCHEMA.endDate),
    ("Event", "participantCount"): _uses("event", HG.participantCount),
    **{("Event", f): _uses("event", SCHEMA.location) for f in ("venue", "city", "province")},
    ("Event", "organizer"): _uses("event", SCHEMA.organizer),
    ("Speaker", "position"): _uses("event", SCHEMA.startDate),
    ("Speaker", "onBehalfOf"): _uses("event", SCHEMA.startDate),
    ("Speaker", "statements"): _uses("statement", HG.speaker),
    ("Person", "name"): _uses("person", SCHEMA.name),
    ("Person", "honorificPrefix"): _uses("person", SCHEMA.honorificPrefix),
    ("Person", "honorificSuffix"): _uses("person", SCHEMA.honorificSuffix),
    ("Person", "aliases"): _uses("person", SKOS.altLabel),
    ("Agency", "name"): _uses("agency", SCHEMA.name, SKOS.prefLabel),
    ("Agency", "abbreviations"): _uses("agency", SKOS.altLabel),
    ("Agency", "type"): _uses("agency", HG.agencyType),
    ("Agency", "parent"): _uses("agency", ORG.subOrganizationOf),
    ("Post", "title"): _uses("post", HG.title, SKOS.prefLabel),
    ("Post", "label"): _uses("post", HG.title, SKOS.prefLabel),
    ("Post", "agency"): _uses("post", ORG.postIn),
    ("Statement", "text"): _uses("statement", SCHEMA.text),
    ("Statement", "direct"): _uses("statement", HG.direct),
    ("Statement", "speaker"): _uses("statement", HG.speaker),
    ("Statement", "author"): _uses("statement", SCHEMA.author, SCHEMA.dateCreated),
    ("Statement", "onBehalfOf"): _uses("statement", HG.onBehalfOf, SCHEMA.dateCreated),
    ("Statement", "event"): _uses("statement", HG.atEvent),
    ("Statement", "date"): _uses("statement", SCHEMA.dateCreated),
    ("Statement", "role"): _uses("statement", HG.role),
    ("Statement", "source"): _uses("statement", DCTERMS.source),
    ("Article", "url"): _uses("article", SCHEMA.url),
    ("Article", "title"): _uses("article", SCHEMA.headline),
    ("Article", "published"): _uses("article", SCHEMA.datePublished),
    ("Article", "language"): _uses("article", SCHEMA.inLanguage),
    ("Article", "publisher"): _uses("article", SCHEMA.publisher),
    ("Delegation", "principal"): _uses("event", SCHEMA.startDate),
}


def narrowing(plan: Selection) -> dict[str, frozenset[str]]:
    """Kind → the only predicates of its records the whole operation ``plan`` uses (a kind absent: all of them).

    One answer for the whole operation, not per prefetch: a request's records are kept by kind and IRI
    (``Batch``), so a record one root field's prefetch read must serve every field of the operation."""
    used: dict[str, set[str]] = {}
    whole: set[str] = set()
    _narrowing(plan, used, whole, set())
    return {kind: frozenset(found) for kind, found in used.items() if kind not in whole}


def _narrowing(plan: Selection, used: dict[str, set[str]], whole: set[str], seen: set[int]) -> None:
    if id(plan) in seen:
        return
    seen.add(id(plan))
    for name, children in plan.subselections:
        uses = PREDICATES.get((plan.type, name), {})
        for fetch, _ in READS.get((plan.type, name), ()):
            what, _, kind = fetch.partition(":")
            if what != "records":
                continue
            if kind in uses:
                used.setdefault(kind, set()).update(uses[kind])
            else:
                whole.add(kind)
        for child in children:
            _narrowing(child, used, whole, seen)
