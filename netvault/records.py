"""One parsed file -> a Contact or a Note (SPEC 1.1, 1.2). Pure.

Each known field has one line in a table below saying how its text is read; everything
else is kept as an unknown field and shown on the page.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from netvault.durations import parse_date
from netvault.fields import (
    CONTACT_FIELDS,
    NOTE_FIELDS,
    WITH_SYNONYMS,
    FieldReader,
    normalise_tags,
    unknown_field,
)
from netvault.front_matter import Document, Entry
from netvault.model import Body, Contact, ExtraField, Link, Note
from netvault.problems import Problem, warning
from netvault.settings import Settings, tiers_known

_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")

# field -> (reader method, model attribute)
_CONTACT_READS: dict[str, tuple[str, str]] = {
    "name": ("text", "name"),
    "aliases": ("texts", "aliases"),
    "company": ("text", "company"),
    "title": ("text", "title"),
    "location": ("text", "location"),
    "email": ("texts", "emails"),
    "phone": ("texts", "phones"),
    "website": ("text", "website"),
    "linkedin": ("text", "linkedin"),
    "birthday": ("birthday", "birthday"),
    "met": ("date", "met"),
    "met_where": ("text", "met_where"),
    "introduced_by": ("link", "introduced_by"),
    "recommended_by": ("link", "recommended_by"),
    "needs": ("texts", "needs"),
    "offers": ("texts", "offers"),
    "interests": ("texts", "interests"),
    "family": ("texts", "family"),
    "last_contact": ("date", "last_contact"),
    "snooze_until": ("date", "snooze_until"),
    "archived": ("flag", "archived"),
}
_NOTE_READS: dict[str, tuple[str, str]] = {
    "title": ("text", "title"),
    "type": ("text", "type"),
    "summary": ("text", "summary"),
    "gave": ("texts", "gave"),
    "asked": ("texts", "asked"),
    "follow_up": ("date", "follow_up"),
    "next_action": ("text", "next_action"),
    "aliases": ("texts", "aliases"),
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def file_id(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return nfc(name[:-3] if name.lower().endswith(".md") else name)


def is_person(document: Document) -> bool:
    for entry in document.entries:
        if entry.key == "type" and isinstance(entry.value, str):
            return entry.value.strip().lower() == "person"
    return False


def _read_common(
    reader: FieldReader, entry: Entry, reads: dict[str, tuple[str, str]], values: dict[str, Any]
) -> bool:
    if entry.key not in reads:
        return False
    method, attribute = reads[entry.key]
    value = getattr(reader, method)(entry)
    if value is not None:
        values[attribute] = value
    return True


def read_contact(
    document: Document, body: Body, path: str, settings: Settings
) -> tuple[Contact, list[Problem]]:
    reader = FieldReader(path, settings)
    values: dict[str, Any] = {}
    extra: list[ExtraField] = []
    tags: list[str] = []
    for entry in document.entries:
        if _read_common(reader, entry, _CONTACT_READS, values):
            continue
        if entry.key == "tags":
            tags.extend(reader.texts(entry))
        elif entry.key == "tier":
            tier = reader.text(entry)
            names = [name for name, _ in settings.tiers]
            if tier is not None and tier not in names:
                reader.problems.append(
                    warning(
                        path,
                        entry.value_line,
                        f"tier {tier!r} is {tiers_known(names)}; the default cadence applies",
                        entry.value_col,
                    )
                )
            values["tier"] = tier
        elif entry.key == "cadence":
            if isinstance(entry.value, str) and entry.value.strip().lower() == "never":
                values["cadence_never"] = True
            else:
                values["cadence"] = reader.duration(entry)
        elif entry.key == "type":
            continue  # `type: person` made this a contact; nothing more to keep
        else:
            unknown_field(reader, entry, CONTACT_FIELDS, extra)
    reader.problems.extend(task_problems(body, path))
    name = values.pop("name", None) or body.heading or file_id(path)
    contact = Contact(
        id=file_id(path),
        path=path,
        name=nfc(name),
        tags=normalise_tags([*tags, *body.tags]),
        extra=tuple(extra),
        body=body,
        field_lines=tuple((entry.key, entry.line) for entry in document.entries),
        unread_front_matter=document.unread,
        **values,
    )
    return contact, reader.problems


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


# What only an interaction (a note with a date) counts: without a date it is dropped.
_NEEDS_A_DATE = ("follow_up", "gave", "asked", "introduced")


def _undated_problems(
    document: Document, values: dict[str, Any], has_people: bool, path: str
) -> list[Problem]:
    """Warnings for what a note asks that nothing will act on: a follow-up, deposit or
    introduction in a note with no date (the date's own fault is reported where it is), a
    follow-up naming nobody."""
    entries = {entry.key: entry for entry in document.entries}
    problems = []
    if values.get("date") is None and not ("date" in entries and _filled(entries["date"].value)):
        for key in _NEEDS_A_DATE:
            if key in entries:
                message = f"{key} counts only in a note with a date (a date field or a"
                message += " YYYY-MM-DD file name)"
                problems.append(warning(path, entries[key].line, message))
    if values.get("follow_up") is not None and not has_people and "introduced" not in entries:
        message = "follow_up names nobody to follow up with (no with): no reminder"
        problems.append(warning(path, entries["follow_up"].line, message))
    return problems


def task_problems(body: Body, path: str) -> list[Problem]:
    """A task whose due date is not a real date is kept, without a due date, and said."""
    return [
        warning(path, task.line, f"task date {task.bad_due} is not a real date; it has no due date")
        for task in body.tasks
        if task.bad_due is not None
    ]


def read_note(
    document: Document, body: Body, path: str, settings: Settings
) -> tuple[Note, list[Problem]]:
    reader = FieldReader(path, settings)
    values: dict[str, Any] = {}
    extra: list[ExtraField] = []
    tags: list[str] = []
    people: list[Link] = []
    for entry in document.entries:
        if _read_common(reader, entry, _NOTE_READS, values):
            continue
        if entry.key == "date":
            values["date"] = reader.date(entry)
        elif entry.key in WITH_SYNONYMS:
            people.extend(reader.links(entry))
        elif entry.key == "tags":
            tags.extend(reader.texts(entry))
        elif entry.key == "initiated_by":
            who = reader.text(entry)
            if who is not None and who.lower() not in ("me", "them"):
                reader.problems.append(
                    warning(path, entry.value_line, f"initiated_by is 'me' or 'them', not {who!r}")
                )
            values["initiated_by"] = who.lower() if who else None
        elif entry.key == "introduced":
            introduced = reader.links(entry)
            if len(introduced) < 2:
                reader.problems.append(
                    warning(path, entry.value_line, "introduced names fewer than two people")
                )
            values["introduced"] = introduced
        else:
            unknown_field(reader, entry, NOTE_FIELDS, extra)
    # An empty `date:` (a template's blank) means no date given: the file name's counts.
    # A date given but not a real one is an error of its own and is not papered over.
    spelled = [e for e in document.entries if e.key == "date" and _filled(e.value)]
    if values.get("date") is None and not spelled:
        prefix = _DATE_PREFIX.match(path.rsplit("/", 1)[-1])
        if prefix:
            values["date"] = parse_date(prefix.group(1))
            if values["date"] is None:
                message = f"the file name's date {prefix.group(1)} is not a real date"
                reader.problems.append(warning(path, 1, message + "; the note has no date"))
    reader.problems.extend(_undated_problems(document, values, bool(people), path))
    reader.problems.extend(task_problems(body, path))
    title = values.pop("title", None) or body.heading or file_id(path)
    note = Note(
        path=path,
        id=file_id(path),
        title=nfc(title),
        with_=tuple(people),
        tags=normalise_tags([*tags, *body.tags]),
        extra=tuple(extra),
        body=body,
        field_lines=tuple((entry.key, entry.line) for entry in document.entries),
        **values,
    )
    return note, reader.problems
