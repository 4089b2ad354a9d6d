"""The vocabulary in schema/: it parses, declares every hg: term the code uses, its concept
schemes match the import format's enums and the GraphQL enums (the one place they are checked),
and the shapes' sh:in lists match the schemes."""

from __future__ import annotations

import json
import re
import typing
from enum import Enum
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
import rdflib.collection
import rdflib.compare
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from humasgraph.api import enums
from humasgraph.ingest.quads import GraphBuilder
from humasgraph.model.document import PositionItem
from humasgraph.model.enums import Act, AgencyType, EventType, PlaceType, Role
from humasgraph.model.identity import Minter, Resolver
from humasgraph.model.names import ACTING_TITLES
from humasgraph.model.vocab import CONCEPT, HG, NS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schema"
SRC = ROOT / "src" / "humasgraph"
TURTLE = sorted(SCHEMA_DIR.glob("*.ttl"))

HGNS = rdflib.Namespace(HG.iri)
HGC = rdflib.Namespace(CONCEPT.iri)


def _acting_values() -> list[str]:
    optional = PositionItem.model_fields["acting"].annotation
    (literal,) = [a for a in typing.get_args(optional) if a is not type(None)]
    return list(typing.get_args(literal))


def _values(enum: type[Enum]) -> list[str]:
    return [m.value for m in enum]


# scheme → the values the import format allows; concept IRIs are hgc:{scheme}/{value, _ as -}.
SCHEMES: dict[str, list[str]] = {
    "event-type": _values(EventType),
    "role": _values(Role),
    "act": _values(Act),
    "agency-type": _values(AgencyType),
    "place-type": _values(PlaceType),
    "acting": _acting_values(),
}
# scheme → its GraphQL enum, whose members are the values upper-cased.
GRAPHQL_ENUMS: dict[str, type[Enum]] = {
    "event-type": enums.EventType, "role": enums.Role, "act": enums.Act, "acting": enums.Acting,
}
# The property whose values each scheme's concepts are, as the shapes constrain it.
SCHEME_PROPERTY = {
    "event-type": HGNS.eventType,
    "role": HGNS.role,
    "act": rdflib.URIRef("http://www.w3.org/ns/prov#hadRole"),
    "agency-type": HGNS.agencyType,
    "place-type": HGNS.placeType,
    "acting": HGNS.acting,
}


def concept(scheme: str, value: str) -> rdflib.URIRef:
    return HGC[f"{scheme}/{value.replace('_', '-')}"]


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(SCHEMA_DIR / "humasgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def concepts() -> rdflib.Graph:
    return rdflib.Graph().parse(SCHEMA_DIR / "concepts.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SCHEMA_DIR / "shapes.ttl", format="turtle")


def hg_terms_used_in_src() -> set[str]:
    """Local names of hg: terms in the code: ``HG.x``, ``HG["x"]`` and ``hg:x`` in SPARQL text."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used.update(re.findall(r"\bHG\.([A-Za-z_][A-Za-z0-9_]*)", text))
        used.update(re.findall(r"\bHG\[\"([A-Za-z_][A-Za-z0-9_]*)\"\]", text))
        used.update(re.findall(r"(?<![\w/])hg:([A-Za-z_][A-Za-z0-9_]*)", text))
    return used - {"iri"}  # Namespace.iri is the namespace itself


# --- every file parses --------------------------------------------------------------------------


@pytest.mark.parametrize("path", TURTLE, ids=[p.name for p in TURTLE])
def test_turtle_parses_with_both_libraries(path: Path) -> None:
    assert len(list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))) > 10
    assert len(rdflib.Graph().parse(path, format="turtle")) > 10


def test_all_schema_files_are_checked() -> None:
    assert {p.name for p in TURTLE} >= {"humasgraph.ttl", "shapes.ttl", "concepts.ttl"}


# --- the ontology -------------------------------------------------------------------------------


def test_every_hg_term_used_in_src_is_declared(ontology: rdflib.Graph) -> None:
    declared = {str(s)[len(HG.iri):] for s in ontology.subjects(RDF.type, None)
                if str(s).startswith(HG.iri)}
    missing = sorted(hg_terms_used_in_src() - declared)
    assert not missing, f"declare in schema/humasgraph.ttl: {missing}"


def test_declared_terms_have_a_kind_labels_and_comments_in_both_languages(ontology: rdflib.Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    terms = {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(HG.iri)}
    assert len(terms) >= 25
    for term in terms:
        assert set(ontology.objects(term, RDF.type)) & kinds, term
        for prop in (RDFS.label, RDFS.comment):
            languages = {o.language for o in ontology.objects(term, prop)}
            assert languages >= {"en", "id"}, (term, prop)


def test_object_and_datatype_properties_are_not_confused(ontology: rdflib.Graph) -> None:
    xsd = "http://www.w3.org/2001/XMLSchema#"
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert str(rng).startswith(xsd), (prop, rng)
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        for rng in ontology.objects(prop, RDFS.range):
            assert not str(rng).startswith(xsd), (prop, rng)


# --- concept schemes ----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_concept_scheme_matches_its_enum(concepts: rdflib.Graph, scheme: str) -> None:
    iri = HGC[scheme]
    assert (iri, RDF.type, SKOS.ConceptScheme) in concepts
    in_scheme = set(concepts.subjects(SKOS.inScheme, iri))
    expected = {concept(scheme, v) for v in SCHEMES[scheme]}
    assert in_scheme == expected
    assert set(concepts.objects(iri, SKOS.hasTopConcept)) == expected
    for value in SCHEMES[scheme]:
        c = concept(scheme, value)
        assert (c, RDF.type, SKOS.Concept) in concepts
        assert (c, SKOS.topConceptOf, iri) in concepts
        assert (c, SKOS.notation, rdflib.Literal(value)) in concepts
        labels = {o.language: o for o in concepts.objects(c, SKOS.prefLabel)}
        assert set(labels) == {"id", "en"}, c  # exactly one prefLabel per language
        assert {o.language for o in concepts.objects(c, SKOS.definition)} >= {"en", "id"}, c


@pytest.mark.parametrize("scheme", sorted(GRAPHQL_ENUMS))
def test_graphql_enum_spells_its_scheme(concepts: rdflib.Graph, scheme: str) -> None:
    """The one place the three spellings of an enum meet: concepts.ttl, the import format, GraphQL."""
    notations = {str(o) for c in concepts.subjects(SKOS.inScheme, HGC[scheme])
                 for o in concepts.objects(c, SKOS.notation)}
    graphql = GRAPHQL_ENUMS[scheme]
    assert {m.value for m in graphql} == set(SCHEMES[scheme]) == notations
    assert all(m.name == m.value.upper() for m in graphql)


def test_acting_titles_are_the_acting_scheme() -> None:
    assert set(ACTING_TITLES) == set(SCHEMES["acting"])


def test_no_concept_outside_the_schemes(concepts: rdflib.Graph) -> None:
    every = set(concepts.subjects(RDF.type, SKOS.Concept))
    assert every == {concept(s, v) for s, values in SCHEMES.items() for v in values}


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
def test_shapes_allow_exactly_the_schemes_concepts(shapes: rdflib.Graph, scheme: str) -> None:
    lists = [rdflib.collection.Collection(shapes, shapes.value(node, SH["in"]))
             for node in shapes.subjects(SH.path, SCHEME_PROPERTY[scheme])
             if shapes.value(node, SH["in"]) is not None]
    assert lists, f"no sh:in for the {scheme} scheme"
    for members in lists:
        assert list(members) == [concept(scheme, v) for v in SCHEMES[scheme]]


def test_graph_builder_mints_concepts_of_the_schemes(concepts: rdflib.Graph) -> None:
    """Every concept IRI the seed graph uses is a concept of a scheme."""
    from humasgraph.ingest.reading import load_document

    doc, index = load_document(ROOT / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml")
    minter = Minter("https://humasgraph.id/id/")
    built = GraphBuilder(minter, Resolver(minter, None)).build(doc, index)
    used = {rdflib.URIRef(q.object.value) for q in built.quads
            if isinstance(q.object, pyoxigraph.NamedNode) and q.object.value.startswith(CONCEPT.iri)}
    assert used
    assert all((c, RDF.type, SKOS.Concept) in concepts for c in used), used


# --- the JSON-LD context ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def context() -> dict[str, typing.Any]:
    return json.loads((SCHEMA_DIR / "context.jsonld").read_text(encoding="utf-8"))


def test_context_prefixes_are_the_vocab_prefixes(context: dict[str, typing.Any]) -> None:
    ctx = context["@context"]
    for prefix, iri in NS.items():
        assert ctx[prefix] == iri, prefix


def test_context_names_every_hg_term(context: dict[str, typing.Any], ontology: rdflib.Graph) -> None:
    ctx = context["@context"]
    mapped = {(v["@id"] if isinstance(v, dict) else v) for v in ctx.values() if isinstance(v, (str, dict))}
    declared = {f"hg:{str(s)[len(HG.iri):]}" for s in ontology.subjects(RDF.type, None)
                if str(s).startswith(HG.iri)}
    assert declared <= mapped, sorted(declared - mapped)


@pytest.mark.parametrize("suffix", [".yaml", ".txt"])  # curated, and extracted with its evidence annotations
def test_seed_graph_compacts_to_context_terms_and_round_trips(context: dict[str, typing.Any], suffix: str) -> None:
    from humasgraph.extract import extract_file
    from humasgraph.ingest.reading import load_document

    path = ROOT / "seeds" / "articles" / f"cerdas-memanfaatkan-media-sosial{suffix}"
    if suffix == ".txt":
        doc = extract_file(path)
        index = doc.index(str(path))
    else:
        doc, index = load_document(path)
    minter = Minter("https://humasgraph.id/id/")
    built = GraphBuilder(minter, Resolver(minter, None)).build(doc, index)
    nt = pyoxigraph.serialize([q.triple for q in built.quads + built.meta], format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph().parse(data=nt, format="nt")
    compact = json.loads(graph.serialize(format="json-ld", context=context["@context"], auto_compact=True))
    keys: set[str] = set()
    for node in compact["@graph"]:
        keys.update(node)
    assert not [k for k in keys if ":" in k], "predicates without a context term"
    back = rdflib.Graph().parse(data=json.dumps(compact), format="json-ld")
    assert rdflib.compare.isomorphic(graph, back)
