"""What `due`, `brief` and `export ics` keep between runs, and how a few edits are taken in
without reading the whole parse cache. [reads — files of the vault that changed]

These commands read only the engine's view of the index (`engine_view`: bodies cut to their
tasks). The last run's view is kept in a small file beside the parse cache (cache.py), with
what it takes to bring it up to date: each file's stamp, lean record and parse problems,
each file's body-link warnings, and where every body link went (by target, kind and folder).

On an unchanged vault the view is used as it is. After a few edits (a logged meeting, a new
note), the changed files are parsed, the index is built again from the lean records (quick:
no body links but the changed files'), and every body link of the last run is resolved
again: when each goes where it went, the other files' link warnings still hold and the
result is the one a full load would give, problems included. Otherwise (a note renamed
that links pointed to, a settings change, many files changed) the caller does the full load.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from netvault.assemble import assemble
from netvault.cache import Parsed, Stamp
from netvault.index import Index, Resolved, build_index, engine_view, link_problems
from netvault.model import Contact, Link, Note, Vault
from netvault.problems import Problem, sorted_problems
from netvault.settings import Settings

# More changed files than this and a full load is as quick: parsing dominates either way.
MOST_CHANGED = 500

LinkKey = tuple[str, str, str]  # (target, kind, folder of the file that holds the link)
Result = tuple[Vault, Index, list[Problem]]


@dataclass(frozen=True)
class EngineState:
    key: str  # the parse cache's key (netvault's version and the settings)
    stamps: dict[str, Stamp | None]  # every Markdown file's (size, mtime)
    parsed: dict[str, Parsed]  # each file's lean record (or None) and parse problems
    link_problems: dict[str, tuple[Problem, ...]]  # each file's body-link warnings
    links: dict[LinkKey, Resolved]  # where each body link went


def changed_files(state: EngineState, stamps: dict[str, Stamp | None]) -> list[str]:
    """The Markdown files added or changed since `state` was kept (or not stat-able now)."""
    return [rel for rel, now in stamps.items() if now is None or state.stamps.get(rel) != now]


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def _link_facts(
    records: Iterable[Contact | Note], resolved: dict[tuple[str, int, int], Resolved]
) -> tuple[dict[str, tuple[Problem, ...]], dict[LinkKey, Resolved]]:
    """Each record's body-link warnings, and where its body links went."""
    problems: dict[str, tuple[Problem, ...]] = {}
    links: dict[LinkKey, Resolved] = {}
    for record in records:
        pairs = []
        for link in record.body.links:
            found = resolved.get((record.path, link.line, link.col))
            if found is None:
                continue  # `[[#heading]]`: not resolved, never a problem
            links[(link.target, link.kind, _folder(record.path))] = found
            pairs.append((link, found))
        found_problems = link_problems(record.path, pairs)
        if found_problems:
            problems[record.path] = tuple(found_problems)
    return problems, links


def _lean_parses(parsed: dict[str, Parsed], view: Index) -> dict[str, Parsed]:
    lean: dict[str, Contact | Note] = {contact.path: contact for contact in view.vault.contacts}
    lean.update((note.path, note) for note in view.vault.notes)
    return {
        rel: (lean.get(record.path) if record is not None else None, problems)
        for rel, (record, problems) in parsed.items()
    }


def engine_state(
    key: str, stamps: dict[str, Stamp | None], parsed: dict[str, Parsed], full: Index
) -> tuple[EngineState, Index]:
    """The state to keep after a full load (`parsed`: every file's parse, by path), and the
    engine's view of `full`."""
    view = engine_view(full)
    records = [record for record, _ in parsed.values() if record is not None]
    link_problems, links = _link_facts(records, full.resolved_links)
    return EngineState(key, stamps, _lean_parses(parsed, view), link_problems, links), view


def _same_links(links: dict[LinkKey, Resolved], index: Index) -> bool:
    """Whether every body link of the last run goes where it went."""
    for (target, kind, folder), was in links.items():
        source = f"{folder}/-" if folder else "-"  # resolution reads the folder only
        if index.resolve(Link(target, 1, kind=kind), source) != was:
            return False
    return True


@dataclass(frozen=True)
class Inputs:
    """The vault as the survey found it, before any file is parsed."""

    key: str  # the parse cache's key
    stamps: dict[str, Stamp | None]  # every Markdown file, in the order they are read
    files: list[str]  # the other files
    settings: Settings
    problems: list[Problem]  # the survey's own (settings, skipped files)


def bring_up_to_date(
    state: EngineState,
    now: Inputs,
    parse: Callable[[str], Parsed],
) -> tuple[Result, EngineState] | None:
    """The engine's view of the vault as it is `now` from the last run's `state` (`parse`
    reads one file); None when only a full load can tell. The problems are those a full
    load finds."""
    if state.key != now.key:
        return None
    stamps = now.stamps
    changed = changed_files(state, stamps)
    if len(changed) > MOST_CHANGED:
        return None
    fresh = {rel: parse(rel) for rel in changed}
    parsed = {rel: fresh[rel] if rel in fresh else state.parsed[rel] for rel in stamps}
    vault, problems = assemble(parsed.values(), now.problems, now.files)
    index, more = build_index(vault, now.settings)  # the changed files' body links resolved too
    if not _same_links(state.links, index):
        return None
    problems.extend(more)
    for rel in stamps:
        if rel not in fresh:
            problems.extend(state.link_problems.get(rel, ()))
    problems = sorted_problems(problems)
    view = engine_view(index)
    fresh_records = [record for record, _ in fresh.values() if record is not None]
    fresh_problems, fresh_links = _link_facts(fresh_records, index.resolved_links)
    link_problems = {
        rel: found
        for rel, found in state.link_problems.items()
        if rel in stamps and rel not in fresh
    } | fresh_problems
    new_state = EngineState(
        now.key,
        stamps,
        _lean_parses(parsed, view),
        link_problems,
        state.links | fresh_links,  # links of deleted or edited files linger: harmless
    )
    return (view.vault, view, problems), new_state
