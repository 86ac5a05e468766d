"""Reconnect: last contact, cadence, anchor, due, status boundaries and order (SPEC 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import VaultMaker
from engine_helpers import D, days, index_from, make_index, met, months, person

from netvault.durations import Duration
from netvault.engine import work_out
from netvault.engine.reconnect import cadence_of, last_contacts, reconnect, reconnect_item
from netvault.settings import Settings

WEEK = days(7)


def item_for(anchor: dt.date | None, cadence: Duration, today: dt.date, **fields: object):  # type: ignore[no-untyped-def]
    return reconnect_item(person("ada", met=anchor, **fields), cadence, None, today, WEEK)


def test_month_end_due_date_is_clamped() -> None:
    assert item_for(D(2026, 1, 31), months(1), D(2026, 1, 31)).due == D(2026, 2, 28)
    assert item_for(D(2024, 1, 31), months(1), D(2024, 1, 31)).due == D(2024, 2, 29)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (D(2026, 2, 2), "ok"),  # due is 8 days away
        (D(2026, 2, 3), "soon"),  # due == today + due_soon
        (D(2026, 2, 9), "soon"),
        (D(2026, 2, 10), "overdue"),  # due == today
        (D(2026, 3, 9), "overdue"),
        (D(2026, 3, 10), "lapsed"),  # today == anchor + cadence + cadence
    ],
)
def test_status_boundaries(today: dt.date, status: str) -> None:
    item = item_for(D(2026, 1, 10), months(1), today)
    assert item.due == D(2026, 2, 10)
    assert item.status == status


def test_lapse_uses_two_calendar_steps_not_double_cadence() -> None:
    # Jan 31 + 1m = Feb 28, + 1m = Mar 28 (Jan 31 + 2m would be Mar 31).
    assert item_for(D(2026, 1, 31), months(1), D(2026, 3, 27)).status == "overdue"
    assert item_for(D(2026, 1, 31), months(1), D(2026, 3, 28)).status == "lapsed"


def test_snooze_before_due_changes_nothing() -> None:
    item = item_for(D(2026, 1, 10), months(1), D(2026, 2, 20), snooze_until=D(2026, 2, 1))
    assert (item.due, item.status, item.snoozed_until) == (D(2026, 2, 10), "overdue", None)


def test_snooze_after_due_moves_due() -> None:
    item = item_for(D(2026, 1, 10), months(1), D(2026, 2, 20), snooze_until=D(2026, 3, 1))
    assert (item.due, item.status, item.snoozed_until) == (D(2026, 3, 1), "ok", D(2026, 3, 1))
    # SPEC 2's formula: due is the snooze date, so within `due_soon` of it the contact is
    # "soon" like any other (it was held at "ok"); it is not due before that date.
    close = item_for(D(2026, 1, 10), months(1), D(2026, 2, 25), snooze_until=D(2026, 3, 1))
    assert (close.due, close.status) == (D(2026, 3, 1), "soon")
    on_the_day = item_for(D(2026, 1, 10), months(1), D(2026, 3, 1), snooze_until=D(2026, 3, 1))
    assert on_the_day.status == "overdue"
    # A snooze that has passed leaves the contact overdue again, and lapsed by the usual rule.
    late = item_for(D(2025, 1, 10), months(1), D(2026, 2, 20), snooze_until=D(2026, 2, 1))
    assert (late.due, late.status) == (D(2026, 2, 1), "lapsed")


def test_no_anchor_is_never_contacted_and_due_today() -> None:
    item = item_for(None, months(1), D(2026, 5, 1))
    assert (item.due, item.status, item.ratio, item.never_contacted) == (
        D(2026, 5, 1),
        "overdue",
        1.0,
        True,
    )
    snoozed = item_for(None, months(1), D(2026, 5, 1), snooze_until=D(2026, 5, 5))
    assert (snoozed.due, snoozed.status) == (D(2026, 5, 5), "soon")
    later = item_for(None, months(1), D(2026, 5, 1), snooze_until=D(2026, 5, 9))
    assert (later.due, later.status) == (D(2026, 5, 9), "ok")


def test_met_is_the_anchor_without_contact() -> None:
    index = make_index([person("ada", tier="A", met=D(2026, 1, 1))])
    (item,) = reconnect(index, D(2026, 1, 15), WEEK, {})
    assert (item.anchor, item.due, item.last_contact, item.status) == (
        D(2026, 1, 1),
        D(2026, 1, 22),
        None,
        "soon",
    )
    assert item.ratio == pytest.approx(14 / 21)


def test_last_contact_field_earlier_than_interactions_loses() -> None:
    index = make_index(
        [person("ada", last_contact=D(2026, 1, 1))], [met("coffee", D(2026, 3, 1), "ada")]
    )
    assert last_contacts(index, D(2026, 4, 1)) == {"ada": D(2026, 3, 1)}


def test_last_contact_field_later_than_interactions_wins() -> None:
    index = make_index(
        [person("ada", last_contact=D(2026, 3, 5))], [met("coffee", D(2026, 3, 1), "ada")]
    )
    assert last_contacts(index, D(2026, 4, 1)) == {"ada": D(2026, 3, 5)}
    # A field dated after today is not a contact yet.
    assert last_contacts(index, D(2026, 3, 2)) == {"ada": D(2026, 3, 1)}


def test_future_interactions_are_not_touches() -> None:
    index = make_index(
        [person("ada", tier="A")],
        [met("past", D(2026, 3, 1), "ada"), met("planned", D(2026, 5, 1), "ada")],
    )
    report = work_out(index, D(2026, 4, 1))
    assert report.last_contact == {"ada": D(2026, 3, 1)}
    assert report.reconnect[0].due == D(2026, 3, 22)
    assert report.reconnect[0].status == "overdue"


def test_cadence_field_then_tier_then_default_never_and_archived() -> None:
    settings = Settings(default_cadence=months(4))
    assert cadence_of(person("a", cadence=days(10), tier="A"), settings) == days(10)
    assert cadence_of(person("a", tier="B"), settings) == months(2)
    assert cadence_of(person("a", tier="Z"), settings) == months(4)
    assert cadence_of(person("a"), Settings()) is None
    assert cadence_of(person("a", tier="A", cadence_never=True), settings) is None
    index = make_index([person("gone", tier="A", archived=True), person("bo", tier="A")])
    assert [r.id for r in reconnect(index, D(2026, 1, 1), WEEK, {})] == ["bo"]


def test_order_ratio_then_name_never_contacted_counts_as_one() -> None:
    index = make_index(
        [
            person("zed", tier="A", met=D(2026, 1, 1)),  # 42 days into 21: ratio 2
            person("amy", tier="A"),  # never contacted: ratio 1
            person("bob", tier="A", met=D(2026, 1, 22)),  # ratio 1, sorts after amy by name
            person("cat", tier="A", met=D(2026, 2, 5)),  # ratio 1/3
        ]
    )
    items = reconnect(index, D(2026, 2, 12), WEEK, {})
    assert [(i.id, round(i.ratio, 3), i.status) for i in items] == [
        ("zed", 2.0, "lapsed"),
        ("amy", 1.0, "overdue"),
        ("bob", 1.0, "overdue"),
        ("cat", 0.333, "ok"),
    ]


def test_zero_cadence_is_always_due() -> None:
    item = item_for(D(2026, 1, 1), days(0), D(2026, 1, 3))
    assert (item.due, item.status, item.ratio) == (D(2026, 1, 1), "lapsed", 2.0)


def test_touches_through_alias_plain_name_and_completed_task(make_vault: VaultMaker) -> None:
    root: Path = make_vault(
        {
            "people/ada.md": "---\nname: Ada Lovelace\naliases: [Countess]\ntier: A\n---\n",
            "people/bob.md": "---\nname: Bob Byron\ntier: A\n---\n",
            "people/cy.md": "---\nname: Cy Young\ntier: A\n---\n",
            "notes/2026-03-01-tea.md": "---\nwith: ['[[Countess]]']\n---\n",
            "notes/2026-03-02-call.md": "---\nwith: [Bob Byron]\n---\n",
            "notes/2026-03-03-day.md": "# Day\n\n- [x] wrote to [[Cy Young]]\n- [ ] ask [[ada]]\n",
            "notes/2026-05-01-lunch.md": "---\nwith: ['[[bob]]']\n---\n",
        }
    )
    report = work_out(index_from(root), D(2026, 4, 1))
    assert report.last_contact == {
        "ada": D(2026, 3, 1),
        "bob": D(2026, 3, 2),
        "cy": D(2026, 3, 3),
    }
    assert {r.id: r.due for r in report.reconnect} == {
        "ada": D(2026, 3, 22),
        "bob": D(2026, 3, 23),
        "cy": D(2026, 3, 24),
    }
