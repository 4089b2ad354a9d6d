"""What an article's text says of its event besides the name: organiser, venue and city, dates, participants.

``events.find_events`` finds an event and its name, then calls these to fill in the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..model.names import fold
from .agencies import Agencies
from .dates import DateMention, bare_weekday, find_dates
from .lexicon import lexicon, phrase_pattern
from .places import Regions
from .text import PLACEHOLDER, Article

if TYPE_CHECKING:
    from .events import Event

__all__ = ["STOPS", "add_dates", "add_later_dates", "add_organizer", "add_participants", "add_place", "plain",
           "short_name"]

STOPS = frozenset({"di", "pada", "yang", "mulai", "sejak", "hingga", "sampai", "selama", "bertempat", "dengan",
                    "oleh", "dan", "serta", "untuk", "guna", "dalam", "tersebut", "ini", "itu", "kepada"})
_NEXT_DAY = re.compile(r"\b(?:keesokan\s+harinya|esok\s+harinya|hari\s+berikutnya)\b", re.IGNORECASE)
_NOT_PEOPLE = frozenset({"persen", "juta", "miliar", "ribu", "unit", "kali", "hari", "tahun", "bulan", "jam", "menit",
                         "konten", "kasus", "desa", "kecamatan", "kelurahan", "titik", "item", "buah", "paket"})
MAX_EVENT_DAYS = 14
# "berlangsung selama dua hari", "digelar selama 3 hari": how many days the event lasts
_LASTING = re.compile(r"\bselama\s+(\d{1,2}|dua|tiga|empat|lima|enam|tujuh)\s+hari\b", re.IGNORECASE)
_TRIGGER_WORD = re.compile(r"\b(?:berlangsung|digelar|dilaksanakan|diselenggarakan|berjalan|kegiatan|acara|"
                           r"pelatihan|bimtek|workshop|rapat|kunjungan|sosialisasi|lokakarya|ini|itu)\b",
                           re.IGNORECASE)
_NUMBER_WORDS = {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}


def add_organizer(event: Event, text: str, agencies: Agencies, regions: Regions) -> None:
    lex = lexicon()
    verbs = "|".join(sorted(lex.event_verbs - {"mengikuti", "membuka"}))
    holder = re.search(rf"^(?:Rombongan\s+)?(?P<who>.+?)\s+(?:{verbs})\b", text)
    by = re.search(r"\b(?:digelar|diselenggarakan|dilaksanakan|dihelat|diadakan|dilakukan)\s+(?:oleh\s+)?"
                   r"(?P<who>[A-Z].*)$", text)
    for m in (holder, by):
        if m is None:
            continue
        spans = agencies.find(m.group("who"))
        if not spans:
            continue
        if m is holder and spans[-1][1] < len(m.group("who").rstrip(" ,")) - 1:
            continue  # the agency is not the subject of the verb
        hint = None
        first = agencies.read(spans[0][2])
        if len(spans) > 1 and " melalui " in m.group("who") and first is not None:
            hint = first.region
        surface = spans[-1][2] if m is holder else spans[0][2]
        organizer = agencies.read(surface, region_hint=hint)
        if organizer is not None:
            event.organizer = organizer
            if event.name[:1].islower() and m is holder and not event.topic:
                head, _, rest = event.name.partition(" dengan ") if " dengan " in event.name else \
                    event.name.partition(" ke ")
                joiner = " dengan " if " dengan " in event.name else " ke "
                event.name = f"{head} {short_name(surface, agencies)}" + (f"{joiner}{rest}" if rest else "")
            return


def add_place(event: Event, article: Article, text: str, regions: Regions, after: int, *,
           own_sentence: bool = False) -> None:
    lex = lexicon()
    heads = "|".join(re.escape(v) for v in sorted(lex.venue_heads, key=len, reverse=True))
    venue_re = re.compile(rf"\b(?:di|ke)\s+(?P<venue>(?:{heads})\b[^,.;()]*)(?P<tail>,\s*[^,.;]+)?", re.IGNORECASE)
    order = [text] if own_sentence else [text] + [plain(s.text) for s in article.sentences if s.paragraph == 0] + \
        [plain(s.text) for s in article.sentences]
    for candidate in order:
        m = venue_re.search(candidate)
        if m is None or (candidate is not text and not m.group("venue")[:1].isupper() and candidate not in order[:2]):
            continue
        words: list[str] = []
        for w in m.group("venue").split():
            if fold(w) in STOPS or fold(w) in lex.weekdays or (words and re.fullmatch(r"(?:di|me|ber)[a-z]{3,}", w)):
                break  # "di Halaman Kantor Dinas Kominfo Provsu dipimpin oleh ...": a verb ends the place
            words.append(w)
        if not words:
            continue
        event.venue = " ".join(words)
        tail = (m.group("tail") or "").strip(" ,")
        if tail and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", tail) and fold(tail) not in lex.weekdays:
            event.city = tail
        break
    if event.city is None and regions.dateline is not None:
        event.city = regions.dateline.name
    if event.city is None and event.venue:
        last = event.venue.split()[-1]
        if len(event.venue.split()) >= 3 and last[:1].isupper() and fold(last) not in lex.venue_generic \
                and fold(last) not in lex.institution_words:
            event.city = last
    province = regions.main("provinsi")
    if province is not None:
        event.province = province.name


def add_dates(event: Event, article: Article, text: str, *, published: dt.date | None, today: dt.date,
           hint: dt.date | None = None) -> None:
    """The event's days: a date in its sentence or the first paragraph, else a weekday written alone
    (dated by the publication date), else the first date the article gives anywhere ("..., kata
    Jajang, Banjarbaru, Rabu (29/3/2023)."); a stated length ("selama dua hari") gives the end."""
    near = published or hint
    loose = published is None and hint is not None
    mentions = find_dates(text, published=near, today=today, loose=loose)
    first_paragraph = " ".join(plain(s.text) for s in article.sentences if s.paragraph == 0)
    if not mentions:
        mentions = find_dates(first_paragraph, published=near, today=today, loose=loose)
    if not mentions:
        anchor = published
        if article.dated is not None:  # "JAKARTA, 13/5 (ANTARA) – ... Senin."
            day, month, year = article.dated
            anchor = _valid_date(year or (published or today).year, month, day) or published
        event.start = bare_weekday(text, anchor=anchor) or bare_weekday(first_paragraph, anchor=anchor)
        if event.start is not None:
            return
        mentions = next((found for s in article.sentences
                         if (found := find_dates(plain(s.text), published=near, today=today, loose=loose))), [])
        if not mentions:
            return
    start = mentions[0]
    event.start, event.end = start.start, start.end
    anchor = published or start.start  # a year the text names only placed the first date
    for s in article.sentences:
        sentence = plain(s.text)
        for d in find_dates(sentence, published=anchor, today=today):
            _extend(event, d)
        lasting = _LASTING.search(sentence)
        if lasting is not None and event.end is None and _TRIGGER_WORD.search(sentence):
            days = _NUMBER_WORDS.get(lasting.group(1).lower()) or int(lasting.group(1))
            if 1 < days <= MAX_EVENT_DAYS:
                event.end = event.start + dt.timedelta(days=days - 1)


def add_later_dates(event: Event, first: Event, text: str, *, published: dt.date | None, today: dt.date) -> None:
    """A later event's date: its own if written, else the first event's day (the next day if so said)."""
    mentions = find_dates(text, published=published or first.start, today=today)
    if mentions:
        event.start, event.end = mentions[0].start, mentions[0].end
    elif first.start is not None:
        event.start = first.start + dt.timedelta(days=1 if _NEXT_DAY.search(text) else 0)


def _extend(event: Event, d: DateMention) -> None:
    if event.start is None:
        return
    span = (d.end or d.start) - event.start
    if d.start == event.start and d.end is not None:
        event.end = max(event.end or d.end, d.end)
    elif d.until and dt.timedelta(0) < span <= dt.timedelta(days=MAX_EVENT_DAYS):
        event.end = max(event.end or d.start, d.start)


def add_participants(event: Event, article: Article, agencies: Agencies) -> None:
    lex = lexicon()
    cues = phrase_pattern(lex.participant_cues)
    hedges = phrase_pattern(lex.participant_hedges)
    count_re = re.compile(rf"\b(?:{cues})\s+(?:(?:{hedges})\s+)?(\d{{1,6}})\s+(\w+)", re.IGNORECASE)
    for s in sorted(article.sentences, key=lambda s: (s.index != event.sentence, s.index)):
        text = plain(s.text)
        m = count_re.search(text)
        if m and fold(m.group(2)) not in _NOT_PEOPLE and int(m.group(1)) > 1:
            event.participant_count = int(m.group(1))
            for part in re.finditer(r"\bdari\s+(?:unsur\s+)?", text[m.start():]):
                rest = re.split(r"\b(?:yang|di|kegiatan|mengikuti|dengan)\b", text[m.start() + part.end():])[0]
                for _, _, surface in agencies.find(rest[:200]):
                    agency = agencies.read(surface)
                    if agency is not None and agency not in event.participants:
                        event.participants.append(agency)
            break


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def plain(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def short_name(surface: str, agencies: Agencies) -> str:
    """An agency as a short name reads it: "Dinas Komunikasi ... (Diskominfo SP) Kota X" → "Diskominfo SP Kota X"."""
    m = re.search(r"\(([^()]+)\)", surface)
    if m and m.group(1) in agencies.text_abbreviations:
        return f"{m.group(1)}{surface[m.end():]}".strip()
    return surface
