"""Waves of DataLoaders: one worker-thread call per wave, each batch failing alone, extras cached."""

from __future__ import annotations

import asyncio
import threading

import pytest

from humasgraph.api.loaders import DataLoader, Waves


def test_a_wave_is_one_call_in_one_worker_thread_and_a_failing_batch_fails_alone() -> None:
    threads: list[str] = []
    calls: list[list[str]] = []

    def good(keys: list[str]) -> dict[str, str]:
        threads.append(threading.current_thread().name)
        calls.append(keys)
        # "up" was not asked for: it comes with the batch and is cached.
        return {**{k: k.upper() for k in keys if k != "missing"}, "up": "UP"}

    def bad(keys: list[str]) -> dict[str, str]:
        threads.append(threading.current_thread().name)
        raise LookupError("the store said no")

    async def run() -> None:
        waves = Waves()
        ok: DataLoader[str, str | None] = DataLoader(waves, good, lambda: None)
        broken: DataLoader[str, str | None] = DataLoader(waves, bad, lambda: None)
        a, b, gone = ok.load("a"), ok.load("b"), ok.load("missing")
        failing = broken.load("x")
        assert await a == "A" and await b == "B" and await gone is None
        with pytest.raises(LookupError):
            await failing
        assert "up" in ok.cached and await ok.load("up") == "UP"  # no second call for it
        assert calls == [["a", "b", "missing"]]
        assert len(set(threads)) == 1 and threads[0] != threading.main_thread().name

    asyncio.run(run())
