"""Names that come after a title in running text: "Bupati Badung Nyoman Giri Prasta", "Kadis Kominfo
Jateng Riena Retnaningrum", "Kepala Bidang IKP, Nama" read word by word, with the agency between.

``TitledNames`` is the part of ``mentions.Mentions`` that reads these runs, and the word tests
the other readings share.
"""

from __future__ import annotations

import re

from ..model.names import ACADEMIC, fold
from .people import (
    BARE_INITIAL,
    COMPASS,
    INITIAL,
    NAME_PARTICLES,
    NAME_TOKEN,
    RANK_PREFIXES,
    Mention,
    People,
    is_degree,
)
from .places import reference_regions
from .positions import PostPhrase

__all__ = ["PLURAL", "TitledNames", "degree_lead", "name_key"]

_UNIT_NUMBER = re.compile(r"\d+(?:/[\w-]+)+")
# What follows the "I" (or "Ni") that opens a Balinese name: a caste title or a birth-order name.
_BALINESE = frozenset({"gusti", "made", "ketut", "putu", "wayan", "nyoman", "kadek", "komang", "gede", "ngurah", "luh",
                       "dewa", "ida", "nengah", "anak", "bagus", "ayu"})
PLURAL = frozenset({"para", "seluruh", "setiap", "semua", "tiap", "sejumlah", "dan", "serta", "atau", "bersama"})


class TitledNames:
    """Reads title-then-name runs of one article's sentences; ``Mentions`` builds on it."""

    def __init__(self, people: People) -> None:
        self.people = people
        self.lex = people.lex
        self.regions = people.regions
        self.agencies = people.agencies
        self.posts = people.posts

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
            ranked = r < len(words) and fold(words[r]) in ranks - ACADEMIC and words[r][:1].isupper()
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
                    NAME_TOKEN.match(words[m]) or (ranked and all(fold(c) in ranks | self.lex.corps for c in caps)
                                                     and fold(words[m].rstrip(".")) in ranks | self.lex.corps)))
                    or (words[m] in NAME_PARTICLES and len(caps) >= 2 and m + 1 < len(words)
                        and words[m + 1][:1].isupper())):  # "Antoninho Rangel da Silva"
                caps.append(words[m])
                m += 1
                if m < len(words) and "," in text[tokens[m - 1].end():tokens[m].start()]:
                    break  # "Wakil Bupati Sleman Nama, Kapolres ...": a comma ends the name
            gap = text[tokens[m - 1].end():tokens[m].start()] if caps and m < len(words) else ""
            bracket = "(" in gap
            rest = text[tokens[m - 1].end():].lstrip(" ,") if caps else ""
            listed = "," in gap and (self._list_goes_on(rest) or is_degree(rest.split(",")[0].strip()))
            # "Irjen Pol Dr Agus Nugroho SIK SH MH mengatakan": degrees without commas, then the sentence goes on
            listed = listed or bool(caps and m < len(words) and not gap.strip() and degree_lead(rest))
            rank = 0
            while ranked and rank < len(caps) and fold(caps[rank]) in ranks | self.lex.corps:
                rank += 1  # "Kasi Humas Iptu Baiq Rahmawati": a rank before a name
            if rank:
                name = caps[rank:]
                if len(name) >= 2 and self.people.is_name(name) and (m >= len(words) or not words[m][:1].isupper()
                                                              or listed):
                    person = self.people.introduce(" ".join(caps))
                    phrase = self.posts.parse(" ".join(title_words))
                    if phrase is not None:
                        self.people.hold(person, phrase)
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
            if len(name) >= 2 and self.people.is_name(name) and \
                    (m >= len(words) or not words[m][:1].isupper() or bracket or listed):
                start, end = tokens[k + region_len].start(), tokens[m - 1].end()
                if text[end:end + 1] == "," and not listed:
                    i = m
                    continue  # "Gubernur X, Nama," is an appositive, read elsewhere
                person = self.people.introduce(" ".join(name))
                phrase = self.posts.parse(" ".join(w for n, w in enumerate(words[i:k + region_len], i)
                                                   if text[tokens[n].start() - 1:tokens[n].start()] != "("))
                if phrase is not None:
                    self.people.hold(person, phrase)
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
                or name_key(words[m]) in self.posts.agencies_table):
            m += 1
        if m == k or m + 1 >= len(words) or not self.people.is_name(words[m:m + 2]):
            return k
        return m

    def _cased_heads(self, text: str, tokens: list[re.Match[str]]) -> list[str]:
        """The words of a sentence, a title written in lower case before a capitalised word capitalised
        ("ketua KI Malut Azis Marsaoly", "wakil ketua Ismad Sahupala")."""
        words = [t.group() for t in tokens]
        for n in range(len(words) - 2, -1, -1):
            w = words[n]
            if not w.islower() or not words[n + 1][:1].isupper() or \
                    text[tokens[n].end():tokens[n + 1].start()].strip() or (n and words[n - 1].lower() in PLURAL):
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
            if m > k + 1 and _capitals(words[m]) >= 2 and is_degree(words[m]) and self._name_word(words[m - 1]) \
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
            (after.startswith(",") and (degree_lead(after[1:].strip()) or is_degree(after[1:].split(",")[0].strip())))
            or (self._speaks(after, "") and not self.posts.is_agency_head(words, start - 1)
                and fold(words[start]) not in self.regions.places)) and not self._ends_place(words[k:m])
        # ("Kepala Puskesmas Mlati mengatakan", "Direktur RSUD Soedarso menjelaskan": the word after an
        # agency is its place or namesake, not a person)
        if m - start == 1 and lead == start and start > k and not mononym and self._ends_place(words[k:start]) \
                and re.match(r"\s+(?:me|ber|di)[a-z]{3,}\b", after):
            mononym = True  # "Kadiskominfo Kota Semarang Sunarto menyambut ...": agency, region, name, verb
        listed = after.startswith(",") and self._list_goes_on(after[1:])
        mononym = mononym or (m - start == 1 and lead < m and listed and not self._ends_place(words[k:m]))
        if (m - start < 2 and not mononym) or not self.people.is_name(words[start:m], alone=mononym):
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
        bare = degree_lead(after.strip()) if not after.startswith(",") else None
        if bare is not None:
            written = f"{written}, {bare}"  # "... Joy Adriaansz SSos MSi menyampaikan"
            end = text.find(bare, end) + len(bare)
            after = text[end:]
        elif not after.startswith(",") and m < len(words) and not words[m][:1].islower() and nickname is None:
            return None
        if after.startswith(","):
            lead_degrees = degree_lead(after[1:].strip()) or \
                (after[1:].split(",")[0].strip() if is_degree(after[1:].split(",")[0].strip()) else None)
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
        person = self.people.introduce(written)
        self.people.hold(person, phrase)
        if nickname is not None:  # "Kurniawan Nur Hidayat (Wawan)": the name in brackets is the person's too
            person.add_alias(nickname.group(1))
        return Mention(person, tokens[start].start(), end, "full"), m

    def _initials(self, words: list[str]) -> bool:
        """A nickname of capitals ("SAG", "AGK"): the initials of a name, not an agency's or a post's abbreviation."""
        key = name_key(words[0]) if len(words) == 1 else ""
        return len(words) == 1 and re.fullmatch(r"[A-Z]{2,5}", words[0]) is not None \
            and key not in self.posts.agencies_table and key not in self.posts.posts_table \
            and words[0] not in self.posts.text_abbreviations

    def _bracketed(self, word: str) -> bool:
        """Whether a word in brackets inside a post abbreviates it ("(IKP)", "(Kominfo)"), not a nickname."""
        key = name_key(word)
        return _abbreviation(word) or key in self.posts.agencies_table or key in self.posts.posts_table \
            or word in self.posts.text_abbreviations

    def _ends_place(self, words: list[str]) -> bool:
        """Whether the last of ``words`` ends a place's name ("Gubernur Maluku Utara"), not a one-word name."""
        if fold(words[-1]) in COMPASS:
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
        return bool(NAME_TOKEN.match(word) or BARE_INITIAL.match(word)) and not INITIAL.match(word) \
            and f not in self.people.stop_words and f not in self.regions.known \
            and f not in self.posts.agencies_table and f not in self.posts.posts_table

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



def _capitals(word: str) -> int:
    return sum(c.isupper() for c in word)


def _abbreviation(word: str) -> bool:
    """Whether a word is written as an abbreviation ("IKP", "BPBD"), not a nickname ("Wawan")."""
    return len(word) >= 2 and word.isupper()


def name_key(word: str) -> str:
    return re.sub(r"[^0-9a-z]", "", word.lower())


def degree_lead(text: str) -> str | None:
    """The degrees a text begins with when lower-case words follow ("M.Si saat membuka" → "M.Si"), over
    commas too ("S. Sos, M. Si mengatakan" → "S. Sos, M. Si"): a prefix of ``text`` as written."""
    offset, pieces = 0, text.split(",")
    for n, piece in enumerate(pieces):
        words = piece.split()
        for k in range(min(3, len(words) - 1), 0, -1):
            if words[k][:1].islower() and is_degree(" ".join(words[:k])):
                return text[:offset + piece.find(words[k - 1]) + len(words[k - 1])].strip()
        if n == len(pieces) - 1 or not words or not is_degree(piece.strip()):
            return None
        offset += len(piece) + 1
    return None
