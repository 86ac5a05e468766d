"""Follow-ups, promises and planned interactions (SPEC 2)."""

from __future__ import annotations

import datetime as dt

from conftest import VaultMaker
from engine_helpers import D, days, index_from, make_index, met, person

from netvault.engine import work_out
from netvault.engine.followups import follow_ups, planned, promises
from netvault.engine.reconnect import last_touches
from netvault.index import Interaction
from netvault.interchange.ics import entries

TODAY = D(2026, 3, 20)
PEOPLE = [person("ada"), person("bob"), person("cy")]
ASK = met("ask", D(2026, 3, 1), "ada", "bob", follow_up=D(2026, 3, 10), next_action="send deck")


def open_follow_ups(*later: Interaction, today: dt.date = TODAY) -> list[str]:
    index = make_index(PEOPLE, [ASK, *later])
    return [f.note for f in follow_ups(index, today, last_touches(index, today))]


def test_follow_up_open_without_later_touch() -> None:
    index = make_index(PEOPLE, [ASK])
    (item,) = follow_ups(index, D(2026, 3, 20), last_touches(index, D(2026, 3, 20)))
    assert (item.note, item.date, item.people, item.next_action, item.due) == (
        "notes/ask.md",
        D(2026, 3, 1),
        ("ada", "bob"),
        "send deck",
        D(2026, 3, 10),
    )


def test_follow_up_closed_by_a_later_touch_of_any_one_person() -> None:
    assert open_follow_ups(met("bob-later", D(2026, 3, 2), "bob")) == []
    assert open_follow_ups(met("ada-later", D(2026, 3, 15), "ada")) == []


def test_follow_up_not_closed_by_same_day_other_people_or_future_touch() -> None:
    assert open_follow_ups(met("same-day", D(2026, 3, 1), "ada")) == ["notes/ask.md"]
    assert open_follow_ups(met("cy-later", D(2026, 3, 5), "cy")) == ["notes/ask.md"]
    assert open_follow_ups(met("planned", D(2026, 4, 1), "ada")) == ["notes/ask.md"]


def test_a_follow_up_with_archived_people_only_is_not_reminded() -> None:
    """Archived people are never reminded of (SPEC 1.1): a follow-up with no one else in
    it leaves the reminders; with someone not archived it stays. It is still open (`brief`
    shows it), and the calendar leaves it out too."""
    for archived, listed in ((("ada",), ["notes/ask.md"]), (("ada", "bob"), [])):
        people = [person(p.id, archived=p.id in archived) for p in PEOPLE]
        index = make_index(people, [ASK])
        report = work_out(index, TODAY)
        assert [f.note for f in report.follow_ups] == listed
        assert [f.note for f in report.open_follow_ups] == ["notes/ask.md"]
        calendar = [e.summary for e in entries(index, TODAY) if e.summary.startswith("Follow")]
        assert calendar == (["Follow up with Ada, Bob"] if listed else [])


def test_follow_up_listed_when_due_within_due_soon() -> None:
    index = make_index(PEOPLE, [ASK])
    assert [f.due for f in work_out(index, D(2026, 3, 3)).follow_ups] == [D(2026, 3, 10)]
    assert work_out(index, D(2026, 3, 2)).follow_ups == ()  # due is 8 days away
    assert [f.due for f in work_out(index, D(2026, 3, 1), within=days(9)).follow_ups] == [
        D(2026, 3, 10)
    ]


def test_planned_interactions_are_after_today_soonest_first() -> None:
    index = make_index(
        PEOPLE,
        [
            met("b", D(2026, 5, 2), "bob"),
            met("a", D(2026, 4, 2), "ada", "cy"),
            met("today", D(2026, 4, 1), "ada"),
        ],
    )
    assert [(p.note, p.date, p.people) for p in planned(index, D(2026, 4, 1))] == [
        ("notes/a.md", D(2026, 4, 2), ("ada", "cy")),
        ("notes/b.md", D(2026, 5, 2), ("bob",)),
    ]


def test_promises_people_from_line_else_note_else_contact(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada Lovelace\n---\n\n- [ ] send the paper 📅 2026-04-03\n",
            "people/bob.md": "---\nname: Bob Byron\n---\n",
            "notes/2026-03-01-tea.md": (
                "---\nwith: [Ada Lovelace, Bob Byron]\n---\n"
                "- [ ] intro [[Bob Byron]] to a printer due: 2026-04-02\n"
                "- [ ] write up notes 📅 2026-04-01\n"
                "- [x] done already 📅 2026-03-02\n"
                "- [ ] far away 📅 2026-09-01\n"
                "- [ ] no date at all\n"
            ),
        }
    )
    index = index_from(root)
    found = [p for p in promises(index) if p.due <= D(2026, 4, 8)]
    assert [(p.note, p.line, p.due, p.people) for p in found] == [
        ("notes/2026-03-01-tea.md", 5, D(2026, 4, 1), ("ada", "bob")),
        ("notes/2026-03-01-tea.md", 4, D(2026, 4, 2), ("bob",)),
        ("people/ada.md", 5, D(2026, 4, 3), ("ada",)),
    ]
    assert found[0].text.startswith("write up notes")
    assert len(promises(index)) == 4
    assert [p.line for p in work_out(index, D(2026, 3, 26)).promises] == [5, 4]


def test_a_promise_in_an_introduction_is_to_the_notes_with_only(make_vault: VaultMaker) -> None:
    # It went to everyone introduced too: a promise to Ada became one to Bob and Cy.
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "people/bob.md": "---\nname: Bob\n---\n",
            "people/cy.md": "---\nname: Cy\n---\n",
            "notes/2026-03-01-intro.md": (
                "---\nwith: [Ada]\nintroduced: [Bob, Cy]\n---\n- [ ] send Ada the deck 📅 2026-03-05\n"
            ),
        }
    )
    assert [p.people for p in promises(index_from(root))] == [("ada",)]


def test_the_report_keeps_every_open_loop_and_lists_those_due_in_the_window(
    make_vault: VaultMaker,
) -> None:
    """`brief` reads the open lists (whatever the due date); `due` the windowed ones."""
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada Lovelace\n---\n",
            "people/bob.md": "---\nname: Bob Byron\n---\n",
            "notes/2026-03-01-tea.md": (
                "---\nwith: [Ada Lovelace]\nfollow_up: 2026-03-20\n---\n"
                "- [ ] soon 📅 2026-03-27\n"
                "- [ ] far away 📅 2026-09-01\n"
            ),
            "notes/2026-03-02-call.md": "---\nwith: [Bob Byron]\nfollow_up: 2026-08-01\n---\n",
        }
    )
    report = work_out(index_from(root), D(2026, 3, 26))  # due_soon 7d: window ends 2026-04-02
    assert [p.due for p in report.open_promises] == [D(2026, 3, 27), D(2026, 9, 1)]
    assert [p.due for p in report.promises] == [D(2026, 3, 27)]
    assert [f.due for f in report.open_follow_ups] == [D(2026, 3, 20), D(2026, 8, 1)]
    assert [f.due for f in report.follow_ups] == [D(2026, 3, 20)]
