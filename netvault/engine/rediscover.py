"""Rediscover (SPEC 2): a few weak ties to revive, picked deterministically per ISO week. Pure.

Eligible: not archived, no cadence (a tier or default without one; a contact's own
`cadence: never` opts out of this too), and last contact (else `met`) older than
`rediscover_after`, or never contacted at all. The pick sorts eligible ids by
sha256("{iso_year}-{iso_week}:{id}") and takes `rediscover_count`: the same all week,
different the next, reproducible from `--today`.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from netvault.durations import add
from netvault.engine.reconnect import cadence_of
from netvault.engine.report import Rediscover
from netvault.index import Index


def week_key(today: dt.date, person: str) -> str:
    year, week, _ = today.isocalendar()
    return hashlib.sha256(f"{year}-{week}:{person}".encode()).hexdigest()


def eligible(index: Index, today: dt.date, last: dict[str, dt.date]) -> list[str]:
    """Ids of contacts that qualify for rediscovery today, sorted."""
    after = index.settings.rediscover_after
    result = []
    for person, contact in index.contacts.items():
        if contact.archived or contact.cadence_never:  # `cadence: never` is opted out
            continue
        if cadence_of(contact, index.settings) is not None:
            continue
        anchor = last.get(person, contact.met)
        if anchor is None or add(anchor, after) < today:
            result.append(person)
    return sorted(result)


def rediscover(index: Index, today: dt.date, last: dict[str, dt.date]) -> tuple[Rediscover, ...]:
    """This week's pick, listed by name."""
    pool = eligible(index, today, last)
    picked = sorted(pool, key=lambda person: week_key(today, person))
    picked = picked[: index.settings.rediscover_count]
    items = [
        Rediscover(
            id=person,
            name=index.contacts[person].name,
            last_contact=last.get(person),
            met=index.contacts[person].met,
        )
        for person in picked
    ]
    items.sort(key=lambda item: (item.name.casefold(), item.id))
    return tuple(items)
