"""Read files into records: one Markdown file -> a Contact or a Note, and many files on
every core for a big vault. [reads]

Reading bytes and decoding happen here; parsing is delegated to the pure front matter, body
and records stages. The loader imports this module only when a file must be parsed.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from netvault.body import scan_body
from netvault.front_matter import decode, parse_document
from netvault.memory import paused_gc
from netvault.model import Body, Contact, Note
from netvault.problems import UNREADABLE, Problem, error, warning
from netvault.records import is_person, read_contact, read_note
from netvault.settings import Settings
from netvault.workers import dying_with_me, ignore_interrupt, stop_workers

if TYPE_CHECKING:
    from netvault.loader import Found


def read_file(found: Found, settings: Settings) -> tuple[Contact | Note | None, list[Problem]]:
    """One Markdown file -> a Contact or a Note (or nothing, when it cannot be read at all)."""
    try:
        with open(found.disk, "rb") as stream:
            data = stream.read()
    except FileNotFoundError as exc:  # deleted or renamed while we looked (BAD-INPUTS 32)
        return None, [warning(found.rel, 1, f"{UNREADABLE}: {exc.strerror}; skipped")]
    except OSError as exc:  # there, but not readable (permissions): the vault is not whole
        return None, [error(found.rel, 1, f"{UNREADABLE}: {exc.strerror}; skipped")]
    text, problems = decode(data, found.rel)
    if text is None:
        return None, problems
    document, parse_problems = parse_document(text, found.rel)
    problems = [*problems, *parse_problems]
    if not document.renderable:
        return None, problems
    body = (
        scan_body(document.body, document.body_line)
        if document.body
        else Body(line=document.body_line)
    )
    # Under the people folder, at any depth below it; the folder may itself be nested
    # (`[vault] people = "team/contacts"`). Case-blind, as file systems often are.
    in_people = found.rel.casefold().startswith(settings.people_folder.casefold() + "/")
    if in_people or is_person(document):
        contact, field_problems = read_contact(document, body, found.rel, settings)
        return contact, problems + field_problems
    note, field_problems = read_note(document, body, found.rel, settings)
    return note, problems + field_problems


# Below this many Markdown files a process pool costs more than it saves.
PARALLEL_FROM = 2000


def _read_chunk(
    chunk: list[Found], settings: Settings
) -> list[tuple[Contact | Note | None, list[Problem]]]:
    with paused_gc():
        return [read_file(found, settings) for found in chunk]


def read_all(
    markdown: list[Found], settings: Settings, workers: int | None = None
) -> list[tuple[Contact | Note | None, list[Problem]]]:
    """Parse files, on every core for a big vault. Parsing is pure, so order is kept by
    sorting afterwards; results are the same whatever the number of workers."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if workers <= 1 or len(markdown) < PARALLEL_FROM:
        return _read_chunk(markdown, settings)
    size = -(-len(markdown) // (workers * 4))
    chunks = [markdown[i : i + size] for i in range(0, len(markdown), size)]
    results: list[tuple[Contact | Note | None, list[Problem]]] = []
    # An executor, not a multiprocessing pool: a worker that dies (the OOM killer) makes
    # it raise, where a pool would wait for ever for the lost chunk.
    # Not a `with` block: its exit waits for the pool's thread, which a worker killed after
    # `stop_workers`' grace time can leave waiting for ever; the command ends with
    # `os._exit` (cli.run) and does not wait for it.
    pool = ProcessPoolExecutor(workers, initializer=ignore_interrupt, initargs=dying_with_me())
    try:
        with paused_gc():
            for part in pool.map(_read_chunk, chunks, [settings] * len(chunks)):
                results.extend(part)
    except BaseException:
        stop_workers(pool)
        raise
    pool.shutdown()
    return results
