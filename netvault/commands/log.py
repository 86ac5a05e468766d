"""`netvault log NAME...`: record an interaction as a new note, never overwriting one.

Writes `notes/YYYY/YYYY-MM-DD-<type>-<people>.md` with the people as `[[links]]` in `with`.
Every NAME must be a known contact (id, name or alias, case- and Unicode-insensitively);
an unknown one is an error with the closest names, unless `--create` makes the contact too.
When that file exists (in any case or normalisation), or a note of that file name exists in
another folder, nothing is written (BAD-INPUTS 36):
logging the same thing twice would count its `gave` and `asked` twice.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import click

from netvault.commands.common import (
    Loaded,
    load,
    pick_vault,
    refuse_inside_a_vault,
    today_option,
    vault_option,
)
from netvault.commands.new import NewPerson, people_named, plan_person, write_person
from netvault.durations import add_exactly, parse_date, parse_duration
from netvault.files import create_exclusive, existing_variant, name_key
from netvault.lookup import find_people, near_misses
from netvault.model import Contact
from netvault.problems import NetvaultError
from netvault.writer import FieldValue, person_slug, render_note, wikilink

_LINK_UNSAFE = set("[]|#^")


def link_for(contact: Contact, contacts: Sequence[Contact]) -> str:
    """`[[Name]]` when the name names only this contact, else `[[id]]` (ids are unique)."""
    others = [c for c in people_named(contacts, contact.name) if c.path != contact.path]
    if others or _LINK_UNSAFE & set(contact.name):
        return wikilink(contact.id)
    return wikilink(contact.name)


def resolve_people(loaded: Loaded, names: Sequence[str], create: bool) -> list[Contact | str]:
    """The contacts NAME... mean, once each; with `create`, an unknown name stays a name, for
    a contact file to be made once everything else is known to be fine. Writes nothing."""
    found: dict[str, Contact | str] = {}
    for name in names:
        matches = find_people(loaded.vault.contacts, name)
        if len(matches) > 1:
            files = ", ".join(c.path for c in matches)
            raise NetvaultError(f"{name!r} is ambiguous: {files}; use the file name (id)")
        if matches:
            found.setdefault(matches[0].path, matches[0])
            continue
        if create:
            found.setdefault(f"new:{person_slug(_spaced(name))}", _spaced(name))
            continue
        hint = [f"{c.name} ({c.path})" for c in near_misses(loaded.vault.contacts, name)]
        message = f"unknown person {name!r}"
        message += f"; did you mean: {', '.join(hint)}?" if hint else ""
        raise NetvaultError(message + " (or add --create)")
    return list(found.values())


def _spaced(name: str) -> str:
    """A name as `new person` writes it: NFC, single spaces."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _read_back(contacts: Sequence[Contact], planned: NewPerson) -> Contact:
    """The contact just written for `planned`, as the vault now reads it: at its path, or,
    where the disk spells the folder otherwise (a case-insensitive file system), by its
    file name."""
    name = planned.rel.rpartition("/")[2]
    found = [c for c in contacts if c.path == planned.rel] or [
        c for c in contacts if name_key(c.path.rpartition("/")[2]) == name_key(name)
    ]
    if len(found) != 1:
        raise NetvaultError(
            f"wrote {planned.rel}, but the vault does not read it back as one contact;"
            " is [vault] people in netvault.toml the people folder?"
        )
    return found[0]


def _date(value: str, option: str) -> dt.date:
    parsed = parse_date(value)
    if parsed is None or len(value.strip()) != 10:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option)
    return parsed


def _when(value: str) -> tuple[dt.date, dt.date | str]:
    """`--date`: the day, and what the note's `date` says. A date-time (`2026-11-20 14:30`,
    as the vault format allows) is written as ISO text with its time, and counts as its day."""
    text = value.strip()
    day = parse_date(text)
    if day is None:
        raise click.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DD HH:MM)",
            param_hint="--date",
        )
    if len(text) == 10:
        return day, day
    moment = dt.datetime.fromisoformat(text)
    plain = moment.second == 0 and moment.microsecond == 0
    return day, moment.isoformat(timespec="minutes" if plain else "auto")  # keeps a fraction


def _follow_up(value: str | None, day: dt.date) -> dt.date | None:
    if value is None:
        return None
    duration, date = parse_duration(value), parse_date(value)
    if duration is not None and date is None:
        due = add_exactly(day, duration)
        if due is None:  # a cadence may mean "not before the end of time"; a plan may not
            raise click.BadParameter(
                f"{value!r} after {day.isoformat()} is past the last date there is (9999-12-31)",
                param_hint="--follow-up",
            )
        return due
    if date is None:
        raise click.BadParameter(
            f"{value!r} is neither a date (YYYY-MM-DD) nor a delay from the interaction"
            " (10d, 2w, 3m, 1y)",
            param_hint="--follow-up",
        )
    return _date(value, "--follow-up")


@click.command()
@click.argument("names", nargs=-1, required=True, metavar="NAME...")
@click.option("--type", "kind", default="meeting", show_default=True, help="call, coffee, ...")
@click.option("--summary", default=None, help="One line for timelines.")
@click.option("--gave", multiple=True, help="Help you gave (a deposit); repeat for several.")
@click.option("--asked", multiple=True, help="A favour you asked (a withdrawal); repeatable.")
@click.option("--introduced", is_flag=True, help="You introduced these people to each other.")
@click.option("--follow-up", "follow_up", default=None, help="YYYY-MM-DD, or a delay like 2w.")
@click.option("--next-action", default=None, help="What to do at the follow-up.")
@click.option(
    "--date", "day", default=None, help="YYYY-MM-DD or YYYY-MM-DD HH:MM (default: today)."
)
@click.option("--edit", is_flag=True, help="Open the new note in $EDITOR.")
@click.option("--create", is_flag=True, help="Create contacts for unknown names.")
@vault_option
@today_option
def log(
    names: tuple[str, ...],
    kind: str,
    summary: str | None,
    gave: tuple[str, ...],
    asked: tuple[str, ...],
    introduced: bool,
    follow_up: str | None,
    next_action: str | None,
    day: str | None,
    edit: bool,
    create: bool,
    vault_opt: Path | None,
    today: dt.date,
) -> None:
    """Record an interaction with NAME... as a new note under notes/YYYY/.

    \b
    Example:
      netvault log "Ada Lovelace" --type coffee --gave "intro to Bob" --follow-up 2w
    """
    when, written = _when(day) if day is not None else (today, today)
    if introduced and len(names) < 2:
        raise click.UsageError("--introduced needs at least two people")
    kind = kind.strip() or "meeting"
    root = pick_vault(None, vault_opt)
    refuse_inside_a_vault(root, given=vault_opt is not None)
    loaded = load(root)
    wanted = resolve_people(loaded, names, create)
    if introduced and len(wanted) < 2:  # `log Ada Ada --introduced`: one person twice
        raise click.UsageError("--introduced needs at least two different people")
    follow = _follow_up(follow_up, when)
    new_people = [plan_person(loaded, name) for name in wanted if isinstance(name, str)]
    ids = [p.id if isinstance(p, Contact) else person_slug(p) for p in wanted]
    base = f"{when.isoformat()}-{person_slug(kind)}-{person_slug(' '.join(ids))}"
    folder = f"notes/{when.year:04d}"
    clash = existing_variant(root / folder, f"{base}.md")
    # The same file name in another folder (notes kept flat, or by month) is the same
    # meeting logged before, as surely as one in notes/YYYY/ is.
    same = [note.path for note in loaded.vault.notes if name_key(note.id) == name_key(base)]
    if clash is not None or same:
        found = f"{folder}/{clash}" if clash is not None else same[0]
        raise NetvaultError(
            f"{found} already exists; nothing written"
            " (add to that note, or log with another --type or --date)"
        )
    # Every check passed: only now are new contacts written, then the note.
    for planned in new_people:
        click.echo(f"created {write_person(loaded, planned)}")
    contacts = load(root).vault.contacts if new_people else loaded.vault.contacts
    made = iter(new_people)  # in the order of the new names among `wanted`
    people = [p if isinstance(p, Contact) else _read_back(contacts, next(made)) for p in wanted]
    links = [link_for(person, contacts) for person in people]
    fields: dict[str, FieldValue] = {
        "date": written,
        "with": links,
        "type": kind,
        "summary": summary.strip() if summary and summary.strip() else None,
        "gave": [g for g in gave if g.strip()] or None,
        "asked": [a for a in asked if a.strip()] or None,
        "introduced": links if introduced else None,
        "follow_up": follow,
        "next_action": next_action.strip() if next_action and next_action.strip() else None,
    }
    data = render_note(fields).encode("utf-8")
    rel = f"{folder}/{base}.md"
    create_exclusive(root, rel, data)  # refuses too, should the file appear meanwhile
    click.echo(f"created {rel}")
    if edit:
        click.edit(filename=str(root / rel))
