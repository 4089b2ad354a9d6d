"""Who said what: quotations and their attribution verbs, reported speech, pronouns carried over.

A quotation is attributed by the verb after it (`"...," ujar X`, `"...," tegasnya`) or before
it (`X mengatakan, "..."`); one standing alone belongs to the person last speaking. Reported
speech is a person (or "Ia", "Menurutnya", "Menurut X") followed by a verb of speech; what
follows the verb is what was said. A delegate's words are said on the principal's behalf until
another person speaks; "atas nama X" inside one quotation binds that quotation only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.enums import Act
from .delegations import Delegation, Delegations
from .lexicon import lexicon, phrase_pattern
from .mentions import Mentions
from .people import Mention, People, Person
from .principals import Principal
from .text import PLACEHOLDER, Article, Quote, Sentence

__all__ = ["Said", "read_statements"]

# "Ia", "Dalam kesempatan itu, dia", "Lebih lanjut, ia", "Lebih lanjut ia", "Selain itu, beliau".
_PRONOUN = re.compile(r"^(?:[A-Z][^,]{1,60},\s*|(?:Lebih\s+lanjut|Selanjutnya|Kemudian|Selain\s+itu|Namun|"
                      r"Sementara\s+itu|Di\s+sisi\s+lain|Tak\s+hanya\s+itu)\s+)?(?:[Ii]a|[Dd]ia|[Bb]eliau|"
                      r"[Pp]ihaknya|Lanjutnya|Tambahnya)\b")
# "Menurut X, ...", "Kata Niko, ...", "Lebih lanjut kata Ipda Agung, ...", "Menurut pria yang akrab disapa SAG
# itu, ...": the attribution opens the sentence.
_MENURUT_LEAD = re.compile(r"^(?:(?:Lebih\s+lanjut|Selanjutnya|Kemudian|Selain\s+itu|Namun|Sementara\s+itu|"
                           r"Di\s+sisi\s+lain|Tak\s+hanya\s+itu|Masih),?\s+)?(?:[Mm]enurut|[Kk]ata|[Uu]jar|[Ll]anjut|Terang|Jelas|Tambah|Imbuh|"
                           r"Tutur|Ungkap|Papar|Sambung|"
                           r"(?:Ditambahkan|Dikatakan|Dijelaskan|Disampaikan|Diungkapkan|Ditegaskan|Dipaparkan|"
                           r"Diterangkan)(?:\s+oleh)?\s)\s*")
_MENURUT = re.compile(_MENURUT_LEAD.pattern +
                      r"(?P<who>nya|dia|ia|beliau|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}|"
                      r"(?:[Pp]ria|[Ww]anita|[Pp]erempuan|[Ss]osok|[Mm]antan|[Pp]olitisi|[Kk]ader)\b[^,]{0,60}?"
                      r"\s(?:itu|ini|tersebut))\s*,\s*(?P<said>.+)$")
# "Menurutnya pelatihan ini ...": with -nya the comma may be left out.
_MENURUT_NYA = re.compile(_MENURUT_LEAD.pattern + r"(?P<who>nya)\s+(?P<said>[a-z].+)$")
# A title between the lead and the name: "Menurut Kepala Biro Humas dan Protokol, Rahmad Raden, ada kesan ...".
_TITLE_RUN = re.compile(r"^\s*(?:[A-Z(][\w.()&/'’-]*|dan|serta|&|se-?\w+)"
                        r"(?:(?:\s+|\s*,\s*)(?:[A-Z(][\w.()&/'’-]*|dan|serta|&|se-?\w+))*[\s,]*$")
# A subject that is an epithet for the one last speaking: "Kader Golkar Sulut ini", "pria yang kini ...".
_EPITHET = re.compile(r"^(?:[A-Z][\w ]{0,40}?\s+(?:ini|tersebut)|(?:[Pp]ria|[Ww]anita|[Pp]erempuan|[Ss]osok|[Mm]antan|"
                      r"[Pp]olitisi|[Kk]ader)\b[^,]{0,60})$")
_LEADING = re.compile(r"^(?:,|:|bahwa\b|juga\b|pula\b|pun\b|\s)+")
_COMPANY = re.compile(r"\b(?:didampingi|bersama|beserta)\b")
_PAST = re.compile(r"\b(pernah|beberapa waktu lalu|sebelumnya)\b")
MIN_WORDS = 3
# Verbs of speech of real releases beyond the shared lexicon ("dia berpendapat bahwa ...").
_MORE_SPEECH = frozenset({"berpendapat", "mewanti-wanti", "berpesan", "menuturkan"})
# "Hal itu diungkapkan X", "Demikian disampaikan X": the words before were X's.
_SAID_BEFORE = re.compile(r"^(?:Hal\s+(?:itu|ini|tersebut)|Demikian(?:\s+(?:hal\s+)?itu)?)\s+(?:(?:juga|pula)\s+)?"
                          r"(?:disampaikan|dikatakan|diungkapkan|ditegaskan|dijelaskan|dipaparkan|diutarakan|"
                          r"dikemukakan|disebutkan|ditekankan)(?:\s+oleh)?\s+")
# "Diskominfo Bintan, kata Didi, berkomitmen ...": an attribution set inside the reported words.
_INTERJECTED = re.compile(r",\s*(?:kata|ujar|tutur|lanjut|jelas|tegas|imbuh|ucap|terang|menurut)(?:(?P<nya>nya)\s+|\s+"
                          r"(?P<who>dia|ia|beliau|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}|[A-Z][\w ]{0,40}?\s+ini)"
                          r"\s*,\s*)\S")


@dataclass(eq=False)
class Said:
    """A statement: who spoke, the words, direct or reported, for whom, and at the event or not."""

    speaker: Person
    text: str
    direct: bool
    sentence: int
    on_behalf_of: Principal | None = None
    act: Act | None = None
    at_event: bool = True


def read_statements(article: Article, people: People, delegations: Delegations) -> tuple[list[Said], list[Delegation]]:
    """Every statement of the article and every delegation, read in order."""
    lex = lexicon()
    verbs_after = re.compile(rf"^\s*,?\s*(?P<verb>{phrase_pattern(lex.quote_verbs | lex.speech_verbs)})"
                             rf"(?P<nya>nya)?\b(?P<rest>.*)$", re.IGNORECASE)
    speech = re.compile(rf"\b(?P<verb>{phrase_pattern(lex.speech_verbs | _MORE_SPEECH)})\b")
    passive = re.compile(rf"[,]?\s*\b(?:sebagaimana|seperti|sesuai)\s+(?:yang\s+)?(?:pernah\s+|telah\s+|sudah\s+)?"
                         rf"(?:{phrase_pattern(lex.passive_speech_verbs)})\b(?:\s+oleh)?\s+")
    # "..., tandasnya." / "..., jelas Indrawati.": words with no quotation marks, attributed at their end
    trailing = re.compile(rf",\s*(?:{phrase_pattern(lex.quote_verbs)})(?:(?P<nya>nya)|\s+(?P<who>dia|ia|beliau|"
                          rf"[A-Z][\w'’.-]*(?:,?\s+(?:[A-Z][\w'’.-]*|dan)){{0,9}}))\s*[.!]?\s*(?:\([^()]{{1,20}}\)\s*)?$")
    statements: list[Said] = []
    delegations_found: list[Delegation] = []
    active: dict[int, Delegation] = {}
    focus: Person | None = None
    by_quote: dict[int, Said] = {}
    paragraph, previous = -1, None
    pending: list[Sentence] = []
    unsaid: list[Sentence] = []
    reader = Mentions(people)
    for sentence in article.sentences:
        mentions = reader.read(sentence.text)
        cues = delegations.find(sentence, mentions, focus)
        for cue in cues:
            if cue.quote is None and cue.delegate is not None:
                delegations_found.append(cue)
                current = active.get(id(cue.delegate))
                if current is None or current.principal is not cue.principal or \
                        Act(cue.act) == Act.reading_speech:
                    active[id(cue.delegate)] = cue
        mentions = _with_delegates(sentence.text, mentions, cues)
        # a principal named in the sentence ("mewakili Gubernur X, Nama,") is not who speaks in it
        principals = {id(c.principal.person) for c in cues if c.principal.person is not None}
        speakers = [m for m in mentions if id(m.person) not in principals] or mentions
        if sentence.paragraph != paragraph:
            paragraph, pending, unsaid = sentence.paragraph, [], [x for x in pending if not x.quotes]
        said = _quotes(sentence, speakers, focus, verbs_after) if sentence.quotes else \
            _unmarked(sentence, pending, speakers, focus, trailing) or \
            _reported(sentence, speakers, focus, speech, passive, people)
        if not said and (back := _SAID_BEFORE.match(sentence.text)) is not None:
            # "Tahun depan ... ruang publik. Hal itu diungkapkan Nama, ...": what the paragraph said before
            who = [m for m in speakers if m.start >= back.end() - 1]
            # the paragraph so far, else the whole paragraph before when the attribution opens a new one
            told = pending or unsaid or ([previous] if previous is not None and not previous.quotes else [])
            if who and told:
                said = _one(who[0].person, " ".join(x.text for x in told), told[0], at_event=True)
        pending = [] if said else [*pending, sentence]
        previous = sentence
        for s in said:
            quote = _quote_of(s, sentence)
            going_on = article.quotes[quote].continues if quote is not None else None
            earlier = by_quote.get(going_on) if going_on is not None else None
            if earlier is not None and quote is not None:  # the rest of a quotation begun a paragraph before
                earlier.text = f"{earlier.text} {s.text}"
                by_quote[quote] = earlier
                continue
            if quote is not None:
                by_quote[quote] = s
            scoped = next((c for c in cues if c.quote is not None and c.quote == _quote_of(s, sentence)), None)
            if scoped is not None:
                scoped.delegate = s.speaker
                delegations_found.append(scoped)
                s.on_behalf_of, s.act = scoped.principal, scoped.act
            elif id(s.speaker) in active:
                s.on_behalf_of, s.act = active[id(s.speaker)].principal, active[id(s.speaker)].act
            for other in [k for k in active if k != id(s.speaker)]:
                del active[other]  # another voice ends a delegate's turn
            statements.append(s)
        if said:
            focus = said[-1].speaker
        elif mentions:
            focus = mentions[-1].person
    delegations.settle(delegations_found)
    for s in statements:
        if s.on_behalf_of is not None:
            s.on_behalf_of = next((d.principal for d in delegations_found if d.delegate is s.speaker
                                   and d.principal.title == s.on_behalf_of.title and d.principal.person is not None
                                   and s.on_behalf_of.is_post), s.on_behalf_of)
    _delivered(statements, delegations_found)
    return statements, delegations_found


def _with_delegates(text: str, mentions: list[Mention], cues: list[Delegation]) -> list[Mention]:
    """The sentence's mentions with each delegate a cue read from a title and name (not a mention yet)."""
    known = {id(m.person) for m in mentions}
    added = list(mentions)
    for cue in cues:
        person = cue.delegate
        if person is None or id(person) in known:
            continue
        for form in (person.name, *person.aliases, person.name.split()[-1]):
            at = text.find(form)
            if at >= 0:
                added.append(Mention(person, at, at + len(form), "full"))
                known.add(id(person))
                break
        else:  # "Gubernur dalam arahannya yang disampaikan Kepala Diskominfo, mengatakan": named by title only
            added.append(Mention(person, 0, 0, "title"))
            known.add(id(person))
    return sorted(added, key=lambda m: m.start)


def _delivered(statements: list[Said], delegations: list[Delegation]) -> None:
    """Words the text gives to a principal who sent a delegate ("Dominggus menekankan" after "sambutan
    tertulisnya yang dibacakan oleh Ronald"; the lead "Bupati X mengaku kagum" of "ujar X melalui Kabag Y")
    were spoken by the delegate, on the principal's behalf."""
    sent: dict[int, Delegation] = {}
    for d in delegations:
        if d.delegate is not None and d.principal.person is not None and d.quote is None:
            sent.setdefault(id(d.principal.person), d)
    for s in statements:
        sender = sent.get(id(s.speaker))
        if sender is not None and sender.delegate is not None and s.at_event:
            s.speaker, s.on_behalf_of, s.act = sender.delegate, sender.principal, sender.act


def _quote_of(said: Said, sentence: Sentence) -> int | None:
    if not said.direct:
        return None
    for q in sentence.quotes:
        if q.text == said.text:
            return q.index
    return None


def _quotes(sentence: Sentence, mentions: list[Mention], focus: Person | None,
            verbs_after: re.Pattern[str]) -> list[Said]:
    text = sentence.text
    last = list(PLACEHOLDER.finditer(text))[-1]
    first = PLACEHOLDER.search(text)
    speaker: Person | None = None
    m = verbs_after.match(text[last.end():])
    if m is not None:
        if m.group("nya") or re.match(r"\s*(dia|ia|beliau)\b", m.group("rest"), re.IGNORECASE):
            speaker = focus
        else:
            after = [x for x in mentions if x.start >= last.end()]
            speaker = after[0].person if after else focus
    elif first is not None:
        before = text[:first.start()]
        if re.search(r"[,:]\s*$", before):
            earlier = [x for x in mentions if x.end <= first.start()]
            speaker = earlier[-1].person if earlier else focus
    if speaker is None:
        speaker = focus
    if speaker is None:
        return []
    return [Said(speaker, q.text, True, sentence.index) for q in sentence.quotes
            if _enough(q) and not _named_by_quote(sentence, q)]


# Nouns after which a quotation is a name, not words said: "mengambil tema “Peran Serta ...”", "materi “...”";
# after the weaker ones ("kegiatan “Polisi Santa”"), only a name written in capitals.
_NAMING = re.compile(r"\b(?:(?P<strong>tema|bertema|bertemakan|bertajuk|tajuk|berjudul|judul|materi|topik|subtema|"
                     r"slogan|tagline|motto|moto|semboyan|jargon)|program|kegiatan|acara|aplikasi|gerakan|lagu|buku|"
                     r"film)[\s,:]*$", re.IGNORECASE)


def _named_by_quote(sentence: Sentence, quote: Quote) -> bool:
    """Whether a quotation names a theme, a talk, a programme ("... tema “X”"), not words said."""
    at = sentence.text.find(f"⟦Q{quote.index}⟧")
    m = _NAMING.search(sentence.text[max(0, at - 40):at]) if at >= 0 else None
    if m is None:
        return False
    words = quote.text.split()
    return bool(m.group("strong")) or sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


def _enough(quote: Quote) -> bool:
    return len(quote.text.split()) >= MIN_WORDS


def _reported(sentence: Sentence, mentions: list[Mention], focus: Person | None,  # noqa: PLR0913, PLR0917 - one per reading
              speech: re.Pattern[str], passive: re.Pattern[str], people: People) -> list[Said]:
    text = sentence.text
    m = _MENURUT.match(text) or _MENURUT_NYA.match(text)
    if m is not None:
        who = m.group("who")
        speaker = focus if who in ("nya", "dia", "ia", "beliau") or _EPITHET.match(who) else \
            next((x.person for x in mentions if x.start <= m.end("who") and x.end >= m.start("who")), None) or \
            people.resolve(who.split())
        if speaker is not None:
            return _one(speaker, m.group("said"), sentence, at_event=True)
    opening = _MENURUT_LEAD.match(text)
    if opening is not None and (named := next((x for x in mentions if x.start >= opening.end()), None)) is not None \
            and _TITLE_RUN.match(text[opening.end():named.start]) and (said := _after_name(text[named.end:])):
        return _one(named.person, said, sentence, at_event=True)  # "Menurut Kepala X, Nama, S.Sos, ..."
    i = _INTERJECTED.search(text)
    if i is not None and i.start() > 0 and not speech.search(text[:i.start()]):
        who = i.group("who") or "nya"
        speaker = focus if who in ("nya", "dia", "ia", "beliau") or _EPITHET.match(who) else \
            next((x.person for x in mentions if x.start <= i.end("who") and x.end >= i.start("who")), None) or \
            people.resolve(who.split())
        if speaker is not None:
            return _one(speaker, text, sentence, at_event=True)
    p = passive.search(text)
    if p is not None:
        after = [x for x in mentions if x.start >= p.end() - 1]
        if after:
            said = re.sub(r"^[A-Z]\w*,\s*", "", text[:p.start()]).strip(" ,")
            said = said[:1].upper() + said[1:]
            return _one(after[0].person, said, sentence, at_event=_PAST.search(text) is None)
    v = speech.search(text)
    if v is None:
        return []
    subject = [x for x in mentions if x.end <= v.start()]
    company = _COMPANY.search(text[:v.start()])
    if company is not None and any(x.end <= company.start() for x in subject):
        subject = [x for x in subject if x.end <= company.start()]  # "X, didampingi Y, mengatakan": X speaks
    speaker = subject[-1].person if subject else (focus if _PRONOUN.match(text) else None)
    if speaker is None:
        lead = re.sub(r"\s+(?:juga|pun|pula|kembali|turut)$", "", text[:v.start()].strip(" ,"))
        lead = re.sub(r"^(?:Sementara\s+itu|Selain\s+itu|Selanjutnya|Kemudian|Dalam\s+\w+nya),\s*", "", lead)
        lead = re.sub(r",?\s+(?:dalam|pada|saat|ketika)\s+(?:\w+\s+)?\w+nya$", "", lead)  # "Kapolda X dalam arahannya"
        if _EPITHET.match(lead):
            speaker = focus  # "Kader Golkar Sulut ini menilai ...": the one last speaking
        elif re.fullmatch(r"[A-Z][a-z]+pun", lead):
            speaker = people.resolve([lead[:-3]])  # "Sutanpun berharap": the name and the particle -pun
        elif re.fullmatch(r"[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,5}", lead):
            speaker = people.by_title(lead)  # "Kabid IKP Dinkominfo juga menjelaskan": the holder of the post
    said = _LEADING.sub("", text[v.end():]).strip()
    return _one(speaker, said, sentence, at_event=True)


def _after_name(rest: str) -> str | None:
    """The words after a name and its degrees, when a comma closes the attribution ("..., S.Sos, ada ...")."""
    pieces = rest.split(",")
    if pieces[0].strip():
        return None
    for n, piece in enumerate(pieces[1:], 1):
        words = piece.split()
        if words and words[0][:1].islower():
            return ",".join(pieces[n:]).strip()
        if not words or len(words) > 3 or not all(re.fullmatch(r"[A-Z][\w.]{0,7}", w) for w in words):
            return None  # degrees only ("S.Sos", "M. Si") stand between the name and the words
    return None


def _unmarked(sentence: Sentence, before: list[Sentence], mentions: list[Mention], focus: Person | None,
              trailing: re.Pattern[str]) -> list[Said]:
    """A quotation printed without its marks whose attribution closes the sentence ("Jadi petugas ...
    harus siap, tandasnya."): the speaker is the one named there, or the one last speaking; the words
    begin with the paragraph's sentences before it that no one else said."""
    m = trailing.search(sentence.text)
    if m is None or m.start() == 0:
        return []
    if m.group("nya") or m.group("who") in ("dia", "ia", "beliau"):
        speaker = focus
    else:
        speaker = next((x.person for x in mentions if x.start >= m.start("who") - 1 and x.start <= m.end("who")),
                       None)
    if speaker is None or (before and before[0].quotes):
        return []
    said = _one(speaker, " ".join([*(x.text for x in before), sentence.text[:m.start()]]), sentence, at_event=True)
    for x in said:
        x.sentence = before[0].index if before else sentence.index
    return said


# "KEPATIHAN YOGYAKARTA (17/02/2012) pemda-diy.go.id - ", "MAKASSAR, Lakeynews.com – ": a dateline before the words
_DATELINE = re.compile(r"^[A-Z][A-Z]{2,}[A-Z .,/()0-9]*[^\n]{0,40}?\s[-–—]\s+(?=[A-Z])")


# What a verb of speech has as object when the words come later: "menyampaikan beberapa hal, salah satunya ...".
_NO_CONTENT = re.compile(r"^(?:beberapa|sejumlah|berbagai|banyak)\s+hal\b", re.IGNORECASE)


def _one(speaker: Person | None, said: str, sentence: Sentence, *, at_event: bool) -> list[Said]:
    said = _DATELINE.sub("", said.strip()).rstrip(".").strip()
    if speaker is None or len(said.split()) < MIN_WORDS or PLACEHOLDER.search(said) or _NO_CONTENT.match(said):
        return []
    return [Said(speaker, said, False, sentence.index, at_event=at_event)]
