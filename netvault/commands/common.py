"""What every command shares: `--vault`, `--today`, loading the vault, printing problems.

The only place that reads the clock (`date.today()` when no `--today` is given).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from netvault.durations import parse_date
from netvault.files import create_exclusive, replace_atomic, resolved
from netvault.index import Index
from netvault.loader import load_indexed
from netvault.memory import keep_until_exit
from netvault.model import Vault
from netvault.problems import (
    NetvaultError,
    NetvaultUsageError,
    Problem,
    exit_code,
    tally_text,
)
from netvault.settings import SETTINGS_FILE, Settings

F = TypeVar("F", bound=Callable[..., Any])


def parse_today(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()  # noqa: DTZ011 - the one clock read; local date is what users mean
    parsed = parse_date(value)
    if parsed is None or len(value.strip()) != 10:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    return parsed


def today_option(func: F) -> F:
    return click.option(
        "--today",
        callback=parse_today,
        metavar="YYYY-MM-DD",
        help="Pretend today is this date (reproducible output). Default: the real date.",
    )(func)


def vault_option(func: F) -> F:
    """`--vault DIR` (or NETVAULT_VAULT); commands with a positional VAULT accept that too."""
    return click.option(
        "--vault",
        "vault_opt",
        # checked by pick_vault, which can say the value came from $NETVAULT_VAULT
        type=click.Path(path_type=Path),
        envvar="NETVAULT_VAULT",
        default=None,
        help="The vault folder (default: $NETVAULT_VAULT, else the current folder).",
    )(func)


def site_option(func: F) -> F:
    """`-o OUT`: the site's folder, for the commands that build it."""
    return click.option(
        "-o",
        "--output",
        "output",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Output folder (default: site.output of netvault.toml, `_site` in the vault).",
    )(func)


def vault_argument(func: F) -> F:
    return click.argument(
        "vault_arg",
        metavar="[VAULT]",
        required=False,
        type=click.Path(file_okay=False, path_type=Path),
    )(func)


def pick_vault(vault_arg: Path | None, vault_opt: Path | None) -> Path:
    """The vault a command works on: VAULT or --vault (both given and different is a usage
    error), else $NETVAULT_VAULT, else the current folder. A VAULT typed on the command line
    beats the environment's default rather than clashing with it."""
    if vault_arg is not None and vault_opt is not None and _from_environment("vault_opt"):
        vault_opt = None
    if vault_arg is not None and vault_opt is not None and vault_arg != vault_opt:
        raise click.UsageError("give the vault once: as VAULT or as --vault, not both")
    chosen = vault_arg or vault_opt or Path(os.curdir)
    where = f"{chosen}"
    if vault_arg is None and vault_opt is not None and _from_environment("vault_opt"):
        where += " (from $NETVAULT_VAULT)"  # a setting of the shell, not a typed option
    if not chosen.exists():
        raise NetvaultUsageError(f"vault folder not found: {where}")
    if not chosen.is_dir():
        raise NetvaultUsageError(f"not a folder: {where}")
    if _is_a_built_site(chosen):
        raise NetvaultUsageError(
            f"{where} is a site netvault built, not a vault: give the vault it was built from"
        )
    return chosen


def _is_a_built_site(folder: Path) -> bool:
    """A folder holding what `build` writes at the top of a site: `serve ~/site` quietly
    built an empty vault's site into `~/site/_site` (its `people/` holds pages, no notes)."""
    # named here, not imported from render/site.py, which would load the renderer (0.2 s)
    # for every command
    return all(
        (folder / name).is_file() for name in ("index.html", "robots.txt", "search-index.js")
    )


def hint_if_not_a_vault(root: Path) -> None:
    """One line on stderr, before a long scan, when `root` has neither a settings file nor
    a people folder: `netvault build ~` would otherwise read a whole home folder in silence.
    A folder above that looks like a vault is named."""
    if _looks_like_a_vault(root):
        return
    where = "this folder" if root == Path(os.curdir) else str(root)
    above = _vault_above(root)
    if above is not None:  # run from inside the vault's people/ or notes/
        said = f"is the vault {above}? (give it with --vault)"
    else:
        said = "is it your vault? (`netvault init DIR` starts one)"
    click.echo(f"note: {where} has no {SETTINGS_FILE} and no people/ folder; {said}", err=True)


def refuse_inside_a_vault(root: Path, given: bool) -> None:
    """Before `new`, `log` or `import` writes: the current folder, taken as the vault because none
    was `given`, is a folder inside one (`people/`, where `new person` wrote
    `people/people/x.md`). A vault given by name is taken as given, with the note."""
    if not given and not _looks_like_a_vault(root):
        above = _vault_above(root)
        if above is not None:
            raise NetvaultUsageError(
                f"this folder is inside the vault {above}; run the command there, or give"
                f" --vault {shlex.quote(str(above))}"
            )
    hint_if_not_a_vault(root)


def _vault_above(root: Path) -> Path | None:
    """The nearest folder above `root` that looks like a vault, below the home folder (a
    `People` folder in a home or at the top of a disk is no vault)."""
    try:
        home: Path | None = Path.home().resolve()
    except RuntimeError:  # no $HOME and no account entry: no bound
        home = None
    for folder in root.resolve().parents:
        if home is not None and (folder == home or home.is_relative_to(folder)):
            return None
        if _looks_like_a_vault(folder):
            return folder
    return None


def _looks_like_a_vault(folder: Path) -> bool:
    return (folder / SETTINGS_FILE).is_file() or _has_people_folder(folder)


def _has_people_folder(root: Path) -> bool:
    """`people/` in any case, as the loader finds it (`People/` from a sync tool)."""
    try:
        with os.scandir(root) as entries:
            return any(e.name.casefold() == "people" and e.is_dir() for e in entries)
    except OSError:
        return False


def _from_environment(parameter: str) -> bool:
    context = click.get_current_context(silent=True)
    if context is None:
        return False
    return context.get_parameter_source(parameter) is click.core.ParameterSource.ENVIRONMENT


@dataclass(frozen=True)
class Loaded:
    root: Path
    vault: Vault
    settings: Settings
    index: Index
    problems: list[Problem]


def load(root: Path, *, engine_only: bool = False) -> Loaded:
    """Read, check and index a vault. Problems are collected, never raised. `engine_only`:
    the command reads only what the engine reads (no note bodies; see `engine_view`)."""
    vault, settings, index, problems = load_indexed(root, engine_only=engine_only)
    loaded = Loaded(root, vault, settings, index, problems)
    _HELD[:] = [loaded]
    keep_until_exit()
    return loaded


# The last vault loaded stays referenced until the process ends, so that `cli.run` can end
# it without freeing each object first (see there). Only the last: tests load many vaults.
_HELD: list[Loaded] = []


def print_problems(problems: Iterable[Problem], *, err: bool = True) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(str(problem), fg=colour, err=err)


def output_option(func: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Write to this file instead of standard output.",
    )(func)


def write_output(data: bytes, output: Path | None, loaded: Loaded) -> None:
    """Standard output by default (bytes as they are: CRLF kept), else the file, written
    safely: never inside the vault (but for its site folder), replaced atomically."""
    if output is None or str(output) == "-":
        click.echo(data, nl=False)
        return
    where = resolved(output)
    if where is None:
        raise NetvaultError(f"{output} is a symlink loop")
    root = loaded.root.resolve()
    if where.is_relative_to(root) and not where.is_relative_to(root / loaded.settings.output):
        raise NetvaultError(f"{output} is inside the vault; write the export elsewhere")
    if where.is_dir():
        raise NetvaultError(f"{output} is a folder")
    if where.exists():
        replace_atomic(where, data, where.read_bytes())
    else:
        if not where.parent.is_dir():
            raise NetvaultError(f"folder not found: {output.parent}")
        create_exclusive(where.parent, where.name, data, tidy=False)  # not netvault's folder
    click.echo(f"wrote {output}", err=True)


def end_with_problems(problems: list[Problem]) -> NoReturn:
    """How a command other than `check` and `build` ends (SPEC 3): the errors in compiler
    style and one line counting everything on stderr, then exit 1 if there was an error.
    The count is of what this command read: `check` also renders the bodies that could
    hold a remote image or a link out of the vault, so its count can be higher, and the
    line says so rather than give a number that disagrees with it."""
    print_problems(p for p in problems if p.severity == "error")
    if problems:
        click.echo(
            f"note: reading the vault found {tally_text(problems, ' and ')};"
            " `netvault check` lists every problem",
            err=True,
        )
    raise SystemExit(exit_code(problems))
