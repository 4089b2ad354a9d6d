"""Checks per second of the seed article graph: humasgraph's compiled shapes vs pyshacl.

Run from the repository root: ``.venv/bin/python benchmarks/shapes_rate.py [--seconds N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pyoxigraph  # noqa: E402
import pyshacl  # noqa: E402
import rdflib  # noqa: E402

from humasgraph.ingest.quads import GraphBuilder  # noqa: E402
from humasgraph.ingest.reading import load_document  # noqa: E402
from humasgraph.ingest.shapes import Shapes, shapes_path  # noqa: E402
from humasgraph.model.identity import Minter, Resolver  # noqa: E402

SEED = ROOT / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"


def rate(run: Callable[[], object], seconds: float) -> tuple[float, int]:
    """Calls per second of ``run`` over about ``seconds`` (at least 3 calls)."""
    n = 0
    start = time.perf_counter()
    while True:
        run()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and n >= 3:
            return n / elapsed, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time spent on each checker")
    args = parser.parse_args()

    doc, index = load_document(SEED)
    minter = Minter("https://humasgraph.id/id/")
    quads = GraphBuilder(minter, Resolver(minter, None)).build(doc, index).quads

    shapes = Shapes.load()
    assert not shapes.check(quads), "the seed graph should conform"
    ours, n_ours = rate(lambda: shapes.check(quads), args.seconds)

    shacl = rdflib.Graph().parse(shapes_path(), format="turtle")
    data = rdflib.Graph().parse(
        data=pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES),
        format="nt")

    def run_pyshacl() -> None:
        conforms, _, _ = pyshacl.validate(data, shacl_graph=shacl, inference="none")
        assert conforms

    theirs, n_theirs = rate(run_pyshacl, args.seconds)

    print(f"seed graph: {len(quads)} quads, {len(shapes.shapes)} node shapes")
    print(f"humasgraph.ingest.shapes: {ours:10.0f} checks/s  ({1000 / ours:.3f} ms per check, {n_ours} runs)")
    print(f"pyshacl {pyshacl.__version__}:    {theirs:10.1f} checks/s  "
          f"({1000 / theirs:.1f} ms per check, {n_theirs} runs)")
    print(f"ratio: {ours / theirs:.0f}x")


if __name__ == "__main__":
    main()
