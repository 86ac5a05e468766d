"""`netvault export vcard`: every contact as vCard 4.0, to stdout or `-o FILE`.

Thin: load, `export_vcards` (netvault.interchange.vcard), write. The file is generated
state, so the same rules as `export ics` apply: refused inside the vault, a new file
created exclusively, an existing one replaced atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netvault.commands.common import load, pick_vault, today_option, vault_argument, vault_option
from netvault.commands.export_ics import write_file
from netvault.interchange.vcard import export_vcards
from netvault.problems import counts


@click.command("vcard")
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
def export_vcard(
    vault_arg: Path | None, vault_opt: Path | None, output: Path | None, today: dt.date
) -> None:
    """All contacts as vCard 4.0 (one card each; importing it back adds no one).

    \b
    Example:
      netvault export vcard ~/my-network -o contacts.vcf
    """
    root = pick_vault(vault_arg, vault_opt)
    loaded = load(root)
    data = export_vcards(loaded.vault.contacts).encode("utf-8")
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
