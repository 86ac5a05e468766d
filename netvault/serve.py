"""`netvault serve`: build, watch, rebuild on change, serve on 127.0.0.1 with live reload.
[serves, runs]

The pipeline of a session: a first build, then a loop in which `watch.Changes` says when an
edit has settled and the site is built again. Each build runs as its own `netvault build`
process: the build's parallel rendering forks workers, which a process that also runs server
threads must not do, and a crash or a traceback in a build cannot take the server down. A
build replaces the site in one rename or leaves it as it was (build.py), so the server
always serves a whole site: the new one once it is in place, else the last good one
(BAD-INPUTS row 35).

The server (SPEC 5.3) binds 127.0.0.1 only, answers only requests whose `Host` is local (a
page elsewhere cannot reach it through DNS rebinding), serves only regular files inside the
output folder, reached without a symlink or a dot-name, lists no folders, and sends the
site's own Content-Security-Policy. HTML responses get one extra script tag, the live
reload: the script asks `/.netvault/wait` (a long poll) for the site's generation and
reloads the page when a new site is in place. Files on disk are never changed by it.
"""

from __future__ import annotations

import contextlib
import os
import socketserver
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import click

from netvault.watch import Changes

# The policy every page carries as a meta tag (templates/base.html), sent as a header too.
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
LIVE = "/.netvault/"  # the server's own paths; no file of a site starts with a dot
WAIT_SECONDS = 25.0  # a long poll's longest wait, under browsers' idle timeouts
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".wasm": "application/wasm",  # Pagefind's search, which needs the exact type to stream
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".vcf": "text/vcard; charset=utf-8",
}
LIVE_SCRIPT = b"""\
// netvault serve: reload the page when a new build of the site is in place.
(function () {
  "use strict";
  var since = new URL(document.currentScript.src).searchParams.get("since");
  function wait() {
    fetch("/.netvault/wait?since=" + since, { cache: "no-store" })
      .then(function (reply) {
        if (!reply.ok) { throw new Error(String(reply.status)); }
        return reply.text();
      })
      .then(function (now) {
        if (now !== since) { window.location.reload(); } else { wait(); }
      })
      .catch(function () { window.setTimeout(wait, 2000); });
  }
  wait();
})();
"""


class Generation:
    """How many new sites have been put in place since serving began; `wait` blocks until
    there is a newer one (a long poll)."""

    def __init__(self) -> None:
        self.number = 0
        self._changed = threading.Condition()

    def advance(self) -> None:
        with self._changed:
            self.number += 1
            self._changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        with self._changed:
            self._changed.wait_for(lambda: self.number != since, timeout)
            return self.number


def local_host(host: str | None, port: int) -> bool:
    """Whether a request's `Host` names this machine's loopback server: `127.0.0.1`,
    `localhost` or `[::1]`, with this server's port or none."""
    value = (host or "").strip().lower()
    given: str | None
    if value.startswith("["):
        name, _, rest = value.partition("]")
        name += "]"
        if rest and not rest.startswith(":"):
            return False
        given = rest[1:] if rest else None
    else:
        name, colon, port_text = value.partition(":")
        given = port_text if colon else None
    if given is not None and given != str(port):
        return False
    return name in ("127.0.0.1", "localhost", "[::1]")


def site_file(site: Path, request_path: str) -> Path | None:
    """The file of `site` a request path names, or None when there is none to serve: only
    a regular file inside the site, reached through real folders (no symlink, no `..`, no
    dot-name, no backslash or NUL); `/` is the dashboard; a folder is never listed."""
    path = urlsplit(request_path).path
    try:
        text = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if text == "/":
        text = "/index.html"
    if not text.startswith("/") or "\\" in text or "\0" in text:
        return None
    parts = text[1:].split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    current = site
    for number, part in enumerate(parts):
        current = current / part
        try:
            found = os.lstat(current)
        except (OSError, ValueError):
            return None
        last = number == len(parts) - 1
        if stat.S_ISLNK(found.st_mode) or (
            not stat.S_ISREG(found.st_mode) if last else not stat.S_ISDIR(found.st_mode)
        ):
            return None
    return current


def with_live_reload(page: bytes, generation: int) -> bytes:
    """The page with the live-reload script before `</body>` (or at the end)."""
    tag = f'<script src="{LIVE}live.js?since={generation}" defer></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def make_server(
    site: Path, port: int, generation: Generation, wait_seconds: float = WAIT_SECONDS
) -> ThreadingHTTPServer:
    """A server for the files of `site` on 127.0.0.1:`port` (0: any free port). Raises
    OSError when the port cannot be had."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "netvault"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            if not local_host(self.headers.get("Host"), port_of(self.server)):
                self._plain(HTTPStatus.FORBIDDEN, "This server answers only to 127.0.0.1.", body)
                return
            if self.path.startswith(LIVE):
                self._live(body)
                return
            file = site_file(site, self.path)
            data = _read(file) if file is not None else None
            if file is None or data is None:
                self._plain(HTTPStatus.NOT_FOUND, "Not found.", body)
                return
            kind = _TYPES.get(file.suffix.lower(), "application/octet-stream")
            if file.suffix.lower() == ".html":
                data = with_live_reload(data, generation.number)
            self._send(HTTPStatus.OK, kind, data, body)

        def _live(self, body: bool) -> None:
            split = urlsplit(self.path)
            if split.path == LIVE + "live.js":
                self._send(HTTPStatus.OK, _TYPES[".js"], LIVE_SCRIPT, body)
                return
            if split.path == LIVE + "wait":
                since = parse_qs(split.query).get("since", [""])[0]
                number = int(since) if since.isdigit() else -1
                now = generation.wait(number, wait_seconds) if body else generation.number
                self._send(HTTPStatus.OK, "text/plain; charset=utf-8", str(now).encode(), body)
                return
            self._plain(HTTPStatus.NOT_FOUND, "Not found.", body)

        def _plain(self, status: HTTPStatus, text: str, body: bool) -> None:
            self._send(status, "text/plain; charset=utf-8", (text + "\n").encode(), body)

        def _send(self, status: HTTPStatus, kind: str, data: bytes, body: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", POLICY)
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Robots-Tag", "noindex, nofollow")
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet: the terminal shows the builds, not every request."""

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    return server


def _read(file: Path) -> bytes | None:
    """The file's bytes, opened without following a symlink that appeared since the check."""
    try:
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with open(handle, "rb") as stream:
        return stream.read()


def _site_identity(site: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(site)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def rebuild(command: Sequence[str], site: Path, generation: Generation) -> bool:
    """Run one build as its own process (its output goes to this terminal); True, and the
    generation moves on, when it put a new site in place. A build swaps the site folder in
    with a rename, so a new folder identity is a new site; a failed build leaves the old."""
    before = _site_identity(site)
    started = time.monotonic()
    try:
        done = subprocess.run(command, check=False)
    except OSError as exc:
        click.echo(f"The build did not run ({exc}); still serving the last site.", err=True)
        return False
    seconds = time.monotonic() - started
    after = _site_identity(site)
    if after is not None and after != before:
        generation.advance()
        click.echo(f"Site built in {seconds:.1f} s; open pages reload.", err=True)
        return True
    click.echo(
        f"The build failed (exit {done.returncode}); still serving the last good site.", err=True
    )
    return False


def build_command(vault: Path, output: Path, today: str | None) -> list[str]:
    """`netvault build` as a child process of this interpreter."""
    command = [sys.executable, "-m", "netvault.cli", "build", str(vault), "-o", str(output)]
    return [*command, "--today", today] if today else command


def keep_building(
    changes: Changes,
    build: Callable[[], object],
    stop: threading.Event,
    poll: float = 0.5,
) -> None:
    """Build again each time a burst of changes has settled, until `stop` is set. A build
    that raises is reported and the loop goes on: it never dies of a build."""
    while not stop.is_set():
        if not changes.wait(poll):
            continue
        try:
            build()
        except Exception as exc:  # the loop outlives any one build
            click.echo(f"The build failed ({exc}); still serving the last good site.", err=True)


def port_of(server: socketserver.BaseServer) -> int:
    """The port a server is bound to (the one picked, when 0 was asked for)."""
    address = server.server_address
    return int(address[1]) if isinstance(address, tuple) else 0


def serve_forever(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="netvault-http", daemon=True)
    thread.start()
    return thread


def shut(server: ThreadingHTTPServer) -> None:
    with contextlib.suppress(OSError):
        server.shutdown()
        server.server_close()
