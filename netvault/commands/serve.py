"""`netvault serve`: build, watch, rebuild on change, serve on 127.0.0.1 with live reload."""

from __future__ import annotations

import threading
from pathlib import Path

import click

from netvault.build import check_output, output_folder
from netvault.commands.common import (
    parse_today,
    pick_vault,
    site_option,
    vault_argument,
    vault_option,
)
from netvault.problems import NetvaultError
from netvault.serve import (
    Generation,
    build_command,
    keep_building,
    make_server,
    port_of,
    rebuild,
    serve_forever,
    shut,
)
from netvault.settings import load_settings
from netvault.watch import Changes, watch
from netvault.workers import ignore_stops, take_stops_as_interrupt


def _today_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Checked like every command's `--today`, but kept as given: each build takes it, and
    without it each build reads the date itself (a server may run past midnight)."""
    if value is not None:
        parse_today(ctx, param, value)
    return value


@click.command()
@vault_argument
@vault_option
@site_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port).",
)
@click.option(
    "--today",
    callback=_today_text,
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (reproducible output). Default: the real date.",
)
def serve(
    vault_arg: Path | None,
    vault_opt: Path | None,
    output: Path | None,
    port: int,
    today: str | None,
) -> None:
    """Build the site, serve it on 127.0.0.1, and rebuild it whenever the vault changes.

    Open pages reload by themselves after each rebuild. Full-text search over note bodies
    works here (it needs HTTP). A build that fails leaves the last good site served.
    Ctrl-C stops.

    \b
    Example:
      netvault serve ~/my-network --port 8000
    """
    root = pick_vault(vault_arg, vault_opt)
    settings, _ = load_settings(root)  # its problems are listed by each build
    target = output_folder(root, output, settings)
    check_output(root, target)
    generation = Generation()
    try:
        server = make_server(target, port, generation)
    except OSError as exc:
        raise NetvaultError(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}") from exc
    changes = Changes()
    stop_watching = watch(root, target, changes)  # before the first build: no edit is missed
    stop = threading.Event()
    serving: threading.Thread | None = None
    take_stops_as_interrupt()  # a service manager's stop, or the terminal closed: as Ctrl-C
    try:
        command = build_command(root, target, today)
        rebuild(command, target, generation)
        serving = serve_forever(server)
        click.echo(
            f"Serving http://127.0.0.1:{port_of(server)}/ (rebuilds on change; Ctrl-C stops)"
        )
        keep_building(changes, lambda: rebuild(command, target, generation), stop)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        ignore_stops()  # one stop is enough
        stop.set()
        stop_watching()
        shut(server, serving)
