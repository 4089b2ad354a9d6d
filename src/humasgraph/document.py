"""The article metadata import format: one document per article, in YAML or JSON.

Defined once here as pydantic models; ``schema/article-metadata.schema.json`` is generated from
them, and the text/HTML extractor writes the same documents. Items refer to each other by
``key`` (local to the document) or by name; ``Document.index()`` resolves those references and
reports every one that resolves to nothing, by field path.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from .accounts import ALIASES
from .accounts import normalise as normalise_account
from .errors import FieldError, ValidationFailed
from .inputs import DEFAULT_MAX_FILE_BYTES, read_input
from .names import agency_key, fold, person_key, post_key, post_label

__all__ = [
    "AccountItem",
    "Act",
    "AgencyItem",
    "AgencyType",
    "ArticleMeta",
    "DelegationItem",
    "Document",
    "EventItem",
    "EventType",
    "Evidence",
    "Index",
    "PersonItem",
    "PlaceItem",
    "PlaceType",
    "Platform",
    "PositionItem",
    "PostItem",
    "Role",
    "SpeakerItem",
    "StatementItem",
    "Unresolved",
    "load_document",
    "parse_document",
    "validation_failed",
]

MAX_TEXT = 20_000
MAX_NAME = 500
MAX_ITEMS = 2_000
# A document is at most a few thousand items of a few dozen values each.
MAX_NODES = 200_000

# Characters XML 1.0 cannot hold: stored, they would break the RDF/XML export (and other XML tools).
_XML_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_fit(value: str) -> str:
    found = _XML_UNFIT.search(value)
    if found is not None:
        raise ValueError(f"holds the control character U+{ord(found.group()):04X} at position {found.start()}, "
                         f"which XML cannot carry; remove it")
    return value


XmlFit = AfterValidator(_xml_fit)
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), XmlFit]
Ref = Annotated[str, Field(min_length=1, max_length=MAX_NAME), XmlFit]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), XmlFit]
Iri = Annotated[str, Field(pattern=r"^https?://[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$", max_length=2_000)]
# An article without a web address (a text file) is named by a URN of its content.
SourceIri = Annotated[str, Field(pattern=r"^(https?://|urn:[a-z0-9][a-z0-9-]*:)[^\s<>\"{}|\\^`\x00-\x1f\x7f]+$",
                                 max_length=2_000)]


class EventType(str, enum.Enum):
    """Kinds of event, the SKOS scheme ``hgc:event-type``."""

    coordination_meeting = "coordination_meeting"
    training = "training"
    socialization = "socialization"
    opening = "opening"
    ceremony = "ceremony"
    visit = "visit"
    press_conference = "press_conference"
    hearing = "hearing"
    meeting = "meeting"
    other = "other"


class Role(str, enum.Enum):
    """What a speaker did at an event, the SKOS scheme ``hgc:role``."""

    keynote = "keynote"
    opening = "opening"
    closing = "closing"
    remarks = "remarks"
    resource_person = "resource_person"
    moderator = "moderator"
    host = "host"
    participant = "participant"
    press_statement = "press_statement"


class Act(str, enum.Enum):
    """What a delegate did on behalf of a principal, the SKOS scheme ``hgc:act``."""

    reading_speech = "reading_speech"
    opening = "opening"
    representing = "representing"
    other = "other"


class AgencyType(str, enum.Enum):
    """Kinds of government body, the SKOS scheme ``hgc:agency-type``."""

    ministry = "ministry"
    directorate_general = "directorate_general"
    directorate = "directorate"
    sub_directorate = "sub_directorate"
    provincial_government = "provincial_government"
    regency_government = "regency_government"
    city_government = "city_government"
    secretariat = "secretariat"
    agency = "agency"
    office = "office"
    bureau = "bureau"
    division = "division"
    section = "section"
    legislature = "legislature"
    police = "police"
    university = "university"
    other = "other"


class Platform(str, enum.Enum):
    """Where an official account is: a social network, or the body's own website."""

    instagram = "instagram"
    x = "x"
    facebook = "facebook"
    youtube = "youtube"
    tiktok = "tiktok"
    threads = "threads"
    website = "website"


class PlaceType(str, enum.Enum):
    """Kinds of place: administrative areas of Indonesia and venues."""

    country = "country"
    province = "province"
    regency = "regency"
    city = "city"
    district = "district"
    village = "village"
    venue = "venue"


class _Item(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


Confidence = Annotated[float, Field(ge=0, le=1, description="How sure the extractor is of the fact, 0 to 1 "
                                                              "(docs/extraction.md says how it is computed).")]


class Evidence(BaseModel):
    """Where in the article's text a fact was read: a W3C Web Annotation TextQuoteSelector
    (``exact`` with its ``prefix`` and ``suffix``) and TextPositionSelector (``start``, ``end``).

    Offsets count characters (Unicode code points) of the text the extractor was given: the
    ``.txt`` file as read, or the text taken from an HTML page. Whitespace is kept as it stands.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    exact: Text = Field(description="The words of the text, exactly.")
    prefix: str = Field("", max_length=200, description="The text just before them.")
    suffix: str = Field("", max_length=200, description="The text just after them.")
    start: int = Field(ge=0, le=100_000_000, description="Offset of the first character.")
    end: int = Field(ge=1, le=100_000_000, description="Offset just past the last character.")

    @model_validator(mode="after")
    def _consistent(self) -> Evidence:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} is not after start {self.start}")
        if self.end - self.start != len(self.exact):
            raise ValueError(f"end - start is {self.end - self.start} but exact has {len(self.exact)} characters")
        return self


class _Extracted(_Item):
    """An item the extractor may have read: it can carry evidence and a confidence, and, while the
    document is in memory, the doubts that lowered the confidence (written as a YAML comment for
    the reviewer; never part of the format)."""

    _doubts: list[str] = PrivateAttr(default_factory=list)


class ArticleMeta(_Item):
    """The article the facts come from."""

    url: SourceIri = Field(description="The article's address (or a urn: for a text without one); "
                                       "it names the article's graph.")
    title: Name = Field(description="The headline.")
    publisher: Name | None = Field(None, description="Who published it (a PR office, a newsroom).")
    published: dt.date | None = Field(None, description="Date of publication.")
    language: str = Field("id", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 language tag.")


class AccountItem(_Item):
    """An official account (Instagram, X, Facebook, YouTube, TikTok, Threads) or website.

    Give the handle or the profile URL (or both, naming the same account); the other is derived.
    Handles lose their ``@`` and are lower-cased, URLs take the platform's canonical form
    (``humasgraph.accounts``); ``twitter`` is read as ``x``.
    """

    platform: Platform
    handle: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    url: Annotated[str, Field(min_length=4, max_length=2_000)] | None = None

    @field_validator("platform", mode="before")
    @classmethod
    def _alias(cls, value: Any) -> Any:
        return ALIASES.get(value.strip().lower(), value.strip().lower()) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _normal(self) -> AccountItem:
        account = normalise_account(self.platform.value, self.handle, self.url)
        self.handle, self.url = account.handle, account.url
        return self


class AgencyItem(_Item):
    """A government body or other organisation named in the article."""

    key: Ref | None = None
    id: Iri | None = Field(None, description="Pins this agency to an existing IRI.")
    name: Name = Field(description="Full name, abbreviations expanded where known.")
    aliases: list[Name] = Field(default_factory=list, max_length=50,
                                description="Abbreviations and other surface forms.")
    parent: Ref | None = Field(None, description="The agency it is part of (key or name).")
    type: AgencyType | None = None
    accounts: list[AccountItem] = Field(default_factory=list, max_length=20,
                                        description="Its official social-media accounts and website.")


class PositionItem(_Item):
    """A post a person holds in an agency, with the dates known for the tenure."""

    title: Name
    agency: Ref | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    acting: Literal["penjabat", "pelaksana_tugas", "pelaksana_harian"] | None = Field(
        None, description="Held ad interim (Pj., Plt., Plh.).")

    @model_validator(mode="after")
    def _ordered(self) -> PositionItem:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class PersonItem(_Extracted):
    """An official or another named person."""

    key: Ref | None = None
    id: Iri | None = Field(None, description="Pins this person to an existing IRI.")
    name: Name = Field(description="The name without degrees and titles.")
    honorific_prefix: Name | None = Field(None, description="Titles before the name (Drs., H., Dr.).")
    honorific_suffix: Name | None = Field(None, description="Degrees after the name (M.Si, S.Sos.).")
    aliases: list[Name] = Field(default_factory=list, max_length=50,
                                description="Every other surface form, misspellings included.")
    positions: list[PositionItem] = Field(default_factory=list, max_length=50)
    accounts: list[AccountItem] = Field(default_factory=list, max_length=20,
                                        description="Their official social-media accounts and website.")
    mentions: list[Evidence] = Field(default_factory=list, max_length=50,
                                     description="Where the article names the person (extracted documents).")
    confidence: Confidence | None = None


class PlaceItem(_Item):
    """A place: a province, regency, city or venue, within a larger one."""

    key: Ref | None = None
    name: Name
    type: PlaceType = PlaceType.city
    aliases: list[Name] = Field(default_factory=list, max_length=50)
    within: Ref | None = Field(None, description="The place it lies in (key or name).")


class PostItem(_Item):
    """A post named without (or apart from) its holder: "Sekretaris Daerah Provinsi Jawa Tengah"."""

    key: Ref | None = None
    title: Name
    agency: Ref | None = None


class SpeakerItem(_Item):
    """A person who spoke at an event, with what they did there and for whom."""

    person: Ref
    roles: list[Role] = Field(default_factory=list, max_length=10)
    on_behalf_of: Ref | None = None


class EventItem(_Extracted):
    """Something that happened at a time and place: a meeting, a training, an opening."""

    key: Ref | None = None
    name: Name
    type: EventType = EventType.other
    start: dt.date | None = None
    end: dt.date | None = None
    venue: Name | None = None
    city: Name | None = None
    province: Name | None = None
    organizer: Ref | None = Field(None, description="The agency or person that held it.")
    participant_count: int | None = Field(None, ge=0, le=10_000_000)
    participants: list[Ref] = Field(default_factory=list, max_length=200,
                                    description="Agencies whose people took part.")
    speakers: list[SpeakerItem] = Field(default_factory=list, max_length=200,
                                        description="Who spoke, in which roles, for whom.")
    evidence: Evidence | None = Field(None, description="The sentence that reports it (extracted documents).")
    confidence: Confidence | None = None

    @model_validator(mode="after")
    def _ordered(self) -> EventItem:
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        if self.end and not self.start:
            raise ValueError("end given without start")
        return self


class StatementItem(_Extracted):
    """Something a person said, directly quoted or reported."""

    speaker: Ref = Field(description="The person who delivered it.")
    event: Ref | None = None
    on_behalf_of: Ref | None = Field(
        None, description="The principal (person, post or agency) the words are attributed to.")
    role: Role | None = None
    text: Text
    direct: StrictBool = Field(True, description="A direct quotation (true) or a paraphrase (false).")
    date: dt.date | None = None
    evidence: Evidence | None = Field(None, description="The words said, or the sentence that reports them "
                                                        "(extracted documents).")
    confidence: Confidence | None = None


class DelegationItem(_Extracted):
    """A person acting for another person, a post or an agency at an event."""

    delegate: Ref
    principal: Ref
    event: Ref | None = None
    act: Act = Act.representing
    evidence: Evidence | None = Field(None, description="The sentence that states it (extracted documents).")
    confidence: Confidence | None = None


class Document(_Item):
    """The metadata of one article: everything it states, ready for review and import."""

    article: ArticleMeta
    agencies: list[AgencyItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    people: list[PersonItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    posts: list[PostItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    places: list[PlaceItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    events: list[EventItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    statements: list[StatementItem] = Field(default_factory=list, max_length=MAX_ITEMS)
    delegations: list[DelegationItem] = Field(default_factory=list, max_length=MAX_ITEMS)

    def index(self, source: str | None = None) -> Index:
        """Resolve every reference; raise ``ValidationFailed`` listing those that resolve to nothing."""
        return Index.build(self, source)


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


# --- reading documents -------------------------------------------------------------------------


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _path(loc: tuple[Any, ...]) -> str:
    """A field path: ``people[0].name``; a key that is no identifier (an unknown field) is quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _IDENTIFIER.match(str(part)):
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Field path → 1-based line, from the YAML node tree (JSON reads as YAML for this)."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        # Valid JSON can nest deeper than the YAML composer recurses: report without lines.
        return lines

    def walk(node: yaml.Node, loc: tuple[Any, ...], depth: int) -> None:
        if depth > 20:
            return
        lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[(*loc, key)] = key_node.start_mark.line + 1
                walk(value_node, (*loc, key), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i), depth + 1)

    if root is not None:
        walk(root, (), 0)
    return lines


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _field_path_loc(path: str) -> tuple[Any, ...]:
    loc: list[Any] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part:
            loc.append(int(part) if part.isdigit() else part)
    return tuple(loc)


def _validation_message(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "too_long" and isinstance(value, list):
        limit = err.get("ctx", {}).get("max_length")
        return f"{len(value):,} items, more than the {limit:,} allowed in this list (a limit of the import format)"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind.startswith(("date_", "enum", "literal")) or "type" in kind or kind.endswith("_parsing"):
        return f"{msg} (got {shown})"
    return msg


def validation_failed(exc: ValidationError, source: str | None,
                      lines: dict[tuple[Any, ...], int] | None = None) -> ValidationFailed:
    """pydantic's errors as ``ValidationFailed``: one line per error, naming the field path (and line)."""
    lines = lines or {}
    return ValidationFailed(source, [FieldError(_path(e["loc"]), _validation_message(e),
                                                _line_for(lines, tuple(e["loc"]))) for e in exc.errors()])


_YAML_SUFFIXES = (".yaml", ".yml")
_JSON_SUFFIXES = (".json",)


Complete = Callable[["Document", str], "Document"]


def parse_document(text: str, source: str, fmt: str | None = None,
                   complete: Complete | None = None) -> tuple[Document, Index]:
    """Parse and validate a document's text; raise ``ValidationFailed`` naming source, line and field.

    ``complete`` (the importer's) may add items for references that only the store answers.
    """
    fmt = fmt or ("json" if source.endswith(_JSON_SUFFIXES) else "yaml")
    if fmt not in ("json", "yaml"):
        raise ValueError(f"fmt={fmt!r}: expected json or yaml")
    if not text.strip():
        raise ValidationFailed(source, [FieldError("", "the file is empty")])
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            data = _load_yaml(text, source)
    except _DuplicateKey as exc:
        raise ValidationFailed(source, [_json_duplicate(text, exc.key)]) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(source, [FieldError("", f"not valid JSON: {exc.msg}", exc.lineno)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        raise ValidationFailed(source, [FieldError("", f"not valid YAML: {problem}", line)]) from None
    except RecursionError:
        raise ValidationFailed(source, [FieldError("", "nested too deeply")]) from None
    if not isinstance(data, dict):
        raise ValidationFailed(source, [FieldError("", f"expected a mapping with 'article' at the top, "
                                                       f"got {'nothing' if data is None else type(data).__name__}")])
    lines = _line_map(text) if len(text) < 2_000_000 else {}
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, source, lines) from None
    except RecursionError:
        raise ValidationFailed(source, [FieldError("", "nested too deeply")]) from None
    try:
        if complete is not None:
            doc = complete(doc, source)
        index = doc.index(source)
    except ValidationFailed as exc:
        errors = [FieldError(e.path, e.message, _line_for(lines, _field_path_loc(e.path))) for e in exc.errors]
        raise ValidationFailed(source, errors) from None
    return doc, index


class _DateSafeLoader(yaml.SafeLoader):
    """A SafeLoader that leaves dates as text, so pydantic reports impossible ones by field."""


_DateSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str, source: str) -> Any:
    """YAML text → data, refusing aliases that expand a few lines into millions of values."""
    loader = _DateSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        written = _written_size(node, set())
        if written > MAX_NODES:
            raise ValidationFailed(source, [FieldError("", f"{written:,} values, more than the {MAX_NODES:,} "
                                                           f"a document may hold")])
        size = _expanded_size(node, {})
        if size > MAX_NODES:
            raise ValidationFailed(source, [FieldError("", f"YAML anchors and aliases expand to more than "
                                                           f"{MAX_NODES:,} values")])
        duplicates = _duplicate_keys(node, (), set())
        if duplicates:
            raise ValidationFailed(source, duplicates)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _written_size(node: yaml.Node, seen: set[int]) -> int:
    """How many values the text itself spells out (each node once, aliases not expanded)."""
    if id(node) in seen:
        return 0
    seen.add(id(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_written_size(item, seen) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_written_size(k, seen) + _written_size(v, seen) for k, v in node.value)
    return size


def _duplicate_keys(node: yaml.Node, loc: tuple[Any, ...], seen: set[int]) -> list[FieldError]:
    """Every key a mapping repeats: YAML would keep only the last value, silently losing the others."""
    if id(node) in seen:
        return []
    seen.add(id(node))
    errors: list[FieldError] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                key, line = key_node.value, key_node.start_mark.line + 1
                if key in first:
                    errors.append(FieldError(_path((*loc, key)), f"duplicate key {key!r} (first given on line "
                                                                 f"{first[key]}); a key may appear once", line))
                else:
                    first[key] = line
                errors.extend(_duplicate_keys(value_node, (*loc, key), seen))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            errors.extend(_duplicate_keys(item, (*loc, i), seen))
    return errors


class _DuplicateKey(Exception):  # noqa: N818 - internal signal, never leaves this module
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s object hook: a key given twice is an error, not a silent overwrite."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _json_duplicate(text: str, key: str) -> FieldError:
    """The error for a key a JSON object repeats, with its field path and line when YAML can read the text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        root = None
    if root is not None:
        found = _duplicate_keys(root, (), set())
        if found:
            return found[0]
    return FieldError("", f"duplicate key {key!r}; a key may appear once")


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` becomes once every alias is expanded (shared nodes counted once each time)."""
    if id(node) in sizes:
        return sizes[id(node)]
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = size
    return size


def load_document(path: str | os.PathLike[str], complete: Complete | None = None,
                  max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[Document, Index]:
    """Read and validate a YAML or JSON document file (``inputs.read_input`` refuses what is no file)."""
    raw = read_input(Path(path), max_bytes)
    return parse_document(raw.text, raw.source, "json" if raw.suffix in _JSON_SUFFIXES else "yaml", complete)


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema of the import format, as committed in ``schema/``."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://w3id.org/humasgraph/article-metadata.schema.json"
    schema["title"] = "humasgraph article metadata"
    return schema
