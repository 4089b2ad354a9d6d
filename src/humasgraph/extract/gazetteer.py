"""Names already known (from the graph and the reference data), against which misspellings resolve."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from rapidfuzz import fuzz

from ..errors import ConfigError
from ..model.names import abbreviations, agency_key, fold, person_key, reference_dir
from .lexicon import lexicon

__all__ = ["Gazetteer"]

OFFICIALS_FILE = "officials.lexicon.yaml"
# A name this close to a known one, token by token and as a whole, is a misspelling of it.
PERSON_RATIO = 0.85
PERSON_TOKEN_RATIO = 0.75
AGENCY_RATIO = 0.93

NameList = list[tuple[str, list[str]]]


def _ratio(a: str, b: str) -> float:
    """The similarity of two strings, 0 to 1 (rapidfuzz's normalised Indel similarity)."""
    return fuzz.ratio(a, b) / 100


@dataclass
class Gazetteer:
    """Known people and agencies, each a canonical name with its aliases."""

    people: NameList = field(default_factory=list)
    agencies: NameList = field(default_factory=list)

    def __post_init__(self) -> None:
        self._people: dict[str, str] = {}
        self._agencies: dict[str, str] = {}
        for name, aliases in self.people:
            for form in (name, *aliases):
                self._people.setdefault(person_key(form), name)
        for name, aliases in self.agencies:
            for form in (name, *aliases):
                self._agencies.setdefault(agency_key(form), name)
        self._people.pop("", None)
        self._agencies.pop("", None)

    @classmethod
    def empty(cls) -> Gazetteer:
        """A gazetteer that knows nobody."""
        return cls([], [])

    @classmethod
    def reference(cls) -> Gazetteer:
        """What the reference data knows: public officials, and agencies named in the abbreviation table."""
        return _reference()

    def merged(self, other: Gazetteer) -> Gazetteer:
        """This gazetteer with the names of ``other`` added."""
        return Gazetteer([*self.people, *other.people], [*self.agencies, *other.agencies])

    def person(self, name: str) -> str | None:
        """The canonical name of the known person ``name`` is, or misspells; None when unknown."""
        key = person_key(name)
        if not key:
            return None
        if key in self._people:
            return self._people[key]
        tokens = key.split()
        best: tuple[float, str] | None = None
        for known, canonical in self._people.items():
            known_tokens = known.split()
            if len(known_tokens) != len(tokens) or abs(len(known) - len(key)) > 3:
                continue
            ratio = fuzz.ratio(known, key, score_cutoff=PERSON_RATIO * 100) / 100
            if ratio >= PERSON_RATIO and all(_ratio(a, b) >= PERSON_TOKEN_RATIO
                                             for a, b in zip(known_tokens, tokens, strict=True)):
                if best is None or ratio > best[0]:
                    best = (ratio, canonical)
        return best[1] if best else None

    def agency(self, name: str) -> str | None:
        """The canonical name of the known agency ``name`` is, or misspells; None when unknown."""
        key = agency_key(name)
        if key in self._agencies:
            return self._agencies[key]
        if len(key) < 12:
            return None
        best: tuple[float, str] | None = None
        for known, canonical in self._agencies.items():
            if abs(len(known) - len(key)) > 4:
                continue
            ratio = fuzz.ratio(known, key, score_cutoff=AGENCY_RATIO * 100) / 100
            if ratio >= AGENCY_RATIO and (best is None or ratio > best[0]):
                best = (ratio, canonical)
        return best[1] if best else None


@lru_cache(maxsize=1)
def _reference() -> Gazetteer:
    path = reference_dir() / OFFICIALS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the reference officials: {exc}") from None
    people = [(str(p["name"]), [str(a) for a in p.get("aliases") or []]) for p in data.get("people") or []]
    heads = {h.split()[0] for h in lexicon().agency_heads}
    agencies: dict[str, list[str]] = {}
    for key, entry in abbreviations().tables.get("agencies", {}).items():
        full = entry.alone
        if fold(full).split()[0] in heads and len(full.split()) >= 2:
            agencies.setdefault(full, []).append(key.upper() if len(key) <= 4 else key.capitalize())
    return Gazetteer(people, sorted(agencies.items()))

