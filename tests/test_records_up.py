"""Records with what is above them: a venue's city and province, an agency's parents, in one call."""

from __future__ import annotations

from humasgraph.queries.entities import AgencyRecord, PlaceRecord, records, records_up
from humasgraph.services import Services
from humasgraph.store import render


def _one(services: Services, query: str) -> str:
    rows = services.store.select(render(query, all=services.store.all_graph))
    return str(rows[0]["x"].value)


def test_a_venue_comes_with_its_city_and_province(seeded: Services) -> None:
    venue = _one(seeded, "SELECT ?x WHERE { GRAPH $all { ?x schema:containedInPlace/schema:containedInPlace ?top } }"
                         " ORDER BY ?x LIMIT 1")
    found = records_up(seeded.store, "place", [venue])
    chain = [venue]
    while (up := found[chain[-1]].within) is not None:  # type: ignore[attr-defined]
        chain.append(up)
    assert len(chain) >= 3
    assert all(isinstance(found[i], PlaceRecord) for i in chain)
    assert found == records(seeded.store, "place", chain)
    # What the caller already has is not read again.
    assert set(records_up(seeded.store, "place", [venue], known={chain[1]})) == {venue}


def test_an_agency_comes_with_every_parent(seeded: Services) -> None:
    agency = _one(seeded, "SELECT ?x WHERE { GRAPH $all { ?x org:subOrganizationOf/org:subOrganizationOf ?top } }"
                          " ORDER BY ?x LIMIT 1")
    found = records_up(seeded.store, "agency", [agency])
    parents = [i for i in found if i != agency]
    assert len(parents) >= 2 and all(isinstance(found[p], AgencyRecord) for p in parents)
    assert found[agency].parent in parents  # type: ignore[attr-defined]


def test_other_kinds_are_plain_records(seeded: Services) -> None:
    person = _one(seeded, "SELECT ?x WHERE { GRAPH $all { ?x a schema:Person } } ORDER BY ?x LIMIT 1")
    assert records_up(seeded.store, "person", [person]) == records(seeded.store, "person", [person])
