"""``/id/{path}``: every IRI minted under ``base_iri`` dereferences, as Turtle, JSON-LD, N-Triples or HTML.

The description of an entity is what the union graph says about it (and, for a source graph,
what the provenance graph says), plus the statements that point at it, so a person's page
lists the quotations they gave. An IRI merged into another redirects (303) to the one kept.
``Accept`` chooses the format; ``?format=turtle|jsonld|ntriples|html`` overrides it.
"""

from __future__ import annotations

import html
import io
from collections.abc import Callable

import anyio
import pyoxigraph as ox
from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ..exports.jsonld import write_jsonld
from ..model.vocab import NS, RDF
from ..services import Description, Services
from ..settings import Settings
from .negotiation import negotiate

__all__ = ["LinkedData", "routes"]

MEDIA = {"turtle": "text/turtle", "jsonld": "application/ld+json", "ntriples": "application/n-triples",
         "html": "text/html"}


class LinkedData:
    """The ``/id/{path}`` handler."""

    def __init__(self, settings: Settings, services_of: Callable[[Request], Services]) -> None:
        self.services_of = services_of
        self.base = settings.base_iri

    def local(self, iri: str) -> str | None:
        """The path on this server of an IRI minted here, else None."""
        return "/id/" + iri[len(self.base):] if iri.startswith(self.base) else None

    async def handle(self, request: Request) -> Response:
        """Describe the entity at ``/id/{path}`` in the format the client asked for."""
        path = request.path_params["path"]
        try:
            iri = NamedNode(self.base + path)
        except ValueError:
            return PlainTextResponse(f"not an IRI: {self.base + path!r}", status_code=404)
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
        desc = await anyio.to_thread.run_sync(services.describe, iri.value)
        if not desc.triples:
            return PlainTextResponse(f"nothing is known about <{iri.value}>", status_code=404, headers=headers)
        if media == "text/html":
            return Response(self.page(desc), media_type="text/html; charset=utf-8", headers=headers)
        if media == "application/ld+json":
            buf = io.BytesIO()
            write_jsonld(iter(sorted(desc.triples, key=lambda t: str(t.subject))), buf)
            return Response(buf.getvalue(), media_type=media, headers=headers)
        body = ox.serialize(desc.triples, None, ox.RdfFormat.from_media_type(media), prefixes=NS) or b""
        return Response(body, media_type=media, headers=headers)

    def _value(self, desc: Description, term: object) -> str:
        if isinstance(term, NamedNode):
            shown = html.escape(desc.label(term.value))
            href = self.local(term.value) or term.value
            return f'<a href="{html.escape(href)}">{shown}</a>'
        if isinstance(term, ox.Literal):
            lang = f' <small>@{html.escape(term.language)}</small>' if term.language else ""
            return html.escape(term.value) + lang
        return html.escape(str(term))

    def _name(self, iri: str) -> str:
        for prefix, ns in NS.items():
            if iri.startswith(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def page(self, desc: Description) -> str:
        """A readable page: the entity's name and kinds, its properties, and what refers to it."""
        me = desc.iri
        title = desc.label(me.value)
        own = sorted((t for t in desc.triples if t.subject == me and t.predicate != RDF.type),
                     key=lambda t: (self._name(t.predicate.value), str(t.object)))
        kinds = sorted(self._name(t.object.value) for t in desc.triples  # type: ignore[union-attr]
                       if t.subject == me and t.predicate == RDF.type)
        refs = sorted((t for t in desc.triples if t.object == me),
                      key=lambda t: (self._name(t.predicate.value), desc.label(str(t.subject))))
        rows = "\n".join(f"<tr><th>{html.escape(self._name(t.predicate.value))}</th>"
                         f"<td>{self._value(desc, t.object)}</td></tr>" for t in own)
        back = "\n".join(f"<tr><td>{self._value(desc, t.subject)}</td>"
                         f"<th>{html.escape(self._name(t.predicate.value))}</th></tr>" for t in refs)
        alternates = " · ".join(f'<a href="?format={f}">{f}</a>' for f in MEDIA if f != "html")
        return (f'<!doctype html>\n<html lang="id"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
                + "".join(f'<link rel="alternate" type="{m}" href="?format={f}">' for f, m in MEDIA.items()
                          if f != "html")
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}th{text-align:left;"
                "padding-right:1em;vertical-align:top;font-weight:normal;color:#555}</style></head><body>\n"
                f"<h1>{html.escape(title)}</h1>\n<p><code>{html.escape(me.value)}</code> — "
                f"{html.escape(', '.join(kinds))}</p>\n<table>\n{rows}\n</table>\n"
                + (f"<h2>Referred to by</h2>\n<table>\n{back}\n</table>\n" if refs else "")
                + f"<p>Also as {alternates}.</p>\n</body></html>\n")


def routes(settings: Settings, services_of: Callable[[Request], Services]) -> list[Route]:
    """The ``/id/{path}`` route; ``services_of`` gives the services a request runs over."""
    return [Route("/id/{path:path}", LinkedData(settings, services_of).handle, methods=["GET", "HEAD"],
                  name="linked_data")]
