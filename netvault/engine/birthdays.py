"""Birthdays (SPEC 2): the next occurrence within `birthday_lead` days of today, and today.

Pure. 29 February is celebrated on 28 February in common years; the age turned is shown
only when the birth year is known.
"""

from __future__ import annotations

import calendar
import datetime as dt

from netvault.durations import Duration, add
from netvault.engine.report import BirthdayItem
from netvault.index import Index
from netvault.model import Birthday, Contact


def occurrence(birthday: Birthday, year: int) -> dt.date | None:
    """The day the birthday is celebrated in `year` (None for an impossible month/day)."""
    day = birthday.day
    if birthday.month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    try:
        return dt.date(year, birthday.month, day)
    except ValueError:
        return None


def next_birthday(birthday: Birthday, today: dt.date) -> dt.date | None:
    """The first celebration on or after `today`."""
    for year in (today.year, today.year + 1):
        day = occurrence(birthday, year)
        if day is not None and day >= today:
            return day
    return None


def birthday_item(contact: Contact, today: dt.date) -> BirthdayItem | None:
    if contact.birthday is None:
        return None
    day = next_birthday(contact.birthday, today)
    if day is None:
        return None
    year = contact.birthday.year
    # A birth year after the celebration (a typo, or a date not yet come) has no age to show.
    turns = day.year - year if year is not None and day.year > year else None
    return BirthdayItem(id=contact.id, name=contact.name, date=day, turns=turns)


def birthdays(index: Index, today: dt.date, lead: Duration) -> tuple[BirthdayItem, ...]:
    """Non-archived contacts whose next birthday falls in [today, today + lead], soonest first."""
    horizon = add(today, lead)
    items = []
    for contact in index.contacts.values():
        if contact.archived:
            continue
        item = birthday_item(contact, today)
        if item is not None and item.date <= horizon:
            items.append(item)
    items.sort(key=lambda item: (item.date, item.name.casefold(), item.id))
    return tuple(items)
