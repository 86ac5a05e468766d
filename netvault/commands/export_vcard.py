"""`netvault export vcard`: every contact as vCard 4.0, to stdout or `-o FILE`.

Thin: load, `export_vcards` (netvault.interchange.vcard), write. The file is generated
state, so the same rules as `export ics` apply: refused inside the vault, a new file
created exclusively, an existing one replaced atomically.
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
from netvault.interchange.vcard import export_vcards, unread_contacts
from netvault.problems import counted


@click.command("vcard")
@vault_argument
@vault_option
@output_option
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
    unread = unread_contacts(loaded.vault.contacts)
    contacts = [c for c in loaded.vault.contacts if c.path not in unread]
    data = export_vcards(contacts).encode("utf-8")
    write_output(data, output, loaded)
    if unread:
        click.echo(
            f"note: left out {counted(len(unread), 'contact')} whose front matter could not"
            f" be read: {', '.join(unread)}",
            err=True,
        )
    end_with_problems(loaded.problems)
