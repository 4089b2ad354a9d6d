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

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from ..errors import ConfigError, FieldError
from ..model.vocab import RDFS
from .shape_compiler import TYPE, Compiler, NodeShape, Value, focus_text, show

__all__ = ["Data", "Shapes", "shapes_path"]

_SUBCLASS = RDFS.subClassOf


class Data:
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
        types = props.get(TYPE, []) if props is not None else []
        if self.superclasses is None:
            return types
        out = list(types)
        for t in types:
            out.extend(self.superclasses.get(t, ()))  # type: ignore[arg-type]
        return out

    def is_instance(self, node: Value, cls: NamedNode) -> bool:
        return cls in self.types(node)


class Shapes:
    """Compiled SHACL shapes; ``check`` lists every violation in some quads as field errors."""

    def __init__(self, shapes: Iterable[NodeShape], source: str) -> None:
        self.source = source
        self.shapes = tuple(shapes)
        by_class: dict[NamedNode, list[NodeShape]] = {}
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
        return cls(Compiler(triples, source).compile(), source)

    @property
    def target_classes(self) -> frozenset[NamedNode]:
        """The classes whose instances are checked."""
        return frozenset(self._by_class)

    def check(self, quads: Iterable[Quad]) -> list[FieldError]:
        """Every violation of the shapes in ``quads`` (read as one graph), in the quads' order."""
        return self.check_triples((q.subject, q.predicate, q.object) for q in quads)

    def check_triples(self, triples: Iterable[tuple[Any, NamedNode, Any]]) -> list[FieldError]:
        """``check`` of (subject, predicate, object) tuples: the graph builder's form, cheaper than quads."""
        data = Data(triples)
        errors: list[FieldError] = []
        by_class = self._by_class
        for focus, props in data.by_subject.items():
            types = props.get(TYPE)
            if types is None:
                continue
            if data.superclasses is not None:
                types = data.types(focus)
            matched: list[NodeShape] = []
            for t in types:
                for shape in by_class.get(t, ()):  # type: ignore[arg-type]
                    if shape not in matched:
                        matched.append(shape)
            for shape in matched:
                self._check_node(shape, focus, props, data, errors)
        return errors

    @staticmethod
    def _check_node(shape: NodeShape, focus: Any, props: dict[NamedNode, list[Value]], data: Data,
                    errors: list[FieldError]) -> None:
        if shape.node_kind is not None and not isinstance(focus, shape.node_kind):
            problem = f"{show(focus)} is not of node kind {shape.node_kind_name}"
            errors.append(FieldError(focus_text(focus), _say(shape.message, problem)))
        for prop in shape.properties:
            values = props.get(prop.path, ())
            n = len(values)
            if n < prop.min_count or (prop.max_count is not None and n > prop.max_count):
                if n < prop.min_count:
                    expected = f"at least {prop.min_count}"
                else:
                    expected = f"at most {prop.max_count}"
                shown = ", ".join(show(v) for v in values[:5]) + (", ..." if n > 5 else "")
                problem = f"expected {expected} value(s), found {n}" + (f": {shown}" if n else "")
                errors.append(FieldError(f"{focus_text(focus)} {prop.where}", _say(prop.message, problem)))
            for value in values:
                for test, describe in prop.checks:
                    if not test(value, data):
                        problem = describe(value, data)
                        errors.append(FieldError(f"{focus_text(focus)} {prop.where}", _say(prop.message, problem)))


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
