"""Popolo JSON: persons, organizations, posts, memberships, events and speeches.

Popolo has no way to say that a speech was delivered on behalf of someone else, so each speech
carries two fields of ours (``docs/exports.md``): ``on_behalf_of_id``, the id of the principal
(a person, a post or an organization of the same export), and ``attribution_text``, the
attribution in words. A tenure held ad interim says so in its membership's ``role`` and
``label`` ("Pelaksana Tugas Kepala Dinas"). Popolo requires an event's start date: an undated
event is left out, and the speeches given at it carry no ``event_id``. Official accounts are a
person's or an organization's ``contact_details`` (type: the platform, value: the handle) and
``links`` (the profile page, noted with the platform).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from ..model.names import acting_title
from ..queries.entities import AccountRecord
from ..queries.projection import Facts, Statement

__all__ = ["popolo", "write_popolo"]


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """Drop the fields with no value (Popolo treats an absent field as unknown)."""
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _attribution(f: Facts, s: Statement) -> str:
    speaker = f.label(s.speaker)
    if not s.on_behalf_of:
        return speaker
    return f"{speaker}, on behalf of {f.label(s.on_behalf_of)}"


def _contacts(accounts: list[AccountRecord]) -> dict[str, list[dict[str, str]]]:
    """An owner's accounts as Popolo ``contact_details`` (platform, handle) and ``links`` (profile pages)."""
    return {"contact_details": [{"type": a.platform, "value": a.handle} for a in accounts],
            "links": [{"url": a.url, "note": a.platform} for a in accounts]}


def popolo(f: Facts, accounts: Mapping[str, list[AccountRecord]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The Popolo collections of ``facts`` (with the ``accounts`` of people and agencies), each sorted by id."""
    orgs = f.agencies
    accounts = accounts or {}
    persons = [_clean({
        "id": p.iri, "name": p.name, "honorific_prefix": p.prefix, "honorific_suffix": p.suffix,
        "other_names": [{"name": a} for a in p.aliases if a != p.name], **_contacts(accounts.get(p.iri, [])),
    }) for p in f.people.values()]
    organizations = [_clean({
        "id": a.iri, "name": a.name, "classification": (a.type or "").replace("_", " "),
        "parent_id": a.parent if a.parent in orgs else None,
        "other_names": [{"name": x} for x in a.aliases if x != a.name], **_contacts(accounts.get(a.iri, [])),
    }) for a in orgs.values()]
    posts = [_clean({
        "id": p.iri, "label": p.label, "role": p.title,
        "organization_id": p.agency if p.agency in orgs else None,
    }) for p in f.posts.values()]
    memberships = []
    for t in f.tenures.values():
        post = f.posts.get(t.post)
        agency = t.agency or (post.agency if post else None)
        memberships.append(_clean({
            "id": t.iri, "person_id": t.person, "post_id": t.post if post else None,
            "organization_id": agency if agency in orgs else None,
            "role": acting_title(post.title, t.acting) if post else None,
            "label": acting_title(post.label, t.acting) if post else None,
            "start_date": t.start.isoformat() if t.start else None,
            "end_date": t.end.isoformat() if t.end else None,
        }))
    events = [_clean({
        "id": e.iri, "name": e.name, "classification": (e.type or "").replace("_", " "),
        "start_date": e.start.isoformat(), "end_date": e.end.isoformat() if e.end else None,
        "location": e.location, "organization_id": e.organizer if e.organizer in orgs else None,
    }) for e in f.events.values() if e.start is not None]
    dated = {e["id"] for e in events}
    principals = set(f.people) | set(f.posts) | set(orgs)
    speeches = [_clean({
        "id": s.iri, "creator_id": s.speaker, "text": s.text, "type": "speech" if s.direct else "paraphrase",
        "role": (s.role or "").replace("_", " "), "date": s.date.isoformat() if s.date else None,
        "event_id": s.event if s.event in dated else None, "position": s.position or None,
        "sources": [{"url": s.source}],
        "on_behalf_of_id": s.on_behalf_of if s.on_behalf_of in principals else None,
        "attribution_text": _attribution(f, s),
    }) for s in f.statements.values() if s.speaker in f.people]
    out = {"persons": persons, "organizations": organizations, "posts": posts,
           "memberships": memberships, "events": events, "speeches": speeches}
    for items in out.values():
        items.sort(key=lambda item: item["id"])
    return out


def write_popolo(f: Facts, out: IO[bytes], accounts: Mapping[str, list[AccountRecord]] | None = None) -> None:
    """Write the Popolo JSON of ``facts`` to ``out``."""
    text = json.dumps(popolo(f, accounts), ensure_ascii=False, indent=1, sort_keys=True)
    out.write(text.encode("utf-8") + b"\n")
