"""Reconnect (SPEC 2): last contact, cadence, anchor, due date, status and order.

Pure: a function of the Index, the Settings and `today`. Also home of the two questions every
other rule asks — "when was this person last touched?" and "what is their cadence?".
"""

from __future__ import annotations

import datetime as dt

from netvault.durations import Duration, add
from netvault.engine.report import Reconnect
from netvault.index import Index
from netvault.model import Contact
from netvault.problems import Problem, warning
from netvault.settings import Settings


def past_touch_days(index: Index, today: dt.date) -> dict[str, list[dt.date]]:
    """Each touched contact's touch days on or before `today` (later ones are only planned)."""
    found: dict[str, list[dt.date]] = {}
    for person, touches in index.touches.items():
        days = [touch.day for touch in touches if touch.day <= today]
        if days:
            found[person] = days
    return found


def last_touches(index: Index, today: dt.date) -> dict[str, dt.date]:
    """Each contact's latest touch on or before `today`."""
    return {person: max(days) for person, days in past_touch_days(index, today).items()}


def last_contacts(index: Index, today: dt.date) -> dict[str, dt.date]:
    """Latest touch on or before `today`, or the `last_contact` field when that is later."""
    latest = last_touches(index, today)
    for person, contact in index.contacts.items():
        field = contact.last_contact
        # A `last_contact` typed in the future is a typo, not a contact: it must not hide reminders.
        if field is None or field > today:
            continue
        if person not in latest or field > latest[person]:
            latest[person] = field
    return latest


def last_contacts_ahead(index: Index, today: dt.date) -> list[Problem]:
    """A warning for each `last_contact` dated after `today`, which `last_contacts` ignores:
    without one, a mistyped year would quietly leave the contact due."""
    found = []
    for contact in index.contacts.values():
        if contact.last_contact is not None and contact.last_contact > today:
            found.append(
                warning(
                    contact.path,
                    contact.line_of("last_contact"),
                    f"'last_contact' {contact.last_contact.isoformat()} is after today "
                    f"({today.isoformat()}); it is ignored until then",
                )
            )
    return found


def cadence_of(contact: Contact, settings: Settings) -> Duration | None:
    """`cadence`, else the tier's, else the default; None for `never`. Ignores `archived`."""
    if contact.cadence_never:
        return None
    if contact.cadence is not None:
        return contact.cadence
    return settings.tier_cadence(contact.tier) or settings.default_cadence


def reconnect_item(
    contact: Contact,
    cadence: Duration,
    last_contact: dt.date | None,
    today: dt.date,
    due_soon: Duration,
) -> Reconnect:
    anchor = last_contact if last_contact is not None else contact.met
    if anchor is None:
        due, ratio, lapse = today, 1.0, None
    else:
        due = add(anchor, cadence)
        # Zero-length cadences (`0d`) would divide by zero; one day keeps the order meaningful.
        span = max((due - anchor).days, 1)
        ratio = (today - anchor).days / span
        lapse = add(due, cadence)  # anchor + cadence + cadence, each a calendar step
    snoozed = None
    if contact.snooze_until is not None and contact.snooze_until > due:
        due = snoozed = contact.snooze_until
    if due > add(today, due_soon):  # SPEC 2: a snooze moves `due`, the statuses follow
        status = "ok"
    elif due > today:
        status = "soon"
    elif lapse is not None and today >= lapse:
        status = "lapsed"
    else:
        status = "overdue"
    return Reconnect(
        id=contact.id,
        name=contact.name,
        status=status,
        due=due,
        last_contact=last_contact,
        anchor=anchor,
        cadence=cadence,
        never_contacted=anchor is None,
        ratio=ratio,
        snoozed_until=snoozed,
    )


def reconnect(
    index: Index, today: dt.date, due_soon: Duration, last: dict[str, dt.date]
) -> tuple[Reconnect, ...]:
    """Every non-archived contact with a cadence, furthest behind first, then by name."""
    items = []
    for contact in index.contacts.values():
        cadence = cadence_of(contact, index.settings)
        if contact.archived or cadence is None:
            continue
        items.append(reconnect_item(contact, cadence, last.get(contact.id), today, due_soon))
    items.sort(key=lambda item: (-item.ratio, item.name.casefold(), item.id))
    return tuple(items)
