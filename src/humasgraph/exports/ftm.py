"""FollowTheMoney entities as JSON lines, for OpenSanctions, Aleph and the ``ftm`` tools.

One entity per line, ``{"id", "schema", "properties"}`` with every value a list of strings, as
``followthemoney``'s ``EntityProxy.to_dict`` writes them (the tests load every line with that
library and check it against its model). People are ``Person``; government bodies
``PublicBody`` and other agencies (a university, "other") ``Organization``; posts
``Position``; tenures ``Occupancy`` (holder, post, dates); events ``Event``; a delegate
speaking for a person or an agency (or for a post whose holder on the day is known)
``Representation``. Statements have no FollowTheMoney schema: they are in the CSV and Popolo
exports. Each entity carries the articles that state it as ``sourceUrl``, and the IRI it was
made from as its id's readable part and, where the schema has it, as ``recordId``.

Ids: FollowTheMoney allows ``[0-9a-zA-Z.-]``, at most 200 characters; ours are ``hg-``, the
last segment of the IRI made safe (at most 60 characters), and 16 hex digits of the IRI's
SHA-1: stable across exports, and distinct for distinct IRIs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from ..model.names import acting_title
from ..queries.flagship import held_on
from ..queries.projection import Facts, Tenure
from .ids import token_id

__all__ = ["ftm_entities", "ftm_id", "write_ftm"]

# Agency types (hgc:agency-type) that are not public bodies.
_NOT_PUBLIC = frozenset({"university", "other"})
COUNTRY = "id"  # every entity of this graph is Indonesian


def ftm_id(iri: str) -> str:
    """A FollowTheMoney id for ``iri``: ``hg-agung-hikmati-<16 hex digits of its SHA-1>``."""
    return token_id(iri)


def _entity(iri: str, schema: str, sources: dict[str, list[str]], **props: Any) -> dict[str, Any]:
    properties: dict[str, list[str]] = {}
    for name, value in props.items():
        values = value if isinstance(value, list) else [value]
        kept = list(dict.fromkeys(str(v) for v in values if v not in (None, "")))
        if kept:
            properties[name] = kept
    if sources.get(iri):
        properties["sourceUrl"] = sources[iri]
    return {"id": ftm_id(iri), "schema": schema, "properties": dict(sorted(properties.items()))}


def ftm_entities(f: Facts, sources: dict[str, list[str]]) -> Iterator[dict[str, Any]]:
    """The entities of ``f``, kind by kind, each kind sorted by IRI."""
    held: dict[str, list[Tenure]] = {}
    for t in sorted(f.tenures.values(), key=lambda t: t.iri):
        if t.post in f.posts:
            held.setdefault(t.person, []).append(t)
    for p in sorted(f.people.values(), key=lambda p: p.iri):
        yield _entity(p.iri, "Person", sources, name=p.name, alias=[a for a in p.aliases if a != p.name],
                      title=p.prefix, country=COUNTRY,
                      position=[acting_title(f.posts[t.post].label, t.acting) for t in held.get(p.iri, [])])
    for a in sorted(f.agencies.values(), key=lambda a: a.iri):
        schema = "Organization" if a.type in _NOT_PUBLIC else "PublicBody"
        yield _entity(a.iri, schema, sources, name=a.name, alias=[x for x in a.aliases if x != a.name],
                      classification=(a.type or "").replace("_", " "), country=COUNTRY,
                      parent=ftm_id(a.parent) if a.parent is not None and a.parent in f.agencies else None)
    for post in sorted(f.posts.values(), key=lambda p: p.iri):
        agency = post.agency if post.agency is not None and post.agency in f.agencies else None
        yield _entity(post.iri, "Position", sources, name=post.label, country=COUNTRY,
                      organization=ftm_id(agency) if agency is not None else None)
    for t in sorted(f.tenures.values(), key=lambda t: t.iri):
        if t.person not in f.people or t.post not in f.posts:
            continue
        yield _entity(t.iri, "Occupancy", sources, holder=ftm_id(t.person), post=ftm_id(t.post),
                      startDate=t.start.isoformat() if t.start else None,
                      endDate=t.end.isoformat() if t.end else None,
                      date=[d.isoformat() for d in sorted(t.attested)],
                      status="ended" if t.end else "current" if t.start else None,
                      summary=acting_title(f.posts[t.post].label, t.acting) if t.acting else None,
                      recordId=t.iri)
    parties = {**f.people, **f.agencies}
    for e in sorted(f.events.values(), key=lambda e: e.iri):
        speakers = sorted({ap.person for ap in f.appearances.values() if ap.event == e.iri})
        yield _entity(e.iri, "Event", sources, name=e.name, country=COUNTRY,
                      startDate=e.start.isoformat() if e.start else None,
                      endDate=e.end.isoformat() if e.end else None, location=e.location,
                      summary=(e.type or "").replace("_", " "),
                      organizer=ftm_id(e.organizer) if e.organizer in parties else None,
                      involved=[ftm_id(x) for x in sorted({*e.attendees, *speakers}) if x in parties],
                      recordId=e.iri)
    for d in sorted(f.delegations.values(), key=lambda d: d.iri):
        event = f.events.get(d.event or "")
        date = event.start if event else None
        client = d.principal
        if client in f.posts:  # a post: its holder on the day, where known
            holders = [t for ts in held.values() for t in ts if t.post == client]
            tenure = held_on(holders, date) if date else None
            client = tenure.person if tenure else ""
        if d.delegate not in f.people or client not in parties:
            continue
        yield _entity(d.iri, "Representation", sources, agent=ftm_id(d.delegate), client=ftm_id(client),
                      role=[a.replace("_", " ") for a in sorted(d.acts)],
                      summary=f"on behalf of {f.label(d.principal)}" + (f" at {event.name}" if event else ""),
                      startDate=date.isoformat() if date else None, recordId=d.iri)


def write_ftm(f: Facts, sources: dict[str, list[str]], out: IO[bytes]) -> int:
    """Write the entities of ``f`` to ``out``, one JSON object a line; the number written."""
    count = 0
    for entity in ftm_entities(f, sources):
        out.write(json.dumps(entity, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
        count += 1
    return count
