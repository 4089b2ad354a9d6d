"""The compiled SHACL checker: the seed conforms, broken graphs fail with the right field error,
pyshacl agrees on every case, and shapes it cannot check are refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from humasgraph.errors import ConfigError, FieldError
from humasgraph.ingest.quads import GraphBuilder
from humasgraph.ingest.reading import load_document
from humasgraph.ingest.shapes import Shapes, shapes_path
from humasgraph.model.identity import Minter, Resolver
from humasgraph.model.vocab import CONCEPT, DCTERMS, HG, ORG, PROV, RDF, SCHEMA, XSD

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
ID = "https://humasgraph.id/id/"
AGUNG = NamedNode(ID + "person/agung-hikmati")
EVENT = NamedNode(ID + "event/sinkronisasi-dan-koordinasi-bidang-kehumasan-provinsi-jawa-tengah--2018-09-26")
KOMINFO = NamedNode(ID + "agency/kementerian-komunikasi-dan-informatika")
SEKDA = NamedNode(ID + "post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah")
JATENG = NamedNode(ID + "place/jawa-tengah")

Quads = list[Quad]


@pytest.fixture(scope="module")
def seed() -> Quads:
    doc, index = load_document(SEED)
    minter = Minter(ID)
    return GraphBuilder(minter, Resolver(minter, None)).build(doc, index).quads


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return Shapes.load()


@pytest.fixture(scope="module")
def shacl_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(shapes_path(), format="turtle")


def pyshacl_conforms(quads: Quads, shacl_graph: rdflib.Graph) -> bool:
    text = pyoxigraph.serialize([q.triple for q in quads], format=pyoxigraph.RdfFormat.N_TRIPLES)
    data = rdflib.Graph().parse(data=text, format="nt")
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shacl_graph, inference="none")
    return bool(conforms)


# --- editing the seed graph --------------------------------------------------------------------


def _one(quads: Quads, s: NamedNode | None, p: NamedNode, o: object = None) -> Quad:
    found = [q for q in quads if (s is None or q.subject == s) and q.predicate == p and (o is None or q.object == o)]
    assert found, (s, p, o)
    return found[0]


def _first_of_type(quads: Quads, cls: NamedNode) -> NamedNode:
    return _one(quads, None, RDF.type, cls).subject  # type: ignore[return-value]


def drop(s: NamedNode | Callable[[Quads], NamedNode] | None, p: NamedNode, o: object = None, *,
         every: bool = False) -> Callable[[Quads], Quads]:
    def edit(quads: Quads) -> Quads:
        subject = s(quads) if callable(s) else s
        if every:
            return [q for q in quads if not ((subject is None or q.subject == subject) and q.predicate == p)]
        gone = _one(quads, subject, p, o)
        return [q for q in quads if q != gone]
    return edit


def add(s: NamedNode | Callable[[Quads], NamedNode], p: NamedNode, o: object) -> Callable[[Quads], Quads]:
    def edit(quads: Quads) -> Quads:
        subject = s(quads) if callable(s) else s
        return [*quads, Quad(subject, p, o, quads[0].graph_name)]  # type: ignore[arg-type]
    return edit


def replace(s: NamedNode | Callable[[Quads], NamedNode], p: NamedNode, o: object) -> Callable[[Quads], Quads]:
    def edit(quads: Quads) -> Quads:
        subject = s(quads) if callable(s) else s
        return [*drop(subject, p, every=True)(quads), Quad(subject, p, o, quads[0].graph_name)]  # type: ignore[arg-type]
    return edit


def statement(quads: Quads) -> NamedNode:
    return _first_of_type(quads, SCHEMA.Quotation)


def tenure(quads: Quads) -> NamedNode:
    return _first_of_type(quads, ORG.Membership)


def delegation(quads: Quads) -> NamedNode:
    return _first_of_type(quads, PROV.Delegation)


def article(quads: Quads) -> NamedNode:
    return _first_of_type(quads, SCHEMA.NewsArticle)


def blank_person(quads: Quads) -> Quads:
    """Agung Hikmati as a blank node: every triple about him moves to it."""
    b = BlankNode("agung")
    return [Quad(b if q.subject == AGUNG else q.subject, q.predicate, b if q.object == AGUNG else q.object,
                 q.graph_name) for q in quads]


def focus_of(kind: str | NamedNode) -> Callable[[Quads], str]:
    def where(quads: Quads) -> str:
        if isinstance(kind, NamedNode):
            return kind.value
        return {"statement": statement, "tenure": tenure, "delegation": delegation,
                "article": article}[kind](quads).value
    return where


# (id, edit, focus node, property curie, a phrase the message must contain)
BROKEN = [
    ("missing-name", drop(AGUNG, SCHEMA.name), AGUNG, "schema:name", "found 0"),
    ("two-names", add(AGUNG, SCHEMA.name, Literal("Agung H.")), AGUNG, "schema:name", "found 2"),
    ("name-with-language", replace(AGUNG, SCHEMA.name, Literal("Agung Hikmati", language="id")),
     AGUNG, "schema:name", "not a literal of datatype xsd:string"),
    ("date-as-plain-text", replace(EVENT, SCHEMA.startDate, Literal("2018-09-26")),
     EVENT, "schema:startDate", "not a literal of datatype xsd:date"),
    ("impossible-date", replace(EVENT, SCHEMA.startDate, Literal("2018-02-30", datatype=XSD.date)),
     EVENT, "schema:startDate", "not a valid xsd:date"),
    ("speaker-is-an-agency", replace(statement, HG.speaker, KOMINFO),
     "statement", "hg:speaker", "is not a schema:Person"),
    ("event-type-not-in-scheme", replace(EVENT, HG.eventType, CONCEPT["event-type/party"]),
     EVENT, "hg:eventType", "is not one of"),
    ("event-type-from-another-scheme", replace(EVENT, HG.eventType, CONCEPT["role/keynote"]),
     EVENT, "hg:eventType", "is not one of"),
    ("two-event-types", add(EVENT, HG.eventType, CONCEPT["event-type/meeting"]),
     EVENT, "hg:eventType", "found 2"),
    ("untyped-post", replace(tenure, HG.post, NamedNode(ID + "post/nowhere")),
     "tenure", "hg:post", "no type in this graph"),
    ("text-too-long", replace(statement, SCHEMA.text, Literal("x" * 20_001)),
     "statement", "schema:text", "expected at most 20000"),
    ("language-not-bcp47", replace(article, SCHEMA.inLanguage, Literal("Indonesian")),
     "article", "schema:inLanguage", "does not match"),
    ("author-is-an-event", replace(statement, SCHEMA.author, EVENT),
     "statement", "schema:author", "is none of"),
    ("author-is-text", replace(statement, SCHEMA.author, Literal("Sekda")),
     "statement", "schema:author", "is none of"),
    ("direct-as-text", replace(statement, HG.direct, Literal("true")),
     "statement", "hg:direct", "xsd:boolean"),
    ("delegation-without-delegate", drop(delegation, HG.delegate, every=True),
     "delegation", "hg:delegate", "found 0"),
    ("delegation-without-act", drop(delegation, PROV.hadRole, every=True),
     "delegation", "prov:hadRole", "found 0"),
    ("act-not-in-scheme", replace(delegation, PROV.hadRole, CONCEPT["act/dancing"]),
     "delegation", "prov:hadRole", "is not one of"),
    ("negative-participants", replace(EVENT, HG.participantCount, Literal("-5", datatype=XSD.integer)),
     EVENT, "hg:participantCount", "does not match"),
    ("mentions-a-post", add(article, SCHEMA.mentions, SEKDA),
     "article", "schema:mentions", "is none of"),
    ("name-key-not-folded", add(AGUNG, HG.nameKey, Literal("Agung Hikmati")),
     AGUNG, "hg:nameKey", "does not match"),
    ("place-type-from-another-scheme", replace(JATENG, HG.placeType, CONCEPT["agency-type/ministry"]),
     JATENG, "hg:placeType", "is not one of"),
    ("statement-without-source", drop(statement, DCTERMS.source, every=True),
     "statement", "dcterms:source", "found 0"),
]


@pytest.mark.parametrize(("case", "edit", "focus", "prop", "phrase"), BROKEN, ids=[c[0] for c in BROKEN])
def test_broken_graph_gives_its_field_error(seed: Quads, shapes: Shapes, shacl_graph: rdflib.Graph, case: str,
                                            edit: Callable[[Quads], Quads], focus: object, prop: str,
                                            phrase: str) -> None:
    broken = edit(seed)
    where = focus.value if isinstance(focus, NamedNode) else focus_of(focus)(seed)  # type: ignore[arg-type]
    errors = shapes.check(broken)
    assert {e.path for e in errors} == {f"{where} {prop}"}, errors
    assert any(phrase in e.message for e in errors), errors
    assert not pyshacl_conforms(broken, shacl_graph)


def test_seed_graph_conforms(seed: Quads, shapes: Shapes, shacl_graph: rdflib.Graph) -> None:
    assert shapes.check(seed) == []
    assert pyshacl_conforms(seed, shacl_graph)


def test_focus_node_must_be_an_iri(seed: Quads, shapes: Shapes, shacl_graph: rdflib.Graph) -> None:
    broken = blank_person(seed)
    errors = shapes.check(broken)
    assert FieldError("_:agung", "a person must be named by an IRI (_:agung is not of node kind sh:IRI)") in errors
    assert not pyshacl_conforms(broken, shacl_graph)


def test_message_is_the_shapes_and_names_the_value(seed: Quads, shapes: Shapes) -> None:
    (error,) = shapes.check(replace(EVENT, HG.eventType, CONCEPT["event-type/party"])(seed))
    assert error.message.startswith("an event has exactly one hg:eventType, a concept of hgc:event-type (")
    assert "<https://w3id.org/humasgraph/concept/event-type/party>" in error.message or \
        "hgc:event-type/party" in error.message
    assert "hgc:event-type/coordination-meeting" in error.message  # the valid choices are listed


def test_duplicate_quads_count_once(seed: Quads, shapes: Shapes) -> None:
    assert shapes.check(seed + seed) == []


def test_subclass_triples_in_the_data_are_honoured(shapes: Shapes) -> None:
    g = NamedNode("https://example.org/g")
    minister = NamedNode("https://example.org/Minister")
    someone = NamedNode("https://example.org/someone")
    quads = [Quad(minister, NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"), SCHEMA.Person, g),
             Quad(someone, RDF.type, minister, g)]
    errors = shapes.check(quads)
    assert [e.path for e in errors] == [f"{someone.value} schema:name", f"{someone.value} hg:nameKey"]


def test_load_is_cached() -> None:
    assert Shapes.load() is Shapes.load()
    assert Shapes.load(shapes_path()) is Shapes.load()


# --- shapes the checker cannot check are refused -----------------------------------------------

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <https://example.org/> .
@prefix schema: <http://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""

UNSUPPORTED = [
    ("sh:node", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                "sh:property [ sh:path schema:knows ; sh:node ex:T ] .", "sh:node"),
    ("sh:sparql", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; sh:sparql [ sh:select 'SELECT 1 {}' ] .",
     "sh:sparql"),
    ("sh:targetNode", "ex:S a sh:NodeShape ; sh:targetNode ex:x ; "
                      "sh:property [ sh:path schema:name ; sh:minCount 1 ] .", "sh:targetNode"),
    ("sh:targetSubjectsOf", "ex:S a sh:NodeShape ; sh:targetSubjectsOf schema:name .", "sh:targetSubjectsOf"),
    ("property path", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                      "sh:property [ sh:path ( schema:knows schema:name ) ; sh:minCount 1 ] .",
     "sh:path must be an IRI"),
    ("inverse path", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                     "sh:property [ sh:path [ sh:inversePath schema:knows ] ; sh:maxCount 1 ] .",
     "sh:path must be an IRI"),
    ("warning severity", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                         "sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:severity sh:Warning ] .",
     "sh:severity"),
    ("deactivated", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; sh:deactivated true .", "sh:deactivated"),
    ("no target", "ex:S a sh:NodeShape ; sh:property [ sh:path schema:name ; sh:minCount 1 ] .", "no sh:targetClass"),
    ("implicit class target", "ex:S a sh:NodeShape , rdfs:Class ; "
                              "sh:property [ sh:path schema:name ; sh:minCount 1 ] .", "implicit class targets"),
    ("sh:equals", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                  "sh:property [ sh:path schema:name ; sh:equals schema:alternateName ] .", "sh:equals"),
    ("sh:hasValue", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                    "sh:property [ sh:path schema:name ; sh:hasValue 'x' ] .", "sh:hasValue"),
    ("sh:or member with sh:minCount", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
     "sh:property [ sh:path schema:knows ; sh:or ( [ sh:path schema:name ; sh:minCount 1 ] ) ] .", "sh:path"),
    ("top-level property shape", "ex:P a sh:PropertyShape ; sh:targetClass schema:Person ; sh:path schema:name ; "
                                 "sh:minCount 1 .", "property shape must be used through sh:property"),
    ("stray SHACL", "ex:S a sh:NodeShape ; sh:targetClass schema:Person . ex:orphan sh:path schema:name .",
     "not reached from any node shape"),
    ("bad node kind", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; sh:nodeKind sh:Thing .", "sh:nodeKind"),
    ("bad regex", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                  "sh:property [ sh:path schema:name ; sh:pattern '(' ] .", "not a valid regular expression"),
    ("two patterns", "ex:S a sh:NodeShape ; sh:targetClass schema:Person ; "
                     "sh:property [ sh:path schema:name ; sh:pattern 'a' , 'b' ] .", "sh:pattern is given 2 times"),
]


@pytest.mark.parametrize(("case", "turtle", "named"), UNSUPPORTED, ids=[c[0] for c in UNSUPPORTED])
def test_unsupported_shapes_are_refused(tmp_path: Path, case: str, turtle: str, named: str) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + turtle, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        Shapes.load(path)
    assert str(path) in str(info.value)
    assert named in str(info.value)


def test_bad_turtle_and_missing_file_are_config_errors(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid Turtle"):
        Shapes.load(path)
    with pytest.raises(ConfigError, match="cannot read"):
        Shapes.load(tmp_path / "absent.ttl")


def test_supported_shapes_compile(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + """
ex:S a sh:NodeShape ; sh:targetClass schema:Person ; sh:nodeKind sh:IRI ; sh:name "person" ;
  sh:property [ sh:path schema:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:minLength 2 ;
                sh:pattern "^a" ; sh:flags "i" ; sh:severity sh:Violation ;
                sh:message "name"@en , "nama"@id ] .
""", encoding="utf-8")
    shapes = Shapes.load(path)
    g = NamedNode("https://example.org/g")
    x = NamedNode("https://example.org/x")
    assert shapes.check([Quad(x, RDF.type, SCHEMA.Person, g), Quad(x, SCHEMA.name, Literal("Ab"), g)]) == []
    (error,) = shapes.check([Quad(x, RDF.type, SCHEMA.Person, g), Quad(x, SCHEMA.name, Literal("A"), g)])
    assert error.path == "https://example.org/x schema:name"
    assert error.message.startswith("name (")


# --- the evidence of an extracted article ------------------------------------------------------


@pytest.fixture(scope="module")
def extracted() -> Quads:
    from humasgraph.extract import extract_file  # noqa: PLC0415

    doc = extract_file(SEED.with_suffix(".txt"))
    minter = Minter(ID)
    return GraphBuilder(minter, Resolver(minter, None)).build(doc, doc.index("x")).quads


def _with(quads: Quads, p: NamedNode, value: Literal) -> Quads:
    """``quads`` with the first value of ``p`` replaced by ``value``."""
    at = next(i for i, q in enumerate(quads) if q.predicate == p)
    q = quads[at]
    return [*quads[:at], Quad(q.subject, p, value, q.graph_name), *quads[at + 1:]]


def test_extracted_graph_with_its_annotations_conforms(extracted: Quads, shapes: Shapes,
                                                       shacl_graph: rdflib.Graph) -> None:
    from humasgraph.model.vocab import OA  # noqa: PLC0415

    types = {q.object for q in extracted if q.predicate == RDF.type}
    assert {OA.Annotation, OA.SpecificResource, OA.TextQuoteSelector, OA.TextPositionSelector} <= types
    assert shapes.check(extracted) == []
    assert pyshacl_conforms(extracted, shacl_graph)


@pytest.mark.parametrize(("prop", "value", "phrase"), [
    ("confidence", Literal("1.5", datatype=XSD.decimal), "from 0 to 1"),
    ("start", Literal("7"), "xsd:nonNegativeInteger"),
])
def test_broken_annotation_is_refused(extracted: Quads, shapes: Shapes, shacl_graph: rdflib.Graph, prop: str,
                                      value: Literal, phrase: str) -> None:
    from humasgraph.model.vocab import OA  # noqa: PLC0415

    broken = _with(extracted, HG.confidence if prop == "confidence" else OA.start, value)
    errors = shapes.check(broken)
    assert errors and all(phrase in e.message for e in errors), errors
    assert not pyshacl_conforms(broken, shacl_graph)
