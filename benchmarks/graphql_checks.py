"""What the GraphQL shape and cost checks cost on the README's flagship query.

    .venv/bin/python benchmarks/graphql_checks.py [ITERATIONS]

Each iteration validates the query (uncached, as on a document's first request) with the spec's
rules alone, with strawberry's depth and alias limiters (what ran before), and with
``complexity.shape_rule`` (what runs now), then runs the per-request cost walk; the runs are
interleaved so that a busy machine slows all four alike. Prints the medians.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from graphql import OperationDefinitionNode, parse, specified_rules, validate
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from humasgraph.api.complexity import Walk, shape_rule
from humasgraph.api.schema import build_schema
from humasgraph.settings import Settings

README = Path(__file__).resolve().parents[1] / "README.md"


def main(iterations: int) -> None:
    found = re.search(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert found is not None, "README.md has no graphql block"
    schema = build_schema(Settings(store=":memory:"))._schema
    doc = parse(found.group(1))
    op = next(d for d in doc.definitions if isinstance(d, OperationDefinitionNode))
    before = [*specified_rules, *QueryDepthLimiter(max_depth=12).validation_rules,
              *MaxAliasesLimiter(max_alias_count=30).validation_rules]
    after = [*specified_rules, shape_rule(12, 30)]
    runs: dict[str, Callable[[], object]] = {
        "spec rules": lambda: validate(schema, doc, list(specified_rules)),
        "spec + strawberry limiters (before)": lambda: validate(schema, doc, before),
        "spec + shape_rule (after)": lambda: validate(schema, doc, after),
        "cost walk (every request)": lambda: Walk(schema, doc, {}, 12).operation(op),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(iterations):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    print(f"flagship query, estimated cost {Walk(schema, doc, {}, 12).operation(op).cost}; "
          f"medians of {iterations}:")
    for name, values in times.items():
        print(f"  {name:38s} {statistics.median(values) * 1e6:8.0f} µs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 600)
