"""`background.run`: work done by a detached process lets go of the command's pipes, so a
caller reading the command's output is not kept waiting for it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netvault import background
from tests.conftest import REPO

WAITS_FOR_A_FILE = """
import os, sys, time
from pathlib import Path
import pytest

from netvault import background

go, done = Path(sys.argv[1]), Path(sys.argv[2])

def work():
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    partial = done.with_suffix(".partial")
    partial.write_text(str(os.getpid()))
    partial.replace(done)

background.run(work, detach=True)
print("answered", os.getpid())
"""


def test_detached_work_does_not_hold_the_commands_output_open(tmp_path: Path) -> None:
    go, done = tmp_path / "go", tmp_path / "done"
    # The detached worker waits for `go`, which is made only after the command's output
    # has ended: had the worker kept the pipe, this would time out.
    answered = subprocess.run(
        [sys.executable, "-c", WAITS_FOR_A_FILE, str(go), str(done)],
        capture_output=True, text=True, timeout=30, cwd=REPO, check=True,
    )  # fmt: skip
    assert answered.stdout.startswith("answered ")
    assert not done.exists()
    go.write_text("")
    deadline = time.monotonic() + 30
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    command_pid = answered.stdout.split()[1]
    assert done.read_text() not in ("", command_pid)  # another process did the work


def test_small_work_is_done_in_place_and_errors_are_dropped(tmp_path: Path) -> None:
    seen: list[int] = []
    background.run(lambda: seen.append(os.getpid()), detach=False)
    assert seen == [os.getpid()]

    def fails() -> None:
        raise OSError("disk full")

    background.run(fails, detach=False)  # best effort: no exception


def test_when_no_process_can_be_started_the_work_is_done_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    seen: list[int] = []
    background.run(lambda: seen.append(os.getpid()), detach=True)
    assert seen == [os.getpid()]


def test_when_the_second_fork_fails_the_child_exits_and_the_work_is_done_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_fork = os.fork
    caller = os.getpid()

    def first_fork_only() -> int:
        if os.getpid() != caller:  # in the short-lived child: its fork fails
            raise OSError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", first_fork_only)
    seen: list[int] = []
    background.run(lambda: seen.append(os.getpid()), detach=True)
    assert os.getpid() == caller  # the child did not come back into this code
    assert seen == [caller]
