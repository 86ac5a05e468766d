"""render/parallel.py: jobs run in forked workers come back in order, the same as a serial
run; a job that changes shared state in a worker is run again here, in order."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import signal
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing.process import BaseProcess

import pytest

from netvault.commands.common import load
from netvault.engine import work_out
from netvault.problems import Problem, warning
from netvault.render.parallel import Job, Rendered, can_fork, run_jobs
from netvault.render.site import render_site, template_dirs_for
from netvault.workers import ignore_interrupt, stop_workers
from tests.conftest import REPO

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this system")


def _jobs(state: dict[str, int]) -> list[Job]:
    """Ten jobs, as the site's are: a job reads shared state only through what it allocates
    (as a body linking a file allocates the file's slug). Jobs 3 and 7 both want `shared`,
    which goes to whoever asks first; job 5 allocates a name of its own."""

    def run(number: int) -> Rendered:
        value = -1
        if number in (3, 7):
            value = state.setdefault("shared", number)
        elif number == 5:
            value = state.setdefault("own", number)
        problems: list[Problem] = [warning(f"n{number}.md", number, "x")] if number % 2 else []
        body = f"{number}:{os.getpid()}:{value}"  # which job, which process, what it got
        return [(f"p{number}.html", body.encode())], problems

    return [Job(partial(run, number), early=number == 8) for number in range(10)]


@needs_fork
def test_jobs_come_back_in_order_with_their_problems_and_state_as_in_a_serial_run() -> None:
    serial_state: dict[str, int] = {}
    serial = list(run_jobs(_jobs(serial_state), lambda: len(serial_state), 1))
    parent = os.getpid()
    state: dict[str, int] = {}
    forked = list(run_jobs(_jobs(state), lambda: len(state), 2))
    assert state == serial_state == {"shared": 3, "own": 5}
    names = [files[0][0] for _job, (files, _problems) in forked]
    assert names == [f"p{n}.html" for n in range(10)]
    problems = [p.line for _job, (_files, found) in forked for p in found]
    assert problems == [1, 3, 5, 7, 9]
    bodies = [files[0][1].decode().split(":") for _job, (files, _problems) in forked]
    serial_bodies = [files[0][1].decode().split(":") for _job, (files, _problems) in serial]
    assert [(b[0], b[2]) for b in bodies] == [(b[0], b[2]) for b in serial_bodies]
    assert bodies[7][2] == "3"  # job 3 got `shared` first, as in a serial run
    # The jobs that allocated ran again in this process (and so may later jobs of the worker
    # that allocated); the first jobs, before any allocation, ran in workers.
    here = [int(b[0]) for b in bodies if b[1] == str(parent)]
    assert {3, 5, 7} <= set(here) and not {0, 1, 2} & set(here)


@needs_fork
def test_a_failing_job_raises_here() -> None:
    def boom() -> Rendered:
        raise ValueError("bad page")

    jobs = [Job(lambda: ([("a", b"")], [])), Job(boom), Job(lambda: ([("c", b"")], []))]
    with pytest.raises(ValueError, match="bad page"):
        list(run_jobs(jobs, lambda: 0, 2))


@needs_fork
def test_the_sample_site_is_the_same_with_workers_as_without() -> None:
    loaded = load(REPO / "sample_vault")
    today = dt.date(2026, 11, 16)
    report = work_out(loaded.index, today)
    dirs = template_dirs_for(REPO / "sample_vault")
    alone = render_site(loaded.index, report, loaded.settings, today, dirs, workers=1)
    shared = render_site(loaded.index, report, loaded.settings, today, dirs, workers=3)
    assert list(alone[0]) == list(shared[0])
    assert alone == shared
    assert len(alone[0]) > 100


def _slow(seconds: float) -> bytes:
    time.sleep(seconds)
    return b"x" * 2_000_000  # a result long enough to be written in many pieces


def _started_pool(seconds: float) -> tuple[ProcessPoolExecutor, list[BaseProcess]]:
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(2, context, initializer=ignore_interrupt)
    futures = [pool.submit(_slow, seconds) for _ in range(6)]
    deadline = time.monotonic() + 10
    while not any(future.running() for future in futures) and time.monotonic() < deadline:
        time.sleep(0.01)
    return pool, list(pool._processes.values())  # the workers to watch


def _exit_codes(workers: list[BaseProcess]) -> list[int | None]:
    """The workers' exit codes once all have ended (up to 10 s). Not `join` alone: the
    pool's own thread reaps its workers too, and a `join` that loses that race returns
    while `exitcode` still reads None for a moment."""
    deadline = time.monotonic() + 10
    for worker in workers:
        worker.join(10)
    while any(w.exitcode is None for w in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    return [worker.exitcode for worker in workers]


@needs_fork
def test_stopping_a_pool_lets_each_worker_finish_its_job_and_the_pool_ends() -> None:
    # A worker killed while writing its result left half a message in the pool's pipe, and
    # the pool's thread (joined at exit) waited for the rest for ever: the suite hung.
    pool, workers = _started_pool(0.5)
    thread = pool._executor_manager_thread  # joined at interpreter exit
    assert thread is not None
    stop_workers(pool)
    thread.join(10)  # it joins the workers
    assert not thread.is_alive()
    assert _exit_codes(workers) == [0, 0]  # ended, not killed


@needs_fork
def test_a_worker_still_busy_after_the_grace_time_is_killed() -> None:
    pool, workers = _started_pool(60)
    started = time.monotonic()
    stop_workers(pool, grace=0.5)
    assert _exit_codes(workers) == [-signal.SIGTERM, -signal.SIGTERM]
    assert time.monotonic() - started < 10
