"""The network projection kept in the index file equals one drawn afresh in the heap from the same facts.

After every kind of write (new articles, a replaced article, a retraction, the article back, a
merge and its undoing) the tables read back are compared with a projection built afresh by
``LiveNetwork``: every node with its attributes, every edge with its key and attributes, the
facts, the speaker counts; and the answers read off the file (top speakers, ego, path, the
pictures) equal those of the heap. Each step must have been an update of the file, not a rebuild.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from humasgraph.derived import answers, index_layout, network_ids
from humasgraph.derived.analytics import Analytics
from humasgraph.derived.graphs import Network, network
from humasgraph.derived.indexfile import IndexFile
from humasgraph.derived.network import LiveNetwork
from humasgraph.derived.network_ids import FactTable
from humasgraph.derived.network_reads import FileNetwork
from humasgraph.errors import NotFound
from humasgraph.exports import export
from humasgraph.exports.networks import write_network
from humasgraph.ingest.importer import Loaded
from humasgraph.queries.projection import Appearance, Tenure, read_facts
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate
from index_helpers import network_as_layout_9

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
DOCS = list(generate(40, seed=7))
PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 6, 30))


def _load(services: Services, docs: list[Any]) -> None:
    items = [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]
    assert {o.status for o in services.importer.import_loaded(items)} <= {"imported", "replaced", "unchanged"}


def _file_of(services: Services, docs: list[Any]) -> IndexFile:
    """The index file of ``services`` once ``docs`` are imported and it is built."""
    _load(services, docs)
    services.warm()
    file = services.analytics.file
    assert file is not None
    return file


def _edges(net: Network) -> list[tuple[str, str, str, tuple[tuple[str, Any], ...]]]:
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in net.graph.edges(keys=True, data=True))


def _slim(net: Network) -> dict[str, dict[Any, Any]]:
    """The facts as the file keeps them: a statement without its words and source."""
    out = {f.name: dict(getattr(net.facts, f.name)) for f in dataclasses.fields(net.facts)}
    out["statements"] = {k: dataclasses.replace(s, text="", source="") for k, s in out["statements"].items()}
    return out


def _answers(analytics: Analytics, net: Network) -> dict[str, Any]:
    """What a page or a resolver asks of the projection, from ``analytics`` (heap or file)."""
    people = sorted(n for n, d in net.graph.nodes(data=True) if d["kind"] == "person")
    agencies = sorted(n for n, d in net.graph.nodes(data=True) if d["kind"] == "agency")
    out: dict[str, Any] = {
        "top": analytics.top_speakers(limit=15),
        "top in a period": analytics.top_speakers(*PERIOD, limit=15),
        "top since": analytics.top_speakers(PERIOD[0], None, limit=5),
        "delegations": analytics.picture("delegations", 300),
        "coappearance": analytics.picture("coappearance", 50),
        "coappearance in a period": analytics.picture("coappearance", 300, start=PERIOD[0], end=PERIOD[1]),
        "an agency's delegations": analytics.picture("delegations", 300, agency=agencies[0]),
        "degree": analytics.centrality("degree", "person", 10),
        "degree of every node": analytics.centrality("degree", "any", 100_000),
        "degree in a period": analytics.centrality("degree", "person", 10, start=PERIOD[0], end=PERIOD[1]),
    }
    for iri in people[:6] + agencies[:3]:
        out[f"ego {iri}"] = (analytics.ego(iri, 1), analytics.ego(iri, 2))
        out[f"around {iri}"] = analytics.around(iri, 2, 60)
        out[f"resolve {iri}"] = analytics.resolve(iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1])
    for a, b in zip(people[:8], people[-8:], strict=True):
        try:
            out[f"path {a} {b}"] = analytics.path(a, b)
        except NotFound as exc:
            out[f"path {a} {b}"] = str(exc)
    return out


def _assert_as_fresh(services: Services, updates: int, builds: int = 1) -> None:
    kept = services.analytics
    assert kept.file is not None
    from_file = kept.network()
    heap = Analytics(services.store)
    fresh = heap.network()
    assert dict(from_file.graph.nodes(data=True)) == dict(fresh.graph.nodes(data=True))
    assert _edges(from_file) == _edges(fresh)
    assert _slim(from_file) == _slim(fresh)
    assert from_file.speakers == fresh.speakers
    assert from_file.dated == fresh.dated
    assert _answers(kept, fresh) == _answers(heap, fresh)
    assert (kept.file.builds, kept.file.updates) == (builds, updates)  # updated in place, never rebuilt


def test_the_file_projection_equals_a_fresh_one_after_every_kind_of_write(tmp_path: Path) -> None:
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:25])
        services.import_paths([SEED_ARTICLE])
        services.warm()
        _assert_as_fresh(services, 0)

        _load(services, DOCS[25:])  # new articles
        _assert_as_fresh(services, 1)

        changed = DOCS[3].model_copy(deep=True)  # a replaced article: a statement and an alias less
        changed.statements = changed.statements[1:]
        if changed.people:
            changed.people[0].aliases = []
        _load(services, [changed])
        _assert_as_fresh(services, 2)

        services.retract(DOCS[5].article.url)  # a retracted article, then back
        _assert_as_fresh(services, 3)
        _load(services, [DOCS[5]])
        _assert_as_fresh(services, 4)

        (event,) = [e for e in services.flagship(limit=500) if "Helmi Hafid" in {s.name for s in e.speakers}]
        keep, other = event.speakers[0].person, event.speakers[1].person
        services.merge(keep, other)
        _assert_as_fresh(services, 5)
        assert other not in services.analytics.network().facts.people
        services.unmerge(other)
        _assert_as_fresh(services, 6)
        assert other in services.analytics.network().facts.people


def test_an_update_rewrites_only_the_edges_that_changed(tmp_path: Path) -> None:
    """A source is drawn again whole, but only the edges it draws differently are written: the others keep their
    rows (an update of 1,000 articles on 10,000 rewrote 127,000 edges that way, most of them unchanged)."""
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        file = _file_of(services, DOCS[:25])

        def rows() -> dict[tuple[int, int, str], tuple[int, str]]:
            with file.reading() as db:
                return {(u, v, k): (i, d) for i, u, v, k, d in db.execute(
                    "SELECT id, source, target, key, data FROM net_edges")}
        before = rows()
        changed = DOCS[3].model_copy(deep=True)  # a statement less
        changed.statements = changed.statements[1:]
        _load(services, [changed])
        _assert_as_fresh(services, 1)
        after = rows()
        kept = {e for e in before.keys() & after.keys() if before[e][1] == after[e][1]}
        assert kept and all(before[e][0] == after[e][0] for e in kept)  # not deleted and written again
        assert len(kept) > 0.9 * len(after)


def test_a_file_of_layout_9_gets_ids_for_its_iris_in_place_and_updates_as_before(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"))
    with Services.open(settings) as services:
        file = _file_of(services, DOCS[:25])
        with file._writing() as db:
            network_as_layout_9(db)
            db.execute("UPDATE state SET value = '9' WHERE key = 'layout'")
            assert db.execute("SELECT typeof(source) FROM net_edges LIMIT 1").fetchone() == ("text",)
            assert db.execute("SELECT count(*) FROM net_facts WHERE fact LIKE '%https:%'").fetchone()[0] > 100
    with Services.open(settings) as services:
        services.warm()
        upgraded = services.analytics.file
        assert upgraded is not None and upgraded.state("layout") == index_layout.LAYOUT
        with upgraded.reading() as db:
            columns = ["net_edges.source", "net_edges.target", "net_by.node", "net_by.member", "net_facts.key",
                       "net_degrees.node", "net_nodes.id", "net_names.node", "net_spoken.statement",
                       "net_spoken.speaker", "net_speakers.speaker"]
            types = {c: {t for (t,) in db.execute(f"SELECT DISTINCT typeof({c.split('.')[1]}) FROM {c.split('.')[0]}")}
                     for c in columns}
            iris_in_facts = db.execute("SELECT count(*) FROM net_facts WHERE fact LIKE '%https:%'").fetchone()[0]
        assert types == {c: {"integer"} for c in columns}
        assert iris_in_facts == 0  # every IRI field of every kind of fact holds an id
        _assert_as_fresh(services, 0, builds=0)  # upgraded, not rebuilt
        _load(services, DOCS[25:])  # and updated as a file built in this layout is
        _assert_as_fresh(services, 1, builds=0)


def test_a_server_holds_no_projection_between_requests(tmp_path: Path) -> None:
    """Over the file, answers leave nothing of the projection behind: only what they computed, by generation."""
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:10])
        services.warm()
        analytics = services.analytics
        analytics.top_speakers()
        analytics.ego(analytics.top_speakers(limit=1)[0].node.iri, 2)
        analytics.centrality("degree", "person", 3)
        assert analytics._net is None and analytics.builds == 0  # no heap projection was ever built


def test_degree_over_the_whole_file_is_counted_without_reading_the_projection(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Degree centrality of the whole network is counted by SQLite (a centrality in a period still reads the
    part it needs): reading the whole projection for it took 18-22 s at 100k articles."""
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:12])
        services.warm()
        expected = Analytics(services.store).centrality("degree", "any", 1000)

        def refused(*_: Any) -> None:
            raise AssertionError("the whole projection was read")
        monkeypatch.setattr(FileNetwork, "load", refused)
        assert services.analytics.centrality("degree", "any", 1000) == expected


def test_a_fact_table_reads_what_it_wrote(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "t.sqlite")
    db.executescript(index_layout.SCHEMA)
    tenures: FactTable[Tenure] = FactTable(db, "tenures")
    t = Tenure("t1", "p", "post", start=dt.date(2020, 1, 2), attested=[dt.date(2021, 3, 4)], acting="penjabat")
    tenures["t1"] = t
    assert FactTable(db, "tenures")["t1"] == t and "t1" in tenures and list(tenures) == ["t1"]
    del tenures["t1"]
    assert "t1" not in FactTable(db, "tenures") and len(tenures) == 0
    with pytest.raises(KeyError):
        del tenures["t1"]
    appearances: FactTable[Appearance] = FactTable(db, "appearances")
    appearances[("e", "p")] = Appearance("e", "p", ["moderator"], ["a"], "r")
    appearances[("d", "q")] = Appearance("d", "q", [], [], None)
    assert FactTable(db, "appearances")[("e", "p")] == Appearance("e", "p", ["moderator"], ["a"], "r")
    assert list(FactTable(db, "appearances")) == [("d", "q"), ("e", "p")]  # in the order of the IRIs, not the ids
    assert ("e", "q") not in appearances and ("x", "p") not in FactTable(db, "appearances")


@pytest.mark.parametrize("fmt", ["nodelink", "graphml", "gexf"])
def test_a_network_export_reads_the_file_and_writes_what_the_store_facts_draw(tmp_path: Path, fmt: str) -> None:
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:12])
        services.warm()
        services.retract(DOCS[2].article.url)
        out, drawn = io.BytesIO(), io.BytesIO()
        export(services, fmt, out)
        write_network(network(read_facts(services.store)), fmt, drawn)
        assert out.getvalue() == drawn.getvalue()
        assert services.analytics.file is not None and services.analytics.file.updates == 1
        assert services.analytics._net is None  # read off the file: no projection kept in the heap


def test_a_long_read_of_the_projection_holds_up_no_search(tmp_path: Path) -> None:
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:5])
        services.warm()
        reader = services.analytics._file_reader
        assert reader is not None
        found: list[Any] = []
        with reader.reading():  # as a centrality does while it reads the whole projection
            searching = threading.Thread(target=lambda: found.append(services.search("dinas", ["agency"], 3)))
            searching.start()
            searching.join(10)
        assert found and found[0]


@pytest.mark.parametrize(("kind", "top"), [("person", 1), ("person", 7), ("agency", 5), ("post", 3), ("any", 12)])
def test_a_ranking_looks_at_the_highest_scores_first_and_misses_none(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, top: int) -> None:
    """Read a chunk at a time from the highest score down, a ranking is the one a sort of every node gives, ties
    by name across chunks included."""
    monkeypatch.setattr(answers, "RANKED_CHUNK", 3)
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS[:12])
        services.warm()
        net = Analytics(services.store).network()
        scores = nx.degree_centrality(net.simple)
        nodes = [n for n in scores if kind == "any" or net.info(n).kind == kind]
        nodes.sort(key=lambda n: (-scores[n], net.info(n).label, n))
        expected = [(n, round(scores[n], 6)) for n in nodes[:top]]
        found = services.analytics.centrality("degree", kind, top)
        assert [(r.node.iri, r.score) for r in found] == expected


def test_each_edge_drawn_by_its_key_alone_is_the_one_drawn_whole(tmp_path: Path) -> None:
    """``_edge`` (what an update draws, from the facts one key depends on) answers for every edge what ``_edges_from``
    (a build, every source whole) draws, and nothing for a key the source does not draw."""
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS)
        services.import_paths([SEED_ARTICLE])
        live = LiveNetwork(read_facts(services.store))
    drawn = {u: {(v, k): d for v, k, d in live._edges_from(u)} for u in sorted(live.graph)}
    keys = {vk for edges in drawn.values() for vk in edges}
    assert {k.partition(" ")[0] for _, k in keys} == {"post_in", "organised", "attended", "held_post", "spoke_at",
                                                      "spoke_for", "part_of"}
    for u, edges in drawn.items():
        for v, k in keys:
            assert live._edge(u, v, k) == edges.get((v, k)), (u, v, k)


def test_an_update_reads_the_facts_of_the_edges_it_touches_not_all_of_a_speakers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A replaced article draws again its speakers' edges to its event (or to its principals, at no event), not each
    speaker's every edge: the busiest speaker's statements elsewhere are not read."""
    with Services.open(Settings(store=str(tmp_path / "store"))) as services:
        _load(services, DOCS)
        services.warm()
        facts = read_facts(services.store)
        said = Counter(s.speaker for s in facts.statements.values())
        busiest, most = said.most_common(1)[0]
        # An article where the speaker said something on someone's behalf at no event, if there is one: such an edge
        # is drawn from the speaker's statements made at no event (``said_unplaced``), not from all of them.
        mine = [s for s in facts.statements.values() if s.speaker == busiest]
        unplaced = [s.source for s in mine if s.on_behalf_of and not s.event]
        url = unplaced[0] if unplaced else Counter(s.source for s in mine).most_common()[-1][0]
        doc = next(d for d in DOCS if d.article.url == url)
        events = {s.event for s in facts.statements.values() if s.source == url}
        near = {iri for iri, s in facts.statements.items()
                if s.speaker == busiest and (s.source == url or s.event in events)}
        assert most > 3 * len(near)  # the speaker said more elsewhere than in this article and at its events
        read: list[str] = []
        decode = network_ids.decode_fact

        def counted(kind: str, text: str, key: Any, ids: Any) -> Any:
            fact = decode(kind, text, key, ids)
            if kind == "statements" and fact.speaker == busiest:
                read.append(fact.iri)
            return fact
        monkeypatch.setattr(network_ids, "decode_fact", counted)
        changed = doc.model_copy(deep=True)
        changed.article.title += " (diperbarui)"
        changed.statements = changed.statements[:-1]
        _load(services, [changed])
        services.analytics.top_speakers(limit=1)  # the file's update, which reads no more facts than it must
        monkeypatch.undo()
        _assert_as_fresh(services, 1)
    assert read and set(read) <= near


def test_a_file_of_layout_10_gets_its_statements_indexed_by_event_in_place(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"))
    indexes = "('said_at', 'delegated_at', 'said_unplaced', 'delegated_unplaced')"
    at = f"SELECT idx, node, member FROM net_by WHERE idx IN {indexes} ORDER BY 1, 2, 3"
    with Services.open(settings) as services:
        file = _file_of(services, DOCS[:25])
        with file.reading() as db:
            built = db.execute(at).fetchall()
        assert {idx for idx, _, _ in built} >= {"said_at", "delegated_at", "said_unplaced"}
        with file._writing() as db:
            db.execute(f"DELETE FROM net_by WHERE idx IN {indexes}")
            db.execute("UPDATE state SET value = '10' WHERE key = 'layout'")
    with Services.open(settings) as services:
        services.warm()
        upgraded = services.analytics.file
        assert upgraded is not None and upgraded.state("layout") == index_layout.LAYOUT  # 11, or a later one
        assert int(index_layout.LAYOUT) >= 11
        with upgraded.reading() as db:
            assert db.execute(at).fetchall() == built
        _assert_as_fresh(services, 0, builds=0)  # upgraded, not rebuilt
        _load(services, DOCS[25:])
        _assert_as_fresh(services, 1, builds=0)
