"""watch.py: which changes start a rebuild, and that a burst of them starts exactly one
(BAD-INPUTS rows 33-34), with watchdog's real events."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netvault.watch import Changes, relevant, watch

VAULT = os.path.join(os.sep, "v")
OUT = os.path.join(VAULT, "_site")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("notes/2026/a.md", True),
        ("people/ada.md", True),
        ("templates/person.html", True),  # the vault's own templates change the site
        ("netvault.toml", True),
        ("attachments/photo.png", True),
        ("_site", False),  # the output folder and everything in it
        ("_site/people/ada.html", False),
        ("._site.new-abc123/index.html", False),  # a build's staging folder
        (".git/index", False),
        ("notes/.a.md.swp", False),  # vim's swap file
        ("notes/a.md~", False),  # a backup
        ("notes/4913", False),  # vim's test of the folder
        ("notes/#a.md#", False),  # emacs
        ("notes/.#a.md", False),
        ("notes/a.tmp", False),
    ],
)
def test_relevant_paths(path: str, expected: bool) -> None:
    assert relevant(VAULT, OUT, os.path.join(VAULT, *path.split("/"))) is expected


def test_paths_outside_the_vault_are_not_relevant() -> None:
    assert not relevant(VAULT, OUT, os.path.join(os.sep, "v2", "notes", "a.md"))
    assert not relevant(VAULT, OUT, os.path.join(os.sep, "elsewhere", "a.md"))
    assert not relevant(VAULT, OUT, VAULT)


def test_a_burst_settles_once_and_is_then_taken() -> None:
    changes = Changes(settle=0.2)
    assert changes.wait(0.05) is False  # nothing happened
    changes.note()
    assert changes.wait(0.05) is False  # too soon: the burst may go on
    started = time.monotonic()
    assert changes.wait(2) is True
    assert time.monotonic() - started < 1
    assert changes.wait(0.3) is False  # taken: one rebuild per burst


def test_events_keep_a_burst_open_until_they_stop() -> None:
    changes = Changes(settle=0.2)
    stop = threading.Event()

    def typing() -> None:
        while not stop.is_set():
            changes.note()
            time.sleep(0.02)

    writer = threading.Thread(target=typing)
    writer.start()
    try:
        assert changes.wait(0.6) is False  # 0.6 s of events 20 ms apart never settle
    finally:
        stop.set()
        writer.join()
    assert changes.wait(2) is True


# --- with watchdog's real events ---------------------------------------------------------


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[tuple[Path, Callable[[float], int]]]:
    """A vault being watched, and `bursts(seconds)`: how many settled bursts came in that
    time (each would have been one rebuild)."""
    vault = tmp_path / "vault"
    for folder in ("notes", "people", "_site/people", ".git/objects"):
        (vault / folder).mkdir(parents=True)
    changes = Changes(settle=0.3)
    stop = watch(vault, vault / "_site", changes)

    def bursts(seconds: float) -> int:
        """Settled bursts in `seconds`, and the one still open then (a slow machine's
        events may come late: it is waited for, up to 10 s more, not counted as none)."""
        count = 0
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            count += changes.wait(left)
        if changes.pending():
            count += changes.wait(10)
        return count

    time.sleep(0.2)  # the observer's watches are in place
    try:
        yield vault, bursts
    finally:
        stop()


def test_an_edit_gives_one_rebuild(watched: tuple[Path, Callable[[float], int]]) -> None:
    vault, bursts = watched
    (vault / "notes" / "a.md").write_text("---\ntitle: A\n---\n", "utf-8")
    assert bursts(1.5) == 1


def test_row_33_a_save_by_rename_with_swap_files_gives_exactly_one_rebuild(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    vault, bursts = watched
    note = vault / "notes" / "a.md"
    note.write_text("first\n", "utf-8")
    assert bursts(1.5) == 1
    # what vim does on :w with `backupcopy=no`, as fast as it does it
    swap = vault / "notes" / ".a.md.swp"
    swap.write_bytes(b"swap")
    probe = vault / "notes" / "4913"
    probe.write_bytes(b"")
    probe.unlink()
    os.rename(note, vault / "notes" / "a.md~")
    note.write_text("second\n", "utf-8")
    (vault / "notes" / "a.md~").unlink()
    swap.unlink()
    assert bursts(1.5) == 1


def test_debris_the_output_folder_and_git_give_no_rebuild(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    vault, bursts = watched
    (vault / "notes" / ".b.md.swp").write_bytes(b"swap")
    (vault / "notes" / "b.md~").write_bytes(b"old")
    (vault / "_site" / "people" / "ada.html").write_bytes(b"<p>built</p>")
    (vault / "._site.new-x").mkdir()
    (vault / "._site.new-x" / "index.html").write_bytes(b"staged")
    (vault / ".git" / "objects" / "ab").write_bytes(b"object")
    assert bursts(1.2) == 0


def test_row_34_a_checkout_of_many_files_is_one_rebuild(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    vault, bursts = watched
    for number in range(600):
        folder = vault / "notes" / f"{number % 12:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{number}.md").write_text(f"note {number}\n", "utf-8")
    assert bursts(2.0) == 1


def test_reading_the_vault_gives_no_rebuild(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    """A build reads every file; the reads (opened / closed-without-writing events) must
    not start the next build, or a server would build for ever."""
    vault, bursts = watched
    (vault / "people" / "ada.md").write_text("---\nname: Ada\n---\n", "utf-8")
    assert bursts(1.2) == 1
    for _ in range(3):
        (vault / "people" / "ada.md").read_bytes()
    assert bursts(1.0) == 0


def test_a_folder_made_at_the_top_of_the_vault_is_watched_too(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    vault, bursts = watched
    (vault / "projects").mkdir()
    assert bursts(1.2) == 1
    (vault / "projects" / "deep").mkdir()
    (vault / "projects" / "deep" / "p.md").write_text("---\ntitle: P\n---\n", "utf-8")
    assert bursts(1.2) == 1


def test_a_folder_moved_out_of_the_vault_is_no_longer_watched(
    watched: tuple[Path, Callable[[float], int]], tmp_path: Path
) -> None:
    vault, bursts = watched
    (vault / "people" / "ada.md").write_text("---\nname: Ada\n---\n", "utf-8")
    assert bursts(1.2) == 1
    os.rename(vault / "people", tmp_path / "people-moved-out")
    assert bursts(1.2) == 1  # the vault lost a folder: one rebuild
    (tmp_path / "people-moved-out" / "bob.md").write_text("---\nname: Bob\n---\n", "utf-8")
    (tmp_path / "people-moved-out" / "ada.md").unlink()
    assert bursts(1.2) == 0  # what happens to it out there is no change of the vault


def test_a_top_level_folder_renamed_in_the_vault_is_watched_under_its_new_name(
    watched: tuple[Path, Callable[[float], int]],
) -> None:
    vault, bursts = watched
    os.rename(vault / "people", vault / "contacts")
    assert bursts(1.2) == 1
    (vault / "contacts" / "ada.md").write_text("---\nname: Ada\n---\n", "utf-8")
    assert bursts(1.2) == 1
