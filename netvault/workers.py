"""Worker processes of a command: Ctrl-C is the parent's to handle.  [processes]

A terminal's Ctrl-C reaches every process of its group: the command and its workers. A
worker that dies of it mid-task leaves its pool waiting for a result that never comes (the
build hangs instead of stopping). So workers ignore SIGINT; the parent gets the
KeyboardInterrupt, stops its pool, clears what it had begun and exits. A command that takes
SIGTERM as Ctrl-C (build, serve) does so in its own process only: its workers die of
SIGTERM plainly, which is how a pool stops them.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess

_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies

# The process that took SIGTERM and SIGHUP as Ctrl-C; a process forked from it inherits the
# handler until it sets its own.
_taker = 0


def _signals(*names: str) -> list[int]:
    """The numbers of the signals named that this system has (Windows has no SIGHUP)."""
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def dying_with_me() -> tuple[int]:
    """`initargs` for a pool whose workers should die with this process: its pid. Only from
    the main thread: the kernel's signal follows the thread that forked a worker, and a
    pool made in another thread would lose its workers when that thread ended. Such a
    pool (none in netvault's commands; tests, an embedding program) goes without: a
    `kill -9` of its process can leave its workers waiting."""
    main = threading.current_thread() is threading.main_thread()
    return (os.getpid() if main else 0,)


def ignore_interrupt(parent: int = 0) -> None:
    """A pool's initializer: this worker leaves Ctrl-C and a closed terminal (both sent to
    the whole group) to its parent, and dies plainly of SIGTERM, as its pool stops it. With
    the `parent`'s pid, it also dies with that process (see `_die_with`)."""
    for number in _signals("SIGINT", "SIGHUP"):
        signal.signal(number, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this worker when its parent dies. A `kill -9` of a build
    left its workers waiting for ever on the pool's pipes, which every worker holds open
    at both ends (they are forked), so no end ever closed. Elsewhere: nothing to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the line above could take effect
        os._exit(1)


def stop_as_interrupt(signum: int, frame: object) -> None:
    """A handler for SIGTERM (and SIGHUP): stop as Ctrl-C stops, cleaning up on the way.

    In a process forked from the one that set it (a pool worker before its initializer
    ran), the signal kills as by default: raised there, the KeyboardInterrupt could land in
    Python's own after-fork code, which swallows it, and a worker that outlived its pool's
    SIGTERM left the pool waiting for it for ever (a build with a broken template hung)."""
    if os.getpid() != _taker:
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt


def take_stops_as_interrupt() -> None:
    """SIGTERM (a service manager's or `serve`'s stop) and SIGHUP (the terminal closed)
    stop this command as Ctrl-C does, so it clears what it began."""
    global _taker
    if threading.current_thread() is not threading.main_thread():
        return  # only the main thread may set handlers (a command run by a test's thread)
    _taker = os.getpid()
    for number in _signals("SIGTERM", "SIGHUP"):
        signal.signal(number, stop_as_interrupt)


def ignore_stops() -> None:
    """Once stopping: a second Ctrl-C, SIGTERM or SIGHUP must not interrupt the clean-up
    with a traceback."""
    for number in _signals("SIGINT", "SIGTERM", "SIGHUP"):
        signal.signal(number, signal.SIG_IGN)


def stop_workers(pool: ProcessPoolExecutor, grace: float = 10.0) -> None:
    """End a pool early (a failing job, Ctrl-C): drop the jobs still queued and let the
    workers finish those already handed to them (the one each holds, and the few the pool
    has passed to its call queue), then exit; a worker still busy after `grace` seconds in
    all is killed. On Ctrl-C the command ends with os._exit (cli.run), and a worker left waiting
    for work from a parent that has gone would wait for ever, so none is left behind.

    Workers are not killed at once: one killed while it wrote its result to the pool's pipe
    left half a message there, and the pool's own thread waited for the rest for ever (the
    process then hung at exit, joining that thread). A second Ctrl-C while waiting kills
    them all straight away."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    busy = processes
    try:
        busy = _still_running(processes, grace)
    finally:
        for process in busy:
            if process.exitcode is None:
                process.terminate()


def _still_running(processes: list[BaseProcess], seconds: float) -> list[BaseProcess]:
    """Wait up to `seconds` for the processes to end; those that have not."""
    deadline = time.monotonic() + seconds
    running = {process.sentinel: process for process in processes}
    while running and (left := deadline - time.monotonic()) > 0:
        ended = set(wait(list(running), timeout=left))
        running = {key: process for key, process in running.items() if key not in ended}
    return list(running.values())
