"""Worker processes of a command: Ctrl-C is the parent's to handle.  [processes]

A terminal's Ctrl-C reaches every process of its group: the command and its workers. A
worker that dies of it mid-task leaves its pool waiting for a result that never comes (the
build hangs instead of stopping). So workers ignore SIGINT; the parent gets the
KeyboardInterrupt, stops its pool, clears what it had begun and exits. A command that takes
SIGTERM as Ctrl-C (build, serve) does so in its own process only: its workers die of
SIGTERM plainly, which is how a pool stops them.
"""

from __future__ import annotations

import signal
import threading


def _signals(*names: str) -> list[int]:
    """The numbers of the signals named that this system has (Windows has no SIGHUP)."""
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def ignore_interrupt() -> None:
    """A pool's initializer: this worker leaves Ctrl-C and a closed terminal (both sent to
    the whole group) to its parent, and dies plainly of SIGTERM, as its pool stops it."""
    for number in _signals("SIGINT", "SIGHUP"):
        signal.signal(number, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def stop_as_interrupt(signum: int, frame: object) -> None:
    """A handler for SIGTERM (and SIGHUP): stop as Ctrl-C stops, cleaning up on the way."""
    raise KeyboardInterrupt


def take_stops_as_interrupt() -> None:
    """SIGTERM (a service manager's or `serve`'s stop) and SIGHUP (the terminal closed)
    stop this command as Ctrl-C does, so it clears what it began."""
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (a command run by a test's thread)
    for number in _signals("SIGTERM", "SIGHUP"):
        signal.signal(number, stop_as_interrupt)


def ignore_stops() -> None:
    """Once stopping: a second Ctrl-C, SIGTERM or SIGHUP must not interrupt the clean-up
    with a traceback."""
    for number in _signals("SIGINT", "SIGTERM", "SIGHUP"):
        signal.signal(number, signal.SIG_IGN)
