"""Server time of the web pages (home, search, network, GraphiQL) over an existing store, in process.

Run: .venv/bin/python benchmarks/pages.py --store PATH [--runs 30] [--freeze]
(build a store first, e.g. ``humasgraph synth 5000 --out corpus && humasgraph --store PATH import corpus``)

The app is warmed as ``humasgraph serve`` warms it before its first request (search index, list
orders) and its network projection built (``serve`` starts that build at start-up, in the
background; its time is printed apart); each page is then asked once cold (the home's counts,
the templates compiled, a network picture chosen and laid out), then --runs times; the figures
are milliseconds through the in-process ASGI app (routing, the page's work, Jinja, the
middleware), without a socket. ``--freeze`` then freezes the heap as ``humasgraph serve`` does once started
(``api.app._freeze``); without it the collector walks everything, as in a process that goes on to other work.
The issue's bar is 100 ms per page at 100k articles.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from urllib.parse import urlencode

import httpx

from humasgraph.api import create_app
from humasgraph.api.app import _freeze
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import render

PAGES = ("/", "/?lang=en", "/?q=gabjar", "/?q=diskominfo+jateng", "/?q=budi+santoso", "/graphql",
         # the network picture: cold is choosing and laying out; again, the picture kept with the projection
         "/network", "/network?kind=coappearance", "/network?kind=coappearance&max=300",
         "/network?from=2020-01-01&to=2020-12-31&province=Jawa+Tengah",
         "/network?kind=coappearance&agency=Dinas+Komunikasi+dan+Informatika+Provinsi+Jawa+Tengah")

# The busiest entity of each kind: the heaviest page a reader can open of it.
BUSIEST = {
    "event": "SELECT ?x (COUNT(?ap) AS ?n) WHERE { GRAPH $all { ?x a schema:Event ; schema:performer ?ap } } "
             "GROUP BY ?x ORDER BY DESC(?n) LIMIT 1",
    "person": "SELECT ?x (COUNT(?s) AS ?n) WHERE { GRAPH $all { ?s hg:speaker ?x } } "
              "GROUP BY ?x ORDER BY DESC(?n) LIMIT 1",
    "agency": "SELECT ?x (COUNT(?p) AS ?n) WHERE { GRAPH $all { ?p org:postIn ?x } } "
              "GROUP BY ?x ORDER BY DESC(?n) LIMIT 1",
    "post": "SELECT ?x (COUNT(?t) AS ?n) WHERE { GRAPH $all { ?t hg:post ?x } } GROUP BY ?x ORDER BY DESC(?n) LIMIT 1",
    "article": "SELECT ?x (COUNT(?s) AS ?n) WHERE { GRAPH $all { ?s dcterms:source ?x ; a schema:Quotation } } "
               "GROUP BY ?x ORDER BY DESC(?n) LIMIT 1",
}


def entity_pages(services: Services) -> list[str]:
    """The explorer pages of the busiest event, person, agency, post and article of the store."""
    paths = []
    base = services.settings.base_iri
    for kind, query in BUSIEST.items():
        rows = services.store.select(render(query, all=services.store.all_graph))
        if not rows:
            continue
        iri = rows[0]["x"].value
        paths.append("/article?" + urlencode({"url": iri}) if kind == "article" else "/id/" + iri[len(base):])
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="an on-disk store folder (not being served)")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", nargs="*", default=[], help="these pages only (default: all, and the busiest "
                                                                   "entity of each kind)")
    parser.add_argument("--freeze", action="store_true", help="freeze the started heap, as humasgraph serve does")
    args = parser.parse_args()
    services = Services.open(Settings(store=args.store))
    app = create_app(services.settings, services)
    started = time.perf_counter()
    app.state.shared.warm()  # what `humasgraph serve` does before its first request (search index, orders)
    warm = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    services.analytics.network()  # what `serve` builds in the background from start-up
    projection = (time.perf_counter() - started) * 1000
    if args.freeze:
        _freeze()
    loop = asyncio.new_event_loop()
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")

    def get(path: str) -> float:
        start = time.perf_counter()
        response = loop.run_until_complete(client.get(path, headers={"Accept": "text/html"}))
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}: {response.status_code} {response.text[:200]}")
        return elapsed

    try:
        articles = services.stats(quads=False)["articles"]
        print(f"{articles:,} articles; warmed in {warm:.0f} ms as serve does, network projection built in "
              f"{projection:.0f} ms; {args.runs} runs after a cold one; heap "
              f"{'frozen' if args.freeze else 'not frozen'}", flush=True)
        print(f"{'page':84} {'cold ms':>8} {'median ms':>10} {'p95 ms':>8}")  # entity pages: the busiest of each kind
        for path in args.pages or (*PAGES, *entity_pages(services)):
            cold = get(path)
            samples = sorted(get(path) for _ in range(args.runs))
            p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
            print(f"{path[:84]:84} {cold:8.1f} {statistics.median(samples):10.1f} {p95:8.1f}")
    finally:
        loop.run_until_complete(client.aclose())
        loop.close()
        services.close()


if __name__ == "__main__":
    main()
