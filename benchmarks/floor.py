"""The flagship question as GraphQL (what a frontend sends) and as the floor: ONE hand-written SPARQL query.

The floor returns the same facts as the GraphQL query on the same store (event, place and
organiser; participants; each speaker with name, roles, principal, the agency of a principal post
and its holders; every tenure of each speaker, and of each principal post, with the dates articles
saw it on, one row per tenure, from which the post held on the day and the holder on the day are
picked; the statements with their source (its URL too); the speakers' aliases; the types of the
organiser, the principals and the statements' authors, which answer their ``__typename``), each
kind of row in its own UNION branch so that no branch multiplies another (the dates of the
principal posts' tenures too: nested in the principal's OPTIONAL, Oxigraph evaluated their
sub-select unbound, 80 ms for one event at 1k articles instead of 2).
"""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

from humasgraph.api.contract import FLAGSHIP_EVENT_FIELDS
from humasgraph.model.vocab import CONCEPT
from humasgraph.store import render

FIELDS = FLAGSHIP_EVENT_FIELDS

GRAPHQL_ONE = "query ($id: ID!) { node(id: $id) { ... on Event {" + FIELDS + "} } }"
GRAPHQL_PAGE = ("query ($first: Int!) { events(where: {type: COORDINATION_MEETING}, first: $first) { nodes {"
                + FIELDS + "} } }")

_BRANCHES = """
  { $bound ?e schema:name ?name ; hg:eventType ?type .
    OPTIONAL { ?e schema:startDate ?start } OPTIONAL { ?e schema:endDate ?end }
    OPTIONAL { ?e hg:participantCount ?count }
    OPTIONAL { ?e schema:organizer ?org . ?org schema:name ?orgName . $kind(org)
               OPTIONAL { ?org org:subOrganizationOf ?orgParent . ?orgParent schema:name ?orgParentName } }
    OPTIONAL { ?e schema:location ?venue . ?venue schema:name ?venueName .
      OPTIONAL { ?venue schema:containedInPlace ?city . ?city schema:name ?cityName .
        OPTIONAL { ?city schema:containedInPlace ?prov . ?prov schema:name ?provName } } } }
  UNION
  { $bound ?e schema:attendee ?part . ?part schema:name ?partName }
  UNION
  { $bound ?e schema:performer ?ap . ?ap schema:performer ?person . ?person schema:name ?personName .
    OPTIONAL { ?person schema:honorificPrefix ?prefix } OPTIONAL { ?person skos:altLabel ?alias }
    OPTIONAL { ?ap hg:role ?role }
    OPTIONAL { ?ap hg:onBehalfOf ?principal . $kind(principal)
      OPTIONAL { ?principal skos:prefLabel|schema:name ?principalLabel }
      OPTIONAL { ?principal org:postIn ?principalAgency . ?principalAgency schema:name ?principalAgencyName }
      OPTIONAL { ?pt hg:post ?principal ; org:member ?holder . ?holder schema:name ?holderName .
                 OPTIONAL { ?pt hg:start ?holderStart } OPTIONAL { ?pt hg:end ?holderEnd } } } }
  UNION
  { SELECT ?pt (GROUP_CONCAT(STR(?hd); separator=" ") AS ?holderSeen) WHERE {
      $bound ?e schema:performer/hg:onBehalfOf/^hg:post ?pt . ?pt hg:attestedOn ?hd } GROUP BY ?pt }
  UNION
  { $bound ?e schema:performer ?ap . ?ap schema:performer ?person .
    ?t org:member ?person ; hg:post ?post . ?post hg:title ?title .
    OPTIONAL { ?t hg:start ?tStart } OPTIONAL { ?t hg:end ?tEnd }
    OPTIONAL { { SELECT ?t (GROUP_CONCAT(STR(?d); separator=" ") AS ?tSeen) WHERE {
      $bound ?e schema:performer/schema:performer ?person . ?t org:member ?person ; hg:attestedOn ?d } GROUP BY ?t } }
    OPTIONAL { ?post org:postIn ?agency . ?agency schema:name ?agencyName .
      OPTIONAL { ?agency org:subOrganizationOf ?agencyParent . ?agencyParent schema:name ?agencyParentName } } }
  UNION
  { $bound ?s hg:atEvent ?e ; hg:speaker ?person ; schema:text ?text ; dcterms:source ?src .
    OPTIONAL { ?s hg:direct ?direct } OPTIONAL { ?s hg:role ?sRole } OPTIONAL { ?s schema:dateCreated ?date }
    OPTIONAL { ?s schema:author ?author . $kind(author) }
    OPTIONAL { ?src schema:headline ?headline } OPTIONAL { ?src schema:datePublished ?published }
    OPTIONAL { ?src schema:url ?srcUrl } }
"""

# What answers an entity's __typename: the one of its types that names its kind.
_KIND = "OPTIONAL {{ ?{0} a ?{0}Kind FILTER(?{0}Kind IN (org:Post, schema:Person, org:Organization)) }}"
_BRANCHES = re.sub(r"\$kind\((\w+)\)", lambda m: _KIND.format(m.group(1)), _BRANCHES)

# Oxigraph does not push bindings from outside a UNION into its branches, so each branch bounds
# its own events: one event by VALUES; a page by the same sub-select of the newest 50.
_ONE = "SELECT * WHERE { GRAPH $all { " + _BRANCHES.replace("$bound", "VALUES ?e { $event }") + " } }"
_PICK = ("{ SELECT ?e WHERE { ?e a schema:Event ; hg:eventType $type . OPTIONAL { ?e schema:startDate ?s0 } } "
         "ORDER BY DESC(?s0) ?e LIMIT $limit }")
_PAGE = "SELECT * WHERE { GRAPH $all { " + _BRANCHES.replace("$bound", _PICK) + " } }"


def floor_one(all_graph: NamedNode, event: NamedNode) -> str:
    """The floor query for one event."""
    return render(_ONE, all=all_graph, event=event)


def floor_page(all_graph: NamedNode, limit: int = 50) -> str:
    """The floor query for the newest ``limit`` coordination meetings."""
    query = render(_PAGE, all=all_graph, type=CONCEPT["event-type/coordination-meeting"])
    return query.replace("$limit", str(int(limit)))


_VALUES = "SELECT * WHERE { GRAPH $all { " + _BRANCHES.replace("$bound", "VALUES ?e { $events }") + " } }"


def floor_page_values(all_graph: NamedNode, events: list[NamedNode]) -> str:
    """The floor query for a page whose event IRIs are given (the paging itself left out: a lower floor)."""
    return render(_VALUES, all=all_graph, events=events)
