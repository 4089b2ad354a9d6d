"""Agencies named in an article: full names, abbreviations, regions and hierarchy.

"Kasubdit ... Dirjen IKP Kementerian Kominfo" names a directorate-general within a ministry;
"Kepala Bidang X Dinas Y Provinsi Z" a dinas of the government of province Z. A name written
short ("Diskominfo") is the agency the article named in full before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model.enums import AgencyType
from ..model.names import abbreviations, agency_key, fold, slug
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .places import KINDS, Region, Regions

__all__ = ["Agencies", "Agency"]

_PAREN = re.compile(r"\s*\(([^()]*)\)")
# Agencies of a region's own government: their names carry the region's kind ("Provinsi X").
_REGIONAL = ("dinas", "badan", "sekretariat daerah", "inspektorat", "satuan", "dewan perwakilan rakyat daerah",
             "pemerintah", "kantor", "rumah sakit umum daerah")
_TYPES = (
    ("kementerian", AgencyType.ministry), ("direktorat jenderal", AgencyType.directorate_general),
    ("subdirektorat", AgencyType.sub_directorate), ("direktorat", AgencyType.directorate),
    ("pemerintah provinsi", AgencyType.provincial_government),
    ("pemerintah kabupaten", AgencyType.regency_government), ("pemerintah kota", AgencyType.city_government),
    ("sekretariat", AgencyType.secretariat), ("badan", AgencyType.agency), ("dinas", AgencyType.office),
    ("biro", AgencyType.bureau), ("bidang", AgencyType.division), ("bagian", AgencyType.section),
    ("seksi", AgencyType.section), ("dewan perwakilan", AgencyType.legislature), ("komisi", AgencyType.other),
    ("kepolisian", AgencyType.police), ("universitas", AgencyType.university), ("institut", AgencyType.university),
)
_UNITS_NAMED_WITH_PARENT = ("bidang", "bagian", "seksi", "subbagian", "subbidang", "biro", "komisi",
                            "subdirektorat")
MERGE_RATIO = 0.9
_GOVERNMENTS = (AgencyType.provincial_government, AgencyType.regency_government, AgencyType.city_government)


@dataclass(eq=False)
class Agency:
    """One agency of the article, with the names it is written under."""

    name: str
    core: str  # the name without its region, folded: what short mentions are compared with
    region: Region | None
    base: str = ""  # the name without its region, as written out
    parent: Agency | None = None
    aliases: list[str] = field(default_factory=list)
    type: AgencyType | None = None
    key: str = ""

    def add_alias(self, surface: str) -> None:
        surface = " ".join(surface.split()).strip(" ,.")
        if surface and agency_key(surface) != agency_key(self.name) and surface not in self.aliases:
            self.aliases.append(surface)

    @property
    def region_name(self) -> str | None:
        """The region this agency or one of its parents belongs to."""
        node: Agency | None = self
        while node is not None:
            if node.region is not None:
                return node.region.name
            node = node.parent
        return None


class Agencies:
    """The agencies of one article, read from their mentions in order."""

    def __init__(self, regions: Regions, text_abbreviations: dict[str, str], gazetteer: Gazetteer) -> None:
        self.lex = lexicon()
        self.regions = regions
        self.text_abbreviations = text_abbreviations
        self.gazetteer = gazetteer
        self.items: list[Agency] = []
        self.recent: list[Agency] = []
        self._heads = {h.split()[0] for h in self.lex.agency_heads}
        _agency_not_post(text_abbreviations, self._heads, self.lex.post_heads)
        self._table = abbreviations().tables.get("agencies", {})

    def local(self, name: str) -> Agency:
        """The government of a village, kecamatan or nagari ("Desa Batuan"): named only by its head's title."""
        for a in self.items:
            if agency_key(a.name) == agency_key(name):
                return a
        agency = Agency(name, fold(name), None, base=name, type=AgencyType.other)
        self.items.append(agency)
        self.recent.append(agency)
        return agency

    # --- reading a name -----------------------------------------------------------------------

    def expand(self, text: str) -> str:
        """``text`` with the article's own abbreviations, then the reference ones, written out."""
        out = text
        for abbr in sorted(self.text_abbreviations, key=len, reverse=True):
            long = self.text_abbreviations[abbr]
            if fold(long).split()[0] in self._heads or fold(long).split()[0] in self.lex.post_heads:
                out = re.sub(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", long, out)
                if " " in abbr:  # "Diskominfo" alone, where the article defined "Diskominfo SP"
                    out = re.sub(rf"(?<![\w-]){re.escape(abbr.split()[0])}(?![\w-])", long, out)
        out = abbreviations().expand(out, "agencies")
        return re.sub(r"\b(Dinas|Badan|Biro|Kantor|Balai)\s+\1\b", r"\1", out)  # "Dinas Diskominfo"

    def is_head(self, word: str) -> bool:
        """Whether an agency's name can begin with ``word`` (written out or abbreviated)."""
        key = re.sub(r"[^0-9a-z]", "", word.lower())
        if key in self._heads:
            return True
        entry = self._table.get(key)
        if entry is not None and fold(entry.alone).split()[0] in self._heads:
            return True
        long = self.text_abbreviations.get(word.strip(",."))
        return long is not None and fold(long).split()[0] in self._heads

    def read(self, surface: str, *, region_hint: Region | None = None, unit: bool = False) -> Agency | None:
        """The agency ``surface`` names (registered, with its parents), or None if it names none."""
        written = " ".join(surface.split()).strip(" ,.;:")
        if not written:
            return None
        clean = _PAREN.sub("", written)
        clean = " ".join(self.lex.correct(w) for w in clean.split())
        entry = self._table.get(re.sub(r"[^0-9a-z]", "", clean.lower())) if len(clean.split()) == 1 else None
        if entry is not None and entry.alone != entry.expand:
            # "Sekretaris Kominfo" after "Kepala Dinkominfo Muba": alone, the short name is the regional office
            # the article named, not the ministry it means elsewhere
            local = next((a for a in reversed(self.recent) if a.region is not None
                          and a.core.endswith(fold(entry.expand)) and a.core != fold(entry.alone)), None)
            if local is not None:
                local.add_alias(written)
                return local
        expanded = self.expand(clean)
        tokens = expanded.replace(",", " , ").split()
        if not tokens or not (self.is_head(tokens[0]) or (unit and fold(tokens[0]) in self.lex.units)):
            return None
        segments = self._segments(tokens)
        if len(segments) > 1 and fold(segments[-1][0]) in self.lex.legislature_units | self.lex.units:
            segments.insert(0, segments.pop())  # "DPRD Sultra Komisi III": the unit written after its council
        region, segments[-1] = self._region_of(segments[-1])
        if region is None and region_hint is not None and self._is_regional(" ".join(segments[-1])):
            region = region_hint
        parent: Agency | None = None
        agency: Agency | None = None
        for depth, words in enumerate(reversed(segments)):
            text = " ".join(words).replace(" , ", ", ").strip(" ,")
            is_last = depth == len(segments) - 1
            if depth == 0:
                agency = self._register(text, region, parent=None)
            else:
                agency = self._register(text, None, parent=parent)
            if is_last:
                agency.add_alias(written)
            parent = agency
        if agency is not None:
            if agency in self.recent:
                self.recent.remove(agency)
            self.recent.append(agency)
        return agency

    def _segments(self, tokens: list[str]) -> list[list[str]]:
        """Split a written-out name where a larger agency begins: "Direktorat Jenderal X | Kementerian Y"."""
        segments: list[list[str]] = [[]]
        for i, token in enumerate(tokens):
            starts = i > 0 and token[:1].isupper() and fold(token) in self._heads and tokens[i - 1] != "," \
                and not (fold(token) == "daerah") and fold(tokens[i - 1]) not in ("dan", "&")
            # "Kantor Kementerian Agama Kabupaten Bantul": a lone type word names no agency of its own
            if starts and segments[-1] and not (len(segments[-1]) == 1 and fold(segments[-1][0]) in self._heads):
                segments.append([])
            segments[-1].append(token)
        return segments

    def _region_of(self, words: list[str]) -> tuple[Region | None, list[str]]:
        for n in range(min(4, len(words) - 1), 0, -1):
            tail = words[-n:]
            before = words[-n - 1] if len(words) > n else ""
            if fold(before) in KINDS:
                region = self.regions.lookup(" ".join(words[-n - 1:]))
                if region is not None:
                    return region, words[:-n - 1]
            if re.fullmatch(r"se-?", fold(before) or "x"):
                continue
            region = self.regions.lookup(" ".join(tail))
            if region is not None and all(t[:1].isupper() for t in tail):
                return region, words[:-n]
        return None, words

    def _is_regional(self, core: str) -> bool:
        return fold(core).startswith(_REGIONAL)

    def _register(self, core: str, region: Region | None, parent: Agency | None) -> Agency:
        core = core.strip(" ,")
        if region is not None and self._is_regional(core) and region.kind is None:
            main = self.regions.main(None)
            region = Region(region.name, main.kind if main and main.name == region.name else None)
        if region is None:
            name = core
        elif self._is_regional(core) or fold(core).startswith("komisi"):
            name = f"{core} {region.qualified}"
        else:
            name = f"{core} {region.name}"
        if parent is not None and fold(core).startswith(_UNITS_NAMED_WITH_PARENT):
            name = f"{core} {parent.name}"
        known = self.gazetteer.agency(name)
        canonical = known or name
        found = self._find(canonical, fold(core), region)
        if found is None:
            found = Agency(canonical, fold(core), region, base=core, type=_type_of(canonical))
            self.items.append(found)
        elif region is not None and found.region is None:
            # the name first written out in full stays; it gains the region named now
            found.aliases.append(found.name)
            found.region = region
            found.name = name.replace(core, found.base, 1) if found.base and core in name else canonical
        if canonical != name:
            found.add_alias(name)
        if parent is not None and found.parent is None and found is not parent:
            found.parent = parent
        if found.parent is None and region is not None and self._is_regional(core) \
                and not fold(core).startswith(("pemerintah", "dewan")):
            found.parent = self.government(region)
        if parent is not None and fold(core).startswith(_UNITS_NAMED_WITH_PARENT):
            found.add_alias(core)
        if found.type in _GOVERNMENTS and found.region is not None:
            for alias in (found.region.qualified, found.region.name):
                found.add_alias(alias)
        return found

    def _find(self, name: str, core: str, region: Region | None) -> Agency | None:
        key = agency_key(name)
        for a in self.items:
            if agency_key(a.name) == key or key in (agency_key(x) for x in a.aliases):
                return a
        same_place = [a for a in self.items if region is None or a.region is None
                      or fold(a.region.name) == fold(region.name)]
        for a in same_place:
            if a.core == core or _close(a.core, core):
                if (region is None and a.region is not None) or region is not None or a.region is None:
                    return a
        return None

    def government(self, region: Region) -> Agency:
        """The government of ``region``: "Pemerintah Provinsi Jawa Tengah", known also by the region's names."""
        kind = region.kind or "kabupaten"
        name = f"Pemerintah {KINDS[kind]} {region.name}"
        for a in self.items:
            if agency_key(a.name) == agency_key(name):
                return a
        agency = Agency(name, fold(f"pemerintah {KINDS[kind]}"), Region(region.name, kind), type=_type_of(name))
        for alias in (f"{KINDS[kind]} {region.name}", region.name):
            agency.add_alias(alias)
        self.items.append(agency)
        return agency

    # --- finding names in running text -------------------------------------------------------

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Spans of agency names in ``text``: not those within a venue ("di Aula Setda") or a title."""
        spans: list[tuple[int, int, str]] = []
        venues = [(m.start(), m.end()) for m in re.finditer(
            rf"\bdi\s+(?:{'|'.join(re.escape(v) for v in self.lex.venue_heads)})\b[^,.;]*", text, re.IGNORECASE)]
        posts = abbreviations().tables.get("posts", {})
        skip_to = 0
        for m in re.finditer(r"[A-Z][\w-]*", text):
            if (spans and m.start() < spans[-1][1]) or m.start() < skip_to:
                continue
            if not self.is_head(m.group()) or any(a <= m.start() < b for a, b in venues):
                continue
            before = text[:m.start()].split()
            previous = re.sub(r"[^0-9a-z]", "", before[-1].lower()) if before else ""
            # ("anggota DPRD Sultra", "para kepala Dinas": a title in lower case is a common noun, no post)
            if (previous in posts or previous in self.lex.post_heads) and before[-1][:1].isupper():
                skip_to = _run_end(text, m.start(), self)
                continue  # "Kepala Diskominfo X", "Kadis Kominfo X": read with the title
            end = _run_end(text, m.start(), self)
            end = self._before_name(text, m.start(), end)
            spans.append((m.start(), end, text[m.start():end].strip(" ,")))
        return spans

    def _before_name(self, text: str, start: int, end: int) -> int:
        """Where an agency's run ends when a person's name follows its region with no comma ("Diskominfo Lombok
        Utara Sahnan, S. Sos mengatakan"): after the region, if only name-like words follow it and then a comma,
        a lower-case word or the end of the sentence."""
        tokens = list(re.finditer(r"\S+", text[start:end]))
        after = text[end:].lstrip()
        if len(tokens) < 3 or not (not after or after[:1] in ",." or after[:1].islower()):
            return end
        words = [t.group() for t in tokens]
        for n in range(1, len(words) - 1):
            width = self.regions.prefix(words[n:])
            if not width:
                continue
            if n + width >= len(words):
                return end  # the region ends the run
            tail = words[n + width:]
            if 1 <= len(tail) <= 4 and all(self._name_like(w) for w in tail):
                return start + tokens[n + width - 1].end()
            return end
        return end

    def _name_like(self, word: str) -> bool:
        f = fold(word)
        return re.fullmatch(r"[A-Z][a-z'’]+", word) is not None and f not in self.lex.institution_words \
            and not self.is_head(word) and f not in self.lex.units and f not in KINDS \
            and f not in ("utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "raya", "kota")

    def latest(self, *types: AgencyType) -> Agency | None:
        """The agency of one of ``types`` the article named last."""
        for a in reversed(self.recent):
            if a.type in types:
                return a
        return None

    def finish(self) -> list[Agency]:
        """Every agency, parents first, with unique keys."""
        ordered: list[Agency] = []

        def visit(a: Agency, depth: int = 0) -> None:
            if a in ordered or depth > 10:
                return
            if a.parent is not None:
                visit(a.parent, depth + 1)
            ordered.append(a)

        for a in self.items:
            visit(a)
        used: set[str] = set()
        for a in ordered:
            base = slug(a.name, 60)
            key, n = base, 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            a.key = key
            used.add(key)
        return ordered


def _agency_not_post(defined: dict[str, str], heads: set[str], post_heads: frozenset[str]) -> None:
    """An abbreviation defined after a post and its agency names the agency: "Kepala Dinas Komunikasi dan
    Informatika (Kominfo)" defines Kominfo as "Dinas Komunikasi dan Informatika" (changed in place)."""
    for abbr, long in list(defined.items()):
        words = long.split()
        k = 0
        while k < len(words) - 1 and fold(words[k]) in post_heads and fold(words[k]) not in heads:
            k += 1
        if 0 < k < len(words) - 1 and fold(words[k]) in heads:
            entry = abbreviations().tables.get("agencies", {}).get(fold(abbr).replace(" ", ""))
            if entry is not None and fold(" ".join(words[k:])).endswith(fold(entry.expand)):
                del defined[abbr]  # the reference knows it: "Dinas Kominfo X" → "Dinas Komunikasi dan Informatika X"
            else:
                defined[abbr] = " ".join(words[k:])


def _close(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > len(a) * (1 - MERGE_RATIO) * 2:
        return False
    return fuzz.ratio(a, b, score_cutoff=MERGE_RATIO * 100) >= MERGE_RATIO * 100


def _type_of(name: str) -> AgencyType | None:
    folded = fold(name)
    for prefix, kind in _TYPES:
        if folded.startswith(prefix):
            return kind
    return AgencyType.other


_RUN_TOKEN = re.compile(r"\s*(\([^()]{1,40}\)|(?:Kab|Prov|Kec|Kel)\.|[A-Z][\w'’/-]*(?:\.(?=[A-Z])[\w-]+)*"
                        r"|dan|&|se-?\s?[A-Z][\w-]*|,\s*(?=[A-Z]))")


def _run_end(text: str, start: int, agencies: Agencies) -> int:
    """Where an agency's name that begins at ``start`` ends: at the first word not part of a name."""
    pos = start
    last_good = start
    lex = agencies.lex
    while True:
        m = _RUN_TOKEN.match(text, pos)
        if m is None:
            break
        word = m.group(1).strip()
        if word in (",", "dan", "&"):
            # a list of agencies ("SKPD X, Bagian Humas dan Dinas Y") is several names
            after = re.match(r"\s*([A-Z][\w-]*)", text[m.end():])
            if after is None or (word == "," and fold(after.group(1)) not in lex.institution_words) \
                    or agencies.is_head(after.group(1)) or fold(after.group(1)) in lex.units:
                break
        elif fold(word) in lex.weekdays or fold(word) in lex.months:
            break
        pos = m.end()
        if word not in (",", "dan", "&"):
            last_good = pos
    return last_good
