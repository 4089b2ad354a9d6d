"""Several API workers over one remote store: what one worker writes, every other serves at once."""

from __future__ import annotations

import concurrent.futures
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from humasgraph.ingest.reading import load_document

from .conftest import Server, free_port, stop_process

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
TOKEN = "workers-test-token"
WORKERS = 4

ARTICLES = "{ articles(first: 50) { nodes { url } } }"
EVENT_SPEAKERS = """{ events(where: {type: COORDINATION_MEETING}, first: 5) {
  nodes { name speakers { person { name } onBehalfOf { __typename ... on Post { label } } } } } }"""
IMPORT = """mutation ($doc: JSON!) { importArticle(document: $doc) {
  __typename ... on ImportSucceeded { url status } ... on ValidationFailed { errors { path message } } } }"""


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
        return [int(p) for p in f.read().split()]


@pytest.fixture(params=["indexes in each worker", "one index file"])
def served(request: pytest.FixtureRequest, oxigraph_server: Server, tmp_path: Path) -> Iterator[str]:
    """``humasgraph serve --workers 4`` over the Oxigraph server, as a real process; its base URL. The
    workers keep their indexes each in its own memory, or share one index file (``index_file``)."""
    settings = oxigraph_server.settings
    port = free_port()
    env = {**os.environ, "HUMASGRAPH_UPDATE_URL": settings.update_url,
           "HUMASGRAPH_GRAPH_STORE_URL": settings.graph_store_url, "HUMASGRAPH_TOKEN": TOKEN}
    if request.param == "one index file":
        env["HUMASGRAPH_INDEX_FILE"] = str(tmp_path / "shared.index.sqlite")
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([str(Path(sys.executable).parent / "humasgraph"), "--store", settings.store,
                                 "serve", "--workers", str(WORKERS), "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200 and len(_children(proc.pid)) >= WORKERS:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"serve did not start: {log.read_text()}"
            time.sleep(0.2)
        yield base
        if request.param == "one index file":  # the workers kept it, none its own
            with sqlite3.connect(env["HUMASGRAPH_INDEX_FILE"]) as db:
                state = dict(db.execute("SELECT key, value FROM state"))
            assert state["identity"] == f"sparql {settings.store}" and int(state["position"]) >= 1
    finally:
        stop_process(proc)
        # The workers' store was the shared server: leave it as the next test expects it, empty of our graphs.
        graphs = httpx.post(settings.store, data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                            headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
        drops = " ;\n".join(f"DROP SILENT GRAPH <{b['g']['value']}>" for b in graphs)
        if drops:
            httpx.post(settings.update_url, data={"update": drops}).raise_for_status()


def _ask_fresh(base: str, query: str, n: int) -> list[dict[str, object]]:
    """``n`` GraphQL requests at once, each on a new connection (so the kernel spreads them over workers)."""
    def one(_: int) -> dict[str, object]:
        with httpx.Client(base_url=base, timeout=30) as client:
            body = client.post("/graphql", json={"query": query}).json()
            assert "errors" not in body, body
            return body["data"]  # type: ignore[no-any-return]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(one, range(n)))


def test_an_import_through_one_worker_is_served_by_all_at_once(served: str, seed_url: str) -> None:
    # Every worker answers (and caches what it can) before the write.
    before = _ask_fresh(served, ARTICLES, 48)
    assert all(d == {"articles": {"nodes": []}} for d in before)

    document = load_document(SEED)[0].model_dump(mode="json", exclude_none=True)
    imported = httpx.post(f"{served}/graphql", json={"query": IMPORT, "variables": {"doc": document}},
                          headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60).json()
    assert imported["data"]["importArticle"] == {"__typename": "ImportSucceeded", "url": seed_url,
                                                 "status": "imported"}

    # Straight after the write, on new connections spread over the workers: every answer has it.
    after = _ask_fresh(served, ARTICLES, 48)
    assert all(d == {"articles": {"nodes": [{"url": seed_url}]}} for d in after)
    events = _ask_fresh(served, EVENT_SPEAKERS, 16)
    for data in events:
        (event,) = data["events"]["nodes"]  # type: ignore[index]
        assert [s["person"]["name"] for s in event["speakers"]] == ["Agung Hikmati", "Helmi Hafid"]
        assert event["speakers"][0]["onBehalfOf"] == {"__typename": "Post",
                                                      "label": "Sekretaris Daerah Provinsi Jawa Tengah"}
