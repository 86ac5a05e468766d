"""`netvault import vcard|csv FILE...`: new contact files from exports, with a merge report.

Read every file, plan (netvault.interchange.merge), print the plan, then create the files
of the "create" entries. Existing files are never modified: a match only lists what is new
so the user can add it by hand. `--dry-run` prints the same plan and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from netvault.commands.common import (
    load,
    pick_vault,
    print_problems,
    refuse_inside_a_vault,
    today_option,
    vault_option,
)
from netvault.files import create_exclusive
from netvault.interchange.csv_import import DATE_ORDERS, FORMATS, read_csv_contacts
from netvault.interchange.imported import ImportedContact, contact_fields
from netvault.interchange.merge import POSSIBLE_DUPLICATE, Plan, new_items, plan_import
from netvault.interchange.vcard import read_vcards
from netvault.problems import NetvaultError, Problem, counted, error, exit_code
from netvault.writer import render_contact

Reader = Callable[[bytes, str], tuple[list[ImportedContact], list[Problem]]]


def _who(contact: ImportedContact) -> str:
    return f"{contact.where} ({contact.name or ', '.join(contact.emails) or 'no name'})"


def report_lines(plan: Plan, people_folder: str, dry_run: bool) -> list[str]:
    """The merge report, one line per incoming contact, grouped by what happens to it."""
    lines: list[str] = []
    verb = "would create" if dry_run else "create"
    for item in plan.create:
        line = f"{verb} {people_folder}/{item.slug}.md <- {_who(item.contact)}"
        if item.merged:
            line += f"; merged duplicates: {', '.join(item.merged)}"
        lines.append(line)
    for match in plan.match:
        new = new_items(match.new_emails, match.new_phones, match.new_fields)
        what = f"new: {'; '.join(new)} (add by hand)" if new else "nothing new"
        lines.append(f"match {match.existing_path} <- {_who(match.incoming)} by {match.by}; {what}")
    for unsure in plan.ambiguous:
        candidates = ", ".join(unsure.candidates)
        if unsure.by in POSSIBLE_DUPLICATE:
            line = f"possible duplicate {_who(unsure.incoming)} of {candidates} ({unsure.by});"
            line += " not imported: add it by hand if it is someone else"
            if unsure.new:
                line += f"; if the same, new: {'; '.join(unsure.new)} (add by hand)"
            lines.append(line)
            continue
        lines.append(
            f"ambiguous {_who(unsure.incoming)} by {unsure.by}: {candidates}; not imported"
        )
    for skip in plan.skipped:
        lines.append(f"skip {_who(skip.incoming)}: {skip.reason}")
    possible = sum(1 for unsure in plan.ambiguous if unsure.by in POSSIBLE_DUPLICATE)
    duplicates = f"{counted(possible, 'possible duplicate')}, " if possible else ""
    lines.append(
        f"{len(plan.create)} to create, {len(plan.match)} matched, "
        f"{len(plan.ambiguous) - possible} ambiguous, {duplicates}{len(plan.skipped)} skipped"
        + (" (dry run: nothing written)" if dry_run else "")
    )
    return lines


def run_import(
    files: Sequence[Path], reader: Reader, vault_opt: Path | None, dry_run: bool
) -> None:
    root = pick_vault(None, vault_opt)
    refuse_inside_a_vault(root, given=vault_opt is not None)
    loaded = load(root)
    incoming: list[ImportedContact] = []
    problems: list[Problem] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NetvaultError(f"cannot read {path}: {exc.strerror}") from exc
        contacts, file_problems = reader(data, str(path))
        incoming.extend(contacts)
        problems.extend(file_problems)
    plan = plan_import(incoming, loaded.vault.contacts)
    for line in report_lines(plan, loaded.settings.people_folder, dry_run):
        click.echo(line)
    if not dry_run:
        for item in plan.create:
            rel = f"{loaded.settings.people_folder}/{item.slug}.md"
            text = render_contact(contact_fields(item.contact), item.contact.note)
            try:
                create_exclusive(root, rel, text.encode("utf-8"))
            except NetvaultError as exc:
                problems.append(error(item.contact.source, item.contact.line, exc.message))
    print_problems(problems)
    raise SystemExit(exit_code(problems))


IMPORT_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)  # missing: exit 2


@click.group("import")
def import_group() -> None:
    """Create contacts from a vCard or CSV export (existing files are never changed).

    \b
    Example:
      netvault import vcard contacts.vcf --dry-run
    """


@import_group.command("vcard")
@click.argument("files", nargs=-1, required=True, type=IMPORT_FILE)
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@vault_option
@today_option
def import_vcard(
    files: tuple[Path, ...], dry_run: bool, vault_opt: Path | None, today: dt.date
) -> None:
    """Import vCard 2.1, 3.0 or 4.0 files (Apple, Google, Outlook, Android exports).

    \b
    Example:
      netvault import vcard ~/Downloads/contacts.vcf --dry-run
    """
    run_import(files, read_vcards, vault_opt, dry_run)


@import_group.command("csv")
@click.argument("files", nargs=-1, required=True, type=IMPORT_FILE)
@click.option(
    "--format",
    "layout",
    type=click.Choice(["auto", *FORMATS]),
    default="auto",
    show_default=True,
    help="Which export the files are; auto reads the header.",
)
@click.option(
    "--date-order",
    "order",
    type=click.Choice(DATE_ORDERS),
    default="auto",
    show_default=True,
    help="How a date such as 5/1/1983 is written: month first (mdy, US) or day first "
    "(dmy); auto reads it from the file's other dates.",
)
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@vault_option
@today_option
def import_csv(
    files: tuple[Path, ...],
    layout: str,
    order: str,
    dry_run: bool,
    vault_opt: Path | None,
    today: dt.date,
) -> None:
    """Import Google Contacts, Google "Outlook CSV" or LinkedIn Connections.csv exports.

    \b
    Example:
      netvault import csv ~/Downloads/Connections.csv --format linkedin
    """

    def reader(data: bytes, source: str) -> tuple[list[ImportedContact], list[Problem]]:
        return read_csv_contacts(data, source, layout, order)

    run_import(files, reader, vault_opt, dry_run)
