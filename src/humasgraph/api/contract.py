"""The API's committed artefacts: the SDL, and ``docs/graphql.md`` with an answered example per root field.

``python -m humasgraph.api.contract sdl > schema/humasgraph.graphql`` writes the SDL (sorted, with
the mutations); ``python -m humasgraph.api.contract doc > docs/graphql.md`` writes the page, whose
answers come from running each query through the app against a fresh in-memory store holding
``seeds/articles``. Tests fail when either committed file drifts from the code.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from graphql import lexicographic_sort_schema, print_schema

from ..services import Services
from ..settings import Settings
from .app import create_app
from .codes import CODES
from .schema import build_schema

__all__ = ["EVIDENCE_EXAMPLE", "EXAMPLES", "FLAGSHIP_EVENT_FIELDS", "Example", "render_doc", "sdl"]

# Everything the flagship question asks of one event: the selection the query-count test and
# the benchmarks send (one definition, so they measure the same request).
FLAGSHIP_EVENT_FIELDS = """
      id name type start end participantCount
      venue { name } city { name } province { name }
      organizer { __typename ... on Agency { name parent { name } } }
      participatingAgencies { name }
      speakers {
        person { name honorificPrefix aliases }
        position { title start end status agency { name parent { name } } }
        role roles
        onBehalfOf { __typename ... on Post { label agency { name } holder { name } } ... on Person { name }
                     ... on Agency { name } }
        statements { text direct date role author { __typename } source { url title published } }
      }
"""

SEEDS = Path(__file__).resolve().parents[3] / "seeds" / "articles"
DOC_TOKEN = "example-token"  # noqa: S105 - the throw-away store of the examples only
AGUNG = "https://humasgraph.id/id/person/agung-hikmati"


def sdl() -> str:
    """The SDL of the full schema (with mutations), sorted, as committed in ``schema/humasgraph.graphql``."""
    schema = build_schema(Settings(token=DOC_TOKEN))
    return print_schema(lexicographic_sort_schema(schema._schema)) + "\n"


@dataclass(frozen=True)
class Example:
    """One root field, what it is for, and a query that shows it."""

    field: str
    what: str
    query: str
    variables: dict[str, Any] | None = None
    mutation: bool = False
    topic: str = ""  # what a second example of the same root field shows, in its heading


_ARTICLE = {
    "article": {"url": "https://example.org/berita/rakor-humas", "title": "Rakor Humas Kabupaten",
                "published": "2019-03-04", "language": "id"},
    "people": [{"key": "p", "name": "Siti Aminah, S.Sos",
                "accounts": [{"platform": "instagram", "handle": "@SitiAminah.Humas"},
                             {"platform": "twitter", "url": "https://twitter.com/sitiaminah?lang=id"}]}],
    "events": [{"key": "e", "name": "Rapat Koordinasi Humas Kabupaten", "type": "coordination_meeting",
                "start": "2019-03-04", "city": "Cilacap", "province": "Jawa Tengah"}],
    "statements": [{"speaker": "p", "event": "e", "direct": True, "text": "Humas harus cepat dan tepat."}],
}

EXAMPLES: tuple[Example, ...] = (
    Example("events", "The flagship question: who spoke at which coordination meeting on behalf of whom, "
            "with the post each speaker held that day, the principal (a post gives its holder on the day "
            "when known), and what they said with the source.", """
query Flagship {
  events(where: {type: COORDINATION_MEETING}, first: 10) {
    totalCount
    nodes {
      name type start end participantCount
      venue { name } city { name } province { name }
      speakers {
        person { name honorificPrefix honorificSuffix }
        position { title agency { name } }
        role
        onBehalfOf {
          __typename
          ... on Post { label holder { name } }
          ... on Person { name }
          ... on Agency { name }
        }
        statements { text direct source { url } }
      }
    }
  }
}"""),
    Example("people", "People, filtered by name (aliases too), agency (with sub-agencies), tenure on a date, "
            "events spoken at; ordered by name.", """
query {
  people(where: {agency: {id: "https://humasgraph.id/id/agency/pemerintah-provinsi-jawa-tengah"}}, first: 5) {
    totalCount
    nodes { name aliases positions { title agency { name } status attestedOn } }
  }
}"""),
    Example("agencies", "Agencies by name or abbreviation, parent, anywhere under an agency, or type.", """
query {
  agencies(where: {name: {eq: "Diskominfo Jateng"}}) {
    nodes { name abbreviations type parent { name } ancestors { name } children { name }
            posts { title } people { name } }
  }
}"""),
    Example("posts", "Posts by title, agency or holder; `holder(at:)` gives who held one on a date, `holder` "
            "without a date the open tenure's holder (else the one known latest); `acting` marks a tenure held "
            "ad interim (Pj., Plt., Plh.).", """
query {
  posts(where: {title: {startsWith: "sekretaris"}}) {
    nodes { label agency { name } holders { person { name } acting status } holder(at: "2018-09-26") { name } }
  }
}"""),
    Example("statements", "Statements by speaker, principal, event, event type, agency, place, source, "
            "direct or paraphrase, role and date; newest first.", """
query {
  statements(where: {principal: "https://humasgraph.id/id/post/sekretaris-daerah--pemerintah-provinsi-jawa-tengah"}) {
    nodes { text direct role date speaker { name } author { __typename ... on Post { label } } }
  }
}"""),
    Example("articles", "Articles by URL, title, what they mention, and publication date.", """
query {
  articles(where: {mentions: "https://humasgraph.id/id/person/ganjar-pranowo"}) {
    nodes { url title language statements { text } }
  }
}"""),
    Example("node", "Any entity by its IRI (a merged entity's old IRI gives the one kept).", f"""
query {{
  node(id: "{AGUNG}") {{
    __typename id
    ... on Person {{
      name
      statements(first: 1) {{ totalCount edges {{ cursor node {{ text }} }} pageInfo {{ hasNextPage endCursor }} }}
      delegationsAsDelegate {{ acts principal {{ ... on Post {{ label }} }} event {{ name }} }}
    }}
  }}
}}"""),
    Example("path", "The shortest chain of relations between two entities (IRIs or names), from the network "
            "projection kept beside the store.", """
query {
  path(from: "Helmi Hafid", to: "Sekretaris Daerah Provinsi Jawa Tengah") { relation node { kind label } }
}"""),
    Example("centrality", "The most central people, agencies, posts or events (DEGREE, BETWEENNESS or PAGERANK "
            "over the undirected network), filtered by a date range, a place (the events held there and who took "
            "part) and an agency (it, the agencies under it, their posts, holders and events).", """
query {
  people: centrality(metric: BETWEENNESS, first: 3) { rank score node { label detail } }
  agencies: centrality(metric: PAGERANK, kind: AGENCY, first: 3) { rank score node { label } }
  inCilacap2018: centrality(place: "Cilacap", during: {from: "2018-01-01", to: "2018-12-31"}) {
    rank score node { label } }
  diskominfo: centrality(agency: "Diskominfo Jateng", kind: ANY) { rank score node { kind label } }
}"""),
    Example("connections", "Everything within `depth` steps of any person, agency, post or event (an IRI, its "
            "tail or a name); `Person`, `Agency`, `Post` and `Event` have the same field.", """
query {
  connections(of: "Diskominfo Jateng") { distance relation node { kind label } via { label } }
}"""),
    Example("topSpeakers", "People with the most statements, within a date range when given.", """
query {
  topSpeakers(during: {from: "2018-01-01", to: "2018-12-31"}, first: 3) { statements person { label detail } }
}"""),
    Example("search", "Names across kinds, forgiving case, accents, degrees, abbreviations and typos.", """
query {
  gabjar: search(q: "gabjar", first: 1) { kind label score }
  hikmati: search(q: "hikmati", first: 1) { kind label score }
  dinas: search(q: "diskominfo jateng", kinds: [AGENCY], first: 1) { kind label score }
}"""),
    Example("importArticle", "Import one article metadata document (needs `Authorization: Bearer <token>`); an "
            "invalid one comes back as `ValidationFailed` with one error per field and writes nothing.", """
mutation ($doc: JSON!) {
  importArticle(document: $doc) {
    __typename
    ... on ImportSucceeded { url status triples }
    ... on ValidationFailed { errors { path message } }
  }
}""", {"doc": _ARTICLE}, mutation=True),
    Example("node", "Official social-media accounts of a person or an agency (here the person the "
            "document above declared with `@SitiAminah.Humas` and `https://twitter.com/sitiaminah?lang=id`: handles "
            "and profile URLs come back in one normal form).", """
query {
  node(id: "https://humasgraph.id/id/person/siti-aminah") {
    ... on Person { name accounts { platform handle url } }
  }
}""", topic="official accounts"),
    Example("retractArticle", "Remove an article and exactly the facts it stated.", """
mutation {
  retractArticle(url: "https://example.org/berita/rakor-humas") { url triplesRemoved }
}""", mutation=True),
    Example("mergeEntities", "Merge a duplicate into the entity kept; the old IRI keeps resolving.", f"""
mutation {{
  mergeEntities(keep: "{AGUNG}", other: "https://humasgraph.id/id/person/helmi-hafid") {{
    mergedId keptId graphsRebuilt
  }}
}}""", mutation=True),
    Example("unmergeEntity", "Undo a merge, restoring both entities exactly.", """
mutation {
  unmergeEntity(id: "https://humasgraph.id/id/person/helmi-hafid") { mergedId keptId graphsRebuilt }
}""", mutation=True),
)


# Evidence is only on extracted facts: this example runs against the seed's raw text, extracted on import.
EVIDENCE_EXAMPLE = Example("evidence", "Why an extracted fact is there: `evidence` (the W3C TextQuoteSelector "
                           "and TextPositionSelector of the words or sentence it was read from, offsets in "
                           "characters of the article's text) and `confidence` (0 to 1) on statements and "
                           "delegations; both are null on curated facts. This answer is the seed's raw text "
                           "(`seeds/articles/*.txt`) imported, so extracted.", f"""
query {{
  articles(first: 1) {{
    nodes {{
      statements {{ text direct confidence evidence {{ exact prefix suffix start end }} }}
    }}
  }}
  node(id: "{AGUNG}") {{
    ... on Person {{
      delegationsAsDelegate {{
        acts principal {{ ... on Post {{ label }} }} confidence evidence {{ prefix suffix start end }}
      }}
    }}
  }}
}}""")


async def _run_all(services: Services, examples: tuple[Example, ...] = EXAMPLES) -> list[dict[str, Any]]:
    app = create_app(services.settings, services)
    answers = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://docs") as client:
        for ex in examples:
            headers = {"Authorization": f"Bearer {DOC_TOKEN}"} if ex.mutation else {}
            response = await client.post("/graphql", json={"query": ex.query.strip(), "variables": ex.variables},
                                         headers=headers)
            answers.append(response.json())
    return answers


def render_doc(seeds: Path = SEEDS) -> str:
    """The Markdown of ``docs/graphql.md``, with each example run against the seed article."""
    services = Services.open(Settings(store=":memory:", token=DOC_TOKEN))
    try:
        services.import_paths([seeds])
        answers = asyncio.run(_run_all(services))
    finally:
        services.close()
    extracted = Services.open(Settings(store=":memory:"))
    try:
        extracted.import_paths(sorted(seeds.glob("*.txt")))
        (evidence,) = asyncio.run(_run_all(extracted, (EVIDENCE_EXAMPLE,)))
    finally:
        extracted.close()
    out = [
        "# The GraphQL API",
        "",
        "`humasgraph serve` (or `make serve`) answers at `http://127.0.0.1:8000/graphql`; a browser gets GraphiQL. "
        "The schema is in [`schema/humasgraph.graphql`](../schema/humasgraph.graphql).",
        "",
        "- **Ids** are the entities' IRIs; `node(id:)` resolves any of them.",
        "- **Lists** are Relay connections: `edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`; "
        "`first` is at most 100 (default 20), `after` takes a cursor. `orderBy: {by, direction}` sorts; ties "
        "are broken by IRI.",
        "- **Filters** (`where`) combine with `AND`, `OR` and `NOT`; names match aliases and ignore case in "
        "`contains`/`startsWith`; an agency filter includes its sub-agencies unless `includeSubAgencies: false`.",
        "- **Writes** exist only when a token is configured (`HUMASGRAPH_TOKEN`), and need "
        "`Authorization: Bearer <token>`.",
        "- **Limits**: depth, aliases, tokens and fragment spreads per query, and a cost budget: the objects "
        "a query may return, estimated from `first` (default 20) and unpaged lists (about 5 each) multiplied "
        "through the nesting, at most `max_cost` (20,000), checked before any store work; a time limit per "
        "request (see `docs/settings.md`).",
        "- **Errors** carry `extensions.code`: " + ", ".join(f"`{c}`" for c in CODES) + " (what each means: "
        "`docs/reliability.md`). `UNAUTHENTICATED` answers HTTP 401, `FORBIDDEN` 403; `QUERY_TOO_COSTLY` "
        "adds `extensions.cost` and `extensions.budget`. A document with several operations needs "
        "`operationName`.",
        "- **Automatic Persisted Queries** (Apollo's protocol, over GET and POST): send "
        "`extensions: {persistedQuery: {version: 1, sha256Hash}}` with the SHA-256 (hex) of the document and no "
        "`query`; an unknown hash answers the error `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`), "
        "and the client sends the hash with the `query` once, which is checked (a document whose SHA-256 is not "
        "the hash answers HTTP 400) and kept (the last 1,000 documents, per server process). A known hash runs "
        "its document with parsing, validation and compilation already done. Over GET: "
        "`/graphql?extensions={\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"…\"}}&variables=…`.",
        "- **Speed**: a query whose every field the compiled path knows (the flagship's, the lists', `node`) is "
        "read in one prefetch query and written without per-field resolvers; any other runs through the "
        "resolvers. The answers are the same (`docs/performance.md`; setting `graphql_compiled`). Once such a "
        "query has been answered, the same document (by text or by persisted hash, with the same `operationName`) "
        "is a *known operation*: later requests for it skip strawberry's execution and only check what depends "
        "on their variables (how many values, the cost they make, their types) before the compiled run, under "
        "the same `query_timeout`. Anything else about such a request (another content type, a streaming "
        "`Accept`, variables that cost too much or do not coerce, a run that fails) is answered by strawberry, "
        "so every error reads as before.",
        "",
        "Every answer below is the real one on the seed article (`seeds/articles`), produced by "
        "`python -m humasgraph.api.contract doc`; a test checks this page is current.",
        "",
    ]
    for ex, answer in zip(EXAMPLES, answers, strict=True):
        heading = f"## `{ex.field}`" + (f": {ex.topic}" if ex.topic else "")
        out += [heading, "", ex.what, "", "```graphql", ex.query.strip(), "```", ""]
        if ex.variables:
            out += ["Variables:", "", "```json", json.dumps(ex.variables, indent=2, ensure_ascii=False), "```", ""]
        out += ["Answer:", "", "```json", json.dumps(answer, indent=2, ensure_ascii=False), "```", ""]
    ex = EVIDENCE_EXAMPLE
    out += ["## Evidence and confidence of extracted facts", "", ex.what, "", "```graphql", ex.query.strip(), "```",
            "", "Answer:", "", "```json", json.dumps(evidence, indent=2, ensure_ascii=False), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:] not in (["sdl"], ["doc"]):
        sys.exit("usage: python -m humasgraph.api.contract sdl|doc")
    sys.stdout.write(sdl() if sys.argv[1] == "sdl" else render_doc())
