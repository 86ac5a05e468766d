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
