"""The reference data in seeds/reference: valid documents, complete, unambiguous, joining the seeds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from humasgraph.ingest.quads import GraphBuilder
from humasgraph.ingest.reading import load_document
from humasgraph.ingest.shapes import Shapes
from humasgraph.model.document import Document
from humasgraph.model.enums import AgencyType, PlaceType
from humasgraph.model.identity import Minter, Resolver
from humasgraph.model.index import Index
from humasgraph.model.names import agency_key, fold

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "seeds" / "reference"
SEED = ROOT / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
BASE = "https://humasgraph.id/id/"


def _is_document(path: Path) -> bool:
    """Reference documents have an ``article``; word tables (abbreviations, lexicons) do not."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "article" in data


DOCUMENTS = sorted(p for p in REFERENCE.glob("*.yaml") if _is_document(p))


def load(name: str) -> tuple[Document, Index]:
    return load_document(REFERENCE / f"{name}.yaml")


def test_the_reference_documents_are_there() -> None:
    assert {p.stem for p in DOCUMENTS} >= {"provinces", "ministries", "jawa-tengah"}


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_reference_document_is_valid_and_conforms(path: Path) -> None:
    doc, index = load_document(path)  # validates the format and resolves every reference
    assert doc.article.url == f"https://humasgraph.id/reference/{path.stem}"
    minter = Minter(BASE)
    built = GraphBuilder(minter, Resolver(minter, None)).build(doc, index, source_kind="reference")
    assert Shapes.load().check(built.quads) == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_no_name_means_two_things(path: Path) -> None:
    """Within a document no key, and no normalised name or alias, belongs to two items of a kind."""
    doc, _ = load_document(path)
    for kind, items, norm in (("agency", doc.agencies, agency_key), ("place", doc.places, fold)):
        keys = Counter(item.key for item in items if item.key)
        assert not [k for k, n in keys.items() if n > 1], f"duplicate {kind} keys"
        owner: dict[str, str] = {}
        for item in items:
            for name in {norm(n) for n in (item.name, *item.aliases)}:
                assert owner.setdefault(name, item.name) == item.name, \
                    f"{kind} name {name!r} is both {owner[name]!r} and {item.name!r}"


def test_no_name_means_two_things_across_documents() -> None:
    owner: dict[tuple[str, str], str] = {}
    for path in DOCUMENTS:
        doc, _ = load_document(path)
        for kind, items, norm in (("agency", doc.agencies, agency_key), ("place", doc.places, fold)):
            for item in items:
                for name in {norm(n) for n in (item.name, *item.aliases)}:
                    assert owner.setdefault((kind, name), item.name) == item.name, (path.name, kind, name)


def test_all_38_provinces_and_their_governments() -> None:
    doc, _ = load("provinces")
    provinces = [p for p in doc.places if p.type is PlaceType.province]
    governments = [a for a in doc.agencies if a.type is AgencyType.provincial_government]
    assert len(provinces) == 38
    assert len(governments) == 38
    assert {f"Pemerintah Provinsi {p.name}" for p in provinces} == {a.name for a in governments}
    short = {p.name: set(p.aliases) for p in provinces}
    for name, alias in [("Jawa Tengah", "Jateng"), ("Jawa Timur", "Jatim"), ("Jawa Barat", "Jabar"),
                        ("Nusa Tenggara Barat", "NTB"), ("Nusa Tenggara Timur", "NTT"),
                        ("Daerah Istimewa Yogyakarta", "DIY"), ("Daerah Khusus Ibukota Jakarta", "DKI Jakarta"),
                        ("Sulawesi Selatan", "Sulsel"), ("Sumatera Utara", "Sumut"), ("Kalimantan Barat", "Kalbar")]:
        assert alias in short[name], (name, alias)
    for gov in governments:
        assert any(a.startswith("Pemprov ") for a in gov.aliases), gov.name


def test_jawa_tengah_has_its_35_regencies_and_cities() -> None:
    doc, index = load("jawa-tengah")
    within = [p for p in doc.places if p.within is not None]
    assert all(index.lookup_place(p.within).name == "Jawa Tengah" for p in within)  # type: ignore[union-attr]
    kinds = Counter(p.type for p in within)
    assert kinds == {PlaceType.regency: 29, PlaceType.city: 6}
    # A bare name shared by a kabupaten and a kota belongs to the kota (see the file's header).
    for bare in ("Semarang", "Magelang", "Pekalongan", "Tegal"):
        assert index.lookup_place(bare).name == f"Kota {bare}"  # type: ignore[union-attr]
        assert index.lookup_place(f"Kabupaten {bare}").type is PlaceType.regency  # type: ignore[union-attr]
    assert index.lookup_place("Solo").name == "Surakarta"  # type: ignore[union-attr]
    governments = Counter(a.type for a in doc.agencies)
    assert governments[AgencyType.regency_government] == 29
    assert governments[AgencyType.city_government] == 6


def test_central_java_units() -> None:
    _, index = load("jawa-tengah")
    for alias in ("Diskominfo Jateng", "Dinas Kominfo Jateng"):
        unit = index.lookup_agency(alias)
        assert unit is not None and unit.name == "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah"
        assert index.parent_of(unit).name == "Pemerintah Provinsi Jawa Tengah"  # type: ignore[union-attr]
    setda = index.lookup_agency("Setda Jateng")
    assert setda is not None and setda.name == "Sekretariat Daerah Provinsi Jawa Tengah"


def test_ministries() -> None:
    doc, index = load("ministries")
    assert all(a.type is AgencyType.ministry for a in doc.agencies if a.parent is None)
    assert len([a for a in doc.agencies if a.type is AgencyType.ministry]) >= 34
    for alias, name in [("Kominfo", "Kementerian Komunikasi dan Informatika"),
                        ("Kemkominfo", "Kementerian Komunikasi dan Informatika"),
                        ("Kemendagri", "Kementerian Dalam Negeri"),
                        ("Ditjen IKP", "Direktorat Jenderal Informasi dan Komunikasi Publik")]:
        assert index.lookup_agency(alias).name == name  # type: ignore[union-attr]
    ikp = index.lookup_agency("Ditjen IKP")
    assert index.parent_of(ikp).name == "Kementerian Komunikasi dan Informatika"  # type: ignore[arg-type, union-attr]


def test_the_seed_joins_the_reference_entities() -> None:
    """Built after the reference data, the seed's government bodies and places resolve to them."""
    minter = Minter(BASE)
    resolver = Resolver(minter, None)
    builder = GraphBuilder(minter, resolver)
    reference: set[str] = set()
    for path in DOCUMENTS:
        doc, index = load_document(path)
        reference.update(builder.build(doc, index, source_kind="reference").resolution.values())
    doc, index = load_document(SEED)
    seed = builder.build(doc, index).resolution
    joined = {"Pemerintah Provinsi Jawa Tengah", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah",
              "Bidang E-Government", "Kementerian Komunikasi dan Informatika",
              "Direktorat Jenderal Informasi dan Komunikasi Publik"}
    for i, agency in enumerate(doc.agencies):
        if agency.name in joined:
            assert seed[f"agencies[{i}]"] in reference, agency.name
    for i, place in enumerate(doc.places):
        if place.name in ("Jawa Tengah", "Cilacap"):
            assert seed[f"places[{i}]"] in reference, place.name
