"""Fixtures of the analyst features: the HTTP routes in a tiny app, a real server, a hand-drawn graph."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.testclient import TestClient

from humasgraph.api import exports as export_routes
from humasgraph.api import linked_data, sparql
from humasgraph.api.templating import Pages
from humasgraph.queries.projection import (
    Agency,
    Appearance,
    Delegation,
    Event,
    Facts,
    Person,
    Post,
    Statement,
    Tenure,
)
from humasgraph.services import Services


def analyst_app(services: Services) -> Starlette:
    """The analyst routes alone, as the API app mounts them beside /graphql."""
    def services_of(request: Request) -> Services:
        return services

    routes = [*sparql.routes(services.settings, services_of),
              *linked_data.routes(services.settings, services_of, Pages(services.settings.base_iri)),
              *export_routes.routes(services.settings.replace(public_exports=True), services_of)]
    return Starlette(routes=routes)


@pytest.fixture
def client_with(seeded: Services) -> Callable[..., TestClient]:
    """An in-process client of the analyst routes over the seeded store, with some settings changed."""
    def make(**changes: Any) -> TestClient:
        tuned = Services(seeded.settings.replace(**changes), seeded.store, seeded.minter, seeded.importer,
                         seeded.merges)
        return TestClient(analyst_app(tuned))
    return make


@pytest.fixture
def client(seeded: Services) -> Iterator[TestClient]:
    """An in-process client of the analyst routes over the seeded store."""
    with TestClient(analyst_app(seeded)) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(seeded: Services) -> Iterator[str]:
    """A real uvicorn server of the analyst routes on a free loopback port; its base URL."""
    port = _free_port()
    config = uvicorn.Config(analyst_app(seeded), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the uvicorn server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _d(day: int) -> dt.date:
    return dt.date(2020, 1, day)


@pytest.fixture
def hand_drawn() -> Facts:
    """A small graph drawn by hand, whose centrality and paths are known.

    Ani and Budi spoke at meeting M1 (1 Jan); Budi and Citra at M2 (5 Jan); Dedi at M3 (9 Jan).
    Ani spoke at M1 for the post Kepala Dinas, held by Eko; Ani holds the post Kabid in Dinas;
    Dinas is part of Pemprov. Statements: Budi 3 (1, 5, 5 Jan), Ani 2 (1 Jan), Citra 1 (5 Jan).
    """
    f = Facts()
    for key, name in (("ani", "Ani"), ("budi", "Budi"), ("citra", "Citra"), ("dedi", "Dedi"), ("eko", "Eko")):
        f.people[key] = Person(key, name)
    f.agencies["pemprov"] = Agency("pemprov", "Pemprov")
    f.agencies["dinas"] = Agency("dinas", "Dinas", parent="pemprov")
    f.posts["kadin"] = Post("kadin", "Kepala Dinas", "Kepala Dinas", "dinas")
    f.posts["kabid"] = Post("kabid", "Kabid", "Kabid", "dinas")
    f.tenures["t1"] = Tenure("t1", "eko", "kadin", "dinas", start=_d(1))
    f.tenures["t2"] = Tenure("t2", "ani", "kabid", "dinas", start=_d(1))
    for key, day in (("m1", 1), ("m2", 5), ("m3", 9)):
        f.events[key] = Event(key, key.upper(), "coordination_meeting", _d(day), _d(day))
    for event, person in (("m1", "ani"), ("m1", "budi"), ("m2", "budi"), ("m2", "citra"), ("m3", "dedi")):
        f.appearances[(event, person)] = Appearance(event, person, ["remarks"])
    f.appearances[("m1", "ani")].on_behalf_of.append("kadin")
    f.delegations["d1"] = Delegation("d1", "ani", "kadin", "m1", ["reading_speech"])
    for i, (speaker, day, event) in enumerate((("budi", 1, "m1"), ("budi", 5, "m2"), ("budi", 5, "m2"),
                                               ("ani", 1, "m1"), ("ani", 1, "m1"), ("citra", 5, "m2"))):
        f.statements[f"s{i}"] = Statement(f"s{i}", speaker, f"text {i}", "https://example.org/a",
                                          date=_d(day), event=event)
    return f
