"""The people a sentence mentions: a name with its title and agency, in the many ways Indonesian
releases write them ("Kepala Dinas X, Nama", "Nama, Kepala Dinas X", "Bupati Nama", "ujar Nama").

``Mentions`` reads a sentence into ``Mention``s against one article's ``People`` (the registry of
who the article names, which resolves repeated and shortened names to one person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.names import fold, split_honorifics
from .people import (
    ADDRESS_WORDS,
    INITIAL,
    NAME_PARTICLES,
    Mention,
    is_degree,
)
from .titled_names import PLURAL, TitledNames, degree_lead, name_key

__all__ = ["Mentions"]

_CONNECTORS = re.compile(r"^(?:dan|serta|yakni|yaitu|oleh|bersama|kepada|dengan|(?:Sementara|Selain)\s+itu|"
                         r"Di\s+sisi\s+lain|Kemudian|Selanjutnya|Sedangkan|Adapun)\s+")
_ROLE_NOUNS = ("narasumber", "nara sumber", "pemateri", "pembicara", "peserta", "warga", "praktisi", "perwakilan",
               "moderator", "dosen", "mahasiswa", "siswa", "pengamat", "pakar", "tokoh", "salah satu", "seorang")
# What a person is, written before the name with no comma: "praktisi media Hendro Wibisono",
# "psikolog anak Ratih Puspitasari". Such a person has no post.
_ROLE_LEAD = re.compile(r"^(?:praktisi|psikolog|akademisi|pengamat|pakar|peneliti|dosen|jurnalis|wartawan|aktivis|"
                        r"budayawan|seniman|pegiat|relawan|ahli|konsultan|guru|petani|nelayan|pedagang|pengusaha|"
                        r"mahasiswa|mahasiswi|siswa|siswi|warga|peserta|pelajar|penyuluh|kader)"
                        r"(?:\s+[a-z][\w-]*){0,3}\s+(?=[A-Z])")
# What introduces a nickname of the person just named ("atau yang akrab disapa Asep Awing").
_NICKNAME_CUE = re.compile(r"\b(?:disapa|dipanggil|alias|dikenal\s+(?:dengan\s+)?(?:nama|sebutan)?)\s*$")
_AGE = re.compile(r"\s*\(\d{1,3}(?:\s*(?:tahun|th))?\)$")
# "Ketua LPTQ Kabupaten Bantul yang juga Sekda Bantul, Nama": a second post held at once.
_ALSO = re.compile(r"^(.*?)\s+(?:yang\s+)?(?:juga|sekaligus)(?:\s+menjabat)?(?:\s+sebagai)?\s*$")
_FACTION = re.compile(r"\s+dari\s+(?:Fraksi|Partai|F-)\S*(?:\s+[A-Z][\w-]*)*\s*$")


class Mentions(TitledNames):
    """Reads sentences into mentions of the people of one article."""

    def read(self, text: str) -> list[Mention]:
        """Every person mentioned in a sentence (quotations masked), in order."""
        mentions: list[Mention] = []
        segs = _segments(text)
        taken: list[tuple[int, int]] = []
        i = 0
        while i < len(segs):
            found = self._appositive(segs, i)
            if found is not None:
                mention, next_i = found
                mentions.append(mention)
                listed = re.match(r"(?:dan|serta)\s", segs[i].text) is not None  # the item before is another's
                before = None if listed else self._title_before(segs, i)
                start = segs[i].start
                if before is not None:  # the title only: a name may come earlier in its clause
                    found_at = text.rfind(before[0].split()[0], segs[before[2]].start, segs[i].start)
                    start = found_at if found_at >= 0 else segs[before[2]].start
                taken.append((start, min(mention.end, segs[next_i - 1].end)))
                i = next_i
                continue
            i += 1
        mentions.extend(self._titled_names(text, taken))
        mentions.extend(self._references(text, [*taken, *((m.start, m.end) for m in mentions)]))
        return sorted(mentions, key=lambda m: m.start)

    def _appositive(self, segs: list[_Segment], i: int) -> tuple[Mention, int] | None:
        seg = segs[i]
        connector = _CONNECTORS.match(seg.text)
        body = seg.text[connector.end():] if connector else seg.text
        body = _AGE.sub("", body)  # "Sutrisno (54)": an age, not a part of the name
        if is_degree(body):
            return None  # "S. Sos" after "Kabid IKP Diskominfo Dompu Nasran,": the degrees of the name before
        role = _ROLE_LEAD.match(body)
        if role is not None:  # "praktisi media Hendro Wibisono": what a person is, then the name
            body = body[role.end():]
        parts = split_honorifics(body)
        words = parts.name.split()
        if len(words) >= 2 and all(w.isupper() and len(w) >= 3 for w in words) and i > 0 \
                and not any(name_key(w) in self.posts.agencies_table or name_key(w) in self.posts.posts_table
                            for w in words) \
                and self._title_before(segs, i) is not None:
            # "Kepala Dinas Kominfo Kabupaten Gowa, ARIFUDDIN SAENI, ...": a name in capitals
            body = body.replace(parts.name, parts.name.title())
            parts = split_honorifics(body)
            words = parts.name.split()
        clause_end: int | None = None
        if (not words or len(body.split()) > 7 or not self.people.is_name(words, alone=True)) and i > 0 \
                and (head := _name_then_clause(body)) is not None and self._title_before(segs, i) is not None:
            # "Kepala Diskominfo X, Nama Orang mengatakan ...": the name, then the sentence goes on
            body = head
            parts = split_honorifics(body)
            words = parts.name.split()
            clause_end = seg.start + seg.text.find(head) + len(head)
        if (not words or not self.people.is_name(words, alone=True)) and clause_end is None \
                and (run := _name_after_verb(body, self.lex.passive_speech_verbs)) is not None \
                and self._title_after(segs, i + 1) is not None:
            # "Hal itu diungkapkan Agi Agung Galuh, Kepala UPTD ...": the name closes the clause, the post follows
            body = run
            parts = split_honorifics(body)
            words = parts.name.split()
        name_post = None
        if (not words or len(body.split()) > 7 or not self.people.is_name(words, alone=True)) and clause_end is None:
            name_post = self._name_then_post(body)
            if name_post is not None:
                # "Abd Rachman Tuwo Asisten III Administrasi Kota Mojokerto didampingi ...": no comma either side
                body = name_post[0]
                parts = split_honorifics(body)
                words = parts.name.split()
                clause_end = seg.start + seg.text.find(body) + len(body)
        if not words or len(body.split()) > 7:
            return None
        j = i + 1
        suffixes = [parts.suffix] if parts.suffix else []
        while clause_end is None and j < len(segs) and segs[j].text and is_degree(segs[j].text):
            suffixes.append(segs[j].raw)
            j += 1
        tail_end: int | None = None
        if clause_end is None and j < len(segs) and (lead := degree_lead(segs[j].text)):
            suffixes.append(lead)  # "..., M.Si saat membacakan ...": the degree ends the name
            tail_end = segs[j].start + len(lead)
        # "Ketua PWI Jatim Ainur Rohim, serta Alvian pemilik akun ...": the item before is another person's
        in_list = connector is not None and connector.group().split()[0] in ("dan", "serta") \
            and self._title_before(segs, i) is not None
        before = None if name_post or in_list else self._title_before(segs, i)
        after = name_post[1] if name_post else None if before else self._title_after(segs, j)
        affiliated = "" if role is not None else self._affiliation_before(segs, i)
        has_title = before is not None or after is not None
        titled = bool(parts.prefix and suffixes)  # "Dra. Indrawati, MM selaku ...": a title and a degree
        if not self.people.is_name(words, alone=has_title or affiliated is not None or in_list or titled):
            return None
        if not (has_title or affiliated is not None or suffixes or parts.prefix or in_list
                or (j < len(segs) and segs[j].text[:1].islower() and len(words) >= 2)
                or (j >= len(segs) and i > 0 and len(words) >= 2)):
            return None
        written = body if not suffixes else ", ".join([split_honorifics(body).name if parts.suffix else body,
                                                      *suffixes])
        if parts.prefix and parts.suffix:
            written = f"{parts.prefix} {parts.name}, {', '.join(suffixes)}"
        person = self.people.introduce(written)
        via = None
        if before is not None:
            phrase, via, first = before
            post = self.posts.parse(phrase)
            if post is not None:
                self.people.hold(person, post)
            also = _ALSO.search(", ".join(x.text for x in segs[first:i]).rsplit(phrase, 1)[0])
            other = self._trailing_title(also.group(1))[0] if also else None
            if other is not None and (post_also := self.posts.parse(other)) is not None:
                self.people.hold(person, post_also)
        elif after is not None:
            post = self.posts.parse(after)
            if post is not None:
                self.people.hold(person, post)
        if affiliated is not None and person.affiliation is None:
            via = via or "dari"
            person.affiliation = self.agencies.read(affiliated)
        end = clause_end if clause_end is not None else tail_end if tail_end is not None else segs[j - 1].end
        return Mention(person, seg.start, end, "full", via), j

    def _name_then_post(self, body: str) -> tuple[str, str] | None:
        """A name, then its post with no comma between ("Abd Rachman Tuwo Asisten III Administrasi Kota
        Mojokerto didampingi ..."), as (name, post); the post names an agency or a region."""
        tokens = body.split()
        for k in range(2, min(5, len(tokens))):
            if not self.posts.head_length(tokens, k):
                continue
            if not self.people.is_name(tokens[:k]):
                return None
            end = k
            while end < len(tokens) and (tokens[end][:1].isupper() or tokens[end] in ("dan", "&")):
                end += 1
            if end == len(tokens):
                return None  # the sentence must go on after the post
            post = self.posts.parse(" ".join(tokens[k:end]))
            regional = any(fold(t) in ("kota", "kabupaten", "provinsi") for t in tokens[k:end])
            if post is None or (post.agency is None and not post.is_region_post and not regional):
                return None
            return " ".join(tokens[:k]), " ".join(tokens[k:end])
        return None

    def _title_before(self, segs: list[_Segment], i: int) -> tuple[str, str | None, int] | None:
        parts: list[str] = []
        for j in range(i - 1, max(-1, i - 5), -1):
            if is_degree(segs[j].text):
                return None  # degrees end the name before them: no title runs across them
            parts.insert(0, segs[j].text)
            run, via = self._trailing_title(", ".join(parts))
            if run:
                return run, via, j
            if j == i - 1 and (lower := self._lowercase_title(segs[j].text)) is not None:
                return lower[0], lower[1], j
            if not segs[j].text[:1].isupper() and not segs[j].text.startswith(("dan ", "serta ", "& ")):
                return None  # "Staf Ahli Bidang Hukum, Politik, dan Pemerintahan, Nama": a list within the title
        return None

    def _lowercase_title(self, phrase: str) -> tuple[str, str | None] | None:
        """A title written in lower case before a name ("kepala dinas kominfo sleman, Eko ..."), capitalised."""
        tokens = phrase.split()
        for n in range(max(0, len(tokens) - 12), len(tokens)):
            rest = tokens[n:]
            if not all(t.islower() for t in rest) or (n and tokens[n - 1].lower() in PLURAL):
                continue
            cased = [t if t in ("dan", "&") else t[:1].upper() + t[1:] for t in rest]
            if not self.posts.head_length(cased, 0):
                continue
            post = self.posts.parse(" ".join(cased))
            if post is not None and (post.agency or post.is_region_post):
                return " ".join(cased), tokens[n - 1].lower() if n else None
        return None

    def _trailing_title(self, phrase: str) -> tuple[str | None, str | None]:
        phrase = _FACTION.sub("", phrase)  # "Anggota Komisi IV dari Fraksi Gerindra": the title ends before "dari"
        tokens = phrase.split()
        for n in range(1, len(tokens)):  # "Ketua panitia Forum ...": a title's second word in lower case
            if tokens[n].islower() and tokens[n - 1][:1].isupper() and n + 1 < len(tokens) \
                    and tokens[n + 1][:1].isupper() \
                    and fold(f"{tokens[n - 1]} {tokens[n]}") in self.lex.post_heads:
                tokens[n] = tokens[n].capitalize()
        while tokens and tokens[-1].lower() in ("lainnya", "sendiri", "juga", "pula", "tersebut"):
            tokens.pop()
        k = len(tokens)
        while k > 0:
            t = tokens[k - 1]
            if t[:1].isupper() or t[:1] == "(" or t.endswith(")") or t in ("dan", "&") or t.lower().startswith("se-") \
                    or re.fullmatch(r"\d+(?:/[\w-]+)*", t) \
                    or (t in ("kota", "kabupaten", "provinsi") and k < len(tokens) and tokens[k][:1].isupper()):
                # unit numbers: "Kodim 0402/OKI", "Korem 044/Garuda"; a region's kind in lower case: "kota Ambon"
                k -= 1
                continue
            break
        run = tokens[k:]
        for n in range(len(run)):
            if fold(run[n]) in self.lex.venue_heads:
                return None, None  # "Kantor Gubernur Kaltim, Samarinda": a building, then its town
            if self.posts.head_length(run, n):
                via = tokens[k - 1].lower() if k > 0 else None
                return " ".join(run[n:]), via
        return None, None

    def _title_after(self, segs: list[_Segment], j: int) -> str | None:
        if j >= len(segs):
            return None
        tokens = segs[j].text.split()
        if not tokens or not self.posts.head_length(tokens, 0):
            return None
        words: list[str] = []
        for t in tokens:
            if t[:1].islower() and t not in ("dan", "&") and not t.lower().startswith("se-"):
                break
            words.append(t)
        k = j + 1
        while len(words) == len(tokens) and k < len(segs) and segs[k].text[:1].isupper() \
                and fold(segs[k].text.split()[0]) in self.lex.institution_words:
            more = []
            for t in segs[k].text.split():
                if t[:1].islower() and t not in ("dan", "&"):
                    break
                more.append(t)
            words = [*words[:-1], words[-1] + ",", *more]
            k += 1
        return " ".join(words)

    def _affiliation_before(self, segs: list[_Segment], i: int) -> str | None:
        if i == 0:
            return None
        text = segs[i - 1].text
        m = re.search(rf"\b(?:{'|'.join(_ROLE_NOUNS)})\b[\w\s]*?\bdari\s+(?:unsur\s+)?([A-Z].*)$", text)
        if m:
            return m.group(1)
        if re.search(rf"\b(?:{'|'.join(_ROLE_NOUNS)})\s*$", text):
            return ""
        return None

    def _references(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """Short names, nicknames and bare titles of people already introduced."""
        out: list[Mention] = []
        for m in re.finditer(r"(?<![\w.])(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3}", text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            words = [w.rstrip(".") if not INITIAL.match(w) else w for w in m.group().split()]
            while words and ((fold(words[0]) in self.lex.not_names and fold(words[0]) not in ADDRESS_WORDS)
                             or fold(words[0]) in self.lex.passive_speech_verbs):
                words.pop(0)  # "Dikatakan Rudi, ...": a verb that opens the sentence is no part of a name
            if not words:
                continue
            start = m.start() + m.group().find(words[0])
            end = start + len(" ".join(words))
            before = text[:start].rstrip()
            after = text[end:].lstrip()
            subject = (not before or before.endswith(",") or re.search(r"\b(?:Menurut|menurut)$", before) is not None
                       or self._after_quote_verb(before)) and (not after or after[:1].islower() or after[:1] in ",.")
            person = self.people.resolve(words, fuzzy=subject)
            if person is None and _NICKNAME_CUE.search(before) and self.people.items and (
                    self.people.is_name(words, alone=True) or self._initials(words)):
                person = self.people.items[-1]  # "H Asep Syahrial atau yang akrab disapa Asep Awing": a nickname
                person.add_alias(" ".join(words))
            kind = "short"
            if person is None and subject:
                person = self.people.by_title(" ".join(words))
                kind = "title"
            if person is None and subject and self.people.is_name(words) and self._speaks(after, before):
                person = self.people.introduce(" ".join(words))
                kind = "full"
            if person is None:
                continue
            surface = " ".join(words)
            if kind == "short" and fold(surface) not in (fold(person.name), *(fold(a) for a in person.aliases)):
                person.add_alias(surface)
            out.append(Mention(person, start, end, kind))
        return out





@dataclass
class _Segment:
    start: int
    end: int
    text: str
    raw: str = ""


def _segments(text: str) -> list[_Segment]:
    out: list[_Segment] = []
    depth, begin = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0 and not (0 < i < len(text) - 1 and text[i - 1].isdigit()
                                                and text[i + 1].isdigit()):
            out.append(_Segment(begin, i, text[begin:i]))
            begin = i + 1
    out.append(_Segment(begin, len(text), text[begin:]))
    for seg in out:
        stripped = seg.text.lstrip()
        seg.start += len(seg.text) - len(stripped)
        seg.raw = stripped.rstrip(" ;:")
        seg.text = stripped.rstrip(" .;:")
        seg.end = seg.start + len(seg.text)
    return out


def _name_after_verb(text: str, verbs: frozenset[str]) -> str | None:
    """The capitalised words ending ``text`` after a passive verb of speech or "oleh" ("Hal itu diungkapkan
    Agi Agung Galuh" → "Agi Agung Galuh")."""
    words = text.split()
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or words[k - 1] in NAME_PARTICLES):
        k -= 1
    if k == 0 or k == len(words) or (words[k - 1].lower() not in verbs and words[k - 1].lower() != "oleh"):
        return None
    return " ".join(words[k:])


def _name_then_clause(text: str) -> str | None:
    """The capitalised words ``text`` begins with when a lower-case clause follows ("Didi Kurniadi
    menjelaskan bahwa ..." → "Didi Kurniadi"); degrees written without commas stay with the name."""
    words = text.lstrip(" .").split()
    for k, w in enumerate(words):
        if w[:1].islower() and w not in NAME_PARTICLES:
            if k == 0 or k > 7:
                return None
            head = " ".join(words[:k])
            return head if re.search(r"[A-Za-z]", head) else None
    return None
