"""Memory habits of the readers: the one place that tunes Python's cycle collector."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while a vault is read (or indexed). Reading makes millions of
    small objects and no cycles; the collector would walk the growing heap over and over,
    a sixth of the reading time. Afterwards what was made counts as old (freeze + unfreeze
    moves every object to the oldest generation, without a walk), so the young generations
    are not walked once more, and the collector runs as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


_ONE_COMMAND = False  # set by the console entry: the process ends after one command


def one_command_per_process() -> None:
    """The console entry's promise: this process runs one command, then exits at once."""
    global _ONE_COMMAND
    _ONE_COMMAND = True


def keep_until_exit() -> None:
    """What a command has loaded (the vault, its index) lives until the process ends. In a
    process that runs one command, every object made so far is moved out of the collector's
    sight (gc.freeze): otherwise the first full collection that the command's own
    allocations trigger walks the vault's millions of objects (0.4 s on 20,000 notes) to
    free none of them. Elsewhere (tests, a long-lived process) nothing changes."""
    if _ONE_COMMAND:
        gc.freeze()
