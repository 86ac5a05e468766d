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
reload: while the page is visible, the script asks `/.netvault/generation` once a second
and reloads the page when a new site is in place. (A long poll would answer sooner, but
each open tab would hold a connection, and a browser opens only six to one host: the
seventh tab would hang.) Files on disk are never changed by it.
"""

from __future__ import annotations

import contextlib
import os
import signal
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
from urllib.parse import unquote

import click

from netvault.build import clear_leftovers
from netvault.watch import Changes

# The policy every page carries as a meta tag (templates/base.html), sent as a header too.
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
LIVE = "/.netvault/"  # the server's own paths; no file of a site starts with a dot
STOP_SECONDS = 10.0  # how long an interrupted build has to clear its staging folder
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
  function ask() {
    if (document.visibilityState === "hidden") { return; }  // asked again once shown
    fetch("/.netvault/generation", { cache: "no-store" })
      .then(function (reply) { return reply.ok ? reply.text() : since; })
      .then(function (now) { if (now !== since) { window.location.reload(); } })
      .catch(function () {});  // the server is stopped or rebuilding: ask again later
  }
  window.setInterval(ask, 1000);
  document.addEventListener("visibilitychange", ask);
})();
"""


NOT_FOUND_PAGE = (
    b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
    b'<meta name="robots" content="noindex, nofollow"></head>\n<body><p>No such page in '
    b"this build of the site (yet). It reloads by itself after the next build.</p></body>"
    b"</html>\n"
)


class Generation:
    """How many new sites have been put in place since serving began."""

    def __init__(self) -> None:
        self.number = 0
        self._lock = threading.Lock()

    def advance(self) -> None:
        with self._lock:
            self.number += 1


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
    dot-name, no backslash or NUL); `/` is the dashboard, and any `folder/` its own
    `index.html` (`/people/`); a folder is never listed."""
    path = _path_only(request_path)
    try:
        text = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if text.endswith("/"):
        text += "index.html"
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


def _path_only(request_path: str) -> str:
    """The path of a request target, without its query or fragment. (Not urlsplit: it
    would read `//name/x` as a host and a path.)"""
    return request_path.partition("?")[0].partition("#")[0]


def with_live_reload(page: bytes, generation: int) -> bytes:
    """The page with the live-reload script before `</body>` (or at the end)."""
    tag = f'<script src="{LIVE}live.js?since={generation}" defer></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A tab closed mid-answer is no fault; anything else is one line, no traceback."""
        fault = sys.exc_info()[1]
        if not isinstance(fault, ConnectionError | TimeoutError):
            click.echo(f"A request failed: {type(fault).__name__}: {fault}", err=True)


def make_server(site: Path, port: int, generation: Generation) -> ThreadingHTTPServer:
    """A server for the files of `site` on 127.0.0.1:`port` (0: any free port). Raises
    OSError when the port cannot be had."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "netvault"
        sys_version = ""

        def version_string(self) -> str:  # "netvault", not "netvault " (no Python version)
            return self.server_version

        protocol_version = "HTTP/1.1"
        timeout = 60  # seconds an idle kept-alive connection keeps its thread

        def do_GET(self) -> None:
            self._answer(body=True)

        def do_HEAD(self) -> None:
            self._answer(body=False)

        def _answer(self, body: bool) -> None:
            hosts = self.headers.get_all("Host") or []
            sends_body = self.headers.get("Content-Length", "0").strip() not in ("", "0")
            if (
                len(hosts) != 1
                or not self.path.startswith("/")  # `GET http://elsewhere/`
                or self.request_version not in ("HTTP/1.0", "HTTP/1.1")  # 0.9: no headers
                or sends_body
                or "Transfer-Encoding" in self.headers  # a body would be read as a request
            ):
                self.send_error(HTTPStatus.BAD_REQUEST)  # and the connection is closed
                return
            if not local_host(hosts[0], port_of(self.server)):
                self._plain(HTTPStatus.FORBIDDEN, "This server answers only to 127.0.0.1.", body)
                return
            path = _path_only(self.path)
            if path == LIVE + "live.js":
                self._send(HTTPStatus.OK, _TYPES[".js"], LIVE_SCRIPT, body)
                return
            if path == LIVE + "generation":
                now = str(generation.number).encode()
                self._send(HTTPStatus.OK, "text/plain; charset=utf-8", now, body)
                return
            # The generation is read before the file: a page of the old site is then marked
            # old and reloads, where the other order could mark it new and leave it stale.
            number = generation.number
            file = site_file(site, self.path)
            data = _read(file) if file is not None else None
            if file is None or data is None:
                if path.endswith((".html", "/")):  # a page: it reloads once it exists
                    page = with_live_reload(NOT_FOUND_PAGE, number)
                    self._send(HTTPStatus.NOT_FOUND, _TYPES[".html"], page, body)
                else:
                    self._plain(HTTPStatus.NOT_FOUND, "Not found.", body)
                return
            kind = _TYPES.get(file.suffix.lower(), "application/octet-stream")
            if file.suffix.lower() == ".html":
                data = with_live_reload(data, number)
            self._send(HTTPStatus.OK, kind, data, body)

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            """The standard library's own refusals (a method other than GET or HEAD, a bad
            request line, headers too long), with the site's headers, as plain text."""
            status = HTTPStatus(code)
            self.close_connection = True
            extra = {"Connection": "close"}
            if status == HTTPStatus.NOT_IMPLEMENTED:  # a method other than GET or HEAD
                status = HTTPStatus.METHOD_NOT_ALLOWED
                extra["Allow"] = "GET, HEAD"
            if self.request_version not in ("HTTP/1.0", "HTTP/1.1"):
                self.request_version = "HTTP/1.0"  # a refused request line: still headers
            self._plain(status, f"{status.phrase}.", self.command != "HEAD", extra)

        def _plain(
            self, status: HTTPStatus, text: str, body: bool, extra: dict[str, str] | None = None
        ) -> None:
            data = (text + "\n").encode()
            self._send(status, "text/plain; charset=utf-8", data, body, extra)

        def _send(
            self,
            status: HTTPStatus,
            kind: str,
            data: bytes,
            body: bool,
            extra: dict[str, str] | None = None,
        ) -> None:
            self.send_response(status)
            for name, value in (extra or {}).items():
                self.send_header(name, value)
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

    return _Server(("127.0.0.1", port), Handler)


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
        code = run_build(command, killed=lambda: clear_leftovers(site, age=0))
    except OSError as exc:
        click.echo(f"The build did not run ({exc}); {_still(before)}.", err=True)
        return False
    seconds = time.monotonic() - started
    after = _site_identity(site)
    if after is not None and after != before:
        generation.advance()
        click.echo(f"Site built in {seconds:.1f} s; open pages reload.", err=True)
        return True
    click.echo(f"The build failed (exit {code}); {_still(before)}.", err=True)
    return False


def _still(before: tuple[int, int] | None) -> str:
    """What is served now that a build did not put a new site in place."""
    if before is None:
        return "no site to serve yet: fix the vault and save to build again"
    return "still serving the last good site"


def run_build(
    command: Sequence[str],
    grace: float = STOP_SECONDS,
    killed: Callable[[], object] = lambda: None,
) -> int:
    """Run a build and return its exit code. The build gets a process group of its own
    (a terminal's Ctrl-C is `serve`'s to handle). When serving is stopped in the middle
    of a build, the build is sent SIGTERM, which it takes as Ctrl-C (even when started
    with SIGINT ignored): it stops its workers, clears its staging folder and exits. One
    that has not within `grace` seconds is killed, group and all, and `killed` is called
    to clear what it left."""
    posix = os.name == "posix"
    child = subprocess.Popen(command, process_group=0) if posix else subprocess.Popen(command)
    try:
        return child.wait()
    except BaseException:
        if not _stop(child, grace, posix):
            killed()
        raise


def _stop(child: subprocess.Popen[bytes], grace: float, group: bool) -> bool:
    """Ask the build to stop; kill it (and its group) after `grace` seconds, or at once on
    a second Ctrl-C. True when it stopped by itself."""
    with contextlib.suppress(ProcessLookupError):
        child.terminate()
    try:
        child.wait(grace)
        return True
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        with contextlib.suppress(ProcessLookupError):
            if group:
                os.killpg(child.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
            else:
                child.kill()
        child.wait()
        return False


def build_command(vault: Path, output: Path, today: str | None) -> list[str]:
    """`netvault build` as a child process of this interpreter. `-P`: the current folder
    is not put on the import path, so a checkout of netvault's source one is standing in
    (whose `netvault/` lacks the installed package's templates) is not imported instead."""
    command = [sys.executable, "-P", "-m", "netvault.cli", "build", str(vault)]
    command += ["-o", str(output)]
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
            click.echo(f"The build failed ({exc}); the server goes on.", err=True)


def port_of(server: socketserver.BaseServer) -> int:
    """The port a server is bound to (the one picked, when 0 was asked for)."""
    address = server.server_address
    return int(address[1]) if isinstance(address, tuple) else 0


def serve_forever(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(
        target=server.serve_forever, args=(0.1,), name="netvault-http", daemon=True
    )
    thread.start()
    return thread


def shut(server: ThreadingHTTPServer, serving: threading.Thread | None) -> None:
    """Stop `server`: its loop first, where it was started (`shutdown` would wait forever
    for a loop that never ran), then its socket."""
    with contextlib.suppress(OSError):
        if serving is not None:
            server.shutdown()
            serving.join(timeout=5)
        server.server_close()
