"""Namespaces and terms: the only module where an IRI of a vocabulary is spelled.

The humasgraph vocabulary itself is described in ``schema/humasgraph.ttl``; a test checks that
every ``HG`` term used here is declared there.
"""

from __future__ import annotations

from typing import Any

from pyoxigraph import NamedNode

__all__ = [
    "CONCEPT",
    "DCTERMS",
    "FOAF",
    "HG",
    "NS",
    "OA",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SERVICE_HOMEPAGES",
    "SKOS",
    "TIME",
    "XSD",
    "Namespace",
    "compact",
    "concept",
    "concept_value",
]


class Namespace:
    """A vocabulary namespace: ``SCHEMA.name`` or ``SCHEMA["name"]`` gives the term's node."""

    def __init__(self, iri: str) -> None:
        self.iri = iri
        self._cache: dict[str, NamedNode] = {}

    def __getattr__(self, local: str) -> NamedNode:
        if local.startswith("_"):
            raise AttributeError(local)
        node = self[local]
        # Kept as an attribute: later uses are plain attribute reads, never this method (the
        # graph builder reads ~300 terms per article).
        setattr(self, local, node)
        return node

    def __getitem__(self, local: str) -> NamedNode:
        node = self._cache.get(local)
        if node is None:
            node = self._cache[local] = NamedNode(self.iri + local)
        return node

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"


RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
HG = Namespace("https://w3id.org/humasgraph/ns#")
# W3C Web Annotation: where in an article's text an extracted fact was read.
OA = Namespace("http://www.w3.org/ns/oa#")
# SKOS concepts of the humasgraph schemes (event types, roles, acts, agency types).
CONCEPT = Namespace("https://w3id.org/humasgraph/concept/")

# The service an online account is on (foaf:accountServiceHomepage), per platform of the import
# format; a website's account has its own site as the service.
SERVICE_HOMEPAGES: dict[str, NamedNode] = {
    "instagram": NamedNode("https://www.instagram.com/"),
    "x": NamedNode("https://x.com/"),
    "facebook": NamedNode("https://www.facebook.com/"),
    "youtube": NamedNode("https://www.youtube.com/"),
    "tiktok": NamedNode("https://www.tiktok.com/"),
    "threads": NamedNode("https://www.threads.net/"),
}

# Prefixes for SPARQL and Turtle output, in one place.
NS: dict[str, str] = {
    "rdf": RDF.iri,
    "rdfs": RDFS.iri,
    "xsd": XSD.iri,
    "owl": OWL.iri,
    "skos": SKOS.iri,
    "foaf": FOAF.iri,
    "org": ORG.iri,
    "prov": PROV.iri,
    "schema": SCHEMA.iri,
    "time": TIME.iri,
    "dcterms": DCTERMS.iri,
    "oa": OA.iri,
    "hg": HG.iri,
    "hgc": CONCEPT.iri,
}


def compact(iri: str) -> str | None:
    """``schema:name`` for an IRI of a vocabulary of ``NS`` (the longest namespace that fits), else None."""
    best = max((prefix for prefix, ns in NS.items() if iri.startswith(ns)), key=lambda p: len(NS[p]), default=None)
    return f"{best}:{iri[len(NS[best]):]}" if best is not None else None


def concept(scheme: str, value: Any) -> NamedNode:
    """The concept IRI of an import-format value (a string or an enum member): ``hgc:{scheme}/{value, _ as -}``."""
    raw = value.value if hasattr(value, "value") else str(value)
    return CONCEPT[f"{scheme}/{raw.replace('_', '-')}"]


def concept_value(iri: str | None) -> str | None:
    """The import-format value of a concept IRI ("…/concept/event-type/coordination-meeting" →
    "coordination_meeting"), or None for an IRI that is not a concept."""
    if iri is None or not iri.startswith(CONCEPT.iri):
        return None
    return iri.rsplit("/", 1)[-1].replace("-", "_")
