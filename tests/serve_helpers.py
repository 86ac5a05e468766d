"""Helpers for tests of `netvault serve`: a request sent as written, and the command run as
a process on a free port."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path


def fetch(
    port: int, path: str, host: str | None = None, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """A request sent as written: the path is not normalised and `Host` is what is given."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=40)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    connection.endheaders()
    reply = connection.getresponse()
    body = reply.read()
    connection.close()
    return reply.status, {k.lower(): v for k, v in reply.getheaders()}, body


def serve_process(root: Path, *args: str) -> tuple[subprocess.Popen[str], int, list[str]]:
    """`netvault serve` on a free port: the process, the port, and its stderr so far (both
    pipes are read all along, so the server never blocks on a full pipe)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "netvault.cli", "serve", str(root), "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NETVAULT_CACHE": "off"},
    )
    out: list[str] = []
    err: list[str] = []
    for stream, lines in ((process.stdout, out), (process.stderr, err)):
        threading.Thread(target=lines.extend, args=(stream,), daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        for line in list(out):  # the first build's own output, then the serving line
            found = re.match(r"Serving http://127\.0\.0\.1:(\d+)/ ", line)
            if found is not None:
                return process, int(found.group(1)), err
        time.sleep(0.05)
    stop_process(process)
    raise AssertionError(f"no serving line: {out!r} {err!r}")


def stop_process(process: subprocess.Popen[str]) -> None:
    """SIGTERM (as a service manager stops it), then the pipes are closed."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    finally:
        process.kill()
        time.sleep(0.2)  # the readers take the last lines
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
