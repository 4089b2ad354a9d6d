"""``links.first`` (the store orders and cuts) answers the head of ``links.linked`` (Python orders all)."""

from __future__ import annotations

import pytest

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
        assert links.first(corpus.store, link, parent, limit) == full[parent][:limit], (link, parent)


def test_positions_order_as_numbers(corpus: Services) -> None:
    [event] = [r["e"].value for r in corpus.store.select(
        'SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e <http://schema.org/name> "Rapat Panjang" } }')]
    head = links.first(corpus.store, "event.statements", event, 12)
    texts = [corpus.records("statement", [s])[s].text for s in head]  # type: ignore[attr-defined]
    assert texts == [f"Kalimat nomor {i}" for i in range(12)]
    assert links.first(corpus.store, "event.statements", event, 11) == links.linked(
        corpus.store, "event.statements", [event])[event][:11]
