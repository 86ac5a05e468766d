"""A cache of parsed files outside the vault, so `due` and `brief` need not re-read 20,000
notes every morning. [reads, writes — only under the cache folder]

Each Markdown file's parse (record + problems) is kept with the file's size and mtime; a file
whose size or mtime differs is parsed again. The whole cache is dropped when netvault's
version or `netvault.toml` changes, since either can change how a file reads. It lives in
`$NETVAULT_CACHE_DIR`, else `$XDG_CACHE_HOME/netvault`, else `~/.cache/netvault`, one file
per vault; never in the vault (SPEC: no generated state in the vault). `NETVAULT_CACHE=off`
turns it off. Output never depends on it: a cached parse is the parse.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netvault import __version__, background
from netvault.memory import paused_gc
from netvault.model import Contact, Note
from netvault.problems import Problem

Parsed = tuple[Contact | Note | None, list[Problem]]
Stamp = tuple[int, int]  # (size, mtime_ns)

# A file written within this many seconds of being read may be written again within the same
# mtime tick; such parses are not kept (the "racy git" problem).
RACY_SECONDS = 2
# A cache of this many files is written by a detached process (see `save`).
DETACH_FROM = 2000
_FORMAT = 15  # bump when what is cached changes shape, or what a parse finds in a file


def cache_folder() -> Path | None:
    if os.environ.get("NETVAULT_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    if os.environ.get("NETVAULT_CACHE_DIR"):
        return Path(os.environ["NETVAULT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no $HOME and no account entry (a bare container): no cache
            return None
    return Path(base) / "netvault"


def stamp(path: str | Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


@dataclass
class RecordCache:
    """The cache of one vault: `path` holds every file's parse and the last run's indexed
    vault; its `.engine` sibling the engine's view of that index, its `.state` sibling what
    it takes to update that view (engine_cache.py). Files are read when first needed."""

    path: Path | None
    key: str
    fresh: dict[str, tuple[Stamp, Parsed]] = field(default_factory=dict)
    changed: bool = False
    _racy: bool = False
    _stored: dict[str, Any] | None = None  # what `path` held, once read
    _engine: Callable[[], Any] | None = None  # makes the engine's view of the snapshot
    opened_ns: int = field(default_factory=time.time_ns)  # before any file was stat-ed

    @classmethod
    def open(cls, root: Path, settings_text: bytes) -> RecordCache:
        folder = cache_folder()
        key = hashlib.sha256(
            b"\0".join([__version__.encode(), str(_FORMAT).encode(), settings_text])
        ).hexdigest()
        if folder is None:
            return cls(None, key, _stored={})
        name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:24] + ".pickle"
        return cls(folder / name, key)

    def _beside(self, suffix: str) -> Path | None:
        return None if self.path is None else self.path.with_suffix(suffix)

    def _read(self) -> dict[str, Any]:
        if self._stored is None:
            self._stored = {}
            try:
                # millions of small objects and no cycles: unpickling with the collector
                # paused is twice as fast
                with open(self.path, "rb") as stream, paused_gc():  # type: ignore[arg-type]
                    stored = pickle.load(stream)
                if isinstance(stored, dict) and stored.get("key") == self.key:
                    self._stored = stored
            except Exception:  # missing, old (another version's), damaged: start again
                pass
        return self._stored

    @property
    def entries(self) -> dict[str, tuple[Stamp, Parsed]]:
        entries: dict[str, tuple[Stamp, Parsed]] = self._read().get("entries", {})
        return entries

    def get(self, rel: str, current: Stamp | None) -> Parsed | None:
        held = self.entries.get(rel)
        if held is None or current is None or held[0] != current:
            return None
        self.fresh[rel] = held
        return held[1]

    def put(self, rel: str, current: Stamp | None, parsed: Parsed, keep: bool = True) -> None:
        """Keep a file's parse. `keep=False` (a file that could not be opened) keeps
        nothing, and no snapshot either, as for a file too fresh to trust."""
        self.changed = True
        if current is None or not keep or not self.trusts(current):
            self._racy = True
            return
        self.fresh[rel] = (current, parsed)

    def trusts(self, current: Stamp | None) -> bool:
        """Whether a file seen with this stamp can be taken as unchanged while the stamp
        stays: its mtime is older, by RACY_SECONDS, than the moment this cache was opened,
        before the file was stat-ed or read (a file read within its mtime tick may be
        written again in the same tick, the "racy git" problem)."""
        return current is not None and current[1] <= self.opened_ns - RACY_SECONDS * 10**9

    def snapshot_for(self, fingerprint: str) -> Any:
        """The last run's result when nothing changed since (None otherwise)."""
        snapshot = self._read().get("snapshot")
        if snapshot is not None and snapshot[0] == fingerprint:
            return snapshot[1]
        return None

    def engine_snapshot_for(self, fingerprint: str) -> Any:
        """The engine's view of the last run's result when nothing changed since (None
        otherwise), read from its own small file: the parses are not read at all."""
        found = _read_pickles(self._beside(".engine"), 2, first=fingerprint)
        return found[1] if found else None

    def engine_state(self) -> Any:
        """What the engine's view is brought up to date from (engine_cache.py), kept by the
        last run whatever the vault was then; None when there is none."""
        found = _read_pickles(self._beside(".state"), 1)
        return found[0] if found else None

    def keep_snapshot(
        self, fingerprint: str, payload: Any, engine: Callable[[], tuple[Any, Any]] | None = None
    ) -> None:
        """Kept only when every file's parse is kept too (none was too fresh to trust).
        `engine()` makes the engine's view of `payload` and the state to update it from:
        called when the cache is written (by the detached writer for a big vault), so the
        command does not wait for it."""
        self.changed = True
        if self._racy:
            self._read()["snapshot"], self._engine = None, None
        else:
            self._read()["snapshot"], self._engine = (fingerprint, payload), engine

    def keep_engine(self, fingerprint: str, view: Any, state: Any, files: int) -> None:
        """Write only the engine's files (after an update that did not read the parses);
        for a vault of `files` files, by a detached writer when it is big."""
        if self.path is None or self._racy:
            return
        self._in_background(files, lambda: self._write_engine(fingerprint, view, state))

    def _write_engine(self, fingerprint: str, view: Any, state: Any) -> None:
        """Two files, so that each reader reads only what it needs: the view (with the
        fingerprint it is for), and the state to update it from (engine_cache.py)."""
        view_path, state_path = self._beside(".engine"), self._beside(".state")
        assert view_path is not None and state_path is not None
        _write_pickles(view_path, [fingerprint, view])
        _write_pickles(state_path, [state])

    def save(self) -> None:
        """Keep what this load saw (deleted files drop out). Best effort: a cache that cannot
        be written only makes the next run slower."""
        if self.path is None or not (self.changed or len(self.fresh) != len(self.entries)):
            return
        self._in_background(len(self.fresh), self._write)

    def _in_background(self, files: int, write: Callable[[], None]) -> None:
        """For a big vault, writing takes seconds and a hundred MB, whether one file changed
        or all did; a detached process does it then, so the command answers without
        waiting. Best effort: a cache that cannot be written only makes the next run slower."""
        background.run(write, detach=files >= DETACH_FROM)

    def _write(self) -> None:
        assert self.path is not None
        snapshot = self._read().get("snapshot")
        stored = {"key": self.key, "entries": self.fresh, "snapshot": snapshot}
        # the small files first: a reader that sees the big one finds them all
        if snapshot is not None and self._engine is not None:
            self._write_engine(snapshot[0], *self._engine())
        else:
            for suffix in (".engine", ".state"):
                self.path.with_suffix(suffix).unlink(missing_ok=True)
        _write_pickles(self.path, [stored])


def _write_pickles(path: Path, objects: list[Any]) -> None:
    """`objects` pickled one after the other into `path` by one pickler (so later ones share
    what earlier ones hold), replaced atomically."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream, paused_gc():
            writer = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
            for one in objects:
                writer.dump(one)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _read_pickles(path: Path | None, count: int, first: object = None) -> list[Any] | None:
    """The first `count` objects pickled into `path`, or None when it cannot be read, or
    when `first` is given and the first object is not equal to it (then nothing more is
    read)."""
    if path is None:
        return None
    try:
        with open(path, "rb") as stream, paused_gc():
            reader = pickle.Unpickler(stream)
            found = [reader.load()]
            if first is not None and found[0] != first:
                return None
            found.extend(reader.load() for _ in range(count - 1))
            return found
    except Exception:  # missing, another version's, damaged: as if not there
        return None
