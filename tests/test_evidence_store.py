"""Evidence of extracted facts in the store: W3C Web Annotations in the article's graph, that
round-trip through `extract --format yaml`, go with a retraction and are replaced on re-import."""

from __future__ import annotations

from pathlib import Path

import yaml
from pyoxigraph import Literal, NamedNode

from humasgraph.cli import main
from humasgraph.ingest.reading import load_document
from humasgraph.model.vocab import HG, OA, RDF, XSD
from humasgraph.services import Services
from test_import import SEED, dataset

TEXT = SEED.with_suffix(".txt")


def _extracted_yaml(tmp_path: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    assert main(["extract", str(TEXT), "--format", "yaml"]) == 0
    path = tmp_path / "extracted.yaml"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    return path


def _article_graph(services: Services) -> set[str]:
    """The quads of the article graphs (not the metadata graph, which says how each was made)."""
    return {q for q in dataset(services) if not q.endswith("/graph/meta>")}


def _annotations(services: Services) -> list[str]:
    return sorted({q.subject.value for q in services.store.quads() if q.predicate == RDF.type
                   and q.object == OA.Annotation})


def test_extracted_yaml_shows_evidence_and_reimports_to_the_same_graph(services: Services, tmp_path: Path,
                                                                      capsys) -> None:  # type: ignore[no-untyped-def]
    path = _extracted_yaml(tmp_path, capsys)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = TEXT.read_text(encoding="utf-8-sig")
    for item in [*data["statements"], *data["delegations"]]:
        e = item["evidence"]
        assert text[e["start"]:e["end"]] == e["exact"] and 0 <= item["confidence"] <= 1
    assert "confidence: 0.9  # reported" in path.read_text(encoding="utf-8")  # the doubts, as a comment
    doc, _ = load_document(path)
    (outcome,) = services.import_paths([path])
    assert outcome.status == "imported"
    from_yaml = _article_graph(services)
    # one annotation per extracted statement, delegation, person and event, and nothing else
    assert len(_annotations(services)) == len(doc.statements) + len(doc.delegations) + len(doc.people) + \
        len(doc.events)
    services.retract(doc.article.url)
    (again,) = services.import_paths([TEXT])  # the raw text, extracted on import
    assert again.status == "imported"
    assert _article_graph(services) == from_yaml


def test_curated_facts_carry_no_annotation(seeded: Services) -> None:
    assert _annotations(seeded) == []
    assert not [q for q in seeded.store.quads() if q.predicate.value.startswith(OA.iri)]


def test_retract_removes_the_annotations_with_the_article(services: Services, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = dataset(services)
    path = _extracted_yaml(tmp_path, capsys)
    services.import_paths([path])
    assert _annotations(services)
    doc, _ = load_document(path)
    services.retract(doc.article.url)
    assert _annotations(services) == []
    assert not [q for q in services.store.quads() if q.predicate.value.startswith(OA.iri)
                or q.predicate == HG.confidence]
    assert dataset(services) == before


def test_reimport_replaces_the_annotations(services: Services, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = _extracted_yaml(tmp_path, capsys)
    services.import_paths([path])
    count = len(_annotations(services))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["statements"][0]["confidence"] = 0.42
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (outcome,) = services.import_paths([path])
    assert outcome.status == "replaced"
    confidences = [q.object for q in services.store.quads() if q.predicate == HG.confidence]
    assert Literal("0.42", datatype=XSD.decimal) in confidences
    assert len(_annotations(services)) == count
    # the position selector of each target is still one start (in the article graph)
    starts: dict[NamedNode, int] = {}
    for q in services.store.quads():
        if q.predicate == OA.start and q.graph_name != services.minter.all_graph:
            starts[q.subject] = starts.get(q.subject, 0) + 1  # type: ignore[index]
    assert starts and set(starts.values()) == {1}


def test_a_merge_rebuilds_the_annotations_and_its_undo_restores_them(services: Services) -> None:
    services.import_paths([TEXT])
    before = dataset(services)
    count = len(_annotations(services))
    agung, helmi = "https://humasgraph.id/id/person/agung-hikmati", "https://humasgraph.id/id/person/helmi-hafid"
    services.merge(agung, helmi)
    assert len(_annotations(services)) == count
    bodies = {q.object.value for q in services.store.quads() if q.predicate == OA.hasBody}
    assert agung in bodies and helmi not in bodies  # the merged person's annotation now names the kept one
    services.unmerge(helmi)
    assert dataset(services) == before


def test_the_documented_annotation_is_the_one_built() -> None:
    """docs/model.md shows the annotation of one statement of the seed's raw text: its IRIs are real."""
    from humasgraph.extract import extract_file  # noqa: PLC0415
    from humasgraph.ingest.quads import GraphBuilder  # noqa: PLC0415
    from humasgraph.model.identity import Minter, Resolver  # noqa: PLC0415

    doc = extract_file(TEXT)
    minter = Minter("https://humasgraph.id/id/")
    built = GraphBuilder(minter, Resolver(minter, None)).build(doc, doc.index(str(TEXT)))
    model = (TEXT.parents[2] / "docs" / "model.md").read_text(encoding="utf-8")
    shown = model.split("## Evidence of extracted facts", 1)[1].split("```turtle\n", 1)[1].split("```", 1)[0]
    body = next(t for t in built.triples if t[1] == OA.hasBody and t[2].value.endswith(
        shown.split("oa:hasBody <", 1)[1].split(">", 1)[0]))
    assert f"<{body[0].value.removeprefix(minter.base)}> a oa:Annotation" in shown
