"""A user's SPARQL query, checked before it runs: what a read-only public endpoint must not run.

The checker (rdflib's grammar) and the engine (Oxigraph) are two parsers, and any text they read
differently is a way past the checker. They disagreed on codepoint escapes: the SPARQL spec
expands ``\\u0022`` everywhere before parsing (rdflib does), Oxigraph only inside strings, so
``BIND("\\u0022 AS ?x) # " AS ?y) SERVICE <…>`` was a comment to one and a ``SERVICE`` call to the
other. So the escapes are expanded here, once, as the spec says, and the expanded text is what
both parsers get; an escape that the expansion spells again (``\\u005Cu0022``) is refused, so
neither parser has any escape left to read its own way. ``SERVICE`` is then refused twice, by the
parse tree and by a scan of the text outside strings, IRIs and comments, so that one more
disagreement between the two grammars would still not reach the network.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import QueryRejected

__all__ = ["Checked", "check_query", "expand_escapes"]

_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# The tokens that can hide a word from the scan, as SPARQL 1.1's grammar spells them (§19.8):
# long strings first, then short ones (an unfinished one ends at the line, so nothing is hidden),
# IRIREF, and comments.
_HIDING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n\r]|\\.)*"?|\'(?:[^\'\\\n\r]|\\.)*\'?'
                     r'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*', re.DOTALL)
# SERVICE as a keyword: any spelling not part of a variable's name (``?service``) or a longer word.
_SERVICE = re.compile(r"(?<![?$\w])service(?!\w)", re.IGNORECASE)
# rdflib's grammar recurses about twenty Python frames per nesting level.
_RECURSION = 20_000


@dataclass(frozen=True)
class Checked:
    """A query that passed the checks: the text to run, its form and the graphs its dataset clauses name."""

    text: str
    form: str
    from_graphs: tuple[str, ...]


def expand_escapes(text: str) -> str:
    """``text`` with its ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes expanded once (SPARQL 1.1 §19.2)."""
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRejected(f"{match.group(0)} is not a Unicode character (expected U+0000 to U+10FFFF, "
                                "no surrogates)")
        return chr(code)

    expanded = _ESCAPE.sub(expand, text)
    again = _ESCAPE.search(expanded)
    if again:
        raise QueryRejected(f"an escape spells another escape ({again.group(0)} after expanding the query's "
                            "escapes once): write the character itself")
    return expanded


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, dict):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            yield from _walk(value)


def _parse(text: str) -> Any:
    """rdflib's parse tree of ``text`` as given (no escape expansion of its own)."""
    from pyparsing import ParseException  # noqa: PLC0415 - the grammar takes a while to build
    from rdflib.plugins.sparql.parser import Query, UpdateUnit  # noqa: PLC0415

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION))
    try:
        try:
            return Query.parse_string(text, parse_all=True)
        except ParseException as exc:
            try:
                UpdateUnit.parse_string(text, parse_all=True)
            except ParseException:
                raise QueryRejected(f"invalid SPARQL query: {exc}") from None
            raise QueryRejected("SPARQL updates are not accepted here: this endpoint is read-only") from None
    except RecursionError:
        raise QueryRejected("the query is nested too deeply to check") from None
    finally:
        sys.setrecursionlimit(limit)


def check_query(text: str, graph_base: str) -> Checked:
    """Expand ``text``'s escapes, parse it, and refuse what a read-only public endpoint must not run."""
    text = expand_escapes(text)
    outside = _HIDING.sub(" ", text)
    if _SERVICE.search(outside):
        raise QueryRejected("SERVICE is not allowed: this endpoint queries no other endpoint")
    parsed = _parse(text)
    form = _FORMS.get(getattr(parsed[1], "name", ""), "")
    if not form:
        raise QueryRejected("expected a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    graphs: list[str] = []
    for node in _walk(parsed[1]):
        name = getattr(node, "name", None)
        if name == "ServiceGraphPattern":
            raise QueryRejected(f"SERVICE {node.get('term')} is not allowed: this endpoint queries no other endpoint")
        if name == "DatasetClause":
            clause = "FROM" if "default" in node else "FROM NAMED"
            iri = str(node["default"] if "default" in node else node["named"])
            check_graph(iri, graph_base, clause)
            graphs.append(iri)
    return Checked(text, form, tuple(graphs))


def check_graph(iri: str, graph_base: str, where: str) -> str:
    """``iri`` if it names one of this store's graphs; else a refusal saying where it came from."""
    if not iri.startswith(graph_base) or re.search(r'[\x00-\x20<>"{}|^`\\]', iri):
        raise QueryRejected(f"{where} <{iri}> is not allowed: only this store's graphs "
                            f"(IRIs starting with {graph_base}) can be named")
    return iri
