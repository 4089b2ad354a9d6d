"""The benchmark's floor reads every fact the flagship GraphQL request answers with (else it is no floor).

``benchmarks/floor.py`` is the one hand-written SPARQL query each flagship request is measured
against. A floor that skips a fact the request must read (a speaker's aliases, a principal's type
for ``__typename``) is cheaper than any honest answer; this test holds it to the same facts: every
name, label, text, URL and date of the answer is among the floor's values, and so is a type for
every ``__typename`` the answer gives.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from test_compiled import Both

from humasgraph.ingest.importer import Loaded
from humasgraph.model.vocab import HG, ORG, SCHEMA
from humasgraph.queries.flagship import event_page
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

REPO = Path(__file__).resolve().parents[2]
# Leaves that are facts as read (enums, counts and derived fields such as a tenure's status are not).
FACTS = {"name", "aliases", "honorificPrefix", "text", "url", "title", "label", "published", "start", "end", "date"}
# A __typename answers from these types in the graph.
TYPES = {"Agency": ORG.Organization, "Person": SCHEMA.Person, "Post": ORG.Post}


def _floor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_floor", REPO / "benchmarks" / "floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_floor"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    services = Services.open(Settings(store=str(tmp_path_factory.mktemp("floor") / "store")))
    docs = list(generate(120, 3))
    outcomes = services.importer.import_loaded(Loaded(d, d.index(d.article.url), d.article.url) for d in docs)
    assert {o.status for o in outcomes} == {"imported"}
    yield services
    services.close()


def _leaves(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v, key)
    elif value is not None:
        yield key, value


def test_the_floor_reads_every_fact_the_flagship_answers(corpus: Services) -> None:
    floor = _floor()
    both = Both(corpus)
    events = event_page(corpus.store, event_type="coordination_meeting", limit=50)
    answers = [both.same(floor.GRAPHQL_ONE, {"id": e.value})["data"]["node"] for e in events]
    rows = corpus.store.select(floor.floor_page_values(corpus.store.all_graph, events))
    values = {term.value for row in rows for term in row.values()}
    facts = {(key, str(v)) for answer in answers for key, v in _leaves(answer) if key in FACTS}
    assert {"aliases", "url", "label"} <= {key for key, _ in facts}  # the corpus has them, so the test can fail
    assert {(key, v) for key, v in facts if v not in values} == set()
    # The organiser, each principal and each statement's author come with the type that names their kind.
    entities = [(row[v].value, row.get(v + "Kind")) for row in rows for v in ("org", "principal", "author") if v in row]
    assert entities and all(kind is not None for _, kind in entities)
    typenames = {a["organizer"]["__typename"] for a in answers if a["organizer"]}
    typenames |= {p["__typename"] for a in answers for s in a["speakers"] for p in [s["onBehalfOf"]] if p}
    typenames |= {st["author"]["__typename"] for a in answers for s in a["speakers"] for st in s["statements"]
                  if st["author"]}
    assert {TYPES[t].value for t in typenames} <= {kind.value for _, kind in entities if kind is not None}


def test_the_floor_reads_what_picks_the_post_and_the_holder_on_the_day(corpus: Services) -> None:
    """``held_on`` picks a speaker's post and a principal post's holder by the tenures' dates, and by the dates
    articles saw a tenure on when it has none: the floor reads those of every tenure it reaches, and the agency of
    each principal post (the answer names it)."""
    floor = _floor()
    store = corpus.store
    events = event_page(store, event_type="coordination_meeting", limit=50)
    rows = store.select(floor.floor_page_values(store.all_graph, events))
    # A speaker's tenures by ?t with their dates in ?tSeen, a principal post's by ?pt with theirs in ?holderSeen.
    seen: dict[tuple[str, str], set[str]] = {}
    for row in rows:
        for tenure, dates in (("t", "tSeen"), ("pt", "holderSeen")):
            if tenure in row:
                seen.setdefault((tenure, row[tenure].value), set()).update(
                    row[dates].value.split() if dates in row else ())
    holders = {row["pt"].value for row in rows if "holderName" in row}
    assert holders  # the corpus has principal posts with holders: the test can fail
    tenures = sorted({t for _, t in seen} | holders)
    found = store.select("SELECT ?t ?d WHERE { GRAPH <" + store.all_graph.value + "> { VALUES ?t { "
                         + " ".join(f"<{t}>" for t in tenures) + " } ?t <" + HG.attestedOn.value + "> ?d } }")
    attested: dict[str, set[str]] = {t: set() for t in tenures}
    for row in found:
        attested[row["t"].value].add(row["d"].value)
    assert any(attested[t] for t in holders)
    assert {t: seen.get(("pt", t), set()) for t in holders} == {t: attested[t] for t in holders}
    assert {key: dates for key, dates in seen.items() if key[0] == "t"} == {
        ("t", t): attested[t] for kind, t in seen if kind == "t"}
    posts = {row["principal"].value for row in rows if "principal" in row and row.get("principalKind") == ORG.Post}
    assert posts
    agencies = store.select("SELECT ?p ?n WHERE { GRAPH <" + store.all_graph.value + "> { VALUES ?p { "
                            + " ".join(f"<{p}>" for p in sorted(posts)) + " } ?p <" + ORG.postIn.value
                            + "> ?a . ?a <" + SCHEMA.name.value + "> ?n } }")
    read = {(row["principal"].value, row["principalAgencyName"].value) for row in rows
            if "principalAgencyName" in row}
    assert agencies and {(row["p"].value, row["n"].value) for row in agencies} <= read
