"""Accounts named in raw text: by platform and handle, or by profile URL, attached to their owner."""

from __future__ import annotations

from pathlib import Path

import pytest

from humasgraph.extract import extract_file, extract_text
from humasgraph.extract.accounts import find_accounts
from humasgraph.services import Services

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.txt"


@pytest.mark.parametrize(("text", "expected"), [
    ("Ikuti akun Instagram @HumasJateng untuk info terbaru.", [("instagram", "humasjateng")]),
    ("Informasi ada di IG: @humas.kab.x.", [("instagram", "humas.kab.x")]),
    ("Pantau juga Twitter @Jateng_Prov dan akun TikTok resmi @humasjateng.", [("x", "jateng_prov"),
                                                                              ("tiktok", "humasjateng")]),
    ("Kunjungi instagram.com/humasjateng/, x.com/humasjateng dan https://www.facebook.com/humas.jateng.",
     [("instagram", "humasjateng"), ("x", "humasjateng"), ("facebook", "humas.jateng")]),
    ("Siaran ulang ada di youtube.com/@HumasJateng dan www.tiktok.com/@humas.jateng/video/123.",
     [("youtube", "humasjateng"), ("tiktok", "humas.jateng")]),
    ("Hubungi @humasjateng atau lihat instagram.com/p/Cx12ab/ dan x.com/home.", []),  # bare handle, post, page
])
def test_accounts_in_a_sentence(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(a.platform, a.handle) for _, a in find_accounts(text)] == expected


def _accounts(doc: object) -> dict[str, list[tuple[str, str]]]:
    items = [*doc.agencies, *doc.people]  # type: ignore[attr-defined]
    return {i.name: [(a.platform.value, a.handle) for a in i.accounts] for i in items if i.accounts}


def test_an_account_goes_to_the_agency_the_sentence_names() -> None:
    doc = extract_text("Dinas Komunikasi dan Informatika Provinsi Jawa Tengah mengajak warga mengikuti akun "
                       "Instagram @HumasJateng dan kanal youtube.com/@HumasJateng. Kepala Dinas Kominfo Jawa "
                       "Tengah, Riena Retnaningrum, membuka rapat koordinasi humas di Semarang, Senin (4/3/2024).",
                       title="Ikuti kanal resmi", url="https://example.go.id/a")
    assert _accounts(doc) == {"Dinas Komunikasi dan Informatika Provinsi Jawa Tengah": [
        ("instagram", "humasjateng"), ("youtube", "humasjateng")]}


def test_an_account_goes_to_the_person_the_sentence_names() -> None:
    doc = extract_text("Gubernur Jawa Tengah Ganjar Pranowo membuka rapat di Semarang, Senin (4/3/2024). Ganjar "
                       "Pranowo menyapa warga lewat Twitter @ganjarpranowo dan https://www.instagram.com/ganjar_pranowo/.",
                       title="Gubernur menyapa warga", url="https://example.go.id/b")
    assert _accounts(doc) == {"Ganjar Pranowo": [("x", "ganjarpranowo"), ("instagram", "ganjar_pranowo")]}


def test_else_to_the_publishing_agency_or_to_no_one() -> None:
    text = "Warga diminta memantau informasi resmi. Informasi lengkap dapat dilihat di IG @humas.kab.x."
    published = extract_text(text, title="Info", url="https://example.go.id/c", publisher="Diskominfo Kabupaten X")
    assert _accounts(published) == {"Diskominfo Kabupaten X": [("instagram", "humas.kab.x")]}
    assert _accounts(extract_text(text, title="Info", url="https://example.go.id/c")) == {}


def test_the_seed_article_names_no_account() -> None:
    # It is about using social media well, and names no handle or profile page.
    assert _accounts(extract_file(SEED)) == {}


def test_extracted_accounts_import(services: Services, tmp_path: Path) -> None:
    article = tmp_path / "akun.txt"
    article.write_text("Ikuti kanal resmi\nDinas Komunikasi dan Informatika Provinsi Jawa Tengah mengajak warga "
                       "mengikuti akun Instagram @HumasJateng.\n", encoding="utf-8")
    assert [o.status for o in services.import_paths([article])] == ["imported"]
    rows = services.store.select("SELECT ?n WHERE { GRAPH ?g { ?a foaf:account ?x . ?x foaf:accountName ?n } }")
    assert {r["n"].value for r in rows} == {"humasjateng"}
