"""Fences a worker process puts around itself, so that one request cannot take the machine.

Shared by the /sparql readers (``store/readers.py``) and the network-metric workers
(``metrics.py``): the lowest CPU priority, a limit on the memory it writes, no core dump, few
malloc arenas, and (readers only) a network namespace with no interface up.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource

__all__ = ["isolate_network", "limit_memory", "lowest_priority"]

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000
_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


def isolate_network() -> bool:
    """Move this process into a network namespace of its own, where no interface is up.

    Call it first, while the process has one thread (``unshare`` needs that); False where the
    kernel allows no unprivileged user namespaces.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def lowest_priority() -> None:
    """Give this thread the lowest priority (nice 19), as its children will have.

    Not ``SCHED_IDLE``: that starves a worker outright while anything else runs (on a loaded
    machine cheap queries timed out), where nice 19 leaves it a small share of a busy core and
    all of an idle one.
    """
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, 19)  # on Linux, 0 is this thread; children inherit it


def limit_memory(allowed: int) -> None:
    """Let this process write at most ``allowed`` bytes more than it has written now; no core dump.

    Not ``RLIMIT_AS``: that counts address space merely reserved (a 64 MB malloc arena per
    thread), and a reader died of it on a cheap query ("std::system_error: Resource temporarily
    unavailable", a thread it could not start). ``RLIMIT_DATA`` counts private writable memory,
    which is what a computation grows by. Malloc keeps two arenas, not eight per core: each
    reserves 64 MB on first use, and busy threads made a new one whenever the others were locked.
    """
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker dead of its limit leaves no 1 GB core
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    if allowed:
        limit = _data_in_use() + allowed
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _data_in_use() -> int:
    """The bytes of private writable memory this process has mapped (what ``RLIMIT_DATA`` counts)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0
