"""Who acted for whom: "membacakan sambutan Gubernur", "yang diwakili", "mewakili", "atas nama", "melalui".

A principal is a person if named, else a post of a region's government or an agency ("Sekretaris
Daerah Provinsi Jawa Tengah", "Kepala Dinas" of the delegate's own dinas), else a collective
("para pengurus" of the organisation the article named with that noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Act
from ..names import fold, post_label
from .agencies import Agencies, Agency
from .lexicon import lexicon, phrase_pattern
from .people import Mention, People, Person
from .places import Regions
from .positions import PostReader
from .text import Sentence

__all__ = ["Delegation", "Delegations", "Principal"]

ACT_PRIORITY = (Act.reading_speech, Act.opening, Act.representing, Act.other)
_ADDRESS = re.compile(r"^(?:Pak|Bapak|Bu|Ibu|Sdr\.?)\s+")
_HEAD_BEFORE_MELALUI = re.compile(r"(?:^|[,;]\s*)(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,6})"
                                  r"\s+melalui\s+[^,]*,?\s*$")
# "Menteri Pendidikan, Kebudayaan, Riset, dan Teknologi": a name that is a list.
_ENUMERATION = re.compile(r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*(?:,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*,?"
                          r"\s+dan\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_PHRASE = re.compile(r"(?:[A-Z][\w.'’-]*|dan|&|se-\w+)(?:\s+(?:[A-Z][\w.'’/-]*|dan|&|se-\w+))*")


@dataclass(eq=False)
class Principal:
    """For whom a delegate acted: a person, a post (title at an agency), or an agency or collective."""

    label: str
    person: Person | None = None
    title: str | None = None
    agency: Agency | None = None
    key: str = ""

    @property
    def is_post(self) -> bool:
        return self.person is None and self.title is not None


@dataclass(eq=False)
class Delegation:
    """A delegate acting for a principal; ``quote`` set when "atas nama" scopes it to one quotation."""

    delegate: Person | None
    principal: Principal
    act: Act
    sentence: int
    quote: int | None = None
    opened: bool = False  # the delegate also opened the event ("sekaligus membuka acara")


class Delegations:
    """Finds delegations sentence by sentence and keeps their principals apart."""

    def __init__(self, people: People, agencies: Agencies, posts: PostReader, regions: Regions, text: str) -> None:
        self.lex = lexicon()
        self.people = people
        self.agencies = agencies
        self.posts = posts
        self.regions = regions
        self.text = text
        self.principals: list[Principal] = []
        nouns = phrase_pattern(self.lex.speech_nouns)
        self._reading = re.compile(rf"\b(?:membacakan|membaca)\s+(?:{nouns})\s+(?:tertulis\s+)?(?P<p>\S.*)$")
        self._read_by = re.compile(rf"\b(?i:{nouns})\s+(?P<p>[A-Z][^,]*?(?:,\s*(?:dan\s+)?[A-Z][^,]*?)*)"
                                   rf"\s+(?:yang\s+)?dibacakan(?P<nya>nya)?(?:\s+oleh)?\b")
        # "Bupati Gianyar dalam sambutannya yang dibacakan oleh Asisten ..., Nama,"
        self._own_read = re.compile(rf"(?P<p>[A-Z][^,]*?)\s+dalam\s+(?:{nouns})nya\s+(?:yang\s+)?dibacakan"
                                    rf"(?:\s+oleh)?\b")
        self._represented = re.compile(r"(?P<p>[A-Z][^,]*?)\s+yang\s+diwakili(?:\s+oleh)?\b")
        self._representing = re.compile(r"\b(?:hadir\s+|turut\s+)?mewakili\s+(?P<p>\S.*)$")
        self._on_behalf = re.compile(r"\b[Aa]tas\s+nama\s+(?P<p>\S.*)$")

    def find(self, sentence: Sentence, mentions: list[Mention], focus: Person | None) -> list[Delegation]:
        """The delegations a sentence states (those "atas nama" inside quotes have no delegate yet)."""
        text = sentence.text
        found: list[Delegation] = []
        opening = re.search(r"\b(membuka|dibuka|meresmikan|mengukuhkan|melantik)\b", text) is not None

        def add(delegate: Person | None, phrase: str, act: Act, quote: int | None = None,
                after: int | None = None) -> None:
            principal = self.principal(phrase, delegate, mentions, after)
            if principal is not None and (principal.person is None or principal.person is not delegate):
                found.append(Delegation(delegate, principal, act, sentence.index, quote, opened=opening))

        for m in self._reading.finditer(text):
            add(_before(mentions, m.start()) or focus, m.group("p"), Act.reading_speech, after=m.start("p"))
        for m in self._read_by.finditer(text):
            delegate = _after(mentions, m.end()) if not m.group("nya") else \
                (_after(mentions, m.end()) or _before(mentions, m.start()) or focus)
            add(delegate, m.group("p"), Act.reading_speech)
        for m in self._own_read.finditer(text):
            add(_after(mentions, m.end()), m.group("p"), Act.reading_speech)
        for m in self._represented.finditer(text):
            add(_after(mentions, m.end()), m.group("p"), Act.opening if opening else Act.representing)
        for m in self._representing.finditer(text):
            delegate = _before(mentions, m.start()) or focus
            add(delegate, m.group("p"), Act.opening if opening else Act.representing, after=m.start("p"))
        for m in self._on_behalf.finditer(text):
            add(_before(mentions, m.start()) or focus, m.group("p"), Act.representing, after=m.start("p"))
        for quote in sentence.quotes:
            q = self._on_behalf.search(quote.text)
            if q is not None:
                add(None, q.group("p"), Act.representing, quote=quote.index)
        for i, mention in enumerate(mentions):
            if mention.via != "melalui":
                continue
            if i > 0 and mentions[i - 1].person is not mention.person:
                principal = self._of_person(mentions[i - 1].person)
                found.append(Delegation(mention.person, principal, Act.representing, sentence.index))
            elif i == 0 and (head := _HEAD_BEFORE_MELALUI.search(text[:mention.start])) is not None:
                # "Gubernur Kalbar melalui Plh Kepala Dinas ..., Nama, membuka ...": a post acts through its man
                add(mention.person, head.group("p"), Act.opening if opening else Act.representing)
        return found

    # --- principals ----------------------------------------------------------------------------

    def principal(self, phrase: str, delegate: Person | None, mentions: list[Mention],
                  after: int | None) -> Principal | None:
        """The principal a phrase ("Gubernur NTB", "Pak Wali Kota", "para pengurus") names."""
        phrase = phrase.strip()
        if re.match(r"^(tersebut|itu|ini|nya)\b", phrase):
            return None
        if phrase.startswith("para "):
            return self._collective(phrase)
        words = re.sub(r"\s*\([A-Za-z .-]{1,20}\)", "", _ADDRESS.sub("", phrase))  # "Kementerian Agama (Kemenag) X"
        m = _ENUMERATION.match(words) or _PHRASE.match(words)
        if m is None:
            return None
        written = re.sub(r"\s+(?:dan|&)$", "", m.group().strip())
        if after is not None:
            named = next((x for x in mentions if x.start >= after and x.start <= after + len(phrase)
                          and x.start <= after + len(written) + 3), None)
            if named is not None:
                return self._of_person(named.person)
        post = self.posts.parse(written)
        if post is None:
            person = self.people.resolve(written.split())
            if person is not None:
                return self._of_person(person)
            agency = self.agencies.read(written)
            return self._remember(Principal(agency.name, agency=agency)) if agency else None
        if post.is_region_post:
            region = post.region or self.regions.main(post.region_kind)
            if region is None:
                return None
            agency = self.agencies.government(region)
            tail = " ".join(written.split()[len(post.title.split()):])
            shown = region.qualified if re.search(r"^(Provinsi|Prov|Kabupaten|Kab|Kota)\b", tail) else region.name
            holder = self._holder(post.title, agency)
            if holder is not None:
                return self._of_person(holder)
            return self._remember(Principal(post_label(post.title, shown), title=post.title, agency=agency))
        agency = self.agencies.read(post.agency) if post.agency else None
        if agency is None and delegate is not None:
            agency = self._own_agency(delegate, post.title)
        if agency is None:  # "pidato Menteri" after "pidato kunci Menteri Pendidikan, ...": the same post
            same = [p for p in self.principals if p.title and fold(p.title).startswith(fold(post.title))]
            if len(same) == 1:
                return same[0]
        holder = self._holder(post.title, agency) if agency else None
        if holder is not None:
            return self._of_person(holder)
        if agency is None:
            return self._remember(Principal(post.title, title=post.title))
        return self._remember(Principal(post_label(post.title, agency.name), title=post.title, agency=agency))

    def _own_agency(self, delegate: Person, title: str) -> Agency | None:
        """"Kepala Dinas" said by someone of a dinas: the head of the delegate's own agency."""
        last = fold(title).split()[-1]
        for held in delegate.positions:
            if held.agency is not None and fold(held.agency.name).startswith(last):
                return held.agency
        return None

    def _holder(self, title: str, agency: Agency | None) -> Person | None:
        for person in self.people.items:
            for held in person.positions:
                if held.agency is agency and fold(held.title) == fold(title):
                    return person
        return None

    def _collective(self, phrase: str) -> Principal | None:
        """"para pengurus": the members of the organisation the article named with that noun."""
        noun = phrase.split()[1] if len(phrase.split()) > 1 else ""
        if not noun.isalpha():
            return None
        m = re.search(rf"\b{re.escape(noun)}\s+(?P<org>[A-Z][\w ]*?)(?:\s+\((?P<abbr>[A-Z][A-Za-z]+)\))?"
                      rf"(?=\s+[a-z]|[,.]|$)", self.text)
        if m is None:
            return None
        org = m.group("abbr") or m.group("org")
        region = self.regions.main(None)
        label = f"para {noun} {org}" + (f" {region.qualified}" if region else "")
        long = m.group("org")
        name = f"{noun.capitalize()} {long}" + (f" {region.qualified}" if region else "")
        agency = Agency(name, fold(name), region)
        agency.add_alias(label)
        self.agencies.items.append(agency)
        return self._remember(Principal(label, agency=agency))

    def _of_person(self, person: Person) -> Principal:
        for p in self.principals:
            if p.person is person:
                return p
        return self._remember(Principal(person.name, person=person))

    def _remember(self, principal: Principal) -> Principal:
        for p in self.principals:
            if fold(p.label) == fold(principal.label) and p.person is principal.person:
                return p
        self.principals.append(principal)
        return principal


def _before(mentions: list[Mention], position: int) -> Person | None:
    earlier = [m for m in mentions if m.end <= position]
    return earlier[-1].person if earlier else None


def _after(mentions: list[Mention], position: int) -> Person | None:
    later = [m for m in mentions if m.start >= position]
    return later[0].person if later else None
