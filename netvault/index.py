"""Index: who is who, and who touched whom when. Pure: Vault + Settings -> Index + Problems.

Resolves every reference (SPEC 1.3: exact id -> exact name -> alias -> the same three
case-insensitively and NFC-normalised -> a note's path or file name), then derives
interactions, touches, mentions, backlinks and tags. The engine and the site read only this.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from netvault.memory import paused_gc
from netvault.model import Body, Contact, Link, Note, Vault
from netvault.problems import Problem, warning
from netvault.resolver import Resolved, Resolver
from netvault.settings import Settings

__all__ = ["Index", "Interaction", "Resolved", "Touch", "build_index", "engine_view"]

RecordT = TypeVar("RecordT", Contact, Note)


@dataclass(frozen=True)
class Interaction:
    """A dated note that names people in `with` (or introduces people), references resolved."""

    note: str  # note path
    day: dt.date
    people: tuple[str, ...]  # contact ids from `with`, as written, deduplicated
    introduced: tuple[str, ...] = ()  # contact ids from `introduced`
    type: str | None = None
    summary: str | None = None
    gave: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    follow_up: dt.date | None = None
    next_action: str | None = None
    initiated_by: str | None = None

    @property
    def kind(self) -> str:
        """The `type` as written, else what the note is: "intro" when it introduces
        people, otherwise "note" (`type` is optional)."""
        return self.type or ("intro" if self.introduced else "note")


@dataclass(frozen=True)
class Touch:
    person: str  # contact id
    day: dt.date
    note: str  # the note that holds it
    via: str  # "with" | "introduced" | "task"


@dataclass(frozen=True)
class Index:
    vault: Vault
    settings: Settings
    contacts: dict[str, Contact] = field(default_factory=dict)  # by id
    notes: dict[str, Note] = field(default_factory=dict)  # by path
    interactions: tuple[Interaction, ...] = ()  # by (day, note); future ones included
    touches: dict[str, tuple[Touch, ...]] = field(default_factory=dict)  # by id, by day
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> paths linking it
    backlinks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # note path -> paths
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)  # tag -> paths
    introduced_by: dict[str, str] = field(default_factory=dict)  # id -> introducer id
    recommended_by: dict[str, str] = field(default_factory=dict)  # id -> recommender id
    resolved_links: dict[tuple[str, int, int], Resolved] = field(default_factory=dict)
    # (source path, line, col) of every body link -> where it goes; the site renders from this
    resolver: Resolver | None = None

    def resolve(self, link: Link | str, source: str = "") -> Resolved:
        resolver = self.resolver or Resolver(self.vault)
        return resolver.resolve(link if isinstance(link, Link) else Link(link, 1), source)

    def contact_by_path(self, path: str) -> Contact | None:
        for contact in self.contacts.values():
            if contact.path == path:
                return contact
        return None


def _person_ids(
    links: tuple[Link, ...], source: str, field_name: str, resolver: Resolver,
    problems: list[Problem],
) -> tuple[str, ...]:  # fmt: skip
    """Resolve the people a note names; unknown or ambiguous ones are warnings (row 30)."""
    ids: list[str] = []
    for link in links:
        found = resolver.resolve_person(link, source)
        if found.kind == "contact" and found.key is not None:
            if found.key not in ids:
                ids.append(found.key)
        elif found.kind == "ambiguous":
            problems.append(
                warning(
                    source, link.line,
                    f"{field_name} names {link.target!r}, which is ambiguous: "
                    f"{' or '.join(found.candidates)}",
                    link.col,
                )
            )  # fmt: skip
        else:
            hint = resolver.closest_person(link.target)
            problems.append(
                warning(
                    source, link.line,
                    f"unknown person {link.target!r} in {field_name}"
                    + (f"; did you mean {hint!r}?" if hint else "; no contact file has that name"),
                    link.col,
                )
            )  # fmt: skip
    return tuple(ids)


# The same link warning is listed this many times per file, then counted: a 5 MB note with
# [[x]] on each of its 200,000 lines would otherwise bury every other problem.
SAME_LINK_WARNINGS = 10


def _body_links(
    record: Contact | Note, resolver: Resolver, problems: list[Problem],
    resolved_links: dict[tuple[str, int, int], Resolved],
    mentions: dict[str, set[str]], backlinks: dict[str, set[str]],
) -> None:  # fmt: skip
    pairs: list[tuple[Link, Resolved]] = []
    for link in record.body.links:
        if not link.target:
            continue  # `[[#heading]]` points into the same page
        found = resolver.resolve(link, record.path)
        resolved_links[(record.path, link.line, link.col)] = found
        if found.kind == "contact" and found.key:
            mentions[found.key].add(record.path)
        elif found.kind == "note" and found.key and found.key != record.path:
            backlinks[found.key].add(record.path)
        else:
            pairs.append((link, found))
    problems.extend(link_problems(record.path, pairs))


def link_problems(path: str, pairs: Iterable[tuple[Link, Resolved]]) -> list[Problem]:
    """The warnings of the body links of the file at `path`, given where each went: the same
    warning is listed `SAME_LINK_WARNINGS` times, then once more with how many it left out."""
    listed: list[Problem] = []
    said: dict[str, int] = defaultdict(int)
    unlisted: dict[str, Problem] = {}  # each warning's first occurrence not listed
    for link, found in pairs:
        problem = link_problem(path, link, found)
        if problem is None:
            continue
        said[problem.message] += 1
        if said[problem.message] <= SAME_LINK_WARNINGS:
            listed.append(problem)
        else:
            unlisted.setdefault(problem.message, problem)
    for message, first in unlisted.items():
        more = said[message] - SAME_LINK_WARNINGS
        text = f"{message}, and {more:,} more like it from here on in this file (not listed)"
        listed.append(warning(path, first.line, text, first.col))
    return listed


def _task_links(
    record: Contact | Note, resolver: Resolver, resolved: dict[tuple[str, int, int], Resolved]
) -> None:
    """Where each task's links go (the same as the body links': a record cut by
    `engine_view` keeps its tasks only, and the engine reads these)."""
    for task in record.body.tasks:
        for link in task.links:
            key = (record.path, link.line, link.col)
            if link.target and key not in resolved:
                resolved[key] = resolver.resolve(link, record.path)


def link_problem(path: str, link: Link, found: Resolved) -> Problem | None:
    """The warning a body link at `path` draws, resolved to `found` (None when it is fine)."""
    if found.kind == "outside":
        message = f"link points outside the vault: {link.target!r}; not linked"
    elif found.kind == "ambiguous":
        message = f"ambiguous link [[{link.target}]]: {' or '.join(found.candidates)}"
    elif found.kind == "unresolved":
        message = f"unresolved link {_spell(link)}"
    else:
        return None
    return warning(path, link.line, message, link.col)


def _spell(link: Link) -> str:
    if link.kind == "markdown":
        return f"({link.target})"
    return f"{'!' if link.embed else ''}[[{link.target}]]"


def build_index(vault: Vault, settings: Settings) -> tuple[Index, list[Problem]]:
    with paused_gc():  # many small objects and no cycles, like reading (see `paused_gc`)
        return _build_index(vault, settings)


def _build_index(vault: Vault, settings: Settings) -> tuple[Index, list[Problem]]:
    problems: list[Problem] = []
    resolver = Resolver(vault)
    contacts = {contact.id: contact for contact in vault.contacts}
    notes = {note.path: note for note in vault.notes}
    resolved_links: dict[tuple[str, int, int], Resolved] = {}
    mentions: dict[str, set[str]] = defaultdict(set)
    backlinks: dict[str, set[str]] = defaultdict(set)
    tags: dict[str, set[str]] = defaultdict(set)
    introduced_by: dict[str, str] = {}
    recommended_by: dict[str, str] = {}

    for contact in vault.contacts:
        _body_links(contact, resolver, problems, resolved_links, mentions, backlinks)
        _task_links(contact, resolver, resolved_links)
        for tag in contact.tags:
            tags[tag].add(contact.path)
        for attribute, into in (
            ("introduced_by", introduced_by),
            ("recommended_by", recommended_by),
        ):
            link = getattr(contact, attribute)
            if link is None:
                continue
            ids = _person_ids((link,), contact.path, attribute, resolver, problems)
            if ids and ids[0] != contact.id:
                into[contact.id] = ids[0]

    interactions: list[Interaction] = []
    touches: dict[str, list[Touch]] = defaultdict(list)
    for note in vault.notes:
        _body_links(note, resolver, problems, resolved_links, mentions, backlinks)
        _task_links(note, resolver, resolved_links)
        for tag in note.tags:
            tags[tag].add(note.path)
        people = _person_ids(note.with_, note.path, "with", resolver, problems)
        introduced = _person_ids(note.introduced, note.path, "introduced", resolver, problems)
        if note.date is None:
            continue
        if people or introduced:
            interactions.append(
                Interaction(
                    note=note.path, day=note.date, people=people, introduced=introduced,
                    type=note.type, summary=note.summary, gave=note.gave, asked=note.asked,
                    follow_up=note.follow_up, next_action=note.next_action,
                    initiated_by=note.initiated_by,
                )
            )  # fmt: skip
            for person in people:
                touches[person].append(Touch(person, note.date, note.path, "with"))
            for person in introduced:
                touches[person].append(Touch(person, note.date, note.path, "introduced"))
        for task in note.body.tasks:
            if not task.done:
                continue
            for link in task.links:
                found = resolver.resolve(link, note.path)
                if found.kind == "contact" and found.key:
                    touches[found.key].append(Touch(found.key, note.date, note.path, "task"))

    index = Index(
        vault=vault,
        settings=settings,
        contacts=contacts,
        notes=notes,
        interactions=tuple(sorted(interactions, key=lambda i: (i.day, i.note))),
        touches={
            person: tuple(sorted(set(found), key=lambda t: (t.day, t.note, t.via)))
            for person, found in sorted(touches.items())
        },
        mentions={key: tuple(sorted(paths)) for key, paths in sorted(mentions.items())},
        backlinks={key: tuple(sorted(paths)) for key, paths in sorted(backlinks.items())},
        tags={key: tuple(sorted(paths)) for key, paths in sorted(tags.items())},
        introduced_by=introduced_by,
        recommended_by=recommended_by,
        resolved_links=resolved_links,
        resolver=resolver,
    )
    return index, problems


def engine_view(index: Index) -> Index:
    """The index as the engine (and `due`, `brief`, `export ics`) reads it: the same, but for
    the bodies of notes and contacts, of which only the tasks, the first heading and the tags
    are kept, and for unknown fields and field lines (only problems and pages show them),
    and without what only body links make (mentions, backlinks, and the resolved links but
    the tasks'). Bodies are most of a vault's bytes and only the site renders them; this
    view is what the engine cache keeps for the commands that answer from the engine alone
    (engine_cache.py): a third of the size.
    `build_index` over records cut this way gives the same view."""
    with paused_gc():  # tens of thousands of new objects: no collector walks over the heap
        return _engine_view(index)


def _engine_view(index: Index) -> Index:
    made: dict[int, Contact | Note] = {}

    def lean(record: RecordT) -> RecordT:
        body = record.body
        if not (body.text or body.links or record.extra or record.field_lines):
            return record  # cut already (or nothing to cut)
        found = made.get(id(record))  # a record is in the vault and in a table: copied once
        if found is None:
            kept = Body(line=body.line, heading=body.heading, tasks=body.tasks, tags=body.tags)
            found = made[id(record)] = replace(record, body=kept, extra=(), field_lines=())
        return found  # type: ignore[return-value]

    vault = Vault(
        contacts=tuple(lean(contact) for contact in index.vault.contacts),
        notes=tuple(lean(note) for note in index.vault.notes),
        files=index.vault.files,
    )
    records: list[Contact | Note] = [*vault.contacts, *vault.notes]
    task_links = {
        key: index.resolved_links[key]
        for record in records
        for task in record.body.tasks
        for link in task.links
        if (key := (record.path, link.line, link.col)) in index.resolved_links
    }
    return replace(
        index,
        vault=vault,
        contacts={key: lean(contact) for key, contact in index.contacts.items()},
        notes={key: lean(note) for key, note in index.notes.items()},
        mentions={},
        backlinks={},
        resolved_links=task_links,
    )
