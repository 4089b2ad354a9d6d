"""The network picture: what it draws, the cap, the layout (deterministic, in the box, fast enough)."""

from __future__ import annotations

import datetime as dt
import time

import networkx as nx
import pytest

from humasgraph.derived.graphs import Network
from humasgraph.derived.picture import HEIGHT, WIDTH, around, event_kept, laid_out, whole
from humasgraph.errors import HumasgraphError
from humasgraph.queries.projection import Facts


def test_delegations_are_delegate_to_principal_with_their_events(hand_drawn: Facts) -> None:
    picture = whole(Network.build(hand_drawn), "delegations", None, None, agency_world=None, limit=100).draw()
    assert [(x.source, x.target, x.relation, x.events) for x in picture.lines] == [("ani", "kadin", "spoke_for",
                                                                                    ("M1",))]
    assert {s.iri: s.kind for s in picture.spots} == {"ani": "person", "kadin": "post"}
    assert picture.left_out == 0


def test_coappearance_pairs_the_speakers_of_each_event(hand_drawn: Facts) -> None:
    picture = whole(Network.build(hand_drawn), "coappearance", None, None, agency_world=None, limit=100).draw()
    assert [(x.source, x.target, x.relation, x.weight) for x in picture.lines] == [
        ("ani", "budi", "appeared_with", 1), ("budi", "citra", "appeared_with", 1)]


def test_an_event_filter_narrows_the_picture(hand_drawn: Facts) -> None:
    net = Network.build(hand_drawn)
    later = {e for e in hand_drawn.events if event_kept(hand_drawn, e, dt.date(2020, 1, 3), None, None)}
    assert later == {"m2", "m3"}
    picture = whole(net, "coappearance", None, later, agency_world=None, limit=100).draw()
    assert [(x.source, x.target) for x in picture.lines] == [("budi", "citra")]
    assert not whole(net, "delegations", None, later, agency_world=None, limit=100).draw().spots


def test_the_cap_keeps_the_highest_degree_nodes_and_counts_the_rest(hand_drawn: Facts) -> None:
    picture = whole(Network.build(hand_drawn), "coappearance", None, None, agency_world=None, limit=1).draw()
    assert [s.iri for s in picture.spots] == ["budi"]
    assert (picture.total, picture.left_out, picture.lines) == (3, 2, ())


def test_around_draws_every_relation_within_the_depth_with_the_centre_in_the_middle(hand_drawn: Facts) -> None:
    net = Network.build(hand_drawn)
    one = around(net, "ani", 1, limit=100).draw()
    assert {s.iri for s in one.spots} == {"ani", "kabid", "kadin", "m1"}
    assert {x.relation for x in one.lines} == {"held_post", "spoke_at", "spoke_for"}
    centre = next(s for s in one.spots if s.iri == "ani")
    assert (centre.x, centre.y) == (WIDTH / 2, HEIGHT / 2)
    assert len(around(net, "ani", 2, limit=100).draw().spots) > len(one.spots)
    with pytest.raises(HumasgraphError, match="depth=3"):
        around(net, "ani", 3, limit=100)


def test_the_kind_is_checked(hand_drawn: Facts) -> None:
    with pytest.raises(HumasgraphError, match="kind='x': expected one of delegations, coappearance"):
        whole(Network.build(hand_drawn), "x", None, None, agency_world=None, limit=10)


def test_the_layout_is_deterministic_inside_the_box_and_fast_at_300_nodes() -> None:
    g = nx.gnm_random_graph(300, 600, seed=1)
    g = nx.relabel_nodes(g, {n: f"n{n:03d}" for n in g})
    laid_out(g)  # warm numpy once
    began = time.perf_counter()
    first = laid_out(g)
    took = time.perf_counter() - began
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(g, reverse=True))
    shuffled.add_edges_from((v, u) for u, v in sorted(g.edges(), reverse=True))
    assert first == laid_out(shuffled)
    assert all(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in first.values())
    assert took < 2.0, f"laying out 300 nodes took {took:.2f} s"
