"""Watch the vault and say when to rebuild: file events in, one settled signal out.  [reads]

`netvault serve` rebuilds after the vault changes. An editor's save is several events (a swap
file, a backup, a rename), and a `git checkout` is thousands; each burst must give exactly
one rebuild, once it has settled (BAD-INPUTS rows 33-34). `Changes` collects the moments of
the events that matter and answers when none has come for `settle` seconds; `relevant`
decides which paths matter (not the output folder, not dot-folders such as `.git`, not
editor debris). watchdog supplies the events.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

SETTLE = 0.3  # seconds without a relevant event before a burst counts as done
# Events that change what a build reads; a build's own reading gives "opened" and
# "closed_no_write" events, which must not start another build.
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})
_DEBRIS = ("*~", "#*#", "*.swp", "*.swo", "*.swx", "*.tmp", "4913", "Thumbs.db")


def relevant(vault: str, output: str, path: str) -> bool:
    """Whether a change at `path` can change the site: inside the vault, outside the output
    folder, not in or of a dot-folder or dot-file (`.git`, a build's staging folder, vim's
    `.x.swp`), and not an editor's backup or temp file (vim writes `4913` to test a folder)."""
    if path == output or path.startswith(output + os.sep):
        return False
    if not path.startswith(vault + os.sep):
        return False
    parts = path[len(vault) + 1 :].split(os.sep)
    if any(part.startswith(".") for part in parts):
        return False
    return not any(fnmatch.fnmatchcase(parts[-1], pattern) for pattern in _DEBRIS)


class Changes:
    """The moments of relevant events, and whether a burst of them has settled."""

    def __init__(self, settle: float = SETTLE, clock: Callable[[], float] = time.monotonic):
        self.settle = settle
        self.clock = clock
        self._last: float | None = None  # the newest event not yet answered by a rebuild
        self._wake = threading.Condition()

    def note(self) -> None:
        with self._wake:
            self._last = self.clock()
            self._wake.notify_all()

    def pending(self) -> bool:
        """Whether a burst has begun and not yet been taken by `wait`."""
        with self._wake:
            return self._last is not None

    def wait(self, timeout: float) -> bool:
        """Wait at most `timeout` seconds for a burst to settle; True when one did (and it
        is taken). Returns early on a settled burst; wakes for each new event."""
        deadline = self.clock() + timeout
        with self._wake:
            while True:
                now = self.clock()
                if self._last is not None and now - self._last >= self.settle:
                    self._last = None
                    return True
                if now >= deadline:
                    return False
                left = deadline - now
                if self._last is not None:
                    left = min(left, self._last + self.settle - now)
                self._wake.wait(max(left, 0.01))


class _Handler(FileSystemEventHandler):
    """Notes relevant events; a folder made at the top of the vault is watched too."""

    def __init__(self, vault: str, output: str, changes: Changes, observer: BaseObserver):
        self.vault = vault
        self.output = output
        self.changes = changes
        self.observer = observer
        self.folders: dict[str, ObservedWatch] = {}

    def watch_folder(self, path: str) -> None:
        """Watch a top-level folder of the vault, all of it (again, if it was remade)."""
        self.forget_folder(path)
        with contextlib.suppress(OSError):
            self.folders[path] = self.observer.schedule(self, path, recursive=True)

    def forget_folder(self, path: str) -> None:
        """Stop watching a top-level folder that was removed or moved away: a folder moved
        out of the vault keeps its watch, whose events would still name the old path."""
        old = self.folders.pop(path, None)
        if old is not None:
            with contextlib.suppress(KeyError, OSError):
                self.observer.unschedule(old)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or (
            event.is_directory and event.event_type == "modified"
        ):
            return  # a folder's "modified" only echoes a change of a file in it, seen on its own
        source = os.fsdecode(event.src_path)
        target = os.fsdecode(getattr(event, "dest_path", "") or "")
        if event.is_directory and event.event_type in ("deleted", "moved"):
            self.forget_folder(source)  # a top-level folder (if it is one) has gone
        made = {"created": source, "moved": target}.get(event.event_type, "")
        top = bool(made) and os.path.dirname(made) == self.vault and os.path.isdir(made)
        if event.is_directory and top and relevant(self.vault, self.output, made):
            self.watch_folder(made)  # a new top-level folder, or one moved in
        if any(path and relevant(self.vault, self.output, path) for path in (source, target)):
            self.changes.note()


def watch(vault: Path, output: Path, changes: Changes) -> Callable[[], None]:
    """Start watching `vault`; returns the function that stops. The top of the vault is
    watched, and each of its folders recursively, but not the output folder or dot-folders:
    a build's own writes (and `.git`'s) would cost a watch for every folder they make."""
    root = os.path.realpath(vault)
    out = os.path.realpath(output)
    observer = Observer()
    handler = _Handler(root, out, changes, observer)
    observer.schedule(handler, root, recursive=False)
    with os.scandir(root) as entries:
        folders = sorted(e.path for e in entries if e.is_dir(follow_symlinks=False))
    for folder in folders:
        if relevant(root, out, folder):
            handler.watch_folder(folder)
    observer.daemon = True
    observer.start()

    def stop() -> None:
        observer.stop()
        observer.join(timeout=5)

    return stop
