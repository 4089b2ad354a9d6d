"""Projections and metrics: a hand-drawn graph with known answers, and the cache over a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from humasgraph.analytics import (
    Analytics,
    Network,
    agency_tree,
    centrality,
    ego,
    path,
    people_agencies,
    people_events,
    resolve,
    spoke_for,
    top_speakers,
)
from humasgraph.errors import HumasgraphError, NotFound
from humasgraph.queries.projection import Facts
from humasgraph.services import Services


def test_spoke_for_has_one_edge_per_delegate_principal_and_event(hand_drawn: Facts) -> None:
    g = spoke_for(hand_drawn)
    assert list(g.edges(keys=True, data="event_label")) == [("ani", "kadin", "m1", "M1")]


def test_the_other_projections(hand_drawn: Facts) -> None:
    assert sorted(people_events(hand_drawn).edges("budi")) == [("budi", "m1"), ("budi", "m2")]
    assert {(frozenset((u, v)), post) for u, v, post in people_agencies(hand_drawn).edges(data="post")} == {
        (frozenset(("ani", "dinas")), "Kabid"), (frozenset(("eko", "dinas")), "Kepala Dinas")}
    assert list(agency_tree(hand_drawn).edges()) == [("dinas", "pemprov")]


def test_degree_centrality_of_people(hand_drawn: Facts) -> None:
    ranked = centrality(Network.build(hand_drawn), "degree", "person", 10)
    assert [(r.node.label, r.score) for r in ranked] == [
        ("Ani", round(3 / 11, 6)), ("Budi", round(2 / 11, 6)),
        ("Citra", round(1 / 11, 6)), ("Dedi", round(1 / 11, 6)), ("Eko", round(1 / 11, 6))]


def test_betweenness_puts_the_bridge_first(hand_drawn: Facts) -> None:
    ranked = centrality(Network.build(hand_drawn), "betweenness", "person", 5)
    assert [r.node.label for r in ranked[:2]] == ["Ani", "Budi"]
    assert {r.node.label: r.score for r in ranked}["Citra"] == 0


def test_path_reads_in_the_graphs_own_terms(hand_drawn: Facts) -> None:
    hops = path(Network.build(hand_drawn), "Citra", "eko")
    assert [(h.relation, h.node.label) for h in hops] == [
        ("", "Citra"), ("spoke at", "M2"), ("heard", "Budi"), ("spoke at", "M1"), ("heard", "Ani"),
        ("spoke on behalf of (at M1)", "Kepala Dinas"), ("was held by", "Eko")]


def test_path_between_unconnected_people(hand_drawn: Facts) -> None:
    with pytest.raises(NotFound, match="Ani and Dedi are not connected"):
        path(Network.build(hand_drawn), "Ani", "Dedi")


@pytest.mark.parametrize(("depth", "expected"), [
    (1, {"M1", "Kabid", "Kepala Dinas"}),
    (2, {"M1", "Kabid", "Kepala Dinas", "Budi", "Dinas", "Eko"}),
])
def test_ego(hand_drawn: Facts, depth: int, expected: set[str]) -> None:
    found = ego(Network.build(hand_drawn), "ani", depth)
    assert {n.node.label for n in found} == expected
    assert all(n.distance <= depth for n in found)


def test_ego_rejects_a_depth_below_one(hand_drawn: Facts) -> None:
    with pytest.raises(HumasgraphError, match="depth=0"):
        ego(Network.build(hand_drawn), "ani", 0)


@pytest.mark.parametrize(("start", "end", "expected"), [
    (None, None, [("Budi", 3), ("Ani", 2), ("Citra", 1)]),
    (dt.date(2020, 1, 5), dt.date(2020, 1, 9), [("Budi", 2), ("Citra", 1)]),
    (None, dt.date(2020, 1, 1), [("Ani", 2), ("Budi", 1)]),
])
def test_top_speakers(hand_drawn: Facts, start: dt.date | None, end: dt.date | None,
                      expected: list[tuple[str, int]]) -> None:
    ranked = top_speakers(Network.build(hand_drawn), start, end, 10)
    assert [(r.node.label, int(r.score)) for r in ranked] == expected


def test_unknown_metric_lists_the_valid_ones(hand_drawn: Facts) -> None:
    with pytest.raises(HumasgraphError, match="valid: degree, betweenness, pagerank"):
        centrality(Network.build(hand_drawn), "closeness", "person", 3)


def test_the_projection_follows_the_store_generation(seeded: Services, tmp_path: Path) -> None:
    analytics = Analytics(seeded.store)
    first = analytics.network()
    generation = first.generation
    assert analytics.network() is first  # unchanged store: no rebuild
    assert [r.node.label for r in analytics.top_speakers()] == ["Agung Hikmati", "Helmi Hafid", "Ganjar Pranowo"]
    doc = tmp_path / "more.yaml"
    doc.write_text("""
article: {url: "https://example.org/more", title: More}
people: [{key: ganjar, name: Ganjar Pranowo}]
statements:
  - {speaker: ganjar, text: "Satu."}
  - {speaker: ganjar, text: "Dua."}
  - {speaker: ganjar, text: "Tiga."}
""", encoding="utf-8")
    assert [o.status for o in seeded.import_paths([doc])] == ["imported"]
    assert analytics.network().generation != generation  # updated in place from the changed graph
    assert (analytics.builds, analytics.updates) == (1, 1)
    assert analytics.top_speakers(limit=1)[0].node.label == "Ganjar Pranowo"


def test_a_name_that_means_two_nodes_lists_both(hand_drawn: Facts) -> None:
    hand_drawn.people["ani2"] = type(hand_drawn.people["ani"])("ani2", "Ani")
    with pytest.raises(HumasgraphError, match="names 2 nodes"):
        resolve(Network.build(hand_drawn), "Ani")

