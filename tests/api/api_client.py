"""An in-process client of the ASGI app, and a GraphQL runner over it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from starlette.applications import Starlette

TOKEN = "s3cret-editor-token"

GQL = Callable[..., dict[str, Any]]


class Client:
    """A synchronous in-process client of an ASGI app (httpx over ASGITransport, one event loop per call)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def call() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, path, **kwargs)
        return asyncio.run(call())

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)


def runner(client: Client) -> GQL:
    """Run a GraphQL query; fail on errors unless ``errors=True``."""
    def run(query: str, variables: dict[str, Any] | None = None, *, token: str | None = None,
            errors: bool = False) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        body = response.json()
        if not errors:
            assert "errors" not in body, body["errors"]
        return body
    return run




def run_named(client: Client, query: str, operation: str) -> dict[str, Any]:
    """Run one named operation of a document."""
    response = client.post("/graphql", json={"query": query, "operationName": operation})
    body: dict[str, Any] = response.json()
    return body
