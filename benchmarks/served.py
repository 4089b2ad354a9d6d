"""The flagship as a deployment pays for it: CPU per request in a real ``humasgraph serve`` process, against its floor.

`.venv/bin/python benchmarks/served.py STORE [--repeat 21] [--batch 50] [--variant NAME=VAR=VALUE ...]`

``run.py``'s *served* columns time the app in the benchmark's own process through httpx's in-process
transport: no HTTP parsing, no socket, and the client's own work counted as the server's. Here a real
server (uvicorn, as ``humasgraph serve`` starts it) answers over a socket, and what it spends is read from
the kernel: the CPU time of all its threads (``/proc/<pid>/task/*/schedstat``, nanoseconds), over a batch
of ``--batch`` requests (a tenth of it for the page), once per ``--repeat``. The floor (``floor.py``) is
timed in this process over the same store opened read-only, in turn with each batch, as a server's CPU
time per query (``time.process_time``). Medians of the per-request means. An idle server spends about 2.5 ms
of CPU a second on its timers (51 ms in 20 s at 1k articles), which the batches count too: under 0.3 % of
theirs.

``--variant``: a server started with an environment variable set (``before=PYTHONPATH=/tmp/old/src`` runs
an older checkout), each over its own copy of the store, all timed in turn with one floor. The store must
have its index file up to date (a store ``run.py`` left), or each server builds it first.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from floor import GRAPHQL_ONE, GRAPHQL_PAGE, floor_one, floor_page_values
from measure import _busiest
from processes import free_port, stop, wait_until_up

from humasgraph.derived.indexfile import index_path
from humasgraph.queries.flagship import event_page
from humasgraph.services import Services
from humasgraph.settings import Settings


def cpu_ns(pid: int) -> int:
    """CPU time of every thread of process ``pid`` so far, in nanoseconds (threads that ended are not counted:
    a server's worker threads live in a pool)."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(Path(f"/proc/{pid}/task/{tid}/schedstat").read_text().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


@dataclass
class Server:
    name: str
    env: dict[str, str]
    store: Path
    proc: subprocess.Popen[bytes] | None = None
    client: httpx.Client | None = None
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def start(self) -> None:
        port = free_port()
        self.proc = subprocess.Popen([str(Path(sys.executable).with_name("humasgraph")), "--store", str(self.store),
                                      "serve", "--port", str(port)], env={**os.environ, **self.env},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(f"http://127.0.0.1:{port}/healthz", self.proc, 3600)
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600)

    def post(self, body: bytes) -> bytes:
        assert self.client is not None
        response = self.client.post("/graphql", content=body, headers={"content-type": "application/json"})
        if response.status_code != 200 or b'"errors"' in response.content:
            raise SystemExit(f"{self.name}: {response.status_code} {response.content[:300]!r}")
        return response.content

    def batch(self, what: str, body: bytes, n: int) -> None:
        assert self.proc is not None
        before = cpu_ns(self.proc.pid)
        for _ in range(n):
            self.post(body)
        self.cpu.setdefault(what, []).append((cpu_ns(self.proc.pid) - before) / n / 1e6)

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.proc is not None:
            stop(self.proc)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--batch", type=int, default=50, help="requests per timed batch (a tenth for the page)")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=VAR=VALUE",
                        help="a server with an environment variable set, over its own copy of the store")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.store.parent) as work:
        servers = [Server("ours", {}, args.store)] if not args.variant else []
        for spec in args.variant:
            name, _, assignment = spec.partition("=")
            var, _, value = assignment.partition("=")
            if not (name and var):
                parser.error(f"--variant {spec!r}: expected NAME=VAR=VALUE")
            copy = Path(work) / name
            shutil.copytree(args.store, copy)
            if index_path(args.store).exists():
                shutil.copy(index_path(args.store), index_path(copy))
            servers.append(Server(name, {var: value}, copy))
        return _measure(args, servers)


def _measure(args: argparse.Namespace, servers: list[Server]) -> int:
    try:
        for server in servers:
            server.start()
        services = Services.open(Settings(store=str(args.store)), read_only=True)
        try:
            store = services.store
            event = _busiest(services)
            page = event_page(store, event_type="coordination_meeting", limit=50)  # the GraphQL page's events
            cases = [("one", GRAPHQL_ONE, {"id": event.value}, floor_one(store.all_graph, event), args.batch),
                     ("page", GRAPHQL_PAGE, {"first": 50}, floor_page_values(store.all_graph, page),
                      max(args.batch // 10, 3)),
                     ("request", "{ __typename }", {}, None, args.batch)]
            floors: dict[str, list[float]] = {}
            for what, query, variables, floor, n in cases:
                body = json.dumps({"query": query, "variables": variables}).encode()
                answers = {s.name: s.post(body) for s in servers}
                if len(set(answers.values())) > 1:
                    raise SystemExit(f"{what}: the servers answered differently")
                answer = json.loads(next(iter(answers.values())))["data"]
                if what == "page" and [n["id"] for n in answer["events"]["nodes"]] != [e.value for e in page]:
                    raise SystemExit("the GraphQL page and the floor's page hold different events")
                for _ in range(n):  # a batch of each, untimed: the floor's process opened the store cold
                    for server in servers:
                        server.post(body)
                    if floor is not None:
                        store.select(floor)
                for _ in range(args.repeat):
                    for server in servers:
                        server.batch(what, body, n)
                    if floor is not None:
                        started = time.process_time()
                        for _ in range(n):
                            store.select(floor)
                        floors.setdefault(what, []).append((time.process_time() - started) / n * 1000)
        finally:
            services.close()
    finally:
        for server in servers:
            server.stop()
    return _report(args, servers, floors, [c[0] for c in cases])


_TITLES = {"one": "one event", "page": "page of 50", "request": "{ __typename }"}


def _report(args: argparse.Namespace, servers: list[Server], floors: dict[str, list[float]], cases: list[str]) -> int:
    """A table, and with ``--json`` per server: one_ms, one_floor_ms, one_cpu_ratio, page_ms, page_floor_ms,
    page_cpu_ratio, request_ms (``run.py`` reads it)."""
    result: dict[str, dict[str, float]] = {}
    print(f"{args.store}: server CPU ms per request (floor ms), ×floor; medians of {args.repeat} batches")
    print("| server | " + " | ".join(_TITLES[c] for c in cases) + " |")
    print("|---|" + "---:|" * len(cases))
    for server in servers:
        cells = []
        figures = result.setdefault(server.name, {})
        for what in cases:
            ours = figures[f"{what}_ms"] = statistics.median(server.cpu[what])
            if what in floors:
                floor = figures[f"{what}_floor_ms"] = statistics.median(floors[what])
                figures[f"{what}_cpu_ratio"] = ours / floor
                cells.append(f"{ours:.2f} ({floor:.2f}), {ours / floor:.2f}×")
            else:
                cells.append(f"{ours:.2f}")
        print(f"| {server.name} | " + " | ".join(cells) + " |")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
