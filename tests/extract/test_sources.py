"""Reading article files and web pages, and the seed article's flagship answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from humasgraph.errors import ValidationFailed
from humasgraph.extract import EXTRACTOR_VERSION, Gazetteer, extract_file, extract_html, extract_text
from humasgraph.model.enums import Act, EventType

from .conftest import DATA, REPO, SCORER, TODAY, agency_name, assert_scores, person

SEED = REPO / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.txt"
SHARED = SCORER.parents[1]


def test_seed_answers_the_flagship_question() -> None:
    doc = extract_file(SEED, today=TODAY)
    index = doc.index(str(SEED))
    (event,) = doc.events
    assert (event.name, event.type) == ("Sinkronisasi dan Koordinasi Bidang Kehumasan Provinsi Jawa Tengah",
                                        EventType.coordination_meeting)
    assert (event.start, event.end) == (dt.date(2018, 9, 26), dt.date(2018, 9, 27))
    assert (event.venue, event.city, event.participant_count) == ("Hotel Dafam Cilacap", "Cilacap", 120)
    agung = person(doc, "Agung Hikmati")
    assert (agung.honorific_prefix, agung.honorific_suffix) == ("Drs.", "M.Si")
    assert [(p.title, agency_name(doc, p.agency)) for p in agung.positions] == [
        ("Kepala Bidang E-Government", "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah")]
    (delegation,) = doc.delegations
    assert (delegation.delegate, delegation.act) == (agung.key, Act.reading_speech)
    principal = index.lookup_principal(delegation.principal)
    assert principal is not None and principal.title == "Sekretaris Daerah"
    assert principal.agency is not None and principal.agency.name == "Pemerintah Provinsi Jawa Tengah"
    assert [p.title for p in doc.posts] == ["Sekretaris Daerah"]
    first = doc.statements[0]
    assert first.text.startswith("Humas di era ini") and first.speaker == agung.key
    assert first.on_behalf_of == delegation.principal
    helmi = person(doc, "Helmi Hafid")
    assert [(p.title, agency_name(doc, p.agency)) for p in helmi.positions] == [
        ("Kepala Subdirektorat Tata Kelola Komunikasi Publik", "Direktorat Jenderal Informasi dan Komunikasi Publik")]
    ditjen = next(a for a in doc.agencies if a.key == helmi.positions[0].agency)
    assert agency_name(doc, ditjen.parent) == "Kementerian Komunikasi dan Informatika"
    said = [(s.direct, s.text.split()[0]) for s in doc.statements if s.speaker == helmi.key]
    assert said == [(False, "pengelolaan"), (True, "Negara")]
    ganjar = person(doc, "Ganjar Pranowo")
    assert "Gabjar Pranowo" in ganjar.aliases and ganjar.positions[0].title == "Gubernur"
    roles = {sp.person: [r.value for r in sp.roles] for sp in event.speakers}
    assert {"keynote", "opening"} <= set(roles[agung.key])


def test_html_page_metadata_and_clean_body() -> None:
    doc = extract_file(DATA / "pengumuman.html", today=TODAY)
    assert doc.article.url == "https://portal.example.go.id/berita/pelatihan-jurnalistik-warga"
    assert doc.article.title == "Diskominfo Klaten Gelar Pelatihan Jurnalistik Warga"
    assert doc.article.published == dt.date(2024, 10, 11)
    assert doc.article.publisher == "Diskominfo Kabupaten Klaten (contoh)"
    everything = json.dumps(doc.model_dump(mode="json"))
    for leaked in ("Baca juga", "Lomba Desa", "Pasang iklan", "Berita terkait", "Beranda", "Hak cipta"):
        assert leaked not in everything
    joko = person(doc, "Joko Prasetyo")
    assert [s.speaker for s in doc.statements] == [joko.key, joko.key]
    assert doc.events[0].start == dt.date(2024, 10, 10)


def test_txt_with_sibling_meta_json(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("Judul Berita\n\nKepala Dinas Sosial Kota Blitar, Hari Wibowo, mengatakan bahwa "
                                    "bantuan akan tiba besok pagi.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({"url": "https://example.go.id/a", "published": "2024-05-01",
                                                      "publisher": "Humas Blitar"}), encoding="utf-8")
    doc = extract_file(tmp_path / "a.txt", today=TODAY)
    assert (doc.article.url, doc.article.published, doc.article.publisher) == (
        "https://example.go.id/a", dt.date(2024, 5, 1), "Humas Blitar")
    assert doc.article.title == "Judul Berita"


def test_text_without_url_is_named_by_its_content() -> None:
    doc = extract_text("Badan Pusat Statistik merilis data terbaru.", title="Data", today=TODAY)
    assert doc.article.url.startswith("urn:humasgraph:text:") and len(doc.article.url) == 20 + 32


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.txt", b"  \n", "empty"),
    ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary"),
    ("latin1.txt", "Judul\n\nKepala Dinas, Budi Santoso, berkata café".encode("latin-1"), "UTF-8"),
    ("title-only.txt", b"Hanya judul\n", "no body"),
    ("nav-only.html", b"<html><head><title>x</title></head><body><nav><p>Beranda Berita Profil Kontak</p></nav>"
                      b"</body></html>", "no article"),
    ("notes.docx", b"whatever", "unknown kind"),
])
def test_unreadable_inputs_fail_with_a_field_error(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as failure:
        extract_file(path, today=TODAY)
    assert message in str(failure.value) and str(path) in str(failure.value)
    assert failure.value.errors


def test_gazetteer_from_the_graph_resolves_misspellings() -> None:
    gazetteer = Gazetteer(people=[("Hendrar Prihadi", ["Hendi"])], agencies=[("Badan Riset dan Inovasi Daerah", [])])
    doc = extract_html("<html><head><title>Uji</title></head><body><article><p>Kepala Bappeda Kota Semarang, "
                       "Hendar Prihadi, mengatakan bahwa riset daerah akan diperkuat tahun depan.</p></article>"
                       "</body></html>", gazetteer=gazetteer, today=TODAY)
    (p,) = doc.people
    assert p.name == "Hendrar Prihadi" and "Hendar Prihadi" in p.aliases
    assert Gazetteer.empty().person("Hendrar Prihadi") is None
    assert EXTRACTOR_VERSION.startswith("humasgraph-extract/")


@pytest.mark.skipif(not SCORER.exists(), reason=f"the shared dev corpus and scorer are not beside the clone ({SHARED})")
def test_dev_corpus_scores(tmp_path: Path) -> None:
    dev = SHARED / "corpus" / "dev"
    assert_scores(sorted((dev / "articles").glob("*.txt")), dev / "gold", tmp_path, {"delegations": 0.80}, 0.85)
