"""`netvault build` and `build_site` (BAD-INPUTS rows 31-32): output folders refused before
anything is written, the staging swap (stale files gone, a failed write keeps the old site,
leftovers of killed builds cleared), determinism, exit codes and output of the command."""

from __future__ import annotations

import os
import shutil
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from netvault import build as build_module
from netvault.build import MARKER, build_site, clear_leftovers
from netvault.cli import main
from netvault.problems import NetvaultError
from tests.conftest import VaultMaker
from tests.site_helpers import SAMPLE, TODAY, build, tree


def test_build_is_deterministic_and_replaces_stale_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    build(SAMPLE, first, pagefind=True)
    build(SAMPLE, second, pagefind=True)
    assert tree(first) == tree(second)
    (first / "people" / "gone.html").write_text("stale", "utf-8")
    (first / "old-folder").mkdir()
    (first / "old-folder" / "x.txt").write_text("stale", "utf-8")
    build(SAMPLE, first, pagefind=True)
    assert tree(first) == tree(second)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("a", "b")]
    assert leftovers == []


# --- the output folder (row 31) ---------------------------------------------------------


def _ada_built(make_vault: VaultMaker, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """A one-contact vault built into `tmp_path/site`: (vault, site, the site's files)."""
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "site"
    build(root, out)
    return root, out, tree(out)


def _vault_snapshot(root: Path) -> dict[str, bytes]:
    return tree(root)


@pytest.mark.parametrize("where", ["vault", "parent", "file", "foreign", "under a file"])
def test_row_31_refuses_bad_output_folders_before_writing(
    make_vault: VaultMaker, tmp_path: Path, where: str
) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("mine", "utf-8")
    (tmp_path / "a-file").write_text("x", "utf-8")
    out = {"vault": root, "parent": tmp_path, "file": tmp_path / "a-file", "foreign": foreign,
           "under a file": tmp_path / "a-file" / "site"}[where]  # fmt: skip
    before_vault, before_tmp = _vault_snapshot(root), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NetvaultError) as raised:
        build(root, out)
    message = raised.value.message
    assert {"vault": "the vault itself", "parent": "contains the vault", "file": "not a folder",
            "foreign": "not built by netvault",
            "under a file": "a-file is a file, not a folder"}[where] in message  # fmt: skip
    assert _vault_snapshot(root) == before_vault
    assert sorted(p.name for p in tmp_path.iterdir()) == before_tmp
    assert (foreign / "thesis.txt").read_text("utf-8") == "mine"


def test_row_31_refuses_an_unwritable_output_folder(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    locked = tmp_path / "locked"
    locked.mkdir()
    # Tests may run as root, who may write anywhere: ask the check, not the kernel.
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != locked)
    with pytest.raises(NetvaultError, match="is not writable"):
        build(root, locked / "site")
    assert list(locked.iterdir()) == []


def test_a_failed_write_keeps_the_old_site(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, before = _ada_built(make_vault, tmp_path)
    (root / "people" / "bob.md").write_text("---\nname: Bob\n---\n", "utf-8")

    def disk_full(
        folder: Path, files: dict[str, bytes], search: object = None, previous: object = None
    ) -> None:
        (folder / "index.html").write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "_write_tree", disk_full)
    with pytest.raises(NetvaultError, match="No space left"):
        build(root, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "vault"]


@pytest.mark.parametrize("output", [".", "..", "people", "/srv/site", "5"])
def test_row_31_a_refused_site_output_stops_the_build_before_writing(
    make_vault: VaultMaker, tmp_path: Path, output: str
) -> None:
    """A site.output of netvault.toml that is the vault, holds it, would replace the
    contacts or is no folder name: the build once listed the error and then wrote the
    site into `_site`, a folder nobody asked for. Now it stops; `-o` still builds."""
    value = output if output == "5" else f'"{output}"'
    root = make_vault(
        {"netvault.toml": f"[site]\noutput = {value}\n", "people/ada.md": "---\nname: Ada\n---\n"}
    )
    before_vault, before_tmp = _vault_snapshot(root), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(NetvaultError) as raised:
        build_site(root, None, TODAY, pagefind=False)
    assert raised.value.message.startswith("netvault.toml:2: site.output")
    assert "nothing was built; correct netvault.toml or pass -o OUT" in raised.value.message
    assert _vault_snapshot(root) == before_vault and not (root / "_site").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == before_tmp
    result = build_site(root, tmp_path / "elsewhere", TODAY, pagefind=False)
    assert (tmp_path / "elsewhere" / "people" / "ada.html").is_file()
    assert [p.message for p in result.problems if p.path == "netvault.toml"] != []


def test_default_output_is_site_output_under_the_vault(make_vault: VaultMaker) -> None:
    root = make_vault(
        {"netvault.toml": '[site]\noutput = "public"\n', "people/ada.md": "---\nname: Ada\n---\n"}
    )
    result = build_site(root, None, TODAY, pagefind=False)
    assert result.out == root / "public"
    assert (root / "public" / "people" / "ada.html").is_file()
    assert (root / "public" / MARKER).is_file()
    again = build_site(root, None, TODAY, pagefind=False)  # the site is not read as vault content
    assert again.problems == result.problems == []


@pytest.mark.parametrize("forked", [False, True], ids=["serial", "forked-workers"])
@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% if %}\n", "templates/person.html:1: Expected an expression"),
        ("<p>\n{{ nothing_here }}\n", "templates/person.html:2: 'nothing_here' is undefined"),
        ("{{ 1 // 0 }}\n", "templates/person.html:1: ZeroDivisionError: integer division"),
        ('\n\n{% include "gone.html" %}\n', "templates/person.html:3: no template named"),
        ('{% extends "gone.html" %}\n', "templates/person.html:1: no template named"),
        ("{{ 'x'.nope() }}\n", "templates/person.html:1: 'str object' has no attribute 'nope'"),
        (
            '{% import "macros.html" as m %}\n{{ m.people(3, "") }}\n',
            "templates/person.html:2: TypeError: 'int' object is not iterable",
        ),  # netvault's macro, called wrongly: told where the vault's template calls it
        (
            '{% include "part.html" %}\n',
            "templates/part.html:2: 'nope' is undefined",
        ),  # a vault template included by another: its own line
        (b"\xff\xfe{{ x }}", "a template failed: person.html: UnicodeDecodeError: 'utf-8'"),
        ("{% if 1 %}" * 400, "a template failed: person.html: RecursionError"),
    ],
    ids=[
        "syntax",
        "undefined",
        "python-error",
        "missing-include",
        "missing-base",
        "attr",
        "netvault-macro",
        "vault-include",
        "not-text",
        "nested-too-deep",
    ],
)
def test_a_broken_template_of_the_vault_is_one_line_and_the_old_site_stays(
    make_vault: VaultMaker,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forked: bool,
    template: str | bytes,
    message: str,
) -> None:
    root, out, before = _ada_built(make_vault, tmp_path)
    if forked:  # render in forked workers, whose exceptions come back through a pipe
        monkeypatch.setattr("netvault.render.site.PARALLEL_FROM", 1)
        monkeypatch.setattr("netvault.render.site.available_workers", lambda: 2)
    (root / "templates").mkdir()
    page = template.encode() if isinstance(template, str) else template
    (root / "templates" / "part.html").write_text("<p>\n{{ nope }}\n", "utf-8")
    (root / "templates" / "person.html").write_bytes(page)
    code, stdout, stderr = run("build", str(root), "-o", str(out), "--today", "2026-11-16")
    assert code == 1
    assert stdout == ""
    assert stderr.startswith(f"Error: {message}")
    assert stderr.rstrip().endswith("(the site was not written)")
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "vault"]  # no staging left


# --- the command ------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_command_writes_the_site_even_with_errors(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {"people/ada.md": "---\nname: Ada\nmet: 2024-02-30\n---\n", "notes/n.md": "[[nobody]]\n"}
    )
    out = tmp_path / "site"
    code, stdout, stderr = run("build", str(root), "-o", str(out), "--today", "2026-11-16")
    assert code == 1
    assert stdout == f"Site written to {out / 'index.html'}\n"
    assert "people/ada.md:3:6: error: 'met' is not a valid date" in stderr
    assert "notes/n.md:1:1: warning: unresolved link [[nobody]]" in stderr
    assert "Rendering" not in stderr  # no progress bar when not on a terminal
    assert (out / "people" / "ada.html").is_file()


def test_command_exit_code_on_warnings_needs_strict(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault({"notes/n.md": "[[nobody]]\n"})
    out = str(tmp_path / "site")
    assert run("build", "--vault", str(root), "-o", out, "--today", "2026-11-16")[0] == 0
    assert run("build", str(root), "-o", out, "--strict", "--today", "2026-11-16")[0] == 1
    code, _, stderr = run("build", str(root), "-o", str(root))
    assert code == 1 and "refusing to build into the vault itself" in stderr
    assert "Example:" in run("build", "--help")[1]


def test_leftovers_of_a_killed_build_are_cleared(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    out = tmp_path / "site"
    ours_old, ours_fresh, foreign = (
        tmp_path / ".site.old-abc", tmp_path / ".site.new-def", tmp_path / ".site.old-ghi",
    )  # fmt: skip
    for folder in (ours_old, ours_fresh, foreign):
        folder.mkdir()
        (folder / "index.html").write_text("half", "utf-8")
    (ours_old / MARKER).write_bytes(b"")
    (ours_fresh / MARKER).write_bytes(b"")  # a build running right now: left alone
    fcntl = pytest.importorskip("fcntl")
    running = os.open(ours_fresh, os.O_RDONLY)
    fcntl.flock(running, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, as a running build holds it
    try:
        build(root, out)
    finally:
        os.close(running)
    assert not ours_old.exists()
    assert ours_fresh.exists() and foreign.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".site.new-def",
        ".site.old-ghi",
        "site",
        "vault",
    ]
    clear_leftovers(out, age=0)  # `serve`, once it has killed its own build
    assert not ours_fresh.exists() and foreign.exists()


def test_a_fresh_staging_folder_is_cleared_only_when_its_build_has_ended(
    tmp_path: Path,
) -> None:
    """A running build holds its staging folder locked (`flock`, which goes with the process
    however it ends); a fresh folder nobody holds is a killed build's, and goes at once."""
    fcntl = pytest.importorskip("fcntl")
    out = tmp_path / "site"
    held, abandoned = tmp_path / ".site.new-held", tmp_path / ".site.new-dead"
    for folder in (held, abandoned):
        folder.mkdir()
        (folder / MARKER).write_bytes(b"")
    lock = os.open(held, os.O_RDONLY)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a build in another process does
        clear_leftovers(out)
        assert held.exists() and not abandoned.exists()
    finally:
        os.close(lock)
    clear_leftovers(out)
    assert not held.exists()


def test_row_32_an_attachment_gone_during_the_build_is_skipped_with_a_warning(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"notes/n.md": "![[pic.png]]\n", "pic.png": b"\x89PNG"})
    real_reader = build_module._reader

    def deleting_reader(vault: Path):  # type: ignore[no-untyped-def]
        read = real_reader(vault)

        def read_after_delete(vault_path: str) -> bytes | None:
            (vault / vault_path).unlink()  # deleted between the index and the copy
            return read(vault_path)

        return read_after_delete

    monkeypatch.setattr(build_module, "_reader", deleting_reader)
    out = tmp_path / "site"
    result = build(root, out)
    assert [str(p) for p in result.problems] == [
        "pic.png:1: warning: cannot read this attachment; not copied"
    ]
    assert not (out / "files").exists() and (out / "notes" / "n.html").is_file()


def test_a_big_sites_replaced_copy_is_removed_by_a_detached_process(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, first = _ada_built(make_vault, tmp_path)
    removed_by = tmp_path / "removed-by"
    remove = build_module._remove_site

    def recording_remove(folder: Path) -> None:
        remove(folder)
        removed_by.write_text(str(os.getpid()), "utf-8")

    monkeypatch.setattr(build_module, "DETACH_FROM", 1)
    monkeypatch.setattr(build_module, "_remove_site", recording_remove)
    build(root, out)
    assert tree(out) == first  # the new site is whole when the build returns
    deadline = time.monotonic() + 30
    while not removed_by.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert removed_by.read_text("utf-8") != str(os.getpid())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["removed-by", "site", "vault"]


def test_a_removal_cut_short_keeps_the_marker_so_the_next_build_clears_it(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    old = tmp_path / ".site.old-xyz"
    build(root, old)
    real_rmtree = shutil.rmtree

    def killed(path: Path, ignore_errors: bool = False) -> None:
        real_rmtree(path, ignore_errors=ignore_errors)
        raise KeyboardInterrupt  # the removing process dies after its first folder

    monkeypatch.setattr(shutil, "rmtree", killed)
    with pytest.raises(KeyboardInterrupt):
        build_module._remove_site(old)
    assert (old / MARKER).is_file()
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    build(root, tmp_path / "site")
    assert not old.exists()


def test_a_symlink_named_like_a_leftover_is_never_followed(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    elsewhere = tmp_path / "elsewhere"
    build(root, elsewhere)  # a real site, marker and all, that is not a leftover
    before = tree(elsewhere)
    link = tmp_path / ".site.old-link"
    link.symlink_to(elsewhere, target_is_directory=True)
    build(root, tmp_path / "site")
    build_module._remove_site(link)
    assert link.is_symlink() and tree(elsewhere) == before


def test_a_rebuild_links_the_unchanged_files_of_the_last_site_and_writes_the_rest(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\nMet [[Bo]].\n",
            "people/bo.md": "---\nname: Bo\n---\n",
            "notes/2026-01-02.md": "---\nwith: [Ada]\n---\nTea.\n",
        }
    )
    out = tmp_path / "site"
    build(root, out)
    inodes = {rel: (out / rel).stat().st_ino for rel in tree(out)}
    (out / "people" / "bo.html").write_text("edited by hand", "utf-8")
    (root / "notes" / "2026-01-02.md").write_text("---\nwith: [Ada]\n---\nCoffee.\n", "utf-8")
    build(root, out)
    fresh = tmp_path / "fresh"
    build(root, fresh)
    assert tree(out) == tree(fresh)  # linked or written, the bytes are a new build's
    relinked = {rel for rel in tree(out) if (out / rel).stat().st_ino == inodes.get(rel)}
    assert "people/bo.html" not in relinked  # its old copy was not what the build makes
    assert "notes/2026-01-02.html" not in relinked  # changed
    assert {"people/ada.html", "assets/style.css", MARKER} <= relinked


def test_where_files_cannot_be_linked_every_file_is_written(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out, first = _ada_built(make_vault, tmp_path)
    tries: list[str] = []

    def no_links(source: object, target: object, **_: object) -> None:
        tries.append(str(target))
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    build(root, out)
    assert tree(out) == first
    assert len(tries) == 1  # given up after the first refusal


@pytest.mark.parametrize(
    "change", ["same-size edit", "mode", "second name", "symlinked folder", "symlink"]
)
def test_a_file_of_the_last_site_is_linked_only_when_a_fresh_write_would_make_it(
    make_vault: VaultMaker, tmp_path: Path, change: str
) -> None:
    root, out, first = _ada_built(make_vault, tmp_path)
    rel = "people/ada.html"
    old = out / rel
    if change == "same-size edit":
        old.write_bytes(old.read_bytes().replace(b"</html>", b"</HTML>"))
    elif change == "mode":
        old.chmod(0o600)
    elif change == "second name":
        os.link(old, tmp_path / "kept-elsewhere.html")
    elif change == "symlinked folder":  # the bytes match, but the file lives outside the site
        shutil.copytree(out / "people", tmp_path / "outside")
        shutil.rmtree(out / "people")
        (out / "people").symlink_to(tmp_path / "outside", target_is_directory=True)
        old = tmp_path / "outside" / "ada.html"
    else:
        shutil.copy(old, tmp_path / "outside.html")
        old.unlink()
        old.symlink_to(tmp_path / "outside.html")
        old = tmp_path / "outside.html"
    inode = old.stat().st_ino
    build(root, out)
    new = out / rel
    assert tree(out) == first
    assert not new.is_symlink() and not new.parent.is_symlink()
    assert new.stat().st_ino != inode
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask


def test_built_from_inside_the_vault_the_attachments_are_copied(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `cd vault && netvault build`: the vault is `.`, and every attachment was refused as
    # "cannot read this attachment".
    root = make_vault({"notes/n.md": "![[pic.png]]\n", "pic.png": b"\x89PNG", "people/.keep": ""})
    monkeypatch.chdir(root)
    code, _, stderr = run("build", "-o", str(tmp_path / "site"), "--today", "2026-11-16")
    assert (code, stderr) == (0, "")
    assert [p.read_bytes() for p in (tmp_path / "site" / "files").rglob("*.png")] == [b"\x89PNG"]


def test_a_folder_that_is_no_vault_gets_a_hint_before_the_scan(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault({"notes/n.md": "hello\n"})
    for command in (["build", str(root), "-o", str(tmp_path / "site")], ["check", str(root)]):
        code, _, stderr = run(*command)
        assert code == 0
        assert stderr.startswith(f"note: {root} has no netvault.toml and no people/ folder")
    (root / "People").mkdir()  # found in any case, as the loader finds it
    assert not run("check", str(root))[2].startswith("note:")
    (root / "People").rmdir()
    (root / "netvault.toml").write_text("", encoding="utf-8")
    assert not run("check", str(root))[2].startswith("note:")


def test_a_vault_with_no_text_to_search_builds_without_a_pagefind_failure(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    # Bare contacts, just imported: Pagefind found nothing to index and the build said
    # "Pagefind failed (... did not contain any html files)".
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    code, _, stderr = run("build", str(root), "-o", str(tmp_path / "site"))
    assert (code, stderr) == (0, "")
    assert (tmp_path / "site" / "people" / "ada.html").is_file()
    # and search.js is told there is no bundle to load (a 404 over HTTP otherwise)
    index = (tmp_path / "site" / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith('window.NETVAULT_INDEX = {"fulltext":false,"notes":[],"people":[{')
    (root / "people" / "ada.md").write_text("---\nname: Ada\n---\nWrote the first program.\n")
    assert run("build", str(root), "-o", str(tmp_path / "site"))[0] == 0
    index = (tmp_path / "site" / "search-index.js").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file() and "fulltext" not in index


def _vault_in_a_latin1_folder(tmp_path: Path, body: str) -> Path:
    """`tmp_path/caf\\xe9/vault` (its folder named in Latin-1) with one contact; skips
    where the file system refuses such a name (macOS, Windows)."""
    above = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    try:
        os.mkdir(above)
    except (OSError, UnicodeError) as exc:
        pytest.skip(f"this file system refuses a name that is not UTF-8: {exc}")
    root = Path(os.fsdecode(above)) / "vault"
    (root / "people").mkdir(parents=True)
    (root / "people" / "ada.md").write_text(f"---\nname: Ada\n---\n{body}", encoding="utf-8")
    return root


def test_a_vault_and_site_under_a_folder_not_named_in_utf8_build_with_full_text(
    tmp_path: Path,
) -> None:
    """A folder above the vault or the site named in Latin-1: the parse cache's name and
    Pagefind's arguments used to need UTF-8 (a traceback, then "Pagefind failed")."""
    root = _vault_in_a_latin1_folder(tmp_path, "Wrote the first program.\n")
    out = root.parent / "site"
    result = build_site(root, out, TODAY, pagefind=True)
    assert result.notices == [] and result.problems == []
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_full_text_survives_an_environment_that_is_not_utf8(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside a folder named in Latin-1, the shell's $PWD holds those bytes, and
    Pagefind (Rust) stopped at it: "Pagefind failed", no full-text search."""
    monkeypatch.setenv("PWD", os.fsdecode(b"/tmp/caf\xe9/vault"))
    monkeypatch.setenv("NETVAULT_TEST_LATIN", os.fsdecode(b"caf\xe9"))
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\nWrote the first program.\n"})
    result = build_site(root, tmp_path / "site", TODAY, pagefind=True)
    assert result.notices == []
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()


def test_a_path_not_in_utf8_is_printed_escaped_on_a_strict_terminal(tmp_path: Path) -> None:
    """`Site written to .../caf?/...` ended in a UnicodeEncodeError traceback on a terminal
    that takes UTF-8 strictly, after the site was written."""
    import subprocess
    import sys

    root = _vault_in_a_latin1_folder(tmp_path, "")
    done = subprocess.run(
        [sys.executable, "-c", "from netvault.cli import run; run()", "build", str(root)],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
        check=False,
    )
    said = done.stdout.decode("utf-8") + done.stderr.decode("utf-8")
    assert done.returncode == 0 and "Traceback" not in said, said
    assert f"Site written to {tmp_path}/caf\\xe9/vault/_site/index.html" in said


def test_the_terminal_escape_tells_a_bad_byte_from_a_character() -> None:
    """`caf\\xe9` is a name's byte that is not UTF-8; an é the terminal cannot show is
    `\\u00e9`, and a character past U+FFFF `\\U0001f600` (it was `\\u1f600`, which reads
    as U+1F60 and a 0)."""
    import netvault.cli  # noqa: F401  (registers the handler)

    text = "café caf" + os.fsdecode(b"\xe9") + " \U0001f600 \u1f60" + "0"
    assert text.encode("ascii", "netvault-escape") == (b"caf\\u00e9 caf\\xe9 \\U0001f600 \\u1f600")
