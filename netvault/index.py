"""Index: who is who, and who touched whom when. Pure: Vault + Settings -> Index + Problems.

Resolves every reference (SPEC 1.3: exact id -> exact name -> alias -> the same three
case-insensitively and NFC-normalised -> a note's path or file name), then derives
interactions, touches, mentions, backlinks and tags. The engine and the site read only this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netvault.model import Contact, Link, Note, Vault
from netvault.settings import Settings


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


@dataclass(frozen=True)
class Touch:
    person: str  # contact id
    day: dt.date
    note: str  # the note that holds it
    via: str  # "with" | "introduced" | "task"


@dataclass(frozen=True)
class Resolved:
    """Where a link goes: a contact id, a note path, a vault file, or nothing."""

    kind: str  # "contact" | "note" | "file" | "unresolved" | "ambiguous"
    key: str | None = None
    candidates: tuple[str, ...] = ()


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
    # (path, line, col) of every body link -> where it goes; the site renders from this

    def resolve(self, link: Link | str) -> Resolved:
        raise NotImplementedError  # filled in by the foundation work

    def contact_by_path(self, path: str) -> Contact | None:
        raise NotImplementedError


def build_index(vault: Vault, settings: Settings) -> tuple[Index, list[object]]:
    raise NotImplementedError
