"""Official social-media accounts named in an article: ``akun Instagram @humasjateng``, ``IG @x``,
``Twitter @x``, and profile URLs (``instagram.com/x``, ``x.com/x``, ``facebook.com/x``,
``youtube.com/@x``, ``tiktok.com/@x``).

An account belongs to the person or agency its sentence names nearest before it (else nearest
after it); in a sentence that names neither, to the agency that published the article, when
that is known. A bare ``@handle`` without a platform is left alone: it could be any of them.
"""

from __future__ import annotations

import re

from ..model.accounts import ALIASES, Account, from_url, normalise
from ..model.document import AccountItem, AgencyItem, Document, PersonItem
from ..model.enums import Platform
from ..model.names import slug
from .text import Article

__all__ = ["attach_accounts", "find_accounts"]

_PLATFORM_WORDS = r"Instagram|IG|Twitter|X|Facebook|FB|YouTube|Youtube|TikTok|Tiktok|Threads"
# "akun Instagram resmi @x", "IG: @x", "(Twitter @x)", "akun Facebook-nya @x"
_NAMED = re.compile(rf"\b(?P<platform>{_PLATFORM_WORDS})\b(?:-?nya)?(?:\s+(?:resmi|official))?\s*[:\-–]?\s*"
                    r"@(?P<handle>[A-Za-z0-9._]+)")
_URL = re.compile(r"(?:https?://)?(?:(?:www|m|mobile|web)\.)?(?:instagram\.com|instagr\.am|x\.com|twitter\.com|"
                  r"facebook\.com|fb\.com|youtube\.com|tiktok\.com|threads\.net)/[^\s,;()\"“”'<>]+", re.IGNORECASE)


def find_accounts(text: str) -> list[tuple[int, Account]]:
    """Every account written in ``text``, with where it starts, in order."""
    found: list[tuple[int, Account]] = []
    for m in _NAMED.finditer(text):
        word = m.group("platform").lower()
        platform = ALIASES.get(word, word)
        try:
            found.append((m.start(), normalise(platform, m.group("handle").rstrip("._"))))
        except ValueError:
            continue  # not a handle that platform allows: a reader would not take it for one either
    for m in _URL.finditer(text):
        account = from_url(m.group().rstrip("."))
        if account is not None:
            found.append((m.start(), account))
    found.sort(key=lambda x: x[0])
    out: list[tuple[int, Account]] = []
    for start, account in found:
        if all(a != account for _, a in out):
            out.append((start, account))
    return out


def attach_accounts(doc: Document, article: Article) -> Document:
    """``doc`` with the accounts its article names added to the people and agencies they belong to."""
    publisher = next((a for a in doc.agencies if doc.article.publisher and
                      doc.article.publisher.lower() in (n.lower() for n in (a.name, *a.aliases))), None)
    owners: list[AgencyItem | PersonItem] = [*doc.people, *doc.agencies]
    for sentence in article.sentences:
        text = sentence.unmask()
        accounts = find_accounts(text)
        if not accounts:
            continue
        mentions = sorted(((m.start(), m.end(), owner) for owner in owners for name in (owner.name, *owner.aliases)
                           for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)),
                          key=lambda m: (m[0], m[1]))
        # "Provinsi Jawa Tengah" inside "Dinas … Provinsi Jawa Tengah" is part of a longer name, not a mention.
        mentions = [m for m in mentions if not any(o[0] <= m[0] and m[1] <= o[1] and (o[1] - o[0]) > (m[1] - m[0])
                                                   for o in mentions)]
        for start, account in accounts:
            before = [m for m in mentions if m[1] <= start]
            after = [m for m in mentions if m[0] > start]
            owner = before[-1][2] if before else after[0][2] if after else publisher
            if owner is None and doc.article.publisher:
                publisher = owner = AgencyItem(key=f"publisher-{slug(doc.article.publisher, 60)}", id=None,
                                               name=doc.article.publisher, parent=None, type=None)
                doc.agencies.append(publisher)
            if owner is not None and all((a.platform.value, a.handle) != (account.platform, account.handle)
                                         for a in owner.accounts):
                owner.accounts.append(AccountItem(platform=Platform(account.platform), handle=account.handle,
                                                  url=account.url))
    return doc
