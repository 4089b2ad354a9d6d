"""A remote store's index file (``index_file``), shared by every worker: one builds and syncs it at a time, the
others read it, and each answers as the indexes a worker keeps in its own memory do."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from humasgraph.derived.indexfile import IndexFile
from humasgraph.derived.orders import ORDERED
from humasgraph.derived.search import KINDS, SearchIndex
from humasgraph.errors import ConfigError
from humasgraph.services import Services
from humasgraph.settings import Settings
from humasgraph.store import open_store
from humasgraph.synthetic import generate
from index_helpers import index_file as _file
from index_helpers import load as _load

from .conftest import Server, _clear

SEED = Path(__file__).resolve().parents[2] / "seeds" / "articles" / "cerdas-memanfaatkan-media-sosial.yaml"
DOCS = list(generate(24, seed=11))
QUERIES = ("ganjar", "gabjar pranowo", "diskominfo jateng", "kepala dinas", "rapat koordinasi", "xyzzy")


@pytest.fixture
def shared(oxigraph_server: Server, tmp_path: Path) -> Iterator[Settings]:
    """Settings of the Oxigraph server with an index file in tmp_path; the server emptied before and after."""
    store = open_store(oxigraph_server.settings)
    _clear(store)
    try:
        yield oxigraph_server.settings.replace(index_file=str(tmp_path / "shared.index.sqlite"))
    finally:
        _clear(store)
        store.close()


def _answers(services: Services) -> tuple[object, ...]:
    searches = [services.search(q, KINDS, 10) for q in QUERIES]
    orders = []
    for kind, sort in sorted(ORDERED):
        order = services.orders.get(kind, sort)
        assert order is not None
        orders.append(order.first(50, descending=True))
    speakers = [(r.node, r.score) for r in services.analytics.top_speakers(limit=20)]
    return searches, orders, speakers


def test_workers_share_one_file_one_builds_it_and_all_answer_as_in_memory(shared: Settings) -> None:
    with Services.open(shared) as first, Services.open(shared) as second, \
            Services.open(shared.replace(index_file="")) as in_memory:
        assert isinstance(in_memory.search_index, SearchIndex)  # no index_file: each keeps its own
        first.import_paths([SEED])
        _load(first, DOCS[:16])
        first.warm()
        second.warm()
        one, other = _file(first), _file(second)
        assert one.path == other.path == Path(shared.index_file)
        assert (one.builds, other.builds, other.updates) == (1, 0, 0)  # the second read what the first built
        assert _answers(second) == _answers(first) == _answers(in_memory)
        assert first.search("gabjar", ["person"], 1)[0].label == "Ganjar Pranowo"

        _load(first, DOCS[16:])  # written through one worker: the other follows the store's feed
        changed = DOCS[2].model_copy(deep=True)
        changed.statements = changed.statements[1:]
        _load(second, [changed])
        first.retract(DOCS[3].article.url)
        assert _answers(second) == _answers(in_memory)
        assert _answers(first) == _answers(in_memory)
        assert one.builds + other.builds == 1 and one.updates + other.updates >= 1  # updated, never built again


def test_the_file_is_built_in_a_child_process_not_in_a_worker(shared: Settings,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IndexFile, "_build", lambda self: pytest.fail("built in the worker's own process"))
    with Services.open(shared) as services, Services.open(shared.replace(index_file="")) as in_memory:
        _load(services, DOCS[:6])
        services.warm()
        assert _file(services).builds == 1
        assert _answers(services) == _answers(in_memory)


def test_one_sync_at_a_time_across_processes(shared: Settings) -> None:
    with Services.open(shared) as services:
        _load(services, DOCS[:4])
        file = _file(services)
        held = os.open(f"{file.path}.lock", os.O_RDWR)  # another process syncing: its lock on the same file
        try:
            fcntl.flock(held, fcntl.LOCK_EX)
            assert file.sync(wait=False) is False  # a search does not queue behind it
            done = threading.Event()
            waiter = threading.Thread(target=lambda: (file.sync(), done.set()))
            waiter.start()
            assert not done.wait(0.5)  # a start-up waits for it
            fcntl.flock(held, fcntl.LOCK_UN)
            waiter.join(30)
            assert done.is_set() and file.builds == 1
        finally:
            os.close(held)
        assert file.sync(wait=False) is True


def test_a_file_built_for_another_endpoint_is_rebuilt(shared: Settings) -> None:
    with Services.open(shared) as services:
        _load(services, DOCS[:4])
        services.warm()
        with _file(services)._writing() as db:
            db.execute("UPDATE state SET value = 'sparql http://elsewhere/query' WHERE key = 'identity'")
    with Services.open(shared) as services:
        services.warm()
        assert _file(services).builds == 1


def test_the_file_keeps_the_endpoint_without_its_credentials(oxigraph_server: Server, tmp_path: Path) -> None:
    url = oxigraph_server.settings.store.replace("http://", "http://reader:s3cret-pw@")
    settings = oxigraph_server.settings.replace(store=url, index_file=str(tmp_path / "shared.index.sqlite"))
    with Services.open(settings) as services:
        services.warm()
        identity = _file(services).state("identity")
    assert identity == f"sparql {oxigraph_server.settings.store}"
    assert "s3cret-pw" not in Path(settings.index_file).read_bytes().decode("latin-1")


def test_only_a_remote_store_takes_an_index_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="index_file="):
        Settings(store=str(tmp_path / "store"), index_file=str(tmp_path / "x.sqlite")).check()
