"""``/id/{path}``: every IRI minted under ``base_iri`` dereferences, as Turtle, JSON-LD, N-Triples or HTML.

The RDF description of an entity is what the union graph says about it (and, for a source
graph, what the provenance graph says), plus the statements that point at it. As HTML it is the
entity's explorer page (``entity_pages``). An IRI merged into another redirects (303) to the one
kept. ``Accept`` chooses the format; ``?format=turtle|jsonld|ntriples|html`` overrides it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import anyio
import pyoxigraph as ox
from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..exports.jsonld import write_jsonld
from ..model.vocab import NS
from ..services import Services
from ..settings import Settings
from .entity_pages import EntityPages, not_found
from .negotiation import negotiate
from .templating import Pages

__all__ = ["LinkedData", "routes"]

MEDIA = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
         "html": "text/html"}


class LinkedData:
    """The ``/id/{path}`` handler."""

    def __init__(self, settings: Settings, services_of: Callable[[Request], Services], pages: Pages) -> None:
        self.services_of = services_of
        self.base = settings.base_iri
        self.pages = pages
        self.entity_pages = EntityPages(services_of, pages)

    def local(self, iri: str) -> str | None:
        """The path on this server of an IRI minted here, else None."""
        return "/id/" + iri[len(self.base):] if iri.startswith(self.base) else None

    async def handle(self, request: Request) -> Response:
        """Describe the entity at ``/id/{path}`` in the format the client asked for."""
        path = request.path_params["path"]
        try:
            iri = NamedNode(self.base + path)
        except ValueError:
            return not_found(self.pages, request, f"not an IRI: {self.base + path!r}")
        return await self.respond(request, iri)

    async def article(self, request: Request) -> Response:
        """``/article?url=…``: an article, whose IRI is its own web address (not one minted here)."""
        url = request.query_params.get("url", "")
        try:
            iri = NamedNode(url) if url.startswith(("http://", "https://", "urn:")) else None
        except ValueError:
            iri = None
        if iri is None:
            return not_found(self.pages, request, f"no article at {url!r}")
        return await self.respond(request, iri)

    async def respond(self, request: Request, iri: NamedNode) -> Response:
        """``iri`` as the client asked: its explorer page, or its RDF description in Turtle, JSON-LD or N-Triples."""
        chosen = request.query_params.get("format")
        if chosen is not None and chosen not in MEDIA:
            return PlainTextResponse(f"unknown format {chosen!r}; valid: {', '.join(MEDIA)}", status_code=400)
        media = MEDIA[chosen] if chosen else negotiate(request.headers.get("accept"), list(MEDIA.values()))
        if media is None:
            return PlainTextResponse(f"cannot answer in {request.headers.get('accept')}; "
                                     f"available: {', '.join(MEDIA.values())}", status_code=406)
        headers = {"Vary": "Accept"}
        services = self.services_of(request)
        kept = services.kept_as(iri.value)
        target = self.local(kept) if kept else None
        if target is not None:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(target + query, status_code=303, headers=headers)
        if media == "text/html":
            response = await self.entity_pages.page(request, iri.value)
            response.headers["Vary"] = "Accept, Accept-Language"
            return response
        desc = await anyio.to_thread.run_sync(services.describe, iri.value)
        if not desc.triples:
            return PlainTextResponse(f"nothing is known about <{iri.value}>", status_code=404, headers=headers)
        if media == "application/ld+json":
            buf = io.BytesIO()
            write_jsonld(iter(sorted(desc.triples, key=lambda t: str(t.subject))), buf)
            return Response(buf.getvalue(), media_type=media, headers=headers)
        body = ox.serialize(desc.triples, None, ox.RdfFormat.from_media_type(media), prefixes=NS) or b""
        return Response(body, media_type=media, headers=headers)


def routes(settings: Settings, services_of: Callable[[Request], Services], pages: Pages) -> list[Route]:
    """``/id/{path}`` and ``/article?url=``; ``services_of`` gives the services a request runs over."""
    handler = LinkedData(settings, services_of, pages)
    return [Route("/id/{path:path}", handler.handle, methods=["GET", "HEAD"], name="linked_data"),
            Route("/article", handler.article, methods=["GET", "HEAD"], name="article")]
