"""Worker processes of a command: Ctrl-C is the parent's to handle.  [processes]

A terminal's Ctrl-C reaches every process of its group: the command and its workers. A
worker that dies of it mid-task leaves its pool waiting for a result that never comes (the
build hangs instead of stopping). So workers ignore SIGINT; the parent gets the
KeyboardInterrupt, stops its pool, clears what it had begun and exits.
"""

from __future__ import annotations

import signal


def ignore_interrupt() -> None:
    """A pool's initializer: this worker leaves Ctrl-C to its parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
