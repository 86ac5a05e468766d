"""Introductions to close, referral forest, people to meet, thank the recommender (SPEC 2)."""

from __future__ import annotations

import datetime as dt

from engine_helpers import D, make_index, met, person

from netvault.engine import work_out
from netvault.index import Interaction
from netvault.interchange.ics import entries

TODAY = D(2026, 2, 1)
PEOPLE = [person("ada"), person("bob"), person("cy"), person("dee"), person("eve")]
INTRO = Interaction("notes/intro.md", D(2026, 1, 1), ("ada",), introduced=("bob", "cy"))


def intros(*later: Interaction, today: dt.date = TODAY) -> list[tuple[str, dt.date | None]]:
    report = work_out(make_index(PEOPLE, [INTRO, *later]), today)
    return [(i.note, i.check_in) for i in report.intros_to_close]


def test_open_intro_asks_to_close_the_loop_once_check_in_passed() -> None:
    assert intros(today=D(2026, 1, 21)) == []
    assert intros(today=D(2026, 1, 22)) == [("notes/intro.md", D(2026, 1, 22))]


def test_intro_closed_by_either_person_on_a_later_day() -> None:
    assert intros(met("bob", D(2026, 1, 5), "bob")) == []
    assert intros(met("cy", D(2026, 1, 30), "cy")) == []


def test_intro_not_closed_by_same_day_introducer_or_future_touch() -> None:
    expected = [("notes/intro.md", D(2026, 1, 22))]
    assert intros(met("same", D(2026, 1, 1), "bob")) == expected
    assert intros(met("ada", D(2026, 1, 10), "ada")) == expected
    assert intros(met("soon", D(2026, 3, 1), "cy")) == expected


def test_an_intro_between_archived_people_only_is_not_reminded() -> None:
    """Archived people are never reminded of (SPEC 1.1); one archived of two still is."""
    expected = [("notes/intro.md", D(2026, 1, 22))]
    for archived, listed in ((("bob",), expected), (("bob", "cy"), [])):
        people = [person(p.id, archived=p.id in archived) for p in PEOPLE]
        index = make_index(people, [INTRO])
        assert [(i.note, i.check_in) for i in work_out(index, TODAY).intros_to_close] == listed
        calendar = [e.summary for e in entries(index, TODAY) if e.summary.startswith("Close")]
        assert len(calendar) == len(listed), archived


def test_referral_forest_children_roots_and_best_sources() -> None:
    index = make_index(
        PEOPLE,
        introduced_by={"bob": "ada", "cy": "ada", "dee": "bob", "eve": "dee"},
    )
    forest = work_out(index, D(2026, 1, 1)).referrals
    assert forest.children == {"ada": ("bob", "cy"), "bob": ("dee",), "dee": ("eve",)}
    assert forest.roots == ("ada",)
    assert forest.best_sources == (("ada", 4), ("bob", 2), ("dee", 1))


def test_referral_cycle_counts_each_person_once() -> None:
    index = make_index(PEOPLE, introduced_by={"ada": "bob", "bob": "ada", "cy": "bob"})
    forest = work_out(index, D(2026, 1, 1)).referrals
    assert forest.roots == ("ada",)
    assert forest.best_sources == (("ada", 2), ("bob", 2))  # a tie goes by name


def test_people_to_meet_until_first_touch() -> None:
    recommended = {"bob": "ada", "cy": "ada", "dee": "eve"}
    people = [*PEOPLE[:3], person("dee", met=D(2025, 6, 1)), PEOPLE[4]]
    index = make_index(
        people,
        [met("bob", D(2026, 1, 10), "bob"), met("future", D(2026, 5, 1), "cy")],
        recommended_by=recommended,
    )
    report = work_out(index, D(2026, 2, 1))
    assert [(p.id, p.recommended_by) for p in report.people_to_meet] == [("cy", "ada")]


def thanks(*touches: Interaction) -> list[tuple[str, str, dt.date | None]]:
    index = make_index(
        PEOPLE, [met("first", D(2026, 1, 10), "bob"), *touches], recommended_by={"bob": "ada"}
    )
    report = work_out(index, D(2026, 2, 1))
    return [(t.id, t.for_, t.met_on) for t in report.thank_recommender]


def test_thank_the_recommender_until_touched_on_or_after_first_meeting() -> None:
    assert thanks() == [("ada", "bob", D(2026, 1, 10))]
    assert thanks(met("before", D(2026, 1, 9), "ada")) == [("ada", "bob", D(2026, 1, 10))]
    assert thanks(met("same-day", D(2026, 1, 10), "ada")) == []
    assert thanks(met("later", D(2026, 1, 20), "ada")) == []
    assert thanks(met("planned", D(2026, 3, 1), "ada")) == [("ada", "bob", D(2026, 1, 10))]
