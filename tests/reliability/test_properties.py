"""Properties: name keys are idempotent; import → TriG → load is lossless; random documents never crash."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from humasgraph.errors import ValidationFailed
from humasgraph.exports import export
from humasgraph.exports.rdf import restore
from humasgraph.ingest.reading import parse_document
from humasgraph.model.document import Document
from humasgraph.model.names import fold, person_key, split_honorifics
from humasgraph.model.vocab import HG
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store.feed import feed_predicates
from humasgraph.synthetic import generate

from .integrity import problems
from .strategies import document, name_text

SHARED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
ROUNDTRIP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PATH = re.compile(r'^([A-Za-z_][A-Za-z0-9_]*)?(\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*$')


@given(name_text)
@settings(max_examples=400)
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(name_text)
@settings(max_examples=400)
def test_person_key_is_idempotent(text: str) -> None:
    assert person_key(person_key(text)) == person_key(text)


@given(name_text)
@settings(max_examples=400)
def test_split_honorifics_is_idempotent_on_the_name(text: str) -> None:
    name = split_honorifics(text).name
    again = split_honorifics(name)
    assert again.name == name
    assert again.prefix is None and again.suffix is None


@given(document)
@SHARED
def test_random_documents_import_or_fail_by_field(seeded_services: Services, data: dict[str, object]) -> None:
    try:
        doc, _ = parse_document(json.dumps(data), "<random>", "json")
        outcome = seeded_services.importer.import_document(doc, source="<random>")
    except ValidationFailed as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.message.strip()
            assert "\n" not in error.message
            assert PATH.match(error.path), error.path
        return
    assert outcome.status in ("imported", "replaced", "unchanged")


def test_the_random_imports_left_a_consistent_store(seeded_services: Services) -> None:
    # Runs after the property above in this module: whatever it imported is whole.
    assert problems(seeded_services) == []


def _valid(data: dict[str, object]) -> Document | None:
    try:
        doc, _ = parse_document(json.dumps(data), "<random>", "json")
    except ValidationFailed:
        return None
    return doc


def _data(services: Services) -> set[ox.Quad]:
    """Every quad but the store's write token (which says when, not what)."""
    return {q for q in services.store.quads() if q.predicate not in {HG.generation, *feed_predicates()}}


@given(st.integers(0, 10**6), st.lists(document, max_size=3))
@ROUNDTRIP
def test_import_export_restore_gives_the_same_dataset(tmp_path_factory: pytest.TempPathFactory, seed: int,
                                                      datasets: list[dict[str, object]]) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    # Realistic articles from the synthetic corpus, then odd ones that happen to be valid.
    docs = [*generate(3, seed), *(d for d in map(_valid, datasets) if d is not None)]
    first = Services.open(Settings(store=str(folder / "a")))
    try:
        for doc in docs:
            try:
                first.importer.import_document(doc, source="<random>")
            except ValidationFailed:
                continue  # refused by the shapes: nothing written
        out = io.BytesIO()
        export(first, "trig", out)
        original = _data(first)
    finally:
        first.close()
    second = Services.open(Settings(store=str(folder / "b")))
    try:
        restore(second, io.BytesIO(out.getvalue()), "trig")
        # No blank nodes in the graph: isomorphic means equal.
        assert _data(second) == original
        assert problems(second) == []
    finally:
        second.close()


def test_documents_carried_in_an_export_rebuild_the_same_graphs(tmp_path: Path) -> None:
    """The TriG keeps each article's document: importing those into a fresh store gives the same facts."""
    seed = Path(__file__).resolve().parents[2] / "seeds" / "articles"
    first = Services.open(Settings(store=str(tmp_path / "a")))
    try:
        first.import_paths([seed])
        out = io.BytesIO()
        export(first, "trig", out)
        expected = {q for q in first.store.quads() if q.graph_name != first.minter.meta_graph}
    finally:
        first.close()
    loaded = ox.Store()
    loaded.load(out.getvalue(), ox.RdfFormat.TRIG)
    documents = [Document.model_validate(json.loads(q.object.value))
                 for q in loaded.quads_for_pattern(None, HG.sourceDocument, None)]
    assert documents
    second = Services.open(Settings(store=str(tmp_path / "b")))
    try:
        for doc in documents:
            second.importer.import_document(doc)
        rebuilt = {q for q in second.store.quads() if q.graph_name != second.minter.meta_graph}
    finally:
        second.close()
    assert rebuilt == expected
