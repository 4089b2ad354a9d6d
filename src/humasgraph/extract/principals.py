"""Whom a delegate acted for: a phrase ("Sekda Provinsi Jawa Tengah", "Bupati", "Pemkab Badung") read as
a person, a post (with its holder when the article names one) or an agency, and kept apart per article."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.names import fold, post_label, split_honorifics
from .agencies import Agencies, Agency
from .lexicon import lexicon
from .people import Mention, People, Person
from .places import Regions
from .positions import PostReader

__all__ = ["Principal", "Principals"]

_ADDRESS = re.compile(r"^(?:Pak|Bapak|Bu|Ibu|Sdr\.?)\s+")
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


class Principals:
    """Reads principal phrases against the article's people, agencies and posts; remembers each it read."""

    def __init__(self, people: People, agencies: Agencies, posts: PostReader, regions: Regions, text: str) -> None:
        self.lex = lexicon()
        self.people = people
        self.agencies = agencies
        self.posts = posts
        self.regions = regions
        self.text = text
        self.known: list[Principal] = []

    def principal(self, phrase: str, delegate: Person | None, mentions: list[Mention],
                  after: int | None) -> Principal | None:
        """The principal a phrase ("Gubernur NTB", "Pak Wali Kota", "para pengurus") names."""
        phrase = phrase.strip()
        if re.match(r"^(tersebut|itu|ini|nya)\b", phrase):
            return None
        if phrase.startswith("para "):
            return self._collective(phrase)
        phrase = re.sub(r",(?=[A-Z])", " ", phrase)  # "Kepala Biro Umum,Humas dan Protokol": a comma missing its space
        words = re.sub(r"\s*\([A-Za-z .-]{1,20}\)", "", _ADDRESS.sub("", phrase))  # "Kementerian Agama (Kemenag) X"
        m = _ENUMERATION.match(words) or _PHRASE.match(words)
        if m is None:
            return None
        written = re.sub(r"\s+(?:dan|&)$", "", m.group().strip())
        if after is not None:
            named = next((x for x in mentions if x.start >= after and x.start <= after + len(phrase)
                          and x.start <= after + len(written) + 3), None)
            if named is not None:
                return self.of_person(named.person)
            # "mewakili Kepala Biro Umum Setdaprov DIY Ir. Sigit Haryanto, MT, saat ...": a title and a name
            # the people reader had not met; the degrees after the comma belong to it
            run = re.match(r"[^,]+(?:,\s*[A-Z][A-Za-z.]{0,5}\.?(?=,|\s*$))*", phrase)
            last = run.group().split(",")[0].split()[-2:] if run is not None else []
            if run is not None and len(last) == 2 and all(w[:1].isupper() for w in last) and \
                    self.name_words(last) and (person := self.read_person(run.group())) is not None:
                return self.of_person(person)
        post = self.posts.parse(written)
        if post is None:
            person = self.people.resolve(written.split())
            name = split_honorifics(written).name.split()
            if person is None and len(name) >= 2 and self.name_words(name):
                person = self.people.introduce(written)  # "ujar H Adi Gunawan melalui ...": a name, first seen here
            if person is not None:
                return self.of_person(person)
            agency = self.agencies.read(written)
            return self._remember(Principal(agency.name, agency=agency)) if agency else None
        if post.is_region_post:
            region = post.region or self.regions.main(post.region_kind)
            if region is None:
                return None
            agency = self.agencies.government(region)
            tail = " ".join(written.split()[len(post.title.split()):])
            shown = region.qualified if re.search(r"^(Provinsi|Prov|Kabupaten|Kab|Kota)\b", tail) else region.name
            holder = self.holder(post.title, agency)
            if holder is not None:
                return self.of_person(holder)
            return self._remember(Principal(post_label(post.title, shown), title=post.title, agency=agency))
        agency = self.agencies.read(post.agency) if post.agency else None
        if agency is None and delegate is not None:
            agency = self._own_agency(delegate, post.title)
        if agency is None:  # "pidato Menteri" after "pidato kunci Menteri Pendidikan, ...": the same post
            same = [p for p in self.known if p.title and fold(p.title).startswith(fold(post.title))]
            if len(same) == 1:
                return same[0]
        holder = self.holder(post.title, agency) if agency else None
        if holder is not None:
            return self.of_person(holder)
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

    def holder(self, title: str, agency: Agency | None) -> Person | None:
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

    def of_person(self, person: Person) -> Principal:
        for p in self.known:
            if p.person is person:
                return p
        return self._remember(Principal(person.name, person=person))

    def _remember(self, principal: Principal) -> Principal:
        for p in self.known:
            if fold(p.label) == fold(principal.label) and p.person is principal.person:
                return p
        self.known.append(principal)
        return principal

    def read_person(self, run: str) -> Person | None:
        """"Kepala Bidang Persandian, Sandi Apriatna," or "Kabid IKP Ignatius Ari": the person, with the post."""
        segments = [x.strip(" .") for x in re.sub(r",\s*\.", ",", run).split(",")]
        segments = [x for x in segments if x]
        title, words = "", []
        for i in range(len(segments) - 1, -1, -1):
            degrees = ", ".join(segments[i + 1:])
            parts = split_honorifics(", ".join(segments[i:]))
            name = [w.rstrip(".") for w in parts.name.split()]
            if name and self.name_words(name):
                title, words = ", ".join(segments[:i]), name
                break
            tokens = segments[i].split()
            whole = self.posts.parse(segments[i])
            for k in range(1, len(tokens)):
                if whole is not None and whole.region is not None and \
                        fold(whole.region.name).endswith(fold(" ".join(tokens[k:]))):
                    continue  # "Bupati Sleman": the place of the post, not a name
                tail = split_honorifics(" ".join(tokens[k:]) + (f", {degrees}" if degrees else ""))
                name = [w.rstrip(".") for w in tail.name.split()]
                if name and len(name) <= 4 and self.name_words(name) and \
                        self.posts.parse(_capitalised_tail(" ".join(tokens[:k]))) is not None:
                    title, words = " ".join(tokens[:k]), name
                    break
            if words:
                break
        title = _capitalised_tail(title)
        post = self.posts.parse(title) if title else None
        if post is None or not words:
            return None  # a name alone, with no post to say it is a person, is not read here
        person = self.people.introduce(" ".join(words))
        self.people.hold(person, post)
        return person

    def name_words(self, words: list[str]) -> bool:
        if self.regions.lookup(words[0]) is not None:
            return False  # "Kepala Dinkominfo Muba Herryandi Sinulingga": the region ends the title
        return self.people.is_name(words, alone=True) and self.posts.parse(" ".join(words)) is None \
            and not any(self.posts.head_length(words, i) for i in range(len(words)))


def _capitalised_tail(text: str) -> str:
    """The capitalised words that end ``text`` ("Kegiatan dibuka Sekretaris Daerah X" → "Sekretaris Daerah X")."""
    tokens = text.split()
    k = len(tokens)
    while k > 0 and (tokens[k - 1][:1].isupper() or tokens[k - 1] in ("dan", "&") or tokens[k - 1][:1] in "(-"
                     or tokens[k - 1].startswith("se-")):
        k -= 1
    while k < len(tokens) and tokens[k] in ("dan", "&"):
        k += 1
    return " ".join(tokens[k:])
