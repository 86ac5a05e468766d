"""Rediscover: eligibility and a pick stable within an ISO week, changing across weeks."""

from __future__ import annotations

import datetime as dt

from engine_helpers import D, days, make_index, met, person

from netvault.engine import work_out
from netvault.engine.rediscover import eligible
from netvault.settings import Settings

MANY = [person(f"p{n:02d}") for n in range(30)]


def pick(day: dt.date) -> list[str]:
    report = work_out(make_index(MANY), day)
    return [r.id for r in report.rediscover]


def test_eligible_no_cadence_not_archived_and_old_or_never() -> None:
    index = make_index(
        [
            person("never"),
            person("old", met=D(2025, 1, 1)),
            person("edge", met=D(2025, 1, 31)),  # exactly 365 days: not older
            person("fresh"),
            person("tiered", tier="A"),
            person("gone", archived=True),
            person("opted-out", met=D(2025, 1, 1), cadence_never=True),  # `cadence: never`
        ],
        [met("talk", D(2025, 12, 1), "fresh")],
    )
    last = work_out(index, D(2026, 1, 31)).last_contact
    assert eligible(index, D(2026, 1, 31), last) == ["never", "old"]
    assert eligible(index, D(2026, 2, 1), last) == ["edge", "never", "old"]


def test_pick_is_stable_within_an_iso_week_and_changes_across_weeks() -> None:
    monday, sunday = D(2026, 3, 2), D(2026, 3, 8)
    assert monday.isocalendar()[1] == sunday.isocalendar()[1]
    week = pick(monday)
    assert len(week) == 3
    assert pick(sunday) == week
    assert pick(D(2026, 3, 9)) != week
    assert pick(D(2026, 3, 9)) == pick(D(2026, 3, 15))


def test_count_follows_settings_and_result_is_listed_by_name() -> None:
    index = make_index(MANY, settings=Settings(rediscover_count=5, rediscover_after=days(30)))
    items = work_out(index, D(2026, 3, 2)).rediscover
    assert len(items) == 5
    assert [i.name for i in items] == sorted(i.name for i in items)
    assert all(i.last_contact is None for i in items)
