"""Who is linked to what: the one-to-many lists of a batch of entities, one ``VALUES`` query each.

Only IRIs and a sort key come back (the bounded rows); the records of the linked entities are
attached afterwards by ``queries.entities``, one batch per kind (DESIGN.md §6).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from ..model.vocab import concept_value
from ..store import Row, Store, render

__all__ = ["APPEARANCES", "LINKS", "Appearance", "Link", "ancestors", "appearance_rows", "appearances", "first",
           "linked", "linked_rows"]


@dataclass(frozen=True)
class Link:
    """A list that hangs off an entity: the pattern from ``?parent`` to ``?child`` and how it sorts."""

    pattern: str
    descending: bool = False


# The sort key ?k is optional in every pattern, so an entity without it still shows (last).
LINKS: dict[str, Link] = {
    "event.statements": Link("?child hg:atEvent ?parent ; a schema:Quotation . OPTIONAL { ?child schema:position ?k }"),
    "event.participants": Link("?parent schema:attendee ?child . OPTIONAL { ?child schema:name ?k }"),
    "event.delegations": Link("?child prov:hadActivity ?parent ; a prov:Delegation ."),
    "person.statements": Link("?child hg:speaker ?parent ; a schema:Quotation . "
                              "OPTIONAL { ?child schema:dateCreated ?k }", descending=True),
    "principal.statements": Link("?child hg:onBehalfOf ?parent ; a schema:Quotation . "
                                 "OPTIONAL { ?child schema:dateCreated ?k }", descending=True),
    "person.events": Link("?ap schema:performer ?parent . ?child schema:performer ?ap ; a schema:Event . "
                          "OPTIONAL { ?child schema:startDate ?k }", descending=True),
    "person.delegated": Link("?child hg:delegate ?parent ; a prov:Delegation ."),
    "principal.delegations": Link("?child prov:agent ?parent ; a prov:Delegation ."),
    "entity.sources": Link("?child schema:mentions ?parent . OPTIONAL { ?child schema:datePublished ?k }",
                           descending=True),
    "agency.children": Link("?child org:subOrganizationOf ?parent . OPTIONAL { ?child schema:name ?k }"),
    "agency.organised": Link("?child schema:organizer ?parent ; a schema:Event . "
                             "OPTIONAL { ?child schema:startDate ?k }", descending=True),
    "agency.posts": Link("?child org:postIn ?parent ; a org:Post . OPTIONAL { ?child skos:prefLabel ?k }"),
    "article.statements": Link("?child dcterms:source ?parent ; a schema:Quotation . "
                               "OPTIONAL { ?child schema:position ?k }"),
    "article.mentions": Link("?parent schema:mentions ?child ."),
}

_LINKED = "SELECT DISTINCT ?parent ?child ?k WHERE { GRAPH $all { VALUES ?parent { $parents } $pattern } }"


def _sort_key(value: str) -> tuple[float, str]:
    """Numbers as numbers, everything else (dates, names) as text."""
    try:
        return (float(value), "")
    except ValueError:
        return (0.0, value)


def linked(store: Store, link: str, parents: Sequence[str]) -> dict[str, list[str]]:
    """parent IRI → the IRIs linked to it by ``link`` (a key of ``LINKS``), in the link's order."""
    if not parents:
        return {}
    query = render(_LINKED.replace("$pattern", LINKS[link].pattern), all=store.all_graph,
                   parents=[NamedNode(p) for p in parents])
    return linked_rows(link, store.select(query), parents)


def linked_rows(link: str, found: Iterable[Row], parents: Iterable[str]) -> dict[str, list[str]]:
    """``linked`` from its rows (``?parent ?child ?k``, the link's pattern), for the ``parents`` they cover."""
    spec = LINKS[link]
    out: dict[str, list[str]] = {p: [] for p in parents}
    rows: dict[str, dict[str, str | None]] = defaultdict(dict)
    for row in found:
        child = row["child"]
        if not isinstance(child, NamedNode):
            continue
        seen = rows[row["parent"].value]
        key = row["k"].value if "k" in row else None
        if child.value not in seen or (key is not None and (seen[child.value] is None or key < str(seen[child.value]))):
            seen[child.value] = key
    for parent, children in rows.items():
        by_iri = sorted(children.items())
        keyed = [kv for kv in by_iri if kv[1] is not None]
        # A stable sort, even reversed, keeps the IRI tie-breaker ascending; missing keys go last.
        keyed.sort(key=lambda kv: _sort_key(kv[1] or ""), reverse=spec.descending)
        out[parent] = [child for child, _ in keyed] + [child for child, key in by_iri if key is None]
    return out


_FIRST = """
SELECT ?child ?k WHERE { GRAPH $all { VALUES ?parent { $parent } $pattern FILTER(isIRI(?child)) } }
ORDER BY ASC(!BOUND(?k)) $dir(?k) ?child LIMIT $limit
"""


def first(store: Store, link: str, parent: str, limit: int) -> list[str]:
    """The first ``limit`` IRIs linked to ``parent`` by ``link``, in the link's order (``linked``'s, cut).

    For one parent with thousands of children (a busy official's statements) the ordering and the
    cut happen in the store, and only the first rows reach Python. Keys order by their type (dates,
    numbers, names), missing keys last, ties by IRI. A child with two keys may come twice: the store is
    asked for twice ``limit`` rows and the first of each child kept. A link without a key (a
    person's delegations) has no order to keep: any ``limit`` of its children, as the store finds
    them first, without reading the others.
    """
    spec = LINKS[link]
    keyed = "?k" in spec.pattern
    query = (render((_FIRST if keyed else _ANY).replace("$pattern", spec.pattern), all=store.all_graph,
                    parent=[NamedNode(parent)])
             .replace("$dir", "DESC" if spec.descending else "ASC").replace("$limit", str(2 * int(limit))))
    return list(dict.fromkeys(row["child"].value for row in store.select(query)))[:limit]


_ANY = "SELECT ?child WHERE { GRAPH $all { VALUES ?parent { $parent } $pattern FILTER(isIRI(?child)) } } LIMIT $limit"


_ANCESTORS = """
SELECT ?parent ?child (COUNT(DISTINCT ?up) AS ?depth) WHERE { GRAPH $all {
  VALUES ?parent { $parents }
  ?parent org:subOrganizationOf+ ?child .
  OPTIONAL { ?child org:subOrganizationOf+ ?up }
} } GROUP BY ?parent ?child
"""


def ancestors(store: Store, agencies: Sequence[str]) -> dict[str, list[str]]:
    """agency IRI → its ancestors, the parent first and the root last."""
    out: dict[str, list[tuple[int, str]]] = {a: [] for a in agencies}
    if agencies:
        for row in store.select(render(_ANCESTORS, all=store.all_graph, parents=[NamedNode(a) for a in agencies])):
            out[row["parent"].value].append((-int(row["depth"].value), row["child"].value))
    return {a: [iri for _, iri in sorted(v)] for a, v in out.items()}


@dataclass
class Appearance:
    """A person speaking at an event: their roles there and whom they spoke for."""

    event: str
    person: str
    roles: list[str] = field(default_factory=list)
    principal: str | None = None


# Who appeared at ?e, as a pattern (the prefetch of a compiled GraphQL selection binds ?e its own way).
APPEARANCES = ("?e schema:performer ?ap . ?ap schema:performer ?person . "
               "OPTIONAL { ?ap hg:role ?role } OPTIONAL { ?ap hg:onBehalfOf ?principal }")
_APPEARANCES = "SELECT ?e ?person ?role ?principal WHERE { GRAPH $all { VALUES ?e { $events } " + APPEARANCES + " } }"

# Roles in order of importance: the first is a speaker's main role (keynote before remarks).
ROLE_ORDER = ("keynote", "opening", "closing", "press_statement", "resource_person", "moderator", "remarks",
              "host", "participant")


def appearances(store: Store, events: Sequence[str]) -> dict[str, list[Appearance]]:
    """event IRI → who spoke at it; those speaking for someone first, then by IRI."""
    if not events:
        return {}
    rows = store.select(render(_APPEARANCES, all=store.all_graph, events=[NamedNode(e) for e in events]))
    return appearance_rows(rows, events)


def appearance_rows(rows: Iterable[Row], events: Iterable[str]) -> dict[str, list[Appearance]]:
    """``appearances`` from its rows (``?e ?person ?role ?principal``), for the ``events`` they cover."""
    found: dict[tuple[str, str], Appearance] = {}
    for row in rows:
        key = (row["e"].value, row["person"].value)
        ap = found.setdefault(key, Appearance(*key))
        role = concept_value(row["role"].value if "role" in row else None)  # type: ignore[union-attr]
        if role and role not in ap.roles:
            ap.roles.append(role)
        if "principal" in row and (ap.principal is None or row["principal"].value < ap.principal):
            ap.principal = row["principal"].value
    out: dict[str, list[Appearance]] = {e: [] for e in events}
    for ap in found.values():
        ap.roles.sort(key=lambda r: (ROLE_ORDER.index(r) if r in ROLE_ORDER else len(ROLE_ORDER), r))
        out.setdefault(ap.event, []).append(ap)
    for aps in out.values():
        aps.sort(key=lambda a: (a.principal is None, a.person))
    return out
