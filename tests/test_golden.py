"""The golden site: `sample_vault/` built at `--today 2026-11-16` must equal, file by file,
the tree under `tests/golden/sample_site/` (pelican-style output testing).

After a deliberate change to the pages, refresh the golden tree with ONE command and review
its diff like code:

    NETVAULT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

Left out of the golden tree: `pagefind/` (Pagefind's own bundle, built only when it is
installed) and `assets/` (copied byte for byte from `templates/assets/`, which
`tests/test_site.py` checks).
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
from pathlib import Path

from netvault.build import build_site
from tests.conftest import REPO

SAMPLE = REPO / "sample_vault"
GOLDEN = REPO / "tests" / "golden" / "sample_site"
PROBLEMS = REPO / "tests" / "golden" / "sample_site_problems.txt"  # what `build` printed
TODAY = dt.date(2026, 11, 16)
SKIPPED = ("pagefind/", "assets/")
SHOWN_DIFFS = 3  # files whose diff is printed in full; the rest are only named
DIFF_LINES = 80


def _tree(folder: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not rel.startswith(SKIPPED):
            found[rel] = path.read_bytes()
    return found


def _diff(rel: str, expected: bytes, actual: bytes) -> str:
    try:
        old, new = expected.decode("utf-8"), actual.decode("utf-8")
    except UnicodeDecodeError:
        return f"--- {rel}: binary, {len(expected)} bytes expected, {len(actual)} built"
    lines = list(
        difflib.unified_diff(
            old.splitlines(), new.splitlines(), f"golden/{rel}", f"built/{rel}", lineterm=""
        )
    )
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... {len(lines) - DIFF_LINES} more diff lines"]
    return "\n".join(lines)


def _report(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(rel for rel in set(expected) & set(actual) if expected[rel] != actual[rel])
    parts: list[str] = []
    if missing:
        parts.append("Not built any more:\n  " + "\n  ".join(missing))
    if extra:
        parts.append("New files:\n  " + "\n  ".join(extra))
    if changed:
        parts.append(f"Changed ({len(changed)}): " + ", ".join(changed))
        parts.extend(_diff(rel, expected[rel], actual[rel]) for rel in changed[:SHOWN_DIFFS])
    parts.append(
        "If the change is intended: NETVAULT_UPDATE_GOLDEN=1 .venv/bin/python -m pytest "
        "tests/test_golden.py, then review the diff of tests/golden/."
    )
    return "\n\n".join(parts)


def test_sample_site_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(SAMPLE, out, TODAY, pagefind=False)
    problems = "".join(f"{problem}\n" for problem in result.problems)
    actual = _tree(out)
    if os.environ.get("NETVAULT_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in actual.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        PROBLEMS.write_text(problems, "utf-8")
    expected = _tree(GOLDEN)
    assert expected, f"no golden site under {GOLDEN}: run with NETVAULT_UPDATE_GOLDEN=1"
    if expected != actual:
        raise AssertionError(_report(expected, actual))
    assert PROBLEMS.read_text("utf-8") == problems
