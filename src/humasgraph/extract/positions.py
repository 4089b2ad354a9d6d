"""Titles of office as written before or after a name: "Kabid IKP Diskominfotik NTB" → post and agency."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model.names import abbreviations, fold
from .lexicon import lexicon
from .places import Region, Regions

__all__ = ["PostPhrase", "PostReader"]

_PAREN = re.compile(r"\s*\([^()]*\)")
_ACTING = {"pelaksana tugas": "pelaksana_tugas", "pelaksana harian": "pelaksana_harian", "penjabat": "penjabat"}
_ADDRESS = frozenset({"pak", "bapak", "bu", "ibu", "sdr", "saudara", "saudari"})
# How a head's title names the agency it heads when no other agency follows: "Menteri Kesehatan"
# heads "Kementerian Kesehatan", "Direktur Jenderal X" heads "Direktorat Jenderal X".
_HEADED_BY_TITLE = {"menteri": "Kementerian", "direktur jenderal": "Direktorat Jenderal"}


# The posts of the head of state, held in the republic itself ("Presiden RI").
_HEADS_OF_STATE = frozenset({"presiden", "wakil presiden", "presiden ri", "wakil presiden ri",
                             "presiden republik indonesia", "wakil presiden republik indonesia"})
REPUBLIC = "Republik Indonesia"


@dataclass(frozen=True)
class PostPhrase:
    """A post read from text: its title, and the agency or region it belongs to as written."""

    title: str
    agency: str | None
    region: Region | None
    region_kind: str | None  # 'provinsi' | 'kabupaten' | 'kota' for heads of region, else None
    acting: str | None
    surface: str

    @property
    def is_region_post(self) -> bool:
        """A head of region or regional secretary: the post belongs to "Pemerintah <region>"."""
        return self.region is not None or self.region_kind is not None or \
            fold(self.bare_title) in lexicon().region_posts

    @property
    def bare_title(self) -> str:
        """The title without the words of acting office ("Pelaksana Harian Sekretaris Daerah" → "Sekretaris Daerah")."""
        words = self.title
        for phrase in sorted(_ACTING, key=len, reverse=True):
            if fold(words).startswith(phrase + " "):
                words = words[len(phrase):].strip()
        return re.sub(r"^Wakil\s+(?=Gubernur|Bupati|Wali Kota)", "Wakil ", words)


class PostReader:
    """Reads titles of office with the article's own abbreviations and regions."""

    def __init__(self, regions: Regions, text_abbreviations: dict[str, str]) -> None:
        self.lex = lexicon()
        self.regions = regions
        self.text_abbreviations = text_abbreviations
        self.posts_table = abbreviations().tables.get("posts", {})
        self.agencies_table = abbreviations().tables.get("agencies", {})
        self._heads: dict[str, list[list[str]]] = {}
        for phrase in sorted((p.split() for p in self.lex.post_heads | set(self.lex.region_posts)),
                             key=len, reverse=True):
            self._heads.setdefault(phrase[0], []).append(phrase)
        self._agency_heads = {h.split()[0] for h in self.lex.agency_heads}

    def head_length(self, tokens: list[str], i: int) -> int:
        """How many tokens from ``i`` spell a head of a title ("Kepala", "Staf Ahli", "Kabid"), or 0."""
        if i >= len(tokens) or not tokens[i][:1].isupper():
            return 0
        if _key(tokens[i]) in self.posts_table:
            return 1
        for words in self._heads.get(_fold(tokens[i]), []):
            if [_fold(t) for t in tokens[i:i + len(words)]] == words:
                return len(words)
        return 0

    def is_agency_head(self, tokens: list[str], i: int) -> bool:
        """Whether an agency's name begins at ``tokens[i]`` ("Dinas", "Diskominfo", "Setda", a defined "KIM")."""
        token = tokens[i].strip(",.;:")
        if not token[:1].isupper():
            return False
        key = _key(token)
        if key == "komisi" and i + 1 < len(tokens) and re.fullmatch(r"[A-E]|[IVX]{1,4}", tokens[i + 1].strip(",.")):
            return False  # "Komisi A" is a part of a legislature, named in a member's title
        if key in self._agency_heads:
            return True
        for abbr, long in self.text_abbreviations.items():
            if tokens[i:i + len(abbr.split())] == abbr.split() and fold(long).split()[0] in self._agency_heads:
                return True
        entry = self.agencies_table.get(key)
        return entry is not None and fold(entry.alone).split()[0] in self._agency_heads

    def parse(self, phrase: str) -> PostPhrase | None:
        """The post ``phrase`` names, or None when it does not begin with a title."""
        surface = phrase.strip(" ,.;:")
        clean = _PAREN.sub("", surface)
        tokens = [w for t in clean.replace(",", " , ").split() for w in self._unfuse(self.lex.correct(t))]
        while tokens and _key(tokens[0]) in _ADDRESS:
            tokens.pop(0)
        title: list[str] = []
        acting: str | None = None
        i = 0
        while i < len(tokens):
            n = self.head_length(tokens, i)
            if n == 0:
                break
            words = tokens[i:i + n]
            entry = self.posts_table.get(_key(words[0])) if n == 1 else None
            if entry is not None and not (title and self.is_agency_head(tokens, i)):
                words = (entry.alone if not title else entry.expand).split()
            elif title and self.is_agency_head(tokens, i):
                break
            acting = acting or _ACTING.get(fold(" ".join(words)))
            title.extend(words)
            i += n
        if not title:
            return None
        head_end = len(title)
        if fold(_strip_acting(" ".join(title))) in _HEADS_OF_STATE \
                and all(fold(t) in ("ri", "republik", "indonesia", ",") for t in tokens[i:]):
            # "Presiden RI", "Wakil Presiden Republik Indonesia": the post of the republic itself
            while title and fold(title[-1]) in ("ri", "republik", "indonesia"):
                title.pop()
            return PostPhrase(" ".join(title), REPUBLIC, None, None, acting, surface)
        seat = self.lex.place_posts.get(fold(_strip_acting(" ".join(title))))
        rest = [t for t in tokens[i:] if t != ","]
        if seat is not None and rest and all(t[:1].isupper() for t in rest):
            place = " ".join(rest) if fold(rest[0]) == fold(seat) else f"{seat} {' '.join(rest)}"
            return PostPhrase(" ".join(title), place, None, None, acting, surface)
        if fold(_strip_acting(" ".join(title))) in self.lex.organisation_posts and rest \
                and all(t[:1].isupper() or t in ("dan", "&") for t in rest):
            return PostPhrase(" ".join(title), " ".join(rest), None, None, acting, surface)
        region_kind = self.lex.region_posts.get(fold(_strip_acting(" ".join(title))))
        if fold(_strip_acting(" ".join(title))) in self.lex.region_posts:
            rest = [t for t in tokens[i:] if t != ","]
            if rest and fold(rest[0]) in self.lex.units:
                # "Staf Ahli Bupati Bidang Pemerintahan": the field is a part of the title, not a region
                field = next((n for n in range(1, len(rest)) if self.regions.prefix(rest[n:])), len(rest))
                title.extend(rest[:field])
                rest = rest[field:]
            n = self.regions.prefix(rest)
            region = self.regions.lookup(" ".join(rest[:n])) if n else None
            if region is None and region_kind and 0 < len(rest) <= 3 and all(t[:1].isupper() for t in rest):
                region = Region(" ".join(rest), region_kind)  # "Bupati Kudus": a region the article names once
            if region is not None and region_kind and region.kind not in (None, region_kind):
                region = Region(region.name, region_kind)
            if region is not None and region.kind is None and region_kind:
                region = Region(region.name, region_kind)
            return PostPhrase(" ".join(title), None, region, region_kind, acting, surface)
        units = self.lex.units
        if i < len(tokens) and fold(tokens[i]) in units and \
                not (fold(tokens[i]) == "komisi" and self.is_agency_head(tokens, i)):
            title.append(tokens[i])  # "Kepala Biro X Setda Y": the biro is named in the title
            i += 1
        unit_named = bool(title) and fold(title[-1]) in units
        while i < len(tokens) and not self.is_agency_head(tokens, i):
            entry = self.agencies_table.get(_key(tokens[i])) if unit_named and tokens[i].isupper() else None
            # "Kabid IKP" → "Kepala Bidang Informasi dan Komunikasi Publik": a field's abbreviation in the title
            title.extend(entry.expand.split() if entry is not None and entry.expand == entry.alone
                         and fold(entry.expand).split()[0] not in self._agency_heads else [tokens[i]])
            i += 1
        while title and (title[-1] == "," or (title[-1].islower() and title[-1] not in ("dan",))):
            title.pop()
        agency: str | None = " ".join(tokens[i:]).replace(" , ", ", ") or None
        if agency is not None and i + 1 < len(tokens) and self._ministry_word(tokens[i]) \
                and self.regions.lookup(" ".join(tokens[i + 1:])) is not None:
            agency = f"Dinas {agency}"  # "Sekretaris Kominfo Muba": a region's dinas, not the ministry
        text = " ".join(title).replace(" , ", ", ")
        lowered = fold(text)
        if agency is not None and fold(agency) in self.lex.headed_types:
            text, lowered, agency = f"{text} {agency}", f"{lowered} {fold(agency)}", None  # the dinas is not named
        if agency is not None:
            kind = self.agency_type_word(agency)
            last = lowered.split()[-1]
            if last in self.lex.headed_types and (kind is None or fold(kind) != last):
                agency = f"{text.split()[-1]} {agency}"  # "Kadis Kominfo X" heads "Dinas Kominfo X"
            elif kind and re.fullmatch(r"(kepala|sekretaris|wakil kepala|(pelaksana (tugas|harian)|penjabat) kepala)",
                                       lowered):
                text = f"{text} {kind}"  # "Kepala Diskominfo X" holds the post "Kepala Dinas"
        else:
            for head, kind_word in _HEADED_BY_TITLE.items():
                if lowered.startswith(head + " "):
                    agency = f"{kind_word} {text[len(head) + 1:]}"
            words = text.split()
            # "Kapolres Lombok Tengah": the abbreviation's expansion names the agency, the rest its place
            named = next((k for k in range(1, min(head_end, len(words))) if fold(words[k]) in self._agency_heads), None)
            if agency is None and named is not None and len(words) > head_end:
                agency, text = " ".join(words[named:]), " ".join(words[:head_end])
            marker = next((k for k in range(1, len(words) - 1) if fold(words[k]) in ("kota", "kabupaten", "provinsi")),
                          None)
            if agency is None and marker is not None and all(w[:1].isupper() for w in words[marker:]):
                # "Asisten III Administrasi Kota Mojokerto": an officer of that region's government
                agency, text = f"Pemerintah {' '.join(words[marker:])}", " ".join(words[:marker])
        return PostPhrase(text, agency, None, None, acting, surface)

    def _ministry_word(self, token: str) -> bool:
        """A word that alone names a ministry and inside a longer name a field ("Kominfo", "Komdigi")."""
        entry = self.agencies_table.get(_key(token))
        return entry is not None and entry.alone != entry.expand and fold(entry.alone).startswith("kementerian")

    def _unfuse(self, token: str) -> list[str]:
        """A head fused with the agency it heads, written apart: "Kadiskominfo" → "Kepala Diskominfo",
        "Kadinkes" → "Kepala Dinkes", "Kadiskominfotik" → "Kepala Diskominfotik"."""
        key = _key(token)
        if not token[:1].isupper() or not key.startswith("ka") or len(key) < 6:
            return [token]
        entry = self.agencies_table.get(key[2:])
        if entry is None or fold(entry.alone).split()[0] not in self.lex.headed_types:
            return [token]
        return ["Kepala", token[2:3].upper() + token[3:]]

    def agency_type_word(self, agency: str) -> str | None:
        """The type word an agency's name starts with once expanded ("Diskominfo X" → "Dinas"), if a head takes it."""
        first = agency.split(maxsplit=1)[0].strip(",")
        for abbr, long in self.text_abbreviations.items():
            if agency.startswith(abbr):
                first = long.split()[0]
        entry = self.agencies_table.get(_key(first))
        if entry is not None:
            first = entry.alone.split()[0]
        return first.capitalize() if fold(first) in self.lex.headed_types else None


@lru_cache(maxsize=65536)
def _fold(token: str) -> str:
    return fold(token)


def _key(token: str) -> str:
    return re.sub(r"[^0-9a-z]", "", token.lower())


def _strip_acting(title: str) -> str:
    out = title
    for phrase in sorted(_ACTING, key=len, reverse=True):
        if fold(out).startswith(phrase + " "):
            out = out[len(phrase):].strip()
    return out
