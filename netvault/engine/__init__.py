"""The relationship engine (SPEC 2): Index + `today` -> Report. Pure: no clock, no files.

`work_out` runs every rule once, each in its own module:

    reconnect   last contact, cadence, due date, status and order
    birthdays   the next birthdays within the lead
    followups   follow-ups, promises, planned interactions
    ledger      give-first deposits and withdrawals, in the red
    intros      introductions to close, referral forest, people to meet, thank the recommender
    matching    who can I help
    rediscover  weak ties to revive, picked per ISO week

`report_to_json` gives exactly the shape of `netvault due --json` (SPEC 3.1).
"""

from __future__ import annotations

import datetime as dt

from netvault.durations import Duration, add
from netvault.engine import birthdays, followups, intros, ledger, matching, reconnect, rediscover
from netvault.engine.report import (
    BirthdayItem,
    FollowUp,
    HelpMatch,
    IntroToClose,
    Ledger,
    PersonToMeet,
    Planned,
    Promise,
    Reconnect,
    Rediscover,
    Referrals,
    Report,
    ThankRecommender,
)
from netvault.index import Index

__all__ = [
    "BirthdayItem",
    "FollowUp",
    "HelpMatch",
    "IntroToClose",
    "Ledger",
    "PersonToMeet",
    "Planned",
    "Promise",
    "Reconnect",
    "Rediscover",
    "Referrals",
    "Report",
    "ThankRecommender",
    "report_to_json",
    "work_out",
]


def work_out(index: Index, today: dt.date, within: Duration | None = None) -> Report:
    """Every reminder for `today`. `within` replaces both `due_soon` and `birthday_lead`."""
    settings = index.settings
    due_soon = within if within is not None else settings.due_soon
    lead = within if within is not None else settings.birthday_lead
    touched = reconnect.last_touches(index, today)
    last = reconnect.last_contacts(index, today)
    met = intros.first_meetings(index, today)
    books = ledger.ledgers(index, today)
    horizon = add(today, due_soon)
    open_follow_ups = followups.follow_ups(index, today, touched)
    open_promises = followups.promises(index)
    return Report(
        today=today,
        reconnect=reconnect.reconnect(index, today, due_soon, last),
        birthdays=birthdays.birthdays(index, today, lead),
        follow_ups=tuple(
            item
            for item in open_follow_ups
            if item.due <= horizon and not followups.all_archived(index, item.people)
        ),
        promises=tuple(item for item in open_promises if item.due <= horizon),
        intros_to_close=intros.intros_to_close(index, touched, today),
        people_to_meet=intros.people_to_meet(index, met),
        thank_recommender=intros.thank_recommender(index, met, touched),
        ledgers=books,
        in_the_red=ledger.in_the_red(index, books),
        who_can_i_help=matching.who_can_i_help(index),
        rediscover=rediscover.rediscover(index, today, last),
        planned=followups.planned(index, today),
        referrals=intros.referrals(index),
        last_contact=last,
        open_follow_ups=open_follow_ups,
        open_promises=open_promises,
    )


def _day(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def report_to_json(report: Report) -> dict[str, object]:
    """SPEC 3.1: one key per list (empty lists included), people by id, dates as text."""
    return {
        "today": report.today.isoformat(),
        "reconnect": [
            {
                "id": item.id,
                "name": item.name,
                "status": item.status,
                "due": item.due.isoformat(),
                "last_contact": _day(item.last_contact),
                "cadence": item.cadence.text,
            }
            for item in report.reminders
        ],
        "birthdays": [
            {"id": b.id, "name": b.name, "date": b.date.isoformat(), "turns": b.turns}
            for b in report.birthdays
        ],
        "follow_ups": [
            {
                "note": f.note,
                "date": f.date.isoformat(),
                "people": list(f.people),
                "next_action": f.next_action,
                "due": f.due.isoformat(),
            }
            for f in report.follow_ups
        ],
        "promises": [
            {
                "note": p.note,
                "line": p.line,
                "text": p.text,
                "due": p.due.isoformat(),
                "people": list(p.people),
            }
            for p in report.promises
        ],
        "intros_to_close": [
            {"note": i.note, "date": i.date.isoformat(), "people": list(i.people)}
            for i in report.intros_to_close
        ],
        "people_to_meet": [
            {"id": p.id, "name": p.name, "recommended_by": p.recommended_by}
            for p in report.people_to_meet
        ],
        "thank_recommender": [
            {"id": t.id, "name": t.name, "for": t.for_} for t in report.thank_recommender
        ],
        "in_the_red": [
            {
                "id": r.id,
                "name": r.name,
                "deposits": r.deposits,
                "withdrawals": r.withdrawals,
                "deposits_left": r.deposits_left,
            }
            for r in report.in_the_red
        ],
        "who_can_i_help": [
            {"id": h.id, "name": h.name, "need": h.need, "candidates": list(h.candidates)}
            for h in report.who_can_i_help
        ],
        "rediscover": [
            {"id": r.id, "name": r.name, "last_contact": _day(r.last_contact)}
            for r in report.rediscover
        ],
        "planned": [
            {"note": p.note, "date": p.date.isoformat(), "people": list(p.people)}
            for p in report.planned
        ],
    }
