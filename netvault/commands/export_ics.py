"""`netvault export ics`: reminders and birthdays as an iCalendar file (SPEC 3).

Thin: load, build the calendar (netvault.interchange.ics), write it to stdout or to `-o FILE`
(a new file is created exclusively, an existing one replaced atomically). The file is
generated state, so it is refused inside the vault (except under the site output folder).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netvault.commands.common import (
    end_with_problems,
    load,
    output_option,
    pick_vault,
    today_option,
    vault_argument,
    vault_option,
    write_output,
)
from netvault.interchange.ics import to_ics


@click.command("ics")
@vault_argument
@vault_option
@output_option
@today_option
def export_ics(
    vault_arg: Path | None, vault_opt: Path | None, output: Path | None, today: dt.date
) -> None:
    """Reminders (reconnect, follow-ups, promises, intro check-ins) and birthdays as iCalendar.

    Reminders are all-day events, already-due ones on today; birthdays recur yearly.
    The same vault and --today give the same bytes and the same event UIDs.

    \b
    Example:
      netvault export ics ~/my-network -o ~/reminders.ics
    """
    root = pick_vault(vault_arg, vault_opt)
    loaded = load(root, engine_only=True)
    data = to_ics(loaded.index, today)
    write_output(data, output, loaded)
    end_with_problems(loaded.problems)
