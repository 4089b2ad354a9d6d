"""The explorer's entity pages: an IRI under ``/id/`` asked for as HTML is its page, by its kind.

Event, person, agency, post, article, statement, delegation and place each have a template of
their own (``templates/entity/<kind>.html``) over a view of ``views``; whatever else has an IRI
here (a tenure, an account, a source graph) shows what the graph says of it, readably. Every page
links the same data as JSON-LD and Turtle, and opens GraphiQL with a GraphQL query that fetches it.
An unknown IRI, and any unknown path asked for as HTML, is an HTML 404 page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import TimedOut
from ..model.vocab import RDF, compact
from ..services import Description, Services
from . import views
from .negotiation import negotiate
from .network_page import PictureView, ego_view
from .templating import Pages

__all__ = ["QUERIES", "EntityPages", "http_not_found", "not_found"]

_PRINCIPAL = ("{ __typename ... on Person { id name } ... on Post { id label holder { id name } } "
              "... on Agency { id name } }")
_DELEGATION = "{ id delegate { id name } principal " + _PRINCIPAL + " event { id name } acts source { url } }"
_STATEMENT = "{ id text direct date speaker { id name } onBehalfOf " + _PRINCIPAL + " source { url title } }"

# kind → the GraphQL query a page's "in GraphiQL" link opens (``$id``: the entity's IRI); a test runs each.
QUERIES: dict[str, str] = {
    "event": """query Event($id: ID!) {
  node(id: $id) {
    ... on Event {
      name type start end participantCount
      venue { name } city { name } province { name }
      organizer { ... on Agency { id name } ... on Person { id name } }
      speakers {
        person { id name }
        roles
        position { title acting agency { name } }
        onBehalfOf PRINCIPAL
        statements { text direct source { url title } }
      }
      delegations DELEGATION
      participatingAgencies { id name }
    }
  }
}""",
    "person": """query Person($id: ID!) {
  node(id: $id) {
    ... on Person {
      name honorificPrefix honorificSuffix aliases
      accounts { platform handle url }
      positions { title acting start end attestedOn post { id label } agency { id name } }
      events(first: 50) { nodes { id name start } }
      statements(first: 50) { nodes STATEMENT }
      delegationsAsDelegate DELEGATION
      delegationsAsPrincipal DELEGATION
    }
  }
}""",
    "agency": """query Agency($id: ID!) {
  node(id: $id) {
    ... on Agency {
      name type abbreviations
      ancestors { id name }
      children { id name children { id name } }
      posts { id label holder { id name } }
      accounts { platform handle url }
    }
  }
}""",
    "post": """query Post($id: ID!) {
  node(id: $id) {
    ... on Post {
      label title agency { id name }
      holder { id name }
      holders { person { id name } acting start end attestedOn }
    }
  }
}""",
    "article": """query Article($id: ID!) {
  node(id: $id) {
    ... on Article {
      title url published publisher language
      statements STATEMENT
      mentions { __typename ... on Person { id name } ... on Agency { id name } ... on Event { id name } }
    }
  }
}""",
    "statement": """query Statement($id: ID!) {
  node(id: $id) {
    ... on Statement STATEMENT
  }
}""",
    "delegation": """query Delegation($id: ID!) {
  node(id: $id) {
    ... on Delegation DELEGATION
  }
}""",
    "place": """query Place($id: ID!) {
  node(id: $id) { ... on Place { name type containedIn { id name } } }
}""",
}
QUERIES = {k: q.replace("PRINCIPAL", _PRINCIPAL).replace("DELEGATION", _DELEGATION).replace("STATEMENT", _STATEMENT)
           for k, q in QUERIES.items()}

VIEWS: dict[str, Callable[[Services, str], Any]] = {
    "event": views.event_view, "person": views.person_view, "agency": views.agency_view, "post": views.post_view,
    "article": views.article_view, "statement": views.statement_view, "delegation": views.delegation_view,
    "place": views.place_view,
}
EGO_KINDS = ("person", "agency")  # the pages that show the network around their entity
EGO_NODES = 60
EGO_WAIT = 2.0  # seconds a page waits for the projection just after start-up, then shows no picture
FORMATS = (("jsonld", "JSON-LD"), ("turtle", "Turtle"), ("ntriples", "N-Triples"))


def wants_html(request: Request) -> bool:
    """True when the client prefers a web page (a browser) to the other answers a route gives."""
    return negotiate(request.headers.get("accept"), ["text/html", "application/json", "text/plain"]) == "text/html"


def not_found(pages: Pages, request: Request, what: str) -> Response:
    """The 404 answer: a page for a browser, a line of text for anything else."""
    if wants_html(request):
        return pages.render(request, "404.html", status=404, what=what)
    return PlainTextResponse(what, status_code=404)


class EntityPages:
    """Renders the page of one IRI; ``services_of`` gives the services a request runs over."""

    def __init__(self, services_of: Callable[[Request], Services], pages: Pages) -> None:
        self.services_of = services_of
        self.pages = pages

    async def page(self, request: Request, iri: str) -> Response:
        """The page of ``iri``, or the 404 page when the graph knows nothing of it."""
        services = self.services_of(request)
        kind, view = await run_in_threadpool(self._view, services, iri)
        common: dict[str, Any] = {"iri": iri, "kind": kind, "formats": FORMATS,
                                  "query": QUERIES.get(kind), "variables": {"id": iri}}
        if view is not None:
            picture = await self._ego(services, iri) if kind in EGO_KINDS else None
            return self.pages.render(request, f"entity/{kind}.html", view=view, picture=picture, **common)
        desc = await run_in_threadpool(services.describe, iri)
        if not desc.triples:
            return not_found(self.pages, request, f"nothing is known about <{iri}>")
        return self.pages.render(request, "entity/generic.html", desc=desc, rows=_rows(desc), **common)

    async def _ego(self, services: Services, iri: str) -> PictureView | None:
        """The network around the entity, for its page; none while the projection is still being built."""
        try:
            return await run_in_threadpool(ego_view, services, self.pages.entity_url, iri, depth=1, limit=EGO_NODES,
                                           deadline=time.monotonic() + EGO_WAIT)
        except TimedOut:
            return None

    @staticmethod
    def _view(services: Services, iri: str) -> tuple[str, Any]:
        found = services.kinds_of([iri]).get(iri)
        kind = found[0] if found else "other"
        build = VIEWS.get(kind)
        return kind, build(services, iri) if build is not None else None


def _rows(desc: Description) -> list[tuple[str, str, str | None]]:
    """What the graph says of an IRI with no page of its own: (property, value, the value's IRI or None)."""
    me = desc.iri
    rows: list[tuple[str, str, str | None]] = []
    for t in desc.triples:
        if t.subject != me or t.predicate == RDF.type:
            continue
        prop, value = compact(t.predicate.value) or t.predicate.value, t.object
        if isinstance(value, NamedNode):
            rows.append((prop, desc.label(value.value), value.value))
        else:
            rows.append((prop, getattr(value, "value", str(value)), None))
    return sorted(rows)


async def http_not_found(request: Request, exc: Exception) -> Response:
    """Starlette's 404 handler: the explorer's 404 page for a browser, text otherwise."""
    pages: Pages = request.app.state.pages
    detail = exc.detail if isinstance(exc, HTTPException) else "not found"
    return not_found(pages, request, f"{request.url.path}: {detail}")
