"""Typed page contexts: one frozen dataclass per page type, passed to its template as `page`.

The page builders (`people_pages`, `dashboard`, `browse_pages`) fill these from the index
and the engine's report; the templates only read them. Every `path` below is relative to
the site's root (`people/ada.html`); templates prefix it with `page.root`, which climbs from
the page's own folder back to the root, so every link in the site is relative.
Text fields hold the user's text as is: Jinja's autoescape makes it safe on output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

# --- references to other pages --------------------------------------------------------


MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(iso: str) -> str:
    """`2026-11-16` -> `Monday 16 November 2026` (the templates' `long_date` filter), in
    English whatever the machine's locale, so the same vault builds the same bytes anywhere."""
    day = dt.date.fromisoformat(iso)
    return f"{_DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def field_label(key: str) -> str:
    """An unknown front-matter key as a profile label, beside the known fields' own labels:
    `pronouns` -> `Pronouns`, `favourite_coffee` -> `Favourite coffee`. A key with a capital
    letter in it (`GitHub`, `iCloud`) is the user's own spelling and is shown as written."""
    if any(char.isupper() for char in key):
        return key
    words = key.replace("_", " ").split()
    label = " ".join(words) or key
    return label[:1].upper() + label[1:]


@dataclass(frozen=True)
class PersonRef:
    id: str
    name: str
    path: str | None  # None when the id has no contact (shown as text)


@dataclass(frozen=True)
class NoteRef:
    path: str | None  # None for a contact's own file that is not a note
    title: str
    date: str | None  # YYYY-MM-DD


@dataclass(frozen=True)
class TagRef:
    name: str
    path: str
    count: int = 0


@dataclass(frozen=True)
class Field:
    """One line of a profile: a label and either a link (`href`) or plain text."""

    label: str
    text: str
    href: str | None = None
    external: bool = False  # an `http(s)` link: gets rel="noopener noreferrer"


@dataclass(frozen=True)
class Activity:
    """One interaction as a line in a timeline."""

    note: NoteRef
    date: str
    type: str  # the note's `type`, else "intro" or "note" (Interaction.kind)
    summary: str | None
    people: tuple[PersonRef, ...]
    planned: bool = False


# --- every page -----------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Page:
    site_title: str
    title: str  # the page's own title, shown in <title> and as <h1>
    root: str  # "" at the top level, "../" one folder down
    section: str  # which top navigation entry is current: dashboard|people|timeline|tags|network
    scripts: tuple[str, ...] = ()  # extra scripts under assets/, besides search


# --- dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconnectItem:
    person: PersonRef
    status: str  # soon | overdue | lapsed
    due: str
    when: str  # "3 weeks overdue", "due in 4 days"
    last_contact: str | None
    cadence: str


@dataclass(frozen=True)
class BirthdayEntry:
    person: PersonRef
    date: str
    when: str  # "today", "in 3 days"
    turns: int | None


@dataclass(frozen=True)
class FollowUpEntry:
    note: NoteRef
    people: tuple[PersonRef, ...]
    text: str | None  # next action, or the promise's task text
    due: str
    late: bool


@dataclass(frozen=True)
class IntroEntry:
    note: NoteRef
    date: str
    people: tuple[PersonRef, ...]
    check_in: str | None


@dataclass(frozen=True)
class PairEntry:
    """Two people and why they are together: "meet X (suggested by Y)", "thank Y for X"."""

    person: PersonRef
    other: PersonRef | None
    date: str | None = None


@dataclass(frozen=True)
class LedgerEntry:
    person: PersonRef
    deposits: int
    withdrawals: int
    deposits_left: int


@dataclass(frozen=True)
class HelpEntry:
    person: PersonRef
    need: str
    candidates: tuple[PersonRef, ...]


@dataclass(frozen=True)
class RediscoverEntry:
    person: PersonRef
    last_contact: str | None
    when: str


@dataclass(frozen=True)
class SourceEntry:
    person: PersonRef
    count: int


@dataclass(frozen=True, kw_only=True)
class DashboardPage(Page):
    today: str
    counts: tuple[tuple[str, int], ...]  # (label, number) for the summary line
    totals: dict[str, int]  # section -> items in the report; the lists hold the first few
    reconnect: tuple[ReconnectItem, ...]
    birthdays: tuple[BirthdayEntry, ...]
    follow_ups: tuple[FollowUpEntry, ...]
    promises: tuple[FollowUpEntry, ...]
    intros_to_close: tuple[IntroEntry, ...]
    people_to_meet: tuple[PairEntry, ...]
    thank_recommender: tuple[PairEntry, ...]
    who_can_i_help: tuple[HelpEntry, ...]
    in_the_red: tuple[LedgerEntry, ...]
    rediscover: tuple[RediscoverEntry, ...]
    planned: tuple[Activity, ...]
    recent: tuple[Activity, ...]
    best_sources: tuple[SourceEntry, ...]
    has_ics: bool
    has_vcf: bool
    give_ratio: int = 7  # favours given for each one asked (reminders.give_ratio)
    full: bool = False  # `reminders.html`: every item of every list, nothing else


# --- people ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    person: PersonRef
    company: str
    tags: tuple[TagRef, ...]
    tier: str
    status: str  # ok | soon | overdue | lapsed | "" (no cadence) | archived
    last_contact: str
    due: str
    ledger: str  # "3 / 1" deposits / withdrawals, or ""
    search: str  # lower-cased name, aliases, company, tags for the filter


@dataclass(frozen=True, kw_only=True)
class PeoplePage(Page):
    rows: tuple[PersonRow, ...]
    tags: tuple[str, ...]
    tiers: tuple[str, ...]
    statuses: tuple[str, ...]
    light: bool  # many contacts: tags as text, not links, to keep the page small


@dataclass(frozen=True)
class Match:
    text: str  # the need (or offer)
    people: tuple[PersonRef, ...]


@dataclass(frozen=True)
class Referral:
    """One node of a referral subtree, with the people it brought in, flattened by depth."""

    person: PersonRef
    depth: int  # 0 for people this contact introduced directly
    via: str  # the name of whoever brought them in, for depth > 0; "" at depth 0


@dataclass(frozen=True)
class Standing:
    status: str  # ok | soon | overdue | lapsed | none | archived
    due: str | None
    when: str | None
    cadence: str | None
    last_contact: str | None
    snoozed_until: str | None


@dataclass(frozen=True)
class Books:
    deposits: int
    withdrawals: int
    deposits_left: int
    in_the_red: bool
    give_ratio: int


@dataclass(frozen=True, kw_only=True)
class PersonPage(Page):
    person: PersonRef
    aliases: tuple[str, ...]
    profile: tuple[Field, ...]
    tags: tuple[TagRef, ...]
    standing: Standing
    birthday: str | None  # "14 March (turns 40 on 2026-03-14)"
    books: Books
    needs: tuple[Match, ...]  # each need with the people who could help
    offers: tuple[Match, ...]  # each person whose need this person could help with
    offering: tuple[str, ...] = ()  # what this person offers, as written
    introduced_by: PersonRef | None
    recommended_by: PersonRef | None
    introduced_to_you: tuple[Referral, ...]  # their referral subtree
    timeline: tuple[Activity, ...]
    mentions: tuple[NoteRef, ...]
    extra: tuple[Field, ...]
    body: Markup
    source: str  # the contact's file, relative to the vault


# --- notes, tags, timeline, network ---------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NotePage(Page):
    note: NoteRef
    fields: tuple[Field, ...]
    people: tuple[PersonRef, ...]
    introduced: tuple[PersonRef, ...]
    tags: tuple[TagRef, ...]
    backlinks: tuple[NoteRef, ...]
    mentioned_people: tuple[PersonRef, ...]  # contact files that link to this note
    extra: tuple[Field, ...]
    body: Markup
    source: str


@dataclass(frozen=True, kw_only=True)
class TagsPage(Page):
    tags: tuple[TagRef, ...]


@dataclass(frozen=True, kw_only=True)
class TagPage(Page):
    tag: str
    people: tuple[TagPerson, ...]
    notes: tuple[NoteRef, ...]
    note_years: tuple[NoteYear, ...]  # the notes by year, newest first; () for a short list


@dataclass(frozen=True)
class NoteYear:
    """A year's notes on a tag's page: `year` is `2026`, or `Undated`."""

    year: str
    anchor: str  # the id of its heading
    notes: tuple[NoteRef, ...]


@dataclass(frozen=True)
class TagPerson:
    """A person on a tag's page: who, where they work, how their reconnecting stands."""

    person: PersonRef
    company: str
    status: str  # as PersonRow.status


@dataclass(frozen=True)
class Month:
    key: str  # YYYY-MM, also the section id
    label: str  # "November 2026"
    entries: tuple[Activity, ...]


@dataclass(frozen=True)
class YearRef:
    year: str
    path: str  # timeline.html for the latest year, timeline/YYYY.html for the others
    count: int
    current: bool


@dataclass(frozen=True, kw_only=True)
class TimelinePage(Page):
    planned: tuple[Activity, ...]  # only on the first page
    months: tuple[Month, ...]  # this page's year, newest month first
    years: tuple[YearRef, ...]  # every year with interactions, newest first


@dataclass(frozen=True, kw_only=True)
class NetworkPage(Page):
    svg: Markup  # built by render.graph; every name in it already escaped
    nodes: int
    edges: int
    people: tuple[PersonRef, ...]  # the same people as a plain list, for screen readers
