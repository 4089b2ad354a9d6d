"""`humasgraph import` into an embedded store a running server holds (issue 15): real processes only."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from humasgraph.errors import StoreError
from humasgraph.ingest.importer import read_file
from humasgraph.ingest.intake import Intake, hand_over, intake_path
from humasgraph.services import Services
from humasgraph.settings import Settings

from .conftest import SEED_ARTICLE

HUMASGRAPH = str(Path(sys.executable).parent / "humasgraph")
ARTICLES = "{ articles(first: 100) { totalCount nodes { url } } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """``humasgraph serve`` over a store folder, as a real process."""

    def __init__(self, store: Path, log: Path) -> None:
        self.store = store
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.proc = subprocess.Popen([HUMASGRAPH, "--store", str(store), "serve", "--port", str(self.port)],
                                         stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            assert self.proc.poll() is None, log.read_text()
            try:
                if httpx.get(f"{self.base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"serve did not start: {log.read_text()}"
            time.sleep(0.2)

    def urls(self) -> set[str]:
        body = httpx.post(f"{self.base}/graphql", json={"query": ARTICLES}, timeout=10).json()
        assert "errors" not in body, body
        return {n["url"] for n in body["data"]["articles"]["nodes"]}

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    server = Served(tmp_path / "store", tmp_path / "serve.log")
    yield server
    server.stop()


def _import(store: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([HUMASGRAPH, "--store", str(store), "import", "-v", *map(str, paths)],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """20 synthetic articles, the seed article, and a broken file."""
    folder = tmp_path / "corpus"
    subprocess.run([HUMASGRAPH, "synth", "20", "--out", str(folder)], check=True, capture_output=True)
    (folder / "seed.yaml").write_bytes(SEED_ARTICLE.read_bytes())
    (folder / "broken.yaml").write_text("article: [\n", encoding="utf-8")
    return folder


def test_import_is_handed_to_the_server_and_served_within_seconds(served: Served, corpus: Path,
                                                                  tmp_path: Path, seed_url: str) -> None:
    sock = tmp_path / "store.sock"
    assert stat.S_IMODE(sock.stat().st_mode) == 0o600
    assert served.urls() == set()
    started = time.monotonic()
    handed = _import(served.store, corpus)
    assert handed.returncode == 1, handed.stderr  # the broken file
    # The same lines as a local import into a store nobody serves, but for the one saying where they went.
    local = _import(tmp_path / "local", corpus)
    assert handed.stderr.splitlines() == [f"the store is being served: handing the files to the server ({sock})",
                                          *local.stderr.splitlines()]
    assert handed.stdout == local.stdout
    assert handed.stderr.splitlines()[-1] == "22 file(s): 1 failed, 21 imported"
    assert f"{corpus}/broken.yaml:2: not valid YAML" in handed.stderr
    while len(served.urls()) < 21:
        assert time.monotonic() - started < 10, served.urls()
        time.sleep(0.2)
    assert seed_url in served.urls()
    # The search index followed the change feed too.
    found = httpx.post(f"{served.base}/graphql", json={"query": '{ search(q: "agung hikmati", first: 1) { label } }'},
                       timeout=10).json()
    assert found["data"]["search"] == [{"label": "Agung Hikmati"}], found
    # Imported again: unchanged, nothing written, through the same importer.
    again = _import(served.store, corpus / "seed.yaml")
    assert again.returncode == 0
    assert again.stdout.startswith(f"unchanged\t{seed_url}\t")


def test_a_second_server_on_the_same_store_is_refused(served: Served, tmp_path: Path) -> None:
    second = subprocess.run([HUMASGRAPH, "--store", str(served.store), "serve", "--port", str(_free_port())],
                            capture_output=True, text=True, timeout=60, check=False)
    assert second.returncode == 1
    assert second.stderr.splitlines() == [
        f"humasgraph: {served.store}: the store is in use by another process (a running server or import?); "
        "stop it, or serve from a remote store"]
    assert httpx.get(f"{served.base}/healthz").status_code == 200  # the first one serves on, its socket too
    assert (tmp_path / "store.sock").exists()


def test_what_was_acknowledged_survives_a_killed_server(served: Served, corpus: Path, tmp_path: Path) -> None:
    handed = _import(served.store, corpus)
    acknowledged = {line.split("\t")[1] for line in handed.stdout.splitlines() if line.startswith("imported")}
    assert len(acknowledged) == 21
    served.stop(signal.SIGKILL)
    # The killed server left its socket behind: a new server replaces it; the store holds every acknowledged article.
    assert (tmp_path / "store.sock").exists()
    again = Served(served.store, tmp_path / "serve2.log")
    try:
        assert again.urls() == acknowledged
        more = tmp_path / "more.yaml"
        more.write_text(SEED_ARTICLE.read_text(encoding="utf-8").replace("cerdas-memanfaatkan", "lagi-cerdas"),
                        encoding="utf-8")
        assert _import(again.store, more).returncode == 0
    finally:
        again.stop()
    assert not (tmp_path / "store.sock").exists()  # a clean stop removes it


def test_a_store_held_by_a_process_that_takes_no_imports_is_one_clear_line(tmp_path: Path) -> None:
    store = tmp_path / "store"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\n"
                               "from humasgraph.services import Services\n"
                               "from humasgraph.settings import Settings\n"
                               f"s = Services.open(Settings(store={str(store)!r}))\n"
                               "print('open', flush=True)\n"
                               "sys.stdin.read()\n"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"open\n"
        result = _import(store, SEED_ARTICLE)
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"humasgraph: {store}: the store is in use by another process, and no server takes imports on "
        f"{store}.sock; stop that process, or serve the store and import again"]
    services = Services.open(Settings(store=str(store)))
    try:
        assert services.store.count() == 0 or services.stats().get("articles", 0) == 0
    finally:
        services.close()


def test_the_socket_refuses_what_is_no_import_stream(served: Served, tmp_path: Path) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(str(tmp_path / "store.sock"))
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        reply = s.makefile("rb").readline()
    assert reply.startswith(b'{"error": "not a humasgraph import stream')
    assert os.path.exists(tmp_path / "store.sock")
    assert served.urls() == set()


def test_the_intake_in_process_dry_run_import_and_stop(tmp_path: Path, seed_url: str) -> None:
    """The server's end over a real store, without HTTP: dry run, import, and a stop mid-stream."""
    services = Services.open(Settings(store=str(tmp_path / "store")))
    intake = Intake(intake_path(str(tmp_path / "store")), services.importer, threading.Lock())
    intake.start()
    try:
        raw = read_file(SEED_ARTICLE, 4_000_000)
        (dry,) = hand_over(intake.path, [raw], dry_run=True)
        assert (dry.status, services.stats()["articles"]) == ("valid", 0)
        (done,) = hand_over(intake.path, [raw])
        assert (done.status, done.url) == ("imported", seed_url)
        generation = services.store.generation()
        # A client mid-stream when the server stops: its files are refused, not half-written.
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(str(intake.path))
        other = {**raw.to_json(), "text": raw.text.replace("cerdas-memanfaatkan", "berhenti")}
        client.sendall(b'{"humasgraph": 1}\n' + json.dumps(other).encode() + b"\n")
        time.sleep(0.2)
        intake.close()
        client.sendall(b'{"end": true}\n')
        reply = json.loads(client.makefile("rb").readline())
        client.close()
        assert reply == {"error": "the server is stopping; the files not acknowledged were not imported"}
        assert services.store.generation() == generation
        assert not intake.path.exists()
        with pytest.raises(StoreError, match="no server takes imports there"):
            hand_over(intake.path, [raw])
    finally:
        intake.close()
        services.close()


def test_a_store_path_longer_than_a_socket_name_may_be(tmp_path: Path) -> None:
    folder = tmp_path / ("x" * 60) / ("y" * 60)
    folder.mkdir(parents=True)
    services = Services.open(Settings(store=str(folder / "store")))
    intake = Intake(intake_path(str(folder / "store")), services.importer, threading.Lock())
    assert len(str(intake.path)) > 108
    intake.start()
    try:
        (outcome,) = hand_over(intake.path, [read_file(SEED_ARTICLE, 4_000_000)], dry_run=True)
        assert outcome.status == "valid"
    finally:
        intake.close()
        services.close()
