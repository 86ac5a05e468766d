"""`netvault due`: the reminders of SPEC 2, grouped, in the terminal or as JSON (SPEC 3.1).

Thin: load the vault, run the engine once, format. Colours go through click.style, so they
vanish when piped; NO_COLOR turns them off on a terminal too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable
from pathlib import Path

import click

from netvault.body import task_text
from netvault.commands.common import (
    end_with_problems,
    load,
    pick_vault,
    today_option,
    vault_argument,
    vault_option,
)
from netvault.durations import Duration, parse_duration
from netvault.engine import Report, report_to_json, work_out
from netvault.engine.reconnect import last_contacts_ahead
from netvault.index import Index

STATUS_COLOURS = {"overdue": "red", "lapsed": "magenta", "soon": "yellow", "ok": "green"}


def colour_flag() -> bool | None:
    """False when NO_COLOR is set (any non-empty value); None lets click decide (tty or not)."""
    return False if os.environ.get("NO_COLOR") else None


def status_word(status: str) -> str:
    return click.style(f"{status:<7}", fg=STATUS_COLOURS.get(status), bold=status != "ok")


def due_date(day: dt.date, today: dt.date) -> str:
    """A due date, red when it has come, yellow when still ahead."""
    return click.style(day.isoformat(), fg="red" if day <= today else "yellow")


def names(index: Index, ids: Iterable[str]) -> str:
    return ", ".join(name_of(index, person) for person in ids)


def name_of(index: Index, person: str) -> str:
    contact = index.contacts.get(person)
    return contact.name if contact else person


def _parse_within(ctx: click.Context, param: click.Parameter, value: str | None) -> Duration | None:
    if value is None:
        return None
    duration = parse_duration(value)
    if duration is None:
        raise click.BadParameter(f"{value!r} is not a duration (like 14d, 2w, 3m, 1y)")
    return duration


def _last_seen(day: dt.date | None, met: dt.date | None = None) -> str:
    if day:
        return f"last contact {day.isoformat()}"
    return f"met {met.isoformat()}, no contact since" if met else "never contacted"


def due_sections(report: Report, index: Index) -> list[tuple[str, list[str]]]:
    """Each section's heading and lines, in SPEC 3.1 order; empty sections included."""
    today = report.today
    sections: list[tuple[str, list[str]]] = []
    sections.append(
        (
            "Reconnect",
            [
                f"{status_word(r.status)}  {r.name}  due {r.due.isoformat()}"
                f" · {_last_seen(r.last_contact, r.anchor)} · every {r.cadence.text}"
                + (f" · snoozed until {r.snoozed_until.isoformat()}" if r.snoozed_until else "")
                for r in report.reminders
            ],
        )
    )
    sections.append(
        (
            "Birthdays",
            [
                f"{b.date.isoformat()}  {b.name}"
                + (f" turns {b.turns}" if b.turns is not None else "")
                + (" (today)" if b.date == today else "")
                for b in report.birthdays
            ],
        )
    )
    sections.append(
        (
            "Follow-ups",
            [
                f"{due_date(f.due, today)}  {f.note} ({f.date.isoformat()})"
                f" with {names(index, f.people)}" + (f": {f.next_action}" if f.next_action else "")
                for f in report.follow_ups
            ],
        )
    )
    sections.append(
        (
            "Promises",
            [
                f"{due_date(p.due, today)}  {task_text(p.text)}  ({p.note}:{p.line}"
                + (f"; {names(index, p.people)})" if p.people else ")")
                for p in report.promises
            ],
        )
    )
    sections.append(
        (
            "Intros to close",
            [
                f"{i.date.isoformat()}  {' ↔ '.join(name_of(index, p) for p in i.people)}"
                f"  ({i.note}): ask both how it went"
                for i in report.intros_to_close
            ],
        )
    )
    sections.append(
        (
            "People to meet",
            [
                f"{p.name}, recommended by {name_of(index, p.recommended_by)}"
                for p in report.people_to_meet
            ],
        )
    )
    sections.append(
        (
            "Thank the recommender",
            [
                f"{t.name}, for {name_of(index, t.for_)}"
                + (f" (met {t.met_on.isoformat()})" if t.met_on else "")
                for t in report.thank_recommender
            ],
        )
    )
    sections.append(
        (
            "In the red",
            [
                f"{r.name}: gave {r.deposits}, asked {r.withdrawals};"
                f" {r.deposits_left} more deposits before the next ask"
                for r in report.in_the_red
            ],
        )
    )
    sections.append(
        (
            "Who can I help",
            [
                f"{h.name} needs {h.need!r}: introduce {names(index, h.candidates)}"
                for h in report.who_can_i_help
            ],
        )
    )
    sections.append(
        (
            "Rediscover",
            [f"{r.name}, {_last_seen(r.last_contact, r.met)}" for r in report.rediscover],
        )
    )
    sections.append(
        (
            "Planned",
            [
                f"{p.date.isoformat()}  {p.note} with {names(index, p.people)}"
                for p in report.planned
            ],
        )
    )
    return sections


def format_due(report: Report, index: Index) -> str:
    """The terminal text: non-empty sections with headings and counts."""
    blocks = [
        "\n".join([click.style(f"{heading} ({len(lines)})", bold=True), *(f"  {x}" for x in lines)])
        for heading, lines in due_sections(report, index)
        if lines
    ]
    return "\n\n".join(blocks) if blocks else f"Nothing due on {report.today.isoformat()}."


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def json_lines(data: dict[str, object]) -> str:
    """JSON with each key of `data` on its own line, and each item of its lists: as easy to
    read and to diff as indented JSON, and each line is written by the encoder's C half
    (indenting is not; this is 2-3x quicker for the 30,000 items of a big vault)."""
    lines = ["{"]
    for number, (key, value) in enumerate(data.items()):
        end = "," if number < len(data) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {_ENCODE(key)}: [")
            lines.extend(f"    {_ENCODE(item)}," for item in value[:-1])
            lines.append(f"    {_ENCODE(value[-1])}")
            lines.append(f"  ]{end}")
        else:
            lines.append(f"  {_ENCODE(key)}: {_ENCODE(value)}{end}")
    lines.append("}")
    return "\n".join(lines)


@click.command()
@vault_argument
@vault_option
@today_option
@click.option(
    "--within",
    callback=_parse_within,
    metavar="DURATION",
    help="Look this far ahead (replaces due_soon and birthday_lead), e.g. 14d or 1m.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the reminders as JSON (SPEC 3.1).")
def due(
    vault_arg: Path | None,
    vault_opt: Path | None,
    today: dt.date,
    within: Duration | None,
    as_json: bool,
) -> None:
    """Show who to reconnect with and why: every reminder, grouped.

    Errors in the vault are listed on stderr and make the exit code 1 (the reminders are
    still printed from everything that could be read); warnings are only counted.

    \b
    Example:
      netvault due ~/my-network --within 14d
      netvault due --today 2026-05-01 --json
    """
    loaded = load(pick_vault(vault_arg, vault_opt), engine_only=True)
    report = work_out(loaded.index, today, within)
    if as_json:
        data = report_to_json(report)
        click.echo(json_lines(data))
    else:
        click.echo(format_due(report, loaded.index), color=colour_flag())
    end_with_problems([*loaded.problems, *last_contacts_ahead(loaded.index, today)])
