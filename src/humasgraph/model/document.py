"""The article metadata import format: one document per article, in YAML or JSON.

Defined once here as pydantic models; ``schema/article-metadata.schema.json`` is generated from
them, and the text/HTML extractor writes the same documents. Items refer to each other by
``key`` (local to the document) or by name; ``Document.index()`` resolves those references and
reports every one that resolves to nothing, by field path.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    field_validator,
    model_validator,
)

from .accounts import ALIASES
from .accounts import normalise as normalise_account

if TYPE_CHECKING:
    from .index import Index

from .enums import Act, AgencyType, EventType, PlaceType, Platform, Role

__all__ = [
    "AccountItem",
    "AgencyItem",
    "ArticleMeta",
    "DelegationItem",
    "Document",
    "EventItem",
    "Evidence",
    "PersonItem",
    "PlaceItem",
    "PositionItem",
    "PostItem",
    "SpeakerItem",
    "StatementItem",
    "document_json_schema",
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
    (``humasgraph.model.accounts``); ``twitter`` is read as ``x``.
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
        from .index import Index  # noqa: PLC0415 - index.py reads these models: the one way round

        return Index.build(self, source)


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema of the import format, as committed in ``schema/``."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://w3id.org/humasgraph/article-metadata.schema.json"
    schema["title"] = "humasgraph article metadata"
    return schema
