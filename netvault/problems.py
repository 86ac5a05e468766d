"""Problems: every user mistake is a value, never an exception.

A `Problem` is `path:line:col: severity: message`. Stages return lists of them; the CLI
sorts, prints and turns them into one exit code (`exit_code`). Environment failures (no
vault, unwritable output) are the one exception type `NetvaultError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the vault, POSIX separators
    line: int  # 1-based; 1 when the problem is about the whole file
    col: int | None
    severity: Severity
    message: str

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.col or 0, self.severity, self.message)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.col is not None:
            where += f":{self.col}"
        return f"{where}: {self.severity}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


def error(path: str, line: int, message: str, col: int | None = None) -> Problem:
    return Problem(path, line, col, "error", message)


# How a file that could not be opened is reported; such a result is never cached, since a
# `chmod` that makes it readable changes neither its size nor its mtime.
UNREADABLE = "could not be read"


def warning(path: str, line: int, message: str, col: int | None = None) -> Problem:
    return Problem(path, line, col, "warning", message)


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted and without exact duplicates (the same fault found by two routes)."""
    return sorted(set(problems), key=Problem.sort_key)


def counts(problems: Iterable[Problem]) -> dict[str, int]:
    result = {"error": 0, "warning": 0}
    for problem in problems:
        result[problem.severity] += 1
    return result


def counted(n: int, noun: str) -> str:
    """`1 error`, `2 errors`: the plural is the noun plus s (every noun counted here takes it)."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def tally_text(problems: Iterable[Problem], joiner: str = ", ") -> str:
    """`0 errors, 1 warning`: the one-line count that ends check, build and the others."""
    tally = counts(problems)
    return counted(tally["error"], "error") + joiner + counted(tally["warning"], "warning")


def exit_code(problems: Iterable[Problem], *, strict: bool = False) -> int:
    """0 clean, 1 errors (or warnings under --strict). Usage errors (2) are click's."""
    tally = counts(problems)
    if tally["error"] or (strict and tally["warning"]):
        return 1
    return 0


class NetvaultError(click.ClickException):
    """An environment failure: shown in one line, exit 1, no traceback."""


class NetvaultUsageError(NetvaultError):
    """A wrong argument that shows only when used (a vault folder that is not there): one
    line, no traceback, exit 2 like every usage error (SPEC 3)."""

    exit_code = 2
