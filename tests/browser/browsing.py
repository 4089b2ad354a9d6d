"""What the browser tests hold: the served app and one browser tab with what it saw."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, Response


@dataclass
class Server:
    """``humasgraph serve`` over a store holding the seeds, on a free loopback port."""

    base: str
    proc: subprocess.Popen[bytes]
    log: Path

    def url(self, path: str) -> str:
        return self.base + path


@dataclass
class Visit:
    """One browser tab over the server, and what it saw: console errors, requests, CSP violations."""

    page: Page
    server: Server
    shots: Path
    name: str
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> Response:
        response = self.page.goto(self.server.url(path))
        assert response is not None
        return response

    def violations(self) -> list[str]:
        found: list[str] = self.page.evaluate("window.__cspViolations || []")
        return found

    def outside(self) -> list[str]:
        """The requests that went anywhere but the server (data: URLs are in the page itself)."""
        return [u for u in self.requests if not u.startswith(self.server.base + "/") and not u.startswith("data:")]

    def screenshot(self, label: str) -> Path:
        path = self.shots / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        """No console error, no uncaught exception, no CSP violation, nothing fetched from elsewhere."""
        assert self.errors == []
        assert self.violations() == []
        assert self.outside() == []
