"""`netvault check`: validate the whole vault; usable as a git pre-commit hook."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from netvault.commands.common import (
    Loaded,
    hint_if_not_a_vault,
    load,
    pick_vault,
    print_problems,
    today_option,
    vault_argument,
    vault_option,
)
from netvault.engine.reconnect import last_contacts_ahead
from netvault.problems import Problem, counted, counts, exit_code, sorted_problems, tally_text


def _render_warnings(loaded: Loaded) -> list[Problem]:
    """What the build would warn about while rendering bodies (a remote image, nesting too
    deep), so that `check` says all `build` says (BAD-INPUTS 17), and the vault's own
    templates that `build` could not compile."""
    from netvault.render.addresses import SiteMap  # the renderer loads only for check
    from netvault.render.bodies import render_warnings
    from netvault.render.template_check import template_problems

    index = loaded.index
    found = render_warnings([*index.contacts.values(), *index.notes.values()], SiteMap(index))
    return found + template_problems(loaded.root)


@click.command()
@vault_argument
@vault_option
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON (SPEC 3.1).")
@today_option
def check(
    vault_arg: Path | None, vault_opt: Path | None, strict: bool, as_json: bool, today: dt.date
) -> None:
    """Check every file of the vault and list its problems, compiler style.

    Exit code 0 when clean, 1 on errors (or warnings with --strict).

    \b
    Example:
      netvault check ~/my-network --strict
    """
    root = pick_vault(vault_arg, vault_opt)
    hint_if_not_a_vault(root)
    loaded = load(root)
    ahead = last_contacts_ahead(loaded.index, today)
    problems = sorted_problems([*loaded.problems, *ahead, *_render_warnings(loaded)])
    if as_json:
        payload = {"problems": [p.to_json() for p in problems], "counts": counts(problems)}
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print_problems(problems, err=False)
        summary = (
            f"{counted(len(loaded.vault.contacts), 'contact')}, "
            f"{counted(len(loaded.vault.notes), 'note')}: {tally_text(problems)}"
        )
        click.echo(summary, err=True)
    raise SystemExit(exit_code(problems, strict=strict))
