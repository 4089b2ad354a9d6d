"""Import while serving: a running server takes the files ``humasgraph import`` hands it.

The embedded store allows one process. A server that opens it also listens on a Unix socket
beside it (``<store>.sock``, mode 0600: only the user who runs the server may connect, and the
server checks the peer's user id as well, so no token is needed). ``humasgraph import`` that
finds the store in use reads each file itself (``importer.read_file``: the same checks as a
local import) and streams it, as JSON lines, to the server; the server validates, extracts and
writes it through the very ``Importer`` it serves from, under the app's write lock, and answers
one outcome per file once the write has committed. The change feed then carries the new
articles to the search index and list orders on the next request. A file the server never
acknowledged was not written, or was written whole: each batch is one transaction.

The protocol, one JSON object per line: the client sends ``{"humasgraph": 1, "dry_run": b}``,
then ``RawInput.to_json()`` per file, then ``{"end": true}``; the server answers an outcome per
file, in order, then ``{"end": true}`` (or ``{"error": "…"}`` and closes).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import socketserver
import stat
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError, HumasgraphError, StoreError
from .importer import Importer, Loaded, Outcome, failed
from .inputs import RawInput

__all__ = ["Intake", "hand_over", "intake_path"]

PROTOCOL = 1
# Beyond the file itself, a line carries its name and JSON escapes (at most 6 bytes per byte).
_OVERHEAD = 1 << 20


def intake_path(store: str) -> Path:
    """Where the server of the embedded store ``store`` listens for imports: ``<store>.sock``."""
    return Path(store.rstrip("/") + ".sock")


@contextlib.contextmanager
def _short(path: Path) -> Iterator[str]:
    """A name for ``path`` short enough for a Unix socket (108 bytes), through the folder's descriptor."""
    if len(os.fsencode(path)) < 100:
        yield str(path)
        return
    fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        yield f"/proc/self/fd/{fd}/{path.name}"
    finally:
        os.close(fd)


def _outcome_json(o: Outcome) -> dict[str, Any]:
    return {"source": o.source, "status": o.status, "url": o.url, "triples": o.triples, "errors": o.errors}


def _send(wfile: Any, message: dict[str, Any]) -> None:
    wfile.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    wfile.flush()


class Intake:
    """The server's end: a Unix socket beside the store, importing what clients hand it."""

    def __init__(self, path: Path, importer: Importer, lock: threading.Lock,
                 after_write: Callable[[], None] | None = None) -> None:
        self.path = path
        self.importer = importer
        self.lock = lock
        self.after_write = after_write
        self.line_limit = importer.max_file_bytes * 6 + _OVERHEAD
        self._server: socketserver.ThreadingUnixStreamServer | None = None
        self._closing = False  # set under the write lock: no batch starts after close()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Listen (a stale socket of a server that died is replaced: this process holds the store)."""
        if self.path.exists() or self.path.is_symlink():
            if not stat.S_ISSOCK(os.lstat(self.path).st_mode):
                raise ConfigError(f"{self.path}: exists and is not a socket; move it away so the server can "
                                  f"take imports there")
            self.path.unlink()
        intake = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                intake._serve(self.request, self.rfile, self.wfile)

        old = os.umask(0o177)  # the socket is created 0600: never a moment when others could connect
        try:
            with _short(self.path) as name:
                server = socketserver.ThreadingUnixStreamServer(name, Handler)
        finally:
            os.umask(old)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="humasgraph-intake", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop listening and remove the socket (imports in progress finish their batch)."""
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        with self.lock:  # waits for a batch being written; the ones after it are refused
            self._closing = True
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _serve(self, conn: socket.socket, rfile: Any, wfile: Any) -> None:
        peer = _peer_uid(conn)
        if peer is not None and peer != os.getuid():
            _send(wfile, {"error": f"user {peer} may not import into a store served by user {os.getuid()}"})
            return
        try:
            header = json.loads(rfile.readline(self.line_limit) or b"{}")
            if header.get("humasgraph") != PROTOCOL:
                _send(wfile, {"error": f"expected protocol {PROTOCOL}, got {header.get('humasgraph')!r}"})
                return
            dry_run = bool(header.get("dry_run"))
            pending: list[Loaded | Outcome] = []
            while True:
                line = rfile.readline(self.line_limit)
                if not line.endswith(b"\n"):
                    # The client went away (or sent more than a file may hold): what it did not finish is not written.
                    return
                message = json.loads(line)
                if message.get("end"):
                    self._import(pending, dry_run, wfile)
                    _send(wfile, {"end": True})
                    return
                pending.append(self._load(RawInput.from_json(message)))
                if len(pending) >= self.importer.batch_size:
                    self._import(pending, dry_run, wfile)
                    pending = []
        except (ValueError, KeyError, TypeError) as exc:
            _send(wfile, {"error": f"not a humasgraph import stream: {exc}"})
        except _Stopping:
            _send(wfile, {"error": "the server is stopping; the files not acknowledged were not imported"})
        except (BrokenPipeError, ConnectionResetError):
            return

    def _load(self, raw: RawInput) -> Loaded | Outcome:
        try:
            return self.importer.load(raw)
        except HumasgraphError as exc:
            return failed(raw.source, exc)

    def _import(self, items: list[Loaded | Outcome], dry_run: bool, wfile: Any) -> None:
        if not items:
            return
        with self.lock:
            if self._closing:
                raise _Stopping
            outcomes = list(self.importer.import_loaded(items, dry_run=dry_run))
        if self.after_write is not None and not dry_run:
            self.after_write()
        for outcome in outcomes:
            _send(wfile, _outcome_json(outcome))


class _Stopping(Exception):  # noqa: N818 - internal signal, never leaves this module
    """The server began to stop: take no more batches."""


def _peer_uid(conn: socket.socket) -> int | None:
    """The user id of the process at the other end (Linux); None where the system cannot tell."""
    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    creds = conn.getsockopt(socket.SOL_SOCKET, option, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return int(uid)


def hand_over(path: Path, items: Iterable[RawInput | Outcome], *, dry_run: bool = False,
              progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """The client's end: stream files read here to the server at ``path``; one outcome per item, in order.

    Items that are already an ``Outcome`` (a file that could not be read here) are not sent.
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with _short(path) as name:
            sock.connect(name)
    except OSError as exc:
        sock.close()
        raise StoreError(f"{path}: no server takes imports there ({exc.strerror or exc})") from None
    order: list[Outcome | None] = []
    sent_error: list[BaseException] = []

    def send() -> None:
        try:
            with sock.makefile("wb") as out:
                _send(out, {"humasgraph": PROTOCOL, "dry_run": dry_run})
                for item in items:
                    if isinstance(item, Outcome):
                        order.append(item)
                        if progress is not None:
                            progress(item)
                    else:
                        order.append(None)
                        _send(out, item.to_json())
                _send(out, {"end": True})
        except OSError as exc:  # the server closed the connection: the reader reports it
            sent_error.append(exc)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the caller's thread below
            sent_error.append(exc)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)

    writer = threading.Thread(target=send, name="humasgraph-hand-over", daemon=True)
    writer.start()
    answers: list[Outcome] = []
    ended = False
    try:
        with sock.makefile("rb") as replies:
            for line in replies:
                message = json.loads(line)
                if "error" in message:
                    done = sum(a.status in ("imported", "replaced", "unchanged") for a in answers)
                    raise StoreError(f"{path}: the server refused the import: {message['error']} "
                                     f"({done} file(s) imported before that)")
                if message.get("end"):
                    ended = True
                    break
                outcome = Outcome(message["source"], message["status"], message.get("url"),
                                  int(message.get("triples") or 0), list(message.get("errors") or []))
                answers.append(outcome)
                if progress is not None:
                    progress(outcome)
    finally:
        writer.join()
        sock.close()
    for problem in sent_error:
        if not isinstance(problem, OSError):
            raise problem
    if not ended:
        raise StoreError(f"{path}: the server closed the connection after answering {len(answers)} file(s); "
                         f"those answered 'imported' are in, the others are not: import them again")
    remote = iter(answers)
    return [o if o is not None else next(remote) for o in order]
