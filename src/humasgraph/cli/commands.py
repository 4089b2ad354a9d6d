"""The commands of the command line, each thin over ``Services``; their arguments are in ``main``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import HumasgraphError
from ..ingest.importer import Outcome
from ..settings import Settings

__all__ = ["COMMANDS", "command", "import_summary"]

Handler = Callable[[argparse.Namespace, Settings], int]
COMMANDS: dict[str, tuple[Handler, str]] = {}


def command(name: str, help: str) -> Callable[[Handler], Handler]:
    """Register a subcommand's handler; its arguments are declared in ``main._arguments``."""
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = (fn, help)
        return fn
    return register


def _services(settings: Settings, *, read_only: bool = False) -> Any:
    from ..services import Services  # noqa: PLC0415 - keep `--help` fast

    return Services.open(settings, read_only=read_only)


@command("import", "import article metadata (YAML/JSON) and raw articles (.txt/.html); folders are walked")
def _import(args: argparse.Namespace, settings: Settings) -> int:
    from ..errors import StoreInUse  # noqa: PLC0415
    from ..ingest.importer import expand_paths  # noqa: PLC0415
    from .progress import Bar  # noqa: PLC0415 - rich only for those who import

    total = len(expand_paths(args.paths))
    with Bar(total, sys.stderr, forced=args.progress) as progress:
        try:
            services = _services(settings)
        except StoreInUse:
            outcomes = _hand_over(args, settings, progress)
        else:
            try:
                outcomes = services.import_paths(args.paths, dry_run=args.dry_run, progress=progress)
            finally:
                services.close()
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        for line in o.errors:
            print(line, file=sys.stderr)
    if args.format == "json":
        _print_json(import_summary(outcomes, dry_run=args.dry_run))
    elif args.verbose:
        for o in outcomes:
            if o.status != "failed":
                print(f"{o.status}\t{o.url}\t{o.triples}\t{o.source}")
    if not outcomes:
        print("no importable files (.yaml, .yml, .json, .txt, .html) found", file=sys.stderr)
        return 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(outcomes)} file(s): {summary}" + (" (dry run: nothing written)" if args.dry_run else ""),
          file=sys.stderr)
    return 1 if counts.get("failed") else 0


def _hand_over(args: argparse.Namespace, settings: Settings, progress: Callable[[Outcome], None]) -> list[Outcome]:
    """Import through the server that holds the store: read each file here, let it validate and write."""
    from ..errors import HumasgraphError  # noqa: PLC0415
    from ..ingest.importer import expand_paths, failed, read_file  # noqa: PLC0415
    from ..ingest.inputs import RawInput, shown  # noqa: PLC0415
    from ..ingest.intake import hand_over, intake_path  # noqa: PLC0415

    socket_path = intake_path(settings.store)
    if not socket_path.exists():
        raise HumasgraphError(f"{settings.store}: the store is in use by another process, and no server takes "
                              f"imports on {socket_path}; stop that process, or serve the store and import again")

    def read() -> Iterator[RawInput | Outcome]:
        for path in expand_paths(args.paths):
            try:
                yield read_file(path, settings.max_file_bytes)
            except HumasgraphError as exc:
                yield failed(shown(path), exc)

    print(f"the store is being served: handing the files to the server ({socket_path})", file=sys.stderr)
    return hand_over(socket_path, read(), dry_run=args.dry_run, progress=progress)


def import_summary(outcomes: Sequence[Outcome], *, dry_run: bool = False) -> dict[str, Any]:
    """One JSON object for a whole import: counts, quads, each file's outcome, each error by file and field.

    ``quads_added`` counts the quads of the article graphs written, ``quads_removed`` those of the
    graphs they replaced (an article is replaced whole); a dry run writes and removes nothing.
    """
    statuses: dict[str, int] = {}
    for o in outcomes:
        statuses[o.status] = statuses.get(o.status, 0) + 1
    written = [o for o in outcomes if o.status in ("imported", "replaced")]
    return {
        "files": len(outcomes),
        "articles": len({o.url for o in outcomes if o.status != "failed"}),
        "statuses": dict(sorted(statuses.items())),
        "dry_run": dry_run,
        "quads_added": sum(o.triples for o in written),
        "quads_removed": sum(o.removed for o in written),
        "outcomes": [{"file": o.source, "status": o.status, "url": o.url, "quads": o.triples} for o in outcomes],
        "errors": [{"file": o.source, "line": p.line, "field": p.path, "message": p.message}
                   for o in outcomes for p in o.problems],
    }


def _print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=1))


@command("retract", "remove one article and exactly the facts it stated")
def _retract(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    try:
        removed = services.retract(args.url)
    finally:
        services.close()
    print(f"retracted {args.url} ({removed} triples)", file=sys.stderr)
    if args.format == "json":
        _print_json({"url": args.url, "articles": 1, "quads_added": 0, "quads_removed": removed, "errors": []})
    return 0


@command("stats", "count what the graph holds, per kind")
def _stats(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings, read_only=True)
    try:
        counts = services.stats()
    finally:
        services.close()
    if args.format == "json":
        print(json.dumps(counts, indent=1))
    else:
        for name, n in counts.items():
            print(f"{name:<24}{n:>10}")
    return 0


@command("sparql", "run a read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the union graph")
def _sparql(args: argparse.Namespace, settings: Settings) -> int:
    text = sys.stdin.read() if args.query == "-" else args.query
    if args.query != "-" and Path(args.query).is_file():
        text = Path(args.query).read_text(encoding="utf-8")
    services = _services(settings, read_only=True)
    try:
        sys.stdout.buffer.write(services.sparql(text, args.format))
        sys.stdout.flush()
    finally:
        services.close()
    return 0


@command("export", "write the graph in an RDF, Popolo, CSV-tables, FollowTheMoney or network format (docs/exports.md)")
def _export(args: argparse.Namespace, settings: Settings) -> int:
    from ..exports import export  # noqa: PLC0415

    services = _services(settings, read_only=True)
    try:
        if args.out in (None, "-"):
            export(services, args.format, sys.stdout.buffer, article=args.article)
            sys.stdout.flush()
        else:
            try:
                with open(args.out, "wb") as out:
                    export(services, args.format, out, article=args.article)
            except BaseException:
                Path(args.out).unlink(missing_ok=True)  # no half-written file left behind
                raise
    finally:
        services.close()
    return 0


@command("analyze", "network analytics: centrality, path A B, ego ID, top-speakers (docs/analytics.md)")
def _analyze(args: argparse.Namespace, settings: Settings) -> int:
    import dataclasses  # noqa: PLC0415

    services = _services(settings, read_only=True)
    try:
        analytics = services.analytics
        if args.analysis == "centrality":
            found: list[Any] = analytics.centrality(args.metric, args.kind, args.top, start=args.since,
                                                    end=args.until, place=args.place, agency=args.agency)
            lines = [f"{i:>3}. {r.score:<10g} {r.node.describe()}" for i, r in enumerate(found, 1)]
        elif args.analysis == "top-speakers":
            found = analytics.top_speakers(args.since, args.until, args.top)
            lines = [f"{i:>3}. {int(r.score):>6} statements  {r.node.describe()}" for i, r in enumerate(found, 1)]
        elif args.analysis == "path":
            found = analytics.path(args.a, args.b)
            lines = [f"    {h.relation}\n{h.node.describe()}" if h.relation else h.node.describe() for h in found]
        else:
            found = analytics.ego(args.id, args.depth)
            lines = [f"{n.distance}  {n.via.label} — {n.relation} → {n.node.describe()}" for n in found]
    finally:
        services.close()
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(x) for x in found], ensure_ascii=False, indent=1))
    else:
        print("\n".join(lines) if lines else "nothing found")
    return 0


@command("merge", "merge entity OTHER into KEEP (OTHER keeps resolving through owl:sameAs)")
def _merge(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    try:
        record = services.merge(args.keep, args.other)
    finally:
        services.close()
    print(f"merged {record.other.value} into {record.keep.value} ({len(record.graphs)} source graph(s) rebuilt)",
          file=sys.stderr)
    if args.format == "json":
        _print_json({"kept": record.keep.value, "merged": record.other.value, "articles": len(record.graphs),
                     "graphs": sorted(g.value for g in record.graphs), "quads_added": record.added,
                     "quads_removed": record.removed, "errors": []})
    return 0


@command("unmerge", "undo the merge of OTHER, restoring both entities exactly")
def _unmerge(args: argparse.Namespace, settings: Settings) -> int:
    services = _services(settings)
    try:
        record = services.unmerge(args.other)
    finally:
        services.close()
    print(f"unmerged {record.other.value} from {record.keep.value}", file=sys.stderr)
    return 0


@command("flagship", "who spoke at which event on behalf of whom (the flagship question)")
def _flagship(args: argparse.Namespace, settings: Settings) -> int:
    from .report import flagship_json, flagship_table  # noqa: PLC0415

    services = _services(settings, read_only=True)
    try:
        events = services.flagship(event_type=None if args.type == "any" else args.type, limit=args.limit)
    finally:
        services.close()
    sys.stdout.write(flagship_json(events) if args.format == "json" else flagship_table(events))
    return 0


@command("extract", "read raw articles (.txt/.html) into article metadata documents for review")
def _extract(args: argparse.Namespace, settings: Settings) -> int:
    from ..extract import extract_file  # noqa: PLC0415
    from .report import dump_document  # noqa: PLC0415

    inputs = [p for p in args.paths]
    if args.out is None and len(inputs) > 1:
        raise HumasgraphError("several inputs need --out DIR (one document is written per input)")
    gazetteer = None
    if not settings.is_remote and settings.store != ":memory:" and Path(settings.store).is_dir():
        # names the graph already knows resolve misspellings; without a store, reference data only
        services = _services(settings, read_only=True)
        try:
            gazetteer = services.gazetteer()
        finally:
            services.close()
    failed = 0
    for path in inputs:
        try:
            doc = extract_file(path, gazetteer=gazetteer, max_bytes=settings.max_file_bytes)
        except HumasgraphError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        text = dump_document(doc, args.format)
        if args.out is None:
            sys.stdout.write(text)
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{path.stem}.{args.format}").write_text(text, encoding="utf-8")
    return 1 if failed else 0


@command("synth", "write N synthetic articles (deterministic from --seed) as import documents, for benchmarks")
def _synth(args: argparse.Namespace, settings: Settings) -> int:
    from ..synthetic import generate
    from .report import dump_document

    if args.n < 0:
        raise HumasgraphError(f"N={args.n}: expected a number of articles >= 0")
    from .progress import Bar  # noqa: PLC0415

    with Bar(args.n, sys.stderr, what="articles") as progress:
        for i, doc in enumerate(generate(args.n, args.seed)):
            # A thousand files per folder keeps a million-article corpus listable.
            path = args.out / f"{i // 1000:04d}" / f"{i:07d}.{args.format}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_document(doc, args.format), encoding="utf-8")
            progress(Outcome(str(path), "valid"))
    print(f"wrote {args.n} synthetic article(s) to {args.out}", file=sys.stderr)
    return 0


@command("serve", "serve the GraphQL API (and the other HTTP routes) on --host:--port")
def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn  # noqa: PLC0415 - only serving needs the server

    from ..api.app import SETTINGS_ENV, create_app, settings_to_environment  # noqa: PLC0415
    from ..api.server import uvicorn_options  # noqa: PLC0415
    from ..errors import ConfigError  # noqa: PLC0415

    settings = settings.replace(**{k: v for k, v in (("host", args.host), ("port", args.port),
                                                    ("workers", args.workers)) if v is not None},
                                **({"debug": True} if args.debug else {}))
    if settings.workers > 1 and not settings.is_remote:
        raise ConfigError(f"workers={settings.workers}: the embedded store ({settings.store}) allows one process; "
                          "serve it with --workers 1, or point --store at a SPARQL endpoint to run several workers")
    if settings.workers > 1:
        print(f"serving GraphQL on http://{settings.host}:{settings.port}/graphql", file=sys.stderr)
        # Workers are separate processes: they rebuild the app from the settings passed down here, at the edge.
        os.environ[SETTINGS_ENV] = settings_to_environment(settings)
        uvicorn.run("humasgraph.api.app:app_from_environment", factory=True, host=settings.host,
                    port=settings.port, workers=settings.workers, log_level="info", **uvicorn_options(settings))
    else:
        # Opened here, so a store that cannot be opened (in use, unreadable) is one line and exit 1.
        services = _services(settings)
        print(f"serving GraphQL on http://{settings.host}:{settings.port}/graphql", file=sys.stderr)
        if not settings.is_remote and settings.store != ":memory:":
            from ..ingest.intake import intake_path  # noqa: PLC0415

            print(f"taking 'humasgraph import' of this store on {intake_path(settings.store)}", file=sys.stderr)
        try:
            uvicorn.run(create_app(settings, services, freeze_heap=True), host=settings.host, port=settings.port,
                        log_level="info", **uvicorn_options(settings))
        finally:
            services.close()
    return 0
