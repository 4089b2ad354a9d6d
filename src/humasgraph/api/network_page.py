"""``/network``: the network picture — who spoke for whom, who appeared with whom — filtered, as SVG in the page.

The picture is chosen and laid out on the server (``Analytics.picture``/``around``,
``humasgraph.derived.picture``); ``picture_view`` turns it into the plain view-model that
``templates/_network.html`` draws, so an entity page can include the same partial with its ego
network. Each node is a link to its page: the picture works without JavaScript, and
``static/network.js`` adds pan and zoom.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..derived.picture import HEIGHT, KINDS, MAX_NODES, WIDTH, Picture
from ..errors import HumasgraphError, NotFound, TimedOut, ValidationFailed
from ..services import Services
from ..settings import Settings
from .context import Shared
from .templating import Pages

__all__ = ["DEFAULT_NODES", "EdgeView", "Filters", "NodeView", "PictureView", "ego_view", "picture_view", "routes"]

DEFAULT_NODES = 100
LABELLED = 40  # past this many nodes, only the best connected keep a visible label (all keep a tooltip)
# The node kinds and edge kinds a legend can show, in its order.
NODE_KINDS = ("person", "agency", "post", "event")
EDGE_KINDS = ("spoke_for", "appeared_with", "other")
# The GraphQL that answers what a picture around an entity shows (its nodes and how each was reached):
# the page links it opened in GraphiQL. The whole network's picture has no one GraphQL field.
AROUND_QUERY = """
query Around($of: String!, $depth: Int!) {
  connections(of: $of, depth: $depth, first: 100) {
    distance relation
    node { id kind label detail }
    via { id label }
  }
}"""
FIELDS = {"place": "province"}  # Analytics.picture's filter → the form's field
EXPORTS = ("graphml", "gexf", "csv")  # /export/{format}: the whole network, as files


@dataclass(frozen=True)
class NodeView:
    """A node as ``_network.html`` draws it."""

    id: str
    label: str
    kind: str
    detail: str
    href: str
    x: float
    y: float
    r: float
    labelled: bool  # its label shown always, not only on hover or focus

    @property
    def label_left(self) -> bool:
        """Whether the label goes to the node's left: in the right third, a label to the right would be cut off."""
        return self.x > WIDTH * 2 / 3


@dataclass(frozen=True)
class EdgeView:
    """An edge as ``_network.html`` draws it (ends cut at the nodes' rims) and the table lists it."""

    kind: str  # spoke_for (directed), appeared_with, other
    relation: str
    x1: float
    y1: float
    x2: float
    y2: float
    source: NodeView
    target: NodeView
    weight: int
    events: tuple[str, ...]


@dataclass(frozen=True)
class PictureView:
    """One network picture: nodes, edges, the box they are drawn in, and what the cap left out."""

    id: str  # prefixes the SVG's ids, so that a page may hold two pictures
    nodes: tuple[NodeView, ...]
    edges: tuple[EdgeView, ...]
    total: int
    left_out: int
    node_kinds: tuple[str, ...]  # the kinds present, for the legend
    edge_kinds: tuple[str, ...]
    width: float = WIDTH
    height: float = HEIGHT


def picture_view(picture: Picture, entity_url: Callable[[str], str], id: str = "network") -> PictureView:  # noqa: A002
    """The view-model of ``picture``; ``entity_url`` makes a node's link (``Pages.entity_url``)."""
    ranked = sorted(picture.spots, key=lambda s: (s.iri != picture.center, -s.degree, s.label, s.iri))
    labelled = {s.iri for s in ranked[:LABELLED]}
    nodes = {s.iri: NodeView(s.iri, s.label, s.kind, s.detail, entity_url(s.iri), s.x, s.y,
                             round(6 + min(10.0, 2 * math.sqrt(s.degree)), 1), s.iri in labelled)
             for s in picture.spots}
    edges = []
    for line in picture.lines:
        a, b = nodes[line.source], nodes[line.target]
        kind = line.relation if line.relation in EDGE_KINDS else "other"
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        # Cut at the rims; a directed edge leaves room for its arrowhead.
        start, end = a.r, b.r + (4 if kind == "spoke_for" else 0)
        edges.append(EdgeView(kind, line.relation, round(a.x + dx * start / length, 1),
                              round(a.y + dy * start / length, 1), round(b.x - dx * end / length, 1),
                              round(b.y - dy * end / length, 1), a, b, line.weight, line.events))
    shown = sorted(nodes.values(), key=lambda n: (n.labelled, n.label, n.id))  # labelled ones drawn last, on top
    return PictureView(id, tuple(shown), tuple(edges), picture.total, picture.left_out,
                       tuple(k for k in NODE_KINDS if any(n.kind == k for n in shown)),
                       tuple(k for k in EDGE_KINDS if any(e.kind == k for e in edges)))


def ego_view(services: Services, entity_url: Callable[[str], str], iri: str, *, depth: int = 1,
             limit: int = 60, deadline: float | None = None, id: str = "ego") -> PictureView | None:  # noqa: A002
    """The picture of the network around ``iri`` for an entity's page; None when it has no link in the network.

    Blocking (run it in a thread); ``TimedOut`` when the projection is still being built at
    ``deadline`` (just after start-up), which a page may answer without its picture.
    """
    try:
        picture = services.analytics.around(iri, depth, limit, deadline)
    except NotFound:
        return None
    return picture_view(picture, entity_url, id=id)


@dataclass(frozen=True)
class Filters:
    """The form of ``/network``, read from the query string."""

    kind: str = "delegations"
    start: dt.date | None = None
    end: dt.date | None = None
    province: str = ""
    agency: str = ""
    limit: int = DEFAULT_NODES
    around: str = ""  # an entity (IRI, IRI tail or name): its network within ``depth`` steps instead
    depth: int = 1

    @classmethod
    def read(cls, params: dict[str, str]) -> tuple[Filters, dict[str, str]]:
        """The filters, and field → what is wrong with it (the field left at its default)."""
        errors: dict[str, str] = {}
        kind = params.get("kind", "").strip() or "delegations"
        if kind not in KINDS:
            errors["kind"] = f"kind={kind!r}: expected one of {', '.join(KINDS)}"
            kind = "delegations"
        dates: dict[str, dt.date | None] = {}
        for name in ("from", "to"):
            text = params.get(name, "").strip()
            try:
                dates[name] = dt.date.fromisoformat(text) if text else None
            except ValueError:
                errors[name] = f"{name}={text!r}: expected a date as YYYY-MM-DD"
                dates[name] = None
        if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
            errors["to"] = f"to={dates['to']}: comes before from={dates['from']}"
        text = params.get("max", "").strip()
        limit = DEFAULT_NODES
        if text:
            if text.isdigit() and 1 <= int(text) <= MAX_NODES:
                limit = int(text)
            else:
                errors["max"] = f"max={text!r}: expected a whole number from 1 to {MAX_NODES}"
        depth_text = params.get("depth", "").strip() or "1"
        depth = int(depth_text) if depth_text in ("1", "2") else 1
        if depth_text not in ("1", "2"):
            errors["depth"] = f"depth={depth_text!r}: expected 1 or 2"
        found = cls(kind, dates["from"], dates["to"], params.get("province", "").strip(),
                    params.get("agency", "").strip(), limit, params.get("around", "").strip(), depth)
        if found.around and found.filtered:
            errors["around"] = (f"around={found.around!r}: the dates, province and agency filter the whole network, "
                                "not the network around one entity; leave them empty")
        return found, errors

    @property
    def filtered(self) -> bool:
        return any((self.start, self.end, self.province, self.agency))


class NetworkPage:
    """``/network`` over the app's shared services."""

    def __init__(self, settings: Settings, shared_of: Callable[[Request], Shared], pages: Pages) -> None:
        self.settings = settings
        self.shared_of = shared_of
        self.pages = pages

    def draw(self, services: Services, f: Filters) -> Picture:
        deadline = time.monotonic() + self.settings.query_timeout
        if f.around:
            return services.analytics.around(f.around, f.depth, f.limit, deadline)
        return services.analytics.picture(f.kind, f.limit, start=f.start, end=f.end, place=f.province or None,
                                          agency=f.agency or None, deadline=deadline)

    async def handle(self, request: Request) -> Response:
        filters, errors = Filters.read(dict(request.query_params))
        view, status = None, 200
        if not errors:
            try:
                picture = await run_in_threadpool(self.draw, self.shared_of(request).services, filters)
                view = picture_view(picture, self.pages.entity_url)
            except TimedOut as exc:
                errors["picture"], status = str(exc), 503
            except ValidationFailed as exc:
                errors.update({FIELDS.get(e.path, e.path): e.message for e in exc.errors})
            except HumasgraphError as exc:  # around= names nothing, or several
                errors["around" if filters.around else "picture"] = str(exc)
        if errors and status == 200:
            status = 400
        return self.pages.render(request, "network.html", status=status, filters=filters, errors=errors,
                                 picture=view, kinds=KINDS, max_nodes=MAX_NODES, exports=EXPORTS,
                                 around_query=AROUND_QUERY,
                                 pinned_lang=request.query_params.get("lang"))


def routes(settings: Settings, shared_of: Callable[[Request], Shared], pages: Pages) -> list[Route]:
    """``/network``; ``shared_of`` gives the services a request runs over."""
    return [Route("/network", NetworkPage(settings, shared_of, pages).handle, methods=["GET", "HEAD"],
                  name="network")]
