"""Synthetic article documents for the reliability tests: many articles over shared officials.

Uses ``humasgraph.synthetic`` when it exists (issue 8); until then, a small generator here
builds documents with people, posts, agencies, places, events, statements and delegations,
drawn from shared pools so that articles resolve against each other's entities.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from humasgraph.document import Document

_GIVEN = ["Agus", "Budi", "Siti", "Dewi", "Rahmat", "Nur", "Eko", "Sri", "Hendra", "Yuni", "Bambang",
          "Wahyu", "Ratna", "Joko", "Indah", "Teguh", "Ani", "Slamet", "Fitri", "Dodi"]
_FAMILY = ["Santoso", "Wibowo", "Hidayat", "Lestari", "Pratama", "Susanto", "Kurniawan", "Rahayu",
           "Saputra", "Setiawan", "Nugroho", "Purnomo", "Hartono", "Wijaya", "Siregar", "Nasution"]
_PROVINCES = ["Jawa Tengah", "Jawa Barat", "Jawa Timur", "Bali", "Aceh", "Riau", "Papua", "Maluku"]
_CITIES = ["Semarang", "Bandung", "Surabaya", "Denpasar", "Banda Aceh", "Pekanbaru", "Jayapura", "Ambon"]
_UNITS = ["Dinas Komunikasi dan Informatika", "Dinas Pendidikan", "Dinas Kesehatan", "Badan Perencanaan",
          "Dinas Pariwisata", "Biro Hubungan Masyarakat"]
_POSTS = ["Kepala Dinas", "Sekretaris Dinas", "Kepala Bidang Informasi", "Kepala Seksi Publikasi"]
_TYPES = ["coordination_meeting", "training", "socialization", "opening", "visit", "press_conference"]
_ROLES = ["keynote", "opening", "remarks", "resource_person", "moderator"]
_WORDS = ["informasi", "publik", "pelayanan", "masyarakat", "pemerintah", "digital", "koordinasi", "humas",
          "program", "kebijakan", "anggaran", "pembangunan", "transparansi", "sinergi", "daerah"]


def article_url(i: int) -> str:
    """The URL of synthetic article ``i``."""
    return f"https://example.go.id/berita/{i:07d}"


def document_data(i: int, seed: int = 0) -> dict[str, Any]:
    """Synthetic article ``i`` as import-format data."""
    rnd = random.Random(seed * 1_000_003 + i)
    p = rnd.randrange(len(_PROVINCES))
    province, city = _PROVINCES[p], _CITIES[p]
    unit = rnd.choice(_UNITS)
    agency_name = f"{unit} Provinsi {province}"
    # Two people drawn alike would be one person in one article: draw distinct names.
    names = rnd.sample([f"{g} {f}" for g in _GIVEN for f in _FAMILY], rnd.randint(1, 3))
    people = [{"key": f"p{k}", "name": name, "positions": [{"title": rnd.choice(_POSTS), "agency": "dinas"}]}
              for k, name in enumerate(names)]
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rnd.randrange(2000))
    event = {"key": "ev", "name": f"Rapat {rnd.choice(_WORDS).title()} {unit} {province} {i}",
             "type": rnd.choice(_TYPES), "start": day.isoformat(), "venue": f"Hotel {city} {i % 40}",
             "city": city, "province": province, "organizer": "pemprov",
             "participant_count": rnd.randint(10, 500), "participants": ["dinas"],
             "speakers": [{"person": p["key"], "roles": [rnd.choice(_ROLES)]} for p in people]}
    statements = []
    for k, person in enumerate(people):
        words = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(8, 20)))
        statements.append({"speaker": person["key"], "event": "ev", "role": rnd.choice(_ROLES),
                           "direct": rnd.random() < 0.6, "date": day.isoformat(),
                           "text": f"{words.capitalize()} ({k})."})
    doc: dict[str, Any] = {
        "article": {"url": article_url(i), "title": f"Berita {i}: {event['name']}",
                    "publisher": f"Humas Provinsi {province}", "published": day.isoformat()},
        "agencies": [{"key": "pemprov", "name": f"Pemerintah Provinsi {province}", "type": "provincial_government"},
                     {"key": "dinas", "name": agency_name, "parent": "pemprov", "type": "office"}],
        "people": people,
        "posts": [{"key": "sekda", "title": "Sekretaris Daerah", "agency": "pemprov"}],
        "events": [event],
        "statements": statements,
    }
    if rnd.random() < 0.3:
        doc["delegations"] = [{"delegate": people[0]["key"], "principal": "sekda", "event": "ev",
                               "act": "reading_speech"}]
    return doc


def documents(n: int, seed: int = 0, revision: int = 0) -> list[Document]:
    """``n`` synthetic documents, validated; a later ``revision`` changes each one's title."""
    try:
        from humasgraph.synthetic import generate  # issue 8's generator, once it exists
    except ImportError:
        docs = [Document.model_validate(document_data(i, seed)) for i in range(n)]
    else:
        docs = list(generate(n, seed))
    return [revised(d, revision) for d in docs] if revision else docs


def revised(doc: Document, revision: int) -> Document:
    """``doc`` with its title marked with ``revision``: same article, new content."""
    article = doc.article.model_copy(update={"title": f"{doc.article.title} (revisi {revision})"})
    return doc.model_copy(update={"article": article})
