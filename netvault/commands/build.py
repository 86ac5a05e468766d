"""`netvault build`: render the private static site (SPEC 5), even when the vault has errors."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from netvault.build import build_site
from netvault.commands.common import (
    hint_if_not_a_vault,
    pick_vault,
    print_problems,
    site_option,
    today_option,
    vault_argument,
    vault_option,
)
from netvault.problems import tally_text
from netvault.workers import take_stops_as_interrupt


@click.command()
@vault_argument
@vault_option
@site_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@today_option
def build(
    vault_arg: Path | None,
    vault_opt: Path | None,
    output: Path | None,
    strict: bool,
    today: dt.date,
) -> None:
    """Render the vault as a private static site and list the vault's problems.

    The site is written even when the vault has errors (exit code 1 then); it replaces the
    previous build in one step, so a failed build leaves the old site as it was.

    \b
    Example:
      netvault build ~/my-network -o ~/network-site --today 2026-11-16
    """
    take_stops_as_interrupt()  # a killed build must clear its staging folder too
    root = pick_vault(vault_arg, vault_opt)
    hint_if_not_a_vault(root)
    bar: Any = None

    def start(total: int) -> None:
        nonlocal bar
        if sys.stderr.isatty():
            bar = click.progressbar(length=total, label="Rendering", file=sys.stderr)
            bar.__enter__()

    done = 0

    def progress(number: int) -> None:
        nonlocal done
        if bar is not None:
            bar.update(number - done)
        done = number

    try:
        result = build_site(root, output, today, strict, start=start, progress=progress)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    print_problems(result.problems)
    for notice in result.notices:
        click.echo(notice, err=True)
    if result.problems:
        click.echo(tally_text(result.problems), err=True)
    click.echo(f"Site written to {result.out / 'index.html'}")
    raise SystemExit(result.exit_code(strict))
