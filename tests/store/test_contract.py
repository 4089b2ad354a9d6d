"""The store contract: every backend (embedded on disk, in memory, Oxigraph server, Virtuoso) passes it."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyoxigraph import Literal, NamedNode, Quad, Triple

from humasgraph.errors import QueryRejected, StoreError, StoreUnavailable
from humasgraph.model.identity import Minter
from humasgraph.model.vocab import HG, OWL, SCHEMA, XSD
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import GraphWrite, Store, open_store
from humasgraph.store.feed import feed_predicates

from .conftest import Flaky, Server, free_port

EX = "https://example.test/"
SEED_ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
MINTER = Minter(Settings().base_iri)


def n(local: str) -> NamedNode:
    return NamedNode(EX + local)


def graph(name: str) -> NamedNode:
    """A source graph under the store's graph namespace."""
    return MINTER.graph(f"{EX}article/{name}")


def source(g: NamedNode, triples: list[tuple[NamedNode, NamedNode, NamedNode | Literal]], *, new: bool = False,
           ) -> GraphWrite:
    meta = [Quad(g, HG.tripleCount, Literal(str(len(triples)), datatype=XSD.integer), MINTER.meta_graph)]
    return GraphWrite(g, [Quad(s, p, o, g) for s, p, o in triples], meta, meta_subjects=(g,), new=new)


def union(store: Store) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in store.quads(store.all_graph)}


def sources_union(store: Store, *graphs: NamedNode) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for g in graphs for q in store.quads(g)}


TERMS: list[NamedNode | Literal] = [
    Literal("Gabjar Pranowo"),
    Literal("Humas di era ini bukan lagi sebagai “penyambung lidah” pemerintah — ü é\n\"kutipan\"", language="id"),
    Literal("true", datatype=XSD.boolean),
    Literal("false", datatype=XSD.boolean),
    Literal("120", datatype=XSD.integer),
    Literal("2018-09-26", datatype=XSD.date),
    n("place/hotel-dafam-cilacap"),
]


def test_select_ask_construct_give_back_the_terms_written(store: Store) -> None:
    g = graph("terms")
    store.write([source(g, [(n("x"), n(f"p{i}"), t) for i, t in enumerate(TERMS)], new=True)])
    rows = store.select(f"SELECT ?p ?o WHERE {{ GRAPH {store.all_graph} {{ {n('x')} ?p ?o }} }} ORDER BY ?p")
    assert rows.variables == ["p", "o"]
    assert {r["p"].value: r["o"] for r in rows} == {EX + f"p{i}": t for i, t in enumerate(TERMS)}
    unbound = store.select(f"SELECT ?s ?missing WHERE {{ GRAPH {g} {{ ?s {n('p0')} ?o "
                           f"OPTIONAL {{ ?s {n('nope')} ?missing }} }} }}")
    assert [sorted(r) for r in unbound] == [["s"]]
    assert store.ask(f"ASK {{ GRAPH {g} {{ {n('x')} {n('p2')} true }} }}")
    assert not store.ask(f"ASK {{ GRAPH {g} {{ {n('x')} {n('p2')} false }} }}")
    built = store.construct(f"CONSTRUCT {{ {n('x')} ?p ?o }} WHERE {{ GRAPH {g} {{ {n('x')} ?p ?o }} }}")
    assert set(built) == {Triple(n("x"), n(f"p{i}"), t) for i, t in enumerate(TERMS)}


def test_a_stream_gives_the_rows_a_select_gives_one_at_a_time(store: Store) -> None:
    g = graph("stream")
    store.write([source(g, [(n(f"s{i}"), n("p"), t) for i, t in enumerate(TERMS)], new=True)])
    query = f"SELECT ?s ?o ?missing WHERE {{ GRAPH {g} {{ ?s {n('p')} ?o OPTIONAL {{ ?s {n('q')} ?missing }} }} }}"
    rows = store.stream(query)
    assert not isinstance(rows, list)  # an iterator: nothing read ahead into a list
    assert list(rows) == list(store.select(query)) and len(store.select(query)) == len(TERMS)
    with pytest.raises(QueryRejected):
        store.stream(f"ASK {{ GRAPH {g} {{ ?s ?p ?o }} }}")


def test_queries_use_our_prefixes_and_values(store: Store) -> None:
    g = graph("prefixes")
    store.write([source(g, [(n("a"), SCHEMA.name, Literal("A")), (n("b"), SCHEMA.name, Literal("B"))], new=True)])
    rows = store.select(f"SELECT ?x ?name WHERE {{ GRAPH {store.all_graph} {{ VALUES ?x {{ {n('a')} {n('c')} }} "
                        "?x schema:name ?name } }")
    assert [(r["x"], r["name"]) for r in rows] == [(n("a"), Literal("A"))]
    empty = store.select(f"SELECT ?x WHERE {{ GRAPH {store.all_graph} {{ VALUES ?x {{ UNDEF }} "
                         '?x schema:name "Z" } }')
    assert list(empty) == []


def test_query_count_rises_by_one_per_query(store: Store) -> None:
    before = store.queries  # type: ignore[attr-defined]
    store.select(f"SELECT * WHERE {{ GRAPH {store.all_graph} {{ ?s ?p ?o }} }} LIMIT 1")
    store.ask(f"ASK {{ GRAPH {store.all_graph} {{ ?s ?p ?o }} }}")
    store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {store.all_graph} {{ ?s ?p ?o }} }}")
    store.write([source(graph("count"), [(n("a"), n("p"), n("b"))], new=True)])
    assert store.queries - before == 3  # type: ignore[attr-defined]


def test_write_new_graphs_in_one_go(store: Store) -> None:
    g1, g2 = graph("one"), graph("two")
    store.write([source(g1, [(n("a"), n("p"), n("b"))], new=True),
                 source(g2, [(n("c"), n("p"), n("d")), (n("a"), n("p"), n("b"))], new=True)])
    assert union(store) == sources_union(store, g1, g2) == {Triple(n("a"), n("p"), n("b")),
                                                            Triple(n("c"), n("p"), n("d"))}
    # 3 source quads + 2 in all + 2 descriptions + the write generation, and the change feed's bookkeeping.
    feed = [q for q in store.quads(MINTER.meta_graph) if q.predicate in feed_predicates()]
    assert {q.object for q in feed if q.predicate == HG.changed} >= {g1, g2}
    assert store.count() == 3 + 2 + 2 + 1 + len(feed)


def test_replacing_a_graph_keeps_all_the_exact_union(store: Store) -> None:
    g1, g2 = graph("first"), graph("second")
    shared, only1, new1 = (n("s"), n("p"), n("shared")), (n("s"), n("p"), n("only1")), (n("s"), n("p"), n("new1"))
    store.write([source(g1, [shared, only1], new=True), source(g2, [shared], new=True)])
    store.write([source(g1, [new1])])
    assert union(store) == sources_union(store, g1, g2) == {Triple(*shared), Triple(*new1)}
    store.write([GraphWrite(g2, None, meta_subjects=(g2,))])
    assert union(store) == {Triple(*new1)}  # the shared triple left with the last source stating it
    store.write([GraphWrite(g1, None, meta_subjects=(g1,))])
    assert union(store) == set()
    assert list(store.quads(MINTER.meta_graph)) == [q for q in store.quads(MINTER.meta_graph)
                                                   if q.predicate in {HG.generation, *feed_predicates()}]


def test_retract_removes_the_graph_and_its_description(store: Store) -> None:
    g = graph("retract")
    store.write([source(g, [(n("a"), n("p"), n("b"))], new=True)])
    assert store.ask(f"ASK {{ GRAPH {MINTER.meta_graph} {{ {g} ?p ?o }} }}")
    store.write([GraphWrite(g, None, meta_subjects=(g,))])
    assert list(store.quads(g)) == []
    assert not store.ask(f"ASK {{ GRAPH {MINTER.meta_graph} {{ {g} ?p ?o }} }}")


def test_generation_changes_on_every_write(store: Store) -> None:
    seen = {store.generation()}
    store.write([source(graph("gen"), [(n("a"), n("p"), n("b"))], new=True)])
    seen.add(store.generation())
    store.write([source(graph("gen"), [(n("a"), n("p"), n("c"))])])
    seen.add(store.generation())
    store.update(f"INSERT DATA {{ GRAPH {graph('gen2')} {{ {n('a')} {n('p')} {n('d')} }} }}")
    seen.add(store.generation())
    assert len(seen) == 4


def test_a_large_graph_is_written_and_streamed_whole(store: Store) -> None:
    g = graph("large")
    triples = [(n(f"s{i // 7}"), n(f"p{i % 7}"), Literal(f"nilai {i}")) for i in range(12_000)]
    store.write([source(g, triples, new=True)])
    assert len(list(store.quads(g))) == 12_000
    assert len(union(store)) == 12_000


def test_dump_streams_what_quads_gives(store: Store) -> None:
    g = graph("dump")
    store.write([source(g, [(n("a"), SCHEMA.name, TERMS[1]), (n("a"), n("p"), TERMS[2])], new=True)])
    out = io.BytesIO()
    store.dump(out, "application/n-quads")
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == set(store.quads())
    out = io.BytesIO()
    store.dump(out, "text/turtle", g)
    assert {q.triple for q in ox.parse(out.getvalue(), ox.RdfFormat.TURTLE)} == {q.triple for q in store.quads(g)}


def test_seeds_import_and_the_flagship_answer_is_the_same_on_every_backend(services_on: Services) -> None:
    outcomes = services_on.import_paths([SEED_ARTICLE])
    assert [o.status for o in outcomes] == ["imported"]
    assert [o.status for o in services_on.import_paths([SEED_ARTICLE])] == ["unchanged"]
    reference = Services.open(Settings(store=":memory:"))
    reference.import_paths([SEED_ARTICLE])
    (event,) = services_on.flagship()
    assert event == reference.flagship()[0]
    assert [s.name for s in event.speakers] == ["Agung Hikmati", "Helmi Hafid"]
    assert event.speakers[0].principal is not None
    assert event.speakers[0].principal.label == "Sekretaris Daerah Provinsi Jawa Tengah"
    assert _data_stats(services_on) == _data_stats(reference)


def _data_stats(services: Services) -> dict[str, int]:
    """The store's counts, its change feed's bookkeeping aside (a cleared server keeps the record of clearing)."""
    out = services.stats()
    out["quads"] -= sum(1 for q in services.store.quads(MINTER.meta_graph) if q.predicate in feed_predicates())
    return out


def test_merge_and_unmerge_round_trip(services_on: Services) -> None:
    services_on.import_paths([SEED_ARTICLE])
    store = services_on.store

    def dataset() -> set[Quad]:
        return {q for q in store.quads() if q.predicate not in {HG.generation, *feed_predicates()}}

    before = dataset()
    (event,) = services_on.flagship()
    keep, other = event.speakers[0].person, event.speakers[1].person
    services_on.merge(keep, other)
    assert store.ask(f"ASK {{ GRAPH {services_on.minter.merges_graph} {{ <{other}> {OWL.sameAs} <{keep}> }} }}")
    (merged,) = services_on.flagship()
    assert [s.person for s in merged.speakers] == [keep]
    services_on.unmerge(other)
    assert dataset() == before


def test_a_malformed_update_changes_nothing(store: Store) -> None:
    store.write([source(graph("before"), [(n("a"), n("p"), n("b"))], new=True)])
    count, generation = store.count(), store.generation()
    with pytest.raises(QueryRejected):
        store.update(f"INSERT DATA {{ GRAPH {graph('half')} {{ {n('a')} {n('p')} {n('c')} }} }} ;\n"
                     f"INSERT DATA {{ GRAPH {graph('half')} {{ {n('a')} {n('p')} ")
    assert (store.count(), store.generation()) == (count, generation)


def test_an_update_failing_midway_leaves_nothing_written(request: pytest.FixtureRequest, store: Store) -> None:
    count = store.count()
    if getattr(store, "virtuoso", False):
        # Virtuoso commits each operation of a request on its own; see docs/deploy.md.
        request.applymarker(pytest.mark.xfail(strict=True, reason="Virtuoso does not roll back a failed request"))
    with pytest.raises(StoreError):
        store.update(f"INSERT DATA {{ GRAPH {graph('half')} {{ {n('a')} {n('p')} {n('c')} }} }} ;\n"
                     f"DROP GRAPH {graph('never-created')}")
    assert store.count() == count


# --- remote only: the network fails ---------------------------------------------------------------


def test_a_server_that_is_down_is_reported_after_bounded_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    settings = Settings(store=url, store_user="dba", store_password="s3cret-pw", store_retries=4)
    store = open_store(settings)
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert url in message and "4 attempts" in message and "s3cret-pw" not in message
    assert "\n" not in message
    with pytest.raises(StoreUnavailable):
        store.write([source(graph("down"), [(n("a"), n("p"), n("b"))], new=True)])


def test_credentials_in_the_url_stay_out_of_messages_and_reprs() -> None:
    port = free_port()
    store = open_store(Settings(store=f"http://dba:s3cret-pw@127.0.0.1:{port}/sparql", store_retries=1))
    assert "s3cret-pw" not in repr(store)
    with pytest.raises(StoreUnavailable) as info:
        store.ask("ASK {}")
    assert "s3cret-pw" not in str(info.value) and f"127.0.0.1:{port}/sparql" in str(info.value)


def _through(server: Server, proxy: Flaky) -> Settings:
    root = server.settings.store.rsplit("/", 1)[0]
    return server.settings.replace(store=server.settings.store.replace(root, proxy.url),
                                   update_url=server.settings.update_url.replace(root, proxy.url),
                                   graph_store_url="")


@pytest.mark.parametrize("mode", ["503", "502", "reset"])
def test_transient_failures_are_retried(server: Server, flaky: Callable[[str], Flaky], mode: str) -> None:
    proxy = flaky(server.settings.store.rsplit("/", 1)[0])
    store = open_store(_through(server, proxy))
    g = graph(f"transient-{mode}")
    proxy.mode, proxy.failures = mode, 2
    store.write([source(g, [(n("a"), n("p"), n("b"))], new=True)])
    proxy.failures = 2
    assert store.ask(f"ASK {{ GRAPH {g} {{ {n('a')} {n('p')} {n('b')} }} }}")
    assert proxy.failures == 0
    store.write([GraphWrite(g, None, meta_subjects=(g,))])


def test_a_server_that_stays_unavailable_raises_one_clear_error(server: Server,
                                                                 flaky: Callable[[str], Flaky]) -> None:
    proxy = flaky(server.settings.store.rsplit("/", 1)[0])
    store = open_store(_through(server, proxy).replace(store_retries=3))
    proxy.mode, proxy.failures = "503", 100
    with pytest.raises(StoreUnavailable, match=r"unavailable after 3 attempts \(HTTP 503\)"):
        store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert proxy.seen == 3


def test_virtuoso_says_how_to_get_write_access(virtuoso_server: Server) -> None:
    settings = virtuoso_server.settings
    public = open_store(settings.replace(update_url=settings.store, store_user="", store_password=""))
    with pytest.raises(StoreError, match="/sparql-auth"):
        public.write([source(graph("no-permission"), [(n("a"), n("p"), n("b"))], new=True)])
    wrong = open_store(settings.replace(store_password="not-the-password"))
    with pytest.raises(StoreError, match=r"refused access \(HTTP 401\)") as info:
        wrong.write([source(graph("wrong-password"), [(n("a"), n("p"), n("b"))], new=True)])
    assert "not-the-password" not in str(info.value)


def test_compacting_an_on_disk_store_keeps_every_quad_and_the_feed(tmp_path: Path) -> None:
    settings = Settings(store=str(tmp_path / "store"))
    store = open_store(settings)
    store.write([source(graph(f"c{i}"), [(n(f"s{i}"), n("p"), n(f"o{i % 3}"))], new=True) for i in range(50)])
    store.write([GraphWrite(graph("c7"), None, meta_subjects=(graph("c7"),))])
    before, position = set(store.quads()), store.position()  # type: ignore[attr-defined]
    store.compact()  # type: ignore[attr-defined]
    assert set(store.quads()) == before
    store.close()
    again = open_store(settings)
    assert set(again.quads()) == before and again.position() == position  # type: ignore[attr-defined]
    again.close()
    open_store(Settings(store=":memory:")).compact()  # type: ignore[attr-defined]  # nothing to merge: no error
