"""Reading input files (import and extraction): regular files only, at most a set size, as UTF-8 text.

Every file ``humasgraph import`` or ``extract`` is given is read here first, so that a FIFO
(which would block forever), a device (``/dev/zero`` never ends) or a file larger than the
limit is refused at once, with one line naming it, before anything parses it. At most
``max_file_bytes + 1`` bytes are read, however large the file claims or turns out to be.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import FieldError, ValidationFailed

__all__ = ["DEFAULT_MAX_FILE_BYTES", "RawInput", "SourceMeta", "read_bytes", "read_input", "shown"]

# The largest curated document seen is ~60 KB; parsing YAML runs at ~1 MB/s, so 4 MB is ~5 s.
DEFAULT_MAX_FILE_BYTES = 4_000_000

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def shown(path: Path | str) -> str:
    """A file name fit for a one-line message: control characters (a newline) escaped."""
    text = str(path)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: json.dumps(m.group())[1:-1] if m.group() in "\n\r\t" else f"\\x{ord(m.group()):02x}",
                        text)


@dataclass(frozen=True)
class SourceMeta:
    """What a raw article's sibling ``<stem>.meta.json`` says about it."""

    url: str | None = None
    published: dt.date | None = None
    publisher: str | None = None


@dataclass(frozen=True)
class RawInput:
    """One input file read and decoded: what the importer (here or in a server) parses or extracts."""

    source: str
    suffix: str
    text: str
    meta: SourceMeta | None = None

    def to_json(self) -> dict[str, object]:
        meta = None
        if self.meta is not None:
            meta = {"url": self.meta.url, "publisher": self.meta.publisher,
                    "published": self.meta.published.isoformat() if self.meta.published else None}
        return {"source": self.source, "suffix": self.suffix, "text": self.text, "meta": meta}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> RawInput:
        meta = data.get("meta")
        parsed = None
        if isinstance(meta, dict):
            published = meta.get("published")
            parsed = SourceMeta(meta.get("url") if isinstance(meta.get("url"), str) else None,  # type: ignore[arg-type]
                                 dt.date.fromisoformat(published) if isinstance(published, str) else None,
                                 meta.get("publisher") if isinstance(meta.get("publisher"), str) else None)  # type: ignore[arg-type]
        return cls(str(data["source"]), str(data["suffix"]), str(data["text"]), parsed)


def read_bytes(path: Path, max_bytes: int, source: str | None = None) -> bytes:
    """The bytes of a regular file of at most ``max_bytes``; ``ValidationFailed`` naming it otherwise."""
    source = source or shown(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever before fstat can refuse it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ValidationFailed(source, [FieldError("", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise ValidationFailed(source, [FieldError("", f"{kind}, not a regular file: refused")])
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ValidationFailed(source, [FieldError("", f"cannot read: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)
    if size > max_bytes:
        raise ValidationFailed(source, [FieldError("", f"larger than {max_bytes:,} bytes, the limit per file "
                                                       f"(setting max_file_bytes)")])
    return b"".join(chunks)


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> RawInput:
    """Read one input file (and a raw article's ``.meta.json``) into text; nothing is parsed yet."""
    source = shown(path)
    suffix = path.suffix.lower()
    raw = read_bytes(path, max_bytes, source)
    if suffix in (".txt", ".html", ".htm"):
        return RawInput(source, suffix, _article_text(raw, source), _meta(path, max_bytes))
    return RawInput(source, suffix, _document_text(raw, source))


def _document_text(raw: bytes, source: str) -> str:
    if b"\x00" in raw[:8192]:
        wide = _wide_encoding(raw[:8192])
        problem = f"encoded as {wide}, expected UTF-8" if wide else "a binary file, not a YAML or JSON document"
        raise ValidationFailed(source, [FieldError("", problem)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(source, [FieldError("", f"not UTF-8 text (byte {exc.start})")]) from None


def _article_text(raw: bytes, source: str) -> str:
    if not raw.strip():
        raise ValidationFailed(source, [FieldError("", "the file is empty")])
    if b"\x00" in raw[:8192]:
        raise ValidationFailed(source, [FieldError("", "a binary file, not text (it holds NUL bytes)")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(source, [FieldError(
            "", f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start} (save it as UTF-8)")]) from None


def _wide_encoding(head: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when ``head`` (which holds NUL bytes) looks like text in one, else None."""
    import codecs  # noqa: PLC0415

    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16"
    # Without a byte order mark: ASCII text in UTF-16 has a NUL in every other byte.
    even, odd = head[0::2], head[1::2]
    if len(head) >= 8 and (even.count(0) == len(even) or odd.count(0) == len(odd)):
        return "UTF-16"
    return None


def _meta(path: Path, max_bytes: int) -> SourceMeta | None:
    meta_path = path.with_name(f"{path.stem}.meta.json")
    if not meta_path.exists():
        return None
    source = shown(meta_path)
    raw = read_bytes(meta_path, max_bytes, source)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ValidationFailed(source, [FieldError("", f"not readable JSON: {exc}")]) from None
    if not isinstance(data, dict):
        raise ValidationFailed(source, [FieldError("", "expected a JSON object with url/published/publisher")])
    url = data.get("url") if isinstance(data.get("url"), str) and _URL.match(data["url"]) else None
    published = None
    if data.get("published"):
        try:
            published = dt.date.fromisoformat(str(data["published"])[:10])
        except ValueError:
            raise ValidationFailed(source, [FieldError("published", f"not a date: {data['published']!r}")]) from None
    publisher = data.get("publisher") if isinstance(data.get("publisher"), str) else None
    return SourceMeta(url, published, publisher)
