"""Where an article's import time goes: milliseconds per article in each stage, at several sizes.

Grows one on-disk store through the sizes with the synthetic corpus (as `run.py` does, in chunks
of 1,000 handed to `Importer.import_loaded`), with a timer around each stage of the import.
Times are exclusive (a stage's time leaves out the stages it calls), so the rows add up to the
import's total; *other* is what no timer covers (the importer's own loop, outcomes, pins).

    .venv/bin/python benchmarks/import_stages.py --sizes 2000,10000 [--batch 200] [--json FILE]

Beside the wall-clock stages, the CPU time per article of the importing thread and of the whole
process: the difference is the store's own threads (the bulk loader's, RocksDB's compactions).

Stages: *states* (the re-import check: each graph's stored hash), *pins* (types of pinned IRIs),
*hash* (the document's content hash), *resolution* (name-key lookups in the store), *build*
(the article's triples and quads), *provenance* (its PROV description), *shacl* (the SHACL
check), *all diff* (which triples `all` lacks), *position* (the feed's position, read),
*bulk load* / *extend* (the quads written), *feed update* (the SPARQL update of the feed
position and generation after a load), *write other* (the rest of `OxigraphStore.write`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from measure import CHUNK, _loaded, peak_rss_mib  # noqa: E402

from humasgraph.services import Services  # noqa: E402
from humasgraph.settings import Settings  # noqa: E402


class Timers:
    """Exclusive time per stage: a stage entered inside another is subtracted from the outer one.

    Both wall-clock time and the CPU time of the calling thread: on a shared machine the first
    counts the waits for a core, the second only the work.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self._stack: list[list[float]] = []  # per open stage: [start, cpu start, children's wall, children's cpu]

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [time.perf_counter(), time.thread_time(), 0.0, 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                wall, cpu = time.perf_counter() - frame[0], time.thread_time() - frame[1]
                self._stack.pop()
                self.seconds[name] = self.seconds.get(name, 0.0) + wall - frame[2]
                self.cpu[name] = self.cpu.get(name, 0.0) + cpu - frame[3]
                if self._stack:
                    self._stack[-1][2] += wall
                    self._stack[-1][3] += cpu

        return timed

    def patch(self, owner: Any, attr: str, name: str) -> None:
        """Time ``owner.attr`` as ``name`` (left alone when this version of the code has no such attribute)."""
        fn = getattr(owner, attr, None)
        if fn is not None:
            setattr(owner, attr, self.wrap(name, fn))

    def take(self) -> tuple[dict[str, float], dict[str, float]]:
        out = self.seconds, self.cpu
        self.seconds, self.cpu = {}, {}
        return out


class _TimedOxStore:
    """The pyoxigraph store with its writes timed (its type is native: methods cannot be patched)."""

    def __init__(self, inner: Any, timers: Timers) -> None:
        self._inner = inner
        self.bulk_extend = timers.wrap("bulk load", inner.bulk_extend)
        self.extend = timers.wrap("extend", inner.extend)
        self.update = timers.wrap("feed update", inner.update)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)


def instrument(services: Services, timers: Timers) -> None:
    """Timers around each stage of this code's import path."""
    from humasgraph.ingest import importer, quads, shapes
    from humasgraph.queries import identity
    from humasgraph.store import oxigraph

    timers.patch(importer, "source_states", "states")
    timers.patch(importer, "document_hash", "hash")
    timers.patch(identity.StoreKeys, "types_of", "pins")
    timers.patch(identity.StoreKeys, "entities_with_keys", "resolution")
    timers.patch(quads.GraphBuilder, "build", "build")
    timers.patch(quads, "source_graph_quads", "provenance")
    timers.patch(shapes.Shapes, "check_triples", "shacl")
    timers.patch(oxigraph.OxigraphStore, "write", "write other")
    timers.patch(oxigraph.OxigraphStore, "_all_copies", "all diff")
    timers.patch(oxigraph.OxigraphStore, "_position", "position")
    store = services.store
    store._store = _TimedOxStore(store._store, timers)  # type: ignore[attr-defined]


ORDER = ("states", "pins", "hash", "resolution", "build", "provenance", "shacl", "all diff", "position",
         "bulk load", "extend", "feed update", "write other", "other")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="comma-separated article counts (at most 10,000 here)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=None, help="the importer's batch size (default: its own)")
    parser.add_argument("--work", type=Path, default=None, help="where the store lives (default: a temporary folder)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",")})

    work = args.work or Path(tempfile.mkdtemp(prefix="hg-stages-"))
    store_dir = work / f"store-{int(time.time())}"
    services = Services.open(Settings(store=str(store_dir)))
    if args.batch is not None:
        services.importer.batch_size = args.batch
    timers = Timers()
    instrument(services, timers)
    rows: list[dict[str, Any]] = []
    done = 0
    try:
        for n in sizes:
            stages: dict[str, float] = {}
            stage_cpu: dict[str, float] = {}
            cpu = {"main thread": 0.0, "process": 0.0}
            total = 0.0
            for lo in range(done, n, CHUNK):
                chunk = _loaded(lo, min(n, lo + CHUNK), args.seed)
                timers.take()
                t, main_cpu, all_cpu = time.perf_counter(), time.thread_time(), time.process_time()
                outcomes = list(services.importer.import_loaded(chunk))
                total += time.perf_counter() - t
                cpu["main thread"] += time.thread_time() - main_cpu
                cpu["process"] += time.process_time() - all_cpu
                walls, cpus = timers.take()
                for name, s in walls.items():
                    stages[name] = stages.get(name, 0.0) + s
                for name, s in cpus.items():
                    stage_cpu[name] = stage_cpu.get(name, 0.0) + s
                bad = [o for o in outcomes if o.status != "imported"]
                if bad:
                    raise SystemExit(f"import failed: {bad[0].errors[:3]}")
            count = n - done
            stages["other"] = total - sum(stages.values())
            stage_cpu["other"] = cpu["main thread"] - sum(stage_cpu.values())
            rows.append({"from": done, "to": n, "rate": count / total, "total_ms": 1000 * total / count,
                         "ms": {k: 1000 * v / count for k, v in stages.items()},
                         "cpu_stage_ms": {k: 1000 * v / count for k, v in stage_cpu.items()},
                         "cpu_ms": {k: 1000 * v / count for k, v in cpu.items()}, "peak_rss_mib": peak_rss_mib(),
                         "quads": services.store.count()})
            print(f"[{done}..{n}] {count / total:.0f} art/s", file=sys.stderr, flush=True)
            done = n
    finally:
        services.close()
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)

    print("| stage | " + " | ".join(f"{r['from']:,}-{r['to']:,}: wall (CPU) ms/art" for r in rows) + " |")
    print("|---|" + "---:|" * len(rows))
    for name in ORDER:
        if any(name in r["ms"] for r in rows):
            print(f"| {name} | " + " | ".join(f"{r['ms'].get(name, 0.0):.2f} ({r['cpu_stage_ms'].get(name, 0.0):.2f})"
                                              for r in rows) + " |")
    print("| **total** | " + " | ".join(f"**{r['total_ms']:.2f}**" for r in rows) + " |")
    for name in ("main thread", "process"):
        print(f"| CPU, {name} | " + " | ".join(f"{r['cpu_ms'][name]:.2f}" for r in rows) + " |")
    print("| art/s | " + " | ".join(f"{r['rate']:.0f}" for r in rows) + " |")
    print("| peak RSS MiB | " + " | ".join(f"{r['peak_rss_mib']:.0f}" for r in rows) + " |")
    if args.json is not None:
        args.json.write_text(json.dumps({"batch": args.batch, "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
