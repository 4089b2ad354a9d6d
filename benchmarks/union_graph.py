"""Could queries read the union of the article graphs instead of the copy of every triple in `all`?

`.venv/bin/python benchmarks/union_graph.py STORE`

Issue 16 asks whether the `all` copy (about 100 quads an article) could go, the store reading the union of
the graphs instead. SPARQL's default graph is a set of triples; this asks Oxigraph how it reads the union
(``use_default_graph_as_union``) of a store as humasgraph writes it: how many solutions a pattern gets for
the triple the most article graphs state, and for the pattern with its subject left open, against `all`;
then the one-event floor query (``floor.py``) over `all` and over the union, the latter in a child process
allowed ``MEMORY`` of address space and ``SECONDS`` of time.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from floor import floor_one  # noqa: E402
from measure import _busiest  # noqa: E402

from humasgraph.services import Services  # noqa: E402
from humasgraph.settings import Settings  # noqa: E402
from humasgraph.store.oxigraph import _PREFIXES  # noqa: E402

MEMORY, SECONDS = 3 * 2**30, 120

# The triple the most article graphs state (the article graphs: the `all` graph's IRI with `article-` for `all`).
MOST = ("SELECT ?s ?p ?o (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), '$articles')) } "
        "GROUP BY ?s ?p ?o ORDER BY DESC(?n) LIMIT 1")


def _opened(store_dir: str) -> tuple[Services, ox.Store, str]:
    services = Services.open(Settings(store=store_dir), read_only=True)
    return services, services.store._store, str(services.store.all_graph)  # type: ignore[attr-defined]


def count(raw: ox.Store, all_graph: str, pattern: str, *, union: bool) -> int:
    query = f"SELECT * WHERE {{ {pattern} }}" if union else f"SELECT * WHERE {{ GRAPH {all_graph} {{ {pattern} }} }}"
    return sum(1 for _ in raw.query(query, use_default_graph_as_union=union))  # type: ignore[union-attr]


def floor_query(store_dir: str, *, union: bool) -> None:
    """Run the one-event floor query over `all` or over the union; print its rows and CPU time."""
    services, raw, all_graph = _opened(store_dir)
    try:
        query = floor_one(services.store.all_graph, _busiest(services))
        if union:
            query = query.replace(f"GRAPH {all_graph} {{", "{", 1)
        started = time.process_time()
        rows = sum(1 for _ in raw.query(query, prefixes=_PREFIXES, use_default_graph_as_union=union))
        print(f"{rows} rows in {(time.process_time() - started) * 1000:.1f} ms of CPU")
    finally:
        services.close()


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def main() -> int:
    if sys.argv[1:2] == ["--floor"]:
        floor_query(sys.argv[2], union=sys.argv[3] == "union")
        return 0
    services, raw, all_graph = _opened(sys.argv[1])
    try:
        articles = services.store.all_graph.value.removesuffix("all") + "article-"
        row = next(iter(raw.query(MOST.replace("$articles", articles))))  # type: ignore[arg-type]
        s, p, o = row["s"], row["p"], row["o"]
        print(f"the triple the most article graphs state: {s} {p} {o}, in {row['n'].value} of them")
        for what, pattern in (("that triple", f"{s} {p} {o}"), ("?x with its predicate and object", f"?x {p} {o}")):
            print(f"{what}: {count(raw, all_graph, pattern, union=True)} solutions over the union, "
                  f"{count(raw, all_graph, pattern, union=False)} in `all`")
    finally:
        services.close()
    for over in ("all", "union"):
        try:
            done = subprocess.run([sys.executable, __file__, "--floor", sys.argv[1], over], check=False,
                                  capture_output=True, text=True, timeout=SECONDS,
                                  preexec_fn=_limited if over == "union" else None)
            said = done.stdout.strip() or f"failed ({done.returncode}): {done.stderr.strip().splitlines()[-1:]}"
        except subprocess.TimeoutExpired:
            said = f"not done in {SECONDS} s"
        print(f"the one-event floor query over {over}: {said}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
