"""Random selections over the compiled part of the schema answer the same through the compiled path and the resolvers.

Fields, aliases, inline fragments, named fragments, nested levels and variables are drawn by
hypothesis over ``shaper.FIELDS``, on the seeds and on a small synthetic corpus.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type, is_abstract_type, is_leaf_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compiled import Both

from humasgraph.api.shaper import ARGUMENTS, FIELDS
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

REPO = Path(__file__).resolve().parents[2]
MAX_ALIASES = 25
ROOTS = ("events", "people", "agencies", "posts", "statements", "articles")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Both, list[str]]]:
    """The seeds and 80 synthetic articles in one store, with some entity IRIs to ask ``node`` for."""
    services = Services.open(Settings(store=str(tmp_path_factory.mktemp("corpus") / "store")))
    assert {o.status for o in services.import_paths([REPO / "seeds" / "articles"])} == {"imported"}
    docs = list(generate(80, 7))
    outcomes = list(services.importer.import_loaded(Loaded(d, d.index(d.article.url), d.article.url) for d in docs))
    assert {o.status for o in outcomes} == {"imported"}
    both = Both(services)
    found = both.run(both.resolvers, "{ " + " ".join(f"{r}(first: 6) {{ nodes {{ id }} }}" for r in ROOTS) + " }", None)
    iris = [n["id"] for r in ROOTS for n in found["data"][r]["nodes"]]
    yield both, iris
    services.close()


class Draw:
    """Builds one random document: the operation, its fragments and its variables."""

    def __init__(self, draw: Any, schema: Any) -> None:
        self.draw = draw
        self.schema = schema
        self.fragments: list[str] = []
        self.variables: dict[str, Any] = {}
        self.definitions: list[str] = []
        self.n = 0
        self.aliases = 0  # at most MAX_ALIASES: the server refuses more (max_aliases)

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def selection(self, typ: GraphQLObjectType, depth: int, shared: frozenset[str] = frozenset()) -> str:
        """Some fields of ``typ``; those in ``shared`` (also asked of a sibling type) get an alias of their own."""
        names = sorted(f for f in FIELDS[typ.name] if f in typ.fields)
        chosen = self.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True))
        parts = []
        for f in chosen:
            if f in shared and f != "id":
                alias = self.alias(f"{typ.name}_{f}")
                if alias:  # past the aliases allowed, a field shared with a sibling type is left out
                    parts.append(alias + self.field(typ, f, depth, True))
            else:
                parts.append(self.field(typ, f, depth))
        if not parts or self.draw(st.booleans()):
            parts.append("__typename")
        body = " ".join(parts)
        how = self.draw(st.sampled_from(["plain", "inline", "fragment"]))
        if how == "inline":
            return f"... on {typ.name} {{ {body} }}"
        if how == "fragment":
            name = self.name("F")
            self.fragments.append(f"fragment {name} on {typ.name} {{ {body} }}")
            return f"...{name}"
        return body

    def alias(self, name: str) -> str:
        self.aliases += 1
        return f"{name}: " if self.aliases <= MAX_ALIASES else ""

    def field(self, typ: GraphQLObjectType, name: str, depth: int, aliased: bool = False) -> str:
        alias = self.alias(self.name("a")) if not aliased and self.draw(st.integers(0, 5)) == 0 else ""
        named: GraphQLNamedType = get_named_type(typ.fields[name].type)
        if not is_leaf_type(named) and depth <= 0:
            return "__typename" if not alias else f"{alias}__typename"
        args = self.arguments(typ.name, name)
        if is_leaf_type(named):
            return f"{alias}{name}{args}"
        if is_abstract_type(named):
            possible = [t for t in self.schema.get_possible_types(named) if t.name in FIELDS]
            shown = self.draw(st.lists(st.sampled_from(possible), min_size=1, max_size=3, unique_by=lambda t: t.name))
            inner = " ".join(f"... on {t.name} {{ {self.selection(t, depth - 1, _shared(shown))} }}" for t in shown)
            return f"{alias}{name}{args} {{ __typename {inner} }}"
        return f"{alias}{name}{args} {{ {self.selection(named, depth - 1)} }}"

    def arguments(self, typ: str, name: str) -> str:
        allowed = ARGUMENTS.get((typ, name), frozenset())
        if "at" in allowed and self.draw(st.booleans()):
            var = self.name("at")
            self.definitions.append(f"${var}: Date")
            self.variables[var] = self.draw(st.dates(dt.date(2016, 1, 1), dt.date(2026, 1, 1))).isoformat()
            return f"(at: ${var})"
        if "first" in allowed:
            var = self.name("first")
            self.definitions.append(f"${var}: Int")
            self.variables[var] = self.draw(st.integers(0, 3))
            order = self.draw(st.sampled_from(["", ", orderBy: {by: NAME}", ", orderBy: {by: NAME, direction: DESC}"]))
            return f"(first: ${var}{order if name in ('events', 'people', 'agencies') else ''})"
        return ""


def _shared(types: list[GraphQLObjectType]) -> frozenset[str]:
    """Field names more than one of ``types`` has (asked of each, they would conflict without aliases)."""
    seen: dict[str, int] = {}
    for t in types:
        for f in t.fields:
            seen[f] = seen.get(f, 0) + 1
    return frozenset(f for f, n in seen.items() if n > 1)


@st.composite
def documents(draw: Any, schema: Any, iris: list[str]) -> tuple[str, dict[str, Any]]:
    d = Draw(draw, schema)
    query = schema.query_type
    roots = []
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.booleans()):
            var = d.name("id")
            d.definitions.append(f"${var}: ID!")
            d.variables[var] = draw(st.sampled_from(iris))
            possible = [t for t in schema.get_possible_types(schema.get_type("Node")) if t.name in FIELDS]
            shown = draw(st.lists(st.sampled_from(possible), min_size=1, max_size=3, unique_by=lambda t: t.name))
            inner = " ".join(f"... on {t.name} {{ {d.selection(t, 3, _shared(shown))} }}" for t in shown)
            roots.append(f"{d.name('n')}: node(id: ${var}) {{ __typename {inner} }}")
        else:
            root = draw(st.sampled_from(ROOTS))
            connection = get_named_type(query.fields[root].type)
            inner = d.selection(connection, 3)
            roots.append(f"{d.name('r')}: {root}{d.arguments('Query', root)} {{ {inner} }}")
    head = f"query Q({', '.join(d.definitions)})" if d.definitions else "query Q"
    return " ".join([head, "{", *roots, "}", *d.fragments]), d.variables


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data())
def test_random_selections_answer_alike(corpus: tuple[Both, list[str]], data: st.DataObject) -> None:
    both, iris = corpus
    query, variables = data.draw(documents(both.compiled._schema, iris))
    answered, failures = both.plans.answered, both.plans.failures
    ours, theirs = both.both(query, variables)
    assert ours == theirs, query
    assert "errors" not in ours, (query, ours)
    assert both.plans.failures == failures, query
    # A node of a kind the compiled path does not shape (a tenure) falls back at run time: still the same answer.
    assert both.plans.answered in (answered, answered + 1)
