"""A non-editable install works: the wheel carries the templates, and `check` runs from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Build from a clean copy: setuptools reuses a `build/` folder left in a checkout, which
    # would hide a module missing from `packages` (as a fresh clone would not).
    source = tmp_path_factory.mktemp("source") / "netvault"
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns("build", "*.egg-info", ".venv", ".git", "benchmarks"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("netvault-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_templates_and_assets(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        n.removeprefix("netvault/templates/") for n in names if n.startswith("netvault/templates/")
    }
    expected = {
        p.relative_to(REPO / "templates").as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts  # Python's own, not ours to ship
    }
    assert expected, "the project has default templates"
    assert expected <= shipped
    modules = {p.relative_to(REPO).as_posix() for p in (REPO / "netvault").rglob("*.py")}
    assert modules - names == set(), "modules missing from the wheel (pyproject packages)"


@pytest.mark.slow
def test_check_runs_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys, netvault.cli, netvault.commands.check as c;"
        " print(netvault.cli.__file__, c.__file__, file=sys.stderr); netvault.cli.main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "check", str(REPO / "sample_vault")],
        cwd=tmp_path,  # away from the source tree, so only the installed copy can be imported
        env={**os.environ, "PYTHONPATH": str(target)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # it really ran the installed copy, commands included (not the editable source tree)
    assert result.stderr.count(str(target)) >= 2
    assert "0 errors" in result.stderr
