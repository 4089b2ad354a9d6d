"""The event an article reports: name, kind, dates, venue and city, organiser and participants."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..model.enums import EventType
from ..model.names import fold
from .agencies import Agencies, Agency
from .dates import find_dates
from .event_facts import (
    STOPS,
    add_dates,
    add_later_dates,
    add_organizer,
    add_participants,
    add_place,
    plain,
    short_name,
)
from .lexicon import lexicon, phrase_pattern
from .places import Regions
from .text import Article

__all__ = ["Event", "find_event", "find_events"]

_CONTINUE = frozenset({"bagi", "tentang", "mengenai", "tahun"})
_CUES = frozenset({"acara", "kegiatan", "dalam", "pada", "saat", "mengikuti", "membuka", "menggelar",
                   "menyelenggarakan", "mengadakan", "melaksanakan", "melakukan", "menghelat", "menutup",
                   "rangka", "memfasilitasi", "menghadiri", "memimpin", "mengawali", "agenda", "giat",
                   "menerima"})  # "menerima kunjungan kerja X": the host's side of a visit
# Verbs that are an event by themselves: "meluncurkan aplikasi X" is the launch of application X.
_TRANSITION = re.compile(r"^(?:Usai|Seusai|Selepas|Setelah|Sesudah|Selanjutnya|Kemudian|Sebelumnya|Pada\s+"
                         r"(?:sore|malam|siang|pagi)\s+hari(?:nya)?|(?:Pada\s+)?(?:Di\s+)?hari\s+yang\s+sama|"
                         r"Keesokan\s+harinya|Sore\s+harinya|Malam\s+harinya|Siang\s+harinya)\b", re.IGNORECASE)
_PASSIVE_CUES = re.compile(r"\b(digelar|diselenggarakan|dilaksanakan|berlangsung|dibuka|diikuti|dihadiri|dihelat)\b")
# Event nouns of real releases beyond the shared lexicon: a council "hearing", a "pers tour", a "tatap muka".
_MORE_TYPES = {"hearing": "hearing", "konsultasi": "visit", "pembahasan": "hearing",
               "pers tour": "visit", "press tour": "visit", "perstour": "visit",
               "tatap muka": "coordination_meeting", "silaturahmi": "meeting", "silaturahim": "meeting"}
# Event nouns that are an event only with the name of what they deal with: "pembahasan KUA dan PPAS ...".
_OF_A_NAMED_THING = frozenset({"pembahasan"})
# "saat berkunjung ke Media Center X" → "kunjungan ke Media Center X" (a named place only).
_MORE_ACTIVES = {"berkunjung ke": "kunjungan ke"}
_RECALLED = re.compile(r"^(?:Setelah|Sebelumnya|Sebelum\s+itu)\b")
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
        text = plain(sentence.text)
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
                add_organizer(event, text, agencies, regions)
                add_later_dates(event, event, text, published=published or hint, today=today)
                recalled.append(event)
            continue
        add_organizer(event, clause if now is not None else text, agencies, regions)
        if events:
            add_place(event, article, text, regions, span_end, own_sentence=True)
            add_later_dates(event, events[0], text, published=published or hint, today=today)
        else:
            add_place(event, article, text, regions, span_end)
            add_dates(event, article, text, published=published, today=today, hint=hint)
            add_participants(event, article, agencies)
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
        add_dates(event, article, "", published=published, today=today, hint=hint)
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
        if low in lex.weekdays or low in STOPS - {"dan"} or (core.startswith("(") and re.search(r"\d", core)):
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
            if low in lex.weekdays or (low in STOPS and not joins):
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
                if not re.fullmatch(r"[a-z][a-z-]*", core) or core in STOPS or core in lex.weekdays \
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
                complement = f"{link.group(1)} {short_name(spans[0][2], agencies)}"
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
            if not re.fullmatch(r"[\w/-]+", core) or low in STOPS or low in lex.weekdays or low in \
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
        if not core or low in STOPS or low in lex.weekdays or not (core[:1].islower() or words) \
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


