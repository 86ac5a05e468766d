"""Work the user need not wait for, done by a detached process.  [processes]

Writing a big vault's parse cache and removing the site a build has just replaced take
seconds of disk work each, after the command's answer is ready. Where the system can fork,
a detached process does that work, so the command returns at once; elsewhere, or for small
amounts of work, it is done in place. Either way it is best effort: an `OSError` is dropped.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable


def run(work: Callable[[], None], detach: bool) -> None:
    """Do `work`, in a detached process when `detach` and the system can fork."""
    if detach and hasattr(os, "fork"):
        if _detached():
            try:
                work()
            except OSError:
                pass
            finally:
                os._exit(0)  # the worker: no atexit, no flushing the parent's buffers
        return
    with contextlib.suppress(OSError):
        work()


def _detached() -> bool:
    """Fork twice; True in the grandchild, which nobody waits for (init reaps it), False
    in the caller once the short-lived child is reaped. No zombie is left either way, and
    the grandchild lets go of the terminal and of any pipe the command writes to (a reader
    of `netvault build | cat` would otherwise wait for it)."""
    child = os.fork()
    if child == 0:
        if os.fork() != 0:
            os._exit(0)
        os.setsid()
        with contextlib.suppress(OSError):
            nowhere = os.open(os.devnull, os.O_RDWR)
            for stream in (0, 1, 2):
                os.dup2(nowhere, stream)
            os.close(nowhere)
        with contextlib.suppress(OSError):
            os.nice(10)  # background work: the command the user waits for goes first
        return True
    os.waitpid(child, 0)
    return False
