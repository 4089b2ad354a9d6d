"""Who acted for whom: "membacakan sambutan Gubernur", "yang diwakili", "mewakili", "atas nama", "melalui".

A principal is a person if named, else a post of a region's government or an agency ("Sekretaris
Daerah Provinsi Jawa Tengah", "Kepala Dinas" of the delegate's own dinas), else a collective
("para pengurus" of the organisation the article named with that noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.enums import Act
from ..model.names import split_honorifics
from .agencies import Agencies
from .lexicon import phrase_pattern
from .people import Mention, People, Person
from .places import Regions
from .positions import PostReader
from .principals import Principal, Principals
from .text import Sentence

__all__ = ["Delegation", "Delegations", "Principal"]

ACT_PRIORITY = (Act.reading_speech, Act.opening, Act.representing, Act.other)
_HEAD_BEFORE_MELALUI = re.compile(r"(?:^|[,;]\s*)(?P<p>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,6})"
                                  r"\s+melalui\s+[^,]*,?\s*$")
# "Menteri Pendidikan, Kebudayaan, Riset, dan Teknologi": a name that is a list.


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
        self.principals = Principals(people, agencies, posts, regions, text)
        self.lex = self.principals.lex
        self.people, self.posts = people, posts  # the principals' readers, which the cues use too
        nouns = phrase_pattern(self.lex.speech_nouns)
        delivered = r"(?:dibacakan|disampaikan|dibawakan)"
        # "membacakan sambutan Bupati", "membacaka sambutan" (a typo seen in print)
        self._reading = re.compile(rf"\b(?:membacakan|membacaka|membaca)\s+(?:{nouns})\s+(?:tertulis\s+)?(?P<p>\S.*)$")
        self._read_by = re.compile(rf"\b(?i:{nouns})(?:\s+tertulis)?\s+"
                                   rf"(?P<p>[A-Z][^,]*?(?:,\s*(?:dan\s+)?[A-Z][^,]*?)*)"
                                   rf"\s+(?:yang\s+)?dibacakan(?P<nya>nya)?(?:\s+oleh)?\b")
        # "Bupati Gianyar dalam sambutannya yang dibacakan oleh Asisten ..., Nama,", "Gubernur X, Nama, S.H.,
        # dalam sambutannya yang disampaikan oleh Bupati Y": the reader delivers the principal's speech
        # also "Hal disampaikan Nama dalam sambutan tertulis yang dibacakan ..." (no possessive) and the noun
        # misspelt by one letter ("sambutnnya"): the word is checked against the speech nouns in ``_speech_noun``
        self._own_read = re.compile(rf",?\s+dalam\s+(?P<noun>[a-z]{{4,14}})(?:\s+tertulis(?:nya)?)?\s+"
                                    rf"(?:yang\s+)?{delivered}(?:\s+oleh)?\b")
        self._nouns = {n for n in self.lex.speech_nouns if " " not in n and len(n) >= 5}
        # "X yang diwakili (oleh) Y", "X, diwakili Y", "dibuka oleh Gubernur yang diwakilkan kepada Y"
        self._represented = re.compile(r"\s*,?\s+(?:yang\s+)?(?:diwakili|diwakilkan)(?:\s+(?:oleh|kepada))?\s+"
                                       r"(?=[A-Z])")
        self._representing = re.compile(r"\b(?:hadir\s+|turut\s+)?(?<!akan\s)[Mm]ewakili\s+(?P<p>\S.*)$")
        self._fronted = re.compile(r"^(?:[A-Z][\w ]{0,30},\s*)?[Mm]ewakili\s+(?P<p>[^,]+),\s*")
        self._on_behalf = re.compile(r"\b[Aa]tas\s+nama\s+(?P<p>\S.*)$")
        self._through = re.compile(r"\s*,?\s+(?:melalui|lewat)\s+")

    def find(self, sentence: Sentence, mentions: list[Mention], focus: Person | None) -> list[Delegation]:
        """The delegations a sentence states (those "atas nama" inside quotes have no delegate yet)."""
        text = sentence.text
        found: list[Delegation] = []
        opening = re.search(r"\b(membuka|dibuka|meresmikan|mengukuhkan|melantik)\b", text) is not None

        def add(delegate: Person | None, phrase: str | Principal | None, act: Act, quote: int | None = None,
                after: int | None = None) -> None:
            if phrase is None:
                return
            principal = phrase if isinstance(phrase, Principal) else \
                self.principals.principal(phrase, delegate, mentions, after)
            if principal is not None and (principal.person is None or principal.person is not delegate) \
                    and not any(d.delegate is delegate and d.principal is principal for d in found):
                found.append(Delegation(delegate, principal, act, sentence.index, quote, opened=opening))

        for m in self._reading.finditer(text):
            delegate = _before(mentions, m.start())
            if delegate is None and not text[:m.start()].strip(" ,").replace("Saat", "").replace("Ketika", "").strip():
                # "Saat membacakan sambutan Pj. Wali Kota, Asisten III ... menerangkan": the reader follows
                rest = m.group("p").split(",", 1)
                delegate = self._named(text, m.start("p") + len(rest[0]) + 1, mentions) if len(rest) > 1 else None
            add(delegate or focus, m.group("p"), Act.reading_speech, after=m.start("p"))
        for m in self._read_by.finditer(text):
            delegate = self._named(text, m.end(), mentions)
            if m.group("nya"):
                delegate = delegate or _before(mentions, m.start()) or focus
            add(delegate, m.group("p"), Act.reading_speech)
        for m in self._own_read.finditer(text):
            if not self._speech_noun(m.group("noun")):
                continue
            add(self._named(text, m.end(), mentions), self._head(text, m.start(), mentions), Act.reading_speech)
        for m in self._represented.finditer(text):
            delegate = self._named(text, m.end(), mentions)
            if delegate is not None:
                head = self._head(text, m.start(), mentions)
                add(delegate, head, Act.opening if opening else Act.representing)
                if (also := self._also(text, delegate, m.end(), mentions)) is not None:
                    add(also, head, Act.opening if opening else Act.representing)
        fronted = self._fronted.match(text)
        for m in self._representing.finditer(text):
            delegate = _before(mentions, m.start())
            if delegate is None:  # "..., Kabid Persandian, Nama, yang mewakili X", "dibuka Sekda X, Nama mewakili"
                delegate = self.principals.read_person(_trailing_run(re.sub(r"\s*\byang\s*$", "", text[:m.start()])))
            if fronted is not None and m.start() <= fronted.start("p"):
                # "Mewakili Bupati Berau, Asisten I Nama membuka ...", "Mewakili Wali Kota, dia menyampaikan"
                delegate = self._named(text, fronted.end(), mentions) or \
                    (focus if re.match(r"(?i)(?:dia|ia|beliau)\b", text[fronted.end():]) else None)
                if delegate is None:
                    continue
            add(delegate or focus, m.group("p"), Act.opening if opening else Act.representing, after=m.start("p"))
        for m in self._on_behalf.finditer(text):
            add(_before(mentions, m.start()) or focus, m.group("p"), Act.representing, after=m.start("p"))
        for quote in sentence.quotes:
            q = self._on_behalf.search(quote.text)
            if q is not None:
                add(None, q.group("p"), Act.representing, quote=quote.index)
        for m in self._through.finditer(text):
            # "Bupati X melalui Kabag Humas, Nama, mengatakan", "ujar H Nama melalui Kepala Bagian ..., Nama":
            # a person or a post speaks through a named person; "Pemkab melalui Diskominfo" is no delegation
            head = self._head(text, m.start(), mentions)
            if head is None or (head.person is None and not head.is_post):
                continue
            delegate = self._named(text, m.end(), mentions, near=True)
            if delegate is not None:
                add(delegate, head, Act.opening if opening else Act.representing)
        return found

    def _speech_noun(self, word: str) -> bool:
        """"sambutan", "sambutannya", or either misspelt by one letter ("sambutnnya", "sambuatan")."""
        stem = word[:-3] if word.endswith("nya") else word
        return any(_near(stem, noun) or _near(word, noun) for noun in self._nouns)

    def _named(self, text: str, position: int, mentions: list[Mention], *, near: bool = False) -> Person | None:
        """The person named right after ``position`` ("... diwakili Kabid IKP, Nama, mengatakan"): a
        mention starting there (after its title), else a title-and-name read from the words."""
        tail = text[position:]
        run = re.match(r"\s*((?:[A-Z(][^\s,]*|dan|&|se-\S+|,)(?:\s*(?:[A-Z(][^\s,]*|dan|&|se-\S+|,))*)", tail)
        span = run.end(1) if run else 0
        for mention in mentions:
            if mention.start >= position - 1 and mention.start <= position + max(span, 3) + 1:
                return mention.person
        if near and mentions and any(m.start >= position for m in mentions):
            first = next(m for m in mentions if m.start >= position)
            if first.via in ("melalui", "lewat") or first.start <= position + span + 1:
                return first.person
        read = self.principals.read_person(run.group(1)) if run is not None else None
        if read is not None:
            return read
        # a title alone ("disampaikan Kepala Diskominfo Pemprov Babel,", "asisten III Bagian ..."): its holder
        words = tail.strip(" ,").split()[:8]
        for n in range(len(words), 0, -1):
            phrase = " ".join(words[:n]).rstrip(",.")
            if not phrase or (n == 1 and not self.posts.head_length([phrase[:1].upper() + phrase[1:]], 0)):
                continue
            holder = self.people.by_title(phrase[:1].upper() + phrase[1:])
            if holder is not None:
                return holder
        return None

    def settle(self, found: list[Delegation]) -> None:
        """A principal first read as a post ("Mewakili Wali Kota Semarang") is the person the article
        names in that post, once it does ("Wali Kota Hevearita Gunaryanti Rahayu")."""
        for d in found:
            p = d.principal
            if p.is_post and p.agency is not None and p.title and \
                    (holder := self.principals.holder(p.title, p.agency)) is not None and holder is not d.delegate:
                d.principal = self.principals.of_person(holder)


    def _head(self, text: str, position: int, mentions: list[Mention]) -> Principal | None:
        """The principal written right before ``position``: a person mentioned there, else the title,
        name or agency the capitalised words before it make ("Kepala Dinas Kominfo Pasuruan diwakili")."""
        before = text[:position]
        for mention in reversed(mentions):
            gap = before[mention.end:] if mention.end <= position else None
            if gap is not None and re.fullmatch(r"[\s,.]*(?:[A-Z][A-Za-z.]{0,6}[\s,.]*)*", gap):
                return self.principals.of_person(mention.person)
        run = _trailing_run(before)
        if run and (person := self.principals.read_person(run)) is not None:
            return self.principals.of_person(person)  # "Bupati Bandung Dr. H.M. Nama., S.Ip., M.Si., melalui ..."
        segments = [x.strip() for x in before.split(",")]
        while len(segments) > 1 and not split_honorifics(segments[-1]).name.strip(" ."):
            segments.pop()  # degrees after the name
        last = segments[-1] if segments else ""
        tokens = last.split()
        k = len(tokens)
        while k > 0 and (tokens[k - 1][:1].isupper() or tokens[k - 1] in ("dan", "&")
                         or tokens[k - 1].startswith(("(", "se-"))):
            k -= 1
        words = tokens[k:]
        while words and words[0] in ("dan", "&"):
            words.pop(0)
        if words and k == len(tokens) - len(words):
            words = self._lower_title(tokens[:k]) + words
        if not words:
            return None
        phrase = " ".join(words)
        parts = split_honorifics(phrase)
        if len(segments) > 1 and self.people.is_name(parts.name.split(), alone=True) \
                and self.posts.parse(phrase) is None and (post := self.posts.parse(segments[-2])) is not None:
            person = self.people.introduce(phrase)  # "Kepala Diskominfo Provinsi Kalsel, M Muslim diwakili"
            self.people.hold(person, post)
            return self.principals.of_person(person)
        return self.principals.principal(phrase, None, [], None)

    def _also(self, text: str, first: Person, position: int, mentions: list[Mention]) -> Person | None:
        """A second delegate joined to the first by "dan" ("diwakili Asisten III, Nama dan Kepala Dinas ...,
        Nama"): both acted for the principal."""
        mention = next((x for x in mentions if x.person is first and x.start >= position - 1), None)
        if mention is None:
            return None
        joined = re.match(r"(?:,?\s*[A-Z][A-Za-z.]{0,6}\.?)*,?\s+(?:dan|serta)\s+", text[mention.end:])
        if joined is None:
            return None
        second = self._named(text, mention.end + joined.end(), mentions)
        return second if second is not first else None

    def _lower_title(self, before: list[str]) -> list[str]:
        """A title written in lower case right before a capitalised place ("Danny-sapaan wali kota Makassar
        diwakili ...", "bupati Sleman diwakili"): its words, capitalised, else nothing."""
        for n in range(1, min(3, len(before)) + 1):
            words = [re.sub(r"^.*[-–]", "", t) if i == 0 else t for i, t in enumerate(before[-n:])]
            if not all(re.fullmatch(r"[a-z]+", w) for w in words):
                break
            title = [w.capitalize() for w in words]
            if self.posts.head_length(title, 0) == n:
                return title
        return []

    # --- principals ----------------------------------------------------------------------------


def _trailing_run(text: str) -> str:
    """The title-and-name run that ends ``text``: capitalised words, commas and degrees."""
    # Scanned back word by word: the pattern as one regular expression backtracks exponentially on a
    # paragraph written in capitals.
    start = None
    for m in reversed(list(re.finditer(r"[^\s,]+", text))):
        word = m.group()
        if not (word[:1].isupper() or word[:1] == "(" or word in ("dan", "&") or word.startswith("se-")) \
                or not re.fullmatch(r"[^\s,]*", word):
            break
        start = m.start()
    if start is None:
        return ""
    run = text[start:].strip(" ,")
    while run.split() and run.split()[0] in ("dan", "&"):
        run = run.split(None, 1)[1] if len(run.split()) > 1 else ""
    return run


def _before(mentions: list[Mention], position: int) -> Person | None:
    earlier = [m for m in mentions if m.end <= position]
    return earlier[-1].person if earlier else None


def _after(mentions: list[Mention], position: int) -> Person | None:
    later = [m for m in mentions if m.start >= position]
    return later[0].person if later else None


def _near(word: str, target: str) -> bool:
    """At most one letter added, dropped or changed (a typo), for words of five letters or more."""
    if word == target:
        return True
    if len(word) < 5 or abs(len(word) - len(target)) > 1:
        return False
    i = 0
    while i < min(len(word), len(target)) and word[i] == target[i]:
        i += 1
    return word[i + 1:] == target[i + 1:] or word[i:] == target[i + 1:] or word[i + 1:] == target[i:]
