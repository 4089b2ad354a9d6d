"""A SHACL shapes graph compiled into fast checks: the supported SHACL Core subset, and what each value test says.

``Compiler`` turns the triples of ``schema/shapes.ttl`` into ``NodeShape``s and refuses (``ConfigError``)
what the checker could not check; ``Data`` indexes the quads being checked. ``shapes.Shapes`` runs them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode

from ..errors import ConfigError

if TYPE_CHECKING:
    from .shapes import Data

from ..model.vocab import RDF, RDFS, XSD, compact

__all__ = ["Check", "Compiler", "NodeShape", "PropertyShape", "Value", "curie", "focus_text", "show"]

SH = "http://www.w3.org/ns/shacl#"
TYPE = RDF.type
_FIRST, _REST, _NIL = RDF.first, RDF.rest, RDF.nil

Node = NamedNode | BlankNode
Value = NamedNode | BlankNode | Literal
# A value check: a fast test, and what to say about a value that fails it.
Test = Callable[[Value, "Data"], bool]
Check = tuple[Test, Callable[[Value, "Data"], str]]

# Predicates outside the SHACL namespace are annotations; these SHACL ones are too.
_ANNOTATIONS = frozenset({"name", "description", "order", "group"})
_NODE_KEYS = frozenset({"targetClass", "property", "nodeKind", "message", "severity"}) | _ANNOTATIONS
_VALUE_KEYS = frozenset({"datatype", "class", "nodeKind", "in"})
_PROPERTY_KEYS = (frozenset({"path", "minCount", "maxCount", "minLength", "maxLength", "pattern",
                             "flags", "or", "message", "severity"}) | _VALUE_KEYS | _ANNOTATIONS)
_OR_MEMBER_KEYS = _VALUE_KEYS | _ANNOTATIONS
_SHAPE_TYPES = frozenset({SH + "NodeShape", SH + "PropertyShape", SH + "Shape"})
_SINGLE = frozenset({"path", "minCount", "maxCount", "minLength", "maxLength", "pattern", "flags",
                     "nodeKind", "datatype", "in", "severity"})
_REGEX_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}

_NODE_KINDS: dict[str, tuple[type, ...]] = {
    "IRI": (NamedNode,),
    "BlankNode": (BlankNode,),
    "Literal": (Literal,),
    "BlankNodeOrIRI": (BlankNode, NamedNode),
    "BlankNodeOrLiteral": (BlankNode, Literal),
    "IRIOrLiteral": (NamedNode, Literal),
}


def _valid_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?", text))


def _valid_datetime(text: str) -> bool:
    if not re.fullmatch(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", text):
        return False
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


# Lexical forms of the datatypes our data uses; a literal of another datatype is checked by
# its datatype IRI alone.
_LEXICAL: dict[str, Callable[[str], bool]] = {
    XSD.date.value: _valid_date,
    XSD.dateTime.value: _valid_datetime,
    XSD.integer.value: lambda t: re.fullmatch(r"[+-]?\d+", t) is not None,
    XSD.nonNegativeInteger.value: lambda t: re.fullmatch(r"\+?\d+|-0+", t) is not None,
    XSD.decimal.value: lambda t: re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", t) is not None,
    XSD.boolean.value: lambda t: t in ("true", "false", "1", "0"),
}


def curie(node: NamedNode) -> str:
    """``schema:name`` for a term of a known vocabulary, else the IRI in angle brackets."""
    iri = node.value
    short = compact(iri)
    if short is not None:
        return short
    if iri.startswith(SH):
        return "sh:" + iri[len(SH):]
    return f"<{iri}>"


def show(value: Value) -> str:
    if isinstance(value, NamedNode):
        return curie(value)
    if isinstance(value, BlankNode):
        return f"_:{value.value}"
    text = value.value if len(value.value) <= 60 else value.value[:57] + "..."
    if value.language:
        return f"{text!r}@{value.language}"
    if value.datatype == XSD.string:
        return repr(text)
    return f"{text!r}^^{curie(value.datatype)}"


def focus_text(node: Node) -> str:
    return node.value if isinstance(node, NamedNode) else f"_:{node.value}"




@dataclass(frozen=True)
class PropertyShape:
    path: NamedNode
    where: str  # the property's curie, for FieldError paths
    min_count: int
    max_count: int | None
    checks: tuple[Check, ...]
    message: str | None


@dataclass(frozen=True)
class NodeShape:
    name: str
    targets: tuple[NamedNode, ...]
    node_kind: tuple[type, ...] | None
    node_kind_name: str
    properties: tuple[PropertyShape, ...]
    message: str | None


class Compiler:
    """Turns the triples of a shapes graph into ``NodeShape``s, refusing what it cannot check."""

    def __init__(self, triples: list[tuple[Any, NamedNode, Any]], source: str) -> None:
        self.source = source
        self.graph: dict[Any, dict[str, list[Any]]] = {}
        for s, p, o in triples:
            self.graph.setdefault(s, {}).setdefault(p.value, []).append(o)
        self.visited: set[Any] = set()

    def fail(self, node: Any, what: str) -> ConfigError:
        name = curie(node) if isinstance(node, NamedNode) else "a blank shape"
        return ConfigError(f"{self.source}: shape {name}: {what}")

    def sh(self, node: Any, allowed: frozenset[str], kind: str) -> dict[str, list[Any]]:
        """The SHACL predicates of ``node`` (local name → objects); anything unsupported raises."""
        out: dict[str, list[Any]] = {}
        for pred, objects in self.graph.get(node, {}).items():
            if not pred.startswith(SH):
                continue
            local = pred[len(SH):]
            if local not in allowed:
                raise self.fail(node, f"sh:{local} is not supported in a {kind} by humasgraph's "
                                      f"SHACL checker (supported: {', '.join('sh:' + k for k in sorted(allowed))})")
            if local in _SINGLE and len(objects) > 1:
                raise self.fail(node, f"sh:{local} is given {len(objects)} times; expected once")
            out[local] = objects
        self.visited.add(node)
        return out

    def compile(self) -> list[NodeShape]:
        roots = [s for s, props in self.graph.items()
                 if any(o.value in _SHAPE_TYPES for o in props.get(TYPE.value, ()) if isinstance(o, NamedNode))
                 or any(p.startswith(SH + "target") for p in props)]
        referenced = {o for props in self.graph.values() for o in props.get(SH + "property", ())}
        shapes = []
        for node in roots:
            if node in referenced:
                continue  # a property shape, compiled with the node shape that uses it
            types = {o.value for o in self.graph[node].get(TYPE.value, ())}
            if RDFS.Class.value in types or "http://www.w3.org/2002/07/owl#Class" in types:
                raise self.fail(node, "implicit class targets (a shape that is also a class) are not supported")
            if SH + "path" in self.graph[node] or SH + "PropertyShape" in types:
                raise self.fail(node, "a property shape must be used through sh:property of a node shape")
            shapes.append(self.node_shape(node))
        for node, props in self.graph.items():
            if node not in self.visited and any(p.startswith(SH) for p in props):
                raise self.fail(node, "uses SHACL terms but is not reached from any node shape "
                                      "(only sh:targetClass targets are supported)")
        return shapes

    def node_shape(self, node: Any) -> NodeShape:
        if not isinstance(node, NamedNode):
            raise self.fail(node, "a node shape must be named by an IRI")
        sh = self.sh(node, _NODE_KEYS, "node shape")
        targets = tuple(self.iri(node, "targetClass", o) for o in sh.get("targetClass", ()))
        if not targets:
            raise self.fail(node, "has no sh:targetClass, so it would check nothing")
        self.severity(node, sh)
        props = tuple(self.property_shape(node, p) for p in sh.get("property", ()))
        kind_name = curie(sh["nodeKind"][0]) if "nodeKind" in sh else ""
        return NodeShape(curie(node), targets, self.node_kind(node, sh), kind_name, props, self.message(sh))

    def property_shape(self, owner: Any, node: Any) -> PropertyShape:
        sh = self.sh(node, _PROPERTY_KEYS, "property shape")
        if "path" not in sh:
            raise self.fail(owner, "a property shape has no sh:path")
        path = sh["path"][0]
        if not isinstance(path, NamedNode):
            raise self.fail(owner, "sh:path must be an IRI; property paths are not supported")
        self.severity(owner, sh)
        checks = list(self.value_checks(owner, sh))
        if "minLength" in sh or "maxLength" in sh:
            checks.append(self.length_check(owner, sh))
        if "pattern" in sh:
            checks.append(self.pattern_check(owner, sh))
        elif "flags" in sh:
            raise self.fail(owner, "sh:flags without sh:pattern")
        if "or" in sh:
            checks.append(self.or_check(owner, sh))
        return PropertyShape(path, curie(path), self.count(owner, sh, "minCount") or 0,
                         self.count(owner, sh, "maxCount"), tuple(checks), self.message(sh))

    # --- the parts of a shape -------------------------------------------------------------------

    def iri(self, owner: Any, key: str, value: Any) -> NamedNode:
        if not isinstance(value, NamedNode):
            raise self.fail(owner, f"sh:{key} must be an IRI, got {value}")
        return value

    def count(self, owner: Any, sh: dict[str, list[Any]], key: str) -> int | None:
        if key not in sh:
            return None
        value = sh[key][0]
        if not isinstance(value, Literal) or not re.fullmatch(r"\+?\d+", value.value):
            raise self.fail(owner, f"sh:{key} must be a non-negative integer, got {value}")
        return int(value.value)

    def message(self, sh: dict[str, list[Any]]) -> str | None:
        messages = [m for m in sh.get("message", ()) if isinstance(m, Literal)]
        for m in messages:
            if m.language == "en":
                return str(m.value)
        plain = [m for m in messages if not m.language]
        return str((plain or messages)[0].value) if messages else None

    def severity(self, owner: Any, sh: dict[str, list[Any]]) -> None:
        for value in sh.get("severity", ()):
            if value != NamedNode(SH + "Violation"):
                raise self.fail(owner, f"sh:severity {value} is not supported (only sh:Violation)")

    def node_kind(self, owner: Any, sh: dict[str, list[Any]]) -> tuple[type, ...] | None:
        if "nodeKind" not in sh:
            return None
        value = sh["nodeKind"][0]
        kind = value.value[len(SH):] if isinstance(value, NamedNode) and value.value.startswith(SH) else None
        if kind not in _NODE_KINDS:
            raise self.fail(owner, f"sh:nodeKind {value} is not a SHACL node kind "
                                   f"(expected one of {', '.join('sh:' + k for k in _NODE_KINDS)})")
        return _NODE_KINDS[kind]

    def rdf_list(self, owner: Any, head: Any, key: str) -> list[Any]:
        items: list[Any] = []
        seen = set()
        node = head
        while node != _NIL:
            props = self.graph.get(node, {})
            if node in seen or _FIRST.value not in props or _REST.value not in props:
                raise self.fail(owner, f"sh:{key} must be a well-formed RDF list")
            seen.add(node)
            self.visited.add(node)
            items.append(props[_FIRST.value][0])
            node = props[_REST.value][0]
        return items

    def value_checks(self, owner: Any, sh: dict[str, list[Any]]) -> list[Check]:
        checks: list[Check] = []
        if "datatype" in sh:
            checks.append(_datatype_check(self.iri(owner, "datatype", sh["datatype"][0])))
        for cls in sh.get("class", ()):
            checks.append(_class_check(self.iri(owner, "class", cls)))
        kinds = self.node_kind(owner, sh)
        if kinds is not None:
            checks.append(_kind_check(kinds, sh["nodeKind"][0]))
        if "in" in sh:
            checks.append(_in_check(self.rdf_list(owner, sh["in"][0], "in")))
        return checks

    def length_check(self, owner: Any, sh: dict[str, list[Any]]) -> Check:
        low, high = self.count(owner, sh, "minLength"), self.count(owner, sh, "maxLength")
        lo, hi = low or 0, high if high is not None else float("inf")

        def test(value: Value, data: Data) -> bool:
            return not isinstance(value, BlankNode) and lo <= len(value.value) <= hi

        def describe(value: Value, data: Data) -> str:
            if isinstance(value, BlankNode):
                return f"{show(value)} is a blank node, which has no length"
            n = len(value.value)
            bound = f"at least {low}" if n < lo else f"at most {high}"
            return f"{show(value)} has {n} characters, expected {bound}"

        return test, describe

    def pattern_check(self, owner: Any, sh: dict[str, list[Any]]) -> Check:
        pattern = sh["pattern"][0]
        flags = 0
        for flag in (sh["flags"][0].value if "flags" in sh else ""):
            if flag not in _REGEX_FLAGS:
                raise self.fail(owner, f"sh:flags {flag!r} is not supported (supported: {''.join(_REGEX_FLAGS)})")
            flags |= _REGEX_FLAGS[flag]
        try:
            regex = re.compile(pattern.value, flags)
        except re.error as exc:
            raise self.fail(owner, f"sh:pattern {pattern.value!r} is not a valid regular expression: {exc}") from None

        def test(value: Value, data: Data) -> bool:
            return not isinstance(value, BlankNode) and regex.search(value.value) is not None

        def describe(value: Value, data: Data) -> str:
            return f"{show(value)} does not match {pattern.value!r}"

        return test, describe

    def or_check(self, owner: Any, sh: dict[str, list[Any]]) -> Check:
        alternatives: list[tuple[Check, ...]] = []
        names: list[str] = []
        for member in self.rdf_list(owner, sh["or"][0], "or"):
            if isinstance(member, Literal):
                raise self.fail(owner, "sh:or members must be shapes")
            member_sh = self.sh(member, _OR_MEMBER_KEYS, "member of sh:or")
            checks = tuple(self.value_checks(owner, member_sh))
            if not checks:
                raise self.fail(owner, "a member of sh:or has no constraint")
            alternatives.append(checks)
            names.append(" and ".join(_describe(k, v) for k, v in member_sh.items() if k in _VALUE_KEYS))
        expected = " or ".join(names)

        def test(value: Value, data: Data) -> bool:
            return any(all(t(value, data) for t, _ in checks) for checks in alternatives)

        def describe(value: Value, data: Data) -> str:
            return f"{show(value)} is none of: {expected}"

        return test, describe


def _describe(key: str, values: list[Any]) -> str:
    if key == "in":
        return "one of a list"
    return f"sh:{key} " + "/".join(show(v) for v in values)


def _datatype_check(datatype: NamedNode) -> Check:
    lexical = _LEXICAL.get(datatype.value)
    name = curie(datatype)

    def test(value: Value, data: Data) -> bool:
        return (isinstance(value, Literal) and value.datatype == datatype
                and (lexical is None or lexical(value.value)))

    def describe(value: Value, data: Data) -> str:
        if isinstance(value, Literal) and value.datatype == datatype:
            return f"{show(value)} is not a valid {name}"
        return f"{show(value)} is not a literal of datatype {name}"

    return test, describe


def _class_check(cls: NamedNode) -> Check:
    name = curie(cls)

    def test(value: Value, data: Data) -> bool:
        return not isinstance(value, Literal) and data.is_instance(value, cls)

    def describe(value: Value, data: Data) -> str:
        if isinstance(value, Literal):
            return f"{show(value)} is a literal, expected an instance of {name}"
        types = data.types(value)
        typed = ", ".join(show(t) for t in types) if types else "no type in this graph"
        return f"{show(value)} is not a {name} (it has {typed})"

    return test, describe


def _kind_check(kinds: tuple[type, ...], kind: NamedNode) -> Check:
    name = curie(kind)

    def test(value: Value, data: Data) -> bool:
        return isinstance(value, kinds)

    def describe(value: Value, data: Data) -> str:
        return f"{show(value)} is not of node kind {name}"

    return test, describe


def _in_check(allowed: list[Any]) -> Check:
    members = frozenset(allowed)
    shown = ", ".join(show(v) for v in allowed)

    def test(value: Value, data: Data) -> bool:
        return value in members

    def describe(value: Value, data: Data) -> str:
        return f"{show(value)} is not one of {shown}"

    return test, describe
