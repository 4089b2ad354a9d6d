"""Real-browser tests: Debian's Chromium driven by Playwright, against ``humasgraph serve`` as a real process.

Nothing is downloaded: Playwright starts the system Chromium (``make chromium`` installs it; `.ci/run`
does). Where it is missing the tests are skipped, saying so. Every page a test opens records its
console errors, uncaught exceptions, Content-Security-Policy violations and every request it makes;
screenshots go to ``<pytest basetemp>/screenshots``.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from browsing import Server, Visit
from playwright import sync_api as playwright

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"
HUMASGRAPH = str(Path(sys.executable).parent / "humasgraph")
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")

# Listens from the first script on (Playwright adds it through the DevTools protocol, which the
# page's CSP does not govern) for CSP violations, which would otherwise only be console lines.
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile);
});
"""


def _chromium() -> str | None:
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("served")
    store, log = folder / "store", folder / "serve.log"
    loaded = subprocess.run([HUMASGRAPH, "--store", str(store), "import", str(SEEDS)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen([HUMASGRAPH, "--store", str(store), "serve", "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    served = Server(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                if httpx.get(served.url("/healthz"), timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"serve did not start within 60 s: {log.read_text()}"
            time.sleep(0.2)
        yield served
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright.Browser]:
    executable = _chromium()
    if executable is None:
        pytest.skip("chromium is not installed (`make chromium` installs Debian's): the browser tests are skipped")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


def _visit(browser: playwright.Browser, server: Server, screenshots: Path, request: pytest.FixtureRequest,
           locale: str) -> Iterator[Visit]:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    context.add_init_script(_RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(20_000)
    visit = Visit(page, server, screenshots, re.sub(r"[^\w.-]+", "_", request.node.name))
    page.on("console", lambda m: visit.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.errors.append(f"uncaught: {e}"))
    page.on("request", lambda r: visit.requests.append(r.url))
    try:
        yield visit
    finally:
        context.close()


@pytest.fixture
def visit(browser: playwright.Browser, server: Server, screenshots: Path,
          request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh tab of a browser set to Indonesian (``Accept-Language: id-ID``)."""
    yield from _visit(browser, server, screenshots, request, "id-ID")


@pytest.fixture
def visit_en(browser: playwright.Browser, server: Server, screenshots: Path,
             request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh tab of a browser set to English (``Accept-Language: en-GB``)."""
    yield from _visit(browser, server, screenshots, request, "en-GB")
