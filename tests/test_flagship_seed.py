"""The flagship question on the seed article answers exactly DESIGN.md §3."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from humasgraph.cli import main
from humasgraph.services import Services

# The flagship question as one query, as an analyst would write it (docs/flagship.rq).
FLAGSHIP_SPARQL = (Path(__file__).resolve().parents[1] / "docs" / "flagship.rq").read_text(encoding="utf-8")


def test_flagship_answer_on_the_seed(seeded: Services, seed_url: str) -> None:
    (event,) = seeded.flagship()
    assert event.name == "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"
    assert event.type == "coordination_meeting"
    assert (event.start, event.end) == (dt.date(2018, 9, 26), dt.date(2018, 9, 27))
    assert (event.venue, event.city, event.province) == ("Hotel Dafam Cilacap", "Cilacap", "Jawa Tengah")
    assert event.participant_count == 120
    agung, helmi = event.speakers

    assert agung.name == "Agung Hikmati"
    assert agung.tenure is not None
    assert agung.tenure.title == "Kepala Bidang E-Government"
    assert agung.agency_path == "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"  # its parent named in it
    assert {"keynote", "opening"} <= set(agung.roles)
    assert agung.principal is not None
    assert (agung.principal.kind, agung.principal.label) == ("post", "Sekretaris Daerah Provinsi Jawa Tengah")
    assert agung.principal.holder is None  # the article names no holder
    first, second = agung.statements
    assert first.text.startswith("Humas di era ini bukan lagi sebagai penyambung lidah pemerintah")
    assert first.on_behalf_of == agung.principal.iri and first.author == agung.principal.iri
    assert second.text.startswith("Caranya ketika kita memiliki akun medsos")
    assert second.on_behalf_of is None
    assert {s.source for s in agung.statements} == {seed_url}

    assert helmi.name == "Helmi Hafid"
    assert helmi.tenure is not None
    assert helmi.tenure.title == "Kepala Subdirektorat Tata Kelola Komunikasi Publik"
    assert helmi.agency_path == ("Direktorat Jenderal Informasi dan Komunikasi Publik, "
                                 "Kementerian Komunikasi dan Informatika")
    assert helmi.principal is None
    assert [s.direct for s in helmi.statements] == [False, True]
    assert "Nawacita" in helmi.statements[0].text
    assert helmi.statements[1].text.startswith("Negara hadir di tengah masyarakat")


def test_flagship_as_one_sparql_query(seeded: Services, seed_url: str) -> None:
    rows = seeded.store.select(FLAGSHIP_SPARQL.replace("$all", str(seeded.store.all_graph)))
    got = {(r["speakerName"].value, r["postTitle"].value, r["agencyName"].value,
            r["principalLabel"].value if "principalLabel" in r else None) for r in rows}
    assert got == {
        ("Agung Hikmati", "Kepala Bidang E-Government", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
         "Sekretaris Daerah Provinsi Jawa Tengah"),
        ("Helmi Hafid", "Kepala Subdirektorat Tata Kelola Komunikasi Publik",
         "Direktorat Jenderal Informasi dan Komunikasi Publik", None),
    }
    for r in rows:
        assert r["eventName"].value == "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah"
        assert (r["start"].value, r["end"].value) == ("2018-09-26", "2018-09-27")
        assert r["venue"].value == "Hotel Dafam Cilacap"
        assert r["source"].value == seed_url


def test_flagship_from_the_command_line(seeded: Services, capsys, settings) -> None:
    seeded.close()
    assert main(["--store", settings.store, "flagship", "--format", "json"]) == 0
    (event,) = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in event["speakers"]] == ["Agung Hikmati", "Helmi Hafid"]
    assert event["speakers"][0]["principal"]["label"] == "Sekretaris Daerah Provinsi Jawa Tengah"
    assert main(["--store", settings.store, "flagship"]) == 0
    table = capsys.readouterr().out
    assert "Hotel Dafam Cilacap, Cilacap, Jawa Tengah" in table
    assert "on behalf of: Sekretaris Daerah Provinsi Jawa Tengah [post] (holder unknown)" in table
