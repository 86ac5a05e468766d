"""Stopping in the middle of a build: Ctrl-C on `netvault build`, and Ctrl-C or SIGTERM on
`netvault serve` while its build runs. Each stops promptly, with no traceback, no staging
folder and no process left behind (BAD-INPUTS: interrupted at any point; never a traceback)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from netvault.serve import run_build

NOTES = 4000  # enough pages that the render runs in worker processes for a while


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("interrupt") / "vault"
    people = root / "people"
    people.mkdir(parents=True)
    for number in range(40):
        (people / f"p{number}.md").write_text(f"---\nname: Person {number}\n---\n", "utf-8")
    for number in range(NOTES):
        folder = root / "notes" / f"{number % 40:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{number}.md").write_text(
            f"---\ndate: 2026-{number % 12 + 1:02d}-{number % 28 + 1:02d}\n"
            f"with: ['[[Person {number % 40}]]']\nsummary: Talk {number}\n---\n"
            f"We spoke of *looms* and engines, number {number}. " * 8 + "\n",
            "utf-8",
        )
    return root


def _staging(parent: Path) -> list[Path]:
    return sorted(parent.glob(".*.new-*"))


def _wait_for_rendering(parent: Path, process: subprocess.Popen[str], seconds: float) -> None:
    """Until the build's workers are rendering (its staging folder holds pages), or the
    test cannot go on."""
    deadline = time.monotonic() + seconds
    while sum(1 for folder in _staging(parent) for _ in folder.rglob("*.html")) < 50:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the build ended (or never began writing) before it could be stopped")
        time.sleep(0.01)


def _left_running(marker: str) -> list[str]:
    """Processes whose command line holds `marker` (the vault's unique path)."""
    done = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True, check=False)
    return done.stdout.split()


def _none_left(marker: str) -> bool:
    deadline = time.monotonic() + 5
    while _left_running(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not _left_running(marker)


def _run(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "netvault.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, as a terminal's foreground job
        env={**os.environ, "NETVAULT_CACHE": "off"},
    )


@pytest.mark.parametrize("stop", ["Ctrl-C", "SIGTERM", "SIGHUP"])
def test_stopping_a_build_in_the_middle_stops_it_cleanly(
    big_vault: Path, tmp_path: Path, stop: str
) -> None:
    out = tmp_path / "site"
    process = _run(["build", str(big_vault), "-o", str(out), "--today", "2026-11-16"])
    _wait_for_rendering(tmp_path, process, seconds=120)
    if stop == "SIGTERM":
        process.send_signal(signal.SIGTERM)  # a service manager's: the build alone
    else:  # a terminal's Ctrl-C, or the terminal closed: the build and its workers
        os.killpg(process.pid, signal.SIGINT if stop == "Ctrl-C" else signal.SIGHUP)
    try:
        _, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 1
    assert "Traceback" not in err and "Process ForkPoolWorker" not in err, err
    assert err.strip().endswith("Aborted!")
    assert not out.exists() and _staging(tmp_path) == []
    assert _none_left(str(big_vault))


def test_a_build_killed_outright_leaves_a_staging_folder_the_next_build_clears(
    big_vault: Path, tmp_path: Path
) -> None:
    """BAD-INPUTS 37: `kill -9` gives no chance to clean up; the next build knows the
    staging folder's build has ended (this machine, a process gone) and removes it at
    once, not an hour later."""
    out = tmp_path / "site"
    args = ["build", str(big_vault), "-o", str(out), "--today", "2026-11-16"]
    process = _run(args)
    _wait_for_rendering(tmp_path, process, seconds=120)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=20)
    assert _none_left(str(big_vault))
    (left,) = _staging(tmp_path)
    again = subprocess.run(
        [sys.executable, "-m", "netvault.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NETVAULT_CACHE": "off"},
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert not left.exists() and _staging(tmp_path) == []
    assert (out / "index.html").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_workers_die_with_a_build_killed_alone(big_vault: Path, tmp_path: Path) -> None:
    """`kill -9` of the build process only (not its group): its render workers waited for
    ever, orphaned, on pipes they held open themselves. They now die with it."""
    out = tmp_path / "site"
    process = _run(["build", str(big_vault), "-o", str(out), "--today", "2026-11-16"])
    _wait_for_rendering(tmp_path, process, seconds=120)
    assert len(_left_running(str(big_vault))) > 1  # the build and its workers
    process.kill()
    process.communicate(timeout=20)
    assert _none_left(str(big_vault)), _left_running(str(big_vault))


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_serve_stopped_during_its_first_build_stops_the_build_too(
    big_vault: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    """The first build runs before the server's loop is started; stopping then must not
    hang on the loop, nor leave the build (a process group of its own) running on."""
    out = tmp_path / "site"
    process = _run(["serve", str(big_vault), "-o", str(out), "--port", "0"])
    _wait_for_rendering(tmp_path, process, seconds=120)
    started = time.monotonic()
    if stop == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches serve's group, not the build's
    else:
        process.send_signal(stop)  # a service manager stops the server alone
    try:
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert time.monotonic() - started < 20
    assert process.returncode == 0, err
    assert "Traceback" not in err, err
    assert err.rstrip().endswith("Stopped.")
    assert not out.exists() and _staging(tmp_path) == []  # the build did not go on to the end
    assert _none_left(str(big_vault))


CHILD = """
import os, pathlib, signal, subprocess, sys, time
ready, stopped, ignore = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3] == "1"
def stop(*_):  # as a build stops: its pool's workers first
    worker.terminate()
    worker.wait()
    stopped.write_text("stopped")
    sys.exit(3)
worker = subprocess.Popen(["sleep", "60"])  # a worker of the build, in its group
signal.signal(signal.SIGTERM, signal.SIG_IGN if ignore else stop)
ready.write_text(f"{os.getpid()} {worker.pid}")
time.sleep(60)
"""


def _gone(pid: int) -> bool:
    """Not running: no such process, or a zombie waiting for its parent's wait."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
@pytest.mark.parametrize("ignores", [False, True], ids=["stops", "ignores-the-stop"])
def test_an_interrupted_wait_for_a_build_stops_the_build_and_its_group(
    tmp_path: Path, ignores: bool
) -> None:
    ready, stopped = tmp_path / "ready", tmp_path / "stopped"
    command = [sys.executable, "-c", CHILD, str(ready), str(stopped), "1" if ignores else "0"]

    def interrupt_once_ready() -> None:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)  # its handler is in place before `ready` is written
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)

    threading.Thread(target=interrupt_once_ready, daemon=True).start()
    started = time.monotonic()
    killed: list[bool] = []
    with pytest.raises(KeyboardInterrupt):
        run_build(command, grace=1.0, killed=lambda: killed.append(True))
    took = time.monotonic() - started
    child, worker = (int(pid) for pid in ready.read_text().split())
    assert stopped.exists() is not ignores  # asked to stop; the one that ignores is killed
    assert killed == ([True] if ignores else [])  # then what it left is cleared
    assert _gone(child)
    deadline = time.monotonic() + 5
    while not _gone(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(worker)  # the whole group went, not only the build
    assert took < 20


def _die(chunk: object, settings: object) -> object:
    os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer would
    return []


def test_a_reading_worker_that_dies_fails_the_read_instead_of_hanging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from concurrent.futures.process import BrokenProcessPool

    from netvault import reading

    monkeypatch.setattr(reading, "_read_chunk", _die)  # the forked workers inherit it
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            reading.read_all(list(range(reading.PARALLEL_FROM)), None, workers=2)  # type: ignore[arg-type]
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=60)
    assert not reader.is_alive(), "read_all hung on a dead worker"
    assert len(outcome) == 1 and isinstance(outcome[0], BrokenProcessPool)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_sigterm_kills_a_forked_child_that_still_has_the_commands_handler() -> None:
    """A pool worker forked from `build` carries build's SIGTERM handler until its
    initializer runs. A SIGTERM in that window (a pool stopping) must kill it: raised as
    KeyboardInterrupt it could be swallowed by Python's after-fork code, and the pool waited
    for ever for a worker that lived on (seen: a broken-template build hung in
    `Pool.terminate`). The command's own process still takes SIGTERM as Ctrl-C."""
    from netvault.workers import take_stops_as_interrupt

    stops = (signal.SIGTERM, signal.SIGHUP)
    before = {number: signal.getsignal(number) for number in stops}
    try:
        take_stops_as_interrupt()
        for number in stops:
            child = os.fork()
            if child == 0:  # the child: wait for the signal with the inherited handler
                try:
                    time.sleep(30)
                finally:
                    os._exit(3)  # reached only if the signal did not kill it
            time.sleep(0.1)
            os.kill(child, number)
            _, status = os.waitpid(child, 0)
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == number, status
            with pytest.raises(KeyboardInterrupt):
                os.kill(os.getpid(), number)
                time.sleep(1)
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_pool_made_in_a_thread_keeps_its_workers_when_the_thread_ends() -> None:
    """The parent-death signal follows the thread that forked a worker: a pool made in a
    thread that then ended lost its workers (BrokenProcessPool on the next job)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from netvault.workers import dying_with_me, ignore_interrupt

    made: list[ProcessPoolExecutor] = []

    def make() -> None:
        pool = ProcessPoolExecutor(
            1,
            multiprocessing.get_context("fork"),
            initializer=ignore_interrupt,
            initargs=dying_with_me(),
        )
        pool.submit(os.getpid).result(timeout=30)  # the worker is forked here
        made.append(pool)

    thread = threading.Thread(target=make)
    thread.start()
    thread.join()
    time.sleep(0.3)  # time for a signal to arrive
    (pool,) = made
    try:
        assert pool.submit(os.getpid).result(timeout=30) != os.getpid()
    finally:
        pool.shutdown()
    assert dying_with_me() == (os.getpid(),)  # from the main thread: die with it
