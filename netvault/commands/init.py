"""`netvault init`: scaffold a new vault. Creates files exclusively; never overwrites."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from netvault.commands.common import today_option
from netvault.files import create_exclusive
from netvault.problems import NetvaultError

SETTINGS = """\
# netvault settings: every key is optional; these are the defaults.
[vault]
people = "people"
ignore = []

[site]
title = "My network"
output = "_site"

[reminders]
due_soon = "7d"
birthday_lead = "14d"
give_ratio = 7
intro_check_in = "21d"
rediscover_after = "365d"
rediscover_count = 3
default_cadence = "never"

[reminders.tiers]
A = "3w"
B = "2m"
C = "6m"
D = "1y"
"""

GITIGNORE = """\
# netvault's build output: rebuilt from the vault, never committed; and, while a build
# runs, the site it is writing and the one it replaces
_site/
._site.new-*/
._site.old-*/
"""

WELCOME_CONTACT = """\
---
name: Ada Lovelace
aliases: [Ada]
tier: B
tags: [mathematics, example]
company: Analytical Engine Society
offers: [notes on the analytical engine]
met: {met}
met_where: netvault init
---
# Ada Lovelace

This is an example contact. Every contact is one Markdown file in `people/`; the YAML
between the `---` lines holds the fields netvault understands (see docs/vault-format.md).
Delete this file whenever you like.
"""

WELCOME_NOTE = """\
---
date: {date}
with: ["[[Ada Lovelace]]"]
type: coffee
summary: Started a netvault and met Ada
gave: [a first note]
---
# Coffee with Ada

Notes are Markdown files anywhere outside `people/`. A note with a `date` and `with` is an
interaction: it counts as contact with everyone it names, so [[Ada]] is not due for a while.

- [ ] Run `netvault due` to see who to reconnect with 📅 {date}
"""


def _gitignore_additions(path: Path) -> str | None:
    """What an existing .gitignore lacks of netvault's lines (None: there is no file). A
    folder already under git has one; init adds to it and never rewrites a line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise NetvaultError(f"cannot read {path}: {error}; nothing was written") from None
    have = {line.strip() for line in text.splitlines()}
    missing = [
        line for line in GITIGNORE.splitlines() if not line.startswith("#") and line not in have
    ]
    if not missing:
        return ""
    lead = "" if not text or text.endswith("\n") else "\n"
    return lead + "\n# netvault's build output\n" + "\n".join(missing) + "\n"


def scaffold(root: Path, today: dt.date) -> list[str]:
    """Write the starter files under `root`; refuse before writing if any already exists
    (an existing .gitignore is added to instead). Returns what was done, a line each."""
    iso = today.isoformat()
    files = {
        "netvault.toml": SETTINGS,
        "people/ada-lovelace.md": WELCOME_CONTACT.format(met=iso),
        f"notes/{today.year}/{iso}-coffee-with-ada.md": WELCOME_NOTE.format(date=iso),
    }
    if root.exists() and not root.is_dir():
        raise NetvaultError(f"{root} is a file, not a folder; nothing was written")
    existing = [rel for rel in files if (root / rel).exists()]
    if existing:
        raise NetvaultError(
            f"{root} already has {', '.join(existing)}; init never overwrites (nothing was written)"
        )
    additions = _gitignore_additions(root / ".gitignore") if root.is_dir() else None
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a parent that is a file, a folder we may not write in
        raise NetvaultError(f"cannot create {root}: {error.strerror}") from None
    done: list[str] = []
    for rel, text in files.items():
        create_exclusive(root, rel, text.encode("utf-8"))
        done.append(f"created {root / rel}")
    if additions is None:
        create_exclusive(root, ".gitignore", GITIGNORE.encode("utf-8"))
        done.append(f"created {root / '.gitignore'}")
    elif additions:
        with (root / ".gitignore").open("a", encoding="utf-8") as handle:
            handle.write(additions)
        done.append(f"added netvault's build output to {root / '.gitignore'}")
    else:
        done.append(f"kept {root / '.gitignore'}: it already ignores the build output")
    return done


@click.command()
@click.argument("directory", metavar="[DIR]", default=".", type=click.Path(path_type=Path))
@today_option
def init(directory: Path, today: dt.date) -> None:
    """Create a new vault in DIR: settings, people/ and notes/ folders, a .gitignore for the
    site output, a welcome contact and a first note. Refuses to overwrite anything.

    \b
    Example:
      netvault init my-network
    """
    for line in scaffold(directory, today):
        click.echo(line)
    click.echo(f"Next: netvault check {directory}")
