"""Parsed files -> a Vault: records sorted by path, and the problems of the whole set. Pure.

The loader assembles every file it parsed; the engine cache (engine_cache.py) the files it
kept and the few it parsed again. Both must give the same vault and the same problems.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from unicodedata import normalize

from netvault.cache import Parsed
from netvault.model import Contact, Note, Vault
from netvault.problems import Problem, error


def assemble(
    parsed: Iterable[Parsed], problems: Iterable[Problem], files: Iterable[str]
) -> tuple[Vault, list[Problem]]:
    """The vault of the files `parsed` (in the order they were found), and all problems:
    `problems` found before parsing, each file's own, then clashing contact ids. `files`:
    the vault's other files."""
    found = list(problems)
    contacts: list[Contact] = []
    notes: list[Note] = []
    for record, file_problems in parsed:
        found.extend(file_problems)
        if isinstance(record, Contact):
            contacts.append(record)
        elif isinstance(record, Note):
            notes.append(record)
    found.extend(id_collisions(contacts))
    vault = Vault(
        contacts=_distinct_ids(sorted(contacts, key=lambda c: c.path)),
        notes=tuple(sorted(notes, key=lambda n: n.path)),
        files=tuple(sorted(files)),
    )
    return vault, found


_nfc = partial(normalize, "NFC")  # not records.nfc: that module loads the parsers


def _distinct_ids(contacts: list[Contact]) -> tuple[Contact, ...]:
    """Two file names equal once Unicode-normalised (`josé.md` written two ways) give one id;
    the later file by path takes `<id>-2` (or the next number free), so that neither
    contact drops out of the index nor its page overwrites the other's. The collision is an
    error already (`id_collisions`), asking for a rename."""
    taken = {contact.id.casefold() for contact in contacts}  # ids ignore case too
    seen: set[str] = set()
    distinct: list[Contact] = []
    for contact in contacts:
        if contact.id in seen:
            number = 2
            while f"{contact.id}-{number}".casefold() in taken:
                number += 1
            contact = replace(contact, id=f"{contact.id}-{number}")
            taken.add(contact.id.casefold())
        seen.add(contact.id)
        distinct.append(contact)
    return tuple(distinct)


def id_collisions(contacts: list[Contact]) -> list[Problem]:
    """Ids that differ only by case or Unicode normalisation: an error, never a merge."""
    problems: list[Problem] = []
    first: dict[str, Contact] = {}
    for contact in contacts:
        key = contact.id.casefold()
        if key in first:
            other = first[key]
            if contact.path != other.path and _nfc(contact.path) == _nfc(other.path):
                # The two names look the same: say how they differ.
                message = (
                    f"contact file collides with {other.path}, the same name written in"
                    f" another Unicode form ({contact.path!a} and {other.path!a});"
                    " rename one of them"
                )
            else:
                message = (
                    f"contact id {contact.id!r} collides with {other.path} "
                    "(ids ignore case and Unicode normalisation); rename one of them"
                )
            problems.append(error(contact.path, 1, message))
        else:
            first[key] = contact
    return problems
