"""Walk a vault folder and read every file into a Vault + Problems (SPEC 1). [reads]

Discovery rules live here: what is skipped (output, dot-folders, templates/, ignore globs,
editor and sync debris), what is warned about (sync-conflict copies, symlinks that leave the
vault), and which files the cache answers for. Parsing a file (reading.py) is imported only
when a file has to be parsed: an unchanged vault answered from the cache never loads the
YAML and Markdown parsers.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netvault.assemble import assemble
from netvault.cache import Parsed, RecordCache, Stamp, stamp
from netvault.engine_cache import (
    EngineState,
    Inputs,
    bring_up_to_date,
    changed_files,
    engine_state,
)
from netvault.files import is_utf8, resolved
from netvault.index import Index, build_index
from netvault.model import Vault
from netvault.problems import UNREADABLE, Problem, error, sorted_problems, warning
from netvault.settings import SETTINGS_FILE, Settings, load_settings_bytes

_DEBRIS = ("*~", ".#*", "#*#", "*.swp", "*.swo", "*.tmp", ".DS_Store", "Thumbs.db")
# each holds "conflict": names without it skip the (slow, `.*`-led) pattern match
_CONFLICT_COPIES = ("*.sync-conflict-*", "* conflicted copy *", "*(conflicted copy*")


@dataclass(frozen=True)
class Found:
    """A file to read: its path relative to the vault (POSIX) and where it is on disk."""

    rel: str
    disk: str  # a plain string: a Path per file costs a second on a big vault


@functools.lru_cache(maxsize=64)
def _glob(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """All globs as one compiled pattern (a folder pattern `x/` also matches `x`)."""
    if not patterns:
        return None
    return re.compile("|".join(fnmatch.translate(p.rstrip("/") or p) for p in patterns))


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """An ignore glob matches the path, its file name, or any folder above it."""
    glob = _glob(patterns)
    if glob is None:
        return False
    if glob.match(rel):
        return True
    if "/" not in rel:
        return False  # a bare name is its own file name, and has no folder above it
    parts = rel.split("/")
    candidates = [parts[-1], *("/".join(parts[: i + 1]) for i in range(len(parts) - 1))]
    return any(glob.match(candidate) for candidate in candidates)


def discover(root: Path, settings: Settings, problems: list[Problem]) -> Iterator[Found]:
    """Every file of the vault in sorted order, with the skip rules of SPEC 1 applied."""
    real_root = root.resolve()
    output = settings.output.strip("/")
    seen_dirs: set[Path] = {real_root}
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            problems.append(
                error(prefix.rstrip("/") or ".", 1, f"cannot read folder: {exc.strerror}")
            )
            continue
        files: list[Found] = []
        for entry in entries:
            rel = prefix + entry.name
            if (
                entry.name.startswith(".")
                or _matches(entry.name, _DEBRIS)
                or _matches(rel, settings.ignore)
            ):
                continue
            if not prefix and entry.name in (output, "templates"):
                continue
            if rel == output:
                continue
            if not is_utf8(entry.name):  # after the skip rules: a skipped name is no problem
                _bad_name(rel, entry, problems)
                continue
            lowered = entry.name.lower()  # sync tools spell these in either case
            if "conflict" in lowered and _matches(lowered, _CONFLICT_COPIES):
                if lowered.endswith(".md"):
                    message = "sync conflict copy: excluded; merge it into the original, delete it"
                    problems.append(warning(rel, 1, message))
                elif _is_folder(entry):  # the notes in it would vanish without a word
                    message = (
                        "sync conflict copy of a folder: excluded with all it holds;"
                        " merge it into the original, delete it"
                    )
                    problems.append(warning(rel, 1, message))
                continue
            if entry.is_symlink():
                target = resolved(Path(entry.path))
                if target is None:
                    problems.append(warning(rel, 1, "symlink loop: skipped"))
                    continue
                if not target.is_relative_to(real_root):
                    problems.append(warning(rel, 1, "symlink leads outside the vault: skipped"))
                    continue
                if not target.exists():
                    problems.append(warning(rel, 1, "broken symlink: skipped"))
                    continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                real = Path(entry.path).resolve()
                if real in seen_dirs:
                    continue  # a symlink loop or a second route to the same folder
                seen_dirs.add(real)
                stack.append((Path(entry.path), rel + "/"))
            else:
                files.append(Found(rel, entry.path))
        # the stack pops folders last-in first-out, so files are yielded in sorted order
        yield from reversed(files)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _bad_name(rel: str, entry: os.DirEntry[str], problems: list[Problem]) -> None:
    """Skip a file or folder whose name is not UTF-8, naming it with its bad bytes escaped
    (`caf\\xe9.md`). A note or a folder that may hold notes is an error: what is in it is
    not read."""
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if _is_folder(entry):
        problems.append(
            error(shown, 1, "folder name is not UTF-8: skipped with all it holds; rename it")
        )
    elif shown.lower().endswith(".md"):
        problems.append(error(shown, 1, "file name is not UTF-8: skipped; rename it"))
    else:
        problems.append(warning(shown, 1, "file name is not UTF-8: skipped; rename it"))


def _unreadable(result: Parsed) -> bool:
    """A file that could not be opened: read again next time (see `UNREADABLE`)."""
    record, problems = result
    return record is None and any(p.message.startswith(UNREADABLE) for p in problems)


def _read_with_cache(
    cache: RecordCache, markdown: list[Found], stamps: list[Stamp | None], settings: Settings
) -> list[Parsed]:
    """Parse only files whose size or mtime changed since the last run (see cache.py)."""
    parsed: list[Parsed | None] = [
        cache.get(f.rel, s) for f, s in zip(markdown, stamps, strict=True)
    ]
    todo = [number for number, hit in enumerate(parsed) if hit is None]
    if todo:  # the parsers load only when a file needs them
        from netvault.reading import read_all

        fresh = read_all([markdown[number] for number in todo], settings)
        for number, result in zip(todo, fresh, strict=True):
            parsed[number] = result
            cache.put(markdown[number].rel, stamps[number], result, keep=not _unreadable(result))
    return [result for result in parsed if result is not None]


@dataclass(frozen=True)
class Survey:
    """What is in the vault before anything is parsed: enough to tell whether it changed."""

    settings: Settings
    problems: list[Problem]
    markdown: list[Found]
    stamps: list[Stamp | None]
    files: list[str]
    cache: RecordCache

    @property
    def fingerprint(self) -> str:
        """Changes whenever any file is added, removed or touched (or the settings change)."""
        digest = hashlib.sha256(self.cache.key.encode())
        for found, current in zip(self.markdown, self.stamps, strict=True):
            digest.update(f"{found.rel}\0{current}\n".encode())
        for rel in self.files:
            digest.update(f"{rel}\n".encode())
        for problem in self.problems:  # what the walk saw but skipped: conflict copies, symlinks
            digest.update(f"{problem!r}\n".encode())
        return digest.hexdigest()


def survey(root: Path) -> Survey:
    settings, problems, settings_bytes = load_settings_bytes(root)
    # opened (and its clock read) before any file is stat-ed: see `RecordCache.trusts`
    cache = RecordCache.open(root, settings_bytes)
    markdown: list[Found] = []
    files: list[str] = []
    for found in discover(root, settings, problems):
        if found.rel.lower().endswith(".md"):
            markdown.append(found)
        elif found.rel != SETTINGS_FILE:
            files.append(found.rel)
    stamps = [stamp(found.disk) for found in markdown]
    return Survey(settings, problems, markdown, stamps, files, cache)


def _assemble(seen: Survey) -> tuple[Vault, list[Problem], dict[str, Parsed]]:
    """The vault, the problems so far, and each file's parse (by path)."""
    parsed = dict(
        zip(
            (found.rel for found in seen.markdown),
            _read_with_cache(seen.cache, seen.markdown, seen.stamps, seen.settings),
            strict=True,
        )
    )
    vault, problems = assemble(parsed.values(), seen.problems, seen.files)
    return vault, problems, parsed


def load_vault(root: Path) -> tuple[Vault, Settings, list[Problem]]:
    """Read settings, then every file. Problems are collected; nothing is raised for content."""
    seen = survey(root)
    vault, problems, _ = _assemble(seen)
    seen.cache.save()
    return vault, seen.settings, problems


Loaded = tuple[Vault, Settings, Index, list[Problem]]


def load_indexed(root: Path, *, engine_only: bool = False) -> Loaded:
    """Read and index a vault. When no file changed since the last run, the last run's
    index is taken from the cache as it is: reading and indexing are pure, so it is the
    index this run would build. `engine_only`: the caller reads only what the engine reads,
    so the engine's view (`engine_view`: no note bodies) will do, and after a few edits it
    is brought up to date without reading the whole parse cache (engine_cache.py)."""
    seen = survey(root)
    fingerprint = seen.fingerprint
    if engine_only:
        kept = seen.cache.engine_snapshot_for(fingerprint)
        if kept is not None:
            vault, index, problems = kept
            return vault, seen.settings, index, problems
        updated = _updated_engine_view(seen, fingerprint)
        if updated is not None:
            return updated
    kept = seen.cache.snapshot_for(fingerprint)
    if kept is not None:
        vault, index, problems = kept
        return vault, seen.settings, index, problems
    vault, problems, parsed = _assemble(seen)
    index, more = build_index(vault, seen.settings)
    problems = sorted_problems([*problems, *more])
    stamps = _stamps(seen)

    def for_the_engine() -> tuple[tuple[Vault, Index, list[Problem]], EngineState]:
        state, view = engine_state(seen.cache.key, stamps, parsed, index)
        return (view.vault, view, problems), state

    seen.cache.keep_snapshot(fingerprint, (vault, index, problems), for_the_engine)
    seen.cache.save()
    return vault, seen.settings, index, problems


def _stamps(seen: Survey) -> dict[str, Stamp | None]:
    return {found.rel: now for found, now in zip(seen.markdown, seen.stamps, strict=True)}


def _updated_engine_view(seen: Survey, fingerprint: str) -> Loaded | None:
    """The last run's engine view with the files changed since taken in, when that can be
    done without a full load (see engine_cache.py); the engine file is updated."""
    state = seen.cache.engine_state()
    if not isinstance(state, EngineState):
        return None
    from netvault.reading import read_file  # the parsers load only when a file needs them

    stamps = _stamps(seen)
    by_rel = {found.rel: found for found in seen.markdown}
    unreadable: list[str] = []

    def read(rel: str) -> Parsed:
        result = read_file(by_rel[rel], seen.settings)
        if _unreadable(result):
            unreadable.append(rel)
        return result

    done = bring_up_to_date(
        state, Inputs(seen.cache.key, stamps, seen.files, seen.settings, seen.problems), read
    )
    if done is None:
        return None
    (vault, index, problems), new_state = done
    trusted = all(seen.cache.trusts(stamps[rel]) for rel in changed_files(state, stamps))
    if trusted and not unreadable:
        seen.cache.keep_engine(fingerprint, (vault, index, problems), new_state, len(stamps))
    return vault, seen.settings, index, problems
