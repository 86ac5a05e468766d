"""Full-text search for the site: Pagefind over cut-down pages, in shards.  [writes, runs]

The build hands every page it writes to `SearchSource`, which keeps the cut-down document
(search_docs.py) in the shard its path hashes to, and a digest of each shard. `full_text`
then makes one Pagefind bundle per shard, two runs at a time (a run holds its shard's index
in memory, and spends much of its time waiting on the disk), and writes the manifest
search.js reads. A shard whose digest equals the one the previous site recorded for it is
not indexed again: its bundle is hard-linked from the previous site. Pagefind's index of
the same documents is the same, so the site's bytes do not depend on this; only the daily
rebuild of a barely changed vault is quicker.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from netvault.files import is_utf8
from netvault.search_docs import MANIFEST, search_document, shard_folder, shard_of

PAGEFIND_TIMEOUT = 600  # seconds
SEARCH_SOURCE = ".netvault-search"  # in the staging folder, removed before the swap
PAGEFIND_ENTRY = "pagefind/pagefind.js"  # what search.js loads: there is a bundle
# Pagefind's optional ready-made interfaces; search.js talks to pagefind.js directly.
PAGEFIND_UNUSED = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)  # fmt: skip
_FORMAT = "1"  # bump when the documents or the bundles change shape
PARALLEL_RUNS = 2  # Pagefind runs at once (see search_docs.SHARD for the memory each takes)


def pagefind_available() -> bool:
    return importlib.util.find_spec("pagefind") is not None


def _pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def run_pagefind(site: Path, output: Path | None = None) -> str | None:
    """Index the note bodies (`data-pagefind-body`) of the pages under `site` for
    full-text search over HTTP, into `output` (default: `site/pagefind`). Returns a notice
    when it could not run; the rest of the site works without it."""
    if not pagefind_available():
        return "Pagefind is not installed: full-text search skipped (pip install 'pagefind[bin]')"
    # Pagefind (Rust) stops at a path or an environment variable that is not UTF-8: it is
    # given paths relative to the folder that holds both, and none of those variables (a
    # shell's $PWD inside a folder named in Latin-1).
    here = Path(os.path.commonpath([site, output])) if output is not None else site
    command = [sys.executable, "-m", "pagefind", "--site", os.path.relpath(site, here)]
    command.append("--silent")
    if output is not None:
        command += ["--output-path", os.path.relpath(output, here)]
    environment = {key: value for key, value in os.environ.items() if is_utf8(key + value)}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=PAGEFIND_TIMEOUT,
            check=False,
            cwd=here,
            env=environment,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"Pagefind did not run ({exc}); full-text search skipped"
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        reason = lines[-1] if lines else f"exit code {done.returncode}"
        return f"Pagefind failed ({reason}); full-text search skipped"
    return None


class SearchSource:
    """The cut-down pages Pagefind indexes, each in the shard its path hashes to. They are
    kept in memory (56 MB for the generated vault) and written out, for Pagefind to read,
    only for the shards that changed since the last build."""

    def __init__(self, folder: Path, shards: int) -> None:
        self.folder = folder
        self.shards = max(1, shards)
        self.digests = [hashlib.sha256(f"{_FORMAT} {_pagefind_version()}".encode())]
        self.digests += [self.digests[0].copy() for _ in range(self.shards - 1)]
        self.documents: list[list[tuple[str, bytes]]] = [[] for _ in range(self.shards)]

    def add(self, rel: str, page: bytes) -> None:
        document = search_document(page)
        if document is None:
            return
        number = shard_of(rel, self.shards)
        self.documents[number].append((rel, document))
        self.digests[number].update(b"%d %s\0" % (len(document), rel.encode()))
        self.digests[number].update(document)

    def write(self, number: int) -> Path:
        """Shard `number`'s documents as files (`rel` is a checked site path already)."""
        folder = self.folder / str(number)
        made: set[Path] = set()
        for rel, document in self.documents[number]:
            path = folder / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(document)
        return folder


def _previous_digests(previous: Path | None) -> dict[str, str]:
    if previous is None:
        return {}
    try:
        found = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        digests = found.get("digests", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in digests.items()} if isinstance(digests, dict) else {}


def _has_symlink(folder: Path) -> bool:
    """Whether `folder` is, or holds, a symlink (which a bundle of ours never does)."""
    if folder.is_symlink():
        return True
    for here, folders, files in os.walk(folder):
        if any(os.path.islink(os.path.join(here, name)) for name in (*folders, *files)):
            return True
    return False


def _reuse(old: Path, new: Path) -> bool:
    """Hard-link (else copy) a previous bundle into the new site; never one holding a
    symlink, which could bring a file from outside the site along."""

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(source, target, follow_symlinks=False)

    try:
        if _has_symlink(old):
            return False
        shutil.copytree(old, new, symlinks=True, copy_function=link)
    except (OSError, shutil.Error):
        shutil.rmtree(new, ignore_errors=True)
        return False
    return True


def full_text(
    staging: Path, search: SearchSource, previous: Path | None, runs: int = PARALLEL_RUNS
) -> str | None:
    """One bundle per non-empty shard, reused from the `previous` site or indexed (up to
    `runs` Pagefind runs at once), then the manifest. The scratch folder is removed either
    way. Returns a notice when Pagefind could not run."""
    try:
        if not any(search.documents):
            # No page has a body to search (a vault of bare contacts, just imported): there
            # is nothing to index, and Pagefind would fail on a site with nothing to index.
            return None
        old = _previous_digests(previous)
        bundles: dict[str, str] = {}
        to_index: list[tuple[int, str]] = []
        for number, documents in enumerate(search.documents):
            if not documents:
                continue
            name = shard_folder(len(bundles))
            digest = search.digests[number].hexdigest()
            bundles[name] = digest
            reused = (
                previous is not None
                and old.get(name) == digest
                and _reuse(previous / name, staging / name)
            )
            if reused:
                search.documents[number] = []
            else:
                to_index.append((number, name))

        stopping = threading.Event()  # Ctrl-C or a failed run: start no further run

        def index(shard: tuple[int, str]) -> str | None:
            number, name = shard
            source = search.write(number)
            search.documents[number] = []  # on disk now: let the memory go
            try:
                if stopping.is_set():
                    return None
                notice = run_pagefind(source, staging / name)
            finally:
                shutil.rmtree(source, ignore_errors=True)
            for unused in PAGEFIND_UNUSED:
                (staging / name / unused).unlink(missing_ok=True)
            return notice

        # Each run holds its shard's index in memory and spends much of its time waiting
        # on the disk, so two at once take little more memory than one big shard would.
        notice = None
        with ThreadPoolExecutor(max(1, runs)) as pool:
            runs_left = [pool.submit(index, shard) for shard in to_index]
            try:
                for done in as_completed(runs_left):
                    notice = done.result()
                    if notice:
                        break
            finally:
                stopping.set()  # done, failed or interrupted: nothing more is to start
                for waiting in runs_left:
                    waiting.cancel()  # those not started yet; a running one finishes
        if notice:
            # No half index: the site goes out without full-text search, and says so.
            for bundle in list(bundles):
                shutil.rmtree(staging / bundle, ignore_errors=True)
            return notice
        manifest = {"bundles": [name + "/" for name in list(bundles)[1:]], "digests": bundles}
        text = json.dumps(manifest, sort_keys=True, separators=(",", ":")) + "\n"
        # A reused first bundle brought the old manifest as a hard link: never write into it.
        (staging / MANIFEST).unlink(missing_ok=True)
        (staging / MANIFEST).write_text(text, encoding="utf-8")
        return None
    finally:
        shutil.rmtree(search.folder, ignore_errors=True)
