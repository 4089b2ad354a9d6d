"""Why each extracted fact is there: the stretch of text it was read from, and how sure the reading is.

A span is located by words, not characters: the sentence the extractor read (quotations put
back) and the text it was given are cut into words (``\\w+``, case folded) and the sentence's
words are found as a run of the text's words. Whitespace, quotation marks, punctuation the
reader dropped and the masking of quotations therefore never move a span, and a span that is
found is always ``text[start:end] == exact``. What cannot be found falls back to the sentence;
a sentence that cannot be found gets no span at all rather than a wrong one.

A confidence is ``1`` less a fixed cost for each doubt the reading has (``*_DOUBTS``), never
below ``FLOOR``: more doubts never make a fact surer. The doubts are signals the rules leave
in what they return (a quotation or a paraphrase, the act, whether the principal is a post),
and signals read here from the sentence itself (is the speaker named in it, is there a verb of
speech).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.names import ADDRESS, PREFIXES, fold
from .delegations import Delegation
from .events import Event
from .lexicon import lexicon, phrase_pattern
from .people import Person
from .statements import Said
from .text import PLACEHOLDER, Article

__all__ = [
    "DELEGATION_DOUBTS",
    "EVENT_DOUBTS",
    "FLOOR",
    "PERSON_DOUBTS",
    "STATEMENT_DOUBTS",
    "Locator",
    "Span",
    "confidence",
    "delegation_doubts",
    "event_doubts",
    "person_doubts",
    "statement_doubts",
]

# The W3C TextQuoteSelector's prefix and suffix: enough to tell one occurrence from another.
CONTEXT = 32
MAX_MENTIONS = 50
FLOOR = 0.1

STATEMENT_DOUBTS: dict[str, float] = {
    "reported": 0.10,       # a paraphrase, not the speaker's words in quotation marks
    "no_verb": 0.15,        # no verb of speech (nor "menurut") in the sentence: a quotation standing alone
    "carried_over": 0.20,   # the speaker is not named in the sentence: a pronoun or the last one speaking
    "title_only": 0.10,     # named in the sentence only by a post ("Wabup", "Kadis")
    "not_located": 0.10,    # the words were not found in the text: the evidence is the whole sentence
    "behalf_carried_over": 0.05,  # said for a principal only because the speaker last acted for them
}
DELEGATION_DOUBTS: dict[str, float] = {
    "implicit": 0.20,       # no word of delegation ("mewakili", "atas nama", "dibacakan" …): "melalui", "lewat"
    "carried_over": 0.20,   # the delegate is not named in the sentence
    "title_only": 0.10,     # the delegate is named in the sentence only by a post
    "principal_post": 0.10,  # the principal is a post or an agency, not a named person
    "in_quotation": 0.10,   # "atas nama" inside a quotation, bound to the one who said it
}
PERSON_DOUBTS: dict[str, float] = {
    "mononym": 0.15,        # one word of name: a first name alone may be someone else's
    "no_post": 0.10,        # neither a post nor an agency
    "once": 0.10,           # mentioned once only
    "not_located": 0.20,    # no mention found in the text
}
EVENT_DOUBTS: dict[str, float] = {
    "undated": 0.15,        # no date read
    "no_place": 0.10,       # neither venue nor town
    "untyped": 0.15,        # of no known kind
    "later": 0.10,          # opened by a later paragraph ("Usai …"), not the article's lead
}

_WORD = re.compile(r"\w+")
# Characters that belong to a sentence's span just outside its first and last words.
_OPENERS = "“\"‘«„(["
_CLOSERS = ".!?…”\"’»)]"
_EDGE = ".,;:!?…()[]"
_DELEGATION_WORDS = re.compile(r"\b(?:mewakili|diwakili|diwakilkan|atas\s+nama|dibacakan|membacakan|membaca)\b",
                               re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A stretch of the text: W3C TextQuoteSelector (``exact``, ``prefix``, ``suffix``) and
    TextPositionSelector (``start``, ``end``, in characters of the text given to the extractor)."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


class Locator:
    """Finds where the sentences and words the extractor read stand in the text it was given."""

    def __init__(self, text: str, article: Article) -> None:
        self.text = text
        found = list(_WORD.finditer(text))
        self.keys = [m.group().casefold() for m in found]
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.where: dict[str, list[int]] = {}
        for i, key in enumerate(self.keys):
            self.where.setdefault(key, []).append(i)
        # Sentence → (first word, last word + 1) in the text; sentences are found in reading order.
        self.words: list[tuple[int, int] | None] = []
        cursor = 0
        for sentence in article.sentences:
            needle = _keys(sentence.unmask())
            at = self._find(needle, cursor, len(self.keys)) if needle else None
            if at is None and needle:
                at = self._find(needle, 0, len(self.keys))
            if at is None:
                self.words.append(None)
                continue
            self.words.append((at, at + len(needle)))
            cursor = at + len(needle)

    def _find(self, needle: list[str], lo: int, hi: int) -> int | None:
        """The first word index in ``lo``..``hi`` (exclusive) where ``needle`` begins, or None."""
        places = self.where.get(needle[0], [])
        n = len(needle)
        for i in places[bisect.bisect_left(places, lo):]:
            if i >= hi:
                break
            if self.keys[i:i + n] == needle:
                return i
        return None

    def span(self, start: int, end: int) -> Span:
        """The span ``start``..``end`` of the text, with its context."""
        return Span(start, end, self.text[start:end], self.text[max(0, start - CONTEXT):start],
                    self.text[end:end + CONTEXT])

    def sentence(self, index: int) -> Span | None:
        """The span of sentence ``index``, its opening mark and final punctuation included; None if not found."""
        found = self.words[index] if 0 <= index < len(self.words) else None
        if found is None:
            return None
        start, end = self.starts[found[0]], self.ends[found[1] - 1]
        if start > 0 and self.text[start - 1] in _OPENERS:
            start -= 1
        stop = min(len(self.text), end + 3)
        while end < stop and self.text[end] in _CLOSERS:
            end += 1
        return self.span(start, end)

    def words_in(self, words: str, index: int) -> Span | None:
        """The span of ``words`` where they begin within sentence ``index`` (they may run on past it,
        as a quotation over two paragraphs does); None when they are not there."""
        found = self.words[index] if 0 <= index < len(self.words) else None
        needle = _keys(words)
        if found is None or not needle:
            return None
        at = self._find(needle, found[0], found[1])
        if at is None:
            return None
        start, end = self.starts[at], self.ends[at + len(needle) - 1]
        # punctuation the words end or begin with ("… merata?", "(8/10)"), where the text has it too
        said = words.strip()
        tail, head = said[len(said.rstrip(_EDGE)):], said[:len(said) - len(said.lstrip(_EDGE))]
        if tail and self.text.startswith(tail, end):
            end += len(tail)
        if head and self.text.endswith(head, 0, start):
            start -= len(head)
        return self.span(start, end)

    def statement(self, said: Said) -> tuple[Span | None, bool]:
        """The statement's words if they can be found, else its sentence; and whether the words were found."""
        words = self.words_in(said.text, said.sentence)
        if words is not None:
            return words, True
        return self.sentence(said.sentence), False

    def mentions(self, people: Sequence[Person]) -> dict[int, list[Span]]:
        """``id(person)`` → each place a surface form of the person's name stands in the sentences read.

        Where the forms of two people overlap ("Agung" within another's "Agung Hikmati"), the longer wins.
        """
        ranges = [w for w in self.words if w is not None]
        candidates: list[tuple[int, int, int, int]] = []  # (-length, start word, end word, person)
        # A word of a name alone ("Agung", "Helmi") is a form of the one person whose name has it.
        owners: dict[str, set[int]] = {}
        for p_index, person in enumerate(people):
            for token in person.tokens:
                owners.setdefault(token, set()).add(p_index)
        for p_index, person in enumerate(people):
            forms = {tuple(_keys(form)) for form in _forms(person)}
            forms |= {(t,) for t in person.tokens if len(t) > 2 and owners[t] == {p_index} and _keys(t) == [t]}
            for needle in forms:
                if not needle:
                    continue
                for first, last in ranges:
                    lo = first
                    while (at := self._find(list(needle), lo, last)) is not None:
                        if at + len(needle) <= last and (len(needle) > 1 or self._alone(at, first, last)):
                            candidates.append((-len(needle), at, at + len(needle), p_index))
                        lo = at + 1
        taken: list[tuple[int, int]] = []
        out: dict[int, list[Span]] = {id(p): [] for p in people}
        for _, first, last, p_index in sorted(candidates):
            if any(first < t_end and t_start < last for t_start, t_end in taken):
                continue
            taken.append((first, last))
            out[id(people[p_index])].append(self.span(self.starts[first], self.ends[last - 1]))
        for spans in out.values():
            spans.sort(key=lambda s: s.start)
            del spans[MAX_MENTIONS:]
        return out

    def _capitalised(self, word: int) -> bool:
        return self.text[self.starts[word]].isupper()

    def _alone(self, word: int, first: int, last: int) -> bool:
        """Whether a single capitalised word stands as a name of its own: not inside another
        capitalised name ("Masjid Agung", "Agung Podomoro"); a title or form of address before it
        ("Gubernur Ganjar", "Pak Hendra") is fine, and so is a verb of speech opening the sentence
        ("Menurut Agung", "Kata Hendra")."""
        if not self._capitalised(word):
            return False
        if word + 1 < last and self._capitalised(word + 1) and self._joined(word, word + 1):
            return False
        if word > first and self._capitalised(word - 1) and self._joined(word - 1, word):
            return self.keys[word - 1] in _titles() or _speech(self.keys[word - 1])
        return True

    def _joined(self, left: int, right: int) -> bool:
        """Whether two words are one run of a name: nothing but spaces (or a full stop, "H. Satono") between."""
        return self.text[self.ends[left]:self.starts[right]] in (" ", ". ")


@functools.cache
def _titles() -> frozenset[str]:
    """Words that may stand before a name: the heads of post titles, ranks and forms of address."""
    lex = lexicon()
    phrases = (*lex.post_heads, *lex.post_modifiers, *lex.region_posts, *lex.name_titles, *lex.ranks,
               *lex.corps, *lex.ministry_posts, *lex.place_posts, *PREFIXES, *ADDRESS)
    return frozenset(w.casefold().strip(".") for phrase in phrases for w in phrase.split())


def _keys(text: str) -> list[str]:
    return [m.group().casefold() for m in _WORD.finditer(PLACEHOLDER.sub(" ", text))]


def _forms(person: Person) -> Iterable[str]:
    yield person.name
    yield from person.aliases


# --- confidence ----------------------------------------------------------------------------------


def confidence(doubts: Iterable[str], costs: dict[str, float]) -> float:
    """``1`` less the cost of each doubt, never below ``FLOOR``, to two decimals."""
    return round(max(FLOOR, 1.0 - sum(costs[d] for d in set(doubts))), 2)


def _named(person: Person, text: str) -> str | None:
    """How ``text`` (a sentence, quotations masked) names ``person``: 'name', 'title' or None."""
    plain = PLACEHOLDER.sub(" ", text)
    words = f" {fold(plain)} "
    for form in _forms(person):
        folded = fold(form)
        if folded and f" {folded} " in words:
            return "name"
    # a word of the name alone ("Agung", "Hikmati") still names the person, capitalised as a
    # name is ("Hari" the person, not "malam hari")
    if any(len(w) > 2 and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", plain)
           for w in person.name.split() if w[:1].isupper()):
        return "name"
    if any(k and f" {k} " in words for k in person.title_keys()):
        return "title"
    return None


@functools.cache
def _verb_of_speech() -> re.Pattern[str]:
    lex = lexicon()
    verbs = phrase_pattern(lex.quote_verbs | lex.speech_verbs | lex.passive_speech_verbs)
    return re.compile(rf"\b(?:{verbs}|menurut)(?:nya)?\b", re.IGNORECASE)


def _speech(text: str) -> bool:
    """Whether ``text`` holds a verb of speech (or "menurut")."""
    return _verb_of_speech().search(PLACEHOLDER.sub(" ", text)) is not None


def statement_doubts(said: Said, article: Article, *, located: bool) -> list[str]:
    """The doubts about a statement (keys of ``STATEMENT_DOUBTS``)."""
    text = article.sentences[said.sentence].text
    doubts = []
    if not said.direct:
        doubts.append("reported")
    if not _speech(text):
        doubts.append("no_verb")
    named = _named(said.speaker, text)
    if named is None:
        doubts.append("carried_over")
    elif named == "title":
        doubts.append("title_only")
    if not located:
        doubts.append("not_located")
    if said.on_behalf_of is not None and _DELEGATION_WORDS.search(article.sentences[said.sentence].unmask()) is None:
        doubts.append("behalf_carried_over")
    return doubts


def delegation_doubts(d: Delegation, article: Article) -> list[str]:
    """The doubts about a delegation (keys of ``DELEGATION_DOUBTS``)."""
    text = article.sentences[d.sentence].text
    doubts = []
    if d.quote is not None:
        doubts.append("in_quotation")
        quoted = next((q.text for q in article.quotes if q.index == d.quote), "")
        text = f"{text} {quoted}"
    if _DELEGATION_WORDS.search(text) is None:
        doubts.append("implicit")
    if d.delegate is not None:
        named = _named(d.delegate, article.sentences[d.sentence].text)
        if named is None:
            doubts.append("carried_over")
        elif named == "title":
            doubts.append("title_only")
    if d.principal.person is None:
        doubts.append("principal_post")
    return doubts


def person_doubts(person: Person, mentions: int) -> list[str]:
    """The doubts about a person (keys of ``PERSON_DOUBTS``), given how many mentions were found."""
    doubts = []
    if len(person.tokens) < 2:
        doubts.append("mononym")
    if not person.positions and person.affiliation is None:
        doubts.append("no_post")
    if mentions == 1:
        doubts.append("once")
    if mentions == 0:
        doubts.append("not_located")
    return doubts


def event_doubts(event: Event, first: bool) -> list[str]:
    """The doubts about an event (keys of ``EVENT_DOUBTS``); ``first`` when it is the article's lead event."""
    doubts = []
    if event.start is None:
        doubts.append("undated")
    if not (event.venue or event.city or event.province):
        doubts.append("no_place")
    if event.type.value == "other":
        doubts.append("untyped")
    if not first:
        doubts.append("later")
    return doubts
