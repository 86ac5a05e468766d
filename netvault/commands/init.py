"""`netvault init`: scaffold a new vault. Creates files exclusively; never overwrites."""

from __future__ import annotations

import datetime as dt
import os
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
# a new file's bytes, before it takes its name (left only by a killed command)
.*.netvault-*.tmp
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


IGNORED = [line for line in GITIGNORE.splitlines() if line[:1] != "#"]  # the entries


def _ignored(line: str) -> str:
    """A .gitignore entry as git matches a folder: `/_site/`, `_site/` and `_site` alike."""
    return line.strip().strip("/")


def _gitignore_plan(path: Path) -> tuple[str, str]:
    """What init does to the folder's .gitignore, decided before anything is written:
    `create`, `keep` (it has every line), `add` (the text to append, in the file's own line
    endings; a folder under git has a .gitignore, and init never rewrites a line of it),
    or `leave` (a link or not a file: told, not touched)."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return "leave", ""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return "create", ""
    except UnicodeDecodeError:
        raise NetvaultError(f"cannot read {path}: not UTF-8 text; nothing was written") from None
    except OSError as error:
        raise NetvaultError(f"cannot read {path}: {error.strerror}; nothing was written") from None
    have = {_ignored(line) for line in text.splitlines()}
    missing = [line for line in IGNORED if _ignored(line) not in have]
    if not missing:
        return "keep", ""
    if not os.access(path, os.W_OK):
        raise NetvaultError(f"cannot add to {path}: it is read-only; nothing was written")
    newline = "\r\n" if "\r\n" in text else "\n"
    lead = "" if not text or text.endswith("\n") else newline
    lines = ["", "# netvault's build output", *missing]
    return "add", lead + newline.join(lines) + newline


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
    ignore = root / ".gitignore"
    plan, added = _gitignore_plan(ignore) if root.is_dir() else ("create", "")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a parent that is a file, a folder we may not write in
        raise NetvaultError(f"cannot create {root}: {error.strerror}") from None
    done: list[str] = []
    if plan == "add":  # first: the one write that can still fail on a file that exists
        try:
            with ignore.open("a", encoding="utf-8", newline="") as handle:
                handle.write(added)
        except OSError as error:
            raise NetvaultError(
                f"cannot add to {ignore}: {error.strerror}; nothing was written"
            ) from None
        done.append(f"added netvault's build output to {ignore}")
    for rel, text in files.items():
        create_exclusive(root, rel, text.encode("utf-8"))
        done.append(f"created {root / rel}")
    if plan == "create":
        create_exclusive(root, ".gitignore", GITIGNORE.encode("utf-8"))
        done.append(f"created {ignore}")
    elif plan == "keep":
        done.append(f"kept {ignore}: it already ignores the build output")
    elif plan == "leave":
        entries = " ".join(IGNORED)
        done.append(f"left {ignore} alone (not a plain file); add to it yourself: {entries}")
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
