"""iCalendar export: parsed by icalendar and vobject, escaping, UIDs, dates, recurrence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import vobject
from click.testing import CliRunner
from conftest import VaultMaker
from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from engine_helpers import SMALL_VAULT, TODAY, D, make_index, met, person
from icalendar import Calendar

from netvault.commands.export_ics import export_ics
from netvault.interchange.ics import SITE_WINDOW, Window, to_ics
from netvault.model import Birthday

EVIL = "Eve\r\nEND:VEVENT\nBEGIN:VEVENT\nSUMMARY:injected;x,y:z"


def events(data: bytes) -> dict[str, dict[str, object]]:
    """UID -> the event's main properties, read by the icalendar library."""
    calendar = Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])] = {
            "summary": str(event["SUMMARY"]),
            "start": event.decoded("DTSTART"),
            "rrule": event.get("RRULE"),
        }
    return found


def export(make_vault: VaultMaker, *args: str) -> bytes:
    root = make_vault(SMALL_VAULT)
    result = CliRunner().invoke(export_ics, [str(root), "--today", TODAY, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


def test_export_parses_with_icalendar_and_vobject(make_vault: VaultMaker) -> None:
    data = export(make_vault)
    found = sorted((e["summary"], e["start"]) for e in events(data).values())
    assert found == [
        ("Ada Lovelace: birthday", D(1815, 5, 1)),
        ("Close the loop: Bob Byron, Dee Dee", D(2026, 4, 28)),
        ("Cy Young: birthday", D(2000, 5, 3)),
        ("Follow up with Fay Wray", D(2026, 4, 30)),
        ("Promise: send Bob Byron the paper", D(2026, 4, 30)),  # as `due` says it
        ("Reconnect with Ada Lovelace", D(2026, 4, 28)),
        ("Reconnect with Bob Byron", D(2026, 5, 10)),
        ("Reconnect with Cy Young", D(2026, 4, 28)),
        ("Reconnect with Zoë Ångström", D(2026, 4, 28)),
    ]
    strict = vobject.readOne(data.decode("utf-8"), validate=True)
    assert len(strict.vevent_list) == 9
    assert all(
        e.dtstamp.value == dt.datetime(2026, 4, 28, tzinfo=dt.UTC) for e in strict.vevent_list
    )
    assert data.count(b"\r\n") == len(data.splitlines())


def test_same_vault_same_bytes_and_uids_survive_a_new_day(make_vault: VaultMaker) -> None:
    root = make_vault(SMALL_VAULT)
    runner = CliRunner()
    first = runner.invoke(export_ics, [str(root), "--today", TODAY]).stdout_bytes
    again = runner.invoke(export_ics, [str(root), "--today", TODAY]).stdout_bytes
    later = runner.invoke(export_ics, [str(root), "--today", "2026-04-29"]).stdout_bytes
    assert first == again
    assert set(events(first)) == set(events(later))
    assert all(uid.endswith("@netvault") for uid in events(first))


def test_newlines_and_separators_in_a_name_cannot_inject_components() -> None:
    index = make_index(
        [person("eve", name=EVIL, tier="A", birthday=Birthday(5, 1))],
        [
            met(
                "call",
                D(2026, 4, 1),
                "eve",
                follow_up=D(2026, 5, 1),
                next_action="x\nEND:VCALENDAR",
            )
        ],
    )
    data = to_ics(index, D(2026, 4, 28))
    lines = data.decode("utf-8").split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 3
    assert lines.count("END:VCALENDAR") == 1
    assert b"\nBEGIN:VEVENT" not in data.replace(b"\r\nBEGIN:VEVENT\r\n", b"")
    assert not any(line.startswith(("SUMMARY:injected", "END:VCALENDAR\\")) for line in lines)
    summaries = sorted(str(e["summary"]) for e in events(data).values())
    name = EVIL.replace("\r\n", "\n")  # the library writes any line break as `\n`
    assert summaries == sorted(
        [f"Reconnect with {name}", f"{name}: birthday", f"Follow up with {name}"]
    )
    strict = vobject.readOne(data.decode("utf-8"), validate=True)
    assert len(strict.vevent_list) == 3


def test_control_characters_in_a_name_or_an_action_are_left_out() -> None:
    """RFC 5545 text holds no control character but a tab: a name typed with a BEL
    reached SUMMARY as a raw 0x07 (the vCard export already dropped it)."""
    index = make_index(
        [person("ctrl", name="Ctrl\x07Bell\x1b\x7f", tier="A")],
        [met("call", D(2026, 4, 1), "ctrl", follow_up=D(2026, 5, 1), next_action="a\x00b\tc")],
    )
    data = to_ics(index, D(2026, 4, 28))
    assert not any((byte < 0x20 and byte not in b"\r\n\t") or byte == 0x7F for byte in data)
    summaries = sorted(str(e["summary"]) for e in events(data).values())
    assert summaries == ["Follow up with CtrlBell", "Reconnect with CtrlBell"]
    assert "\r\nDESCRIPTION:ab\tc\\nFrom notes/call.md\r\n" in data.decode("utf-8")


def test_leap_day_birthday_recurs_on_last_day_of_february() -> None:
    index = make_index([person("leo", birthday=Birthday(2, 29, 1996))])
    (event,) = events(to_ics(index, D(2026, 1, 1))).values()
    assert event["start"] == D(1996, 2, 29)
    rule = event["rrule"].to_ical().decode()  # type: ignore[attr-defined]
    assert sorted(rule.split(";")) == ["BYMONTH=2", "BYMONTHDAY=-1", "FREQ=YEARLY"]
    utc = dt.UTC
    dates = rrulestr(rule, dtstart=dt.datetime(1996, 2, 29, tzinfo=utc))
    window = (dt.datetime(2027, 1, 1, tzinfo=utc), dt.datetime(2029, 1, 1, tzinfo=utc))
    upcoming = [d.date() for d in dates.between(*window)]
    assert upcoming == [D(2027, 2, 28), D(2028, 2, 29)]


def test_a_window_keeps_follow_ups_due_near_today_and_every_reconnect_and_birthday() -> None:
    today = D(2026, 4, 28)
    index = make_index(
        [person("ann", tier="A", birthday=Birthday(9, 1))]
        + [person(name) for name in ("bo", "cy", "di", "ed")],
        [
            met("long-late", D(2025, 1, 1), "bo", follow_up=D(2026, 3, 28)),  # 31 days late
            met("late", D(2025, 2, 1), "cy", follow_up=D(2026, 3, 29)),  # 30 days late
            met("soon", D(2025, 3, 1), "di", follow_up=D(2027, 4, 28)),  # 365 days ahead
            met("far", D(2025, 4, 1), "ed", follow_up=D(2027, 4, 29)),  # 366 days ahead
            met("ann", D(2026, 4, 1), "ann"),
        ],
    )
    every = sorted(str(e["summary"]) for e in events(to_ics(index, today)).values())
    assert len(every) == 6 and every.count("Follow up with Bo") == 1
    kept = events(to_ics(index, today, Window(overdue_days=30, ahead_days=365)))
    assert sorted((str(e["summary"]), e["start"]) for e in kept.values()) == [
        ("Ann: birthday", D(2000, 9, 1)),
        ("Follow up with Cy", today),  # 30 days late: shown on today
        ("Follow up with Di", D(2027, 4, 28)),
        ("Reconnect with Ann", today),  # already due
    ]
    assert Window(overdue_days=30, ahead_days=365) == SITE_WINDOW


def test_archived_contacts_have_no_events() -> None:
    index = make_index([person("old", tier="A", birthday=Birthday(5, 1), archived=True)])
    assert events(to_ics(index, D(2026, 4, 28))) == {}


def test_output_file_created_then_replaced_and_refused_inside_vault(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault(SMALL_VAULT)
    target = tmp_path / "out" / "reminders.ics"
    target.parent.mkdir()
    runner = CliRunner()
    first = runner.invoke(export_ics, [str(root), "--today", TODAY, "-o", str(target)])
    assert (first.exit_code, first.stdout) == (0, "")
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    target.write_bytes(b"old")
    second = runner.invoke(export_ics, [str(root), "--today", TODAY, "-o", str(target)])
    assert second.exit_code == 0
    assert len(events(target.read_bytes())) == 9
    inside = runner.invoke(export_ics, [str(root), "--today", TODAY, "-o", str(root / "x.ics")])
    assert inside.exit_code == 1
    assert "inside the vault" in inside.stderr
    assert not (root / "x.ics").exists()


def test_a_promise_to_no_one_says_only_where_it_is(make_vault: VaultMaker) -> None:
    # It said "To , in notes/todo.md".
    root = make_vault({"notes/todo.md": "- [ ] renew the domain 📅 2026-04-29\n"})
    result = CliRunner().invoke(export_ics, [str(root), "--today", TODAY])
    calendar = Calendar.from_ical(result.stdout_bytes)
    assert [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")] == ["In notes/todo.md"]
