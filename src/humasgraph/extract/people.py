"""People named in an article: appositive mentions with their posts, and later short references.

"Kepala Bidang X Dinas Y, Drs. Agung Hikmati, M.Si" and "Helmi Hafid, Kasubdit X" introduce a
person with a post; "Gubernur Ganjar Pranowo" does so without a comma. Later the article writes
"Agung", "Bang Jefri", "Jefrie" (a misspelling), "Andi Yusran" (for "A. Muh. Yusran") or the bare
title "Wabup": each is resolved to a person already introduced.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model.names import PREFIXES, NameParts, fold, person_key, post_label, slug, split_honorifics
from .agencies import Agencies, Agency
from .gazetteer import Gazetteer
from .lexicon import lexicon
from .places import Regions, reference_regions
from .positions import REPUBLIC, PostPhrase, PostReader

__all__ = ["Held", "Mention", "People", "Person"]

_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?|[A-Z][a-z]{0,3}\.|I)$")
_INITIAL = re.compile(r"^[A-Z][a-z]{0,3}\.$")
# An initial written without its dot ("M Muslim", "Hendra J Kede", "GS Vicky Lumentut"): never a name's last word.
_BARE_INITIAL = re.compile(r"^(?![IVX]+$)[A-Z]{1,2}$")  # not a numeral ("Komisi II")
# Forms of address and nicknaming honorifics ("Bang Jefri", "Gus Yasin", "Cak Eri").
_ADDRESS = frozenset({"pak", "bapak", "bu", "ibu", "bang", "abang", "mas", "mbak", "kak", "sdr", "saudara", "saudari",
                      "gus", "ning", "kang", "cak", "bung", "uda", "uni", "teh", "aa"})
_CONNECTORS = re.compile(r"^(?:dan|serta|yakni|yaitu|oleh|bersama|kepada|dengan|(?:Sementara|Selain)\s+itu|"
                         r"Di\s+sisi\s+lain|Kemudian|Selanjutnya|Sedangkan|Adapun)\s+")
_ROLE_NOUNS = ("narasumber", "nara sumber", "pemateri", "pembicara", "peserta", "warga", "praktisi", "perwakilan",
               "moderator", "dosen", "mahasiswa", "siswa", "pengamat", "pakar", "tokoh", "salah satu", "seorang")
# Titles of learning and religion written before a name: unlike a rank, they end no post's title.
_ACADEMIC = frozenset({"dr", "drs", "dra", "drg", "ir", "h", "hj", "prof", "kh", "hc", "ust", "tgh", "habib"})
# What a person is, written before the name with no comma: "praktisi media Hendro Wibisono",
# "psikolog anak Ratih Puspitasari". Such a person has no post.
_ROLE_LEAD = re.compile(r"^(?:praktisi|psikolog|akademisi|pengamat|pakar|peneliti|dosen|jurnalis|wartawan|aktivis|"
                        r"budayawan|seniman|pegiat|relawan|ahli|konsultan|guru|petani|nelayan|pedagang|pengusaha|"
                        r"mahasiswa|mahasiswi|siswa|siswi|warga|peserta|pelajar|penyuluh|kader)"
                        r"(?:\s+[a-z][\w-]*){0,3}\s+(?=[A-Z])")
_UNIT_NUMBER = re.compile(r"\d+(?:/[\w-]+)+")
# What introduces a nickname of the person just named ("atau yang akrab disapa Asep Awing").
_NICKNAME_CUE = re.compile(r"\b(?:disapa|dipanggil|alias|dikenal\s+(?:dengan\s+)?(?:nama|sebutan)?)\s*$")
# What follows the "I" (or "Ni") that opens a Balinese name: a caste title or a birth-order name.
_BALINESE = frozenset({"gusti", "made", "ketut", "putu", "wayan", "nyoman", "kadek", "komang", "gede", "ngurah", "luh",
                       "dewa", "ida", "nengah", "anak", "bagus", "ayu"})
# Last words of place names ("Maluku Utara", "Papua Barat Daya"): never a one-word name.
_COMPASS = frozenset({"utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "laut", "raya", "pusat"})
_AGE = re.compile(r"\s*\(\d{1,3}(?:\s*(?:tahun|th))?\)$")
# "Ketua LPTQ Kabupaten Bantul yang juga Sekda Bantul, Nama": a second post held at once.
_ALSO = re.compile(r"^(.*?)\s+(?:yang\s+)?(?:juga|sekaligus)(?:\s+menjabat)?(?:\s+sebagai)?\s*$")
_FACTION = re.compile(r"\s+dari\s+(?:Fraksi|Partai|F-)\S*(?:\s+[A-Z][\w-]*)*\s*$")
_PLURAL = frozenset({"para", "seluruh", "setiap", "semua", "tiap", "sejumlah", "dan", "serta", "atau", "bersama"})
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
        nickname = fold(surface.split()[0]) in _ADDRESS
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


def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


def _abbreviation(word: str) -> bool:
    """Whether a word is written as an abbreviation ("IKP", "BPBD"), not a nickname ("Wawan")."""
    return len(word) >= 2 and word.isupper()


class People:
    """The people of one article, read sentence by sentence."""

    def __init__(self, regions: Regions, agencies: Agencies, posts: PostReader, gazetteer: Gazetteer) -> None:
        self.lex = lexicon()
        self.regions = regions
        self.agencies = agencies
        self.posts = posts
        self.gazetteer = gazetteer
        self.items: list[Person] = []
        self._stop = self.lex.institution_words | self.lex.not_names | set(self.lex.weekdays) | set(self.lex.months) \
            | self.lex.passive_speech_verbs  # "Dikatakan Rudi, ...": a verb opening the sentence
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
        bare = [n for n, w in enumerate(words) if _BARE_INITIAL.match(w)]
        if bare and (bare[-1] == len(words) - 1 or len(bare) > 1 or len(words) < 2):
            return False
        if not all(_NAME_TOKEN.match(w) or n in bare or (w in _NAME_PARTICLES and 0 < n < len(words) - 1)
                   for n, w in enumerate(words)) \
                or all(_INITIAL.match(w) for w in words):
            return False
        if "I" in words and (words.index("I") != 0 or len(words) < 3 or fold(words[1]) not in self.lex.name_titles):
            return False  # "I" opens a Balinese name ("I Made Suarjana"); elsewhere it is a numeral
        if any(fold(w) in self._stop and not (0 < n < len(words) - 1 and fold(w) in self.lex.months)
               for n, w in enumerate(words) if not _INITIAL.match(w)):
            return False  # a month's name inside a name is a name ("Widji Juli Kurnia")
        if len(words) == 1 and fold(words[0]) in _COMPASS:
            return False  # "Utara" of "Gubernur Maluku Utara"
        if any("." in w for w in words) and _is_degree(" ".join(words)):
            return False  # "S. Sos", "M. Si": degrees written with a space after the dot
        return fold(" ".join(words)) not in self.regions.known

    def _canonical(self, name: str) -> str:
        words = name.split()
        out = []
        for w in words:
            initial = self.lex.initials.get(fold(w)) if _INITIAL.match(w) else None
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
        words = [w for w in words if fold(w) not in _ADDRESS]
        if not words:
            return None
        matches = [p for p in reversed(self.items) if _tokens_fit(words, p)]
        if matches:
            return matches[0]
        if fuzzy and len(words) == 1 and len(words[0]) >= 4:
            word = _spelling(fold(words[0]))
            scored = [(max(difflib.SequenceMatcher(None, word, _spelling(t)).ratio() for t in p.tokens), p)
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
        if _is_degree(body):
            return None  # "S. Sos" after "Kabid IKP Diskominfo Dompu Nasran,": the degrees of the name before
        role = _ROLE_LEAD.match(body)
        if role is not None:  # "praktisi media Hendro Wibisono": what a person is, then the name
            body = body[role.end():]
        parts = split_honorifics(body)
        words = parts.name.split()
        if len(words) >= 2 and all(w.isupper() and len(w) >= 3 for w in words) and i > 0 \
                and not any(_key(w) in self.posts.agencies_table or _key(w) in self.posts.posts_table for w in words) \
                and self._title_before(segs, i) is not None:
            # "Kepala Dinas Kominfo Kabupaten Gowa, ARIFUDDIN SAENI, ...": a name in capitals
            body = body.replace(parts.name, parts.name.title())
            parts = split_honorifics(body)
            words = parts.name.split()
        clause_end: int | None = None
        if (not words or len(body.split()) > 7 or not self.is_name(words, alone=True)) and i > 0 \
                and (head := _name_then_clause(body)) is not None and self._title_before(segs, i) is not None:
            # "Kepala Diskominfo X, Nama Orang mengatakan ...": the name, then the sentence goes on
            body = head
            parts = split_honorifics(body)
            words = parts.name.split()
            clause_end = seg.start + seg.text.find(head) + len(head)
        if (not words or not self.is_name(words, alone=True)) and clause_end is None \
                and (run := _name_after_verb(body, self.lex.passive_speech_verbs)) is not None \
                and self._title_after(segs, i + 1) is not None:
            # "Hal itu diungkapkan Agi Agung Galuh, Kepala UPTD ...": the name closes the clause, the post follows
            body = run
            parts = split_honorifics(body)
            words = parts.name.split()
        name_post = None
        if (not words or len(body.split()) > 7 or not self.is_name(words, alone=True)) and clause_end is None:
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
        while clause_end is None and j < len(segs) and segs[j].text and _is_degree(segs[j].text):
            suffixes.append(segs[j].raw)
            j += 1
        tail_end: int | None = None
        if clause_end is None and j < len(segs) and (lead := _degree_lead(segs[j].text)):
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
        if not self.is_name(words, alone=has_title or affiliated is not None or in_list or titled):
            return None
        if not (has_title or affiliated is not None or suffixes or parts.prefix or in_list
                or (j < len(segs) and segs[j].text[:1].islower() and len(words) >= 2)
                or (j >= len(segs) and i > 0 and len(words) >= 2)):
            return None
        written = body if not suffixes else ", ".join([split_honorifics(body).name if parts.suffix else body,
                                                      *suffixes])
        if parts.prefix and parts.suffix:
            written = f"{parts.prefix} {parts.name}, {', '.join(suffixes)}"
        person = self.introduce(written)
        via = None
        if before is not None:
            phrase, via, first = before
            post = self.posts.parse(phrase)
            if post is not None:
                self.hold(person, post)
            also = _ALSO.search(", ".join(x.text for x in segs[first:i]).rsplit(phrase, 1)[0])
            other = self._trailing_title(also.group(1))[0] if also else None
            if other is not None and (post_also := self.posts.parse(other)) is not None:
                self.hold(person, post_also)
        elif after is not None:
            post = self.posts.parse(after)
            if post is not None:
                self.hold(person, post)
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
            if not self.is_name(tokens[:k]):
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
            if _is_degree(segs[j].text):
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
            if not all(t.islower() for t in rest) or (n and tokens[n - 1].lower() in _PLURAL):
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

    def _titled_names(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """"Gubernur Ganjar Pranowo", "Pj Gubernur Jateng Nana Sudjana": a title then a name, no comma."""
        out: list[Mention] = []
        tokens = list(re.finditer(r"[^\s,.;:()]+(?:\.(?=\s))?", text))
        words = self._cased_heads(text, tokens)
        i = 0
        while i < len(words):
            if any(a <= tokens[i].start() < b for a, b in taken):
                i += 1
                continue
            n = self.posts.head_length(words, i)
            if not n:
                i += 1
                continue
            k = i + n
            while k < len(words) and self.posts.head_length(words, k):
                k += self.posts.head_length(words, k)
            ranks = RANK_PREFIXES | self.lex.ranks
            r = k
            # "Dandim 0734/Yogyakarta Letkol Inf X": the rest of the title may hold a unit's number
            while r < len(words) and r - k < 4 and (words[r][:1].isupper() or _UNIT_NUMBER.fullmatch(words[r])) \
                    and fold(words[r]) not in ranks:
                r += 1  # "Kasi Humas Iptu X": the rest of the title, then the rank
            ranked = r < len(words) and fold(words[r]) in ranks - _ACADEMIC and words[r][:1].isupper()
            if ranked:
                k = r
            if not ranked and k < len(words) and re.fullmatch(r"[IVX]{1,4}", words[k]) and k + 1 < len(words) \
                    and not text[tokens[k - 1].end():tokens[k].start()].strip():
                k += 1  # "Asisten I Andi Muh Yasir": the numeral is the post's, not a Balinese name's "I"
            title_words = words[i:k]
            if fold(" ".join(w for w in title_words)) not in self.lex.region_posts and not ranked and \
                    not any(fold(w) in ("menteri", "presiden", "gubernur", "bupati", "walikota") for w in title_words):
                found = self._agency_then_name(text, tokens, i, k, words)
                if found is not None:
                    out.append(found[0])
                i = found[1] if found is not None else k
                continue
            if not ranked:
                # "Menteri Dalam Negeri (Mendagri) Nama", "Presiden RI Nama": the rest of the post's name, its
                # abbreviation in brackets, or "RI" run on before the name with no comma
                k = self._post_run_on(words, k)
            caps: list[str] = []
            m = k
            while m < len(words) and len(caps) < 6 and ((words[m][:1].isupper() and (
                    _NAME_TOKEN.match(words[m]) or (ranked and all(fold(c) in ranks | self.lex.corps for c in caps)
                                                     and fold(words[m].rstrip(".")) in ranks | self.lex.corps)))
                    or (words[m] in _NAME_PARTICLES and len(caps) >= 2 and m + 1 < len(words)
                        and words[m + 1][:1].isupper())):  # "Antoninho Rangel da Silva"
                caps.append(words[m])
                m += 1
                if m < len(words) and "," in text[tokens[m - 1].end():tokens[m].start()]:
                    break  # "Wakil Bupati Sleman Nama, Kapolres ...": a comma ends the name
            gap = text[tokens[m - 1].end():tokens[m].start()] if caps and m < len(words) else ""
            bracket = "(" in gap
            rest = text[tokens[m - 1].end():].lstrip(" ,") if caps else ""
            listed = "," in gap and (self._list_goes_on(rest) or _is_degree(rest.split(",")[0].strip()))
            # "Irjen Pol Dr Agus Nugroho SIK SH MH mengatakan": degrees without commas, then the sentence goes on
            listed = listed or bool(caps and m < len(words) and not gap.strip() and _degree_lead(rest))
            rank = 0
            while ranked and rank < len(caps) and fold(caps[rank]) in ranks | self.lex.corps:
                rank += 1  # "Kasi Humas Iptu Baiq Rahmawati": a rank before a name
            if rank:
                name = caps[rank:]
                if len(name) >= 2 and self.is_name(name) and (m >= len(words) or not words[m][:1].isupper()
                                                              or listed):
                    person = self.introduce(" ".join(caps))
                    phrase = self.posts.parse(" ".join(title_words))
                    if phrase is not None:
                        self.hold(person, phrase)
                    out.append(Mention(person, tokens[k].start(), tokens[m - 1].end(), "full"))
                i = m if m > i else i + 1
                continue
            region_len = self.regions.prefix(caps)
            heads_region = fold(" ".join(title_words)).replace("wali kota", "walikota").split()[-1] in \
                ("gubernur", "bupati", "walikota")
            if region_len == 0 and len(caps) >= 3 and fold(caps[0]) not in self.lex.name_titles and not heads_region:
                # "Kapolres Kudus Hartopo Santoso": the place comes first; a head of region's region is one the
                # reference list knows, so "Wali Kota Hevearita Gunaryanti Rahayu" is all name
                region_len = 1
            name = caps[region_len:]
            if region_len == 0 and fold(" ".join(name)) in self.regions.places:
                i = m
                continue  # "mewakili Bupati Lombok Tengah": a place the article names after agencies
            if len(name) >= 2 and self.is_name(name) and (m >= len(words) or not words[m][:1].isupper() or bracket
                                                          or listed):
                start, end = tokens[k + region_len].start(), tokens[m - 1].end()
                if text[end:end + 1] == "," and not listed:
                    i = m
                    continue  # "Gubernur X, Nama," is an appositive, read elsewhere
                person = self.introduce(" ".join(name))
                phrase = self.posts.parse(" ".join(w for n, w in enumerate(words[i:k + region_len], i)
                                                   if text[tokens[n].start() - 1:tokens[n].start()] != "("))
                if phrase is not None:
                    self.hold(person, phrase)
                out.append(Mention(person, start, end, "full"))
                nick = re.match(r"\s*\(([A-Z]{2,5})\)", text[end:]) if bracket else None
                if nick is not None:  # "Gubernur Abdul Gani Kasuba (AGK)": the initials are a name too
                    person.aliases.append(nick.group(1))
            i = m if m > i else i + 1
        return out

    def _post_run_on(self, words: list[str], k: int) -> int:
        """Where the name starts after a head-of-government or ministry title that ends at ``k``: words of
        institutions ("Dalam Negeri", "Mendagri", "RI") are skipped if a name of two words or more follows."""
        m = k
        while m < len(words) and words[m][:1].isupper() and (
                fold(words[m]) in self.lex.institution_words or fold(words[m]) == "ri"
                or _key(words[m]) in self.posts.agencies_table):
            m += 1
        if m == k or m + 1 >= len(words) or not self.is_name(words[m:m + 2]):
            return k
        return m

    def _cased_heads(self, text: str, tokens: list[re.Match[str]]) -> list[str]:
        """The words of a sentence, a title written in lower case before a capitalised word capitalised
        ("ketua KI Malut Azis Marsaoly", "wakil ketua Ismad Sahupala")."""
        words = [t.group() for t in tokens]
        for n in range(len(words) - 2, -1, -1):
            w = words[n]
            if not w.islower() or not words[n + 1][:1].isupper() or \
                    text[tokens[n].end():tokens[n + 1].start()].strip() or (n and words[n - 1].lower() in _PLURAL):
                continue
            trial = [*words[:n], w.capitalize(), *words[n + 1:]]
            if self.posts.head_length(trial, n) or (n and fold(f"{words[n - 1]} {w}") in self.lex.post_heads):
                words[n] = w.capitalize()  # also the second word of a title ("Ketua panitia Forum ...")
        return words

    def _agency_then_name(self, text: str, tokens: list[re.Match[str]], i: int, k: int,
                          words: list[str]) -> tuple[Mention, int] | None:
        """"Kadis Kominfo Jateng Sri Wahyuningtyas", "Kepala BPOM Yudhistira K.", "Kepala Dinas Kesehatan Kalsel
        dr. Rahmah Auliani, M.Kes": a post, its agency, then a name, with no comma between them."""
        m = k
        while m < len(words) and m - k < 12 and (words[m][:1].isupper() or words[m] in ("dan", "&", "lainnya")
                                                  or fold(words[m].rstrip(".")) in RANK_PREFIXES):
            if words[m] in ("dan", "&") and m > k and self.posts.head_length(words, m + 1):
                break  # "Ketua Komisi I Asep Hidayat dan Wakil Ketua DPRD ...": a second post begins
            if m > k + 1 and _capitals(words[m]) >= 2 and _is_degree(words[m]) and self._name_word(words[m - 1]) \
                    and self._name_word(words[m - 2]):
                break  # "Joy Adriaansz SSos MSi menyampaikan": degrees with neither dots nor commas end the name
            m += 1
            gap = text[tokens[m - 1].end():tokens[m].start()].strip() if m < len(words) else ""
            if (gap == "(" and text[tokens[m].end():tokens[m].end() + 1] == ")" and self._bracketed(words[m])) \
                    or (gap == ")" and text[tokens[m - 1].start() - 1:tokens[m - 1].start()] == "(" \
                    and self._bracketed(words[m - 1])):
                continue  # "Kabid Informasi dan Komunikasi Publik (IKP) Diskominfo ...": an abbreviation in brackets
            if gap:
                break  # a comma or a bracket ends the run
        while m > k and words[m - 1] in ("dan", "&", "lainnya"):
            m -= 1  # "... Sri Mulyani dan warga": the conjunction ends the name
        start = m
        while start > k and m - start < 4 and not (re.fullmatch(r"[IVX]{1,4}", words[start - 1]) and (
                start == m or fold(words[start]) not in _BALINESE)) \
                and (self._name_word(words[start - 1]) or (
                fold(words[start - 1]) in self.lex.months and start - 1 > k and self._name_word(words[start - 2]))):
            start -= 1  # a month's name between two names is a name too ("Widji Juli Kurnia")
        while start < m - 1 and (n := next((x for x in range(m - 1 - start, 0, -1)
                                            if fold(" ".join(words[start:start + x])) in self.regions.known), 0)):
            start += n  # "Sekda Provinsi Jawa Tengah Sumarno": the region's words are not the name's
        ref = reference_regions()
        while start < m - 1 and (n := next((x for x in range(min(3, m - 1 - start), 0, -1)
                                            if ref.region(" ".join(words[start:start + x])) is not None), 0)) \
                and (start == k or (ref.region(words[start - 1]) is None
                                    and fold(words[start - 1]) not in self.regions.known)):
            # "Kadis Kominfo dan Statistik Enrekang Hasbar", "Diskominfo Lombok Utara Sahnan": a regency the list
            # knows, then the name; but "Ketua DPRD Kota Bogor Bima Arya": after a place, a place's name is a
            # given name
            start += n
        lead = start
        while lead > k and fold(words[lead - 1].rstrip(".")) in RANK_PREFIXES:
            lead -= 1  # "dr. Rahmah Auliani", "Kombes Pol X": honorifics and ranks before the name
        end = tokens[m - 1].end()
        after = text[end:]
        # A one-word name after a post is a name when degrees or a verb of speech follow it:
        # "Kepala Diskominfo Maidar, S.H, M.Si., mengungkapkan", "Anggota Komisi II lainnya Suryadi menyarankan".
        mononym = m - start == 1 and lead < m and (
            (after.startswith(",") and (_degree_lead(after[1:].strip()) or _is_degree(after[1:].split(",")[0].strip())))
            or (self._speaks(after, "") and not self.posts.is_agency_head(words, start - 1)
                and fold(words[start]) not in self.regions.places)) and not self._ends_place(words[k:m])
        # ("Kepala Puskesmas Mlati mengatakan", "Direktur RSUD Soedarso menjelaskan": the word after an
        # agency is its place or namesake, not a person)
        if m - start == 1 and lead == start and start > k and not mononym and self._ends_place(words[k:start]) \
                and re.match(r"\s+(?:me|ber|di)[a-z]{3,}\b", after):
            mononym = True  # "Kadiskominfo Kota Semarang Sunarto menyambut ...": agency, region, name, verb
        listed = after.startswith(",") and self._list_goes_on(after[1:])
        mononym = mononym or (m - start == 1 and lead < m and listed and not self._ends_place(words[k:m]))
        if (m - start < 2 and not mononym) or not self.is_name(words[start:m], alone=mononym):
            return None
        bare_post = False
        if lead == k and self._ends_place(words[start:m]):
            return None  # "Kapolsek Depok Barat menegaskan": the place the post serves
        if lead == k:  # "Kadiskominfo Santi Ratnaningtias": the title names the agency itself
            own = self.posts.parse(" ".join(words[i:k]))
            bare_post = own is not None and own.agency is None and m - start >= 2 \
                and fold(own.bare_title) not in self.lex.organisation_posts and (listed or self._acts(after))
            if own is None or (own.agency is None and not bare_post):
                return None  # ("wakil ketua Ismad Sahupala, divisi ...": a title alone, in a list, is read)
        written = text[tokens[lead].start():end]
        nickname = re.match(r"\s*\(([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\)", after)
        bare = _degree_lead(after.strip()) if not after.startswith(",") else None
        if bare is not None:
            written = f"{written}, {bare}"  # "... Joy Adriaansz SSos MSi menyampaikan"
            end = text.find(bare, end) + len(bare)
            after = text[end:]
        elif not after.startswith(",") and m < len(words) and not words[m][:1].islower() and nickname is None:
            return None
        if after.startswith(","):
            lead_degrees = _degree_lead(after[1:].strip()) or \
                (after[1:].split(",")[0].strip() if _is_degree(after[1:].split(",")[0].strip()) else None)
            if lead_degrees is None and not listed:
                return None  # "Kepala X Nama, ...": an appositive, read elsewhere
            if lead_degrees is not None:
                written = f"{written}, {lead_degrees}"
                end = text.find(lead_degrees, end) + len(lead_degrees)
        phrase = self.posts.parse(" ".join(w for n, w in enumerate(words[i:lead], i)
                                           if text[tokens[n].start() - 1:tokens[n].start()] != "("))
        if phrase is None or (phrase.agency is None and not phrase.is_region_post and not self._unit_post(phrase)
                              and not bare_post):
            return None
        person = self.introduce(written)
        self.hold(person, phrase)
        if nickname is not None:  # "Kurniawan Nur Hidayat (Wawan)": the name in brackets is the person's too
            person.add_alias(nickname.group(1))
        return Mention(person, tokens[start].start(), end, "full"), m

    def _initials(self, words: list[str]) -> bool:
        """A nickname of capitals ("SAG", "AGK"): the initials of a name, not an agency's or a post's abbreviation."""
        return len(words) == 1 and re.fullmatch(r"[A-Z]{2,5}", words[0]) is not None \
            and _key(words[0]) not in self.posts.agencies_table and _key(words[0]) not in self.posts.posts_table \
            and words[0] not in self.posts.text_abbreviations

    def _bracketed(self, word: str) -> bool:
        """Whether a word in brackets inside a post abbreviates it ("(IKP)", "(Kominfo)"), not a nickname."""
        return _abbreviation(word) or _key(word) in self.posts.agencies_table or _key(word) in self.posts.posts_table \
            or word in self.posts.text_abbreviations

    def _ends_place(self, words: list[str]) -> bool:
        """Whether the last of ``words`` ends a place's name ("Gubernur Maluku Utara"), not a one-word name."""
        if fold(words[-1]) in _COMPASS:
            return True
        return any(fold(" ".join(words[n:])) in self.regions.known or reference_regions().region(" ".join(words[n:]))
                   for n in range(len(words)))

    def _list_goes_on(self, rest: str) -> bool:
        """Whether what follows a comma after "Title Agency Name" goes on with the sentence or a list of
        "title name" pairs ("Kabid Humas Polda X Nama, Anggota Bawaslu X Nama, dan ..."): then the name
        before the comma is the person's, not the agency's tail before an appositive name."""
        if re.match(r"\s*(?:dan|serta)\s+[A-Z]", rest):
            return True  # "..., serta Alvian pemilik akun ...": the last item of the list
        rest = re.sub(r"^\s*(?:dan|serta)\s+", "", rest.lstrip())
        if not rest or rest[:1].islower():
            return True
        tokens = rest.split()
        return bool(self.posts.head_length(tokens, 0)) or fold(tokens[0].rstrip(".")) in RANK_PREFIXES | self.lex.ranks

    def _unit_post(self, phrase: PostPhrase) -> bool:
        """A post in a named part of a council or an office ("Anggota Komisi II", "Ketua Fraksi Golkar",
        "Kabid IKP"): the agency is the legislature or office the article names, found once it is read."""
        words = fold(phrase.title).split()
        return any(w in self.lex.legislature_units or w in self.lex.units for w in words[1:-1])

    def _name_word(self, word: str) -> bool:
        """A word that can be part of a name right after an agency: not a place, an agency word or an abbreviation."""
        f = fold(word)
        return bool(_NAME_TOKEN.match(word) or _BARE_INITIAL.match(word)) and not _INITIAL.match(word) \
            and f not in self._stop and f not in self.regions.known \
            and f not in self.posts.agencies_table and f not in self.posts.posts_table

    def _references(self, text: str, taken: list[tuple[int, int]]) -> list[Mention]:
        """Short names, nicknames and bare titles of people already introduced."""
        out: list[Mention] = []
        for m in re.finditer(r"(?<![\w.])(?:[A-Z][\w'’.-]*)(?:\s+[A-Z][\w'’.-]*){0,3}", text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in taken):
                continue
            words = [w.rstrip(".") if not _INITIAL.match(w) else w for w in m.group().split()]
            while words and ((fold(words[0]) in self.lex.not_names and fold(words[0]) not in _ADDRESS)
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
            person = self.resolve(words, fuzzy=subject)
            if person is None and _NICKNAME_CUE.search(before) and self.items and (
                    self.is_name(words, alone=True) or self._initials(words)):
                person = self.items[-1]  # "H Asep Syahrial atau yang akrab disapa Asep Awing": a nickname
                person.add_alias(" ".join(words))
            kind = "short"
            if person is None and subject:
                person = self.by_title(" ".join(words))
                kind = "title"
            if person is None and subject and self.is_name(words) and self._speaks(after, before):
                person = self.introduce(" ".join(words))
                kind = "full"
            if person is None:
                continue
            surface = " ".join(words)
            if kind == "short" and fold(surface) not in (fold(person.name), *(fold(a) for a in person.aliases)):
                person.add_alias(surface)
            out.append(Mention(person, start, end, kind))
        return out

    def _acts(self, after: str) -> bool:
        """Whether a verb of speech or of an official act ("mewakili", "membuka", "membacakan") follows."""
        first = after.split(maxsplit=1)[0].lower().strip(",.") if after.split() else ""
        return self._speaks(after, "") or first in self.lex.not_speech

    def _after_quote_verb(self, before: str) -> bool:
        last = before.rsplit(maxsplit=1)[-1].lower() if before.split() else ""
        return last in self.lex.quote_verbs or last.endswith("⟧")

    def _speaks(self, after: str, before: str) -> bool:
        first = after.split(maxsplit=1)[0].lower().strip(",.") if after.split() else ""
        return first in self.lex.speech_verbs or self._after_quote_verb(before)

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


def _key(word: str) -> str:
    return re.sub(r"[^0-9a-z]", "", word.lower())


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
        if _INITIAL.match(w) and any(n.startswith(f) for n in names):
            continue
        if any(_INITIAL.match(a) and f.startswith(fold(a)) for a in _alias_initials(person)):
            continue
        return False
    return True


def _alias_initials(person: Person) -> list[str]:
    return [w for a in person.aliases for w in split_honorifics(a).name.split() if _INITIAL.match(w)]


# Lower-case words that may stand inside a name ("Ahmad bin Ali").
_NAME_PARTICLES = frozenset({"bin", "binti", "van", "der", "de", "da", "dos", "von", "al", "el"})


def _name_after_verb(text: str, verbs: frozenset[str]) -> str | None:
    """The capitalised words ending ``text`` after a passive verb of speech or "oleh" ("Hal itu diungkapkan
    Agi Agung Galuh" → "Agi Agung Galuh")."""
    words = text.split()
    k = len(words)
    while k > 0 and (words[k - 1][:1].isupper() or words[k - 1] in _NAME_PARTICLES):
        k -= 1
    if k == 0 or k == len(words) or (words[k - 1].lower() not in verbs and words[k - 1].lower() != "oleh"):
        return None
    return " ".join(words[k:])


def _name_then_clause(text: str) -> str | None:
    """The capitalised words ``text`` begins with when a lower-case clause follows ("Didi Kurniadi
    menjelaskan bahwa ..." → "Didi Kurniadi"); degrees written without commas stay with the name."""
    words = text.lstrip(" .").split()
    for k, w in enumerate(words):
        if w[:1].islower() and w not in _NAME_PARTICLES:
            if k == 0 or k > 7:
                return None
            head = " ".join(words[:k])
            return head if re.search(r"[A-Za-z]", head) else None
    return None


def _degree_lead(text: str) -> str | None:
    """The degrees a text begins with when lower-case words follow ("M.Si saat membuka" → "M.Si"), over
    commas too ("S. Sos, M. Si mengatakan" → "S. Sos, M. Si"): a prefix of ``text`` as written."""
    offset, pieces = 0, text.split(",")
    for n, piece in enumerate(pieces):
        words = piece.split()
        for k in range(min(3, len(words) - 1), 0, -1):
            if words[k][:1].islower() and _is_degree(" ".join(words[:k])):
                return text[:offset + piece.find(words[k - 1]) + len(words[k - 1])].strip()
        if n == len(pieces) - 1 or not words or not _is_degree(piece.strip()):
            return None
        offset += len(piece) + 1
    return None


@lru_cache(maxsize=1 << 14)  # asked of every segment and candidate name
def _is_degree(text: str) -> bool:
    """Whether ``text`` is only degrees ("S.Sos., M.AP"), by the same test as ``split_honorifics``."""
    return split_honorifics(f"Nama Orang, {text}").suffix == text.strip(" ,")
