"""The parse cache: same results warm or cold, changed files re-read, never in the vault."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netvault import cache
from netvault.loader import load_vault
from tests.conftest import VaultMaker

OLD = 1_700_000_000  # a 2023 mtime: outside the racy window, so parses are kept


def _age(root: Path) -> None:
    for path in root.rglob("*.md"):
        os.utime(path, (OLD, OLD))


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NETVAULT_CACHE_DIR", str(folder))
    return folder


def test_warm_load_equals_cold_load_and_reads_nothing(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\nmet: 2024-02-30\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\n[[nobody]]\n",
        }
    )
    _age(root)
    cold = load_vault(root)
    assert len(list(cache_dir.iterdir())) == 1
    assert not any(".pickle" in p.name for p in root.rglob("*"))  # never in the vault

    def no_reading(*args: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr("netvault.reading.read_file", no_reading)
    warm = load_vault(root)
    assert warm == cold


def test_a_changed_file_is_read_again(make_vault: VaultMaker, cache_dir: Path) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    _age(root)
    assert load_vault(root)[0].contacts[0].name == "Ada"
    path = root / "people" / "ada.md"
    path.write_text("---\nname: Ada Lovelace\n---\n", encoding="utf-8")
    os.utime(path, (OLD + 10, OLD + 10))
    assert load_vault(root)[0].contacts[0].name == "Ada Lovelace"


def test_settings_change_drops_the_cache(make_vault: VaultMaker, cache_dir: Path) -> None:
    root = make_vault({"people/ada.md": "---\ntier: Z\n---\n"})
    _age(root)
    assert [p.severity for p in load_vault(root)[2]] == ["warning"]  # no tier Z
    (root / "netvault.toml").write_text('[reminders.tiers]\nZ = "1w"\n', encoding="utf-8")
    assert load_vault(root)[2] == []


def test_recently_written_files_are_not_kept(make_vault: VaultMaker, cache_dir: Path) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    load_vault(root)  # written just now: inside the racy window
    stored = cache.RecordCache.open(root, b"")
    assert stored.entries == {}


def test_cache_can_be_turned_off(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NETVAULT_CACHE", "off")
    root = make_vault({"people/ada.md": ""})
    _age(root)
    load_vault(root)
    assert not cache_dir.exists()


def test_a_damaged_cache_is_ignored(make_vault: VaultMaker, cache_dir: Path) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    _age(root)
    load_vault(root)
    (stored,) = cache_dir.iterdir()
    stored.write_bytes(b"not a pickle")
    assert load_vault(root)[0].contacts[0].name == "Ada"


def test_an_unchanged_vault_reuses_the_last_index(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netvault.loader import load_indexed

    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\n[[nobody]]\n",
        }
    )
    _age(root)
    vault, _, index, problems = load_indexed(root)

    def no_indexing(*args: object) -> None:
        raise AssertionError("the index was built again")

    monkeypatch.setattr("netvault.loader.build_index", no_indexing)
    again = load_indexed(root)
    assert again[0] == vault and again[3] == problems
    assert again[2].touches == index.touches
    # one changed file and the index is built again
    monkeypatch.undo()
    monkeypatch.setenv("NETVAULT_CACHE_DIR", str(cache_dir))
    (root / "notes" / "2026-01-03.md").write_text("---\nwith: [Ada]\n---\n", encoding="utf-8")
    os.utime(root / "notes" / "2026-01-03.md", (OLD, OLD))
    changed = load_indexed(root)
    assert [t.day.isoformat() for t in changed[2].touches["ada"]] == ["2026-01-02", "2026-01-03"]


def test_after_a_big_read_a_detached_process_writes_the_cache(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    monkeypatch.setattr(cache, "DETACH_FROM", 2)
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n", "people/bo.md": ""})
    _age(root)
    load_vault(root)
    deadline = time.monotonic() + 20
    while not any(cache_dir.glob("*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(list(cache_dir.glob("*.pickle"))) == 1
    reopened = cache.RecordCache.open(root, b"")
    assert sorted(reopened.entries) == ["people/ada.md", "people/bo.md"]
    assert not list(cache_dir.glob("*.tmp"))


def test_engine_commands_read_only_the_small_engine_file(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netvault.loader import load_indexed

    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\nLoves [[Bo]].\n",
            "people/bo.md": "---\nname: Bo\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\nSaw [[Bo]].\n- [ ] call [[Bo]] 📅 2026-02-01\n",
        }
    )
    _age(root)
    full = load_indexed(root)[2]
    (engine_file,) = cache_dir.glob("*.engine")
    assert (
        engine_file.stat().st_size
        < (cache_dir / engine_file.stem).with_suffix(".pickle").stat().st_size
    )

    def no_big_file(self: cache.RecordCache) -> None:
        raise AssertionError("the parse cache was read")

    monkeypatch.setattr(cache.RecordCache, "_read", no_big_file)
    monkeypatch.setattr("netvault.loader.build_index", no_big_file)
    lean = load_indexed(root, engine_only=True)[2]
    note = lean.notes["notes/2026-01-02.md"]
    assert note.body.text == "" and note.body.tasks == full.notes["notes/2026-01-02.md"].body.tasks
    assert lean.touches == full.touches
    monkeypatch.undo()
    monkeypatch.setenv("NETVAULT_CACHE_DIR", str(cache_dir))
    # the other commands still get the bodies
    assert load_indexed(root)[2].notes["notes/2026-01-02.md"].body.text.startswith("Saw")
    # a changed vault: the engine file is stale and not used
    (root / "notes" / "2026-01-03.md").write_text("---\nwith: [Bo]\n---\n", encoding="utf-8")
    os.utime(root / "notes" / "2026-01-03.md", (OLD, OLD))
    changed = load_indexed(root, engine_only=True)[2]
    assert "bo" not in full.touches  # a body link is not a touch; the new note's `with` is
    assert [t.day.isoformat() for t in changed.touches["bo"]] == ["2026-01-03"]


def test_no_engine_file_when_a_file_was_too_fresh_to_trust(
    make_vault: VaultMaker, cache_dir: Path
) -> None:
    from netvault.loader import load_indexed

    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    _age(root)
    load_indexed(root)
    assert list(cache_dir.glob("*.engine"))
    (root / "people" / "bo.md").write_text("---\nname: Bo\n---\n", encoding="utf-8")  # now
    load_indexed(root)
    assert not list(cache_dir.glob("*.engine"))


@pytest.mark.parametrize("one_command", [True, False])
def test_a_one_command_process_hides_the_loaded_vault_from_the_collector(
    one_command: bool,
) -> None:
    """Only the console entry (which exits right after) freezes what it loaded; a test run
    or any other long-lived process keeps collecting as usual."""
    import subprocess
    import sys

    script = (
        "import gc, pathlib, netvault.memory as m\n"
        "from netvault.commands.common import load\n"
        f"if {one_command}: m.one_command_per_process()\n"
        "load(pathlib.Path('sample_vault'))\n"
        "print(gc.get_freeze_count() > 1000)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == str(one_command)


LOADED: list[str] = []


class _Spy:
    """Records being unpickled."""

    def __init__(self) -> None:
        self.state = "something to restore"

    def __setstate__(self, state: object) -> None:
        LOADED.append("view")


def test_a_stale_engine_view_is_not_read_past_its_fingerprint(tmp_path: Path) -> None:
    import pickle

    path = tmp_path / "x.engine"
    with open(path, "wb") as stream:
        writer = pickle.Pickler(stream)
        writer.dump("old fingerprint")
        writer.dump(_Spy())
    LOADED.clear()
    assert cache._read_pickles(path, 2, first="new fingerprint") is None
    assert LOADED == []  # the view was never read
    found = cache._read_pickles(path, 2, first="old fingerprint")
    assert found is not None and found[0] == "old fingerprint" and LOADED == ["view"]
    path.write_bytes(path.read_bytes()[:-3])  # damaged: nothing
    assert cache._read_pickles(path, 2) is None


_PARSERS = ("netvault.reading", "netvault.front_matter", "yaml", "markdown_it")
_REPORT_PARSERS = (
    "import sys; from pathlib import Path; from netvault.loader import load_indexed;"
    "load_indexed(Path(sys.argv[1]), engine_only=True);"
    f"print(sorted(name for name in {_PARSERS!r} if name in sys.modules))"
)


def test_an_unchanged_vault_is_answered_without_loading_the_parsers(
    make_vault: VaultMaker, cache_dir: Path
) -> None:
    """`due` on an unchanged vault pays no import of the YAML and Markdown parsers; a changed
    file loads them (the same check, so it can tell the two apart)."""
    import subprocess
    import sys

    from netvault.loader import load_indexed

    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\nMet [[Ada]].\n",
        }
    )
    _age(root)
    load_indexed(root)

    def parsers_loaded() -> str:
        done = subprocess.run(
            [sys.executable, "-c", _REPORT_PARSERS, str(root)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "NETVAULT_CACHE_DIR": str(cache_dir)},
        )
        return done.stdout.strip()

    assert parsers_loaded() == "[]"
    note = root / "notes" / "2026-01-03.md"
    note.write_text("---\nwith: [Ada]\n---\n", encoding="utf-8")
    os.utime(note, (OLD, OLD))
    assert parsers_loaded() == str(sorted(_PARSERS[:3]))


@pytest.mark.parametrize("engine_only", [False, True], ids=["full", "engine view"])
def test_a_file_that_could_not_be_opened_is_read_again_once_it_can(
    make_vault: VaultMaker, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, engine_only: bool
) -> None:
    """A `chmod` that makes a file readable changes neither its size nor its mtime: the
    error must not be kept with them (it was, and every command went on failing)."""
    import builtins

    from netvault import reading
    from netvault.loader import load_indexed

    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "people/bob.md": "---\nname: Bob\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\n",
        }
    )
    _age(root)
    if engine_only:  # a first run, so that the engine view is brought up to date after
        load_indexed(root, engine_only=True)
        (root / "people" / "bob.md").write_text("---\nname: Bob B\n---\n", encoding="utf-8")
        _age(root)

    def locked(path: str, *args: object, **kwargs: object) -> object:
        if path.endswith("bob.md"):
            raise PermissionError(13, "Permission denied")
        return builtins.open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(reading, "open", locked, raising=False)
    _, _, index, problems = load_indexed(root, engine_only=engine_only)
    assert [(p.path, p.severity) for p in problems] == [("people/bob.md", "error")]
    assert "bob" not in index.contacts
    monkeypatch.undo()
    monkeypatch.setenv("NETVAULT_CACHE_DIR", str(cache_dir))
    _, _, index, problems = load_indexed(root, engine_only=engine_only)
    assert problems == [] and "bob" in index.contacts
