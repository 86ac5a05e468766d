"""`netvault export ics`: reminders and birthdays as an iCalendar file (SPEC 3).

Thin: load, build the calendar (netvault.interchange.ics), write it to stdout or to `-o FILE`
(a new file is created exclusively, an existing one replaced atomically). The file is
generated state, so it is refused inside the vault (except under the site output folder).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netvault.commands.common import load, pick_vault, today_option, vault_argument, vault_option
from netvault.files import create_exclusive, replace_atomic
from netvault.interchange.ics import to_ics
from netvault.problems import NetvaultError, counts


def write_file(target: Path, data: bytes, vault: Path, output: str) -> None:
    where = target.resolve()
    root = vault.resolve()
    if where.is_relative_to(root) and not where.is_relative_to(root / output):
        raise NetvaultError(f"{target} is inside the vault; write the calendar elsewhere")
    if where.is_dir():
        raise NetvaultError(f"{target} is a folder")
    if where.exists():
        replace_atomic(where, data, where.read_bytes())
    else:
        if not where.parent.is_dir():
            raise NetvaultError(f"folder not found: {target.parent}")
        create_exclusive(where.parent, where.name, data)


@click.command("ics")
@vault_argument
@vault_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
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
    loaded = load(root)
    data = to_ics(loaded.index, today)
    if output is None or str(output) == "-":
        click.echo(data, nl=False)  # bytes go to the binary stream: CRLF kept as is
    else:
        write_file(output, data, root, loaded.settings.output)
        click.echo(f"wrote {output}", err=True)
    tally = counts(loaded.problems)
    if tally["error"] or tally["warning"]:
        click.echo(
            f"note: the vault has {tally['error']} errors and {tally['warning']} warnings;"
            " run `netvault check` for details",
            err=True,
        )
