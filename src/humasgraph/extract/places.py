"""The regions an article names: provinces, regencies and cities, and how bare names qualify."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..errors import ConfigError
from ..model.names import abbreviations, fold, reference_dir
from .lexicon import lexicon

__all__ = ["Region", "Regions"]

KINDS = {"provinsi": "Provinsi", "kabupaten": "Kabupaten", "kota": "Kota"}
_MARKERS = {"provinsi": "provinsi", "prov": "provinsi", "kabupaten": "kabupaten", "kab": "kabupaten",
            "kota": "kota", "pemprov": "provinsi", "pemkab": "kabupaten", "pemkot": "kota"}
_ABBREVIATED = frozenset({"prov", "kab"})
_NAME_WORD = re.compile(r"^[A-Z][a-zA-Z'’-]*$")
REGIONS_FILE = "regions.lexicon.yaml"
_LONGEST_REGION = 5  # words: "Kepulauan Siau Tagulandang Biaro", "Penukal Abab Lematang Ilir"


@dataclass(frozen=True)
class _Reference:
    """Every regency and city of Indonesia: folded name → its kinds, and short names → the region."""

    kinds: dict[str, dict[str, str]]  # folded name → {kind: name as written}
    short: dict[str, Region]

    def region(self, words: str) -> Region | None:
        """The region ``words`` names by the reference list alone (kind None where both exist)."""
        key = fold(words)
        if key in self.short:
            return self.short[key]
        found = self.kinds.get(key)
        if not found:
            return None
        if len(found) == 1:
            kind, name = next(iter(found.items()))
            return Region(name, kind)
        return Region(next(iter(found.values())), None)


@lru_cache(maxsize=1)
def reference_regions() -> _Reference:
    """The regencies and cities of ``seeds/reference/regions.lexicon.yaml``."""
    path = reference_dir() / REGIONS_FILE
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read the regions: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of provinces at the top")
    kinds: dict[str, dict[str, str]] = {}
    short: dict[str, Region] = {}
    for province, entry in data.items():
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: {province}: expected kabupaten, kota and short")
        for kind in ("kabupaten", "kota"):
            for name in entry.get(kind) or []:
                kinds.setdefault(fold(str(name)), {})[kind] = str(name)
        for abbr, target in (entry.get("short") or {}).items():
            kind, _, name = str(target).partition(" ")
            if kind not in ("kabupaten", "kota") or not name:
                raise ConfigError(f"{path}: {province}: short {abbr}: expected 'kabupaten NAME' or 'kota NAME'")
            short[fold(str(abbr))] = Region(name, kind)
    return _Reference(kinds, short)


@dataclass(frozen=True)
class Region:
    """A region: its name ("Jawa Tengah") and kind ('provinsi', 'kabupaten', 'kota' or None)."""

    name: str
    kind: str | None

    @property
    def qualified(self) -> str:
        """"Provinsi Jawa Tengah", "Kabupaten Bone", or the bare name when the kind is unknown."""
        return f"{KINDS[self.kind]} {self.name}" if self.kind else self.name


@dataclass
class Regions:
    """Regions named in one article, with how often each is named."""

    known: dict[str, Region] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    dateline: Region | None = None
    places: set[str] = field(default_factory=set)  # folded names written after an agency ("Setda Lombok Tengah")
    listed: set[str] = field(default_factory=set)  # folded regencies and cities of the reference list the text names

    @classmethod
    def scan(cls, text: str, dateline: str | None) -> Regions:
        lex = lexicon()
        regions = cls()
        for province in lex.provinces:
            regions.known.setdefault(fold(province), Region(province, "provinsi"))
        for key, entry in abbreviations().tables.get("places", {}).items():
            if fold(entry.expand) in regions.known:
                regions.known[key] = regions.known[fold(entry.expand)]
        stop = lex.institution_words | lex.not_names | set(lex.weekdays) | set(lex.months)
        tokens = re.findall(r"[\w'’-]+|[^\w\s]", text)
        for i, token in enumerate(tokens):
            kind = _MARKERS.get(token.lower())
            if kind is None or (i + 1 < len(tokens) and tokens[i + 1] == "/"):
                continue
            j = i + 1
            if j < len(tokens) and tokens[j] == "." and token.lower() in _ABBREVIATED:
                j += 1
            words: list[str] = []
            while j < len(tokens) and len(words) < 3 and _NAME_WORD.match(tokens[j]) \
                    and (tokens[j].lower() not in stop or fold(" ".join([*words, tokens[j]])) in regions.known):
                words.append(tokens[j])
                j += 1
            listed = _listed_prefix(tokens[j - len(words):], kind)
            if listed:  # "Kabupaten Sambas Hj. Yunisa": the list ends the region's name
                words = tokens[j - len(words):j - len(words) + listed]
            elif kind == "kota" and i > 0 and tokens[i - 1].lower() == "wali":
                continue  # "Wali Kota Hevearita ...": a title and a name, no city the list knows
            if not words:
                continue
            name = " ".join(words)
            existing = regions.known.get(fold(name))
            if kind == "provinsi" or existing is None or existing.kind is None or existing.kind == kind:
                if existing is None or existing.kind != "provinsi" or kind == "provinsi":
                    regions.known[fold(name)] = Region(existing.name if existing else name, kind)
            regions.counts[fold(regions.known[fold(name)].name)] += 1
        regions.places = _places_after_agencies(tokens, stop)
        ref = reference_regions()
        words = [t for t in tokens if _NAME_WORD.match(t)]
        for n in range(len(words)):
            for width in (3, 2, 1):
                found = ref.region(" ".join(words[n:n + width])) if n + width <= len(words) else None
                if found is not None:
                    regions.listed.add(fold(found.name))
                    break
        if dateline:
            found = regions.known.get(fold(dateline))
            regions.dateline = found or Region(dateline, None)
            regions.known.setdefault(fold(dateline), regions.dateline)
        for region in set(regions.known.values()):
            # "Maluku" in "Maluku Utara" is not a mention of Maluku
            hits = len(re.findall(rf"\b{re.escape(region.name)}\b(?!\s+(?:Utara|Selatan|Barat|Timur|Tengah|Tenggara|"
                                  rf"Daya|Pegunungan)\b)", text))
            if hits:
                regions.counts[fold(region.name)] = max(regions.counts[fold(region.name)], hits)
        return regions

    def lookup(self, words: str) -> Region | None:
        """The region ``words`` names ("Kalteng", "Kota Ternate", "Sintang"), if the article knows it."""
        text = words.strip(" ,.")
        parts = text.replace(".", ". ").split()
        if not parts:
            return None
        kind = _MARKERS.get(parts[0].lower().rstrip("."))
        if kind in ("provinsi", "kabupaten", "kota") and len(parts) > 1:
            rest = " ".join(parts[1:])
            found = self.known.get(fold(rest)) or reference_regions().region(rest)
            name = found.name if found else rest  # "Kabupaten Malteng" is Maluku Tengah
            return Region(name, kind)
        if re.match(r"^se[- ]", text, re.IGNORECASE):
            return self.lookup(re.sub(r"^se[- ]\s*", "", text, flags=re.IGNORECASE))
        found = self.known.get(fold(text))
        if found is None and text[:1].isupper():
            found = reference_regions().region(text)  # "Kukar", "Sambas": a regency the list knows
        return found

    def prefix(self, tokens: list[str]) -> int:
        """How many of ``tokens`` at the start name a known region (0 when none do)."""
        for n in range(min(4, len(tokens)), 0, -1):
            words = " ".join(tokens[:n])
            if not all(t[:1].isupper() for t in tokens[:n]):
                continue
            if n > 1 and _MARKERS.get(tokens[0].lower().rstrip(".")) in KINDS:
                listed = next((k for k in range(n, 1, -1) if self.lookup(" ".join(tokens[1:k])) is not None
                               and fold(" ".join(tokens[1:k])) in self.known | reference_regions().kinds), 0)
                return listed or n  # "Provinsi Kalimantan Timur Sri Wahyuni": the list ends the region
            if fold(words) in self.known or reference_regions().region(words) is not None:
                return n
        return 0

    def main(self, kind: str | None) -> Region | None:
        """The region of ``kind`` the article names most (ties: the dateline's, then the first)."""
        candidates = [r for r in dict.fromkeys(self.known.values()) if self.counts[fold(r.name)] and
                      (kind is None or r.kind == kind or (r.kind is None and kind != "provinsi"))]
        if not candidates:
            return None
        # in the order the regions were read, not a set's: "the first" of a tie must not vary with the hash seed
        best = max(candidates, key=lambda r: (self.counts[fold(r.name)], r == self.dateline, r.kind == kind))
        return Region(best.name, kind or best.kind)


def _places_after_agencies(tokens: list[str], stop: frozenset[str] | set[str]) -> set[str]:
    """Names written right after an abbreviated agency or post ("Polres Lombok Tengah", "Kapolres Garut"):
    in Indonesian usage what follows such an abbreviation is the place it serves."""
    tables = abbreviations().tables
    keys = set(tables.get("agencies", {})) | set(tables.get("posts", {}))
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token.lower() not in keys or not token[:1].isupper():
            continue
        words: list[str] = []
        j = i + 1
        while j < len(tokens) and len(words) < 3 and _NAME_WORD.match(tokens[j]) and tokens[j].lower() not in stop:
            words.append(tokens[j])
            j += 1
        if words:
            found.add(fold(" ".join(words)))
    return found


def _listed_prefix(tokens: list[str], kind: str) -> int:
    """How many of ``tokens`` (after "Kabupaten"/"Kota") spell the longest regency or city of ``kind`` the list
    knows, or 0."""
    ref = reference_regions()
    words = 0
    while words < min(_LONGEST_REGION, len(tokens)) and (_NAME_WORD.match(tokens[words]) or tokens[words] == "dan"):
        words += 1
    provinces = {fold(p) for p in lexicon().provinces} | set(abbreviations().tables.get("places", {}))
    for n in range(words, 0, -1):
        key = fold(" ".join(tokens[:n]))
        short = ref.short.get(key)
        if (kind == "provinsi" and key in provinces) or kind in ref.kinds.get(key, {}) \
                or (kind == "kabupaten" and short is not None and short.kind == kind):
            return n
    return 0
