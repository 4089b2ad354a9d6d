"""`make bench`: import, flagship, search, ranking and export at 1k, 10k and 100k articles (1M with --huge).

One run grows one on-disk store through the sizes (a smaller synthetic corpus is a prefix of a
larger one), and at each size measures our path beside its reference in the same run: the import
beside the naive importer (rdflib in memory, in a child process so that its memory is its own),
the flagship GraphQL query beside the floor (one hand-written SPARQL query on the same store).
It prints a table and writes ``bench-results/bench-<time>.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import (  # noqa: E402
    SKIPPABLE,
    Stage,
    disk_size,
    import_ours,
    loader_floor,
    machine,
    naive_in_child,
    peak_rss_mib,
    query_figures,
    render_table,
)

from humasgraph.services import Services  # noqa: E402
from humasgraph.settings import Settings  # noqa: E402

TARGETS = {
    "import_ratio": ("import ≥ 5× naive", 5.0),
    "one_ratio": ("flagship one event ≤ 1.5× floor", 1.5),
    "page_ratio": ("page of 50 ≤ 2× floor", 2.0),
    "request_ms": ("{ __typename } ≤ 0.5 ms", 0.5),
    "search_ms": ("search ≤ 20 ms", 20.0),
    "top_speakers_ms": ("top speakers ≤ 500 ms", 500.0),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated article counts")
    parser.add_argument("--huge", action="store_true", help="also 1,000,000 articles")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=15, help="runs per query; medians are reported")
    parser.add_argument("--naive-cap", type=int, default=20_000,
                        help="most articles the naive importer loads (rdflib needs ~1.7 GB per million "
                             "triples); a smaller load only flatters its rate")
    parser.add_argument("--work", type=Path, default=Path("bench-results/work"), help="where the store lives")
    parser.add_argument("--out", type=Path, default=Path("bench-results"))
    parser.add_argument("--queries-on", type=Path, metavar="STORE",
                        help="measure only the queries, on a store an earlier run left with the first N "
                             "articles (N: the one size given); no import, no naive importer")
    parser.add_argument("--grow", type=Path, metavar="STORE",
                        help="go on with the store an earlier run left (holding the corpus' first N articles): "
                             "only the sizes above N, imported on top of it; the import rate then covers the "
                             "articles this run imported")
    parser.add_argument("--skip", default="", metavar="WHAT",
                        help=f"comma-separated figures not to measure, among: {', '.join(SKIPPABLE)} "
                             "(the network projection and the export each take half an hour at 1M)")
    args = parser.parse_args(argv)
    args.skip = frozenset(w for w in args.skip.split(",") if w)
    if not args.skip <= set(SKIPPABLE):
        parser.error(f"--skip {','.join(sorted(args.skip))}: expected some of {', '.join(SKIPPABLE)}")
    sizes = sorted({int(s) for s in args.sizes.split(",")} | ({1_000_000} if args.huge else set()))
    if args.queries_on is not None:
        if len(sizes) != 1:
            parser.error("--queries-on takes one size: the number of articles in that store")
        return queries_only(args.queries_on, sizes[0], args)

    store_dir = args.grow or args.work / f"store-{int(time.time())}"
    settings = Settings(store=str(store_dir))
    services = Services.open(settings)
    stages: list[Stage] = []
    first = imported = services.stats()["articles"] if args.grow else 0
    sizes = [n for n in sizes if n > first]
    if not sizes:
        parser.error(f"{store_dir} holds {first} articles already: give larger --sizes")
    import_seconds = 0.0
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    try:
        for n in sizes:
            print(f"[{n}] importing articles {imported}..{n - 1}", file=sys.stderr, flush=True)
            seconds, _ = import_ours(services, imported, n, args.seed)
            import_seconds += seconds
            imported = n
            stage = Stage(articles=n, quads=services.store.count(), import_rate=(n - first) / import_seconds)
            naive_n = min(n, args.naive_cap)
            print(f"[{n}] naive importer on {naive_n} articles", file=sys.stderr, flush=True)
            stage.naive_articles = naive_n
            stage.naive_rate, stage.naive_triples, stage.naive_rss_mib = naive_in_child(naive_n, args.seed)
            stage.import_ratio = stage.import_rate / stage.naive_rate
            stage.loader_rate = loader_floor(services.store, args.work, n)
            print(f"[{n}] queries", file=sys.stderr, flush=True)
            services.store.flush()  # type: ignore[attr-defined]
            stage.store_mib = disk_size(store_dir) / 2**20
            query_figures(services, settings, stage, args.repeat, args.work, args.skip)
            stage.peak_rss_mib = peak_rss_mib()
            services.close()  # the store is a server's to open, now that its index file is up to date
            stage.served = served_figures(store_dir, n, args)
            stage.server = server_figures(store_dir, args)
            services = Services.open(settings)
            stages.append(stage)
            print(render_table([stage], TARGETS, header=True), file=sys.stderr, flush=True)
    finally:
        services.close()

    return report(stages, started, args)


SERVED = ("one_ms", "one_floor_ms", "one_cpu_ratio", "page_ms", "page_floor_ms", "page_cpu_ratio", "request_ms")


def served_figures(store_dir: Path, n: int, args: argparse.Namespace) -> dict[str, float]:
    """The flagship's figures as a server finds the store: ``--queries-on`` in a process of its own. In the process
    that has just imported the store and scanned it to build its index file, the same floor query was slower and
    moved from run to run (1k: one event 3.1-5.6 ms against 2.4-3.0), which flattered the ratios."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([sys.executable, __file__, "--queries-on", str(store_dir), "--sizes", str(n),
                        "--repeat", str(args.repeat), "--skip", "projection,export", "--work", str(args.work),
                        "--out", out], check=True, stdout=subprocess.DEVNULL)
        (found,) = Path(out).glob("bench-*.json")
        stage = json.loads(found.read_text(encoding="utf-8"))["stages"][0]
    return {k: float(stage[k]) for k in SERVED}


def server_figures(store_dir: Path, args: argparse.Namespace) -> dict[str, float]:
    """The flagship's figures in a real server (``served.py``): the CPU a deployment spends per request, HTTP and
    all, against the floor timed in this process over the same store opened read-only."""
    with tempfile.TemporaryDirectory() as out:
        found = Path(out) / "server.json"
        subprocess.run([sys.executable, str(Path(__file__).with_name("served.py")), str(store_dir),
                        "--repeat", str(args.repeat), "--json", str(found)], check=True, stdout=subprocess.DEVNULL)
        return {k: float(v) for k, v in json.loads(found.read_text(encoding="utf-8"))["ours"].items()}


def queries_only(store_dir: Path, n: int, args: argparse.Namespace) -> int:
    """The query figures again on a store an earlier run imported (import columns left at 0)."""
    settings = Settings(store=str(store_dir))
    services = Services.open(settings)
    started = time.strftime("%Y-%m-%dT%H:%M:%S")
    try:
        articles = services.stats()["articles"]
        if articles != n:
            raise SystemExit(f"{store_dir} holds {articles} articles, not {n}")
        stage = Stage(articles=n, quads=services.store.count(), import_rate=0.0)
        stage.store_mib = disk_size(store_dir) / 2**20
        query_figures(services, settings, stage, args.repeat, args.work, args.skip)
        stage.peak_rss_mib = peak_rss_mib()
    finally:
        services.close()
    return report([stage], started, args)


def report(stages: list[Stage], started: str, args: argparse.Namespace) -> int:
    table = render_table(stages, TARGETS, header=True)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    result = {"started": started, "machine": machine(), "seed": args.seed, "repeat": args.repeat,
              "skipped": sorted(args.skip),
              "naive_cap": args.naive_cap, "queries_on": str(args.queries_on) if args.queries_on else None,
              "grown_from": str(args.grow) if args.grow else None,
              "stages": [s.as_dict() for s in stages], "targets": {k: v[0] for k, v in TARGETS.items()}}
    path = args.out / f"bench-{started.replace(':', '')}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
