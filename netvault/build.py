"""The build, start to end: load -> index -> engine -> render -> write.  [writes]

Everything is read and rendered in memory first; only then is the output folder touched.
The site is written into a temporary sibling folder, indexed by Pagefind when it is
installed (from cut-down copies of the pages, in shards: see search_docs.py), and swapped in
with two renames, so a failed or interrupted build never leaves a half-written site and
files of earlier builds that no longer belong are gone (a big site's replaced copy is
removed by a detached process, once the new one is in place). The vault itself is never
written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from netvault import background
from netvault.commands.common import load
from netvault.engine import work_out
from netvault.engine.reconnect import last_contacts_ahead
from netvault.files import resolved
from netvault.fulltext import (
    PAGEFIND_ENTRY,
    SEARCH_SOURCE,
    SearchSource,
    full_text,
    pagefind_available,
    run_pagefind,
)
from netvault.interchange.vcard import unread_contacts
from netvault.problems import NetvaultError, Problem, exit_code, sorted_problems
from netvault.render.faults import TemplateFault, template_fault
from netvault.render.site import (
    SEARCH_INDEX,
    page_count,
    site_files,
    template_dirs_for,
    without_full_text,
)
from netvault.render.slugs import safe_output_path
from netvault.search_docs import SHARD, shard_count
from netvault.settings import Settings

try:
    import fcntl

    _FLOCK = True
except ImportError:  # Windows: a staging folder is known abandoned by its age alone
    _FLOCK = False

# Written into every site: proves a folder is netvault's to replace on the next build.
MARKER = ".netvault-site"
MARKER_TEXT = b"This folder is built by netvault and replaced on every build. Do not edit it.\n"
LEFTOVER_AGE = 3600  # seconds after which a staging folder is taken for a killed build's
# A site of this many files is removed, once replaced, by a detached process.
DETACH_FROM = 2000


@dataclass(frozen=True)
class BuildResult:
    problems: list[Problem]
    files_written: int
    out: Path
    notices: list[str] = field(default_factory=list)  # one-line remarks (Pagefind skipped)
    pages: int = 0

    def exit_code(self, strict: bool = False) -> int:
        return exit_code(self.problems, strict=strict)


def output_folder(root: Path, out: Path | None, settings: Settings) -> Path:
    """`-o OUT` as given, else the settings' `site.output` under the vault. A `site.output`
    the settings refused stops the build: the default folder is not what the user named."""
    if out is not None:
        return out
    if settings.output_refused:
        raise NetvaultError(
            f"{settings.output_refused}\nnothing was built; correct netvault.toml or pass -o OUT"
        )
    return root / settings.output


def check_output(root: Path, out: Path) -> None:
    """Refuse (BAD-INPUTS row 31) an output folder that is the vault, contains it, is not a
    folder, holds files netvault did not write, or cannot be written. Writes nothing."""
    vault = root.resolve()
    target = out.resolve()
    if target == vault:
        raise NetvaultError(f"refusing to build into the vault itself: {out}")
    if vault.is_relative_to(target):
        raise NetvaultError(f"refusing to build into {out}: it contains the vault")
    if out.exists() or out.is_symlink():
        if not out.is_dir() or out.is_symlink():
            raise NetvaultError(f"refusing to build into {out}: it is not a folder")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise NetvaultError(
                f"refusing to replace {out}: it is not empty and was not built by netvault"
            )
    parent = target.parent
    if not parent.is_dir():
        what = "is a file, not a folder" if parent.exists() else "does not exist"
        raise NetvaultError(f"cannot build into {out}: {parent} {what}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise NetvaultError(f"cannot build into {out}: {parent} is not writable")
    if out.exists() and not os.access(target, os.W_OK | os.X_OK):
        raise NetvaultError(f"cannot build into {out}: it is not writable")


def _reader(root: Path) -> Callable[[str], bytes | None]:
    """Reads an attachment the index found, refusing anything that resolves outside the
    vault (a symlinked file or folder, BAD-INPUTS rows 27-28)."""
    vault = root.resolve()

    def read(vault_path: str) -> bytes | None:
        try:
            path = safe_output_path(root, vault_path)
            real = resolved(path)
            if real is None or not real.is_relative_to(vault) or not real.is_file():
                return None
            return real.read_bytes()
        except (OSError, ValueError):
            return None

    return read


class _LastSite:
    """The previous site at the output folder, whose unchanged files a rebuild hard-links
    instead of writing: on the daily rebuild most pages have not changed, and a link costs
    a fraction of a new file. Only a file that is exactly what a fresh write would make is
    linked: the same bytes (compared in full), a plain file of this user's, with the mode a
    new file gets and no other name, reached through real folders of the previous site
    (never a symlink, which could lead outside it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = os.path.realpath(folder)
        self.mode = 0o666 & ~_umask()
        self.owner = os.geteuid() if hasattr(os, "geteuid") else None
        self.usable = True
        self.folders: dict[str, bool] = {}  # folder of the site -> it is a real folder

    def link(self, rel: str, data: bytes, path: Path) -> bool:
        """Link the previous site's `rel` to `path` when it holds just `data`; False when
        it did not (then the caller writes `path`)."""
        if not self.usable or not self._real_folder(rel.rpartition("/")[0]):
            return False
        old = safe_output_path(self.folder, rel)
        try:
            found = os.lstat(old)
            if not self._plain(found, len(data)) or old.read_bytes() != data:
                return False
        except OSError:
            return False
        try:
            os.link(old, path, follow_symlinks=False)
        except OSError:
            self.usable = False  # no links here (another device, a FAT stick): write them all
            return False
        try:
            made = os.lstat(path)
        except OSError:
            made = None
        if made is None or (made.st_dev, made.st_ino) != (found.st_dev, found.st_ino):
            path.unlink(missing_ok=True)  # replaced since it was compared: write it afresh
            return False
        return True

    def _plain(self, found: os.stat_result, size: int) -> bool:
        return (
            stat.S_ISREG(found.st_mode)
            and found.st_size == size
            and found.st_nlink == 1
            and stat.S_IMODE(found.st_mode) == self.mode
            and (self.owner is None or found.st_uid == self.owner)
        )

    def _real_folder(self, folder: str) -> bool:
        known = self.folders.get(folder)
        if known is None:
            expected = os.path.join(self.real, folder) if folder else self.real
            known = os.path.realpath(self.folder / folder) == expected
            self.folders[folder] = known
        return known


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Writer:
    """Writes files under one folder, making each folder once; every path is proven to
    stay inside it first (a bad path is a bug: ValueError, the staging folder goes). A
    file unchanged since the `previous` site is linked from it (`_LastSite`)."""

    def __init__(self, folder: Path, previous: Path | None = None) -> None:
        self.folder = folder
        self.last = _LastSite(previous) if previous is not None else None
        self.made: set[Path] = {folder}

    def write(self, rel: str, data: bytes) -> None:
        path = safe_output_path(self.folder, rel)
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        if self.last is None or not self.last.link(rel, data, path):
            path.write_bytes(data)


def _write_tree(
    folder: Path,
    files: Iterable[tuple[str, bytes]],
    search: SearchSource | None = None,
    previous: Path | None = None,
) -> list[str]:
    """Write each file as it comes (and hand each page to `search`); a file unchanged
    since the `previous` site is linked from it."""
    writer = _Writer(folder, previous)
    written: list[str] = []
    seen: set[str] = set()
    for rel, data in files:
        if rel in seen:
            raise ValueError(f"two files of the site have the same path: {rel!r}")
        seen.add(rel)
        writer.write(rel, data)
        written.append(rel)
        if search is not None and rel.endswith(".html"):
            search.add(rel, data)
    return written


def _no_full_text(staging: Path) -> None:
    """Tell search.js the site has no Pagefind bundle, so it never asks the server for a
    `pagefind.js` that is not there (the browser would log the 404 as an error)."""
    index = staging / SEARCH_INDEX
    data = without_full_text(index.read_bytes())
    index.unlink()  # it may be a hard link to the previous site's copy: never write into it
    index.write_bytes(data)


def _swap(new: Path, out: Path, detach: bool = False) -> None:
    """Put `new` where `out` is: rename the old site away, rename the new one in, remove
    the old one (with `detach`, in a detached process: for a big site that is seconds of
    disk work the user need not wait for). If the second rename fails, the old site goes
    back."""
    if not out.exists():
        os.rename(new, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    old.rmdir()
    os.rename(out, old)
    try:
        os.rename(new, out)
    except OSError:
        os.rename(old, out)
        raise
    background.run(lambda: _remove_site(old), detach)


def _remove_site(folder: Path) -> None:
    """Remove a site folder, its marker last: a removal cut short leaves a folder the next
    build still knows for its own and clears (`clear_leftovers`). A symlink is never
    followed: it is not a folder netvault made."""
    if folder.is_symlink():
        return
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if entry.name != MARKER)
    for name in names:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _hold(staging: Path) -> int | None:
    """Lock the staging folder (`flock`) for as long as this build runs: the lock goes with
    the process however it ends, `kill -9` included, so the next build can tell a dead
    build's folder from a live one's. Returns the descriptor to close at the end (None
    where the folder cannot be locked, or is locked already: then only its age tells)."""
    if not _FLOCK:
        return None
    try:
        held = os.open(staging, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(held)
        return None
    return held


def _abandoned(staging: Path) -> bool:
    """Whether no running build holds the staging folder: it could be locked."""
    probe = _hold(staging)
    if probe is None:
        return False
    os.close(probe)  # and with it the lock
    return True


def clear_leftovers(out: Path, age: float = LEFTOVER_AGE) -> None:
    """Remove the staging and old-site folders of builds that were killed midway: only
    folders named like ours that carry the marker, and (for staging folders) that no
    running build holds (`_hold`) or that have not been touched for `age` seconds, so a
    build running in parallel keeps its own. (`serve` passes 0 once it has killed its own
    build: nothing else builds there then.)"""
    parent = out.resolve().parent
    now = time.time()
    for pattern in (f".{out.name}.new-*", f".{out.name}.old-*"):
        for folder in sorted(parent.glob(pattern)):
            try:
                if folder.is_symlink() or not (folder / MARKER).is_file():
                    continue
                young = now - folder.stat().st_mtime < age
                if ".new-" in folder.name and young and not _abandoned(folder):
                    continue
            except OSError:
                continue
            with contextlib.suppress(OSError):
                _remove_site(folder)


def build_site(
    root: Path,
    out: Path | None,
    today: dt.date,
    strict: bool = False,
    *,
    progress: Callable[[int], None] | None = None,
    start: Callable[[int], None] | None = None,
    pagefind: bool = True,
    search_shard: int = SHARD,
) -> BuildResult:
    """Build the site of the vault at `root` into `out` (default: settings' `site.output`).

    `start(total)` is called once with the number of pages, `progress(n)` as they render.
    `strict` only changes `BuildResult.exit_code`'s default reading by the caller; the site
    is written even when the vault has errors. `search_shard`: pages per Pagefind run.
    """
    del strict  # the site is the same either way; the command applies --strict to the exit
    try:
        return _build(root, out, today, progress, start, pagefind, search_shard)
    except TemplateError as exc:
        # a broken template of the vault's own: one line, no traceback, the old site stays
        raise NetvaultError(template_failure(exc, root)) from None


def template_failure(exc: TemplateError, root: Path) -> str:
    """A template's fault, in compiler style where it has a line: `templates/note.html:3: ...`."""
    if not isinstance(exc, TemplateSyntaxError | TemplateFault):
        exc = template_fault(exc)
    reason = exc.message or type(exc).__name__
    name = exc.filename or getattr(exc, "name", None)
    if name is None or exc.lineno is None:
        return f"a template failed: {reason} (the site was not written)"
    with contextlib.suppress(ValueError, OSError):
        name = Path(name).resolve().relative_to(root.resolve()).as_posix()
    return f"{name}:{exc.lineno}: {reason} (the site was not written)"


def _build(
    root: Path,
    out: Path | None,
    today: dt.date,
    progress: Callable[[int], None] | None,
    start: Callable[[int], None] | None,
    pagefind: bool,
    search_shard: int,
) -> BuildResult:
    loaded = load(root)
    target = output_folder(root, out, loaded.settings)
    check_output(root, target)
    report = work_out(loaded.index, today)
    if start is not None:
        start(page_count(loaded.index))
    render_problems: list[Problem] = []
    files = site_files(
        loaded.index,
        report,
        loaded.settings,
        today,
        template_dirs_for(root),
        problems=render_problems,
        read_file=_reader(root),
        progress=progress,
        unread=unread_contacts(loaded.vault.contacts),
    )
    notices: list[str] = []
    clear_leftovers(target)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.resolve().parent))
    except OSError as exc:
        raise NetvaultError(f"cannot build into {target}: {exc.strerror or exc}") from exc
    held = _hold(staging)  # before the marker: a folder with a marker is held or abandoned
    try:
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would make the site private to this user
        # The marker goes first: a staging folder left by a killed build is then provably
        # ours, and the next build clears it away (`clear_leftovers`).
        search = None
        if pagefind and pagefind_available():
            shards = shard_count(len(loaded.index.notes) + len(loaded.index.contacts), search_shard)
            search = SearchSource(staging / SEARCH_SOURCE, shards)
        previous = target if (target / MARKER).is_file() else None
        written = _write_tree(staging, chain([(MARKER, MARKER_TEXT)], files), search, previous)
        if pagefind:
            notice = full_text(staging, search, previous) if search else run_pagefind(staging)
            if notice:
                notices.append(notice)
        if not (staging / PAGEFIND_ENTRY).is_file():
            _no_full_text(staging)
        _swap(staging, target, detach=len(written) >= DETACH_FROM)
    except TemplateError:  # before OSError: Jinja's TemplateNotFound is an IOError too
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    except OSError as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise NetvaultError(f"cannot write the site to {target}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    finally:
        if held is not None:
            os.close(held)
    return BuildResult(
        problems=sorted_problems(
            [*loaded.problems, *last_contacts_ahead(loaded.index, today), *render_problems]
        ),
        files_written=len(written),
        out=target,
        notices=notices,
        pages=sum(1 for rel in written if rel.endswith(".html")),
    )
