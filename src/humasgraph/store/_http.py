"""One HTTP endpoint of a remote store: retries with backoff, authentication, errors as ours.

httpx stays behind this seam. Credentials go only into the auth handler: URLs shown in
messages and reprs have no user info, and the password is scrubbed from any text we raise.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from ..errors import QueryRejected, StoreError, StoreUnavailable

__all__ = ["Endpoint", "Retry"]

# Statuses a proxy or a restarting server answers with for a moment; worth trying again.
TRANSIENT_STATUS = frozenset({502, 503, 504})
# Network failures worth trying again: refused, reset, timed out, cut off mid-response.
TRANSIENT_ERRORS = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


@dataclass(frozen=True)
class Retry:
    """How often a request is tried, and how long to wait between tries (exponential, jittered)."""

    attempts: int = 5
    first_delay: float = 0.1
    max_delay: float = 2.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        ceiling = min(self.max_delay, self.first_delay * 2 ** (attempt - 1))
        # Jitter keeps several API workers from retrying in lockstep against a recovering store.
        return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - not cryptography


class _ChallengeAuth(httpx.Auth):
    """Answers the server's challenge with Basic or Digest; sends no password before being asked."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme is not None:
            yield from self._scheme.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").lower()
        if challenge.startswith("digest"):
            self._scheme = self._digest
        elif challenge.startswith("basic"):
            self._scheme = self._basic
        else:
            return
        yield from self._scheme.auth_flow(request)


class Endpoint:
    """A SPARQL protocol URL and the client that talks to it."""

    def __init__(self, url: str, *, auth: tuple[str, str] = ("", ""), retry: Retry | None = None,
                 timeout: float = 60.0) -> None:
        parsed = httpx.URL(url)
        user, password = auth
        # Credentials written into the URL are taken out of it, so that it can be shown.
        if parsed.username and not user:
            user, password = parsed.username, parsed.password
        self.url = str(parsed.copy_with(username=None, password=None))
        self._secret = password
        self.retry = retry or Retry()
        self.server = ""
        self.attempts = 0
        self._client = httpx.Client(
            auth=_ChallengeAuth(user, password) if user else None,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))

    def __repr__(self) -> str:
        return f"Endpoint({self.url})"

    def _scrub(self, text: str) -> str:
        return text.replace(self._secret, "***") if self._secret else text

    def post(self, form: dict[str, str], *, accept: str, writing: bool = False) -> httpx.Response:
        """POST a form (``query=`` or ``update=``) and read the whole answer."""
        with self.stream("POST", accept=accept, data=form, writing=writing) as response:
            response.read()
            return response

    def probe(self) -> None:
        """Learn which server this is (``self.server``) from any answer to a GET."""
        with self.stream("GET", accept="*/*", check=False) as response:
            response.read()

    @contextlib.contextmanager
    def stream(self, method: str, *, accept: str, data: dict[str, str] | None = None,
               params: dict[str, str] | None = None, writing: bool = False,
               check: bool = True) -> Iterator[httpx.Response]:
        """Send a request, retrying transient failures until its answer starts; yield the answer."""
        last = ""
        for attempt in range(1, self.retry.attempts + 1):
            self.attempts += 1
            started = False
            try:
                with self._client.stream(method, self.url, data=data, params=params,
                                         headers={"Accept": accept}) as response:
                    self.server = response.headers.get("server", self.server)
                    if response.status_code in TRANSIENT_STATUS:
                        last = f"HTTP {response.status_code}"
                    else:
                        if check and response.status_code >= 400:
                            response.read()
                            raise self.error(response, writing)
                        started = True
                        yield response
                        return
            except TRANSIENT_ERRORS as exc:
                if started:
                    raise StoreError(self._scrub(f"{self.url}: the answer broke off: {exc}")) from None
                last = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            except httpx.HTTPError as exc:
                raise StoreError(self._scrub(f"{self.url}: {type(exc).__name__}: {exc}")) from None
            if attempt < self.retry.attempts:
                time.sleep(self.retry.delay(attempt))
        raise StoreUnavailable(self._scrub(
            f"store at {self.url} is unavailable after {self.retry.attempts} attempts ({last})"))

    def error(self, response: httpx.Response, writing: bool = False) -> Exception:
        """Our exception for an HTTP error answer, with the first line of the server's message."""
        what = "update" if writing else "query"
        text = response.text.strip()
        first = self._scrub(text.splitlines()[0][:300] if text else response.reason_phrase)
        code = response.status_code
        if code == 400:
            return QueryRejected(f"{self.url}: the store rejected the {what}: {first}")
        if code in (401, 403):
            return StoreError(f"{self.url}: the store refused access (HTTP {code}); "
                              f"check store_user and store_password")
        if "SR186" in first or "SECURITY" in first:
            return StoreError(f"{self.url}: the store does not allow this user to {what} ({first}); "
                              f"on Virtuoso use the /sparql-auth endpoint with store_user and store_password")
        if code == 404:
            return StoreError(f"{self.url}: no SPARQL endpoint there (HTTP 404)")
        return StoreError(f"{self.url}: the {what} failed (HTTP {code}): {first}")

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
