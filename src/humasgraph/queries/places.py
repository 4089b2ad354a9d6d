"""Places by name, and the events held at a place or anywhere within it."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from ..errors import HumasgraphError, NotFound
from ..model.names import fold
from ..store import Store, render

__all__ = ["events_within", "place_named"]

_BY_KEY = """SELECT DISTINCT ?p ?name WHERE { GRAPH $all {
  ?p a schema:Place ; hg:nameKey $key ; schema:name ?name } }"""
_BY_IRI = """SELECT ?name WHERE { GRAPH $all { $p a schema:Place ; schema:name ?name } } LIMIT 1"""
_EVENTS = """SELECT DISTINCT ?e WHERE { GRAPH $all {
  ?e a schema:Event ; schema:location ?at . ?at schema:containedInPlace* $p } }"""


def place_named(store: Store, ref: str) -> str:
    """The IRI of the place ``ref`` names (its IRI, name or alias); an error listing the candidates if several."""
    if ref.startswith(("http://", "https://")) and list(store.select(render(_BY_IRI, all=store.all_graph,
                                                                             p=NamedNode(ref)))):
        return ref
    found = {row["p"].value: row["name"].value
             for row in store.select(render(_BY_KEY, all=store.all_graph, key=Literal(fold(ref))))}
    if len(found) == 1:
        return next(iter(found))
    if not found:
        raise NotFound(f"no place (province, regency, city) named {ref!r} in the graph")
    shown = "; ".join(f"{name} <{iri}>" for iri, name in sorted(found.items()))
    raise HumasgraphError(f"{ref!r} names {len(found)} places; give one IRI: {shown}")


def events_within(store: Store, place: str) -> set[str]:
    """The events held at ``place`` or at a place within it (a venue in a city in the province)."""
    return {row["e"].value for row in store.select(render(_EVENTS, all=store.all_graph, p=NamedNode(place)))}
