"""An article's text as the extractor reads it: dateline, paragraphs, sentences and quotations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import lexicon

__all__ = ["Article", "Quote", "Sentence", "abbreviation_definitions", "is_noise"]

QUOTE_MARKS = "“”\"«»„‟‘’"
# What closes a quotation each mark opens: a single-quoted one (‘…’) only closes on ’, so a nested
# ‘…’ inside “…” does not end the outer quotation, and an apostrophe inside a name never opens one.
_CLOSERS = {"“": "”“\"", "”": "”\"", "\"": "\"”“", "„": "“”\"", "‟": "”\"", "«": "»", "‘": "’"}
_OPEN_BEFORE = " \t\n([:,;—–-"
_CLOSE_AFTER = " \t\n,.;:!?)]—–-"
PLACEHOLDER = re.compile(r"⟦Q(\d+)⟧")
# What follows a closing mark that attributes the quotation before it: ', kata Aswan.', ' ujarnya'.
_ATTRIBUTION_AFTER = re.compile(r"\s*,?\s*(?:kata|ujar|ucap|jelas|tegas|tutur|imbuh|pungkas|tandas|ungkap|terang|"
                                r"tambah|lanjut|papar|sebut)(?:nya)?\b")
# Tokens after which a full stop does not end the sentence: titles before names, initials,
# abbreviations of places ("Kab.", "Prov.").
_NO_BREAK = frozenset({
    "drs", "dra", "dr", "ir", "h", "hj", "prof", "kh", "drg", "muh", "moh", "mhd", "moch", "kab", "kec",
    "kel", "prov", "no", "jl", "st", "sdr", "bpk", "ny", "tn", "pol", "gkr", "rm", "ust", "hc",
    "pj", "plt", "plh", "pjs", "sos", "si", "hum", "kom", "pd",
    # police and military ranks, abbreviated before a name ("Kapolres SBD, AKBP. Yosef Mandagi")
    "akbp", "akp", "kompol", "iptu", "ipda", "aiptu", "aipda", "kombes", "irjen", "brigjen", "komjen", "letkol",
    "letda", "lettu", "mayjen", "letjen", "laksma", "marsma", "brigpol", "bripka", "briptu", "bripda", "bharada",
    "serka", "serma", "sertu", "serda", "kopda", "koptu", "kopka", "praka", "pratu", "prada", "pelda", "peltu",
    "kol", "kapt",
})
# "SEMARANG –", "BANYUASIN, SUMSEL –", "Kabupaten Sleman (Humas) –", "JAKARTA, 13/5 (ANTARA) –".
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Z.' ]{2,40}?|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:\s*,\s*(?:(?P<day>\d{1,2})/(?P<month>\d{1,2})(?:/(?P<year>\d{2,4}))?|\(?[A-Za-z][\w.]{1,15}\)?))?"
    r"\s*(?:\([A-Za-z .]{2,20}\)\s*)?(?:[–—-]{1,2}\s+|(?<=[A-Z])-(?=[A-Z][a-z]))")
# "KEPATIHAN YOGYAKARTA (17/02/2012) pemda-diy.go.id - ": a dateline with the release's full date in brackets,
# then the site.
_DATED_LINE = re.compile(r"^\s*(?P<city>[A-Z][A-Z.' ]{2,40}?)\s*\(\s*(?P<day>\d{1,2})/(?P<month>\d{1,2})/"
                         r"(?P<year>\d{4})\s*\)\s*(?:[a-z][\w-]*(?:\.[a-z][\w-]*)+\s*)?[–—-]{1,2}\s+")
# Paragraphs that are not the article: bylines and credits, captions, links to other stories,
# hashtags, embedded posts. A caption ends with its credit: "... (Foto: Humas Sleman)".
_NOISE = re.compile(
    r"^(?:(?:baca|simak|lihat)\s+(?:juga|pula)\b|baca\s+selengkapnya|berita\s+terkait\b|"
    r"(?:editor|penulis|pewarta|reporter|redaktur|penyunting|sumber|foto(?:\s+ilustrasi)?|ilustrasi|"
    r"dok(?:umentasi)?\.?|tags?|topik|kata\s+kunci|caption|keterangan\s+foto)\s*:|"
    r"copyright\b|hak\s+cipta\b|©|view\s+this\s+post\b|a\s+post\s+shared\s+by\b|lihat\s+postingan\b)"
    r"|\((?:foto|dok|dokumentasi|ilustrasi)\b[^()]*\)\s*\.?$",
    re.IGNORECASE)
_HASHTAGS = re.compile(r"^(?:#\w+[\s,]*)+$")
_BYLINE = re.compile(r"\s*\((?=[^()]*[a-z])[^()\d]{1,40}\)\s*$")


@dataclass(frozen=True)
class Quote:
    """A quotation: its words without the marks."""

    index: int
    text: str
    continues: int | None = None  # the quotation this one goes on with (a quote run over two paragraphs)


@dataclass
class Sentence:
    """One sentence with its quotations masked as ``⟦Qn⟧``; ``paragraph`` counts from 0."""

    text: str
    paragraph: int
    index: int
    quotes: list[Quote] = field(default_factory=list)

    def unmask(self, text: str | None = None) -> str:
        """``text`` (default the sentence) with the quotations put back in marks."""
        by_index = {q.index: q.text for q in self.quotes}
        return PLACEHOLDER.sub(lambda m: f"“{by_index.get(int(m.group(1)), '')}”", self.text if text is None else text)


def _find_quotes(paragraph: str) -> list[tuple[int, int]]:
    """Spans of quotations, marks included; an unclosed quotation runs to the paragraph's end."""
    return _quote_spans(paragraph)[0]


def _quote_spans(paragraph: str) -> tuple[list[tuple[int, int]], bool]:
    """Spans of quotations, and whether the last one is left open at the paragraph's end (by the
    convention of a quotation running over paragraphs: no closing mark, the next paragraph opens one)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    n = len(paragraph)
    for i, ch in enumerate(paragraph):
        if ch not in QUOTE_MARKS:
            continue
        prev = paragraph[i - 1] if i else " "
        nxt = paragraph[i + 1] if i + 1 < n else " "
        if start is None:
            if not spans and ch in "”\"" and i > 20 and not prev.isspace() and nxt in _CLOSE_AFTER \
                    and _ATTRIBUTION_AFTER.match(paragraph[i + 1:]) \
                    and not any(c in QUOTE_MARKS for c in paragraph[:i]):
                spans.append((0, i + 1))  # a quotation going on from the paragraph before: no opening mark
                continue
            if ch in _CLOSERS and prev in _OPEN_BEFORE and (not nxt.isspace() or (
                    prev == " " and nxt == " " and paragraph[i + 2:i + 3].isupper())):
                start = i  # also a mark set apart from the words it opens: 'tentang Kominfo, ” Saya ...'
        elif ch in _CLOSERS.get(paragraph[start], "") and i > start + 1 \
                and (nxt in _CLOSE_AFTER or ch in "”»") and not prev.isspace():
            spans.append((start, i + 1))
            start = None
    if start is not None and n - start > 20:
        spans.append((start, n))
        return spans, True
    return spans, False


def _split_sentences(masked: str) -> list[str]:
    out: list[str] = []
    begin = 0
    for m in re.finditer(r"[.!?]+(?:(?=\s+[A-Z⟦\"“(])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]))", masked):
        if not masked[m.end():m.end() + 1].isspace() and \
                not re.search(r"(?:^|\s)[a-z-]+$", masked[begin:m.start()]):
            continue  # "desa-desa.Ia menyampaikan" ends a sentence; "GoRiau.Com" does not
        if masked[m.start() - 1:m.start()] == ",":
            continue  # ",." is a slip of the keyboard, not the end of a sentence
        before = masked[begin:m.start()].split()
        last = before[-1].lower().strip("(,") if before else ""
        if last.rstrip(".") in _NO_BREAK or re.fullmatch(r"[a-z]", last):
            continue
        if "." in last.rstrip(".") and re.fullmatch(r"(?:[a-z]{1,4}\.)+[a-z]{1,5}\.?", last):
            continue  # a degree written with dots ("Thamrin S.Sos. M.M mewakili"): the name goes on
        out.append(masked[begin:m.end()].strip())
        begin = m.end()
    tail = masked[begin:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass
class Article:
    """A headline and body cut into paragraphs and sentences, quotations set apart."""

    title: str
    paragraphs: list[str]
    sentences: list[Sentence]
    quotes: list[Quote]
    dateline: str | None
    dated: tuple[int, int, int | None] | None = None  # the dateline's day/month(/year): "JAKARTA, 13/5 (ANTARA)"

    @classmethod
    def parse(cls, title: str, body: str) -> Article:
        paragraphs = [re.sub(r"[ \t\u00a0]+", " ", p).strip() for p in re.split(r"\n\s*\n|\r?\n", body)]
        paragraphs = [p for p in paragraphs if p and not p.isspace() and not is_noise(p)]
        dateline = None
        dated: tuple[int, int, int | None] | None = None
        if paragraphs:
            m = _DATELINE.match(paragraphs[0]) or _DATED_LINE.match(paragraphs[0])
            if m and not lexicon().weekdays.get(m.group("city").strip().lower()):
                dateline = " ".join(w.capitalize() for w in m.group("city").strip(" .").split())
                paragraphs[0] = paragraphs[0][m.end():]
                if m.group("day"):
                    year = int(m.group("year")) if m.group("year") else None
                    dated = (int(m.group("day")), int(m.group("month")),
                             year + 2000 if year is not None and year < 100 else year)
            paragraphs[-1] = _BYLINE.sub("", paragraphs[-1])
        sentences: list[Sentence] = []
        quotes: list[Quote] = []
        left_open: Quote | None = None
        for p_index, paragraph in enumerate(paragraphs):
            masked = paragraph
            local: list[Quote] = []
            spans, unclosed = _quote_spans(paragraph)
            for start, end in reversed(spans):
                opening = 1 if paragraph[start] in QUOTE_MARKS else 0  # none when it goes on from before
                words = paragraph[start + opening:end].rstrip(QUOTE_MARKS).strip().rstrip(",.").strip()
                quote = Quote(len(quotes) + len(local), words)
                local.append(quote)
                masked = f"{masked[:start]}⟦Q{quote.index}⟧{masked[end:]}"
            # numbered in reading order
            local.reverse()
            renumber = {q.index: len(quotes) + i for i, q in enumerate(local)}
            masked = PLACEHOLDER.sub(lambda m, r=renumber: f"⟦Q{r[int(m.group(1))]}⟧", masked)  # type: ignore[misc]
            local = [Quote(renumber[q.index], q.text) for q in local]
            if left_open is not None and local and spans[0][0] == 0:
                local[0] = Quote(local[0].index, local[0].text, continues=left_open.index)
            left_open = local[-1] if unclosed and local else None
            quotes.extend(local)
            for text in _split_sentences(masked):
                inside = [quotes[int(i)] for i in PLACEHOLDER.findall(text)]
                sentences.append(Sentence(text, p_index, len(sentences), inside))
        return cls(title.strip(), paragraphs, sentences, quotes, dateline, dated)

    @property
    def masked_text(self) -> str:
        """The body with quotations masked, one sentence a line."""
        return "\n".join(s.text for s in self.sentences)


def is_noise(paragraph: str) -> bool:
    """Whether a paragraph is a credit, caption, link, hashtag line or embed rather than the story."""
    text = paragraph.strip()
    return bool(_NOISE.search(text) or _HASHTAGS.match(text))


_ABBR = re.compile(r"\(([A-Z][A-Za-z]{1,20}(?:[- ][A-Z][A-Za-z]{0,6}){0,2})\)")
_RUN_WORD = re.compile(r"^(?:[A-Z][\w'’/-]*,?|dan|&|se-\w+)$")


def abbreviation_definitions(text: str, heads: frozenset[str]) -> dict[str, str]:
    """Abbreviations the text defines: "Kelompok Informasi Masyarakat (KIM)" → {"KIM": "Kelompok ..."}."""
    found: dict[str, str] = {}
    for m in _ABBR.finditer(text):
        abbr = m.group(1)
        words = text[:m.start()].split()
        run: list[str] = []
        for w in reversed(words[-12:]):
            lowercase_initials = w.islower() and abbr.isupper() and len(run) < len(abbr) \
                and all(x.islower() for x in run)
            if not (_RUN_WORD.match(w) or lowercase_initials):
                break
            run.insert(0, w)
        if not run:
            continue
        long = _initials_match(run, abbr) or _head_match(run, abbr, heads)
        if long:
            found.setdefault(abbr, long.rstrip(","))
    return found


def _initials_match(run: list[str], abbr: str) -> str | None:
    letters = [c for c in abbr if c.isupper()]
    content = [i for i, w in enumerate(run) if w.lower() not in ("dan", "&")]
    if len(content) < len(letters) or not abbr.isupper():
        return None
    tail = content[-len(letters):]
    if all(run[i][0].upper() == c for i, c in zip(tail, letters, strict=True)):
        return " ".join(run[tail[0]:])
    return None


def _head_match(run: list[str], abbr: str, heads: frozenset[str]) -> str | None:
    first = abbr[0].lower()
    head_words = {h.split()[0] for h in heads}
    for i, w in enumerate(run):
        if w[0].lower() == first and w.lower().strip(",") in head_words:
            return " ".join(run[i:])
    return None
