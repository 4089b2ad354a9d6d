"""Official social-media accounts: the platforms known, and one normal form for a handle and a profile URL.

An account is a platform, a handle and the URL of its profile page. Either the handle or the
URL may be given; the other is derived, so ``IG @HumasJateng``, ``instagram.com/humasjateng/``
and ``https://www.instagram.com/humasjateng?hl=id`` are one account: handles lose their ``@``
and are lower-cased (the platforms compare them without case), URLs are rebuilt from the handle
in the platform's own canonical form. A website is an account whose handle is its host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["ALIASES", "PLATFORMS", "Account", "from_url", "normalise"]

# platform → (hosts it answers on, handle pattern, the profile URL of a handle)
_HANDLE = r"[A-Za-z0-9._]"
PLATFORMS: dict[str, tuple[frozenset[str], re.Pattern[str], str]] = {
    "instagram": (frozenset({"instagram.com", "instagr.am"}), re.compile(rf"^{_HANDLE}{{1,30}}$"),
                  "https://www.instagram.com/{}/"),
    "x": (frozenset({"x.com", "twitter.com", "mobile.twitter.com"}), re.compile(r"^[A-Za-z0-9_]{1,15}$"),
          "https://x.com/{}"),
    "facebook": (frozenset({"facebook.com", "m.facebook.com", "web.facebook.com", "fb.com"}),
                 re.compile(r"^[A-Za-z0-9.\-]{1,50}$"), "https://www.facebook.com/{}"),
    "youtube": (frozenset({"youtube.com", "m.youtube.com"}), re.compile(r"^[A-Za-z0-9._\-]{3,30}$"),
                "https://www.youtube.com/@{}"),
    "tiktok": (frozenset({"tiktok.com"}), re.compile(rf"^{_HANDLE}{{2,24}}$"), "https://www.tiktok.com/@{}"),
    "threads": (frozenset({"threads.net", "threads.com"}), re.compile(rf"^{_HANDLE}{{1,30}}$"),
                "https://www.threads.net/@{}"),
    "website": (frozenset(), re.compile(r"^[a-z0-9.\-]+\.[a-z]{2,}$"), "https://{}/"),
}
# First path segments that are pages of the platform, not accounts (instagram.com/p/…, x.com/home …).
_NOT_ACCOUNTS = frozenset({"p", "reel", "reels", "explore", "stories", "tv", "home", "search", "hashtag", "i",
                           "intent", "share", "sharer", "watch", "results", "groups", "events", "pages", "tag",
                           "login", "signup", "about", "help", "privacy", "terms", "status", "video", "shorts",
                           "embed", "playlist", "feed", "channel", "c", "user", "profile.php", "permalink.php"})
ALIASES = {"twitter": "x", "ig": "instagram", "fb": "facebook", "yt": "youtube", "web": "website",
           "situs": "website"}


@dataclass(frozen=True)
class Account:
    platform: str
    handle: str
    url: str


def normalise(platform: str, handle: str | None = None, url: str | None = None) -> Account:
    """The account in its normal form; ``ValueError`` naming what is wrong otherwise."""
    platform = ALIASES.get(platform.strip().lower(), platform.strip().lower())
    if platform not in PLATFORMS:
        raise ValueError(f"unknown platform {platform!r}; valid: {', '.join(PLATFORMS)} (twitter = x)")
    if url:
        found = from_url(url)
        if platform == "website":
            found = _website(url)
        if found is None or found.platform != platform:
            raise ValueError(f"{url!r} is not the URL of an account on {platform}")
        if handle and _handle(platform, handle) != found.handle:
            raise ValueError(f"handle {handle!r} and url {url!r} name two different accounts")
        return found
    if not handle:
        raise ValueError("give the account's handle or its url")
    if platform == "website":
        raise ValueError("a website account needs its url")
    h = _handle(platform, handle)
    return Account(platform, h, PLATFORMS[platform][2].format(h))


def _handle(platform: str, handle: str) -> str:
    h = handle.strip().removeprefix("@")
    if not PLATFORMS[platform][1].match(h):
        raise ValueError(f"{handle!r} is not a valid {platform} handle")
    return h.lower()


def from_url(url: str) -> Account | None:
    """The social-media account a profile URL points at (``None`` for a post, a search, another site)."""
    text = url.strip()
    if not re.match(r"^https?://", text, re.IGNORECASE):
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    platform = next((p for p, (hosts, _, _) in PLATFORMS.items() if host in hosts), None)
    segments = [s for s in parts.path.split("/") if s]
    if platform is None or not segments:
        return None
    first = segments[0]
    if platform == "youtube" and first.lower() in ("c", "user") and len(segments) > 1:
        first = segments[1]
    elif platform in ("youtube", "tiktok", "threads"):
        if not first.startswith("@"):
            return None
        first = first[1:]
    elif first.lower() in _NOT_ACCOUNTS:
        return None
    if not PLATFORMS[platform][1].match(first):
        return None
    handle = first.lower()
    return Account(platform, handle, PLATFORMS[platform][2].format(handle))


def _website(url: str) -> Account | None:
    text = url.strip()
    try:
        parts = urlsplit(text if re.match(r"^https?://", text, re.IGNORECASE) else "https://" + text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not PLATFORMS["website"][1].match(host):
        return None
    path = parts.path.rstrip("/")
    return Account("website", host.removeprefix("www."), f"{parts.scheme.lower()}://{host}{path}/")
