"""The measurements `benchmarks/run.py` makes at each corpus size, and the table it prints."""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import multiprocessing
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from floor import GRAPHQL_ONE, GRAPHQL_PAGE, floor_one, floor_page, floor_page_values
from pyoxigraph import NamedNode

from humasgraph.api import create_app
from humasgraph.api.context import Context
from humasgraph.api.schema import build_schema
from humasgraph.derived.analytics import Analytics
from humasgraph.exports import export
from humasgraph.ingest.importer import Loaded
from humasgraph.queries.flagship import event_page
from humasgraph.services import Services
from humasgraph.settings import Settings

CHUNK = 1_000
SEARCHES = ("agung hikmati", "Drs. Budi Santoso, M.Si", "diskominfo jateng", "kementerian kominfo",
            "Siti Wibowo", "bidang pelayanan publik", "rapat koordinasi kehumasan", "Dewii Lestari")


@dataclass
class Stage:
    """Every figure measured at one corpus size."""

    articles: int
    quads: int
    import_rate: float
    naive_articles: int = 0
    naive_rate: float = 0.0
    naive_triples: int = 0
    naive_rss_mib: float = 0.0
    import_ratio: float = 0.0
    loader_rate: float = 0.0
    one_ms: float = 0.0
    one_floor_ms: float = 0.0
    one_ratio: float = 0.0
    one_floor_fresh_ms: float = 0.0
    one_layer_ms: float = 0.0
    request_ms: float = 0.0
    one_bound_ratio: float = 0.0
    one_services_ms: float = 0.0
    page_ms: float = 0.0
    page_floor_ms: float = 0.0
    page_ratio: float = 0.0
    # The same requests through the per-field resolvers alone (graphql_compiled off), timed in the same turns.
    one_before_ms: float = 0.0
    one_before_ratio: float = 0.0
    page_before_ms: float = 0.0
    page_before_ratio: float = 0.0
    page_services_ms: float = 0.0
    # The same ratios in CPU time of this process (all its threads) instead of wall time: on a shared machine
    # a request that waits for a core is not slower, and the CPU time does not count the wait.
    one_cpu_ratio: float = 0.0
    page_cpu_ratio: float = 0.0
    floor_rows: dict[str, int] = field(default_factory=dict)
    search_ms: float = 0.0
    search_index_ms: float = 0.0
    search_build_s: float = 0.0
    orders_build_s: float = 0.0
    top_speakers_ms: float = 0.0
    projection_build_s: float = 0.0
    export_quads_per_s: float = 0.0
    export_mib_per_s: float = 0.0
    store_mib: float = 0.0
    peak_rss_mib: float = 0.0
    # Resident memory (VmRSS) after each thing a server keeps beside the store is built.
    rss_mib: dict[str, float] = field(default_factory=dict)
    # The flagship timed again as a server finds the store: in a process of its own that opens it with its index
    # file up to date and scans nothing (``run.py --queries-on``): one_ms, one_floor_ms, one_cpu_ratio, page_ms,
    # page_floor_ms, page_cpu_ratio, request_ms.
    served: dict[str, float] = field(default_factory=dict)
    # The same in a real server (``served.py``: ``humasgraph serve``, its CPU per request read from the kernel, HTTP
    # and all), against the floor in a process that opened the store read-only: one_ms, one_floor_ms,
    # one_cpu_ratio, page_ms, page_floor_ms, page_cpu_ratio, request_ms.
    server: dict[str, float] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem, "python": platform.python_version(),
            "system": platform.platform(), "load_average": os.getloadavg()}


def _status_mib(key: str) -> float | None:
    """A memory figure of this process from /proc/self/status (``VmHWM``, ``VmRSS``), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return None


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far.

    VmHWM, not getrusage: a spawned child's ru_maxrss starts from its parent's at the fork.
    """
    peak = _status_mib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    """Resident memory of this process now."""
    return _status_mib("VmRSS") or 0.0


def disk_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _loaded(start: int, stop: int, seed: int) -> list[Loaded]:
    docs = _slice(start, stop, seed)
    return [Loaded(d, d.index(d.article.url), d.article.url) for d in docs]


def _slice(start: int, stop: int, seed: int) -> list[Any]:
    from humasgraph.synthetic import _Article  # the generator's per-article entry: no need to replay the prefix

    return [_Article(i, seed).document() for i in range(start, stop)]


def import_ours(services: Services, start: int, stop: int, seed: int) -> tuple[float, int]:
    """Import articles ``start``..``stop - 1``; the seconds spent in the importer and the quads written."""
    seconds, quads = 0.0, 0
    for lo in range(start, stop, CHUNK):
        chunk = _loaded(lo, min(stop, lo + CHUNK), seed)
        t = time.perf_counter()
        outcomes = list(services.importer.import_loaded(chunk))
        seconds += time.perf_counter() - t
        failed = [o for o in outcomes if o.status != "imported"]
        if failed:
            raise SystemExit(f"import failed: {failed[0].errors[:3]}")
        quads += sum(o.triples for o in outcomes)
    return seconds, quads


LOADER_SAMPLE = 400_000


def loader_floor(store: Any, work: Path, articles: int) -> float:
    """Articles/s the store's own bulk loader reaches on nothing but writing: no parsing, no checks.

    A sample of the stored quads (article graphs, ``all`` and provenance, as they come) is loaded
    into an empty on-disk store in one ``bulk_extend``, in a child process (so that its memory is
    not counted as ours); the rate is scaled by the quads stored per article. No importer that
    writes what ours writes can beat it.
    """
    from pyoxigraph import RdfFormat, serialize

    sample = work / "loader-floor.nq"
    with sample.open("wb") as f:
        serialize(itertools.islice(store.quads(), LOADER_SAMPLE), f, RdfFormat.N_QUADS)
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    child = ctx.Process(target=_loader_child, args=(sample, work / "loader-floor", there))
    child.start()
    quads_per_s: float = here.recv()
    child.join()
    sample.unlink()
    return quads_per_s / (store.count() / articles)


def _loader_child(sample: Path, target: Path, out: Any) -> None:
    import shutil

    from pyoxigraph import RdfFormat, parse
    from pyoxigraph import Store as OxStore

    quads = list(parse(path=sample, format=RdfFormat.N_QUADS))
    shutil.rmtree(target, ignore_errors=True)
    scratch = OxStore(str(target))
    t = time.perf_counter()
    scratch.bulk_extend(quads)
    scratch.flush()
    seconds = time.perf_counter() - t
    del scratch
    shutil.rmtree(target, ignore_errors=True)
    out.send(len(quads) / seconds)


def _naive_child(n: int, seed: int, out: Any) -> None:
    from naive import import_naive
    from rdflib import Dataset

    dataset = Dataset()
    seconds, triples = 0.0, 0
    for lo in range(0, n, CHUNK):
        docs = _slice(lo, min(n, lo + CHUNK), seed)
        t = time.perf_counter()
        triples += import_naive(dataset, docs)
        seconds += time.perf_counter() - t
    out.send((n / seconds, triples, peak_rss_mib()))


def naive_in_child(n: int, seed: int) -> tuple[float, int, float]:
    """The naive importer's rate on the first ``n`` articles, its triples and its peak RSS (MiB)."""
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    child = ctx.Process(target=_naive_child, args=(n, seed, there))
    child.start()
    result = here.recv()
    child.join()
    return result  # type: ignore[no-any-return]


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs after one warm-up run."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _busiest(services: Services) -> NamedNode:
    """Among the newest 50 coordination meetings, the one with the most speakers and statements."""
    events = services.flagship(limit=50)
    best = max(events, key=lambda e: (len(e.speakers), sum(len(s.statements) for s in e.speakers)))
    return NamedNode(best.iri)


# The figures `--skip` can leave out (each takes minutes at 1M articles).
SKIPPABLE = ("projection", "export")


def query_figures(services: Services, settings: Settings, stage: Stage, repeat: int, work: Path,
                  skip: frozenset[str] = frozenset()) -> None:
    """Flagship (GraphQL and floor), search, top speakers and export, into ``stage``.

    ``skip``: among ``SKIPPABLE``, what not to measure (its figures stay 0, shown as "-")."""
    store = services.store
    event = _busiest(services)
    page = event_page(store, event_type="coordination_meeting", limit=50)
    app = create_app(settings, services)
    before_app = create_app(settings.replace(graphql_compiled=False), services)

    async def graphql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        if "errors" in body:
            raise SystemExit(f"GraphQL errors: {body['errors'][:2]}")
        return body["data"]  # type: ignore[no-any-return]

    async def timed(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> float:
        await graphql(client, query, variables)
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            await graphql(client, query, variables)
            times.append(time.perf_counter() - t)
        return statistics.median(times) * 1000

    async def paired(client: httpx.AsyncClient, before: httpx.AsyncClient, query: str, variables: dict[str, Any],
                     floor: str) -> tuple[float, float, float, float]:
        """Medians of the GraphQL request (compiled path), the same through the resolvers alone, and its floor
        query, run in turn (so that background work in the store, such as compaction after a bulk load, weighs
        on all alike); and the ratio of the request's median CPU time to the floor's. Both paths must answer the
        same."""
        if await graphql(client, query, variables) != await graphql(before, query, variables):
            raise SystemExit("the compiled path and the resolvers answered differently")
        store.select(floor)
        ours, resolvers, theirs, ours_cpu, theirs_cpu = [], [], [], [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            await graphql(client, query, variables)
            ours.append(time.perf_counter() - t)
            ours_cpu.append(time.process_time() - c)
            t = time.perf_counter()
            await graphql(before, query, variables)
            resolvers.append(time.perf_counter() - t)
            t, c = time.perf_counter(), time.process_time()
            store.select(floor)
            theirs.append(time.perf_counter() - t)
            theirs_cpu.append(time.process_time() - c)
        return (statistics.median(ours) * 1000, statistics.median(resolvers) * 1000,
                statistics.median(theirs) * 1000, statistics.median(ours_cpu) / statistics.median(theirs_cpu))

    async def api() -> tuple[tuple[float, float, float, float], tuple[float, float, float, float], float, float]:
        transport = httpx.ASGITransport(app=app)
        before_transport = httpx.ASGITransport(app=before_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client, \
                httpx.AsyncClient(transport=before_transport, base_url="http://bench") as before:
            data = await graphql(client, GRAPHQL_PAGE, {"first": 50})
            if len(data["events"]["nodes"]) != len(page):
                raise SystemExit("the GraphQL page and the floor's page differ in size")
            one = await paired(client, before, GRAPHQL_ONE, {"id": event.value}, q_one)
            many = await paired(client, before, GRAPHQL_PAGE, {"first": 50}, q_page_best)
            search_times = []
            for q in SEARCHES:
                await graphql(client, "query ($q: String!) { search(q: $q) { score label } }", {"q": q})
                search_times.append(await timed(client, "query ($q: String!) { search(q: $q) { score label } }",
                                                {"q": q}))
            # What any request costs before it reads anything: HTTP, parsing, the context.
            request = await timed(client, "{ __typename }", {})
            return one, many, statistics.median(search_times), request

    async def layer() -> float:
        """The one-event query executed with every load already in its loaders' cache: what the
        GraphQL layer itself costs (resolvers, loader waits, result building), with no store work."""
        schema = build_schema(settings.replace(graphql_compiled=False))  # the resolvers' layer
        context = Context.of(shared, None)
        variables = {"id": event.value}
        first = await schema.execute(GRAPHQL_ONE, variable_values=variables, context_value=context)
        queries = store.queries  # type: ignore[attr-defined]
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            result = await schema.execute(GRAPHQL_ONE, variable_values=variables, context_value=context)
            times.append(time.perf_counter() - t)
            if result.errors or result.data != first.data:
                raise SystemExit(f"the cached run answered differently: {result.errors}")
        if store.queries != queries:  # type: ignore[attr-defined]
            raise SystemExit("the cached run still read the store")
        return statistics.median(times) * 1000

    # The floor before the start-up builds below have scanned the store: after them the same query
    # is slower (2.9 -> 5.6 ms at 100k articles), for the floor and for us alike.
    q_one = floor_one(store.all_graph, event)
    stage.one_floor_fresh_ms = median_ms(lambda: store.select(q_one), repeat)

    # What a server builds when it starts (search index, list orders), timed apart: it is then
    # updated after each write, not rebuilt per request.
    shared = app.state.shared
    served = shared.services
    stage.rss_mib["before"] = rss_mib()
    t = time.perf_counter()
    served.search_index.current()
    stage.search_build_s = time.perf_counter() - t
    stage.rss_mib["search index"] = rss_mib()
    t = time.perf_counter()
    served.orders.warm()
    stage.orders_build_s = time.perf_counter() - t
    stage.rss_mib["list orders"] = rss_mib()
    index = served.search_index
    stage.search_index_ms = statistics.median(median_ms(lambda q=q: index.search(q), repeat) for q in SEARCHES)

    q_page, q_values = floor_page(store.all_graph, 50), floor_page_values(store.all_graph, page)
    stage.floor_rows = {"one": len(store.select(q_one)), "page": len(store.select(q_page)),
                        "page_values": len(store.select(q_values))}
    # The best single query for the page: with its own sub-select, or handed the page's IRIs
    # (the faster of the two over three runs each is the one timed beside GraphQL).
    q_page_best = min((q_page, q_values), key=lambda q: median_ms(lambda: store.select(q), 3))
    one, many, stage.search_ms, stage.request_ms = asyncio.run(api())
    stage.one_ms, stage.one_before_ms, stage.one_floor_ms, stage.one_cpu_ratio = one
    stage.page_ms, stage.page_before_ms, stage.page_floor_ms, stage.page_cpu_ratio = many
    stage.one_ratio = stage.one_ms / stage.one_floor_ms
    stage.one_before_ratio = stage.one_before_ms / stage.one_floor_ms
    stage.page_before_ratio = stage.page_before_ms / stage.page_floor_ms
    stage.one_layer_ms = asyncio.run(layer())
    # No request through this layer can beat the floor's store work plus the layer and the request.
    stage.one_bound_ratio = (stage.one_floor_ms + stage.one_layer_ms + stage.request_ms) / stage.one_floor_ms
    stage.page_ratio = stage.page_ms / stage.page_floor_ms
    stage.one_services_ms = median_ms(lambda: services.flagship(events=[event.value]), repeat)
    stage.page_services_ms = median_ms(lambda: services.flagship(limit=50), repeat)

    if "projection" not in skip:
        analytics = Analytics(store)
        t = time.perf_counter()
        analytics.network()
        stage.projection_build_s = time.perf_counter() - t
        stage.rss_mib["projection"] = rss_mib()
        stage.top_speakers_ms = median_ms(lambda: analytics.top_speakers(limit=20), repeat)
    if "export" not in skip:
        export_rate(services, stage, work)


def export_rate(services: Services, stage: Stage, work: Path) -> None:
    """``export --format nquads`` of the whole store to a file: quads and MiB per second."""
    store = services.store
    out = work / "export.nq"
    t = time.perf_counter()
    with out.open("wb") as f:
        export(services, "nquads", f)
    seconds = time.perf_counter() - t
    stage.export_quads_per_s = store.count() / seconds
    stage.export_mib_per_s = out.stat().st_size / 2**20 / seconds
    out.unlink()


def _served(figures: dict[str, float], what: str, ms: str, mark: Callable[[str, float], str]) -> str:
    """A *served* or *server* cell: ms (floor ms), ×floor in CPU time."""
    if not figures:
        return "-"
    ratio = figures[f"{what}_cpu_ratio"]
    return (f"{ms % figures[f'{what}_ms']} ({ms % figures[f'{what}_floor_ms']}), "
            f"{ratio:.2f}{mark(f'{what}_ratio', ratio)}")


def render_table(stages: list[Stage], targets: dict[str, tuple[str, float]], *, header: bool) -> str:
    """The figures as a Markdown table, one row per size; a target missed is marked with ✗."""
    def mark(key: str, value: float) -> str:
        if key not in targets:
            return ""
        limit = targets[key][1]
        ok = value >= limit if key == "import_ratio" else value <= limit
        return " ✓" if ok else " ✗"

    columns: list[tuple[str, Callable[[Stage], str]]] = [
        ("articles", lambda s: f"{s.articles:,}"),
        ("quads", lambda s: f"{s.quads:,}"),
        ("import art/s", lambda s: f"{s.import_rate:,.0f}"),
        ("naive art/s (n)", lambda s: f"{s.naive_rate:,.0f} ({s.naive_articles:,})"),
        ("import ×naive", lambda s: f"{s.import_ratio:.2f}{mark('import_ratio', s.import_ratio)}"),
        ("loader floor art/s", lambda s: f"{s.loader_rate:,.0f}"),
        ("one event ms (floor)", lambda s: f"{s.one_ms:.1f} ({s.one_floor_ms:.1f})"),
        ("one ×floor", lambda s: f"{s.one_ratio:.2f}{mark('one_ratio', s.one_ratio)}"),
        ("one ×floor, CPU", lambda s: f"{s.one_cpu_ratio:.2f}"),
        ("floor before scans ms", lambda s: f"{s.one_floor_fresh_ms:.1f}"),
        ("one, resolvers ms (×floor)", lambda s: f"{s.one_before_ms:.1f} ({s.one_before_ratio:.2f})"),
        ("layer + request ms", lambda s: f"{s.one_layer_ms:.1f} + {s.request_ms:.2f}"),
        ("{ __typename } ms", lambda s: f"{s.request_ms:.2f}{mark('request_ms', s.request_ms)}"),
        ("page 50 ms (floor)", lambda s: f"{s.page_ms:.0f} ({s.page_floor_ms:.0f})"),
        ("page ×floor", lambda s: f"{s.page_ratio:.2f}{mark('page_ratio', s.page_ratio)}"),
        ("page ×floor, CPU", lambda s: f"{s.page_cpu_ratio:.2f}"),
        ("page, resolvers ms (×floor)", lambda s: f"{s.page_before_ms:.0f} ({s.page_before_ratio:.2f})"),
        ("served: one ms (floor), ×floor CPU", lambda s: _served(s.served, "one", "%.1f", mark)),
        ("served: page ms (floor), ×floor CPU", lambda s: _served(s.served, "page", "%.0f", mark)),
        ("server: one ms (floor), ×floor CPU", lambda s: _served(s.server, "one", "%.1f", mark)),
        ("server: page ms (floor), ×floor CPU", lambda s: _served(s.server, "page", "%.0f", mark)),
        ("server: { __typename } ms",
         lambda s: f"{s.server['request_ms']:.2f}{mark('request_ms', s.server['request_ms'])}" if s.server else "-"),
        ("search ms", lambda s: f"{s.search_ms:.1f}{mark('search_ms', s.search_ms)}"),
        ("top speakers ms", lambda s: f"{s.top_speakers_ms:.2f}{mark('top_speakers_ms', s.top_speakers_ms)}"
                                      if s.projection_build_s else "-"),
        ("projection build s", lambda s: f"{s.projection_build_s:.1f}" if s.projection_build_s else "-"),
        ("search + orders build s", lambda s: f"{s.search_build_s:.1f} + {s.orders_build_s:.1f}"),
        ("export quads/s", lambda s: f"{s.export_quads_per_s:,.0f}" if s.export_quads_per_s else "-"),
        ("store MiB", lambda s: f"{s.store_mib:,.0f}"),
        ("peak RSS MiB (naive)", lambda s: f"{s.peak_rss_mib:,.0f} ({s.naive_rss_mib:,.0f})"),
    ]
    lines = []
    if header:
        lines.append("| " + " | ".join(name for name, _ in columns) + " |")
        lines.append("|" + "---:|" * len(columns))
    for s in stages:
        lines.append("| " + " | ".join(cell(s) for _, cell in columns) + " |")
    return "\n".join(lines)
