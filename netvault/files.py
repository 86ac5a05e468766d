"""The only way netvault writes into a vault: exclusive create, checked atomic replace.

SPEC 3 and BAD-INPUTS rows 36-37: nothing that exists is overwritten or truncated. A new
file is written whole under a temporary name and linked to its own name, which fails if the
name is taken (or, without hard links, created with O_EXCL); it is refused when a case or
Unicode variant of its name is already there, because on macOS and Windows that *is* the
same file. A replacement goes through a temp file in the same folder, fsync,
`os.replace`, fsync of the folder, and only when the file still holds the bytes the caller
read. Every failure is one `NetvaultError`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import tempfile
import time
import unicodedata
from pathlib import Path

from netvault.problems import NetvaultError


def name_key(name: str) -> str:
    """How file names are compared: NFC, then casefold (SPEC 1: ids collide that way)."""
    return unicodedata.normalize("NFC", name).casefold()


def is_utf8(text: str) -> bool:
    """False for a name the file system gave as bytes that are not UTF-8 (Python holds
    them as lone surrogates): such text cannot go to a page, a cache or a UTF-8 program."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def resolved(path: Path) -> Path | None:
    """`path` with every symlink followed; None when they go round in a loop (Python 3.11
    raises RuntimeError for that, later versions OSError with ELOOP). Other faults raise."""
    try:
        return path.resolve()
    except RuntimeError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise


def guard_inside(root: Path, rel: str) -> Path:
    """`root / rel`, refusing anything that would land outside `root` (`..`, absolute
    paths, symlinks pointing out). The returned path is not resolved, so it names the file
    the user sees."""
    if not rel or rel.startswith(("/", "\\")) or "\x00" in rel or (len(rel) > 1 and rel[1] == ":"):
        raise NetvaultError(f"refusing to write outside the vault: {rel!r}")
    base = root.resolve()
    target = root / rel
    real = resolved(target)
    if real is None:
        raise NetvaultError(f"refusing to write through a symlink loop: {rel!r}")
    if real == base or not real.is_relative_to(base):
        raise NetvaultError(f"refusing to write outside the vault: {rel!r}")
    return target


def _fsync_folder(folder: Path) -> None:
    # Makes the new directory entry itself durable; some platforms cannot open folders.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _os_failure(action: str, where: str, exc: OSError) -> NetvaultError:
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return NetvaultError(f"cannot {action} {where}: permission denied (read-only folder?)")
    if exc.errno == errno.ENOSPC:
        return NetvaultError(f"cannot {action} {where}: the disk is full")
    return NetvaultError(f"cannot {action} {where}: {exc.strerror or exc}")


def existing_variant(folder: Path, name: str) -> str | None:
    """The name of an entry in `folder` equal to `name` after NFC + casefold, if any. A
    `folder` that is not there, or is a file, holds nothing (creating in it then fails)."""
    wanted = name_key(name)
    try:
        entries = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return None
    for entry in sorted(entries):
        if name_key(entry) == wanted:
            return entry
    return None


def create_exclusive(root: Path, rel: str, data: bytes, *, tidy: bool = True) -> Path:
    """Create `root/rel` holding `data`; refuse if it, or a case/NFC variant of its name,
    exists. Missing parent folders are created. On failure nothing is left behind.

    The file is written whole under a temporary name beside it (a dot-file the loader never
    reads), then linked to its own name, which fails if that name was taken meanwhile: a
    process killed between creating and writing the file itself left it empty, and an
    empty file is a valid contact named after its file. Where the file system has no hard
    links (FAT), the file is created exclusively and written in place. With `tidy` (a
    folder of the vault), old temporary files of killed runs are cleared from the folder:
    only names netvault makes, `.{name}.netvault-{8 hex}.tmp`."""
    target = guard_inside(root, rel)
    folder = target.parent
    where = _display(root, target)
    _make_folder(root, folder, where)
    clash = existing_variant(folder, target.name)
    if clash is not None:
        raise NetvaultError(f"{_display(root, folder / clash)} already exists; not overwritten")
    if tidy:
        _clear_stale_temps(folder)
    temp = folder / f".{target.name}.netvault-{secrets.token_hex(4)}.tmp"
    try:
        _write_new(temp, data)
    except OSError as exc:
        raise _os_failure("create", where, exc) from exc
    try:
        os.link(temp, target, follow_symlinks=False)
    except FileExistsError as exc:
        if not _same_file(temp, target):  # NFS may answer a link it made, retried, so
            raise NetvaultError(f"{where} already exists; not overwritten") from exc
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise _os_failure("create", where, exc) from exc
        _create_in_place(target, where, data)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _fsync_folder(folder)
    return target


# What `link` says on a file system without hard links (FAT, some network shares).
_NO_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.EOPNOTSUPP}
_TEMP = re.compile(r"\..+\.netvault-[0-9a-f]{8}\.tmp")  # `.ada.md.netvault-1f2e3d4c.tmp`
STALE_TEMP = 600  # seconds: older, a temporary file's writer was killed
_cleared: set[Path] = set()


def _clear_stale_temps(folder: Path) -> None:
    """Remove, once a run, the temporary files of writers killed in `folder` (a `kill -9`
    between writing one and linking it). Only old ones: a young one may be another run's,
    being written now."""
    if folder in _cleared:
        return
    _cleared.add(folder)
    cutoff = time.time() - STALE_TEMP
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if _TEMP.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _make_folder(root: Path, folder: Path, where: str) -> None:
    for above in (folder, *folder.parents):
        if above == root or root.is_relative_to(above):
            break
        if above.exists() and not above.is_dir():
            raise NetvaultError(
                f"cannot create {where}: {_display(root, above)} is a file, not a folder"
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_failure("create folder for", where, exc) from exc


def _write_new(path: Path, data: bytes) -> None:
    """Create `path` exclusively and write `data` into it, durably; on any failure (or an
    interruption) the half-written file is removed."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def _create_in_place(target: Path, where: str, data: bytes) -> None:
    try:
        _write_new(target, data)
    except FileExistsError as exc:
        raise NetvaultError(f"{where} already exists; not overwritten") from exc
    except OSError as exc:
        raise _os_failure("create", where, exc) from exc


def replace_atomic(path: Path, data: bytes, expected: bytes) -> None:
    """Replace `path` with `data`, but only if it still holds `expected` (what the caller
    read). Readers see the old bytes or the new ones, never a mix; no temp file survives."""
    where = str(path)
    try:
        current = path.read_bytes()
    except OSError as exc:
        raise _os_failure("read", where, exc) from exc
    if current != expected:
        raise NetvaultError(f"{where} changed on disk since it was read; not replaced")
    folder = path.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _os_failure("write in", str(folder), exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates 0600; the replacement keeps the permissions the user chose.
        os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise _os_failure("replace", where, exc) from exc
        raise
    _fsync_folder(folder)
