"""Reading an import document from YAML or JSON text: duplicate keys, sizes and every error by line and field path."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    ValidationError,
)

from ..errors import FieldError, ValidationFailed
from ..model.document import MAX_NODES, Document
from ..model.index import Index
from .inputs import DEFAULT_MAX_FILE_BYTES, read_input

__all__ = ["load_document", "parse_document", "validation_failed"]


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _path(loc: tuple[Any, ...]) -> str:
    """A field path: ``people[0].name``; a key that is no identifier (an unknown field) is quoted."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif not _IDENTIFIER.match(str(part)):
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """Field path → 1-based line, from the YAML node tree (JSON reads as YAML for this)."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        # Valid JSON can nest deeper than the YAML composer recurses: report without lines.
        return lines

    def walk(node: yaml.Node, loc: tuple[Any, ...], depth: int) -> None:
        if depth > 20:
            return
        lines[loc] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value
                lines[(*loc, key)] = key_node.start_mark.line + 1
                walk(value_node, (*loc, key), depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i), depth + 1)

    if root is not None:
        walk(root, (), 0)
    return lines


def _line_for(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _field_path_loc(path: str) -> tuple[Any, ...]:
    loc: list[Any] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        if part:
            loc.append(int(part) if part.isdigit() else part)
    return tuple(loc)


def _validation_message(err: Any) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "too_long" and isinstance(value, list):
        limit = err.get("ctx", {}).get("max_length")
        return f"{len(value):,} items, more than the {limit:,} allowed in this list (a limit of the import format)"
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind.startswith(("date_", "enum", "literal")) or "type" in kind or kind.endswith("_parsing"):
        return f"{msg} (got {shown})"
    return msg


def validation_failed(exc: ValidationError, source: str | None,
                      lines: dict[tuple[Any, ...], int] | None = None) -> ValidationFailed:
    """pydantic's errors as ``ValidationFailed``: one line per error, naming the field path (and line)."""
    lines = lines or {}
    return ValidationFailed(source, [FieldError(_path(e["loc"]), _validation_message(e),
                                                _line_for(lines, tuple(e["loc"]))) for e in exc.errors()])


_YAML_SUFFIXES = (".yaml", ".yml")
_JSON_SUFFIXES = (".json",)


Complete = Callable[["Document", str], "Document"]


def parse_document(text: str, source: str, fmt: str | None = None,
                   complete: Complete | None = None) -> tuple[Document, Index]:
    """Parse and validate a document's text; raise ``ValidationFailed`` naming source, line and field.

    ``complete`` (the importer's) may add items for references that only the store answers.
    """
    fmt = fmt or ("json" if source.endswith(_JSON_SUFFIXES) else "yaml")
    if fmt not in ("json", "yaml"):
        raise ValueError(f"fmt={fmt!r}: expected json or yaml")
    if not text.strip():
        raise ValidationFailed(source, [FieldError("", "the file is empty")])
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=_unique_pairs)
        else:
            data = _load_yaml(text, source)
    except _DuplicateKey as exc:
        raise ValidationFailed(source, [_json_duplicate(text, exc.key)]) from None
    except json.JSONDecodeError as exc:
        raise ValidationFailed(source, [FieldError("", f"not valid JSON: {exc.msg}", exc.lineno)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        raise ValidationFailed(source, [FieldError("", f"not valid YAML: {problem}", line)]) from None
    except RecursionError:
        raise ValidationFailed(source, [FieldError("", "nested too deeply")]) from None
    if not isinstance(data, dict):
        raise ValidationFailed(source, [FieldError("", f"expected a mapping with 'article' at the top, "
                                                       f"got {'nothing' if data is None else type(data).__name__}")])
    lines = _line_map(text) if len(text) < 2_000_000 else {}
    try:
        doc = Document.model_validate(data)
    except ValidationError as exc:
        raise validation_failed(exc, source, lines) from None
    except RecursionError:
        raise ValidationFailed(source, [FieldError("", "nested too deeply")]) from None
    try:
        if complete is not None:
            doc = complete(doc, source)
        index = doc.index(source)
    except ValidationFailed as exc:
        errors = [FieldError(e.path, e.message, _line_for(lines, _field_path_loc(e.path))) for e in exc.errors]
        raise ValidationFailed(source, errors) from None
    return doc, index


class _DateSafeLoader(yaml.SafeLoader):
    """A SafeLoader that leaves dates as text, so pydantic reports impossible ones by field."""


_DateSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load_yaml(text: str, source: str) -> Any:
    """YAML text → data, refusing aliases that expand a few lines into millions of values."""
    loader = _DateSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        written = _written_size(node, set())
        if written > MAX_NODES:
            raise ValidationFailed(source, [FieldError("", f"{written:,} values, more than the {MAX_NODES:,} "
                                                           f"a document may hold")])
        size = _expanded_size(node, {})
        if size > MAX_NODES:
            raise ValidationFailed(source, [FieldError("", f"YAML anchors and aliases expand to more than "
                                                           f"{MAX_NODES:,} values")])
        duplicates = _duplicate_keys(node, (), set())
        if duplicates:
            raise ValidationFailed(source, duplicates)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _written_size(node: yaml.Node, seen: set[int]) -> int:
    """How many values the text itself spells out (each node once, aliases not expanded)."""
    if id(node) in seen:
        return 0
    seen.add(id(node))
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_written_size(item, seen) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_written_size(k, seen) + _written_size(v, seen) for k, v in node.value)
    return size


def _duplicate_keys(node: yaml.Node, loc: tuple[Any, ...], seen: set[int]) -> list[FieldError]:
    """Every key a mapping repeats: YAML would keep only the last value, silently losing the others."""
    if id(node) in seen:
        return []
    seen.add(id(node))
    errors: list[FieldError] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                key, line = key_node.value, key_node.start_mark.line + 1
                if key in first:
                    errors.append(FieldError(_path((*loc, key)), f"duplicate key {key!r} (first given on line "
                                                                 f"{first[key]}); a key may appear once", line))
                else:
                    first[key] = line
                errors.extend(_duplicate_keys(value_node, (*loc, key), seen))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            errors.extend(_duplicate_keys(item, (*loc, i), seen))
    return errors


class _DuplicateKey(Exception):  # noqa: N818 - internal signal, never leaves this module
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``json.loads``'s object hook: a key given twice is an error, not a silent overwrite."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _json_duplicate(text: str, key: str) -> FieldError:
    """The error for a key a JSON object repeats, with its field path and line when YAML can read the text."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        root = None
    if root is not None:
        found = _duplicate_keys(root, (), set())
        if found:
            return found[0]
    return FieldError("", f"duplicate key {key!r}; a key may appear once")


def _expanded_size(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values ``node`` becomes once every alias is expanded (shared nodes counted once each time)."""
    if id(node) in sizes:
        return sizes[id(node)]
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(item, sizes) for item in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, sizes) + _expanded_size(v, sizes) for k, v in node.value)
    sizes[id(node)] = size
    return size


def load_document(path: str | os.PathLike[str], complete: Complete | None = None,
                  max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> tuple[Document, Index]:
    """Read and validate a YAML or JSON document file (``inputs.read_input`` refuses what is no file)."""
    raw = read_input(Path(path), max_bytes)
    return parse_document(raw.text, raw.source, "json" if raw.suffix in _JSON_SUFFIXES else "yaml", complete)
