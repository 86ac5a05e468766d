"""The writer's safety rules (SPEC 3; BAD-INPUTS rows 36-37)."""

from __future__ import annotations

import errno
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from netvault import files
from netvault.files import create_exclusive, guard_inside, replace_atomic
from netvault.problems import NetvaultError
from tests.conftest import stale_temp


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_create_exclusive_writes_bytes_and_parent_folders(tmp_path: Path) -> None:
    path = create_exclusive(tmp_path, "notes/2026/a.md", b"hello\n")
    assert path == tmp_path / "notes" / "2026" / "a.md"
    assert path.read_bytes() == b"hello\n"


def test_create_exclusive_refuses_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "ada.md").write_bytes(b"old")
    with pytest.raises(NetvaultError, match=r"people/ada\.md already exists"):
        create_exclusive(tmp_path, "people/ada.md", b"new")
    assert (tmp_path / "people" / "ada.md").read_bytes() == b"old"


def test_create_exclusive_refuses_a_case_variant(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "Ada.md").write_bytes(b"old")
    with pytest.raises(NetvaultError, match=r"people/Ada\.md already exists"):
        create_exclusive(tmp_path, "people/ada.md", b"new")
    assert listing(tmp_path) == ["people", "people/Ada.md"]


def test_create_exclusive_refuses_an_nfd_variant(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "José.md")
    nfc = unicodedata.normalize("NFC", "José.md")
    assert nfd != nfc
    (tmp_path / nfd).write_bytes(b"old")
    with pytest.raises(NetvaultError, match="already exists"):
        create_exclusive(tmp_path, nfc, b"new")
    assert (tmp_path / nfd).read_bytes() == b"old"
    assert len(os.listdir(tmp_path)) == 1


@pytest.mark.parametrize("rel", ["../x.md", "/etc/x.md", "a/../../x.md", ".", "", "C:\\x.md"])
def test_guard_inside_refuses_paths_outside(tmp_path: Path, rel: str) -> None:
    with pytest.raises(NetvaultError, match="outside the vault"):
        guard_inside(tmp_path / "vault", rel)


def test_guard_inside_refuses_a_symlink_out(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (vault / "people").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(NetvaultError, match="outside the vault"):
        create_exclusive(vault, "people/x.md", b"x")
    assert list((tmp_path / "elsewhere").iterdir()) == []


def test_guard_inside_refuses_a_symlink_loop(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "people").mkdir(parents=True)
    (vault / "people" / "x.md").symlink_to("x.md")
    with pytest.raises(NetvaultError, match="symlink loop"):
        create_exclusive(vault, "people/x.md", b"x")


def test_replace_atomic_replaces_unchanged_file(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    path.chmod(0o640)
    replace_atomic(path, b"new", expected=b"old")
    assert path.read_bytes() == b"new"
    assert (path.stat().st_mode & 0o777) == 0o640
    assert listing(tmp_path) == ["a.md"]


def test_replace_atomic_refuses_a_file_changed_since_read(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"edited by the user meanwhile")
    with pytest.raises(NetvaultError, match="changed on disk since it was read"):
        replace_atomic(path, b"new", expected=b"what we read")
    assert path.read_bytes() == b"edited by the user meanwhile"
    assert listing(tmp_path) == ["a.md"]


def test_crash_between_temp_write_and_replace_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")
    written: list[str] = []
    real_replace = os.replace

    def crash(src: Any, dst: Any) -> None:
        written.append(Path(src).read_bytes().decode())  # the temp file was complete
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(NetvaultError, match="cannot replace"):
        replace_atomic(path, b"new", expected=b"old")
    monkeypatch.setattr(os, "replace", real_replace)
    assert written == ["new"]
    assert path.read_bytes() == b"old"
    assert listing(tmp_path) == ["a.md"]


def test_keyboard_interrupt_during_write_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        replace_atomic(path, b"new", expected=b"old")
    assert path.read_bytes() == b"old"
    assert listing(tmp_path) == ["a.md"]


def test_disk_full_during_create_removes_the_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(NetvaultError, match="the disk is full"):
        create_exclusive(tmp_path, "people/a.md", b"data")
    assert listing(tmp_path) == ["people"]


def _root_ignores_chmod(folder: Path) -> bool:
    probe = folder / "probe"
    try:
        probe.write_bytes(b"")
    except PermissionError:
        return False
    probe.unlink()
    return True


def test_read_only_folder_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "people"
    folder.mkdir()
    (folder / "a.md").write_bytes(b"old")
    folder.chmod(0o555)
    try:
        if _root_ignores_chmod(folder):
            # Tests run as root here, and root writes through 0o555; the kernel's answer to
            # everyone else is EACCES from open(), so that is what we simulate.
            def denied(*args: Any, **kwargs: Any) -> int:
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(os, "open", denied)
            monkeypatch.setattr(tempfile, "mkstemp", denied)
        with pytest.raises(NetvaultError, match=r"cannot create people/b\.md: permission denied"):
            create_exclusive(tmp_path, "people/b.md", b"new")
        with pytest.raises(NetvaultError, match="permission denied"):
            replace_atomic(folder / "a.md", b"new", expected=b"old")
    finally:
        folder.chmod(0o755)
    assert listing(folder) == ["a.md"]
    assert (folder / "a.md").read_bytes() == b"old"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork to kill a writer mid-way")
def test_a_create_killed_before_its_bytes_are_down_leaves_no_file(tmp_path: Path) -> None:
    """BAD-INPUTS 37: `kill -9` between creating the file and writing it left an empty
    `people/ada.md`, which reads as a contact named "ada". Now only a dot-file is left,
    which no command reads, and the name is still free."""
    import signal

    from netvault.loader import load_vault

    (tmp_path / "people").mkdir()
    pid = os.fork()
    if pid == 0:  # the writer, killed as its bytes go to disk
        try:
            os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
            create_exclusive(tmp_path, "people/ada.md", b"---\nname: Ada Lovelace\n---\n")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    assert not (tmp_path / "people" / "ada.md").exists()
    assert all(left.name.startswith(".") for left in (tmp_path / "people").iterdir())
    vault, _, problems = load_vault(tmp_path)
    assert vault.contacts == () and problems == []
    create_exclusive(tmp_path, "people/ada.md", b"---\nname: Ada Lovelace\n---\n")
    assert (tmp_path / "people" / "ada.md").read_bytes().endswith(b"Ada Lovelace\n---\n")


def test_create_exclusive_leaves_no_temporary_file(tmp_path: Path) -> None:
    create_exclusive(tmp_path, "people/ada.md", b"x")
    with pytest.raises(NetvaultError, match="already exists"):
        create_exclusive(tmp_path, "people/ada.md", b"y")
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == ["ada.md"]
    assert (tmp_path / "people" / "ada.md").read_bytes() == b"x"


def test_create_exclusive_without_hard_links_creates_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A FAT stick refuses `link`: the file is then created exclusively where it goes."""

    def refused(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    create_exclusive(tmp_path, "people/ada.md", b"x")
    assert (tmp_path / "people" / "ada.md").read_bytes() == b"x"
    # taken between the check and the write (another program): refused, not overwritten
    monkeypatch.setattr(files, "existing_variant", lambda folder, name: None)
    with pytest.raises(NetvaultError, match=r"people/ada\.md already exists; not overwritten"):
        create_exclusive(tmp_path, "people/ada.md", b"y")
    assert (tmp_path / "people" / "ada.md").read_bytes() == b"x"
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == ["ada.md"]


def test_a_link_that_fails_otherwise_is_an_error_not_a_second_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only "no hard links here" falls back to writing in place; a full disk is said."""

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", full)
    with pytest.raises(NetvaultError, match=r"cannot create people/ada\.md: the disk is full"):
        create_exclusive(tmp_path, "people/ada.md", b"x")
    assert list((tmp_path / "people").iterdir()) == []


def test_a_link_made_but_answered_as_existing_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS can retry a `link` whose first reply was lost and answer EEXIST for the link
    it made itself: that is this command's file, not someone else's."""
    real_link = os.link

    def retried(source: Any, target: Any, **kwargs: Any) -> None:
        real_link(source, target, **kwargs)
        raise FileExistsError(errno.EEXIST, "File exists")

    monkeypatch.setattr(os, "link", retried)
    create_exclusive(tmp_path, "people/ada.md", b"x")
    assert sorted(p.name for p in (tmp_path / "people").iterdir()) == ["ada.md"]


def test_a_killed_writers_old_temporary_file_is_cleared(tmp_path: Path) -> None:
    """BAD-INPUTS 37: no stray temp file stays in the vault. A young one may be another
    run's, being written now, and is left."""
    folder = tmp_path / "people"
    folder.mkdir()
    stale_temp(folder, ".ada.md.netvault-0123abcd.tmp")
    (folder / ".bo.md.netvault-89abcdef.tmp").write_bytes(b"young")
    for mine in (".notes.tmp", ".backup.20240101.tmp"):  # old, but not netvault's names
        stale_temp(folder, mine)
    create_exclusive(tmp_path, "people/cy.md", b"x")
    assert sorted(p.name for p in folder.iterdir()) == [
        ".backup.20240101.tmp",
        ".bo.md.netvault-89abcdef.tmp",
        ".notes.tmp",
        "cy.md",
    ]


def test_a_folder_outside_the_vault_is_never_tidied(tmp_path: Path) -> None:
    """`export -o ~/Downloads/x.vcf` creates its file the same way; it must not remove
    anything from a folder that is not the vault's."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    left = stale_temp(folder, ".old.vcf.netvault-0123abcd.tmp")
    create_exclusive(folder, "contacts.vcf", b"x", tidy=False)
    assert left.exists()


@pytest.mark.parametrize("rel", ["people/ada.md", "notes/2026/a.md"])
def test_a_file_where_a_folder_goes_is_named(tmp_path: Path, rel: str) -> None:
    """BAD-INPUTS 36: a file `people` (or `notes/2026`) ended `new` and `log` in a
    NotADirectoryError traceback."""
    blocker = tmp_path / rel.rsplit("/", 1)[0]
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_bytes(b"x")
    shown = blocker.relative_to(tmp_path).as_posix()
    with pytest.raises(
        NetvaultError, match=f"cannot create {rel}: {shown} is a file, not a folder"
    ):
        create_exclusive(tmp_path, rel, b"y")
    assert blocker.read_bytes() == b"x"
