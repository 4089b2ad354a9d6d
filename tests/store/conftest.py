"""Store backends for the contract suite: embedded on disk, in memory, and real SPARQL servers.

The Oxigraph server (from the ``oxigraph`` PyPI package) and Virtuoso 7 (Debian's
``virtuoso-opensource``) are started here on free ports with temporary databases, once per
session, and stopped afterwards. Virtuoso's tests are skipped, saying so, when ``virtuoso-t``
is not installed (``make test-virtuoso`` installs it).
"""

from __future__ import annotations

import http.server
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import Store, open_store

BIN = Path(sys.executable).parent
BACKENDS = ["disk", "memory", "oxigraph-server", "virtuoso"]
REMOTE = ["oxigraph-server", "virtuoso"]


def free_port() -> int:
    """A TCP port nothing listens on (bound once by us, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.args[0]} did not answer at {url} within {seconds} s: {log.read_text()[-2000:]}")


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL if it has not stopped within 30 s."""
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@dataclass(frozen=True)
class Server:
    """A running SPARQL server and the settings that reach it."""

    name: str
    settings: Settings
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``oxigraph serve`` on a free port with a temporary database."""
    folder = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = folder / "server.log"
    exe = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/query", proc, log, 30)
        yield Server("oxigraph-server", Settings(store=f"{base}/query", update_url=f"{base}/update",
                                                 graph_store_url=f"{base}/store"), proc)
    finally:
        stop_process(proc)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {d}
MaxClientConnections = 10
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
; Virtuoso's shipped default: results are cut at 10,000 rows, which the backend pages around.
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso 7 (``virtuoso-t``) on free ports with a temporary database and ini."""
    exe = shutil.which("virtuoso-t") or os.environ.get("VIRTUOSO_T")
    if exe is None:
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource; make test-virtuoso)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=folder, http_port=http_port, sql_port=sql_port))
    log = folder / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "+foreground", "+configfile", str(ini)], cwd=folder,
                                stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        _wait_until_up(f"{base}/sparql", proc, log, 90)
        # Reads go to the public endpoint; updates to the digest-authenticated one (dba/dba by default).
        yield Server("virtuoso", Settings(store=f"{base}/sparql", update_url=f"{base}/sparql-auth",
                                          store_user="dba", store_password="dba"), proc)
    finally:
        stop_process(proc)


def _clear(store: Store) -> None:
    """Drop every graph the store owns (a shared server keeps its other graphs)."""
    graphs = store.graphs()  # type: ignore[attr-defined]
    if graphs:
        store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in graphs))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings that reach one backend: a folder, ':memory:', or a running server."""
    name = request.param
    if name == "disk":
        return Settings(store=str(tmp_path / "store"))
    if name == "memory":
        return Settings(store=":memory:")
    server: Server = request.getfixturevalue("oxigraph_server" if name == "oxigraph-server" else "virtuoso_server")
    return server.settings


@pytest.fixture
def store(backend: Settings) -> Iterator[Store]:
    """An empty store of the backend, opened as the application opens it."""
    st = open_store(backend)
    if backend.is_remote:
        _clear(st)
    yield st
    if backend.is_remote:
        _clear(st)
    st.close()


@pytest.fixture
def services_on(backend: Settings, store: Store) -> Services:
    """The use cases over ``store``."""
    return Services.open(backend, store=store)


@pytest.fixture(params=REMOTE)
def server(request: pytest.FixtureRequest) -> Server:
    """Each real SPARQL server."""
    return request.getfixturevalue("oxigraph_server" if request.param == "oxigraph-server" else "virtuoso_server")


class Flaky:
    """An HTTP proxy in front of a server that fails the next ``failures`` requests: the network's weather."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.failures = 0
        self.mode = "503"
        self.seen = 0
        flaky = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _relay(self) -> None:
                flaky.seen += 1
                body = self.rfile.read(int(self.headers.get("content-length", 0) or 0))
                if flaky.failures > 0:
                    flaky.failures -= 1
                    if flaky.mode == "reset":
                        # Linger 0: close() sends a TCP reset, as a dropped connection does.
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.connection.close()
                        return
                    self.send_response(int(flaky.mode))
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                r = httpx.request(self.command, flaky.upstream + self.path, content=body, headers=headers)
                self.send_response(r.status_code)
                for k, v in r.headers.items():
                    if k.lower() not in ("content-length", "transfer-encoding", "connection", "content-encoding"):
                        self.send_header(k, v)
                self.send_header("content-length", str(len(r.content)))
                self.end_headers()
                self.wfile.write(r.content)

            do_GET = do_POST = _relay  # noqa: N815

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def flaky() -> Iterator[Callable[[str], Flaky]]:
    """Start flaky proxies in front of upstream URLs; all are stopped afterwards."""
    made: list[Flaky] = []

    def make(upstream: str) -> Flaky:
        made.append(Flaky(upstream))
        return made[-1]

    yield make
    for f in made:
        f.close()
