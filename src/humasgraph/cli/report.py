"""Human-readable and JSON renderings of answers and documents for the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Sequence
from typing import Any

import yaml

from ..model.document import DelegationItem, Document, EventItem, PersonItem, StatementItem
from ..services import EventInfo

__all__ = ["dump_document", "flagship_json", "flagship_table"]


def _default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def flagship_json(events: Sequence[EventInfo]) -> str:
    """The flagship answer as JSON."""
    return json.dumps([dataclasses.asdict(e) for e in events], default=_default, ensure_ascii=False, indent=1) + "\n"


def flagship_table(events: Sequence[EventInfo]) -> str:
    """The flagship answer as the table of DESIGN.md §3: one block per event, one per speaker."""
    out: list[str] = []
    for e in events:
        dates = f"{e.start} to {e.end}" if e.end and e.end != e.start else str(e.start or "undated")
        place = ", ".join(x for x in (e.venue, e.city, e.province) if x)
        out.append(f"{e.name} ({(e.type or 'event').replace('_', ' ')})")
        out.append(f"  dates:     {dates}")
        out.append(f"  venue:     {place or '-'}")
        out.append(f"  organiser: {e.organizer_name or '-'}")
        if e.participant_count is not None:
            out.append(f"  participants: {e.participant_count}")
        for s in e.speakers:
            path = s.agency_path
            post = f"{s.tenure.title}, {path}" if s.tenure and path else (s.tenure.title if s.tenure else "-")
            out.append(f"  speaker:   {s.name} — {post}")
            if s.roles:
                out.append(f"    role:         {', '.join(r.replace('_', ' ') for r in s.roles)}")
            if s.principal is not None:
                holder = f" (held by {s.principal.holder_name})" if s.principal.holder_name else \
                    (" (holder unknown)" if s.principal.kind == "post" else "")
                out.append(f"    on behalf of: {s.principal.label} [{s.principal.kind}]{holder}")
            for st in s.statements:
                quote = f"“{st.text}”" if st.direct else f"(paraphrase) {st.text}"
                out.append(f"    says:         {quote[:160]}{'…' if len(quote) > 160 else ''}")
                out.append(f"                  — source: {st.source}")
        out.append("")
    return "\n".join(out) if out else "no events\n"


class _Dumper(yaml.SafeDumper):
    """YAML that writes text holding line breaks on one line, double-quoted with ``\\n`` (the evidence's
    prefix and suffix often hold a paragraph break, which the plain and single-quoted styles spread
    over several lines a reviewer cannot read)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\n" in value else None)


_Dumper.add_representer(str, _text)


def dump_document(doc: Document, fmt: str) -> str:
    """A document as YAML or JSON, defaults left out, in the field order of the format."""
    data = doc.model_dump(mode="json", exclude_defaults=True)
    data.setdefault("article", {})
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    return _doubts_noted(doc, yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100))


_CONFIDENCE = re.compile(r"^ +(?:- )?confidence: [0-9.]+$")


def _doubts_noted(doc: Document, text: str) -> str:
    """The YAML with each extracted item's doubts as a comment after its confidence
    (``confidence: 0.7  # reported, carried_over``), so a reviewer sees why it is low.

    Items with a confidence write one ``confidence:`` line each, in the order of the document; if
    the lines do not pair with them one to one (text that happens to hold such a line), no
    comment is written rather than a misplaced one."""
    every: list[PersonItem | EventItem | StatementItem | DelegationItem] = [
        *doc.people, *doc.events, *doc.statements, *doc.delegations]
    items = [x for x in every if x.confidence is not None]
    lines = text.split("\n")
    at = [i for i, line in enumerate(lines) if _CONFIDENCE.match(line)]
    if len(at) != len(items):
        return text
    for i, item in zip(at, items, strict=True):
        doubts = item._doubts  # noqa: SLF001 - the extractor's note, for this rendering only
        if doubts:
            lines[i] += f"  # {', '.join(doubts)}"
    return "\n".join(lines)
