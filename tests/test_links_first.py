"""``links.first`` (the store orders and cuts) answers the head of ``links.linked`` (Python orders all)."""

from __future__ import annotations

import pytest

from humasgraph import services as services_module
from humasgraph.ingest.importer import Loaded
from humasgraph.model.document import Document
from humasgraph.queries import links
from humasgraph.services import Services
from humasgraph.synthetic import generate


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Services:
    from humasgraph.settings import Settings  # noqa: PLC0415

    services = Services.open(Settings(store=str(tmp_path_factory.mktemp("links") / "store")))
    docs = [*generate(120, 3), Document.model_validate({
        # twelve statements at one event: positions 10 and 11 must order after 9, as numbers
        "article": {"url": "https://example.org/berita/panjang", "title": "Dua belas pernyataan"},
        "people": [{"key": "a", "name": "Budi Santoso"}],
        "events": [{"key": "e", "name": "Rapat Panjang", "type": "meeting", "start": "2021-03-04",
                    "speakers": [{"person": "a"}]}],
        "statements": [{"speaker": "a", "event": "e", "text": f"Kalimat nomor {i}"} for i in range(12)],
    })]
    outcomes = services.importer.import_loaded(Loaded(d, d.index(d.article.url), d.article.url) for d in docs)
    assert {o.status for o in outcomes} == {"imported"}
    return services


@pytest.mark.parametrize("link", sorted(links.LINKS))
@pytest.mark.parametrize("limit", [1, 5, 50])
def test_first_is_the_head_of_linked(corpus: Services, link: str, limit: int) -> None:
    parent_pattern = links.LINKS[link].pattern
    rows = corpus.store.select(f"SELECT DISTINCT ?parent WHERE {{ GRAPH ?g {{ {parent_pattern} }} }} LIMIT 40")
    parents = [r["parent"].value for r in rows if r["parent"].value.startswith("http")]
    assert parents, link
    full = links.linked(corpus.store, link, parents)
    for parent in parents:
        got = links.first(corpus.store, link, parent, limit)
        if "?k" in links.LINKS[link].pattern:
            assert got == full[parent][:limit], (link, parent)
        else:  # no order to keep: any `limit` of the children
            assert len(got) == min(limit, len(full[parent])) and set(got) <= set(full[parent]), (link, parent)


def test_positions_order_as_numbers(corpus: Services) -> None:
    [event] = [r["e"].value for r in corpus.store.select(
        'SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e <http://schema.org/name> "Rapat Panjang" } }')]
    head = links.first(corpus.store, "event.statements", event, 12)
    texts = [corpus.records("statement", [s])[s].text for s in head]  # type: ignore[attr-defined]
    assert texts == [f"Kalimat nomor {i}" for i in range(12)]
    assert links.first(corpus.store, "event.statements", event, 11) == links.linked(
        corpus.store, "event.statements", [event])[event][:11]


@pytest.mark.parametrize("link", ["person.statements", "person.events", "entity.sources"])
@pytest.mark.parametrize("limit", [1, 5, 50])
def test_a_kept_order_answers_as_the_store_orders(corpus: Services, link: str, limit: int,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services_module, "WALK_BUDGET", 10**6)  # every parent walks the kept order to its end
    corpus.warm()  # the kept orders, as a server has them
    pattern = links.LINKS[link].pattern
    rows = corpus.store.select(f"SELECT ?parent (COUNT(DISTINCT ?child) AS ?n) WHERE {{ GRAPH ?g {{ {pattern} }} }} "
                               "GROUP BY ?parent ORDER BY DESC(?n) ?parent LIMIT 30")
    parents = [r["parent"].value for r in rows]
    assert int(rows[0]["n"].value) > 5  # the busiest has more than a short page
    full = links.linked(corpus.store, link, parents)
    for parent in parents:
        assert corpus.linked_first(link, parent, limit) == full[parent][:limit], (link, parent)
