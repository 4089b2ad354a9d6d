"""The flagship GraphQL query's latency on the seeds and on a synthetic store, against the direct SPARQL path.

Run: .venv/bin/python benchmarks/graphql_latency.py [--articles 10000] [--runs 30]

Each figure is the median (and 95th percentile) of --runs requests through the in-process ASGI
app (HTTP parsing, GraphQL validation, resolvers, loaders, JSON) after one warm-up request. The
baseline, measured in the same run on the same store, is ``Services.flagship``: the four bounded
SPARQL queries of ``queries/flagship.py`` that the CLI runs, with no HTTP or GraphQL around them.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx

from humasgraph.api import create_app
from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.derived.search import SearchIndex
from humasgraph.ingest.importer import Loaded
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.synthetic import generate

REPO = Path(__file__).resolve().parents[1]

# The selection every flagship measurement sends (the query-count test and benchmarks/run.py too).
FLAGSHIP = ("query ($first: Int!, $where: EventWhere) { events(where: $where, first: $first) { nodes {"
            + FLAGSHIP_EVENT_FIELDS + "} } }")
COORDINATION = {"type": "COORDINATION_MEETING"}
SEARCHES = ("agung hikmati", "diskominfo jateng", "gabjar pranowo", "kementerian kominfo", "sekda jateng")


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """(median, p95) milliseconds of ``fn`` over ``runs`` calls after one warm-up."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.95))]


class Api:
    """A synchronous caller of the app's /graphql, in process."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.app = create_app(services.settings, services)
        self.loop = asyncio.new_event_loop()
        self.client = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://bench")

    def query(self, variables: dict[str, object]) -> dict[str, object]:
        response = self.loop.run_until_complete(self.client.post("/graphql", json={"query": FLAGSHIP,
                                                                                   "variables": variables}))
        body: dict[str, object] = response.json()
        if "errors" in body:
            raise SystemExit(f"GraphQL errors: {body['errors']}")
        return body

    def queries_for(self, variables: dict[str, object]) -> int:
        store = self.services.store
        before = store.queries  # type: ignore[attr-defined]
        self.query(variables)
        return int(store.queries - before)  # type: ignore[attr-defined]

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


def import_all(services: Services, docs: Iterable[object]) -> tuple[int, int, float]:
    """(imported, refused, seconds): an article the importer refuses is counted and skipped."""
    start = time.perf_counter()
    n = failed = 0
    loaded = (Loaded(d, d.index(d.article.url), d.article.url) for d in docs)  # type: ignore[attr-defined]
    for outcome in services.importer.import_loaded(loaded):
        n += 1
        if outcome.status == "failed":
            failed += 1
            if failed == 1:
                print(f"(first refused article: {outcome.errors[0][:200]})")
    return n - failed, failed, time.perf_counter() - start


def measure(name: str, services: Services, runs: int) -> None:
    api = Api(services)
    page = {"first": 20, "where": COORDINATION}
    events = services.flagship(limit=20)
    one = {"first": 1, "where": {"id": events[0].iri}} if events else page
    rows = [
        ("flagship page (20 coordination meetings)", lambda: api.query(page),
         lambda: services.flagship(limit=20), api.queries_for(page)),
        ("flagship, one event by id", lambda: api.query(one),
         lambda: services.flagship(events=[events[0].iri] if events else None), api.queries_for(one)),
    ]
    print(f"\n== {name}: {services.store.count():,} quads, {len(events)} events on the first page")
    print(f"{'query':<44}{'GraphQL median':>16}{'p95':>10}{'SPARQL path':>14}{'ratio':>8}{'store queries':>15}")
    for label, graphql, baseline, n_queries in rows:
        g_med, g_p95 = timed(graphql, runs)
        b_med, _ = timed(baseline, runs)
        print(f"{label:<44}{g_med:>13.1f} ms{g_p95:>7.1f} ms{b_med:>11.1f} ms{g_med / b_med:>7.1f}x{n_queries:>15}")
    index = SearchIndex(services.store, services.minter)
    start = time.perf_counter()
    index.current()
    build = time.perf_counter() - start
    medians = [timed(lambda q=q: index.search(q), runs)[0] for q in SEARCHES]
    print(f"search: index built in {build:.2f} s; median per query {statistics.median(medians):.2f} ms "
          f"(worst of {len(SEARCHES)} queries {max(medians):.2f} ms; includes reading the store's generation)")
    api.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="synthetic articles (0 to skip)")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hg-bench-") as tmp:
        seeds = Services.open(Settings(store=str(Path(tmp) / "seeds")))
        seeds.import_paths([REPO / "seeds" / "articles"])
        measure("seeds (seeds/articles)", seeds, args.runs)
        seeds.close()
        if args.articles:
            synthetic = Services.open(Settings(store=str(Path(tmp) / "synthetic")))
            n, refused, seconds = import_all(synthetic, generate(args.articles, 0))
            print(f"\nimported {n:,} synthetic articles (humasgraph.synthetic, seed 0) in {seconds:.0f} s; "
                  f"{refused} refused by the importer's shapes")
            measure(f"synthetic, {n:,} articles", synthetic, args.runs)
            synthetic.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
