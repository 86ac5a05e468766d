"""Introductions, the referral forest, people to meet, thanking the recommender (SPEC 2). Pure.

- An introduction is open until either person is touched on a later day; once
  `intro_check_in` has passed it asks you to close the loop.
- `introduced_by` links form the referral forest (cycles tolerated: each person counted once).
- A contact with `recommended_by` is "to meet" until first met: the earliest touch on or
  before today, else `met`, else the `last_contact` field (on or before today). Once met, the
  recommender is to be thanked until their last contact falls on or after that first day.
"""

from __future__ import annotations

import datetime as dt

from netvault.durations import add
from netvault.engine.followups import all_archived, touched_after
from netvault.engine.reconnect import past_touch_days
from netvault.engine.report import IntroToClose, PersonToMeet, Referrals, ThankRecommender
from netvault.index import Index


def open_intros(index: Index, last_touch: dict[str, dt.date], today: dt.date) -> list[IntroToClose]:
    """Every introduction made on or before today that nobody has followed up yet."""
    items = []
    for interaction in index.interactions:
        people = interaction.introduced
        if len(people) < 2 or interaction.day > today:
            continue
        if touched_after(people, interaction.day, last_touch):
            continue
        check_in = add(interaction.day, index.settings.intro_check_in)
        items.append(IntroToClose(interaction.note, interaction.day, people, check_in))
    items.sort(key=lambda item: (item.date, item.note))
    return items


def intros_to_close(
    index: Index, last_touch: dict[str, dt.date], today: dt.date
) -> tuple[IntroToClose, ...]:
    """Open introductions whose check-in day has come, but those between archived people."""
    return tuple(
        item
        for item in open_intros(index, last_touch, today)
        if item.check_in is not None
        and item.check_in <= today
        and not all_archived(index, item.people)
    )


def _name_key(index: Index, person: str) -> tuple[str, str]:
    contact = index.contacts.get(person)
    return ((contact.name if contact else person).casefold(), person)


def _descendants(children: dict[str, tuple[str, ...]], root: str) -> set[str]:
    seen: set[str] = set()
    stack = list(children.get(root, ()))
    while stack:
        person = stack.pop()
        if person in seen or person == root:
            continue
        seen.add(person)
        stack.extend(children.get(person, ()))
    return seen


def referrals(index: Index) -> Referrals:
    """Who brought whom into the network, directly and through others."""
    direct: dict[str, list[str]] = {}
    for person, introducer in index.introduced_by.items():
        if person != introducer and person in index.contacts and introducer in index.contacts:
            direct.setdefault(introducer, []).append(person)
    children = {
        introducer: tuple(sorted(people, key=lambda p: _name_key(index, p)))
        for introducer, people in sorted(direct.items())
    }
    introducers = sorted(children, key=lambda p: _name_key(index, p))
    roots = [p for p in introducers if p not in index.introduced_by or p == index.introduced_by[p]]
    reached: set[str] = set()
    for root in roots:
        reached |= _descendants(children, root) | {root}
    # A cycle (A introduced B, B introduced A) has no natural top: its first member by name is one.
    for person in introducers:
        if person not in reached:
            roots.append(person)
            reached |= _descendants(children, person) | {person}
    counts = [(person, len(_descendants(children, person))) for person in introducers]
    best = sorted((c for c in counts if c[1] > 0), key=lambda c: (-c[1], _name_key(index, c[0])))
    return Referrals(children=children, roots=tuple(roots), best_sources=tuple(best[:5]))


def first_meetings(index: Index, today: dt.date) -> dict[str, dt.date]:
    """The day each contact was first met, as far as the vault knows (on or before today)."""
    first = {person: min(days) for person, days in past_touch_days(index, today).items()}
    for person, contact in index.contacts.items():
        if person in first:
            continue
        for day in (contact.met, contact.last_contact):
            if day is not None and day <= today:
                first[person] = day
                break
    return first


def people_to_meet(index: Index, met: dict[str, dt.date]) -> tuple[PersonToMeet, ...]:
    """Recommended contacts not met yet, by name."""
    items = [
        PersonToMeet(person, index.contacts[person].name, recommender)
        for person, recommender in index.recommended_by.items()
        if person in index.contacts and person not in met and not index.contacts[person].archived
    ]
    items.sort(key=lambda item: (item.name.casefold(), item.id))
    return tuple(items)


def thank_recommender(
    index: Index, met: dict[str, dt.date], touched: dict[str, dt.date]
) -> tuple[ThankRecommender, ...]:
    """Recommenders with no touch since (or on) the day you first met their recommendation.
    `touched` holds real touches only: a `last_contact` field is not a thank-you."""
    items = []
    for person, recommender in index.recommended_by.items():
        contact = index.contacts.get(person)
        source = index.contacts.get(recommender)
        if contact is None or source is None or source.archived or recommender == person:
            continue
        first = met.get(person)
        if first is None or (recommender in touched and touched[recommender] >= first):
            continue
        items.append(ThankRecommender(recommender, source.name, person, first))
    items.sort(key=lambda item: (item.met_on or dt.date.min, item.name.casefold(), item.for_))
    return tuple(items)
