"""Work the user need not wait for, done by a detached process.  [processes]

Writing a big vault's parse cache and removing the site a build has just replaced take
seconds of disk work each, after the command's answer is ready. Where the system can fork,
a detached process does that work, so the command returns at once; elsewhere, for small
amounts of work, or when no process can be started, it is done in place. Either way it is
best effort: an `OSError` is dropped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

_FALLBACK_MAX_FD = 4096


def run(work: Callable[[], None], detach: bool) -> None:
    """Do `work`, in a detached process when `detach` and the system can fork."""
    if detach and hasattr(os, "fork"):
        try:
            in_worker = _detached()
        except OSError:
            in_worker = None  # no process could be started: the work is done here
        if in_worker:
            try:
                work()
            except OSError:
                pass
            finally:
                os._exit(0)  # the worker: no atexit, no flushing the parent's buffers
        if in_worker is not None:
            return
    with contextlib.suppress(OSError):
        work()


def _detached() -> bool:
    """Fork twice; True in the grandchild, which nobody waits for (init reaps it), False
    in the caller once the short-lived child is reaped; OSError in the caller when either
    fork failed (the child never returns into the caller's code). The grandchild lets go of
    the terminal and of every file the command holds open, so a reader of the command's
    output (`netvault build | cat`) is not kept waiting for it."""
    child = os.fork()
    if child == 0:
        try:
            if os.fork() != 0:
                os._exit(0)
        except BaseException:
            os._exit(1)
        with contextlib.suppress(OSError):
            os.setsid()
        with contextlib.suppress(OSError, ValueError):
            nowhere = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(nowhere, stream)
            os.closerange(3, _max_fd())
        with contextlib.suppress(OSError):
            os.nice(10)  # background work: the command the user waits for goes first
        return True
    _, status = os.waitpid(child, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise OSError("could not start a detached process")
    return False


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (OSError, ValueError):
        return _FALLBACK_MAX_FD
