"""Indonesian dates: "Rabu (26/9)", "(26-27/9)", "Rabu-Kamis (15-16/5)", "9 Desember 2024", "Senin (14/2/2022)".

A date written without a year takes the year that puts it nearest the publication date (the
weekday, when given, must fit); without a publication date, the most recent year up to today in
which the weekday fits ("Rabu (26/9)" read in 2026 is 2018-09-26).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .lexicon import lexicon, phrase_pattern

__all__ = ["DateMention", "bare_weekday", "find_dates", "resolve_year"]

LOOKBACK_YEARS = 40
MAX_AHEAD_DAYS = 31  # how far after its release an article may date, with a weekday that fits no year


@dataclass(frozen=True)
class DateMention:
    """A date or a span of days found in a text, with where it was written."""

    start: dt.date
    end: dt.date | None
    position: int
    until: bool  # written after "hingga"/"sampai": the end of something that began earlier


def _pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = lexicon()
    wd = f"(?:{phrase_pattern(set(lex.weekdays))})"
    month = f"(?:{phrase_pattern(set(lex.months))})"
    named = re.compile(
        rf"(?:(?P<wd>{wd})(?:\s*[-–]\s*{wd})?\s*,?\s*)?(?:tanggal\s+|tgl\.?\s+)?"
        rf"\b(?P<d1>\d{{1,2}})(?:\s*(?:[-–]|s\.\s?d\.?|s/d|sampai(?:\s+dengan)?|hingga)\s*(?P<d2>\d{{1,2}})"
        rf"|(?:\s*,\s*\d{{1,2}})*\s*(?:,|,?\s+dan)\s*(?P<d3>\d{{1,2}}))?"
        rf"\s+(?P<m>{month})\.?(?:\s+(?P<y>\d{{4}}))?\b",
        re.IGNORECASE)
    numeric = re.compile(
        rf"(?:(?P<wd>{wd})(?:\s*[-–]\s*{wd})?\s*,?\s*)?"
        rf"(?:\(\s*(?P<d1>\d{{1,2}})(?:\s*[-–]\s*(?P<d2>\d{{1,2}}))?\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{2,4}}))?\s*\)"
        rf"|(?<=[\s,])(?P<e1>\d{{1,2}})/(?P<em>\d{{1,2}})/(?P<ey>\d{{4}})\b)",
        re.IGNORECASE)
    return named, numeric


_PATTERNS: tuple[re.Pattern[str], re.Pattern[str]] | None = None


def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    global _PATTERNS  # noqa: PLW0603 - compiled once from the lexicon
    if _PATTERNS is None:
        _PATTERNS = _pattern()
    return _PATTERNS


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_year(day: int, month: int, weekday: int | None, *, published: dt.date | None,
                 today: dt.date, loose: bool = False) -> dt.date | None:
    """The date ``day/month`` in the year the text means (see the module's docstring). ``loose``: ``published``
    is only a year the text names ("Pergub Nomor 175 Tahun 2016"), not the release's date; the weekday then
    decides among the years near it, a later one on a tie (a release cites the past more than the future)."""
    if published is not None and loose and weekday is not None:
        fitting = [d for y in range(today.year, today.year - LOOKBACK_YEARS, -1)
                   if (d := _valid(y, month, day)) is not None and d <= today and d.weekday() == weekday]
        if fitting:
            return min(fitting, key=lambda d: (abs(d.year - published.year), -d.year))
    if published is not None:
        candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                      if (d := _valid(y, month, day)) is not None]
        fitting = [d for d in candidates if weekday is None or d.weekday() == weekday]
        if not fitting:  # a weekday that fits no year near: a slip of the pen; not long after the release, though
            fitting = [d for d in candidates if d <= published + dt.timedelta(days=MAX_AHEAD_DAYS)] or candidates
        return min(fitting, key=lambda d: abs((d - published).days)) if fitting else None
    for year in range(today.year, today.year - LOOKBACK_YEARS, -1):
        d = _valid(year, month, day)
        if d is not None and d <= today and (weekday is None or d.weekday() == weekday):
            return d
    return None


def bare_weekday(text: str, *, anchor: dt.date | None) -> dt.date | None:
    """A weekday written alone ("di Jakarta, Senin.", "pada Rabu malam"): the last such day up to
    ``anchor`` (the dateline's or the publication date), as wire copy dates its stories."""
    if anchor is None:
        return None
    lex = lexicon()
    wd = phrase_pattern(set(lex.weekdays))
    m = re.search(rf"(?:,\s*|\bpada\s+(?:hari\s+)?)(?P<wd>{wd})\b(?!\s*[(,]?\s*\d)"
                  rf"(?=\s*[.,;]|\s+(?:pagi|siang|sore|malam)\b|\s*$)", text, re.IGNORECASE)
    if m is None:
        return None
    weekday = lex.weekdays[m.group("wd").lower()]
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def find_dates(text: str, *, published: dt.date | None, today: dt.date, loose: bool = False) -> list[DateMention]:
    """Every date and span of days in ``text``, in order, with years resolved (``loose``: see ``resolve_year``)."""
    lex = lexicon()
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    named, numeric = _patterns()
    for pattern in (named, numeric):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            groups = m.groupdict()
            if groups.get("e1"):
                d1, d2, month_text, year_text = groups["e1"], None, groups["em"], groups["ey"]
            else:
                d1, d2, month_text, year_text = groups["d1"], groups["d2"] or groups.get("d3"), groups["m"], groups["y"]
            month = int(month_text) if month_text.isdigit() else lex.months.get(month_text.lower().rstrip("."), 0)
            if not 1 <= month <= 12:
                continue
            weekday = lex.weekdays.get(groups["wd"].lower()) if groups.get("wd") else None
            start = _date(int(d1), month, year_text, weekday, published=published, today=today, loose=loose)
            if start is None:
                continue
            end = None
            if d2:
                end_day = int(d2)
                end = _valid(start.year, month, end_day) if end_day > start.day else None
            before = text[max(0, m.start() - 25):m.start()].lower()
            until = bool(re.search(r"\b(hingga|sampai|sampai dengan|s\.d\.?|berakhir)\s*(pada\s*)?(hari\s*)?$", before))
            found.append(DateMention(start, end, m.start(), until))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.position)


def _date(day: int, month: int, year_text: str | None, weekday: int | None, *, published: dt.date | None,
          today: dt.date, loose: bool = False) -> dt.date | None:
    if year_text:
        year = int(year_text)
        if year < 100:
            year += 2000
        return _valid(year, month, day)
    return resolve_year(day, month, weekday, published=published, today=today, loose=loose)
