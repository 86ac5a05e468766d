"""Render the site's pages on every core: ordered jobs run in forked workers.  [processes]

The site assembler cuts its work into jobs (a few hundred note pages, the network page, the
calendar, ...). Each job is a closure over the index, the sitemap and the Jinja environment,
all built before the workers are forked, so a worker inherits them without pickling: only a
job's number goes out, and its files and problems come back. Results are handed on in job
order, so the files and the problems are the same as a serial run's, byte for byte.

Rendering may change shared state: a body that links a file no page named before allocates
that file a slug. A worker's change would be lost (and could clash with another worker's),
so a job after which the worker's state is no longer the state it was forked with is run
again here, in order, and the worker's result is dropped (once a worker has allocated
something, every later job of that worker is, since what it allocated may differ from what
this process allocates). The contract that makes this exact: a job reads shared state only
through what it allocates (a slug, once given, never changes). A job run on the forked
state that allocated nothing would allocate nothing here either, where the state only has
more, and so writes the same bytes; the state here evolves as in a serial run.

Where `fork` is not available (Windows), or with one worker, jobs simply run in order here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from netvault.problems import Problem
from netvault.workers import dying_with_me, ignore_interrupt, stop_workers

Files = list[tuple[str, bytes]]
Rendered = tuple[Files, list[Problem]]


@dataclass(frozen=True)
class Job:
    run: Callable[[], Rendered]
    pages: int = 0  # pages it renders, for the progress bar
    early: bool = False  # a long single job: started first, still handed on in order


@dataclass(frozen=True)
class _Done:
    files: Files
    problems: list[Problem]
    changed: bool


# Set just before the workers are forked, so they inherit the jobs instead of pickling them.
_JOBS: Sequence[Job] = ()
_STATE: Callable[[], object] = object
_FORKED: object = None  # the state the workers start from


def _work(number: int) -> _Done:
    files, problems = _JOBS[number].run()
    return _Done(files, problems, _STATE() != _FORKED)


def available_workers() -> int:
    """Cores this process may run on (its affinity, where the system tells)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_jobs(
    jobs: Sequence[Job], state: Callable[[], object], workers: int
) -> Iterator[tuple[Job, Rendered]]:
    """Each job with its result, in job order, computed by `workers` forked processes."""
    if workers <= 1 or len(jobs) <= 1 or not can_fork():
        for job in jobs:
            yield job, job.run()
        return
    global _JOBS, _STATE, _FORKED
    _JOBS, _STATE, _FORKED = jobs, state, state()
    order = sorted(range(len(jobs)), key=lambda number: (not jobs[number].early, number))
    # Enough in flight to keep every worker busy, few enough to bound the memory held in
    # results not yet written; the early jobs wait in the window until their turn.
    window = 3 * workers + sum(job.early for job in jobs)
    # Objects made so far are not walked by the collector, in this process or the workers:
    # a walk would touch, and so copy, every page the workers share with this process.
    gc.freeze()
    # An executor, not a multiprocessing pool: it forks all its workers at the start, before
    # it has threads, and never again; a pool forks replacements from a thread of its own
    # and, stopped with a job failing, could be left waiting for ever for one of them. A
    # worker that dies (the OOM killer) makes it raise, where a pool would wait.
    pool = ProcessPoolExecutor(
        workers,
        multiprocessing.get_context("fork"),
        initializer=ignore_interrupt,
        initargs=dying_with_me(),
    )
    try:
        pending: dict[int, Future[_Done]] = {}
        queue = iter(order)
        for number, job in enumerate(jobs):
            while len(pending) < window:
                following = next(queue, None)
                if following is None:
                    break
                pending[following] = pool.submit(_work, following)
            done = pending.pop(number).result()
            if done.changed:
                yield job, job.run()
            else:
                yield job, (done.files, done.problems)
    except BaseException:  # a failing page, Ctrl-C, or the caller stopping early
        stop_workers(pool)
        raise
    else:
        pool.shutdown()
    finally:
        _JOBS, _STATE, _FORKED = (), object, None
        gc.unfreeze()
