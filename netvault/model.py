"""The vault as values: frozen dataclasses for contacts, notes, links and tasks. No I/O.

The loader builds these from files; the index resolves the references inside them; the
engine and the site read them. Field names follow SPEC 1.1 and 1.2 (docs/vault-format.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netvault.durations import Duration


@dataclass(frozen=True)
class Link:
    """A reference as written: `[[target#heading|label]]`, `![[embed]]`, `[label](x.md)`,
    or a plain name in `with`. Resolution happens in the index, not here."""

    target: str
    line: int
    col: int = 1
    label: str | None = None
    heading: str | None = None
    embed: bool = False
    kind: str = "wiki"  # "wiki" | "markdown" | "plain"


@dataclass(frozen=True)
class Task:
    """A `- [ ]` / `- [x]` line in a body. `due` comes from `📅 YYYY-MM-DD` or `due: YYYY-MM-DD`."""

    line: int
    text: str
    done: bool
    due: dt.date | None = None
    links: tuple[Link, ...] = ()
    bad_due: str | None = None  # a due date that is not a real date, when no other is


@dataclass(frozen=True)
class Birthday:
    month: int
    day: int
    year: int | None = None


@dataclass(frozen=True)
class ExtraField:
    """A front matter field netvault does not know: kept and shown as text."""

    key: str
    value: str
    line: int


@dataclass(frozen=True)
class Body:
    """The Markdown after the front matter. `line` is the file line of its first line."""

    text: str = ""
    line: int = 1
    heading: str | None = None  # the first `# Heading`
    links: tuple[Link, ...] = ()
    tasks: tuple[Task, ...] = ()
    tags: tuple[str, ...] = ()  # `#tags` outside code, without the `#`


@dataclass(frozen=True)
class Contact:
    id: str  # file name without `.md`, NFC
    path: str  # relative to the vault, POSIX
    name: str
    aliases: tuple[str, ...] = ()
    tier: str | None = None
    cadence: Duration | None = None  # None: not set (tier or default applies)
    cadence_never: bool = False  # `cadence: never`
    tags: tuple[str, ...] = ()  # front matter and body tags, lower-cased, sorted
    company: str | None = None
    title: str | None = None
    location: str | None = None
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    website: str | None = None
    linkedin: str | None = None
    birthday: Birthday | None = None
    met: dt.date | None = None
    met_where: str | None = None
    introduced_by: Link | None = None
    recommended_by: Link | None = None
    needs: tuple[str, ...] = ()
    offers: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    last_contact: dt.date | None = None
    snooze_until: dt.date | None = None
    archived: bool = False
    extra: tuple[ExtraField, ...] = ()
    body: Body = field(default_factory=Body)
    field_lines: tuple[tuple[str, int], ...] = ()  # (field, line) of each front matter key
    unread_front_matter: bool = False  # it has front matter that could not be read at all

    def line_of(self, key: str) -> int:
        return dict(self.field_lines).get(key, 1)


@dataclass(frozen=True)
class Note:
    path: str  # relative to the vault, POSIX, with `.md`
    id: str  # file name without `.md`, NFC
    title: str  # `title` field, else first H1, else the file name
    date: dt.date | None = None  # `date`, else the file name's YYYY-MM-DD prefix
    with_: tuple[Link, ...] = ()  # `with` / `people` / `attendees`
    type: str | None = None
    summary: str | None = None
    initiated_by: str | None = None  # "me" | "them"
    gave: tuple[str, ...] = ()
    asked: tuple[str, ...] = ()
    introduced: tuple[Link, ...] = ()
    follow_up: dt.date | None = None
    next_action: str | None = None
    tags: tuple[str, ...] = ()  # front matter and body tags, lower-cased, sorted
    aliases: tuple[str, ...] = ()  # Obsidian-style note aliases
    extra: tuple[ExtraField, ...] = ()
    body: Body = field(default_factory=Body)
    field_lines: tuple[tuple[str, int], ...] = ()

    @property
    def is_interaction(self) -> bool:
        return self.date is not None and bool(self.with_)

    def line_of(self, key: str) -> int:
        return dict(self.field_lines).get(key, 1)


@dataclass(frozen=True)
class Vault:
    """Everything read from one vault folder. Paths are relative; the root never leaks."""

    contacts: tuple[Contact, ...] = ()  # sorted by path
    notes: tuple[Note, ...] = ()  # sorted by path
    files: tuple[str, ...] = ()  # other files (attachments), sorted relative paths
