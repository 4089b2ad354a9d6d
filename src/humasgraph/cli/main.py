"""The command line, thin over ``services``: data to stdout, messages to stderr.

Exit codes: 0 done, 1 a handled error (one clear line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..errors import HumasgraphError
from ..settings import Settings
from .commands import COMMANDS

__all__ = ["main", "parser"]


def _arguments(sub: dict[str, argparse.ArgumentParser]) -> None:
    p = sub["import"]
    p.epilog = ("Each file is all-or-nothing: a file with an error writes nothing and is named in one line "
                "per problem; the other files go on, and the exit code is 1 if any failed. While "
                "'humasgraph serve' holds the embedded store, the files are read here and handed to the "
                "server through the socket STORE.sock beside the store folder; it imports them and the "
                "output is the same.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="documents (.yaml, .yml, .json), raw articles (.txt, .html) or folders holding them")
    p.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    p.add_argument("--progress", action="store_true", help="show a progress bar even when stderr is not a terminal")
    p.add_argument("-v", "--verbose", action="store_true", help="print one line per imported file to stdout")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one summary object to stdout (files, articles, quads added and removed, each "
                        "error with its file, line and field)")
    p = sub["retract"]
    p.add_argument("url", metavar="ARTICLE_URL", help="the url the article was imported with")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one summary object to stdout (the url, quads removed)")
    sub["stats"].add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p = sub["sparql"]
    p.add_argument("query", metavar="QUERY", help="the query text, a file holding it, or - for stdin")
    p.add_argument("--format", choices=("table", "json", "xml", "csv", "tsv"), default="table",
                   help="how SELECT and ASK answers are written (CONSTRUCT and DESCRIBE write N-Triples)")
    from ..exports import FORMATS  # noqa: PLC0415

    p = sub["export"]
    p.add_argument("--format", required=True, choices=FORMATS, metavar="FORMAT", help=f"one of {', '.join(FORMATS)}")
    p.add_argument("--out", default=None, help="file to write (default: stdout, or '-'); csv writes a zip")
    p.add_argument("--article", default=None, metavar="URL", help="only this article's graph")
    p = sub["merge"]
    p.add_argument("keep", metavar="KEEP", help="the IRI of the entity kept")
    p.add_argument("other", metavar="OTHER", help="the IRI of the duplicate merged into KEEP")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one summary object to stdout (the IRIs, the graphs rebuilt, quads added and removed)")
    sub["unmerge"].add_argument("other", metavar="OTHER", help="the IRI of the entity merged earlier")
    _analyze_arguments(sub["analyze"])
    p = sub["flagship"]
    p.add_argument("--type", default="coordination_meeting", help="event type, or 'any'")
    p.add_argument("--limit", type=int, default=50, help="at most this many events (default 50)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    p = sub["synth"]
    p.add_argument("n", type=int, metavar="N", help="how many articles")
    p.add_argument("--seed", type=int, default=0, help="the same seed writes the same corpus (default 0)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write the documents to")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="document format (default yaml)")
    p = sub["extract"]
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="raw articles (.txt, .html)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder to write one document per input to (default: stdout, for one input)")
    p.add_argument("--format", choices=("yaml", "json"), default="yaml", help="document format (default yaml)")
    p = sub["serve"]
    p.add_argument("--host", default=None, help="address to bind (env HUMASGRAPH_HOST; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (env HUMASGRAPH_PORT; default 8000)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (env HUMASGRAPH_WORKERS; more than 1 needs a remote store)")
    p.add_argument("--debug", action="store_true", help="show tracebacks in API errors (env HUMASGRAPH_DEBUG)")


def _analyze_arguments(p: argparse.ArgumentParser) -> None:
    import datetime as dt  # noqa: PLC0415

    p.add_argument("--format", choices=("table", "json"), default="table", help="output format")
    subs = p.add_subparsers(dest="analysis", required=True, metavar="ANALYSIS")
    a = subs.add_parser("centrality", help="the most central people (or agencies, posts, events)")
    a.add_argument("--metric", choices=("degree", "betweenness", "pagerank"), default="degree",
                   help="how centrality is measured over the undirected network (default degree)")
    a.add_argument("--kind", choices=("person", "agency", "post", "event", "any"), default="person",
                   help="which nodes to rank (default person)")
    a.add_argument("--top", type=int, default=10, help="how many to list (default 10)")
    a.add_argument("--since", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="only events held from this date, and tenures overlapping the period")
    a.add_argument("--until", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="only events held until this date, and tenures overlapping the period")
    a.add_argument("--place", default=None, metavar="PLACE",
                   help="only events held in this province, regency or city (IRI, name or alias), with who took "
                        "part")
    a.add_argument("--agency", default=None, metavar="AGENCY",
                   help="only this agency (IRI, name or alias), the agencies under it, their posts, holders and "
                        "events")
    a = subs.add_parser("path", help="the shortest chain of relations linking A to B")
    a.add_argument("a", metavar="A", help="an IRI, its tail (person/agung-hikmati) or a name")
    a.add_argument("b", metavar="B", help="an IRI, its tail or a name")
    a = subs.add_parser("ego", help="everything within --depth steps of ID")
    a.add_argument("id", metavar="ID", help="a person, agency, post or event: an IRI, its tail or a name")
    a.add_argument("--depth", type=int, default=1, help="how many steps out (default 1)")
    a = subs.add_parser("top-speakers", help="people with the most statements, optionally in a period")
    a.add_argument("--since", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="only statements dated from this day")
    a.add_argument("--until", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                   help="only statements dated until this day")
    a.add_argument("--top", type=int, default=10, help="how many to list (default 10)")


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``humasgraph`` command."""
    root = argparse.ArgumentParser(prog="humasgraph", description="A knowledge graph of Indonesian "
                                   "government communication.")
    root.add_argument("--version", action="version", version=f"humasgraph {__version__}")
    root.add_argument("--store", default=None, help="store folder, ':memory:' or SPARQL endpoint URL "
                      "(env HUMASGRAPH_STORE; default ./humasgraph-data)")
    root.add_argument("--base-iri", default=None, help="base of minted IRIs (env HUMASGRAPH_BASE_IRI)")
    subs = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub = {name: subs.add_parser(name, help=help, description=help) for name, (_, help) in COMMANDS.items()}
    _arguments(sub)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit code."""
    args = parser().parse_args(argv)
    try:
        settings = Settings.load(os.environ, store=args.store, base_iri=args.base_iri)
        handler, _ = COMMANDS[args.command]
        return handler(args, settings)
    except HumasgraphError as exc:
        print(f"humasgraph: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        print("humasgraph: interrupted", file=sys.stderr)
        return 130

