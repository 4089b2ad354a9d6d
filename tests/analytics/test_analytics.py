"""Projections and metrics: a hand-drawn graph with known answers, and the cache over a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from humasgraph.derived.analytics import Analytics, centrality, ego, pagerank, path, resolve, top_speakers
from humasgraph.derived.graphs import Network, Scope, agency_tree, people_agencies, people_events, spoke_for
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



def _d(day: int) -> dt.date:
    return dt.date(2020, 1, day)


def _ranked(net: Network, scope: Scope, metric: str = "degree", kind: str = "person") -> list[tuple[str, float]]:
    return [(r.node.label, r.score) for r in centrality(net, metric, kind, 10, scope)]


def test_a_period_keeps_its_events_and_the_tenures_overlapping_it(hand_drawn: Facts) -> None:
    net = Network.build(hand_drawn)
    # 5 Jan: M2 (Budi, Citra); both tenures began 1 Jan and are open, so Ani and Eko keep their posts only.
    assert _ranked(net, Scope(start=_d(5), end=_d(5))) == [
        ("Ani", 0.125), ("Budi", 0.125), ("Citra", 0.125), ("Eko", 0.125)]
    seventh = round(1 / 7, 6)
    assert _ranked(net, Scope(start=_d(9))) == [("Ani", seventh), ("Dedi", seventh), ("Eko", seventh)]
    hand_drawn.tenures["t1"].end = _d(2)
    assert "Eko" not in dict(_ranked(Network.build(hand_drawn), Scope(start=_d(5))))


def test_an_undated_tenure_counts_in_a_period_where_it_was_seen(hand_drawn: Facts) -> None:
    hand_drawn.tenures["t1"].start = None
    hand_drawn.tenures["t1"].attested = [_d(20)]
    assert "Eko" not in dict(_ranked(Network.build(hand_drawn), Scope(start=_d(5), end=_d(10))))
    assert "Eko" in dict(_ranked(Network.build(hand_drawn), Scope(start=_d(15))))


def test_a_place_keeps_its_events_and_who_took_part(hand_drawn: Facts) -> None:
    ranked = _ranked(Network.build(hand_drawn), Scope(place="cilacap", located=frozenset({"m2"})))
    assert ranked == [("Budi", 0.5), ("Citra", 0.5)]


def test_an_agency_keeps_its_units_posts_holders_and_their_events(hand_drawn: Facts) -> None:
    net = Network.build(hand_drawn)
    # dinas, kadin, kabid, Eko, Ani, M1: Ani holds Kabid, spoke at M1 and for Kadin; Budi (at M1 too) is outside.
    assert _ranked(net, Scope(agency="dinas")) == [("Ani", 0.6), ("Eko", 0.2)]
    assert [label for label, _ in _ranked(net, Scope(agency="pemprov"), kind="agency")] == ["Dinas", "Pemprov"]


def test_pagerank_matches_networkx(hand_drawn: Facts) -> None:
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    net = Network.build(hand_drawn)
    expected = _pagerank_python(net.simple)
    assert {k: round(v, 4) for k, v in pagerank(net.simple).items()} == {k: round(v, 4) for k, v in expected.items()}
    assert [r.node.label for r in centrality(net, "pagerank", "person", 2)] == ["Ani", "Budi"]


def test_scoped_rankings_are_kept_until_the_store_changes(seeded: Services, tmp_path: Path) -> None:
    analytics = Analytics(seeded.store)
    first = analytics.centrality("betweenness", place="Cilacap", start=dt.date(2018, 1, 1))
    net = analytics.network()
    (key,) = [k for k in net.scores if k[0] == "betweenness"]
    cached = net.scores[key]
    assert analytics.centrality("betweenness", place="Jawa Tengah", start=dt.date(2018, 1, 1)) == first
    assert net.scores[key] is cached  # not computed again
    assert [r.node.label for r in first] == ["Agung Hikmati", "Helmi Hafid"]
    doc = tmp_path / "more.yaml"
    doc.write_text('article: {url: "https://example.org/more", title: More}\n'
                   'people: [{key: ganjar, name: Ganjar Pranowo}]\nstatements: [{speaker: ganjar, text: "Satu."}]\n',
                   encoding="utf-8")
    assert [o.status for o in seeded.import_paths([doc])] == ["imported"]
    assert analytics.network().scores == {}


@pytest.mark.parametrize(("place", "agency", "message"), [
    ("Atlantis", None, "no place .* named 'Atlantis'"),
    (None, "Agung Hikmati", "is a person, not an agency"),
])
def test_a_filter_naming_nothing_usable_is_refused(seeded: Services, place: str | None, agency: str | None,
                                                   message: str) -> None:
    with pytest.raises(HumasgraphError, match=message):
        Analytics(seeded.store).centrality(place=place, agency=agency)
