"""HTTP content negotiation: the media type a client's ``Accept`` header prefers among those offered."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["negotiate", "ranked"]


def ranked(accept: str) -> list[tuple[str, float, int]]:
    """(value in lower case, quality, position) of each entry of an ``Accept``-style header
    (``Accept``, ``Accept-Language``); an unreadable quality counts as 0."""
    out = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        out.append((media, quality, position))
    return out


def _matches(media_range: str, offer: str) -> int:
    """How specifically ``media_range`` matches ``offer``: 2 exactly, 1 by ``type/*``, 0 by ``*/*``, -1 not."""
    if media_range == offer:
        return 2
    kind, _, sub = media_range.partition("/")
    if sub == "*" and offer.startswith(kind + "/"):
        return 1
    return 0 if media_range in ("*/*", "*") else -1


def negotiate(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client likes best (the first offer when it states no preference), or None.

    Each offer takes the quality of the most specific range that matches it; ties go to the
    range the client listed first, then to the order of ``offers``.
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = ranked(accept)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        matched = [(_matches(r, offer), q, pos) for r, q, pos in ranges]
        matched = [m for m in matched if m[0] >= 0]
        if not matched:
            continue
        specificity, quality, position = max(matched, key=lambda m: (m[0], -m[2]))
        if quality <= 0:
            continue
        # Higher quality first; then an exact match over a wildcard; then the client's order, then ours.
        rank = (quality, specificity, -position * 1000 - index)
        if best is None or rank > best:
            best, chosen = rank, offer
    return chosen
