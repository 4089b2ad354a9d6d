"""/sparql against a hostile client: no way out to the network, work that stops with its timeout,
bounded queries and answers, clear 4xx for bad input, and the CLI reading what /sparql reads."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.testclient import TestClient

from humasgraph import cli
from humasgraph.api import sparql
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import OxigraphStore
from humasgraph.synthetic import generate

from .conftest import SEED_ARTICLE

# 268 triples in the seed's union graph: three of them crossed are 19 million rows, four 5 billion.
COUNT_FOUR = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _app(services: Services, **changes: Any) -> Starlette:
    tuned = Services(services.settings.replace(**changes), services.store, services.minter, services.importer,
                     services.merges)

    def services_of(request: Request) -> Services:
        return tuned

    return Starlette(routes=sparql.routes(tuned.settings, services_of))


def _client(services: Services, **changes: Any) -> TestClient:
    return TestClient(_app(services, **changes), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The seed article in a store of this module's own (its readers are this module's)."""
    services = Services.open(Settings(store=str(tmp_path_factory.mktemp("hostile") / "store")))
    assert [o.status for o in services.import_paths([SEED_ARTICLE])] == ["imported"]
    yield services
    services.close()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket listening on loopback, where a request the server must never make would arrive."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.settimeout(0.5)
        yield sock


def _was_called(sock: socket.socket) -> bool:
    try:
        conn, _ = sock.accept()
    except TimeoutError:
        return False
    conn.close()
    return True


# The escape the checker once expanded and Oxigraph did not (issue 15, finding 1): expanded once
# for both, the SERVICE is in a comment for both, and the query is a harmless BIND.
SMUGGLED = 'SELECT * { BIND("\\u0022 AS ?x) # " AS ?y) SERVICE <http://{at}/admin> { ?a ?b ?c }\n}'
# Ways to ask Oxigraph to call another host, each refused; {at} is the listener's host:port.
OUTWARD = [
    # The same, one escape deeper: expanded once it spells the first one.
    'SELECT * { BIND("\\u005Cu0022 AS ?x) # " AS ?y) SERVICE <http://{at}/admin> { ?a ?b ?c }\n}',
    "SELECT * { \\u0053ERVICE <http://{at}/> { ?a ?b ?c } }",
    "select * { service silent <http://{at}/> { ?a ?b ?c } }",
    "SELECT * { ?s ?p ?o .SERVICE <http://{at}/> { ?a ?b ?c } }",
    "PREFIX : <http://{at}/> SELECT * { service:x { ?a ?b ?c } }",
    "SELECT * { VALUES ?e { <http://{at}/> } SERVICE ?e { ?a ?b ?c } }",
    "SELECT * FROM <http://{at}/data.ttl> { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://{at}/data.ttl> { GRAPH ?g { ?s ?p ?o } }",
]


@pytest.mark.parametrize(("template", "status"), [(SMUGGLED, 200), *((t, 400) for t in OUTWARD)])
def test_no_query_reaches_another_host(template: str, status: int, seeded_store: Services,
                                       listener: socket.socket) -> None:
    host, port = listener.getsockname()
    query = template.replace("{at}", f"{host}:{port}")
    client = _client(seeded_store)
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"})):
        assert response.status_code == status, (query, response.status_code, response.text)
    assert not _was_called(listener), query


@pytest.mark.parametrize(("template", "code"), [(SMUGGLED, 0), *((t, 1) for t in OUTWARD[:6])])
def test_the_cli_refuses_the_same(template: str, code: int, tmp_path: Path, listener: socket.socket,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    Services.open(Settings(store=store)).close()
    host, port = listener.getsockname()
    assert cli.main(["--store", store, "sparql", template.replace("{at}", f"{host}:{port}")]) == code
    if code:
        assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not _was_called(listener)


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks of 1/100 s


def test_a_query_past_its_timeout_stops_working(seeded_store: Services) -> None:
    client = _client(seeded_store, query_timeout=1.0, sparql_workers=1)
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    store = seeded_store.store
    assert isinstance(store, OxigraphStore)
    readers = store.readers(1, seeded_store.settings.sparql_memory_mb, seeded_store.settings.sparql_refresh)
    pids = readers.pids()
    start = time.monotonic()
    response = client.get("/sparql", params={"query": COUNT_FOUR})
    assert response.status_code == 503, response.text
    assert "limit of 1 s" in response.text and response.headers["retry-after"] == "1"
    assert time.monotonic() - start < 5
    assert not any(_alive(pid) for pid in pids), "the reader that ran the query is still there"
    # The next query gets a new reader, and every reader is idle once it has answered.
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 200
    time.sleep(2)  # a replacement started in the background has finished starting
    fresh = readers.pids()
    before = sum(_cpu_seconds(pid) for pid in fresh)
    time.sleep(1)
    assert sum(_cpu_seconds(pid) for pid in fresh) - before < 0.2


def test_a_query_past_its_memory_is_stopped(seeded_store: Services) -> None:
    client = _client(seeded_store, query_timeout=60, sparql_memory_mb=300, sparql_row_limit=10)
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 503, response.text
    assert "sparql_memory_mb" in response.text


def test_a_small_memory_allowance_still_answers_cheap_queries_at_once(seeded_store: Services) -> None:
    # The allowance counts memory a query writes, not address space reserved: under an
    # address-space limit, the malloc arenas and thread stacks of a reader opening its snapshot
    # (64 MB and 8 MB each, mostly never touched) once killed it on a cheap query.
    client = _client(seeded_store, sparql_memory_mb=64, sparql_workers=2, sparql_per_client=8)
    store = seeded_store.store
    assert isinstance(store, OxigraphStore)
    readers = store.readers(2, 64, seeded_store.settings.sparql_refresh)
    killed = readers.killed
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 50"

    def ask(_: int) -> int:
        return client.get("/sparql", params={"query": query}).status_code

    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    with ThreadPoolExecutor(4) as pool:  # readers opening their snapshots at once
        codes = list(pool.map(ask, range(24)))
    assert set(codes) <= {200, 503} and 200 in codes, codes  # 503 only: all readers busy (how many: the machine's)
    assert [ask(i) for i in range(8)] == [200] * 8  # one at a time, a reader is always free: each answered at once
    assert readers.killed == killed, "a reader died on a cheap query"


def test_the_answer_size_is_capped(seeded_store: Services) -> None:
    query = "SELECT (CONCAT(STR(?o), STR(?o), STR(?o), STR(?o)) AS ?x) WHERE { ?s ?p ?o }"
    response = _client(seeded_store, sparql_max_bytes=5_000).get("/sparql", params={"query": query})
    assert response.status_code == 400 and "sparql_max_bytes" in response.text, response.text
    assert _client(seeded_store).get("/sparql", params={"query": query}).status_code == 200


def test_a_long_query_is_refused_before_it_is_parsed(seeded_store: Services) -> None:
    client = _client(seeded_store, sparql_max_query=1_000)
    query = "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f'?o = "{i}"' for i in range(2_000)) + ") }"
    start = time.monotonic()
    for response in (client.get("/sparql", params={"query": query}),
                     client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
                     client.post("/sparql", data={"query": query})):
        assert response.status_code == 413, response.text
        assert "sparql_max_query" in response.text
    assert time.monotonic() - start < 2


@pytest.mark.parametrize(("params", "reason"), [
    ({"query": 'SELECT * { BIND("\\U00110000" AS ?x) }'}, "not a Unicode character"),
    ({"query": 'SELECT * { BIND("\\uD800" AS ?x) }'}, "not a Unicode character"),
    ({"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": "not an iri"}, "not allowed"),
    ({"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": "https://humasgraph.id/id/graph/a b"}, "not allowed"),
    ({"query": "SELECT * { ?s ?p ?o }", "named-graph-uri": "https://humasgraph.id/id/graph/<x>"}, "not allowed"),
    ({"query": "SELECT * { FILTER(" + "(" * 5_000 + "1" + ")" * 5_000 + ") }"}, ""),
])
def test_bad_input_is_a_400_not_a_500(params: dict[str, str], reason: str, seeded_store: Services) -> None:
    response = _client(seeded_store).get("/sparql", params=params)
    assert response.status_code == 400, response.text
    assert reason in response.text
    assert "Traceback" not in response.text and "site-packages" not in response.text


def test_fifty_nested_parentheses_are_answered(seeded_store: Services) -> None:
    query = "SELECT * { FILTER(" + "(" * 50 + "true" + ")" * 50 + ") }"
    response = _client(seeded_store).get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.text


async def _two(app: Starlette, first: str, second: str) -> tuple[httpx.Response, httpx.Response]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        heavy = asyncio.create_task(http.get("/sparql", params={"query": first}))
        await asyncio.sleep(0.5)
        cheap = await http.get("/sparql", params={"query": second})
        return await heavy, cheap


def test_one_client_may_run_only_so_many_queries(seeded_store: Services) -> None:
    app = _app(seeded_store, query_timeout=2.0, sparql_per_client=1)
    heavy, cheap = asyncio.run(_two(app, COUNT_FOUR, "ASK {}"))
    assert heavy.status_code == 503
    assert cheap.status_code == 429 and cheap.headers["retry-after"] == "1", cheap.text
    assert "sparql_per_client" in cheap.text


def test_every_reader_busy_is_a_503(seeded_store: Services) -> None:
    app = _app(seeded_store, query_timeout=3.0, sparql_workers=1, sparql_per_client=5)
    heavy, cheap = asyncio.run(_two(app, COUNT_FOUR, "ASK {}"))
    assert heavy.status_code == 503
    assert cheap.status_code == 503 and "sparql_workers" in cheap.text, cheap.text
    assert cheap.headers["retry-after"] == "3"


def test_new_articles_show_up_within_the_refresh(seeded_store: Services) -> None:
    client = _client(seeded_store, sparql_refresh=0.2)
    count = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

    def graphs() -> int:
        response = client.get("/sparql", params={"query": count}, headers={"Accept": "text/csv"})
        assert response.status_code == 200, response.text
        return int(response.text.split()[-1])

    before = graphs()
    [doc] = generate(1, 3)
    [outcome] = seeded_store.importer.import_loaded([Loaded(doc, doc.index(doc.article.url), doc.article.url)])
    assert outcome.status == "imported"
    time.sleep(0.3)
    assert graphs() > before


def test_the_cli_reads_the_union_as_sparql_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "store")
    services = Services.open(Settings(store=store))
    services.import_paths([SEED_ARTICLE])
    try:
        served = _client(services).get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"},
                                       headers={"Accept": "text/csv"})
    finally:
        services.close()
    assert cli.main(["--store", store, "sparql", "--format", "csv", "SELECT * { ?s ?p ?o }"]) == 0
    printed = capsys.readouterr().out
    assert len(printed.splitlines()) > 200
    assert sorted(printed.splitlines()) == sorted(served.text.splitlines())


def test_snapshots_stay_while_queries_use_them(seeded_store: Services) -> None:
    # Writes between queries make a new snapshot for nearly every query; the clean-up after one
    # query once removed the snapshot another had just been given, before its reader opened it.
    app = _app(seeded_store, sparql_refresh=0.001, sparql_workers=2, sparql_per_client=8)
    docs = iter(generate(40, 11))

    async def main() -> list[int]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            async def ask() -> list[int]:
                got = []
                for _ in range(15):
                    response = await http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
                    got.append(response.status_code)
                return got

            async def write() -> None:
                for _ in range(20):
                    doc = next(docs)
                    loaded = Loaded(doc, doc.index(doc.article.url), doc.article.url)
                    await asyncio.to_thread(lambda: list(seeded_store.importer.import_loaded([loaded])))

            writer = asyncio.create_task(write())
            asked = await asyncio.gather(*(ask() for _ in range(3)))
            await writer
            return [status for statuses in asked for status in statuses]

    statuses = asyncio.run(main())
    assert set(statuses) <= {200, 503}, statuses  # 503: both readers busy for a second
    assert statuses.count(200) > len(statuses) // 2, statuses
