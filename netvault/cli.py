"""The `netvault` command: a thin click group. Each command lives in netvault/commands/."""

from __future__ import annotations

import click

from netvault import __version__
from netvault.commands.brief import brief
from netvault.commands.build import build
from netvault.commands.check import check
from netvault.commands.due import due
from netvault.commands.export_ics import export_ics
from netvault.commands.export_vcard import export_vcard
from netvault.commands.import_ import import_group
from netvault.commands.init import init
from netvault.commands.log import log
from netvault.commands.new import new


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="netvault")
def main() -> None:
    """netvault: your network as plain Markdown files, checked, reminded and rendered.

    \b
    Example:
      netvault init my-network && netvault check my-network
    """


@main.group()
def export() -> None:
    """Export contacts (vCard) or reminders (iCalendar) to standard output or a file.

    \b
    Example:
      netvault export ics ~/my-network -o reminders.ics
    """


for command in (init, check, build, due, brief, new, log, import_group):
    main.add_command(command)
export.add_command(export_ics)
export.add_command(export_vcard)


if __name__ == "__main__":
    main()
