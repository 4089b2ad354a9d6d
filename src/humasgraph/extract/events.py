"""The event an article reports: name, kind, dates, venue and city, organiser and participants."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model.enums import EventType
from ..model.names import fold
from .agencies import Agencies, Agency
from .dates import DateMention, bare_weekday, find_dates
from .lexicon import lexicon, phrase_pattern
from .places import Regions
from .text import PLACEHOLDER, Article

__all__ = ["Event", "find_event", "find_events"]

_STOPS = frozenset({"di", "pada", "yang", "mulai", "sejak", "hingga", "sampai", "selama", "bertempat", "dengan",
                    "oleh", "dan", "serta", "untuk", "guna", "dalam", "tersebut", "ini", "itu", "kepada"})
_CONTINUE = frozenset({"bagi", "tentang", "mengenai", "tahun"})
_CUES = frozenset({"acara", "kegiatan", "dalam", "pada", "saat", "mengikuti", "membuka", "menggelar",
                   "menyelenggarakan", "mengadakan", "melaksanakan", "melakukan", "menghelat", "menutup",
                   "rangka", "memfasilitasi", "menghadiri", "memimpin", "mengawali", "agenda", "giat",
                   "menerima"})  # "menerima kunjungan kerja X": the host's side of a visit
# Verbs that are an event by themselves: "meluncurkan aplikasi X" is the launch of application X.
_TRANSITION = re.compile(r"^(?:Usai|Seusai|Selepas|Setelah|Sesudah|Selanjutnya|Kemudian|Sebelumnya|Pada\s+"
                         r"(?:sore|malam|siang|pagi)\s+hari(?:nya)?|(?:Pada\s+)?(?:Di\s+)?hari\s+yang\s+sama|"
                         r"Keesokan\s+harinya|Sore\s+harinya|Malam\s+harinya|Siang\s+harinya)\b", re.IGNORECASE)
_NEXT_DAY = re.compile(r"\b(?:keesokan\s+harinya|esok\s+harinya|hari\s+berikutnya)\b", re.IGNORECASE)
_PASSIVE_CUES = re.compile(r"\b(digelar|diselenggarakan|dilaksanakan|berlangsung|dibuka|diikuti|dihadiri|dihelat)\b")
_NOT_PEOPLE = frozenset({"persen", "juta", "miliar", "ribu", "unit", "kali", "hari", "tahun", "bulan", "jam", "menit",
                         "konten", "kasus", "desa", "kecamatan", "kelurahan", "titik", "item", "buah", "paket"})
MAX_EVENT_DAYS = 14
# Event nouns of real releases beyond the shared lexicon: a council "hearing", a "pers tour", a "tatap muka".
_MORE_TYPES = {"hearing": "hearing", "konsultasi": "visit", "pembahasan": "hearing",
               "pers tour": "visit", "press tour": "visit", "perstour": "visit",
               "tatap muka": "coordination_meeting", "silaturahmi": "meeting", "silaturahim": "meeting"}
# "berlangsung selama dua hari", "digelar selama 3 hari": how many days the event lasts
_LASTING = re.compile(r"\bselama\s+(\d{1,2}|dua|tiga|empat|lima|enam|tujuh)\s+hari\b", re.IGNORECASE)
_TRIGGER_WORD = re.compile(r"\b(?:berlangsung|digelar|dilaksanakan|diselenggarakan|berjalan|kegiatan|acara|"
                           r"pelatihan|bimtek|workshop|rapat|kunjungan|sosialisasi|lokakarya|ini|itu)\b",
                           re.IGNORECASE)
# Event nouns that are an event only with the name of what they deal with: "pembahasan KUA dan PPAS ...".
_OF_A_NAMED_THING = frozenset({"pembahasan"})
# "saat berkunjung ke Media Center X" → "kunjungan ke Media Center X" (a named place only).
_MORE_ACTIVES = {"berkunjung ke": "kunjungan ke"}
_RECALLED = re.compile(r"^(?:Setelah|Sebelumnya|Sebelum\s+itu)\b")
_NUMBER_WORDS = {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7}
# An event found in a sentence: name, kind, where its name ends, and whether it is named by its topic.
_Found = tuple[str, str, int] | tuple[str, str, int, bool]
MAX_NAME_WORDS = 22


@dataclass(eq=False)
class Event:
    """The event an article reports, as far as the text says."""

    name: str
    type: EventType
    sentence: int
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str | None = None
    city: str | None = None
    province: str | None = None
    organizer: Agency | None = None
    participant_count: int | None = None
    participants: list[Agency] = field(default_factory=list)
    key: str = ""
    topic: bool = False  # named by what it was about: the organiser is not added to the name
    past: bool = False  # an earlier event the article recalls ("Setelah melakukan konsultasi ..., Rabu lalu")


def _types() -> dict[str, str]:
    """Event nouns and their kinds: the shared lexicon's, then those of real releases it lacks."""
    return {**_MORE_TYPES, **lexicon().event_types}


def _plain(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def find_event(article: Article, regions: Regions, agencies: Agencies, *, published: dt.date | None,
               today: dt.date) -> Event | None:
    """The first event the body reports, or None if it reports none."""
    events = find_events(article, regions, agencies, published=published, today=today)
    return events[0] if events else None


def find_events(article: Article, regions: Regions, agencies: Agencies, *, published: dt.date | None,  # noqa: PLR0913
                today: dt.date, hint: dt.date | None = None, activity: bool = False) -> list[Event]:
    """The events the body reports: the first, then any a later paragraph opens with "Usai …",
    "Pada sore harinya …" and the like (a visit after a meeting, an assembly after an opening)."""
    triggers = re.compile(rf"\b(?:{phrase_pattern(set(_types()))})\b", re.IGNORECASE)
    events: list[Event] = []
    recalled: list[Event] = []
    for sentence in article.sentences:
        text = _plain(sentence.text)
        if events and (sentence.paragraph == article.sentences[events[0].sentence].paragraph
                       or not _TRANSITION.match(text)):
            continue
        clause = _TRANSITION.sub("", text) if events else text
        if events:
            # "Usai membuka pelatihan, Pj Bupati memimpin Apel …": the event is in the main clause
            clause = clause.split(",", 1)[1] if re.match(r"^\s*\w+\s+[^,]{0,80},", clause) else clause
        now = re.search(r"\bkali\s+ini\b,?\s*", clause) if not events else None
        if now is not None:  # "Beberapa waktu lalu X berkunjung ..., kali ini studi tiru dilakukan Y": the latter
            clause = clause[now.end():]
        found = _named(clause, triggers) or _passive(clause, regions) or _active(clause) or \
            _generic(clause, triggers, agencies)
        if activity:  # the second reading: an activity named by what it does ("dalam kegiatan ...")
            found = None if events else _activity(clause, triggers)
        if found is None:
            continue
        name, kind, span_end = found[:3]
        if any(fold(name) == fold(e.name) for e in events):
            continue
        event = Event(name, EventType(kind), sentence.index, topic=found[3] if len(found) > 3 else False)
        if not events and _RECALLED.match(text) and re.search(r"\blalu\b", text) and find_dates(
                text, published=published or hint, today=today):
            # "Setelah melakukan konsultasi ke X, Rabu (30/11/2022) lalu. Kali ini ...": an earlier event
            # with its own date; the article's event comes after it
            if not any(e.past for e in recalled):
                event.past = True
                _organizer(event, text, agencies, regions)
                _later_dates(event, event, text, published=published or hint, today=today)
                recalled.append(event)
            continue
        _organizer(event, clause if now is not None else text, agencies, regions)
        if events:
            _place(event, article, text, regions, span_end, own_sentence=True)
            _later_dates(event, events[0], text, published=published or hint, today=today)
        else:
            _place(event, article, text, regions, span_end)
            _dates(event, article, text, published=published, today=today, hint=hint)
            _participants(event, article, agencies)
        events.append(event)
    if not events and not recalled and not activity:
        events = find_events(article, regions, agencies, published=published, today=today, hint=hint, activity=True)
        if events:
            return events
    if not events and recalled:  # the recalled event is the only one the article reports
        recalled[0].past = False
    events.extend(recalled)
    if not events and (titled := _from_title(article.title, triggers, agencies)) is not None:
        event = titled
        _dates(event, article, "", published=published, today=today, hint=hint)
        events.append(event)
    return events


def _from_title(title: str, triggers: re.Pattern[str], agencies: Agencies) -> Event | None:
    """When the body names no event, the headline's: "Diskominfo Enrekang Kunjungan Kerja ke Gowa" →
    "kunjungan kerja Diskominfo Enrekang ke Gowa", held by the agency written before the event noun."""
    m = triggers.search(title)
    if m is None:
        return None
    before = title[:m.start()].strip(" ,:-–")
    spans = agencies.find(before) if before else []
    holder = spans[-1][2] if spans and spans[-1][1] >= len(before) - 1 else None
    rest: list[str] = []
    for w in title[m.end():].split()[:8]:
        if fold(w) in lexicon().weekdays or w.endswith(("?", "!")):
            break
        rest.append(w.strip(",.:;"))
        if w[-1:] in ",.:;":
            break
    name = " ".join([m.group().lower(), *([holder] if holder else []), *rest])
    event = Event(name, EventType(_types()[_trigger_key(m.group())]), 0)
    event.organizer = agencies.read(holder) if holder else None
    return event


def _active(text: str) -> _Found | None:
    """An event named by its verb: "meluncurkan aplikasi Lapor Ende di Aula …" → "peluncuran aplikasi Lapor Ende"."""
    lex = lexicon()
    actives = {**_MORE_ACTIVES, **lex.event_actives}
    verbs = phrase_pattern(set(actives))
    m = re.search(rf"\b(?P<verb>{verbs})\s+(?:secara\s+resmi\s+)?(?P<rest>[A-Z].*|(?<!ke\s)\S.*)$", text)
    if m is None or (fold(m.group("verb")) in _MORE_ACTIVES and not m.group("rest")[:1].isupper()):
        return None
    noun = actives[fold(m.group("verb"))]
    words: list[str] = []
    for w in m.group("rest").split()[:MAX_NAME_WORDS]:
        core = w.rstrip(",.;:")
        low = fold(core)
        if low in lex.weekdays or low in _STOPS - {"dan"} or (core.startswith("(") and re.search(r"\d", core)):
            break
        words.append(core)
        if core != w:
            break
    while words and fold(words[-1]) in ("dan", "serta"):
        words.pop()
    if not words or fold(words[0]) in ("kegiatan", "acara", "tersebut"):
        return None
    kind = lex.event_types.get(noun.split()[0], "other")
    name = f"{noun} {' '.join(words)}"
    return name, kind, m.end("verb") + 1 + len(" ".join(words)), True


def _named(text: str, triggers: re.Pattern[str]) -> tuple[str, str, int] | None:
    """A capitalised event name: "menggelar Rapat Koordinasi Kehumasan se-NTB di Hotel ..."."""
    lex = lexicon()
    for m in triggers.finditer(text):
        if not m.group()[:1].isupper():
            continue
        if text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")":
            # "menggelar Focus Grup Discussion (FGD) PPID DKI": the long form before the abbreviation
            words_before = text[:m.start() - 1].split()
            k = len(words_before)
            while k > 0 and words_before[k - 1][:1].isupper():
                k -= 1
            if 0 < k < len(words_before) and fold(words_before[k - 1]) in _CUES:
                start = len(" ".join(words_before[:k])) + 1
                long: list[str] = []
                for w in text[start:].split()[:MAX_NAME_WORDS]:
                    core = w.rstrip(",.;:")
                    if not (core[:1].isupper() or core[:1] == "(") or fold(core) in lexicon().weekdays:
                        break
                    long.append(core)
                    if core != w:
                        break
                return " ".join(long), _types()[_trigger_key(m.group())], start + len(" ".join(long))
            continue
        before = text[:m.start()].split()
        previous = fold(before[-1]) if before else ""
        if fold(" ".join(before[-2:])) == "tuan rumah":
            previous = "acara"  # "tuan rumah Rapat Koordinasi Nasional ...": the event it hosts
        if before and previous not in _CUES and not _PASSIVE_CUES.search(text[m.end():]):
            continue
        if before and before[-1][:1].isupper() and previous not in _CUES:
            continue  # inside another name ("Badan Koordinasi ...")
        words = text[m.start():].split()
        trigger_words = len(m.group().split())
        name: list[str] = words[:trigger_words - 1]  # "Rapat dengar pendapat (hearing) antara ...": all of it
        words = words[trigger_words - 1:]
        open_lower = False
        for k, w in enumerate(words[:MAX_NAME_WORDS]):
            core = w.rstrip(",.;:")
            low = fold(core)
            if core.startswith("(") and re.search(r"\d", core):
                break
            joins = low in ("dan", "&") and (open_lower or (words[k + 1:k + 2] and words[k + 1][:1].isupper()))
            if low in lex.weekdays or (low in _STOPS and not joins):
                break
            if k == 0 or w[:1].isupper() or w[:1] == "(" or low in ("dan", "&") or core.lower().startswith("se-") \
                    or re.fullmatch(r"\d{4}|ke-?\d+", core) or open_lower or low in _CONTINUE:
                if low in _CONTINUE:
                    open_lower = True
                name.append(core)
                if core != w:
                    break
                continue
            break
        if len(name) == 1 and previous in lex.event_verbs:
            # "melaksanakan Upacara penaikan bendera yang ...": a capitalised event noun, then what it is in
            # lower case, up to the clause's end
            for w in words[1:6]:
                core = w.rstrip(",.;:")
                if not re.fullmatch(r"[a-z][a-z-]*", core) or core in _STOPS or core in lex.weekdays \
                        or core in ("bersama", "secara", "kali"):
                    break
                name.append(core)
                if core != w:
                    break
        while name and fold(name[-1]) in ("dan", "&", "bagi", "tentang", "mengenai"):
            name.pop()
        if len(name) >= 2:
            kind = _types()[_trigger_key(m.group())]
            return " ".join(name), kind, m.start() + len(" ".join(name))
    return None


def _passive(text: str, regions: Regions) -> tuple[str, str, int] | None:
    """A ceremony named by its passive verb: "48 pengurus KIM ... dikukuhkan" → "pengukuhan pengurus KIM"."""
    lex = lexicon()
    for verb, noun in lex.event_passives.items():
        m = re.search(rf"^(?:Sebanyak\s+)?(?:\d+\s+)?(?P<np>.+?)\s+(?:(?:telah|resmi|akan|sudah|baru)\s+)?{verb}\b",
                      text)
        if not m:
            continue
        np = re.sub(r"\s+dari\s+.*$", "", m.group("np")).strip(" ,")
        if not np or len(np.split()) > 10:
            continue
        region = next((r for r in regions.known.values() if r.kind and f"{r.qualified}" in text), None)
        name = f"{noun} {np}"
        if region is not None and region.name not in np:
            name = f"{name} {region.qualified}"
        return name, lex.event_types.get(noun, "ceremony"), m.end()
    return None


def _generic(text: str, triggers: re.Pattern[str], agencies: Agencies) -> _Found | None:
    """A lower-case event noun after a verb: "menggelar rapat dengar pendapat (RDP) dengan Diskominfo X"."""
    for m in triggers.finditer(text):
        if m.group()[:1].isupper():
            continue
        before = text[:m.start()].split()
        passive_next = re.match(r"\s+(?:dilakukan|digelar|dilaksanakan|diselenggarakan|diadakan)\b", text[m.end():])
        if (not before and passive_next is None) or (before and fold(before[-1]) not in _CUES):
            continue  # "menggelar rapat …", or a clause opening with it: "studi tiru dilakukan Dinas …"
        if fold(m.group()) in _OF_A_NAMED_THING:
            # "dalam pembahasan KUA dan PPAS APBD Perubahan ...": only the deliberation of a named text
            named = re.match(r"\s+((?:[A-Z][\w/-]*|dan|&)(?:\s+(?:[A-Z][\w/-]*|dan|&))*)", text[m.end():])
            if named is None:
                continue
            words = named.group(1).split()
            while words and words[-1] in ("dan", "&"):
                words.pop()
            return f"{m.group()} {' '.join(words)}", _types()[_trigger_key(m.group())], m.end() + named.end(), True
        head = m.group()
        rest = text[m.end():]
        abbr = re.match(r"\s*(\([A-Z][A-Za-z]{1,10}\))", rest)
        if abbr:
            head, rest = f"{head} {abbr.group(1)}", rest[abbr.end():]
        complement = ""
        link = re.match(r"\s*(dengan|ke|bersama)\s+", rest)
        if link:
            spans = agencies.find(rest[link.end():])
            if spans and spans[0][0] == 0:
                complement = f"{link.group(1)} {_short(spans[0][2], agencies)}"
        topic = [] if link else _topic(rest)
        kind = _types()[_trigger_key(m.group())]
        if topic:  # "konferensi pers pengungkapan kasus penipuan daring di Aula …": what it was about
            return f"{head} {' '.join(topic)}", kind, m.end(), True
        return f"{head} {complement}".strip(), kind, m.end()
    return None


# "dalam kegiatan pengembangan hubungan kerjasama kehumasan, Senin (7/12/2020)": an activity named by
# what it does, with no event noun of its own
_ACTIVITY = re.compile(r"\b(?:dalam|pada|saat|ketika|melalui|mengikuti|menghadiri|menggelar|membuka)\s+"
                       r"(?P<cue>kegiatan|acara|agenda)\s+")


def _activity(text: str, triggers: re.Pattern[str]) -> _Found | None:
    lex = lexicon()
    for m in _ACTIVITY.finditer(text):
        name: list[str] = []
        for w in text[m.end():].split()[:MAX_NAME_WORDS]:
            core = w.rstrip(",.;:")
            low = fold(core)
            if not re.fullmatch(r"[\w/-]+", core) or low in _STOPS or low in lex.weekdays or low in \
                    ("tersebut", "ini", "itu", "yang", "bersama", "sekaligus", "secara"):
                break
            name.append(core)
            if core != w:
                break
        if len(name) >= 2:
            inner = triggers.search(" ".join(name))
            kind = _types()[_trigger_key(inner.group())] if inner else "other"
            return f"{m.group('cue')} {' '.join(name)}", kind, m.end() + len(" ".join(name)), True
    return None


def _topic(rest: str) -> list[str]:
    """The lower-case words that say what a generic event was about, up to a place, time or clause."""
    lex = lexicon()
    words: list[str] = []
    for w in rest.split()[:12]:
        core = w.rstrip(",.;:")
        low = fold(core)
        if not core or low in _STOPS or low in lex.weekdays or not (core[:1].islower() or words) \
                or core.startswith("("):
            break
        if not words and re.match(r"^(?:mem|men|meng|meny|ber|di)[a-z]{3,}$", low):
            break  # "hearing membahas RAPBD": a verb, the event is named by who held it
        if re.fullmatch(r"\d+", core):
            continue  # "pelatihan khusus bagi 50 admin": the count of participants is not the name
        words.append(core)
        if core != w:
            break
    return words if words and (len(words) >= 2 or (rest[:1] != "," and len(words[0]) >= 5)) else []


def _trigger_key(text: str) -> str:
    return " ".join(text.lower().split())


def _short(surface: str, agencies: Agencies) -> str:
    """An agency as a short name reads it: "Dinas Komunikasi ... (Diskominfo SP) Kota X" → "Diskominfo SP Kota X"."""
    m = re.search(r"\(([^()]+)\)", surface)
    if m and m.group(1) in agencies.text_abbreviations:
        return f"{m.group(1)}{surface[m.end():]}".strip()
    return surface


def _organizer(event: Event, text: str, agencies: Agencies, regions: Regions) -> None:
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
                event.name = f"{head} {_short(surface, agencies)}" + (f"{joiner}{rest}" if rest else "")
            return


def _place(event: Event, article: Article, text: str, regions: Regions, after: int, *,
           own_sentence: bool = False) -> None:
    lex = lexicon()
    heads = "|".join(re.escape(v) for v in sorted(lex.venue_heads, key=len, reverse=True))
    venue_re = re.compile(rf"\b(?:di|ke)\s+(?P<venue>(?:{heads})\b[^,.;()]*)(?P<tail>,\s*[^,.;]+)?", re.IGNORECASE)
    order = [text] if own_sentence else [text] + [_plain(s.text) for s in article.sentences if s.paragraph == 0] + \
        [_plain(s.text) for s in article.sentences]
    for candidate in order:
        m = venue_re.search(candidate)
        if m is None or (candidate is not text and not m.group("venue")[:1].isupper() and candidate not in order[:2]):
            continue
        words: list[str] = []
        for w in m.group("venue").split():
            if fold(w) in _STOPS or fold(w) in lex.weekdays or (words and re.fullmatch(r"(?:di|me|ber)[a-z]{3,}", w)):
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


def _dates(event: Event, article: Article, text: str, *, published: dt.date | None, today: dt.date,
           hint: dt.date | None = None) -> None:
    """The event's days: a date in its sentence or the first paragraph, else a weekday written alone
    (dated by the publication date), else the first date the article gives anywhere ("..., kata
    Jajang, Banjarbaru, Rabu (29/3/2023)."); a stated length ("selama dua hari") gives the end."""
    near = published or hint
    loose = published is None and hint is not None
    mentions = find_dates(text, published=near, today=today, loose=loose)
    first_paragraph = " ".join(_plain(s.text) for s in article.sentences if s.paragraph == 0)
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
                         if (found := find_dates(_plain(s.text), published=near, today=today, loose=loose))), [])
        if not mentions:
            return
    start = mentions[0]
    event.start, event.end = start.start, start.end
    anchor = published or start.start  # a year the text names only placed the first date
    for s in article.sentences:
        plain = _plain(s.text)
        for d in find_dates(plain, published=anchor, today=today):
            _extend(event, d)
        lasting = _LASTING.search(plain)
        if lasting is not None and event.end is None and _TRIGGER_WORD.search(plain):
            days = _NUMBER_WORDS.get(lasting.group(1).lower()) or int(lasting.group(1))
            if 1 < days <= MAX_EVENT_DAYS:
                event.end = event.start + dt.timedelta(days=days - 1)


def _later_dates(event: Event, first: Event, text: str, *, published: dt.date | None, today: dt.date) -> None:
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


def _participants(event: Event, article: Article, agencies: Agencies) -> None:
    lex = lexicon()
    cues = phrase_pattern(lex.participant_cues)
    hedges = phrase_pattern(lex.participant_hedges)
    count_re = re.compile(rf"\b(?:{cues})\s+(?:(?:{hedges})\s+)?(\d{{1,6}})\s+(\w+)", re.IGNORECASE)
    for s in sorted(article.sentences, key=lambda s: (s.index != event.sentence, s.index)):
        text = _plain(s.text)
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
