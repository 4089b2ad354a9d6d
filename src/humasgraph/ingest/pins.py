"""Which IRIs an ``id:`` may pin a person or an agency to.

``id`` joins an item to an entity the graph already knows when names cannot tell two apart.
Unchecked, it could name anything: another article's IRI, the ``meta`` graph, a vocabulary
term, and the import would merge a person into an article. An ``id`` is accepted when it is
humasgraph's own IRI of that kind of entity (``<base>person/…`` for a person), or an IRI from
outside humasgraph that is not an article's address and is not already, in the store, an
entity of another kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pyoxigraph import NamedNode

from ..errors import FieldError
from ..model.document import Document
from ..model.identity import Minter
from ..model.kinds import class_of
from ..model.vocab import CONCEPT, HG, SCHEMA

__all__ = ["KIND_CLASSES", "pin_problems", "pinned_iris"]

# The class every entity of a kind carries in the store (``quads.py`` writes it).
KIND_CLASSES = {k: class_of(k) for k in ("person", "agency")}
_FIELDS = {"person": "people", "agency": "agencies"}
_VOCABULARIES = (HG.iri, CONCEPT.iri)


def _pins(doc: Document) -> Iterable[tuple[str, str, str]]:
    """(kind, field path, IRI) of every ``id`` the document gives."""
    for i, agency in enumerate(doc.agencies):
        if agency.id:
            yield "agency", f"agencies[{i}].id", agency.id
    for i, person in enumerate(doc.people):
        if person.id:
            yield "person", f"people[{i}].id", person.id


def pinned_iris(docs: Iterable[Document]) -> list[NamedNode]:
    """Every IRI the documents pin an item to (to look their types up in the store, once)."""
    return [NamedNode(iri) for doc in docs for _, _, iri in _pins(doc)]


def pin_problems(doc: Document, minter: Minter, articles: Sequence[str], types: Mapping[str, set[str]],
                 pinned: dict[str, tuple[str, str]]) -> list[FieldError]:
    """The ``id`` fields of ``doc`` that name no valid IRI for their kind, each naming the field.

    ``articles``: the addresses of the articles imported with it; ``types``: IRI → the classes
    the store gives it; ``pinned``: IRI → (kind, where) of the ids accepted so far in this batch,
    which this call extends.
    """
    errors: list[FieldError] = []
    accepted: dict[str, tuple[str, str]] = {}
    for kind, path, iri in _pins(doc):
        problem = _problem(kind, iri, minter, articles, types.get(iri, set()))
        earlier = accepted.get(iri) or pinned.get(iri)
        if problem is None and earlier is not None and earlier[0] != kind:
            problem = f"{iri} is already the id of {_a(earlier[0])} ({earlier[1]}), not of {_a(kind)}"
        if problem is not None:
            errors.append(FieldError(path, problem))
        else:
            accepted.setdefault(iri, (kind, path))
    if not errors:
        for iri, (kind, path) in accepted.items():
            pinned.setdefault(iri, (kind, f"{doc.article.url} {path}"))
    return errors


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _problem(kind: str, iri: str, minter: Minter, articles: Sequence[str], types: set[str]) -> str | None:
    own = f"{minter.base}{kind}/"
    expected = f"a {kind}'s id is {own}… or an IRI outside humasgraph's"
    if iri.startswith(minter.base):
        tail = iri[len(own):] if iri.startswith(own) else ""
        if not tail or "/" in tail:
            return f"{iri} is humasgraph's IRI of something else, not of a {kind}; {expected}"
        return None
    if iri.startswith(_VOCABULARIES):
        return f"{iri} is a term of humasgraph's vocabulary; {expected}"
    if iri in articles:
        return f"{iri} is the address of an article; {expected}"
    if types and KIND_CLASSES[kind].value not in types:
        if SCHEMA.NewsArticle.value in types:
            return f"{iri} is the address of an article in the store; {expected}"
        others = [k for k, cls in KIND_CLASSES.items() if cls.value in types]
        what = _a(others[0]) if others else f"typed {', '.join(sorted(types))}"
        return f"{iri} is already {what} in the store, not a {kind}"
    return None
