"""Root lists read off the order kept beside the store give exactly the store's own ORDER BY pages."""

from __future__ import annotations

import itertools

import pytest

from humasgraph.derived.orders import SortedIndex
from humasgraph.model.document import Document
from humasgraph.model.vocab import CONCEPT
from humasgraph.queries import lists
from humasgraph.queries.lists import Where
from humasgraph.services import Services
from humasgraph.synthetic import generate


def _undated(i: int) -> Document:
    """An article whose event has no start date, and two events sharing one day (ties by IRI)."""
    return Document.model_validate({
        "article": {"url": f"https://example.org/undated/{i}", "title": f"Tanpa tanggal {i}", "language": "id"},
        "agencies": [{"key": "d", "name": "Dinas Kominfo Kota Semarang", "type": "office"}],
        "events": [{"key": "e", "name": f"Sosialisasi Tanpa Tanggal {i}", "type": "socialization"},
                   {"key": "f", "name": f"Rapat Koordinasi Kembar A{i}", "type": "coordination_meeting",
                    "start": "2021-03-04"},
                   {"key": "g", "name": f"Rapat Koordinasi Kembar B{i}", "type": "coordination_meeting",
                    "start": "2021-03-04"}],
    })


def _filters(kind: str) -> list[str]:
    w = Where(kind)
    if kind == "event":
        return ["", w.concept("type", "event-type", ["coordination_meeting"]),
                w.text("name", "contains", ["koordinasi"]), w.none_of(w.concept("type", "event-type", ["training"])),
                w.text("name", "eq", ["no such event"])]
    return ["", w.text("name", "contains", ["a"])]


def _same_pages(services: Services, index: SortedIndex, kind: str, sort: str) -> int:
    store, compared = services.store, 0
    for where, descending, (offset, limit) in itertools.product(
            _filters(kind), (True, False), ((0, 1), (0, 20), (7, 5), (0, 100), (95, 10))):
        expected = lists.page(store, kind, where, sort=sort, descending=descending, offset=offset, limit=limit)
        got = lists.page_in_order(store, kind, where, lambda n, d=descending: index.first(n, descending=d),
                                  offset=offset, limit=limit)
        assert got == expected, (kind, where, descending, offset, limit)
        compared += 1
    return compared


@pytest.fixture
def corpus(services: Services) -> Services:
    docs = [*generate(80, seed=3), *(_undated(i) for i in range(3))]
    for doc in docs:
        services.importer.import_document(doc, source=doc.article.url)
    return services


@pytest.mark.parametrize(("kind", "sort"), [("event", "start"), ("statement", "date"), ("article", "published")])
def test_pages_read_off_the_order_equal_the_store_order_by(corpus: Services, kind: str, sort: str) -> None:
    index = SortedIndex(corpus.store, kind, sort)
    assert _same_pages(corpus, index, kind, sort) > 0
    assert index.usable and index.builds == 1


def test_the_order_follows_imports_and_retractions(corpus: Services) -> None:
    index = SortedIndex(corpus.store, "event", "start")
    _same_pages(corpus, index, "event", "start")
    for doc in generate(95, seed=3):
        corpus.importer.import_document(doc, source=doc.article.url)  # 15 new, 80 unchanged
    corpus.importer.retract("https://example.org/undated/1")
    corpus.importer.retract(next(iter(generate(1, seed=3))).article.url)
    _same_pages(corpus, index, "event", "start")
    assert index.builds == 1 and index.updates >= 1
    fresh = SortedIndex(corpus.store, "event", "start")
    assert index.first(10_000, descending=True) == fresh.first(10_000, descending=True)
    assert index.first(10_000, descending=False) == fresh.first(10_000, descending=False)


TYPES = ("coordination_meeting", "training", "socialization", "press_conference")


def _same_type_pages(services: Services, index: SortedIndex) -> int:
    """Each type's order gives the pages the store's ORDER BY gives for ``{type: X}``, nothing left to check."""
    compared = 0
    for name, descending, (offset, limit) in itertools.product(TYPES, (True, False), ((0, 1), (0, 20), (7, 5))):
        where = Where("event").concept("type", "event-type", [name])
        facet = CONCEPT[f"event-type/{name.replace('_', '-')}"].value
        expected = lists.page(services.store, "event", where, sort="start", descending=descending, offset=offset,
                              limit=limit)
        got = lists.page_in_order(services.store, "event", "",
                                  lambda n, d=descending, f=facet: index.first(n, descending=d, facet=f),
                                  offset=offset, limit=limit)
        assert got == expected, (name, descending, offset, limit)
        compared += bool(expected.iris)
    return compared


def test_the_order_of_each_type_follows_imports_retractions_and_a_changed_type(corpus: Services) -> None:
    index = SortedIndex(corpus.store, "event", "start")
    assert _same_type_pages(corpus, index) > 0
    docs = list(generate(95, seed=3))
    retyped = docs[10].model_copy(deep=True)
    retyped.events[0].type = next(t for t in type(retyped.events[0].type) if t != retyped.events[0].type)
    for doc in [*docs, retyped]:
        corpus.importer.import_document(doc, source=doc.article.url)  # 15 new, 79 unchanged, one replaced
    corpus.importer.retract("https://example.org/undated/2")
    corpus.importer.retract(docs[0].article.url)
    _same_type_pages(corpus, index)
    assert index.builds == 1 and index.updates >= 1
    fresh = SortedIndex(corpus.store, "event", "start")
    for name in TYPES:
        facet = CONCEPT[f"event-type/{name.replace('_', '-')}"].value
        for descending in (True, False):
            assert index.first(10_000, descending=descending, facet=facet) == \
                fresh.first(10_000, descending=descending, facet=facet)


def test_an_order_kept_by_no_facet_refuses_one(corpus: Services) -> None:
    with pytest.raises(ValueError, match="no facet"):
        SortedIndex(corpus.store, "statement", "date").first(5, descending=True, facet="https://example.org/x")


def test_a_value_that_is_not_a_date_hands_the_page_back_to_the_store(corpus: Services) -> None:
    store = corpus.store
    event = lists.page(store, "event", "", sort="start", descending=True, offset=0, limit=1).iris[0]
    store.update(f'INSERT DATA {{ GRAPH <{store.all_graph.value}> {{ <{event}> '
                 f'<http://schema.org/startDate> "kemarin" }} }}')
    index = SortedIndex(store, "event", "start")
    assert index.first(5, descending=True) is None
    assert lists.page_in_order(store, "event", "", lambda n: index.first(n, descending=True),
                               offset=0, limit=5) is None


def test_a_filter_too_selective_for_the_order_is_left_to_the_store(corpus: Services,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lists, "MAX_CHECKED", 40)
    monkeypatch.setattr(lists, "CHECK_CHUNK", 20)
    index = SortedIndex(corpus.store, "event", "start")
    where = Where("event").text("name", "eq", ["no such event"])
    assert lists.page_in_order(corpus.store, "event", where, lambda n: index.first(n, descending=True),
                               offset=0, limit=5) is None
