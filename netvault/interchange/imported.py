"""The neutral shape every importer produces, and the small rules they share (pure).

vCard and CSV readers fill `ImportedContact`; `merge` compares it with the vault; the
import command turns it into front matter with `contact_fields`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from netvault.fields import normalise_tags, parse_birthday
from netvault.model import Birthday, Contact
from netvault.writer import FieldValue

# Labels every Google contact carries; as tags they would say nothing.
_SYSTEM_GROUPS = frozenset({"mycontacts", "my-contacts", "my contacts"})
# A fixed namespace so a contact's exported UID never changes between exports.
UID_NAMESPACE = uuid.UUID("6f1e4a52-3c1d-5b0e-9a57-6e6574766175")


@dataclass(frozen=True)
class ImportedContact:
    """One contact read from an export file, before any decision about the vault."""

    source: str  # the file as the user named it
    line: int  # where the card or row starts
    name: str | None = None
    aliases: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    birthday: Birthday | None = None
    company: str | None = None
    title: str | None = None
    department: str | None = None  # kept as an unknown field: SPEC 1.1 has none
    website: str | None = None
    linkedin: str | None = None
    location: str | None = None
    met: dt.date | None = None
    met_where: str | None = None
    note: str = ""
    uid: str | None = None

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def clean(text: str | None) -> str | None:
    """One line of text: NFC, whitespace runs (tabs, newlines) as one space; None if empty."""
    if text is None:
        return None
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    return flat or None


def unique(values: Iterable[str | None], *, fold: bool = True) -> tuple[str, ...]:
    """Cleaned, non-empty, first spelling kept; duplicates compared casefolded."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        text = clean(value)
        if text is None:
            continue
        key = text.casefold() if fold else text
        if key not in seen:
            seen.add(key)
            kept.append(text)
    return tuple(kept)


def import_tags(values: Iterable[str]) -> tuple[str, ...]:
    """Groups and categories as netvault tags (the loader's own rule), minus system groups."""
    cleaned = [value.strip().removeprefix("* ").strip() for value in values]
    # The loader's rule, so a re-read gives the same tags: commas split, spaces become `-`.
    tags = normalise_tags([v for v in cleaned if v.casefold() not in _SYSTEM_GROUPS])
    return tuple(tag for tag in tags if tag not in _SYSTEM_GROUPS)


_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_COMPACT_YEARLESS = re.compile(r"--(\d{2})-?(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def read_birthday(text: str | None) -> Birthday | None:
    """`1984-03-07`, `19840307`, `--0307`, `--03-07`, `1996-04-15T20:12:43`, `3/7/1984`."""
    if not text:
        return None
    text = text.strip().split("T", 1)[0]
    if match := _COMPACT_DATE.fullmatch(text):
        text = "-".join(match.groups())
    elif match := _COMPACT_YEARLESS.fullmatch(text):
        text = f"--{match.group(1)}-{match.group(2)}"
    elif match := _US_DATE.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
        # a two-digit year (80: 1980 or 2080?) is left out, not guessed
        text = (
            f"--{month:02d}-{day:02d}"
            if len(match.group(3)) == 2
            else f"{year:04d}-{month:02d}-{day:02d}"
        )
    return parse_birthday(text)


def text_only(text: str) -> str:
    """Text for a vCard or iCalendar value: lines end in LF, and control characters other
    than a tab go (RFC 5545 3.3.11 and RFC 6350 allow none; a name typed with a BEL kept
    it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or (ord(c) >= 0x20 and c != "\x7f"))


def stable_uid(contact: Contact) -> str:
    """The UID a contact is exported with: its own `uid` field, else one derived from its id."""
    for extra in contact.extra:
        if extra.key == "uid" and extra.value.strip():
            return extra.value.strip()
    return f"urn:uuid:{uuid.uuid5(UID_NAMESPACE, contact.id.casefold())}"


def contact_fields(contact: ImportedContact) -> dict[str, FieldValue]:
    """Front matter for a new contact file made from an import."""
    return {
        "name": contact.name,
        "aliases": list(contact.aliases) or None,
        "tags": list(contact.tags) or None,
        "company": contact.company,
        "title": contact.title,
        "department": contact.department,
        "location": contact.location,
        "email": list(contact.emails) or None,
        "phone": list(contact.phones) or None,
        "website": contact.website,
        "linkedin": contact.linkedin,
        "birthday": contact.birthday,
        "met": contact.met,
        "met_where": contact.met_where,
        "uid": contact.uid,
    }
