"""serve.py and `netvault serve`: what the local server answers (SPEC 5.3, BAD-INPUTS row
38), the live reload, and the rebuild loop that outlives a failed build (row 35)."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from unittest.mock import ANY

import pytest

from netvault.serve import (
    LIVE_SCRIPT,
    POLICY,
    Generation,
    build_command,
    keep_building,
    local_host,
    make_server,
    port_of,
    rebuild,
    serve_forever,
    shut,
    site_file,
    with_live_reload,
)
from netvault.watch import Changes
from tests.conftest import VaultMaker
from tests.serve_helpers import fetch, serve_process, stop_process
from tests.site_helpers import build

ROOT = Path(__file__).resolve().parent.parent
ADA = "---\nname: Ada Lovelace\naliases: [Ada]\n---\nWrites about engines.\n"
NOTE = "---\ndate: 2026-11-01\nwith: ['[[Ada Lovelace]]']\nsummary: Tea\n---\nWe spoke of looms.\n"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LOCALHOST:8000", True),
        ("[::1]:8000", True),
        ("127.0.0.1", True),
        ("localhost", True),
        ("127.0.0.1:8001", False),  # another port: another server
        ("evil.example", False),  # DNS rebinding: a foreign name that resolves here
        ("evil.example:8000", False),
        ("localhost.evil.example:8000", False),
        ("127.0.0.1.nip.io:8000", False),
        ("[::1]x:8000", False),
        ("localhost:", False),
        ("", False),
        (None, False),
    ],
)
def test_only_a_local_host_is_answered(host: str | None, expected: bool) -> None:
    assert local_host(host, 8000) is expected


@pytest.fixture
def site(tmp_path: Path) -> Path:
    out = tmp_path / "site"
    (out / "people").mkdir(parents=True)
    (out / "index.html").write_bytes(b"<html><body><p>home</p></body></html>")
    (out / "people" / "ada.html").write_bytes(b"<html><body>Ada</body></html>")
    (out / "people" / "index.html").write_bytes(b"<html><body>People</body></html>")
    (out / ".netvault-site").write_bytes(b"marker")
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    (out / "leak.txt").symlink_to(secret)
    (out / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    return out


@pytest.mark.parametrize(
    ("request_path", "expected"),
    [
        ("/", "index.html"),
        ("/index.html", "index.html"),
        ("/people/ada.html", "people/ada.html"),
        ("/people/ada.html?q=1#x", "people/ada.html"),
        ("/people/%61da.html", "people/ada.html"),
        ("/../secret.txt", None),
        ("/people/../../secret.txt", None),
        ("/%2e%2e/secret.txt", None),
        ("/people/..%2f..%2fsecret.txt", None),
        ("/people/", "people/index.html"),  # a folder's own page, as static hosts do
        ("/elsewhere/", None),  # ... never through a symlinked folder
        ("/people//", None),
        ("/people", None),  # a folder is never listed
        ("//people/ada.html", None),
        ("//127.0.0.1/index.html", None),  # not a host and a path: an empty first name
        ("/?q=1", "index.html"),
        ("/people/ada.html#top", "people/ada.html"),
        ("/.netvault-site", None),  # dot-names are not the site's pages
        ("/leak.txt", None),  # a symlink out of the site
        ("/elsewhere/secret.txt", None),  # a symlinked folder
        ("/people/ada.html%00.png", None),
        ("/people\\ada.html", None),
        ("/%ff.html", None),
        ("/missing.html", None),
        ("people/ada.html", None),
    ],
)
def test_site_file_serves_only_regular_files_inside_the_site(
    site: Path, request_path: str, expected: str | None
) -> None:
    found = site_file(site, request_path)
    assert found == (None if expected is None else site / expected)


def test_the_live_reload_script_goes_before_the_end_of_the_body() -> None:
    page = b"<html><body><p>x</p></body></html>\n"
    assert with_live_reload(page, 7) == (
        b'<html><body><p>x</p><script src="/.netvault/live.js?since=7" defer></script>\n'
        b"</body></html>\n"
    )
    assert with_live_reload(b"<p>bare", 0).endswith(
        b'<p>bare<script src="/.netvault/live.js?since=0" defer></script>\n'
    )


def test_the_header_policy_is_the_pages_own() -> None:
    base = (ROOT / "templates" / "base.html").read_text("utf-8")
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', base)
    assert meta is not None and meta.group(1) == POLICY


# --- the server over HTTP -----------------------------------------------------------------


@pytest.fixture
def server(site: Path) -> Iterator[tuple[int, Generation]]:
    generation = Generation()
    running = make_server(site, 0, generation)
    serving = serve_forever(running)
    try:
        yield port_of(running), generation
    finally:
        shut(running, serving)


def test_a_page_is_served_with_the_sites_headers_and_the_live_reload(
    server: tuple[int, Generation], site: Path
) -> None:
    port, _ = server
    status, headers, body = fetch(port, "/people/ada.html")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-security-policy"] == POLICY
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert headers["cache-control"] == "no-store"
    assert body == with_live_reload((site / "people" / "ada.html").read_bytes(), 0)
    assert (site / "people" / "ada.html").read_bytes() == b"<html><body>Ada</body></html>"


def test_other_files_are_served_as_they_are(server: tuple[int, Generation], site: Path) -> None:
    port, _ = server
    (site / "pagefind.wasm").write_bytes(b"\0asm")
    (site / "style.css").write_bytes(b"body{}")
    status, headers, body = fetch(port, "/pagefind.wasm")
    assert (status, headers["content-type"], body) == (200, "application/wasm", b"\0asm")
    status, headers, body = fetch(port, "/style.css")
    assert (status, headers["content-type"], body) == (200, "text/css; charset=utf-8", b"body{}")
    status, headers, body = fetch(port, "/style.css", method="HEAD")
    assert (status, headers["content-length"], body) == (200, "6", b"")


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/people", "/leak.txt", "/elsewhere/secret.txt"],
)
def test_row_38_traversal_folders_and_symlinks_are_refused(
    server: tuple[int, Generation], path: str
) -> None:
    port, _ = server
    status, _, body = fetch(port, path)
    assert status == 404
    assert b"secret" not in body


def test_a_folder_url_serves_its_page_and_the_server_names_itself_plainly(
    server: tuple[int, Generation], site: Path
) -> None:
    """`/people/` was a 404 (the site links `people/index.html`, a person types the
    folder); and the Server header read "netvault " with a trailing space."""
    port, _ = server
    status, headers, body = fetch(port, "/people/")
    assert status == 200 and body.startswith(b"<html><body>People<script")
    assert headers["server"] == "netvault"
    assert fetch(port, "/people")[0] == 404  # no listing, no guessing


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "192.168.1.9"])
def test_row_38_a_foreign_host_is_refused(server: tuple[int, Generation], host: str) -> None:
    port, _ = server
    status, _, body = fetch(port, "/", host=host.format(port=port))
    assert status == 403
    assert b"home" not in body


def _raw(port: int, request: bytes) -> bytes:
    """What the server answers to `request`, sent byte for byte."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",  # absolute form
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n",
        b"GET / HTTP/1.1\r\n",  # no Host at all
        b"GET /a b c HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n",  # a broken request line
        b"GET / HTTP/7.0\r\nHost: 127.0.0.1:{port}\r\n",
        b"GET /index.html\r\nHost: 127.0.0.1:{port}\r\n",  # HTTP/0.9: would go headerless
        b"GET /nope HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n",
        b"GET /nope HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nTransfer-Encoding: chunked\r\n",
    ],
    ids=[
        "absolute-form", "two-hosts", "no-host", "bad-line", "bad-version", "http-0.9",
        "get-with-body", "get-chunked",
    ],
)  # fmt: skip
def test_row_38_a_doubtful_request_is_refused_with_the_sites_headers(
    server: tuple[int, Generation], request_bytes: bytes
) -> None:
    port, _ = server
    request = request_bytes.replace(b"{port}", str(port).encode()) + b"Connection: close\r\n\r\n"
    reply = _raw(port, request)
    head, _, body = reply.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] in (b"400", b"505")
    assert f"Content-Security-Policy: {POLICY}".encode() in head
    assert b"X-Content-Type-Options: nosniff" in head
    assert b"home" not in body


def test_a_missing_page_is_a_page_that_reloads_and_other_files_are_plain(
    server: tuple[int, Generation],
) -> None:
    """A tab on a page that a build has not made (yet) reloads after the next build."""
    port, _ = server
    status, headers, body = fetch(port, "/people/nobody.html")
    assert (status, headers["content-type"]) == (404, "text/html; charset=utf-8")
    assert b'<script src="/.netvault/live.js?since=0" defer></script>' in body
    assert headers["content-security-policy"] == POLICY
    status, headers, body = fetch(port, "/missing.css")
    assert (status, headers["content-type"], body) == (
        404, "text/plain; charset=utf-8", b"Not found.\n",
    )  # fmt: skip


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "BREW"])
def test_only_get_and_head_are_allowed(server: tuple[int, Generation], method: str) -> None:
    port, _ = server
    status, headers, body = fetch(port, "/", method=method)
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
    assert headers["content-security-policy"] == POLICY
    assert b"home" not in body


def test_the_live_paths(server: tuple[int, Generation]) -> None:
    port, generation = server
    status, headers, body = fetch(port, "/.netvault/live.js")
    assert (status, body) == (200, LIVE_SCRIPT)
    assert headers["content-type"] == "text/javascript; charset=utf-8"
    assert fetch(port, "/.netvault/generation") == (200, ANY, b"0")
    generation.advance()
    assert fetch(port, "/.netvault/generation?since=%C2%B2")[2] == b"1"  # answered at once
    assert b"live.js?since=1" in fetch(port, "/")[2]
    assert fetch(port, "/.netvault/other")[0] == 404
    assert fetch(port, "/.netvault/wait")[0] == 404


def test_a_closed_connection_is_quiet_and_other_faults_are_one_line(
    capsys: pytest.CaptureFixture[str], site: Path
) -> None:
    running = make_server(site, 0, Generation())
    try:
        for fault in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
            try:
                raise fault
            except OSError:
                running.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""  # a tab closed mid-answer: nothing to say
        try:
            raise ValueError("odd")
        except ValueError:
            running.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == "A request failed: ValueError: odd\n"
    finally:
        shut(running, None)


def test_a_server_never_started_is_shut_at_once(site: Path) -> None:
    """Stopped during the first build: the loop never ran, and shutdown must not wait for it."""
    running = make_server(site, 0, Generation())
    closing = threading.Thread(target=shut, args=(running, None), daemon=True)
    closing.start()
    closing.join(timeout=5)
    assert not closing.is_alive()


# --- rebuilds ------------------------------------------------------------------------------


def test_row_35_a_failed_build_leaves_the_last_good_site_served(
    make_vault: VaultMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"people/ada.md": ADA})
    out = tmp_path / "site"
    generation = Generation()
    command = build_command(root, out, "2026-11-16")
    assert rebuild(command, out, generation) is True
    assert generation.number == 1
    page = (out / "people" / "ada.html").read_bytes()
    (root / "templates").mkdir()
    (root / "templates" / "person.html").write_text("{% if %}\n", "utf-8")
    assert rebuild(command, out, generation) is False
    assert generation.number == 1  # no reload: nothing new to show
    assert (out / "people" / "ada.html").read_bytes() == page
    err = capsys.readouterr().err
    assert "The build failed (exit 1); still serving the last good site." in err
    (root / "templates" / "person.html").unlink()
    (root / "people" / "ada.md").write_text(ADA.replace("engines", "looms"), "utf-8")
    assert rebuild(command, out, generation) is True
    assert generation.number == 2
    assert b"looms" in (out / "people" / "ada.html").read_bytes()


def test_the_loop_outlives_a_build_that_raises(capsys: pytest.CaptureFixture[str]) -> None:
    changes = Changes(settle=0.05)
    stop = threading.Event()
    calls: list[int] = []

    def flaky_build() -> None:
        calls.append(len(calls))
        if len(calls) == 1:
            raise RuntimeError("disk on fire")
        stop.set()

    loop = threading.Thread(target=keep_building, args=(changes, flaky_build, stop, 0.05))
    loop.start()
    try:
        changes.note()
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.02)
        assert calls == [0]  # built once, failed
        changes.note()
        loop.join(timeout=10)
        assert not loop.is_alive()  # the second build ran, and stopped the loop
    finally:
        stop.set()
        loop.join(timeout=5)
    assert calls == [0, 1]
    assert "The build failed (disk on fire); the server goes on." in capsys.readouterr().err


def test_a_first_build_that_fails_says_there_is_no_site_yet(
    make_vault: VaultMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_vault({"people/ada.md": ADA, "templates/person.html": "{% if %}\n"})
    out = tmp_path / "site"
    generation = Generation()
    assert rebuild(build_command(root, out, "2026-11-16"), out, generation) is False
    assert generation.number == 0
    assert not out.exists()
    err = capsys.readouterr().err
    assert "The build failed (exit 1); no site to serve yet: fix the vault and save" in err
    assert "last good site" not in err


def test_the_build_command_passes_today_only_when_given(tmp_path: Path) -> None:
    vault, out = str(tmp_path / "v"), str(tmp_path / "o")
    command = build_command(tmp_path / "v", tmp_path / "o", None)
    assert command[1:] == ["-P", "-m", "netvault.cli", "build", vault, "-o", out]
    dated = build_command(tmp_path / "v", tmp_path / "o", "2026-11-16")
    assert dated[-2:] == ["--today", "2026-11-16"] and dated[:-2] == command


def test_a_build_ignores_a_netvault_folder_in_the_current_folder(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`netvault serve` run from a checkout of netvault's source: the build must import the
    installed netvault, not the `netvault/` folder standing in the current folder."""
    root = make_vault({"people/ada.md": ADA})
    decoy = tmp_path / "checkout" / "netvault"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('the source folder, not netvault')\n")
    monkeypatch.chdir(decoy.parent)
    out = tmp_path / "site"
    assert rebuild(build_command(root, out, "2026-11-16"), out, Generation()) is True
    assert (out / "people" / "ada.html").is_file()


# --- `netvault serve`, end to end ----------------------------------------------------------


def _generation(port: int, since: int | None = None) -> int:
    """The server's generation (a live page's question, asked once a second): at once
    without `since`, else once it has moved on from `since` (at most 60 s)."""
    deadline = time.monotonic() + 60
    while True:
        now = int(fetch(port, "/.netvault/generation")[2])
        if since is None or now != since or time.monotonic() > deadline:
            return now
        time.sleep(0.1)


def test_serve_builds_serves_rebuilds_on_an_edit_and_stops_cleanly(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault({"people/ada.md": ADA, "notes/2026/tea.md": NOTE})
    process, port, err = serve_process(root, "--today", "2026-11-16")
    try:
        status, _, body = fetch(port, "/people/ada.html")
        assert status == 200 and b"Writes about engines." in body
        assert b'src="/.netvault/live.js?since=1"' in body  # the first build's site
        assert (
            not (root / "_site" / "people" / "ada.html").read_bytes().count(b".netvault/live.js")
        )  # the files on disk are the build's, unchanged
        (root / "people" / "ada.md").write_text(ADA.replace("engines", "looms"), "utf-8")
        assert _generation(port, since=1) == 2
        assert b"Writes about looms." in fetch(port, "/people/ada.html")[2]
        # row 35: a build that fails leaves the last good site served
        (root / "templates").mkdir()
        (root / "templates" / "person.html").write_text("{% if %}\n", "utf-8")
        deadline = time.monotonic() + 60
        while not any("still serving" in line for line in err) and time.monotonic() < deadline:
            time.sleep(0.1)  # the edit settles, the build runs and fails
        assert _generation(port) == 2
        assert b"Writes about looms." in fetch(port, "/people/ada.html")[2]
    finally:
        stop_process(process)
    text = "".join(err)
    assert process.returncode == 0
    assert "templates/person.html:1: Expected an expression" in text
    assert "still serving the last good site" in text
    assert "Stopped." in text
    assert "Traceback" not in text


def test_serve_refuses_a_port_in_use(
    make_vault: VaultMaker, server: tuple[int, Generation]
) -> None:
    port, _ = server
    root = make_vault({"people/ada.md": ADA})
    done = subprocess.run(
        [sys.executable, "-m", "netvault.cli", "serve", str(root), "--port", str(port)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot serve on 127.0.0.1:{port}: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (root / "_site").exists()  # refused before building anything


def test_serve_refuses_a_bad_output_folder_before_anything(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": ADA})
    done = subprocess.run(
        [sys.executable, "-m", "netvault.cli", "serve", str(root), "-o", str(root), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "refusing to build into the vault itself" in done.stderr


def test_a_site_built_for_serving_is_the_build_commands_site(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """What serve puts on disk is what `netvault build` writes: the reload is added only to
    the HTTP responses."""
    root = make_vault({"people/ada.md": ADA, "notes/2026/tea.md": NOTE})
    out = tmp_path / "served"
    assert rebuild(build_command(root, out, "2026-11-16"), out, Generation())
    reference = tmp_path / "built"
    build(root, reference, pagefind=True)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(reference) for p in reference.rglob("*") if p.is_file())
    assert all((out / f).read_bytes() == (reference / f).read_bytes() for f in files)
