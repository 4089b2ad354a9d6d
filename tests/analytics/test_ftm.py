"""The FollowTheMoney export, every line checked by the ``followthemoney`` library against its model."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from humasgraph.exports import MEDIA_TYPES, export
from humasgraph.exports.ftm import ftm_id
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.services import Services

ftm = pytest.importorskip("followthemoney")
from followthemoney import model  # noqa: E402
from followthemoney.exc import InvalidData  # noqa: E402
from followthemoney.types import registry  # noqa: E402

URL = "https://example.org/berita/plt-kota-uji"


def _entities(services: Services, article: str | None = None) -> list[dict[str, Any]]:
    out = io.BytesIO()
    export(services, "ftm", out, article=article)
    return [json.loads(line) for line in out.getvalue().decode("utf-8").splitlines()]


def _check(entities: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every entity valid for ``followthemoney``'s model, and every reference resolved; by id."""
    by_id: dict[str, dict[str, Any]] = {}
    for data in entities:
        assert registry.entity.validate(data["id"]) and len(data["id"]) <= 200, data["id"]
        assert data["id"] not in by_id, f"duplicate id {data['id']}"
        by_id[data["id"]] = data
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        proxy = model.get_proxy(data, cleaned=False)  # cleans every value by its type
        cleaned = proxy.to_dict()["properties"]
        assert {k: sorted(v) for k, v in cleaned.items()} == {k: sorted(v) for k, v in data["properties"].items()}, (
            f"{data['id']}: the library changed or dropped values")
        schema.validate(proxy.to_dict())
        for name in schema.required:
            assert proxy.get(name), f"{data['id']} ({schema.name}): {name} is required"
        for prop in proxy.iterprops():
            if prop.type == registry.entity:
                for target in proxy.get(prop):
                    assert target in by_id, f"{data['id']}.{prop.name}: {target} is not exported"
                    assert model.get(by_id[target]["schema"]).is_a(prop.range), (  # type: ignore[union-attr]
                        f"{data['id']}.{prop.name}: {target} is a {by_id[target]['schema']}, not a {prop.range}")
    return by_id


def _one(by_id: dict[str, dict[str, Any]], schema: str, name: str) -> dict[str, Any]:
    (found,) = [e["properties"] for e in by_id.values() if e["schema"] == schema and name in
                e["properties"].get("name", e["properties"].get("summary", []))]
    return found


def test_the_seed_exports_valid_entities_with_their_sources(seeded: Services, seed_url: str) -> None:
    by_id = _check(_entities(seeded))
    schemas = sorted({e["schema"] for e in by_id.values()})
    assert schemas == ["Event", "Occupancy", "Organization", "Person", "Position", "PublicBody"]
    agung = _one(by_id, "Person", "Agung Hikmati")
    assert agung["title"] == ["Drs."] and agung["sourceUrl"] == [seed_url] and agung["country"] == ["id"]
    diskominfo = _one(by_id, "PublicBody", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah")
    assert by_id[diskominfo["parent"][0]]["properties"]["name"] == ["Pemerintah Provinsi Jawa Tengah"]
    assert _one(by_id, "Organization", "Universitas Jenderal Soedirman")["classification"] == ["university"]
    person_id = next(i for i, e in by_id.items() if e["properties"].get("name") == ["Agung Hikmati"])
    (occupancy,) = [e["properties"] for e in by_id.values()
                    if e["schema"] == "Occupancy" and e["properties"]["holder"] == [person_id]]
    post = by_id[occupancy["post"][0]]["properties"]
    assert post["name"] == ["Kepala Bidang E-Government Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"]
    assert occupancy["date"] == ["2018-09-26"] and occupancy["sourceUrl"] == [seed_url]
    event = _one(by_id, "Event", "Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah")
    assert (event["startDate"], event["endDate"], event["location"]) == (
        ["2018-09-26"], ["2018-09-27"], ["Hotel Dafam Cilacap"])
    assert person_id in event["involved"]


def _kota_uji() -> Document:
    return Document.model_validate({
        "article": {"url": URL, "title": "Plt Kepala Dinas membacakan sambutan Wali Kota", "published": "2024-05-02",
                    "language": "id"},
        "agencies": [{"key": "pemkot", "name": "Pemerintah Kota Uji", "type": "city_government"},
                     {"key": "dinas", "name": "Dinas Komunikasi dan Informatika Kota Uji", "parent": "pemkot",
                      "type": "office"}],
        "people": [
            {"key": "sri", "name": "Sri Lestari", "positions": [
                {"title": "Kepala Dinas", "agency": "dinas", "start": "2024-03-01", "acting": "pelaksana_tugas"}]},
            {"key": "ahmad", "name": "Ahmad Fauzi", "positions": [
                {"title": "Wali Kota", "agency": "pemkot", "start": "2024-01-01"}]},
        ],
        "posts": [{"key": "walikota", "title": "Wali Kota", "agency": "pemkot"}],
        "events": [{"key": "e", "name": "Rapat Uji", "type": "meeting", "start": "2024-05-01", "organizer": "dinas",
                    "speakers": [{"person": "sri", "roles": ["opening"], "on_behalf_of": "walikota"}]}],
        "delegations": [{"delegate": "sri", "principal": "walikota", "event": "e", "act": "reading_speech"}],
    })


def test_acting_tenures_and_delegations(seeded: Services) -> None:
    doc = _kota_uji()
    assert {o.status for o in seeded.importer.import_loaded([Loaded(doc, doc.index(URL), URL)])} == {"imported"}
    by_id = _check(_entities(seeded, URL))
    acting = _one(by_id, "Occupancy", "Pelaksana Tugas Kepala Dinas Komunikasi dan Informatika Kota Uji")
    assert (acting["startDate"], acting["status"]) == (["2024-03-01"], ["current"])
    (representation,) = [e["properties"] for e in by_id.values() if e["schema"] == "Representation"]
    # The principal is the post Wali Kota: the client is its holder on the event's day.
    assert by_id[representation["agent"][0]]["properties"]["name"] == ["Sri Lestari"]
    assert by_id[representation["client"][0]]["properties"]["name"] == ["Ahmad Fauzi"]
    assert representation["role"] == ["reading speech"] and representation["sourceUrl"] == [URL]
    event = _one(by_id, "Event", "Rapat Uji")
    assert by_id[event["organizer"][0]]["schema"] == "PublicBody"


@pytest.mark.parametrize("iri", [
    "https://humasgraph.id/id/person/agung-hikmati",
    "https://humasgraph.id/id/tenure/236eaa7ca8f380ff/",
    "urn:x:" + "ä" * 300,
])
def test_ids_are_stable_safe_and_short(iri: str) -> None:
    assert ftm_id(iri) == ftm_id(iri) and registry.entity.validate(ftm_id(iri)) and len(ftm_id(iri)) <= 200
    assert ftm_id(iri) != ftm_id(iri + "x")


def test_served_over_http_as_json_lines(client: Any) -> None:
    response = client.get("/export/ftm")
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TYPES["ftm"] == "application/x-ndjson"
    _check([json.loads(line) for line in response.text.splitlines()])


@pytest.mark.parametrize("corrupt", [
    lambda e: e["properties"].__setitem__("startDate", ["26 September 2018"]) if e["schema"] == "Event" else None,
    lambda e: e["properties"].pop("holder") if e["schema"] == "Occupancy" else None,
    lambda e: e["properties"].__setitem__("post", ["hg-nowhere"]) if e["schema"] == "Occupancy" else None,
    lambda e: e.__setitem__("id", "https://humasgraph.id/id/x") if e["schema"] == "Position" else None,
])
def test_the_check_catches_a_bad_entity(seeded: Services, corrupt: Any) -> None:
    entities = _entities(seeded)
    for e in entities:
        corrupt(e)
    with pytest.raises((AssertionError, InvalidData)):
        _check(entities)
