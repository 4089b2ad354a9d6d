"""Indonesian names: degrees and titles, abbreviations, and the keys that identify a name.

Two mentions are the same name when their keys are equal: case, accents, spacing and
punctuation do not matter, academic degrees and titles are not part of a person's name, and
abbreviations of agencies, posts and places are expanded from ``seeds/reference``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import ConfigError

__all__ = [
    "ACADEMIC",
    "ACTING_TITLES",
    "NICKNAMING",
    "Abbreviations",
    "NameParts",
    "abbreviations",
    "acting_title",
    "agency_key",
    "fold",
    "person_key",
    "post_key",
    "post_label",
    "reference_dir",
    "slug",
    "split_honorifics",
]

# Titles of learning and religion written before a name (unlike a rank, they end no post's title).
ACADEMIC = frozenset({"dr", "drs", "dra", "drg", "ir", "h", "hj", "prof", "kh", "hc", "ust", "tgh", "habib"})
# Degrees and titles written before a name. Keys are folded (no dots, lower case).
PREFIXES = ACADEMIC | frozenset({
    "dr ir", "ustadz", "ustaz", "rm", "raden", "kanjeng", "gkr", "kph", "ag",
    "kombes", "kombespol", "akbp", "akp", "kompol", "iptu", "ipda", "aiptu", "aipda",
    "brigjen", "brigjenpol", "irjen", "irjenpol", "komjen", "jenderal", "mayjen", "letjen",
    "kolonel", "letkol", "mayor", "kapten", "pol", "tni", "laksma", "marsma",
})
# Forms of address, dropped from names and not kept as honorifics.
ADDRESS = frozenset({"bapak", "pak", "ibu", "bu", "sdr", "saudara", "saudari", "bang", "mas", "mbak"})
# Nicknaming honorifics ("Gus Yasin", "Cak Eri"): the extractor reads them as forms of address too.
NICKNAMING = frozenset({"abang", "kak", "gus", "ning", "kang", "cak", "bung", "uda", "uni", "teh", "aa"})
# Academic and professional degrees written after a name.
SUFFIXES = frozenset({
    "ssos", "sip", "sh", "mh", "se", "mm", "msi", "mpd", "spd", "skom", "mkom", "map", "sstp",
    "st", "mt", "phd", "ssi", "skm", "mkes", "ak", "mba", "msc", "ma", "sag", "mag", "sp",
    "mkn", "sked", "spt", "ba", "bba", "amd", "ca", "cpa", "sthi", "mars", "mip", "mtp",
    "ssit", "sikom", "mikom", "ssn", "spsi", "mpsi", "sfarm", "apt", "skep", "ns", "sgz",
    "spi", "mpi", "shi", "mhi", "seak", "meng", "mhum", "shum", "sds",
    "sn", "stp", "mp", "sst", "mtr", "mec", "dea", "msm", "mpa", "mpp", "lc", "mhkes", "ipu", "ipm",
    "cht", "cfp", "dipl", "skg", "spog", "spa", "sppd", "mkm", "mmr", "ssy", "msos", "mse", "maks", "ir",
    "ap", "sik", "ssosi", "mhsc", "msp", "mkp", "spdi",
})

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=1 << 16)  # names and keys recur in every article (import hot path)
def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces collapsed: "Dra. Siti  Nur'aini" → "dra siti nuraini"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    lowered = ascii_text.lower().replace("'", "").replace("’", "")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", lowered)).strip()


def _token_key(token: str) -> str:
    return _NON_WORD.sub("", unicodedata.normalize("NFKD", token).encode("ascii", "ignore").decode().lower())


def slug(text: str, limit: int = 80) -> str:
    """An IRI-safe slug of ``text``: folded words joined by '-'."""
    return "-".join(fold(text).split())[:limit].strip("-") or "x"


@dataclass(frozen=True)
class NameParts:
    """A person's name split into honorifics before it, the name, and degrees after it."""

    prefix: str | None
    name: str
    suffix: str | None


_DEGREE_TOKEN = re.compile(r"^[A-Za-z]{1,5}(\.[A-Za-z]{1,5})*\.?$")


def _is_suffix(part: str) -> bool:
    words = [w for w in re.split(r"[\s,]+", part.strip()) if w]
    if not words:
        return False
    if 1 < len(words) <= 3 and "." in part and _token_key("".join(words)) in SUFFIXES:
        return True  # a degree written with a space after its dot: "S. Sos", "M. Si"
    return all(_token_key(w) in SUFFIXES or (_DEGREE_TOKEN.match(w) and "." in w and len(_token_key(w)) <= 5)
               for w in words)


def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


_GLUED = re.compile(r"^((?:[A-Za-z]{1,4}\.){1,4})([A-Z][a-z'’]+)?$")


def _unglue(head: str) -> str:
    """Titles glued to the name written apart: "Ir.H.Fery Madagaskar" → "Ir. H. Fery Madagaskar",
    "H.M. Dadang" → "H. M. Dadang" (a title, then an initial)."""
    words = head.split(" ")
    out: list[str] = []
    for n, word in enumerate(words):
        m = _GLUED.match(word)
        titles = [t + "." for t in m.group(1).split(".") if t] if m else []
        if m and m.group(2) and all(_token_key(t) in PREFIXES for t in titles):
            return " ".join([*out, *titles, m.group(2), *words[n + 1:]])
        if m and not m.group(2) and len(titles) >= 2 and _token_key(titles[0]) in PREFIXES and n + 1 < len(words):
            out.extend(titles)
            continue
        if _token_key(word) not in PREFIXES or n + 1 >= len(words):
            return " ".join([*out, *words[n:]])
        out.append(word)
    return " ".join(out)


def split_honorifics(raw: str) -> NameParts:
    """Split "Drs. H. Agung Hikmati, M.Si" into ("Drs. H.", "Agung Hikmati", "M.Si")."""
    text = _SPACE.sub(" ", raw.strip().strip(",;"))
    # Degrees follow the name after commas: "Baiq Nurhayati, S.Sos., M.AP".
    pieces = [p.strip() for p in text.split(",")]
    head = pieces[0]
    suffixes = []
    for piece in pieces[1:]:
        if piece and _is_suffix(piece):
            suffixes.append(piece)
        elif piece:
            head = f"{head}, {piece}"
    words = _unglue(head).split(" ")
    prefix_words: list[str] = []
    while len(words) > 1:
        key = _token_key(words[0])
        if key in ADDRESS:
            words.pop(0)
        elif key in PREFIXES:
            prefix_words.append(words.pop(0))
        else:
            break
    # A degree written without a comma at the end: "H. Jefri Nainggolan SE", "Thamrin S.Sos. M.M".
    while (len(words) > 2 or (len(words) == 2 and ("." in words[-1].rstrip(".") or _capitals(words[-1]) >= 2))) \
            and _token_key(words[-1]) in SUFFIXES and words[-1][:1].isupper() \
            and (words[-1].isupper() or "." in words[-1] or _capitals(words[-1]) >= 2):
        suffixes.insert(0, words.pop())  # "Dr Hudiono MSi": a degree as its capitals spell it
    name = " ".join(words).strip(" .,")
    return NameParts(
        prefix=" ".join(prefix_words) or None,
        name=name,
        suffix=", ".join(suffixes) or None,
    )


@lru_cache(maxsize=1 << 16)
def person_key(name: str) -> str:
    """The identity key of a person's name: honorifics and degrees dropped, then folded.

    A title glued to the name ("H.Agung", "Dr.Ir.Joko") shows as a word only once folded, so
    leading title words are dropped from the folded name too; that also makes the key idempotent.
    """
    words = fold(split_honorifics(name).name).split(" ")
    while len(words) > 1 and (words[0] in PREFIXES or words[0] in ADDRESS):
        words.pop(0)
    return " ".join(words)


@dataclass(frozen=True)
class _Entry:
    expand: str
    alone: str


class Abbreviations:
    """The abbreviation tables of ``seeds/reference/abbreviations.lexicon.yaml``."""

    def __init__(self, tables: dict[str, dict[str, _Entry]]) -> None:
        self.tables = tables

    @classmethod
    def load(cls, path: Path) -> Abbreviations:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"{path}: cannot read the abbreviation table: {exc}") from None
        tables: dict[str, dict[str, _Entry]] = {}
        for kind in ("places", "agencies", "posts"):
            table: dict[str, _Entry] = {}
            for key, value in (data.get(kind) or {}).items():
                if isinstance(value, str):
                    table[_token_key(str(key))] = _Entry(value, value)
                elif isinstance(value, dict) and isinstance(value.get("expand"), str):
                    table[_token_key(str(key))] = _Entry(value["expand"], value.get("alone") or value["expand"])
                else:
                    raise ConfigError(f"{path}: {kind}.{key}: expected a string or {{expand, alone}}")
            tables[kind] = table
        return cls(tables)

    def expand(self, text: str, kind: str) -> str:
        """``text`` with the abbreviations of ``kind`` ('agencies' or 'posts') and of places expanded."""
        if kind not in ("agencies", "posts", "places"):
            raise ValueError(f"kind={kind!r}: expected one of agencies, posts, places")
        tables = [self.tables.get(kind, {}), self.tables.get("places", {})]
        if kind == "posts":
            tables.insert(1, self.tables.get("agencies", {}))
        # "Prov.Jateng" and "Kab./Kota" are two words each.
        spaced = re.sub(r"(?<=[A-Za-z])\.(?=[A-Za-z])", ". ", text)
        out: list[str] = []
        for index, word in enumerate(spaced.split()):
            core = word.strip(".,;:()")
            key = _token_key(core)
            entry = next((t[key] for t in tables if key in t), None)
            if entry is None or not core:
                out.append(word.rstrip(".") if word.endswith(".") and len(core) <= 4 else word)
                continue
            trailing = "," if word.endswith(",") else ""
            out.append((entry.alone if index == 0 else entry.expand) + trailing)
        return " ".join(out)


def reference_dir() -> Path:
    """Where the reference data lives: packaged with a wheel, or ``seeds/reference`` in a checkout."""
    package = Path(__file__).resolve().parents[1]  # humasgraph/
    packaged = package / "_reference"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "seeds" / "reference"


@lru_cache(maxsize=1)
def abbreviations() -> Abbreviations:
    """The abbreviation tables shipped in the reference data."""
    return Abbreviations.load(reference_dir() / "abbreviations.lexicon.yaml")


@lru_cache(maxsize=1 << 16)  # the same names recur in thousands of articles (import hot path)
def agency_key(name: str) -> str:
    """The identity key of an agency's name, abbreviations expanded: "Diskominfo Jateng" and
    "Dinas Komunikasi dan Informatika Provinsi Jawa Tengah" differ only by "Provinsi"."""
    return fold(abbreviations().expand(name, "agencies"))


@lru_cache(maxsize=1 << 16)
def post_key(title: str) -> str:
    """The identity key of a post's title, abbreviations expanded ("Kabid" = "Kepala Bidang")."""
    return fold(abbreviations().expand(title, "posts"))


# How an acting tenure (hgc:acting) is written before the title it is held in.
ACTING_TITLES = {"penjabat": "Penjabat", "pelaksana_tugas": "Pelaksana Tugas", "pelaksana_harian": "Pelaksana Harian"}


def acting_title(title: str, acting: str | None) -> str:
    """ "Sekretaris Daerah" held as ``pelaksana_tugas`` → "Pelaksana Tugas Sekretaris Daerah"."""
    return f"{ACTING_TITLES[acting]} {title}" if acting in ACTING_TITLES else title


def post_label(title: str, agency_name: str | None) -> str:
    """A post as a reader names it: its title and agency, no word said twice at the seam.

    "Sekretaris Daerah" of "Pemerintah Provinsi Jawa Tengah" → "Sekretaris Daerah Provinsi Jawa
    Tengah"; "Kepala Dinas" of "Dinas Kesehatan Kabupaten Banyumas" → "Kepala Dinas Kesehatan
    Kabupaten Banyumas"; "Wali Kota" of "Pemerintah Kota Uji" → "Wali Kota Uji"; "Menteri" of
    "Kementerian Pertanian" → "Menteri Pertanian". This is the one place a post's label is composed.
    """
    if not agency_name:
        return title
    name = agency_name.split()
    if len(name) > 1 and fold(name[0]) == "pemerintah":
        name = name[1:]
    if fold(" ".join(name)) in fold(title):
        return title
    if len(name) > 1 and fold(" ".join(name[1:])) in fold(title):
        return title  # "Menteri Pendidikan, ..." already names "Kementerian Pendidikan, ..."
    words = title.split()
    for k in range(min(len(words), len(name)), 0, -1):
        if fold(" ".join(words[-k:])) == fold(" ".join(name[:k])):
            return " ".join([*words, *name[k:]])
    if fold(title) == "menteri" and fold(name[0]) == "kementerian":
        return " ".join([title, *name[1:]])
    return " ".join([*words, *name])
