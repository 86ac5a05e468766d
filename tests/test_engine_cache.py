"""After a few edits, `due`/`brief`/`export ics` update the engine's view from the engine file
(engine_cache.py) and get what a full load gets: the same index, the same problems."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault import cache
from netvault.engine import work_out
from netvault.index import Index, engine_view
from netvault.loader import load_indexed
from netvault.problems import Problem

OLD = 1_700_000_000
_clock = itertools.count(1)

BASE: dict[str, str] = {
    "people/ada.md": "---\nname: Ada Lovelace\naliases: [Countess]\ncadence: 1m\n---\n"
    "Met via [[Bo]]. See [[plans]] and [[nowhere]].\n",
    "people/bo.md": "---\nname: Bo\nintroduced_by: Ada Lovelace\nneeds: [a designer]\n---\n",
    "people/cy.md": "---\nname: Cy\noffers: [design reviews]\n---\n- [ ] ask [[Bo]] 📅 2026-01-20\n",
    "notes/plans.md": "---\ntitle: Plans\n---\nWith [[Countess]], [[ghost]] and ![[pic.png]].\n",
    "notes/2026-01-02-coffee.md": "---\nwith: [Ada Lovelace, Nobody]\nfollow_up: 2026-01-10\n---\n"
    "- [x] sent [[Cy]] the deck\n- [ ] call [[Bo]] 📅 2026-01-15\n[[plans]] [[2026-01-05-call]]\n",
    "notes/2026-01-05-call.md": "---\nwith: [Bo]\ngave: [advice]\n---\nAbout [[Cy]].\n",
    "notes/old/2025-03-01-lunch.md": "---\nwith: [Cy]\n---\n[[plans]] [[../outside]]\n",
    # more of one warning than a file lists (index.SAME_LINK_WARNINGS): the count holds too
    "notes/links.md": "---\ntitle: Links\n---\n" + "[[gone]] [[Bo]]\n" * 14,
}


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    moment = OLD + next(_clock)  # a new, old-enough mtime: the change is seen and trusted
    os.utime(path, (moment, moment))


def _vault(root: Path) -> Path:
    for rel, text in BASE.items():
        _write(root, rel, text)
    return root


def _full(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Index, list[Problem]]:
    with monkeypatch.context() as patch:
        patch.setenv("NETVAULT_CACHE", "off")
        _, _, index, problems = load_indexed(root)
    return engine_view(index), problems


def _assert_same(got: tuple[Index, list[Problem]], want: tuple[Index, list[Problem]]) -> None:
    (index, problems), (expected, expected_problems) = got, want
    assert problems == expected_problems
    for name in (
        "contacts", "notes", "interactions", "touches", "tags", "introduced_by",
        "recommended_by", "mentions", "backlinks", "resolved_links",
    ):  # fmt: skip
        assert getattr(index, name) == getattr(expected, name), name
    assert index.vault == expected.vault
    for today in (dt.date(2026, 1, 12), dt.date(2026, 11, 16)):
        assert work_out(index, today) == work_out(expected, today)


def _engine_load(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Index, list[Problem], bool]:
    """load_indexed(engine_only=True), and whether it read the whole parse cache."""
    reads: list[bool] = []
    original = cache.RecordCache._read

    def spy(self: cache.RecordCache) -> dict[str, object]:
        reads.append(True)
        return original(self)

    with monkeypatch.context() as patch:
        patch.setattr(cache.RecordCache, "_read", spy)
        _, _, index, problems = load_indexed(root, engine_only=True)
    return index, problems, bool(reads)


Edit = Callable[[Path], None]

TAKEN_IN: dict[str, Edit] = {
    "a logged meeting (new note)": lambda r: _write(
        r, "notes/2026-02-01-log.md", "---\nwith: [Cy, Stranger]\n---\n[[Bo]] [[missing]]\n"
    ),
    "an edited note body": lambda r: _write(
        r, "notes/2026-01-05-call.md", "---\nwith: [Bo]\n---\nNow [[Countess]] and [[lost]].\n"
    ),
    "a finished task": lambda r: _write(
        r,
        "notes/2026-01-02-coffee.md",
        BASE["notes/2026-01-02-coffee.md"].replace("- [ ] call", "- [x] call"),
    ),
    "a new contact": lambda r: _write(r, "people/di.md", "---\nname: Di\ntier: A\n---\n"),
    "a contact whose id clashes": lambda r: _write(r, "people/ADA.md", "---\nname: Ada L\n---\n"),
    "a deleted note nobody links": lambda r: (r / "notes/old/2025-03-01-lunch.md").unlink(),
    "a broken front matter": lambda r: _write(r, "notes/plans.md", "---\ntitle: [oops\n---\n"),
    "a note with a warning many times over": lambda r: _write(
        r, "notes/2026-02-02-many.md", "---\nwith: [Cy]\n---\n" + "[[lost]] [[gone]]\n" * 30
    ),
    "a contact renamed (people warnings follow)": lambda r: _write(
        r, "people/bo.md", "---\nname: Bob\n---\n"
    ),
}

FULL_LOAD: dict[str, Edit] = {
    "a linked note deleted": lambda r: (r / "notes/plans.md").unlink(),
    "a same-named note elsewhere (links turn ambiguous)": lambda r: _write(
        r, "notes/old/plans.md", "---\ntitle: Other plans\n---\n"
    ),
    "a missing target created": lambda r: _write(r, "notes/nowhere.md", "---\n---\n"),
    "an attachment added": lambda r: _write(r, "notes/pic.png", "png"),
    "settings changed": lambda r: _write(r, "netvault.toml", '[reminders]\ndue_soon = "3w"\n'),
}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETVAULT_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("edit", TAKEN_IN.values(), ids=TAKEN_IN.keys())
def test_edits_taken_in_without_a_full_load(
    edit: Edit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    load_indexed(root)  # keeps the engine file
    edit(root)
    index, problems, full_read = _engine_load(root, monkeypatch)
    assert not full_read
    _assert_same((index, problems), _full(root, monkeypatch))
    # the engine file was brought up to date: the next run takes its view as it is
    with monkeypatch.context() as patch:
        patch.setattr("netvault.loader.bring_up_to_date", None)  # would raise if called
        again, again_problems, full_read = _engine_load(root, patch)
    assert not full_read
    _assert_same((again, again_problems), (index, problems))


@pytest.mark.parametrize("edit", FULL_LOAD.values(), ids=FULL_LOAD.keys())
def test_edits_that_move_links_take_a_full_load(
    edit: Edit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    load_indexed(root)
    edit(root)
    index, problems, full_read = _engine_load(root, monkeypatch)
    assert full_read  # and so the full index, of which the engine reads its view
    _assert_same((engine_view(index), problems), _full(root, monkeypatch))


def test_a_just_written_file_is_used_but_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    load_indexed(root)
    engine_file = next((tmp_path / "cache").glob("*.engine"))
    before = engine_file.read_bytes()
    (root / "notes" / "2026-03-01.md").write_text("---\nwith: [Bo]\n---\n", encoding="utf-8")
    index, _, full_read = _engine_load(root, monkeypatch)
    assert not full_read and "notes/2026-03-01.md" in index.notes
    assert engine_file.read_bytes() == before  # its mtime may yet be reused: not trusted


NAMES = ["Ada Lovelace", "Bo", "Cy", "Countess", "plans", "nobody", "2026-01-05-call"]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "edit", "delete"]),
            st.integers(0, 5),
            st.lists(st.sampled_from(NAMES), max_size=3),
            st.lists(st.sampled_from(NAMES), max_size=2),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_edits_give_what_a_full_load_gives(
    edits: list[tuple[str, int, list[str], list[str]]],
) -> None:
    with tempfile.TemporaryDirectory() as temp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("NETVAULT_CACHE_DIR", str(Path(temp) / "cache"))
        root = _vault(Path(temp) / "v")
        load_indexed(root)
        for action, number, links, people in edits:
            rel = f"notes/2026-0{number + 1}-1{number}-x.md"
            if action == "delete":
                (root / rel).unlink(missing_ok=True)
                continue
            body = " ".join(f"[[{name}]]" for name in links)
            with_ = ", ".join(people)
            _write(root, rel, f"---\nwith: [{with_}]\n---\n- [x] met [[{NAMES[number]}]]\n{body}\n")
            index, problems, full_read = _engine_load(root, patch)
            _assert_same((engine_view(index) if full_read else index, problems), _full(root, patch))


def _same_as_full(root: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """load_indexed(engine_only=True) agrees with a full load; whether it read the parses."""
    index, problems, full_read = _engine_load(root, monkeypatch)
    _assert_same((engine_view(index) if full_read else index, problems), _full(root, monkeypatch))
    return full_read


# Found by review; each failed before its fix.


@pytest.mark.parametrize("kind", ["sync conflict copy", "broken symlink"])
def test_what_the_walk_skips_and_warns_about_is_seen(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _vault(tmp_path / "v")
    load_indexed(root)
    if kind == "broken symlink":
        os.symlink("missing.md", root / "notes" / "dead.md")
    else:
        _write(root, "notes/plans.sync-conflict-20260101-ABC.md", "---\ntitle: x\n---\n")
    _same_as_full(root, monkeypatch)


def test_a_file_rewritten_in_its_mtime_tick_during_a_long_run_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The racy rule's clock is read before the files are stat-ed, not when the run ends."""
    import time

    import netvault.engine_cache as engine_cache

    root = _vault(tmp_path / "v")
    load_indexed(root)
    path = root / "notes/2026-03-01-x.md"
    path.write_text("---\nwith: [Bo]\n---\n", encoding="utf-8")  # written just now
    mtime = os.stat(path).st_mtime_ns
    real_build_index = engine_cache.build_index

    def slow_build_index(*args: object, **kwargs: object) -> object:
        path.write_text("---\nwith: [Cy]\n---\n", encoding="utf-8")  # same size, same tick
        os.utime(path, ns=(mtime, mtime))
        time.sleep(2.1)
        return real_build_index(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(engine_cache, "build_index", slow_build_index)
        _engine_load(root, monkeypatch)  # reads "with: [Bo]"
    _same_as_full(root, monkeypatch)  # the file says Cy


def test_a_state_file_of_another_version_means_a_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle
    import sys
    import types

    root = _vault(tmp_path / "v")
    load_indexed(root)
    module = types.ModuleType("netvault_future_state")

    class Thing:
        pass

    Thing.__module__, Thing.__qualname__ = "netvault_future_state", "Thing"
    module.Thing = Thing  # type: ignore[attr-defined]
    sys.modules["netvault_future_state"] = module
    try:
        data = pickle.dumps(Thing())
    finally:
        del sys.modules["netvault_future_state"]
    next((tmp_path / "cache").glob("*.state")).write_bytes(data)  # cannot be unpickled here
    _write(root, "notes/2026-02-01-log.md", "---\nwith: [Cy]\n---\n")
    assert _same_as_full(root, monkeypatch)


def test_settings_saved_during_the_walk_do_not_poison_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings and the cache key are read from the same bytes."""
    import netvault.loader as loader

    root = _vault(tmp_path / "v")
    _write(root, "folks/zed.md", "---\ntitle: Zed\n---\n")  # a note while people/ holds contacts
    load_indexed(root)
    real_discover = loader.discover

    def discover_during_a_save(*args: object, **kwargs: object) -> object:
        (root / "netvault.toml").write_text('[vault]\npeople = "folks"\n', encoding="utf-8")
        yield from real_discover(*args, **kwargs)  # type: ignore[arg-type]

    with monkeypatch.context() as patch:
        patch.setattr(loader, "discover", discover_during_a_save)
        _engine_load(root, monkeypatch)
    _same_as_full(root, monkeypatch)  # the settings have not changed since


def test_many_changed_files_mean_a_full_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netvault.engine_cache as engine_cache

    root = _vault(tmp_path / "v")
    load_indexed(root)
    _write(root, "notes/2026-02-01-log.md", "---\nwith: [Cy]\n---\n")
    monkeypatch.setattr(engine_cache, "MOST_CHANGED", 0)
    assert _same_as_full(root, monkeypatch)
