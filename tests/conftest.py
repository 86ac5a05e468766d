"""Shared fixtures: `make_vault` builds a throwaway vault from {relative path: text}."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path

import pytest

VaultMaker = Callable[[dict[str, str | bytes]], Path]

# The parse cache lives outside the vault; tests keep theirs away from the user's ~/.cache,
# in a folder removed when the run ends (detached cache writers may still be finishing then).
if "NETVAULT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.TemporaryDirectory(prefix="netvault-test-cache-", ignore_cleanup_errors=True)
    os.environ["NETVAULT_CACHE_DIR"] = _CACHE.name

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REALWORLD = SHARED / "realworld"


@pytest.fixture
def make_vault(tmp_path: Path) -> VaultMaker:
    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "vault"
        root.mkdir(exist_ok=True)
        for rel, content in files.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="")
        return root

    return make


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test item, so a fixture can see that its test failed
    (the browser tests save a screenshot then)."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def stale_temp(folder: Path, name: str, data: bytes = b"x") -> Path:
    """A temporary file in `folder` as a killed writer leaves it: written, then aged past
    the time after which netvault tidies its own (`files.STALE_TEMP`). The folder counts
    as not yet tidied in this run."""
    import time

    from netvault import files

    path = folder / name
    path.write_bytes(data)
    ancient = time.time() - files.STALE_TEMP - 60
    os.utime(path, (ancient, ancient))
    files._cleared.discard(folder)
    return path
