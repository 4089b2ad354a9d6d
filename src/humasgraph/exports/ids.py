"""Identifiers for formats that cannot take an IRI as an id (GraphML's NMTOKEN, FollowTheMoney's ids).

``token_id`` is stable (a function of the IRI alone), readable (it keeps the IRI's last segment)
and distinct for distinct IRIs (16 hex digits of the IRI's SHA-1); it uses only
``[0-9a-zA-Z.-]``, which is both an XML NMTOKEN and a FollowTheMoney entity id.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["edge_token", "token_id"]

_UNSAFE = re.compile(r"[^0-9a-zA-Z]+")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]  # noqa: S324 - an id, not a secret


def token_id(iri: str) -> str:
    """``https://…/person/agung-hikmati`` → ``hg-agung-hikmati-e26606967f526d83``."""
    tail = _UNSAFE.sub("-", iri.rstrip("/").rsplit("/", 1)[-1]).strip("-")[:60].strip("-")
    return f"hg-{tail}-{_digest(iri)}" if tail else f"hg-{_digest(iri)}"


def edge_token(source: str, target: str, key: str, relation: str) -> str:
    """An edge's id: its relation and a digest of its ends and key (``spoke_for.3f2a…``)."""
    return f"{re.sub(r'[^0-9a-zA-Z_]+', '-', relation)}.{_digest(chr(0).join((source, target, key)))}"
