"""The lexicon the extractor reads Indonesian with, loaded from ``seeds/reference/extract.lexicon.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from rapidfuzz import fuzz

from ..errors import ConfigError
from ..model.names import abbreviations, fold, reference_dir

__all__ = ["Initial", "Lexicon", "lexicon", "phrase_pattern"]

LEXICON_FILE = "extract.lexicon.yaml"
# How close a word must be to a word of official vocabulary to be read as a misspelling of it.
CORRECTION_RATIO = 0.88


@dataclass(frozen=True)
class Initial:
    """An abbreviated given name ("L.", "Muh.") and where its expansion is customary."""

    expand: str
    regions: frozenset[str]


def phrase_pattern(phrases: list[str] | set[str] | frozenset[str]) -> str:
    """A regex alternation of ``phrases``, longest first, spaces matching any whitespace."""
    ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass(frozen=True)
class Lexicon:
    """Word lists and tables of the language and of Indonesian administration."""

    weekdays: dict[str, int]
    months: dict[str, int]
    quote_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    passive_speech_verbs: frozenset[str]
    not_speech: frozenset[str]
    post_heads: frozenset[str]
    post_modifiers: frozenset[str]
    region_posts: dict[str, str | None]
    ministry_posts: frozenset[str]
    units: frozenset[str]
    headed_types: frozenset[str]
    agency_heads: frozenset[str]
    venue_heads: frozenset[str]
    venue_generic: frozenset[str]
    event_types: dict[str, str]
    event_passives: dict[str, str]
    event_actives: dict[str, str]
    event_verbs: frozenset[str]
    participant_cues: frozenset[str]
    participant_hedges: frozenset[str]
    speech_nouns: frozenset[str]
    initials: dict[str, Initial]
    provinces: tuple[str, ...]
    vocabulary: tuple[str, ...]
    not_names: frozenset[str]
    name_titles: frozenset[str]
    ranks: frozenset[str]
    place_posts: dict[str, str]
    university_posts: frozenset[str]
    organisation_posts: frozenset[str]
    legislature_units: frozenset[str]
    corps: frozenset[str]
    institution_words: frozenset[str]
    spelled_words: frozenset[str]

    def correct(self, word: str) -> str:
        """``word``, or the word of official vocabulary it misspells ("E-Goverment" → "E-Government")."""
        core = word.strip(",.;:()")
        if len(core) < 6 or not core[:1].isupper() or fold(core) in self.spelled_words:
            return word
        best = _closest(core, self.vocabulary)
        return word.replace(core, best) if best is not None and best != core else word

    @classmethod
    def from_data(cls, data: dict[str, Any], source: str) -> Lexicon:
        def words(key: str) -> frozenset[str]:
            value = data.get(key)
            if not isinstance(value, list):
                raise ConfigError(f"{source}: {key}: expected a list of words")
            return frozenset(str(v).lower() for v in value)

        def table(key: str) -> dict[str, Any]:
            value = data.get(key)
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: {key}: expected a mapping")
            return {str(k).lower(): v for k, v in value.items()}

        initials = {k: Initial(str(v["expand"]), frozenset(fold(r) for r in v.get("regions") or []))
                    for k, v in table("initials").items()}
        # Every word of an agency's or post's name: never part of a person's name.
        institution: set[str] = set()
        spelled: set[str] = {fold(v) for v in data.get("vocabulary") or []}
        abbr = abbreviations()
        for kind in ("agencies", "posts"):
            for key, entry in abbr.tables.get(kind, {}).items():
                institution.add(key)
                institution.update(fold(entry.expand).split())
                institution.update(fold(entry.alone).split())
                spelled.update(fold(entry.expand).split())
        for key in ("post_heads", "units", "agency_heads", "venue_heads", "headed_types"):
            for phrase in words(key):
                institution.update(fold(phrase).split())
        institution.update(fold(w) for w in data.get("vocabulary") or [])
        institution.update(("provinsi", "kabupaten", "kota", "kecamatan", "kelurahan", "desa", "se"))
        institution -= {"a", "l"} | words("given_names")
        return cls(
            weekdays={k: int(v) for k, v in table("weekdays").items()},
            months={k: int(v) for k, v in table("months").items()},
            quote_verbs=words("quote_verbs"),
            speech_verbs=words("speech_verbs"),
            passive_speech_verbs=words("passive_speech_verbs"),
            not_speech=words("not_speech"),
            post_heads=words("post_heads"),
            post_modifiers=words("post_modifiers"),
            region_posts={k: (str(v) if v else None) for k, v in table("region_posts").items()},
            ministry_posts=words("ministry_posts"),
            units=words("units"),
            headed_types=words("headed_types"),
            agency_heads=words("agency_heads"),
            venue_heads=words("venue_heads"),
            venue_generic=words("venue_generic"),
            event_types={k: str(v) for k, v in table("event_types").items()},
            event_passives={k: str(v) for k, v in table("event_passives").items()},
            event_actives={k: str(v) for k, v in table("event_actives").items()},
            event_verbs=words("event_verbs"),
            participant_cues=words("participant_cues"),
            participant_hedges=words("participant_hedges"),
            speech_nouns=words("speech_nouns"),
            initials=initials,
            provinces=tuple(str(p) for p in data.get("provinces") or []),
            vocabulary=tuple(str(v) for v in data.get("vocabulary") or []),
            not_names=words("not_names"),
            name_titles=words("name_titles"),
            ranks=words("ranks"),
            place_posts={k: str(v) for k, v in table("place_posts").items()},
            university_posts=words("university_posts"),
            organisation_posts=words("organisation_posts"),
            legislature_units=words("legislature_units"),
            corps=words("corps"),
            institution_words=frozenset(institution),
            spelled_words=frozenset(spelled),
        )


@lru_cache(maxsize=8192)
def _closest(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The word of ``vocabulary`` ``word`` is within ``CORRECTION_RATIO`` of, if any."""
    lowered = word.lower()
    best: tuple[float, str] | None = None
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) > 2:
            continue
        ratio = fuzz.ratio(lowered, candidate.lower(), score_cutoff=CORRECTION_RATIO * 100) / 100
        if ratio >= CORRECTION_RATIO and (best is None or ratio > best[0]):
            best = (ratio, candidate)
    return best[1] if best else None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon shipped in the reference data."""
    path = reference_dir() / LEXICON_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the extraction lexicon: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top")
    return Lexicon.from_data(data, str(path))
