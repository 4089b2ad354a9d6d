"""The closed vocabularies of the import format: event types, roles, acts, agency, platform and place types.

One enum per SKOS concept scheme of ``schema/concepts.ttl``; a test fails when the two drift.
"""

from __future__ import annotations

import enum

__all__ = ["Act", "AgencyType", "EventType", "PlaceType", "Platform", "Role"]


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
