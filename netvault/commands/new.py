"""`netvault new person NAME`: create one contact file, never touching an existing one.

Refuses when a contact with that id, name or alias already exists (compared NFC +
casefold, SPEC 1), naming the file; exit 1. The file itself is created exclusively
(netvault.files), so a case or Unicode variant on disk is refused too.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click

from netvault.commands.common import (
    Loaded,
    load,
    pick_vault,
    refuse_inside_a_vault,
    today_option,
    vault_option,
)
from netvault.fields import normalise_tags
from netvault.files import create_exclusive, existing_variant
from netvault.model import Contact
from netvault.problems import NetvaultError
from netvault.settings import tiers_known
from netvault.writer import FieldValue, person_slug, render_contact


def person_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def people_named(contacts: Iterable[Contact], name: str) -> list[Contact]:
    """Contacts whose id, name or one alias is `name`, case- and Unicode-insensitively."""
    wanted = person_key(name)
    return [
        contact
        for contact in contacts
        if wanted in {person_key(text) for text in (contact.id, contact.name, *contact.aliases)}
    ]


def _taken(contact: Contact, name: str, slug: str) -> str:
    """Why `name` (file `slug`.md) cannot be a new contact: which of the existing one's
    name, alias or file name it meets. A name or file name that is someone's alias is
    refused too, as [[it]] would then mean two people."""
    aliases = {person_key(alias): alias for alias in contact.aliases}
    if person_key(name) == person_key(contact.name):
        return f"{contact.path} already has the name {name!r}; not created"
    if person_key(name) in aliases:
        return (
            f"{name!r} is an alias of {contact.name} ({contact.path}), so [[{name}]] would"
            " mean two people; not created. Give a fuller name, or drop the alias first"
        )
    if person_key(name) == person_key(contact.id):
        return f"{name!r} is the file name of {contact.path}, so [[{name}]] means them; not created"
    if person_key(slug) == person_key(contact.id):
        return f"{contact.path} already uses the file name {slug}.md; not created"
    what = f"alias {aliases[person_key(slug)]!r}" if person_key(slug) in aliases else "name"
    return (
        f"the new file {slug}.md would be named like the {what} of {contact.name}"
        f" ({contact.path}), so [[{slug}]] would mean two people; not created."
        " Give a fuller name"
    )


@dataclass(frozen=True)
class NewPerson:
    """A contact file checked and ready to write: `rel` under the vault, its bytes."""

    rel: str
    data: bytes


def plan_person(
    loaded: Loaded,
    name: str,
    *,
    tier: str | None = None,
    tags: Sequence[str] = (),
    company: str | None = None,
    emails: Sequence[str] = (),
) -> NewPerson:
    """Every check `new person` makes, and the file it would write; writes nothing, so a
    command making several files can check them all before it writes any."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise click.UsageError("the name is empty")
    control = next((c for c in name if unicodedata.category(c) == "Cc"), None)
    if control is not None:  # a pasted BEL or escape: no page, card or calendar shows it
        raise click.UsageError(f"the name holds a control character (U+{ord(control):04X})")
    slug = person_slug(name)
    clash = people_named(loaded.vault.contacts, name) + people_named(loaded.vault.contacts, slug)
    if clash:
        raise NetvaultError(_taken(clash[0], name, slug))
    tiers = [tier_name for tier_name, _ in loaded.settings.tiers]
    if tier is not None and tier not in tiers:
        raise click.BadParameter(f"{tier!r} is {tiers_known(tiers)}", param_hint="--tier")
    folder = loaded.settings.people_folder
    there = existing_variant(loaded.root / folder, f"{slug}.md")  # a file that is no contact
    if there is not None:
        raise NetvaultError(f"{folder}/{there} already exists; not overwritten")
    fields: dict[str, FieldValue] = {
        "name": name,
        "tier": tier,
        "tags": list(normalise_tags(tags)) or None,
        "company": company.strip() if company and company.strip() else None,
        "email": [e.strip() for e in emails if e.strip()] or None,
    }
    return NewPerson(f"{folder}/{slug}.md", render_contact(fields).encode("utf-8"))


def write_person(loaded: Loaded, planned: NewPerson) -> str:
    """Write a checked contact file (`plan_person`); returns its path under the vault."""
    create_exclusive(loaded.root, planned.rel, planned.data)  # refuses a file made meanwhile
    return planned.rel


@click.group()
def new() -> None:
    """Create a new file in the vault (an existing file is never overwritten).

    \b
    Example:
      netvault new person "Ada Lovelace" --tier B --tag math
    """


@new.command("person")
@click.argument("name")
@click.option("--tier", default=None, help="Closeness circle (A..D by default).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for several.")
@click.option("--company", default=None, help="Where they work.")
@click.option("--email", "emails", multiple=True, help="An e-mail address; repeat for several.")
@click.option("--edit", is_flag=True, help="Open the new file in $EDITOR.")
@vault_option
@today_option
def person(
    name: str,
    tier: str | None,
    tags: tuple[str, ...],
    company: str | None,
    emails: tuple[str, ...],
    edit: bool,
    vault_opt: Path | None,
    today: dt.date,
) -> None:
    """Create people/<slug>.md for NAME; refuse if that person already exists.

    \b
    Example:
      netvault new person "Ada Lovelace" --tier B --tag math --email ada@example.org
    """
    root = pick_vault(None, vault_opt)
    refuse_inside_a_vault(root, given=vault_opt is not None)
    loaded = load(root)
    planned = plan_person(loaded, name, tier=tier, tags=tags, company=company, emails=emails)
    rel = write_person(loaded, planned)
    click.echo(f"created {rel}")
    if edit:
        click.edit(filename=str(root / rel))
