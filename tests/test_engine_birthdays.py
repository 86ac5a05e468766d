"""Birthdays: the window, leap days in leap and common years, the age turned (SPEC 2)."""

from __future__ import annotations

from engine_helpers import D, days, make_index, person

from netvault.engine.birthdays import birthdays, next_birthday
from netvault.model import Birthday

LEAP = Birthday(month=2, day=29, year=2000)


def test_leap_day_is_28_february_in_common_years() -> None:
    assert next_birthday(LEAP, D(2027, 1, 1)) == D(2027, 2, 28)
    assert next_birthday(LEAP, D(2027, 2, 28)) == D(2027, 2, 28)
    assert next_birthday(LEAP, D(2027, 3, 1)) == D(2028, 2, 29)


def test_leap_day_is_29_february_in_leap_years() -> None:
    assert next_birthday(LEAP, D(2028, 2, 28)) == D(2028, 2, 29)
    index = make_index([person("leo", birthday=LEAP)])
    (item,) = birthdays(index, D(2028, 2, 20), days(14))
    assert (item.id, item.date, item.turns) == ("leo", D(2028, 2, 29), 28)


def test_window_includes_today_and_the_last_lead_day_only() -> None:
    index = make_index(
        [
            person("today", birthday=Birthday(5, 1)),
            person("edge", birthday=Birthday(5, 15, 1990)),
            person("late", birthday=Birthday(5, 16)),
            person("past", birthday=Birthday(4, 30)),
            person("gone", birthday=Birthday(5, 2), archived=True),
        ]
    )
    items = birthdays(index, D(2026, 5, 1), days(14))
    assert [(i.id, i.date, i.turns) for i in items] == [
        ("today", D(2026, 5, 1), None),
        ("edge", D(2026, 5, 15), 36),
    ]


def test_window_crosses_the_new_year_and_turns_counts_that_year() -> None:
    index = make_index([person("ny", birthday=Birthday(1, 3, 1980))])
    (item,) = birthdays(index, D(2026, 12, 25), days(14))
    assert (item.date, item.turns) == (D(2027, 1, 3), 47)


def test_a_birth_year_not_before_the_celebration_shows_no_age() -> None:
    index = make_index(
        [
            person("future", birthday=Birthday(11, 20, 2030)),
            person("newborn", birthday=Birthday(11, 18, 2026)),
            person("one", birthday=Birthday(11, 19, 2025)),
        ]
    )
    items = birthdays(index, D(2026, 11, 16), days(14))
    assert [(i.id, i.turns) for i in items] == [("newborn", None), ("one", 1), ("future", None)]
