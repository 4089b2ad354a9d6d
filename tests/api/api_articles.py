"""Small article documents built in the tests: meetings with speakers, principals and statements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from humasgraph.model.document import Document


def meeting(i: int, *, principal_held: bool = False, typ: str = "coordination_meeting",
            city: str = "Semarang", province: str = "Jawa Tengah", agency: str = "Dinas Pendidikan",
            start: dt.date | None = None) -> Document:
    """A small article: one event with two speakers, one speaking for a post, and three statements."""
    start = start or dt.date(2020, 1, 1) + dt.timedelta(days=i)
    people: list[dict[str, Any]] = [
        {"key": "a", "name": f"Budi Santoso {i:03d}",
         "positions": [{"title": "Kepala Bidang Humas", "agency": "dinas"}]},
        {"key": "b", "name": f"Sri Wahyuni {i:03d}", "positions": [{"title": "Narasumber", "agency": "dinas"}]},
    ]
    if principal_held:
        people.append({"key": "c", "name": f"Hadi Prabowo {i:03d}",
                       "positions": [{"title": "Sekretaris Daerah", "agency": "pemprov", "start": start.isoformat()}]})
    return Document.model_validate({
        "article": {"url": f"https://example.org/berita/{i:03d}", "title": f"Rapat koordinasi {i}",
                    "published": start.isoformat(), "language": "id"},
        "agencies": [
            {"key": "pemprov", "name": f"Pemerintah Provinsi {province}", "type": "provincial_government"},
            {"key": "dinas", "name": f"{agency} Provinsi {province}", "parent": "pemprov", "type": "office"},
        ],
        "people": people,
        "posts": [{"key": "sekda", "title": "Sekretaris Daerah", "agency": "pemprov"}],
        "events": [{"key": "e", "name": f"Rapat Koordinasi Kehumasan {i:03d}", "type": typ,
                    "start": start.isoformat(), "venue": f"Gedung {i:03d}", "city": city, "province": province,
                    "organizer": "dinas", "participant_count": 10 + i,
                    "speakers": [{"person": "a", "roles": ["opening"], "on_behalf_of": "sekda"},
                                 {"person": "b", "roles": ["resource_person"]}]}],
        "statements": [
            {"speaker": "a", "event": "e", "on_behalf_of": "sekda", "role": "opening", "direct": True,
             "text": f"Sambutan sekda nomor {i}"},
            {"speaker": "a", "event": "e", "role": "remarks", "direct": False, "text": f"Catatan tambahan {i}"},
            {"speaker": "b", "event": "e", "role": "resource_person", "direct": True, "text": f"Materi narasumber {i}"},
        ],
    })
