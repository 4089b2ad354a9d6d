"""Servers the benchmarks start for themselves: a free port, and a stop that does not hang."""

from __future__ import annotations

import signal
import socket
import subprocess


def free_port() -> int:
    """A TCP port nothing listens on (bound once, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(proc: subprocess.Popen[bytes], sig: signal.Signals = signal.SIGTERM, timeout: float = 30) -> None:
    """Ask ``proc`` to stop with ``sig``; kill it if it has not within ``timeout`` seconds."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
