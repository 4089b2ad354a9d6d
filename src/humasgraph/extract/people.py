"""People named in an article: appositive mentions with their posts, and later short references.

"Kepala Bidang X Dinas Y, Drs. Agung Hikmati, M.Si" and "Helmi Hafid, Kasubdit X" introduce a
person with a post; "Gubernur Ganjar Pranowo" does so without a comma. Later the article writes
"Agung", "Bang Jefri", "Jefrie" (a misspelling), "Andi Yusran" (for "A. Muh. Yusran") or the bare
title "Wabup": each is resolved to a person already introduced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from ..model.names import ADDRESS, NICKNAMING, PREFIXES, NameParts, fold, person_key, post_label, slug, split_honorifics
from .agencies import Agencies, Agency
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .places import Regions
from .positions import REPUBLIC, PostPhrase, PostReader

__all__ = ["Held", "Mention", "People", "Person"]

NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z][a-z]{0,3}\.|I)$")
INITIAL = re.compile(r"^[A-Z][a-z]{0,3}\.$")
# An initial written without its dot ("M Muslim", "Hendra J Kede", "GS Vicky Lumentut"): never a name's last word.
BARE_INITIAL = re.compile(r"^(?![IVX]+$)[A-Z]{1,2}$")  # not a numeral ("Komisi II")
# Forms of address and nicknaming honorifics ("Bang Jefri", "Gus Yasin", "Cak Eri").
ADDRESS_WORDS = ADDRESS | NICKNAMING
# Last words of place names ("Maluku Utara", "Papua Barat Daya"): never a one-word name.
COMPASS = frozenset({"utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "laut", "raya", "pusat"})
FUZZY_TOKEN_RATIO = 0.8
RANK_PREFIXES = frozenset(PREFIXES)


@dataclass
class Held:
    """A post a person held, as the article gives it; ``agency`` None until resolved."""

    title: str
    agency: Agency | None
    acting: str | None
    phrase: PostPhrase


@dataclass(eq=False)
class Person:
    """One person of the article, with every way it is written."""

    name: str
    prefix: str | None = None
    suffix: str | None = None
    aliases: list[str] = field(default_factory=list)
    positions: list[Held] = field(default_factory=list)
    affiliation: Agency | None = None
    key: str = ""

    @property
    def tokens(self) -> list[str]:
        return fold(self.name).split()

    def add_alias(self, surface: str) -> None:
        surface = " ".join(surface.split()).strip(" ,.")
        if not surface or surface in self.aliases or surface == self.name:
            return
        if person_key(surface) == person_key(self.name) and surface == split_honorifics(surface).name:
            return
        words = fold(split_honorifics(surface).name).split()
        nickname = fold(surface.split()[0]) in ADDRESS_WORDS
        # A lone given name is no alias worth keeping (it would join strangers); a misspelt one
        # or a nickname ("Bang Jefri") is.
        if len(words) == 1 and words[0] in self.tokens and not nickname:
            return
        self.aliases.append(surface)

    def title_keys(self) -> set[str]:
        return {fold(h.phrase.bare_title) for h in self.positions} | {fold(h.title) for h in self.positions}


@dataclass(frozen=True)
class Mention:
    """A person mentioned in a sentence, at ``start``..``end`` of the sentence's text."""

    person: Person
    start: int
    end: int
    kind: str  # 'full' (introduced, maybe with a post), 'short', 'title'
    via: str | None = None  # the word before the mention: "melalui", "oleh", "diwakili" ...


class People:
    """The people of one article, read sentence by sentence."""

    def __init__(self, regions: Regions, agencies: Agencies, posts: PostReader, gazetteer: Gazetteer) -> None:
        self.lex = lexicon()
        self.regions = regions
        self.agencies = agencies
        self.posts = posts
        self.gazetteer = gazetteer
        self.items: list[Person] = []
        self.stop_words = self.lex.institution_words | self.lex.not_names | set(self.lex.weekdays) \
            | set(self.lex.months) | self.lex.passive_speech_verbs  # "Dikatakan Rudi, ...": a verb opening the sentence
        places = {fold(r.name) for r in regions.known.values() if regions.counts[fold(r.name)]}
        if regions.dateline:
            places.add(fold(regions.dateline.name))
        self._article_places = places | regions.listed  # "Plt Kadis Kominfo Lombok Timur, L. Muh. ..." → Lalu

    # --- names -----------------------------------------------------------------------------------

    def is_name(self, words: list[str], *, alone: bool = False) -> bool:
        """Whether ``words`` can be a person's name (``alone``: a single word may be)."""
        longest = 6 if fold(words[0]) in self.lex.name_titles else 5  # "I Gusti Ngurah Gede Jaya Saputra"
        if not words or len(words) > longest or (len(words) == 1 and not alone):
            return False
        bare = [n for n, w in enumerate(words) if BARE_INITIAL.match(w)]
        if bare and (bare[-1] == len(words) - 1 or len(bare) > 1 or len(words) < 2):
            return False
        if not all(NAME_TOKEN.match(w) or n in bare or (w in NAME_PARTICLES and 0 < n < len(words) - 1)
                   for n, w in enumerate(words)) \
                or all(INITIAL.match(w) for w in words):
            return False
        if "I" in words and (words.index("I") != 0 or len(words) < 3 or fold(words[1]) not in self.lex.name_titles):
            return False  # "I" opens a Balinese name ("I Made Suarjana"); elsewhere it is a numeral
        if any(fold(w) in self.stop_words and not (0 < n < len(words) - 1 and fold(w) in self.lex.months)
               for n, w in enumerate(words) if not INITIAL.match(w)):
            return False  # a month's name inside a name is a name ("Widji Juli Kurnia")
        if len(words) == 1 and fold(words[0]) in COMPASS:
            return False  # "Utara" of "Gubernur Maluku Utara"
        if any("." in w for w in words) and is_degree(" ".join(words)):
            return False  # "S. Sos", "M. Si": degrees written with a space after the dot
        return fold(" ".join(words)) not in self.regions.known

    def _canonical(self, name: str) -> str:
        words = name.split()
        out = []
        for w in words:
            initial = self.lex.initials.get(fold(w)) if INITIAL.match(w) else None
            if initial and (not initial.regions or initial.regions & self._article_places):
                out.append(initial.expand)
            else:
                out.append(w)
        canonical = " ".join(out)
        return self.gazetteer.person(canonical) or canonical

    def introduce(self, written: str) -> Person:
        """The person a full written name ("Drs. H. Lalu Ahmad Suryadi, M.Si") stands for."""
        parts = self._ranks(split_honorifics(written))
        canonical = self._canonical(parts.name)
        person = self._same(canonical, parts.name)
        if person is None:
            person = Person(canonical, parts.prefix, parts.suffix)
            self.items.append(person)
        person.prefix = person.prefix or parts.prefix
        person.suffix = person.suffix or parts.suffix
        if written.strip() != canonical:
            person.add_alias(written)
        if parts.name != canonical:
            person.add_alias(parts.name)
        return person

    def _ranks(self, parts: NameParts) -> NameParts:
        """Military and police ranks the name splitter leaves in the name ("Letkol Inf", "Lettu Ckm")."""
        words = parts.name.split()
        prefix = parts.prefix.split() if parts.prefix else []
        while len(words) > 2 and (fold(words[0]) in self.lex.ranks or
                                  (prefix and fold(words[0]) in self.lex.corps and fold(prefix[-1]) in self.lex.ranks
                                   | RANK_PREFIXES)):
            prefix.append(words.pop(0))
        if len(words) == len(parts.name.split()):
            return parts
        return NameParts(" ".join(prefix) or None, " ".join(words), parts.suffix)

    def _same(self, canonical: str, written: str) -> Person | None:
        key = person_key(canonical)
        for p in self.items:
            if person_key(p.name) == key or key in (person_key(a) for a in p.aliases):
                return p
        found = self.resolve(written.split())
        if found is not None and (len(written.split()) >= 2 or
                                  sum(_tokens_fit(written.split(), p) for p in self.items) == 1):
            return found
        # "Brigjen Pol Rony" read first, "Rony Samtana" later: the fuller name is the same person's
        words = fold(canonical).split()
        fuller = [p for p in self.items if len(p.tokens) < len(words) and p.tokens == words[:len(p.tokens)]]
        if len(fuller) == 1:
            fuller[0].name = canonical
            return fuller[0]
        return None

    def resolve(self, words: list[str], *, fuzzy: bool = False) -> Person | None:
        """The person already introduced whom ``words`` ("Agung", "Andi Yusran", "Bang Jefri") refer to."""
        words = [w for w in words if fold(w) not in ADDRESS_WORDS]
        if not words:
            return None
        matches = [p for p in reversed(self.items) if _tokens_fit(words, p)]
        if matches:
            return matches[0]
        if fuzzy and len(words) == 1 and len(words[0]) >= 4:
            word = _spelling(fold(words[0]))
            scored = [(max(fuzz.ratio(word, _spelling(t)) / 100 for t in p.tokens), p)
                      for p in reversed(self.items) if p.tokens]
            scored = [(r, p) for r, p in scored if r >= FUZZY_TOKEN_RATIO]
            if scored:
                return max(scored, key=lambda x: x[0])[1]
        return None

    def by_title(self, title: str) -> Person | None:
        """The one person whose post has the title ``title`` ("Wabup" → the Wakil Bupati)."""
        phrase = self.posts.parse(title)
        if phrase is None:
            return None
        wanted = {fold(phrase.title), fold(phrase.bare_title)}
        found = [p for p in self.items if p.title_keys() & wanted]
        if not found:  # "Dirjen" for the "Direktur Jenderal Tanaman Pangan" the article introduced
            found = [p for p in self.items if any(k.startswith(w + " ") for k in p.title_keys() for w in wanted)]
        if not found:  # "Kapolda Sulteng" for the "Kepala" of "Kepolisian Daerah Sulawesi Tengah": the post as labelled
            found = [p for p in self.items if any(
                (fold(post_label(h.title, h.agency.name if h.agency else None)) + " ").startswith(w + " ")
                for h in p.positions for w in wanted)]
        return found[0] if len(found) == 1 else None

    # --- posts ---------------------------------------------------------------------------------

    def hold(self, person: Person, phrase: PostPhrase) -> Held:
        """Record that ``person`` holds the post ``phrase`` names (its agency read, if written)."""
        agency: Agency | None = None
        if phrase.is_region_post:
            region = phrase.region or self.regions.main(phrase.region_kind)
            if region is not None:
                agency = self.agencies.government(region)
        elif phrase.agency:
            agency = self.agencies.read(phrase.agency)
            if agency is not None:
                self._unit_of_title(phrase.title, agency)
            elif fold(phrase.bare_title) in self.lex.place_posts or fold(phrase.bare_title) in \
                    self.lex.organisation_posts or phrase.agency == REPUBLIC:
                agency = self.agencies.local(phrase.agency)
        elif (kind := fold(phrase.bare_title).split()[-1]) in self.lex.headed_types \
                and len(phrase.bare_title.split()) > 1:
            # "Sekretaris Dinas, Nama" after "Kepala Dinas Kominfo Kota Ambon": the dinas the article just named
            agency = next((a for a in reversed(self.agencies.recent) if fold(a.name).startswith(kind + " ")), None)
        for held in person.positions:
            if fold(held.title) == fold(phrase.title):
                held.agency = held.agency or agency
                return held
        held = Held(phrase.title, agency, phrase.acting, phrase)
        person.positions.append(held)
        return held

    def _unit_of_title(self, title: str, agency: Agency) -> None:
        """Register the unit a title names ("Kepala Bidang X" at a dinas) as a part of that agency."""
        words = title.split()
        for i, w in enumerate(words):
            if fold(w) in self.lex.units and i + 1 < len(words):
                self.agencies.read(" ".join(words[i:]) + " " + agency.name, unit=True)
                return

    # --- reading a sentence --------------------------------------------------------------------

    def finish(self) -> list[Person]:
        """Every person, with unique keys."""
        used: set[str] = set()
        for p in self.items:
            base = slug(p.name, 60)
            key, n = base, 2
            while key in used:
                key, n = f"{base}-{n}", n + 1
            p.key = key
            used.add(key)
        return self.items


def _spelling(word: str) -> str:
    """A name in one spelling: old and new Indonesian orthography and y/i endings ("Soedirman", "Rudy", "Jefrie")."""
    for old, new in (("oe", "u"), ("dj", "j"), ("tj", "c"), ("sj", "sy"), ("ch", "kh"), ("ie", "i"), ("y", "i")):
        word = word.replace(old, new)
    return word


def _tokens_fit(words: list[str], person: Person) -> bool:
    """Each word is a word of the person's name, or an initial the name's word begins with."""
    names = person.tokens
    alias_words = {w for a in person.aliases for w in fold(split_honorifics(a).name).split()}
    for w in words:
        f = fold(w)
        if not f:
            return False
        if f in names or f in alias_words:
            continue
        if INITIAL.match(w) and any(n.startswith(f) for n in names):
            continue
        if any(INITIAL.match(a) and f.startswith(fold(a)) for a in _alias_initials(person)):
            continue
        return False
    return True


def _alias_initials(person: Person) -> list[str]:
    return [w for a in person.aliases for w in split_honorifics(a).name.split() if INITIAL.match(w)]


# Lower-case words that may stand inside a name ("Ahmad bin Ali").
NAME_PARTICLES = frozenset({"bin", "binti", "van", "der", "de", "da", "dos", "von", "al", "el"})


@lru_cache(maxsize=1 << 14)  # asked of every segment and candidate name
def is_degree(text: str) -> bool:
    """Whether ``text`` is only degrees ("S.Sos., M.AP"), by the same test as ``split_honorifics``."""
    return split_honorifics(f"Nama Orang, {text}").suffix == text.strip(" ,")
