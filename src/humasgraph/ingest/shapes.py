"""SHACL shapes of ``schema/shapes.ttl``, compiled once and checked fast on every imported article.

pyshacl takes tens of milliseconds per article, so the importer uses this checker of a SHACL
Core subset instead, and a test compares the two on broken graphs. Whatever ``shapes.ttl``
says beyond that subset is refused with a ``ConfigError``: a constraint the checker would
silently skip is worse than none.

Supported: node shapes with ``sh:targetClass``, ``sh:nodeKind`` and ``sh:property``; property
shapes with an IRI ``sh:path`` and ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:nodeKind``, ``sh:in``, ``sh:minLength``, ``sh:maxLength``, ``sh:pattern``
(with ``sh:flags``), and ``sh:or`` of blank shapes made of value constraints (``sh:class``,
``sh:datatype``, ``sh:nodeKind``, ``sh:in``); ``sh:message`` and ``sh:severity sh:Violation``.
As in SHACL, ``sh:class`` is satisfied through ``rdf:type`` (and ``rdfs:subClassOf``) triples
of the checked quads themselves: the graph builder types every node it refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from ..errors import ConfigError, FieldError
from ..vocab import NS, RDF, RDFS, XSD

__all__ = ["Shapes", "shapes_path"]

SH = "http://www.w3.org/ns/shacl#"
_TYPE = RDF.type
_SUBCLASS = RDFS.subClassOf
_FIRST, _REST, _NIL = RDF.first, RDF.rest, RDF.nil

Node = NamedNode | BlankNode
Value = NamedNode | BlankNode | Literal
# A value check: a fast test, and what to say about a value that fails it.
Test = Callable[[Value, "_Data"], bool]
Check = tuple[Test, Callable[[Value, "_Data"], str]]

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
    best = ""
    for prefix, ns in NS.items():
        if iri.startswith(ns) and len(ns) > len(NS.get(best, "")):
            best = prefix
    if best:
        return f"{best}:{iri[len(NS[best]):]}"
    if iri.startswith(SH):
        return "sh:" + iri[len(SH):]
    return f"<{iri}>"


def _show(value: Value) -> str:
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


def _focus(node: Node) -> str:
    return node.value if isinstance(node, NamedNode) else f"_:{node.value}"


class _Data:
    """The checked quads, grouped by subject, with what is needed to answer sh:class."""

    __slots__ = ("by_subject", "superclasses")

    def __init__(self, triples: Iterable[tuple[Any, NamedNode, Any]]) -> None:
        by_subject: dict[Any, dict[NamedNode, list[Value]]] = {}
        for s, p, o in triples:
            props = by_subject.get(s)
            if props is None:
                by_subject[s] = {p: [o]}
                continue
            values = props.get(p)
            if values is None:
                props[p] = [o]
            elif o not in values:
                values.append(o)
        self.by_subject = by_subject
        self.superclasses: dict[NamedNode, set[NamedNode]] | None = None
        if any(_SUBCLASS in props for props in by_subject.values()):
            self.superclasses = self._closure()

    def _closure(self) -> dict[NamedNode, set[NamedNode]]:
        direct = {s: {o for o in props.get(_SUBCLASS, ()) if isinstance(o, NamedNode)}
                  for s, props in self.by_subject.items() if _SUBCLASS in props}
        closure: dict[NamedNode, set[NamedNode]] = {}
        for cls, supers in direct.items():
            seen: set[NamedNode] = set()
            todo = list(supers)
            while todo:
                sup = todo.pop()
                if sup not in seen:
                    seen.add(sup)
                    todo.extend(direct.get(sup, ()))
            closure[cls] = seen
        return closure

    def types(self, node: Any) -> list[Value]:
        props = self.by_subject.get(node)
        types = props.get(_TYPE, []) if props is not None else []
        if self.superclasses is None:
            return types
        out = list(types)
        for t in types:
            out.extend(self.superclasses.get(t, ()))  # type: ignore[arg-type]
        return out

    def is_instance(self, node: Value, cls: NamedNode) -> bool:
        return cls in self.types(node)


@dataclass(frozen=True)
class _Property:
    path: NamedNode
    where: str  # the property's curie, for FieldError paths
    min_count: int
    max_count: int | None
    checks: tuple[Check, ...]
    message: str | None


@dataclass(frozen=True)
class _NodeShape:
    name: str
    targets: tuple[NamedNode, ...]
    node_kind: tuple[type, ...] | None
    node_kind_name: str
    properties: tuple[_Property, ...]
    message: str | None


class Shapes:
    """Compiled SHACL shapes; ``check`` lists every violation in some quads as field errors."""

    def __init__(self, shapes: Iterable[_NodeShape], source: str) -> None:
        self.source = source
        self.shapes = tuple(shapes)
        by_class: dict[NamedNode, list[_NodeShape]] = {}
        for shape in self.shapes:
            for cls in shape.targets:
                by_class.setdefault(cls, []).append(shape)
        self._by_class = {cls: tuple(found) for cls, found in by_class.items()}

    @classmethod
    def load(cls, path: Path | None = None) -> Shapes:
        """The shapes of ``path`` (default: the shipped ``shapes.ttl``), compiled once and cached."""
        return _load((path or shapes_path()).resolve())

    @classmethod
    def parse(cls, text: str, source: str = "<shapes>") -> Shapes:
        """Compile shapes from Turtle text; ``source`` names it in errors."""
        try:
            triples = [(q.subject, q.predicate, q.object)
                       for q in pyoxigraph.parse(text, format=pyoxigraph.RdfFormat.TURTLE)]
        except SyntaxError as exc:
            raise ConfigError(f"{source}: not valid Turtle: {exc}") from None
        return cls(_Compiler(triples, source).compile(), source)

    @property
    def target_classes(self) -> frozenset[NamedNode]:
        """The classes whose instances are checked."""
        return frozenset(self._by_class)

    def check(self, quads: Iterable[Quad]) -> list[FieldError]:
        """Every violation of the shapes in ``quads`` (read as one graph), in the quads' order."""
        return self.check_triples((q.subject, q.predicate, q.object) for q in quads)

    def check_triples(self, triples: Iterable[tuple[Any, NamedNode, Any]]) -> list[FieldError]:
        """``check`` of (subject, predicate, object) tuples: the graph builder's form, cheaper than quads."""
        data = _Data(triples)
        errors: list[FieldError] = []
        by_class = self._by_class
        for focus, props in data.by_subject.items():
            types = props.get(_TYPE)
            if types is None:
                continue
            if data.superclasses is not None:
                types = data.types(focus)
            matched: list[_NodeShape] = []
            for t in types:
                for shape in by_class.get(t, ()):  # type: ignore[arg-type]
                    if shape not in matched:
                        matched.append(shape)
            for shape in matched:
                self._check_node(shape, focus, props, data, errors)
        return errors

    @staticmethod
    def _check_node(shape: _NodeShape, focus: Any, props: dict[NamedNode, list[Value]], data: _Data,
                    errors: list[FieldError]) -> None:
        if shape.node_kind is not None and not isinstance(focus, shape.node_kind):
            problem = f"{_show(focus)} is not of node kind {shape.node_kind_name}"
            errors.append(FieldError(_focus(focus), _say(shape.message, problem)))
        for prop in shape.properties:
            values = props.get(prop.path, ())
            n = len(values)
            if n < prop.min_count or (prop.max_count is not None and n > prop.max_count):
                if n < prop.min_count:
                    expected = f"at least {prop.min_count}"
                else:
                    expected = f"at most {prop.max_count}"
                shown = ", ".join(_show(v) for v in values[:5]) + (", ..." if n > 5 else "")
                problem = f"expected {expected} value(s), found {n}" + (f": {shown}" if n else "")
                errors.append(FieldError(f"{_focus(focus)} {prop.where}", _say(prop.message, problem)))
            for value in values:
                for test, describe in prop.checks:
                    if not test(value, data):
                        problem = describe(value, data)
                        errors.append(FieldError(f"{_focus(focus)} {prop.where}", _say(prop.message, problem)))


def _say(message: str | None, problem: str) -> str:
    return f"{message} ({problem})" if message else problem


def shapes_path() -> Path:
    """Where the shapes live: packaged with a wheel, or ``schema/shapes.ttl`` in a checkout."""
    package = Path(__file__).resolve().parents[1]  # humasgraph/, this module being in humasgraph/ingest/
    packaged = package / "_schema" / "shapes.ttl"
    if packaged.is_file():
        return packaged
    return package.parents[1] / "schema" / "shapes.ttl"


@lru_cache(maxsize=8)
def _load(path: Path) -> Shapes:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the SHACL shapes: {exc.strerror}") from None
    return Shapes.parse(text, str(path))


# --- compiling ---------------------------------------------------------------------------------


class _Compiler:
    """Turns the triples of a shapes graph into ``_NodeShape``s, refusing what it cannot check."""

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

    def compile(self) -> list[_NodeShape]:
        roots = [s for s, props in self.graph.items()
                 if any(o.value in _SHAPE_TYPES for o in props.get(_TYPE.value, ()) if isinstance(o, NamedNode))
                 or any(p.startswith(SH + "target") for p in props)]
        referenced = {o for props in self.graph.values() for o in props.get(SH + "property", ())}
        shapes = []
        for node in roots:
            if node in referenced:
                continue  # a property shape, compiled with the node shape that uses it
            types = {o.value for o in self.graph[node].get(_TYPE.value, ())}
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

    def node_shape(self, node: Any) -> _NodeShape:
        if not isinstance(node, NamedNode):
            raise self.fail(node, "a node shape must be named by an IRI")
        sh = self.sh(node, _NODE_KEYS, "node shape")
        targets = tuple(self.iri(node, "targetClass", o) for o in sh.get("targetClass", ()))
        if not targets:
            raise self.fail(node, "has no sh:targetClass, so it would check nothing")
        self.severity(node, sh)
        props = tuple(self.property_shape(node, p) for p in sh.get("property", ()))
        kind_name = curie(sh["nodeKind"][0]) if "nodeKind" in sh else ""
        return _NodeShape(curie(node), targets, self.node_kind(node, sh), kind_name, props, self.message(sh))

    def property_shape(self, owner: Any, node: Any) -> _Property:
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
        return _Property(path, curie(path), self.count(owner, sh, "minCount") or 0,
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

        def test(value: Value, data: _Data) -> bool:
            return not isinstance(value, BlankNode) and lo <= len(value.value) <= hi

        def describe(value: Value, data: _Data) -> str:
            if isinstance(value, BlankNode):
                return f"{_show(value)} is a blank node, which has no length"
            n = len(value.value)
            bound = f"at least {low}" if n < lo else f"at most {high}"
            return f"{_show(value)} has {n} characters, expected {bound}"

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

        def test(value: Value, data: _Data) -> bool:
            return not isinstance(value, BlankNode) and regex.search(value.value) is not None

        def describe(value: Value, data: _Data) -> str:
            return f"{_show(value)} does not match {pattern.value!r}"

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

        def test(value: Value, data: _Data) -> bool:
            return any(all(t(value, data) for t, _ in checks) for checks in alternatives)

        def describe(value: Value, data: _Data) -> str:
            return f"{_show(value)} is none of: {expected}"

        return test, describe


def _describe(key: str, values: list[Any]) -> str:
    if key == "in":
        return "one of a list"
    return f"sh:{key} " + "/".join(_show(v) for v in values)


def _datatype_check(datatype: NamedNode) -> Check:
    lexical = _LEXICAL.get(datatype.value)
    name = curie(datatype)

    def test(value: Value, data: _Data) -> bool:
        return (isinstance(value, Literal) and value.datatype == datatype
                and (lexical is None or lexical(value.value)))

    def describe(value: Value, data: _Data) -> str:
        if isinstance(value, Literal) and value.datatype == datatype:
            return f"{_show(value)} is not a valid {name}"
        return f"{_show(value)} is not a literal of datatype {name}"

    return test, describe


def _class_check(cls: NamedNode) -> Check:
    name = curie(cls)

    def test(value: Value, data: _Data) -> bool:
        return not isinstance(value, Literal) and data.is_instance(value, cls)

    def describe(value: Value, data: _Data) -> str:
        if isinstance(value, Literal):
            return f"{_show(value)} is a literal, expected an instance of {name}"
        types = data.types(value)
        typed = ", ".join(_show(t) for t in types) if types else "no type in this graph"
        return f"{_show(value)} is not a {name} (it has {typed})"

    return test, describe


def _kind_check(kinds: tuple[type, ...], kind: NamedNode) -> Check:
    name = curie(kind)

    def test(value: Value, data: _Data) -> bool:
        return isinstance(value, kinds)

    def describe(value: Value, data: _Data) -> str:
        return f"{_show(value)} is not of node kind {name}"

    return test, describe


def _in_check(allowed: list[Any]) -> Check:
    members = frozenset(allowed)
    shown = ", ".join(_show(v) for v in allowed)

    def test(value: Value, data: _Data) -> bool:
        return value in members

    def describe(value: Value, data: _Data) -> str:
        return f"{_show(value)} is not one of {shown}"

    return test, describe
