"""The engine's output types: one frozen dataclass per kind of reminder, and the `Report`.

The engine modules fill these; `due`, `brief`, the ics export and the site only read them.
`report_to_json` in `netvault.engine` turns a Report into SPEC 3.1's `due --json` shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from netvault.durations import Duration


@dataclass(frozen=True)
class Reconnect:
    """One contact with a cadence that is not archived; `ok` ones included."""

    id: str
    name: str
    status: str  # "ok" | "soon" | "overdue" | "lapsed"
    due: dt.date
    last_contact: dt.date | None
    anchor: dt.date | None  # last contact, else `met`
    cadence: Duration
    never_contacted: bool
    ratio: float  # (today - anchor) / days of one cadence from the anchor; never contacted: 1.0
    snoozed_until: dt.date | None = None  # set when `snooze_until` pushed `due` later


@dataclass(frozen=True)
class BirthdayItem:
    id: str
    name: str
    date: dt.date  # the next occurrence, on or after today
    turns: int | None  # None when the birth year is unknown


@dataclass(frozen=True)
class FollowUp:
    note: str  # path of the interaction
    date: dt.date  # day of the interaction
    people: tuple[str, ...]
    next_action: str | None
    due: dt.date  # the `follow_up` date


@dataclass(frozen=True)
class Promise:
    note: str  # path of the note (or contact file) holding the open task
    line: int
    text: str
    due: dt.date
    people: tuple[str, ...]


@dataclass(frozen=True)
class IntroToClose:
    note: str
    date: dt.date  # day of the introduction
    people: tuple[str, ...]  # the people introduced
    check_in: dt.date | None = None  # date + intro_check_in: when to close the loop


@dataclass(frozen=True)
class PersonToMeet:
    id: str
    name: str
    recommended_by: str  # recommender id


@dataclass(frozen=True)
class ThankRecommender:
    id: str  # the recommender
    name: str  # the recommender's name
    for_: str  # id of the person met
    met_on: dt.date | None = None  # day of the first meeting with `for_`


@dataclass(frozen=True)
class Ledger:
    id: str
    name: str
    deposits: int
    withdrawals: int
    in_the_red: bool
    deposits_left: int  # deposits needed so that one more ask still keeps the give ratio


@dataclass(frozen=True)
class HelpMatch:
    id: str  # the person with the need
    name: str
    need: str
    candidates: tuple[str, ...]  # ids, best first, at most three
    shared: tuple[tuple[str, ...], ...] = ()  # the shared words of each candidate


@dataclass(frozen=True)
class Rediscover:
    id: str
    name: str
    last_contact: dt.date | None
    met: dt.date | None = None


@dataclass(frozen=True)
class Planned:
    note: str
    date: dt.date
    people: tuple[str, ...]


@dataclass(frozen=True)
class Referrals:
    """The referral forest built from `introduced_by`."""

    children: dict[str, tuple[str, ...]] = field(default_factory=dict)  # introducer -> ids
    roots: tuple[str, ...] = ()
    best_sources: tuple[tuple[str, int], ...] = ()  # (id, people brought in), best first, top 5


@dataclass(frozen=True)
class Report:
    today: dt.date
    reconnect: tuple[Reconnect, ...]  # every contact with a cadence, in SPEC 2 order
    birthdays: tuple[BirthdayItem, ...]
    follow_ups: tuple[FollowUp, ...]  # open ones due within the window
    promises: tuple[Promise, ...]  # open ones due within the window
    intros_to_close: tuple[IntroToClose, ...]
    people_to_meet: tuple[PersonToMeet, ...]
    thank_recommender: tuple[ThankRecommender, ...]
    ledgers: dict[str, Ledger]  # every contact with any deposit or withdrawal
    in_the_red: tuple[Ledger, ...]
    who_can_i_help: tuple[HelpMatch, ...]
    rediscover: tuple[Rediscover, ...]
    planned: tuple[Planned, ...]
    referrals: Referrals
    last_contact: dict[str, dt.date]  # latest touch on or before today, or the field if later
    open_follow_ups: tuple[FollowUp, ...]  # every open one, whenever due (for `brief`)
    open_promises: tuple[Promise, ...]  # every open one, whenever due (for `brief`)

    @property
    def reminders(self) -> tuple[Reconnect, ...]:
        """The reconnect items `due` shows: soon, overdue and lapsed."""
        return tuple(item for item in self.reconnect if item.status != "ok")
