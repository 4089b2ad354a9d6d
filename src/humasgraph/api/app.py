"""The ASGI app: ``create_app(settings)`` wires the services through a lifespan and mounts the routes.

Every route module contributes to ``ROUTES`` below, the one place the URL space is declared.
The app opens ``Services`` when it starts (unless given them) and closes them when it stops.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import strawberry
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

from ..errors import ConfigError
from ..ingest.intake import Intake, intake_path
from ..services import Services
from ..settings import Settings
from . import exports as export_routes
from . import home, linked_data, network_page, sparql
from .codes import coded, http_status
from .compiler import Plans
from .context import Context, Shared
from .entity_pages import http_not_found
from .known import KnownOperations
from .limits import TimedGraphQL, timed_out
from .middleware import GRAPHIQL_CSP, BodyLimit, SecurityHeaders
from .persisted import PersistedQueries
from .schema import build_schema
from .server import uvicorn_options
from .templating import Pages, static_route

__all__ = ["SETTINGS_ENV", "app_from_environment", "create_app", "settings_to_environment"]

# Set by `humasgraph serve --workers N` for the worker processes it starts (the CLI edge).
SETTINGS_ENV = "HUMASGRAPH_SERVE_SETTINGS"
# Documents kept by their hash for Automatic Persisted Queries (a frontend sends a few dozen).
PERSISTED_QUERIES = 1000


class _GraphQL(TimedGraphQL):
    """The GraphQL endpoint, its context built from the app's shared state."""

    debug = False

    def __init__(self, schema: strawberry.Schema, *args: Any, pages: Pages, settings: Settings, plans: Plans | None,
                 **kwargs: Any) -> None:
        super().__init__(schema, *args, **kwargs)
        self.pages = pages
        self.persisted = PersistedQueries(maxsize=PERSISTED_QUERIES)
        self.timeout = settings.query_timeout
        self.debug = settings.debug
        self.known = None if plans is None else KnownOperations(
            schema._schema, plans, self.persisted, max_cost=settings.max_cost, max_depth=settings.max_depth)

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """A request for a known operation is answered here (``known``); every other by strawberry."""
        if self.known is not None and isinstance(request, Request) and context is UNSET:
            try:
                answer = await self.known.answer(request, request.app.state.shared.services, self.timeout)
            except TimeoutError:
                answer = await self.process_result(request, timed_out(self.timeout))
            if answer is not None:
                return self.create_response(answer, await self.get_sub_response(request))
        return await super().run(request, context, root_value)

    async def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        request = kwargs.get("request_data")
        if isinstance(request, GraphQLRequestData):  # batches are off: a list is refused before this
            refused = self.persisted.resolve(request)
            if refused is not None:
                return refused
        return await super().execute_operation(*args, **kwargs)

    async def render_graphql_ide(self, request: Request) -> Response:  # type: ignore[override]
        """Our GraphiQL page (templates/graphiql.html): every script and style from /static, none inline."""
        from .contract import EXAMPLES  # the documented flagship query; contract imports this module
        return self.pages.render(request, "graphiql.html", csp=GRAPHIQL_CSP, endpoint=request.url.path,
                                 example_query=EXAMPLES[0].query.strip())

    async def get_context(self, request: Any, response: Any = None) -> Context:  # type: ignore[override]
        shared = request.app.state.shared
        return Context.of(shared, request)

    def decode_json(self, data: str | bytes) -> object:
        try:
            value = json.loads(data)
        except RecursionError:  # strawberry catches only JSONDecodeError: this would be a 500
            raise HTTPException(400, "the request body nests JSON arrays or objects too deep") from None
        if not isinstance(value, dict | list):  # strawberry would fail on it with a 500
            raise HTTPException(400, f"the request body is JSON {type(value).__name__}, expected an object "
                                "with a 'query' (GraphQL over HTTP)")
        return value

    async def process_result(self, request: Any, result: ExecutionResult) -> Any:
        if result.errors:
            result.errors = coded(result.errors, debug=self.debug)
        return await super().process_result(request, result)

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response: Response = super().create_response(response_data, sub_response)
        answers = response_data if isinstance(response_data, list) else [response_data]
        status = http_status((e.get("extensions") or {}).get("code", "")
                             for a in answers for e in a.get("errors") or [])
        if status is not None:
            response.status_code = status
            if status == 401:
                response.headers["WWW-Authenticate"] = 'Bearer realm="humasgraph"'
        return response


async def healthz(request: Request) -> Response:
    """Liveness and readiness: the store answers a query."""
    shared: Shared = request.app.state.shared
    await run_in_threadpool(shared.services.generation)
    return JSONResponse({"status": "ok"})


def _services_of(request: Request) -> Services:
    """The services of the app serving ``request`` (the analyst routes run over them)."""
    shared: Shared = request.app.state.shared
    return shared.services


def _shared_of(request: Request) -> Shared:
    """The state the app serving ``request`` shares across requests (services, search index)."""
    shared: Shared = request.app.state.shared
    return shared


def routes(settings: Settings, pages: Pages) -> list[BaseRoute]:
    """Every route of the app. Route modules add theirs to this list."""
    plans = Plans() if settings.graphql_compiled else None
    graphql = _GraphQL(build_schema(settings, plans), graphql_ide="graphiql", pages=pages, settings=settings,
                       plans=plans)
    return [
        Route("/graphql", graphql, methods=["GET", "POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        static_route(),
        *home.routes(settings, _shared_of, pages),
        *network_page.routes(settings, _shared_of, pages),
        *sparql.routes(settings, _services_of),
        *linked_data.routes(settings, _services_of, pages),
        *export_routes.routes(settings, _services_of),
    ]


def create_app(settings: Settings, services: Services | None = None, *, freeze_heap: bool = False) -> Starlette:
    """The app over ``services`` (opened from ``settings`` at startup when not given).

    ``freeze_heap``: once started, leave what the process holds then out of the cyclic collector's passes
    (``freeze``); for a process that only serves (``humasgraph serve`` and its workers), not one that goes
    on to do other work, whose objects would never be collected once frozen."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if services is not None:
            await run_in_threadpool(app.state.shared.warm)
            services.start_sparql_readers()
            app.state.shared.serve_analytics()
            if freeze_heap:
                _freeze()
            try:
                with _taking_imports(settings, app.state.shared):
                    yield  # the caller opened the services, and closes them
            finally:
                app.state.shared.close()
            return
        opened = Services.open(settings)
        app.state.shared = Shared.over(opened)
        try:
            await run_in_threadpool(app.state.shared.warm)
            opened.start_sparql_readers()
            app.state.shared.serve_analytics()
            if freeze_heap:
                _freeze()
            with _taking_imports(settings, app.state.shared):
                yield
        finally:
            app.state.shared.close()
            opened.close()

    # Outermost first: the security headers go on every answer, a refused body's included.
    middleware = [Middleware(SecurityHeaders),
                  Middleware(BodyLimit, max_bytes=settings.max_body_bytes, timeout=settings.body_timeout)]
    if settings.cors_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                                     allow_methods=["GET", "POST"], allow_headers=["authorization", "content-type"]))
    pages = Pages(settings.base_iri)
    app = Starlette(routes=routes(settings, pages), middleware=middleware, lifespan=lifespan, debug=settings.debug,
                    exception_handlers={404: http_not_found})
    app.state.settings = settings
    app.state.pages = pages
    app.state.freeze_heap = freeze_heap
    if services is not None:
        # Usable without running the lifespan (an ASGI client in tests that does not send startup).
        app.state.shared = Shared.over(services)
    return app


def _freeze() -> None:
    """Everything the started server holds (modules, the schema, plans, caches warmed so far) moved out of the
    cyclic collector's reach: a request that makes many objects (a page of 50 events makes about 13,000 rows,
    dicts and records) sets off collections, and the full ones walked every object of the process, the
    server's own ones included. A page of 50 at 1k articles, in a real server: 66.6 -> 54.1 and 65.6 -> 56.5 ms
    of CPU, two runs of ``benchmarks/served.py`` (``docs/performance.md``). Objects are still freed by their
    reference counts; only cycles among those frozen would stay."""
    gc.collect()
    gc.freeze()


@contextmanager
def _taking_imports(settings: Settings, shared: Shared) -> Iterator[None]:
    """While serving an embedded store on disk, take ``humasgraph import``'s files on ``<store>.sock``."""
    if settings.is_remote or settings.store == ":memory:":
        yield  # a remote store takes writes from any number of processes itself
        return
    intake = Intake(intake_path(settings.store), shared.services.importer, shared.write_lock)
    intake.start()
    try:
        yield
    finally:
        intake.close()


def settings_to_environment(settings: Settings) -> str:
    """The settings as the JSON that ``app_from_environment`` reads back in a worker process."""
    return json.dumps(dataclasses.asdict(settings))


def app_from_environment(environ: Callable[[], dict[str, str]] | None = None) -> Starlette:
    """The app factory that uvicorn's worker processes import (``--workers N`` with a remote store)."""
    env = dict(os.environ) if environ is None else environ()
    raw = env.get(SETTINGS_ENV)
    if not raw:
        raise ConfigError(f"{SETTINGS_ENV} is not set: start workers with 'humasgraph serve --workers N'")
    data = json.loads(raw)
    data["cors_origins"] = tuple(data.get("cors_origins") or ())
    settings = Settings(**data)
    settings.check()
    uvicorn_options(settings)  # this worker's protocol class takes the header timeout
    return create_app(settings, freeze_heap=True)
