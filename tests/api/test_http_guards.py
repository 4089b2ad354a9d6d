"""The HTTP layer: body limits in size and time, slow clients, security headers, and guarded exports.

Slow clients are tested with real sockets against a real uvicorn on 127.0.0.1 (bounded in
count and time), built with the options ``humasgraph serve`` uses.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
import uvicorn
from api_client import TOKEN, Client
from uvicorn.server import ServerState

from humasgraph.api import create_app
from humasgraph.api.middleware import API_CSP, GRAPHIQL_CSP, PAGE_CSP
from humasgraph.api.server import MAX_HEADER_BYTES, HeaderTimeout, uvicorn_options
from humasgraph.services import Services


def _client(seeded: Services, **changes: object) -> Client:
    return Client(create_app(seeded.settings.replace(**changes), seeded))


def test_a_body_over_the_limit_is_413(seeded: Services) -> None:
    client = _client(seeded, max_body_bytes=10_000)
    big = {"query": "query($v: String) { events { totalCount } }", "variables": {"v": "x" * 20_000}}
    response = client.post("/graphql", json=big)
    assert response.status_code == 413 and "max_body_bytes" in response.text

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"query": "{ events { totalCount } }", "variables": {"v": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}}'
    chunked = client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert chunked.status_code == 413
    small = client.post("/graphql", json={"query": "{ events { totalCount } }"})
    assert small.status_code == 200


def test_security_headers(client: Client) -> None:
    api = client.post("/graphql", json={"query": "{ events { totalCount } }"})
    page = client.get("/graphql", headers={"Accept": "text/html"})
    for response in (api, page):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert api.headers["content-security-policy"] == API_CSP
    # GraphiQL as served: every script from this server (no inline script, no other origin).
    assert page.headers["content-security-policy"] == GRAPHIQL_CSP
    for policy in (GRAPHIQL_CSP, PAGE_CSP, API_CSP):
        directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";"))
        assert "http" not in policy and "unsafe-eval" not in policy
        assert directives.get("script-src", "'self'") == "'self'" and directives["default-src"] == "'none'"
    assert "unpkg" not in page.text and "<script>" not in page.text


@pytest.mark.parametrize(("changes", "token", "status"), [
    ({}, None, 403),  # no token configured, exports not public: closed
    ({"token": TOKEN}, None, 401),
    ({"token": TOKEN}, "wrong", 401),
    ({"token": TOKEN}, TOKEN, 200),
    ({"public_exports": True}, None, 200),
])
def test_exports_need_the_token_unless_public(seeded: Services, changes: dict[str, object], token: str | None,
                                              status: int) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = _client(seeded, **changes).get("/export/nquads", headers=headers)
    assert response.status_code == status, response.text


@pytest.fixture
def serve(seeded: Services) -> Iterator[Callable[..., int]]:
    """Start a real uvicorn (on a free loopback port) over the app with some settings changed; its port."""
    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(**changes: object) -> int:
        settings = seeded.settings.replace(**changes)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        config = uvicorn.Config(create_app(settings, seeded), host="127.0.0.1", port=port, log_level="warning",
                                **uvicorn_options(settings))
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 10
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.02)
        return port
    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def _closed(sock: socket.socket, within: float) -> bool:
    """True when the server closes ``sock`` within ``within`` seconds (whatever it answered first)."""
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


def test_slow_clients_are_cut_off(serve: Callable[..., int]) -> None:
    port = serve(header_timeout=0.5, body_timeout=0.5)
    # Headers trickled a byte at a time, a connection that sends nothing, and a body trickled after its headers.
    trickle_headers = socket.create_connection(("127.0.0.1", port))
    trickle_headers.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\n")
    silent = socket.create_connection(("127.0.0.1", port))
    trickle_body = socket.create_connection(("127.0.0.1", port))
    trickle_body.sendall(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 100\r\n\r\n{")
    started = time.monotonic()
    for _ in range(3):
        time.sleep(0.3)
        for sock in (trickle_headers, trickle_body):
            try:
                sock.sendall(b"x")
            except OSError:
                pass
    try:
        assert _closed(trickle_headers, 3) and _closed(silent, 3)
        trickle_body.settimeout(3)
        answer = trickle_body.recv(4096)
        assert answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - started < 5
    finally:
        for sock in (trickle_headers, silent, trickle_body):
            sock.close()
    # A normal request is served meanwhile and after.
    response = httpx.post(f"http://127.0.0.1:{port}/graphql", json={"query": "{ events { totalCount } }"}, timeout=10)
    assert response.status_code == 200


def _answers(sock: socket.socket, count: int, within: float = 10) -> list[bytes]:
    """The status lines of the next ``count`` responses on ``sock`` (each ``content-length`` long)."""
    sock.settimeout(within)
    buffer, found = b"", []
    while len(found) < count:
        head, sep, rest = buffer.partition(b"\r\n\r\n")
        if sep:
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")))
            if len(rest) >= length:
                found.append(head.split(b"\r\n")[0])
                buffer = rest[length:]
                continue
        chunk = sock.recv(65536)
        assert chunk, f"closed after {found}"
        buffer += chunk
    return found


def test_headers_over_the_bound_are_431_and_the_connection_closed(serve: Callable[..., int]) -> None:
    port = serve(header_timeout=5)
    big = b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-Filler: " + b"a" * (MAX_HEADER_BYTES + 10) + b"\r\n\r\n"
    trickled = [b"GET /healthz HTTP/1.1\r\nHost: x\r\n"] + [b"X-F%d: %s\r\n" % (i, b"b" * 1000) for i in range(20)]
    for parts in ([big], trickled):  # in one read, and over many reads that add up
        with socket.create_connection(("127.0.0.1", port)) as sock:
            for part in parts:
                try:
                    sock.sendall(part)
                except OSError:  # refused already
                    break
                time.sleep(0.01)
            sock.settimeout(5)
            answer = sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 431"), answer
            assert _closed(sock, 5)
    assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200


def test_headers_within_the_bound_and_a_body_in_the_same_read_are_served(serve: Callable[..., int]) -> None:
    port = serve(header_timeout=5)
    body = b'{"query": "{ events { totalCount } }", "variables": {"v": "' + b"x" * 100_000 + b'"}}'
    filler = b"X-Filler: " + b"a" * (MAX_HEADER_BYTES - 500) + b"\r\n"
    request = (b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + filler
               + b"Content-Length: %d\r\n\r\n" % len(body) + body)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        assert _answers(sock, 1) == [b"HTTP/1.1 200 OK"]


def test_a_pipelined_request_is_not_cut_off_by_the_header_timeout(serve: Callable[..., int]) -> None:
    # The second request's headers arrive with the first request: once the first is answered, the second is
    # started at once, and the timeout armed for a next request's headers must not close the connection while
    # the second's body is still on its way (it has its own timeout, body_timeout).
    port = serve(header_timeout=0.5, body_timeout=5)
    body = b'{"query": "{ events { totalCount } }"}'
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    second = (b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body))
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(first + second + body[:10])
        time.sleep(1.0)
        sock.sendall(body[10:])
        assert _answers(sock, 2) == [b"HTTP/1.1 200 OK"] * 2
        assert _closed(sock, 3)  # and then, with nothing more sent, the header timeout closes it


class _Transport(asyncio.Transport):
    """What the protocol writes, and whether it closed: a connection without a socket."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def test_the_headers_of_a_request_pipelined_behind_one_being_answered_are_bounded() -> None:
    # The first request is received whole and is being answered (here for ever: the loop never runs): what comes
    # after it is the next request's line and headers, bounded too, although no header timeout is armed for them.
    async def never(scope: object, receive: object, send: object) -> None:
        await asyncio.Event().wait()

    loop = asyncio.new_event_loop()
    try:
        config = uvicorn.Config(app=never, http=HeaderTimeout, log_config=None)
        config.load()
        protocol = HeaderTimeout(config=config, server_state=ServerState(), app_state={}, _loop=loop)
        transport = _Transport()
        protocol.connection_made(transport)
        protocol.data_received(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n")
        sent = 0
        while not transport.closed and sent < 10 * MAX_HEADER_BYTES:
            protocol.data_received(b"X-Filler: " + b"a" * 4000 + b"\r\n")
            sent += 4012
        assert transport.written.startswith(b"HTTP/1.1 431") and sent <= MAX_HEADER_BYTES + 4012
    finally:
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.close()


def test_connections_beyond_the_cap_are_503(serve: Callable[..., int]) -> None:
    port = serve(max_connections=5, header_timeout=5)
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
    try:
        time.sleep(0.2)
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10)
        assert response.status_code == 503
    finally:
        for sock in held:
            sock.close()
    time.sleep(0.2)
    assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200


def test_exports_beyond_max_exports_are_503(seeded: Services) -> None:
    app = create_app(seeded.settings.replace(public_exports=True, max_exports=1), seeded)
    scope = {"type": "http", "method": "GET", "path": "/export/nquads", "raw_path": b"/export/nquads",
             "query_string": b"", "headers": [], "http_version": "1.1", "scheme": "http",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": "", "app": app}

    async def scenario() -> list[int]:
        statuses: list[int] = []
        reading = asyncio.Event()
        release = asyncio.Event()

        async def receive() -> dict[str, object]:
            await release.wait()
            return {"type": "http.disconnect"}

        async def slow_send(message: dict[str, object]) -> None:  # a client that stops reading
            if message["type"] == "http.response.start":
                statuses.append(int(message["status"]))  # type: ignore[call-overload]
            elif message["type"] == "http.response.body":
                reading.set()
                await release.wait()

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                statuses.append(int(message["status"]))  # type: ignore[call-overload]

        first = asyncio.ensure_future(app(dict(scope), receive, slow_send))
        await asyncio.wait_for(reading.wait(), 10)
        await app(dict(scope), receive, send)  # while the first is under way
        release.set()
        await asyncio.wait_for(first, 10)
        await app(dict(scope), receive, send)  # after it
        return statuses

    assert asyncio.run(scenario()) == [200, 503, 200]
