"""Which embedded store: pyoxigraph directly, or the same Oxigraph engine behind rdflib (oxrdflib)?

Loads the same synthetic articles (as the importer's quads) into both, on disk, then runs the
flagship question as one SPARQL query and a point lookup through each, and prints the figures
and the ratios measured in this one run.

    .venv/bin/python benchmarks/store_choice.py [--articles 2000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from humasgraph.ingest.quads import GraphBuilder
from humasgraph.model.identity import Minter, Resolver
from humasgraph.synthetic import generate

BASE = "https://humasgraph.id/id/"
# The flagship question as one query, as an analyst would write it.
FLAGSHIP_SPARQL = (Path(__file__).resolve().parents[1] / "docs" / "flagship.rq").read_text(encoding="utf-8")


def quads(n: int) -> list[ox.Quad]:
    minter = Minter(BASE)
    builder = GraphBuilder(minter, Resolver(minter, None))
    out: list[ox.Quad] = []
    for doc in generate(n, seed=1):
        built = builder.build(doc, doc.index())
        out.extend(built.quads)
        out.extend(ox.Quad(q.subject, q.predicate, q.object, minter.all_graph) for q in built.quads)
    return out


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    return rdflib.Literal(term.value, lang=term.language, datatype=None if term.language else term.datatype.value)


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    data = quads(args.articles)
    all_graph = f"<{BASE}graph/all>"
    flagship = FLAGSHIP_SPARQL.replace("$all", all_graph)
    lookup = ("SELECT ?n WHERE { GRAPH " + all_graph + " { ?p a <http://schema.org/Person> ; "
              "<https://w3id.org/humasgraph/ns#nameKey> ?k ; <http://schema.org/name> ?n } } LIMIT 20")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        direct = ox.Store(str(Path(tmp) / "direct"))
        for i in range(0, len(data), 20_000):
            direct.extend(data[i:i + 20_000])
        load_direct = time.perf_counter() - start

        start = time.perf_counter()
        dataset = rdflib.Dataset(store="Oxigraph")
        dataset.open(str(Path(tmp) / "oxrdflib"), create=True)
        batch = []
        for q in data:
            g = dataset.graph(rdflib.URIRef(q.graph_name.value))
            batch.append((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), g))
            if len(batch) >= 20_000:
                dataset.addN(batch)
                batch = []
        dataset.addN(batch)
        load_rdflib = time.perf_counter() - start

        q_direct = median_ms(lambda: list(direct.query(flagship)), args.repeat)
        q_rdflib = median_ms(lambda: list(dataset.query(flagship)), args.repeat)
        l_direct = median_ms(lambda: list(direct.query(lookup)), args.repeat)
        l_rdflib = median_ms(lambda: list(dataset.query(lookup)), args.repeat)
        rows = len(list(direct.query(flagship)))
        dataset.close()

    print(f"{args.articles} synthetic articles, {len(data):,} quads (article graphs + union graph), on disk")
    print(f"{'':34}{'pyoxigraph':>12}{'oxrdflib':>12}{'ratio':>8}")
    print(f"{'load (s)':34}{load_direct:12.2f}{load_rdflib:12.2f}{load_rdflib / load_direct:8.1f}x")
    print(f"{'flagship, all events (ms, median)':34}{q_direct:12.1f}{q_rdflib:12.1f}{q_rdflib / q_direct:8.1f}x")
    print(f"{'person lookup (ms, median)':34}{l_direct:12.2f}{l_rdflib:12.2f}{l_rdflib / l_direct:8.1f}x")
    print(f"flagship rows: {rows}")


if __name__ == "__main__":
    main()
