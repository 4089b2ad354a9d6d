"""The enumerations of the GraphQL schema, each mirroring a SKOS scheme of the import format.

The GraphQL names are the upper-case forms of ``humasgraph.model.document``'s values; a test checks
that both list the same members.
"""

from __future__ import annotations

import enum
from typing import TypeVar

import strawberry

__all__ = [
    "Act",
    "Acting",
    "CentralityKind",
    "CentralityMetric",
    "EventType",
    "OrderDirection",
    "Platform",
    "Role",
    "SearchKind",
    "TenureStatus",
    "from_value",
]


@strawberry.enum(description="Kinds of event (the SKOS scheme hgc:event-type).")
class EventType(enum.Enum):
    COORDINATION_MEETING = "coordination_meeting"
    TRAINING = "training"
    SOCIALIZATION = "socialization"
    OPENING = "opening"
    CEREMONY = "ceremony"
    VISIT = "visit"
    PRESS_CONFERENCE = "press_conference"
    HEARING = "hearing"
    MEETING = "meeting"
    OTHER = "other"


@strawberry.enum(description="What a speaker did at an event (the SKOS scheme hgc:role).")
class Role(enum.Enum):
    KEYNOTE = "keynote"
    OPENING = "opening"
    CLOSING = "closing"
    REMARKS = "remarks"
    RESOURCE_PERSON = "resource_person"
    MODERATOR = "moderator"
    HOST = "host"
    PARTICIPANT = "participant"
    PRESS_STATEMENT = "press_statement"


@strawberry.enum(description="What a delegate did on behalf of a principal (the SKOS scheme hgc:act).")
class Act(enum.Enum):
    READING_SPEECH = "reading_speech"
    OPENING = "opening"
    REPRESENTING = "representing"
    OTHER = "other"


@strawberry.enum(description="How a post is held ad interim (the SKOS scheme hgc:acting).")
class Acting(enum.Enum):
    PENJABAT = "penjabat"
    PELAKSANA_TUGAS = "pelaksana_tugas"
    PELAKSANA_HARIAN = "pelaksana_harian"


@strawberry.enum(description="Where an official account is (the import format's platforms).")
class Platform(enum.Enum):
    INSTAGRAM = "instagram"
    X = "x"
    FACEBOOK = "facebook"
    YOUTUBE = "youtube"
    TIKTOK = "tiktok"
    THREADS = "threads"
    WEBSITE = "website"


@strawberry.enum(description="What is known of a tenure's dates.")
class TenureStatus(enum.Enum):
    OPEN = "open"
    ENDED = "ended"
    ATTESTED = "attested"


@strawberry.enum(description="The kinds of entity that search finds.")
class SearchKind(enum.Enum):
    PERSON = "person"
    AGENCY = "agency"
    POST = "post"
    EVENT = "event"


@strawberry.enum(description="How centrality is measured over the (undirected) network.")
class CentralityMetric(enum.Enum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    PAGERANK = "pagerank"


@strawberry.enum(description="The kinds of node centrality ranks.")
class CentralityKind(enum.Enum):
    PERSON = "person"
    AGENCY = "agency"
    POST = "post"
    EVENT = "event"
    ANY = "any"


@strawberry.enum(description="Sort direction; ties are always broken by IRI, ascending.")
class OrderDirection(enum.Enum):
    ASC = "asc"
    DESC = "desc"



EnumT = TypeVar("EnumT", bound=enum.Enum)


def from_value(cls: type[EnumT], value: str | None) -> EnumT | None:
    """The member whose value is ``value`` (None for a value the schema does not know)."""
    try:
        return cls(value) if value is not None else None
    except ValueError:
        return None
