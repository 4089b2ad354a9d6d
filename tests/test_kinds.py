"""The table of kinds (``humasgraph.model.kinds``) is the one declaration the store, the API and the counts agree on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from humasgraph.model.kinds import KIND_OF_CLASS, KINDS, class_of, classes, kind_of
from humasgraph.model.vocab import ORG, SCHEMA
from humasgraph.services import Services

SDL = (Path(__file__).resolve().parents[1] / "schema" / "humasgraph.graphql").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_is_a_graphql_type(kind: str) -> None:
    assert re.search(rf"^type {KINDS[kind].graphql} \b", SDL, re.MULTILINE), KINDS[kind].graphql


def test_the_root_lists_are_named_by_the_plurals() -> None:
    (query,) = re.findall(r"^type Query \{\n(.*?)^\}", SDL, re.MULTILINE | re.DOTALL)
    fields = set(re.findall(r"^  (\w+)", query, re.MULTILINE))
    assert {"people", "agencies", "posts", "events", "statements", "articles"} <= fields
    assert fields & {k.plural for k in KINDS.values()} == {"people", "agencies", "posts", "events", "statements",
                                                          "articles"}


def test_the_counts_are_keyed_by_the_plurals(seeded: Services) -> None:
    counted = seeded.stats()
    assert {k.plural for k in KINDS.values()} <= set(counted)
    assert counted["people"] == 3 and counted["events"] == 1


@pytest.mark.parametrize(("types", "among", "kind"), [
    ([SCHEMA.Person.value], None, "person"),
    ([SCHEMA.Organization.value], None, "agency"),
    # A post is an organisation's too in some data: the more specific kind wins, whatever the order.
    ([ORG.Organization.value, ORG.Post.value], None, "post"),
    ([ORG.Organization.value, ORG.Post.value], ("person", "agency"), "agency"),
    ([SCHEMA.Thing.value], None, None),
    ([], None, None),
])
def test_kind_of_takes_the_most_specific_kind(types: list[str], among: tuple[str, ...] | None,
                                              kind: str | None) -> None:
    assert kind_of(types, among) == kind


def test_every_class_maps_back_to_its_kind() -> None:
    for k in KINDS.values():
        assert all(KIND_OF_CLASS[c.value] == k.name for c in k.classes)
    assert classes("person", "post") == {SCHEMA.Person.value: "person", ORG.Post.value: "post"}


def test_an_unknown_kind_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"kind='persons': expected one of person, post, .*agency"):
        class_of("persons")
