"""ASGI middleware around the whole app: a request body limit in size and time, and security headers.

The body limit counts what is received, not what ``Content-Length`` claims (a chunked body has
none): a body past ``max_body_bytes`` answers 413, one not received within ``body_timeout``
seconds of the request answers 408. Both hold for every route (GraphQL, /sparql, …).
"""

from __future__ import annotations

import asyncio

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["API_CSP", "GRAPHIQL_CSP", "PAGE_CSP", "BodyLimit", "SecurityHeaders"]

# A page sets its own policy (``templating.Pages.render``); the middleware adds API_CSP to answers
# that set none. No policy allows another origin or an inline script: every script and stylesheet
# is a file under /static (vendored from npm by scripts/vendor.sh), nothing is fetched from outside.
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
# GraphiQL as we serve it (templates/graphiql.html): its scripts and stylesheet from /static,
# fonts and icons inlined as data: URLs, queries to this origin. Its dialogs add <style> elements
# (react-remove-scroll; a browser test saw the settings dialog blocked without it), hence
# 'unsafe-inline' for styles; never for scripts.
GRAPHIQL_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
                "form-action 'self'")
# Everything else is data (JSON, RDF, the plain HTML of /id/ pages): nothing to run, nothing to embed.
API_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY")]


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class BodyLimit:
    """Refuses a request body larger than ``max_bytes`` (413) or slower than ``timeout`` seconds (408)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, timeout: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(413, scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self.timeout
        received = 0
        done = False  # the whole body is in; later receive() calls wait for a disconnect, unbounded
        started = False

        async def limited() -> Message:
            nonlocal received, done
            if done:
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
                done = not message.get("more_body", False)
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, sending)
        except (_TooLarge, _TooSlow) as exc:
            if started:
                raise  # the response has begun: nothing better than cutting it off
            await self._refuse(413 if isinstance(exc, _TooLarge) else 408, scope, receive, send)

    async def _refuse(self, status: int, scope: Scope, receive: Receive, send: Send) -> None:
        text = (f"request body larger than {self.max_bytes} bytes (max_body_bytes)" if status == 413
                else f"request body not received within {self.timeout:g} s (body_timeout)")
        response = PlainTextResponse(text, status_code=status, headers={"Connection": "close"})
        await response(scope, receive, send)


class SecurityHeaders:
    """Adds nosniff, no-referrer, no framing, and a Content-Security-Policy to every response that has none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in HEADERS if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", API_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
