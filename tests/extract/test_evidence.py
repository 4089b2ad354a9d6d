"""Evidence (where in the text each fact was read) and confidence of extracted facts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from humasgraph.extract import extract_text
from humasgraph.extract.evidence import (
    DELEGATION_DOUBTS,
    FLOOR,
    STATEMENT_DOUBTS,
    Locator,
    confidence,
)
from humasgraph.extract.people import Person
from humasgraph.extract.statements import Said
from humasgraph.extract.text import Article
from humasgraph.model.document import Document, Evidence

from .conftest import TODAY, person

ARTICLES = [
    # curly marks, doubled spaces, a tab and a no-break space inside a quotation, a dateline
    "BLITAR – Kepala Dinas Sosial Kota Blitar, Hari Wibowo, meninjau  dapur umum di Kelurahan Sentul.\n\n"
    "“Bantuan harus tiba sebelum \t malam\u00a0hari,” ujar Hari.\n\n"
    "Ia juga meminta relawan mencatat setiap keluarga yang menerima bantuan.",
    # reported speech, a delegation, a quotation running over two paragraphs
    "Bupati Kudus yang diwakili Sekretaris Daerah Kabupaten Kudus, Sri Handayani, membuka pelatihan kader "
    "posyandu di Pendopo Kabupaten Kudus, Senin (23/11/2026).\n\n"
    "Sri Handayani mengatakan bahwa kader posyandu menjadi ujung tombak pencegahan stunting di desa.\n\n"
    "\"Kader harus rajin menimbang balita setiap bulan tanpa terkecuali di semua dusun\n\n"
    "\"Data timbangan itu menjadi dasar program gizi desa tahun depan,\" katanya.",
    # «» marks, a quotation before the speaker, a bare title afterwards
    "Wakil Bupati Sleman, Danang Maharsa, menghadiri rapat koordinasi penanganan banjir. "
    "«Semua camat wajib siaga selama musim hujan», tegas Danang Maharsa.\n\n"
    "Wakil Bupati juga menyampaikan bahwa posko banjir dibuka selama dua puluh empat jam.",
]


def _evidences(doc: Document) -> list[Evidence]:
    found = [s.evidence for s in doc.statements] + [d.evidence for d in doc.delegations] + \
        [e.evidence for e in doc.events] + [m for p in doc.people for m in p.mentions]
    return [e for e in found if e is not None]


@pytest.mark.parametrize("body", ARTICLES)
@pytest.mark.parametrize("titled", [True, False])
def test_every_span_is_the_text_it_names(body: str, titled: bool) -> None:
    text = body if titled else f"Judul berita uji\n{body}"
    doc = extract_text(text, title="Judul" if titled else None, today=TODAY)
    spans = _evidences(doc)
    assert spans and doc.statements and all(s.evidence for s in doc.statements)
    for e in spans:
        assert text[e.start:e.end] == e.exact
        assert text[:e.start].endswith(e.prefix) and text[e.end:].startswith(e.suffix)
        assert 0 < len(e.prefix) <= 32 or e.start == 0


def test_a_direct_quotation_is_its_words_whatever_the_whitespace_and_marks(extract) -> None:
    doc = extract(ARTICLES[0])
    quote = next(s for s in doc.statements if s.direct)
    assert quote.evidence is not None
    assert quote.evidence.exact == "Bantuan harus tiba sebelum \t malam\u00a0hari"
    assert quote.evidence.prefix.endswith("“") and quote.evidence.suffix.startswith(",” ujar Hari.")


def test_a_reported_statement_is_its_clause(extract) -> None:
    doc = extract(ARTICLES[1])
    said = next(s for s in doc.statements if not s.direct)
    assert said.evidence is not None
    assert said.evidence.exact == "kader posyandu menjadi ujung tombak pencegahan stunting di desa"


def test_a_quotation_over_two_paragraphs_spans_both(extract) -> None:
    doc = extract(ARTICLES[1])
    quote = next(s for s in doc.statements if s.direct)
    assert quote.evidence is not None
    assert quote.evidence.exact.startswith("Kader harus") and quote.evidence.exact.endswith("tahun depan")
    assert "\n\n\"" in quote.evidence.exact


def test_a_delegation_is_the_sentence_that_states_it(extract) -> None:
    doc = extract(ARTICLES[1])
    (d,) = doc.delegations
    assert d.evidence is not None
    assert d.evidence.exact.startswith("Bupati Kudus yang diwakili") and d.evidence.exact.endswith("(23/11/2026).")
    # the principal is a post, not a named person: one doubt
    assert d.confidence == confidence(["principal_post"], DELEGATION_DOUBTS)


def test_mentions_are_every_form_of_the_name_and_the_longer_form_wins(extract) -> None:
    doc = extract(ARTICLES[0])
    hari = person(doc, "Hari Wibowo")
    assert [m.exact for m in hari.mentions] == ["Hari Wibowo", "Hari"]
    doc = extract(ARTICLES[2])
    danang = person(doc, "Danang Maharsa")
    assert [m.exact for m in danang.mentions] == ["Danang Maharsa", "Danang Maharsa"]


def test_confidence_falls_with_carried_over_and_title_only_speakers(extract) -> None:
    doc = extract(ARTICLES[0])
    named = next(s for s in doc.statements if s.direct)
    carried = next(s for s in doc.statements if s.text.startswith("relawan"))
    assert named.confidence == 1.0
    assert carried.confidence == confidence(["reported", "carried_over"], STATEMENT_DOUBTS)
    doc = extract(ARTICLES[2])
    titled = next(s for s in doc.statements if s.text.startswith("posko"))
    assert titled.confidence == confidence(["reported", "title_only"], STATEMENT_DOUBTS)
    assert named.confidence > titled.confidence > carried.confidence  # type: ignore[operator]


def test_confidence_is_monotone_and_bounded() -> None:
    doubts = list(STATEMENT_DOUBTS)
    for n in range(len(doubts)):
        assert confidence(doubts[:n + 1], STATEMENT_DOUBTS) <= confidence(doubts[:n], STATEMENT_DOUBTS)
    assert confidence(doubts, STATEMENT_DOUBTS) >= FLOOR
    assert confidence([], STATEMENT_DOUBTS) == 1.0


def test_words_not_in_the_text_fall_back_to_the_sentence_and_a_lost_sentence_to_nothing() -> None:
    text = "Kepala Desa Sukamaju, Budi Santoso, meresmikan jembatan baru. Warga menyambut gembira."
    article = Article.parse("Judul", text)
    locator = Locator(text, article)
    said = Said(Person("Budi Santoso"), "jembatan itu dibangun dengan dana desa", False, 0)
    span, located = locator.statement(said)
    assert not located and span is not None
    assert span.exact == "Kepala Desa Sukamaju, Budi Santoso, meresmikan jembatan baru."
    # the same sentence over another text: not found, so no span at all rather than a wrong one
    other = Locator("Sesuatu yang sama sekali lain.", article)
    assert other.statement(said) == (None, False)
    assert other.sentence(0) is None and other.sentence(99) is None


def test_a_repeated_sentence_is_found_in_its_own_place() -> None:
    text = "Rapat dimulai pukul sembilan pagi. Camat hadir. Rapat dimulai pukul sembilan pagi."
    article = Article.parse("Judul", text)
    locator = Locator(text, article)
    first, last = locator.sentence(0), locator.sentence(2)
    assert first is not None and last is not None
    assert (first.start, last.start) == (0, text.rindex("Rapat"))


@pytest.mark.parametrize(("fields", "problem"), [
    ({"exact": "abc", "start": 5, "end": 5}, "not after start"),
    ({"exact": "abc", "start": 5, "end": 9}, "exact has 3 characters"),
    ({"exact": "abc", "start": -1, "end": 2}, "greater than or equal to 0"),
])
def test_evidence_is_validated(fields: dict[str, object], problem: str) -> None:
    with pytest.raises(ValidationError, match=problem):
        Evidence.model_validate(fields)


def test_confidence_out_of_range_is_refused_and_documents_without_evidence_stay_valid() -> None:
    base = {"article": {"url": "https://example.go.id/a", "title": "T"},
            "people": [{"name": "Budi Santoso"}],
            "statements": [{"speaker": "Budi Santoso", "text": "kata kata kata"}]}
    Document.model_validate(base).index("x")
    bad = {**base, "statements": [{"speaker": "Budi Santoso", "text": "kata kata kata", "confidence": 1.5}]}
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        Document.model_validate(bad)
    kept = Evidence(exact=" a b ", prefix=" x ", suffix="", start=3, end=8)
    assert kept.exact == " a b " and kept.prefix == " x "  # whitespace is part of the evidence


def test_every_doubt_and_its_cost_is_documented() -> None:
    from pathlib import Path  # noqa: PLC0415

    from humasgraph.extract.evidence import EVENT_DOUBTS, PERSON_DOUBTS  # noqa: PLC0415

    doc = (Path(__file__).resolve().parents[2] / "docs" / "extraction.md").read_text(encoding="utf-8")
    for fact, costs in (("statement", STATEMENT_DOUBTS), ("delegation", DELEGATION_DOUBTS),
                        ("person", PERSON_DOUBTS), ("event", EVENT_DOUBTS)):
        for doubt, cost in costs.items():
            assert any(line.startswith(f"| {fact} | `{doubt}`") and line.endswith(f"| {cost:.2f} |")
                       for line in doc.splitlines()), f"docs/extraction.md lacks {fact} {doubt} {cost}"


def test_the_documented_yaml_is_what_extract_writes() -> None:
    from pathlib import Path  # noqa: PLC0415

    from humasgraph.cli.report import dump_document  # noqa: PLC0415
    from humasgraph.extract import extract_file  # noqa: PLC0415

    repo = Path(__file__).resolve().parents[2]
    doc = (repo / "docs" / "extraction.md").read_text(encoding="utf-8")
    example = doc.split("## Evidence and confidence", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    block = example.split("\n", 1)[1]  # after the comment naming the command
    written = dump_document(extract_file(repo / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.txt"),
                           "yaml")
    assert block in written


def test_a_word_of_a_name_inside_another_name_is_no_mention(extract) -> None:
    doc = extract("Kepala Dinas Sosial Kota Blitar, Agung Prasetyo, meninjau dapur umum di Masjid Agung Blitar. "
                  "Menurut Agung, bantuan datang dari Agung Podomoro dan warga.\n\n"
                  "Kadis Agung juga meminta relawan mencatat setiap keluarga penerima.")
    agung = person(doc, "Agung Prasetyo")
    assert [(m.exact, m.suffix[:6]) for m in agung.mentions] == [
        ("Agung Prasetyo", ", meni"), ("Agung", ", bant"), ("Agung", " juga ")]


def test_the_words_keep_the_punctuation_they_end_with() -> None:
    text = "Camat Sukamaju, Budi Santoso, bertanya kenapa realisasi anggaran desa lambat (sejak 2024)? Warga diam."
    article = Article.parse("Judul", text)
    said = Said(Person("Budi Santoso"), "kenapa realisasi anggaran desa lambat (sejak 2024)?", False, 0)
    span, located = Locator(text, article).statement(said)
    assert located and span is not None and span.exact == said.text


def test_offsets_of_an_html_page_count_in_the_text_taken_from_it() -> None:
    from humasgraph.extract import extract_html  # noqa: PLC0415
    from humasgraph.extract.html import read_page  # noqa: PLC0415

    page = ("<html><head><title>Rapat Humas</title></head><body><nav><p>Beranda Berita</p></nav><article>"
            "<p>Kepala Bappeda Kota Semarang, Sri Handayani, membuka rapat koordinasi humas.</p>"
            "<p>&ldquo;Data harus terbuka untuk warga kota,&rdquo; ujar Sri.</p></article></body></html>")
    doc = extract_html(page, today=TODAY)
    body = read_page(page).body
    (quote,) = doc.statements
    assert quote.evidence is not None and quote.evidence.exact == "Data harus terbuka untuk warga kota"
    for e in _evidences(doc):
        assert body[e.start:e.end] == e.exact


def test_the_yaml_names_each_items_doubts_beside_its_confidence(extract) -> None:
    from humasgraph.cli.report import dump_document  # noqa: PLC0415

    doc = extract(ARTICLES[0])
    lines = [line for line in dump_document(doc, "yaml").splitlines() if "confidence:" in line]
    carried = next(s for s in doc.statements if s.text.startswith("relawan"))
    assert f"  confidence: {carried.confidence}  # reported, carried_over" in lines
    assert "#" not in dump_document(doc, "json")


def test_a_principal_carried_over_from_an_earlier_sentence_is_a_doubt(extract) -> None:
    doc = extract("Asisten Pemerintahan Setda Kabupaten Kudus, Budi Santoso, membacakan sambutan Bupati Kudus "
                  "dalam rapat koordinasi humas. “Humas harus bekerja cepat dan tepat,” ujarnya.\n\n"
                  "Budi menambahkan bahwa setiap dinas wajib memperbarui laman resminya.")
    quoted, reported = doc.statements
    assert quoted.on_behalf_of and reported.on_behalf_of
    assert reported.confidence == confidence(["reported", "behalf_carried_over"], STATEMENT_DOUBTS)


def test_a_span_too_long_for_the_format_is_left_out_not_cut() -> None:
    words = " ".join(f"kata{i}" for i in range(4_000))
    text = f"Kepala Desa Sukamaju, Budi Santoso, mengatakan bahwa {words}."
    doc = extract_text(text, title="Judul", today=TODAY)
    (said,) = doc.statements
    assert len(said.text) == 20_000 and said.evidence is None
