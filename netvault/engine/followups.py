"""Follow-ups, promises and planned interactions (SPEC 2). Pure.

A follow-up stays open until one of its people is touched on a later day; a promise is an
open `- [ ]` task with a due date, in a note or a contact file; a planned interaction is one
dated after today (it is not a touch).
"""

from __future__ import annotations

import datetime as dt

from netvault.engine.report import FollowUp, Planned, Promise
from netvault.index import Index, Interaction
from netvault.model import Link, Task


def interaction_people(interaction: Interaction) -> tuple[str, ...]:
    """Everyone an interaction names: the people in `with`, then those introduced."""
    if not interaction.introduced:
        return interaction.people
    extra = tuple(person for person in interaction.introduced if person not in interaction.people)
    return interaction.people + extra


def touched_after(people: tuple[str, ...], day: dt.date, last_touch: dict[str, dt.date]) -> bool:
    """Whether anyone in `people` has a touch on a day later than `day` (up to today)."""
    return any(person in last_touch and last_touch[person] > day for person in people)


def all_archived(index: Index, people: tuple[str, ...]) -> bool:
    """Whether everyone named is an archived contact: archived people are never reminded
    of, so a follow-up or an introduction with only them in it is not either (it stays
    open, and `brief` still shows it)."""
    contacts = index.contacts
    return bool(people) and all(p in contacts and contacts[p].archived for p in people)


def follow_ups(
    index: Index, today: dt.date, last_touch: dict[str, dt.date]
) -> tuple[FollowUp, ...]:
    """Every open follow-up, whenever due, soonest first (`work_out` keeps those in its window).

    `last_touch` holds touches on or before today only, so a planned meeting never closes one.
    """
    items = []
    for interaction in index.interactions:
        due = interaction.follow_up
        if interaction.day > today:
            continue  # a planned meeting's follow-up starts once it has happened
        if due is None:
            continue
        people = interaction_people(interaction)
        if touched_after(people, interaction.day, last_touch):
            continue
        items.append(
            FollowUp(
                note=interaction.note,
                date=interaction.day,
                people=people,
                next_action=interaction.next_action,
                due=due,
            )
        )
    items.sort(key=lambda item: (item.due, item.date, item.note))
    return tuple(items)


def _contact_of(index: Index, path: str, link: Link) -> str | None:
    resolved = index.resolved_links.get((path, link.line, link.col)) or index.resolve(link, path)
    return resolved.key if resolved.kind == "contact" else None


def _task_people(index: Index, path: str, task: Task) -> tuple[str, ...]:
    people: list[str] = []
    for link in task.links:
        person = _contact_of(index, path, link)
        if person is not None and person not in people:
            people.append(person)
    return tuple(people)


def _note_people(index: Index, path: str, by_note: dict[str, Interaction]) -> tuple[str, ...]:
    if path in by_note:  # SPEC 2: the note's `with`, not those it introduced
        return by_note[path].people
    people: list[str] = []
    for link in index.notes[path].with_:
        resolved = index.resolve(link, path)
        if resolved.kind == "contact" and resolved.key and resolved.key not in people:
            people.append(resolved.key)
    return tuple(people)


def promises(index: Index) -> tuple[Promise, ...]:
    """Every open task with a due date, soonest first (`work_out` keeps those in its window).

    Their people are those linked on the task's line, else the note's `with`; a task in a
    contact's own file is a promise to that contact.
    """
    by_note = {interaction.note: interaction for interaction in index.interactions}
    items = []

    def collect(path: str, tasks: tuple[Task, ...], default: tuple[str, ...] | None) -> None:
        for task in tasks:
            if task.done or task.due is None:
                continue
            people = _task_people(index, path, task)
            if not people:  # the note's people, worked out once per note and only if needed
                if default is None:
                    default = _note_people(index, path, by_note)
                people = default
            items.append(Promise(path, task.line, task.text, task.due, people))

    for path, note in index.notes.items():
        collect(path, note.body.tasks, None)
    for contact in index.contacts.values():
        collect(contact.path, contact.body.tasks, (contact.id,))
    items.sort(key=lambda item: (item.due, item.note, item.line))
    return tuple(items)


def planned(index: Index, today: dt.date) -> tuple[Planned, ...]:
    """Interactions dated after today, soonest first."""
    items = [
        Planned(note=i.note, date=i.day, people=interaction_people(i))
        for i in index.interactions
        if i.day > today
    ]
    items.sort(key=lambda item: (item.date, item.note))
    return tuple(items)
