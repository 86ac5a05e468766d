"""The values front matter holds, and what every reader of it shares: the entry type,
YAML's own idea of which plain words are not text, and file positions. A leaf module."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import yaml

try:
    from yaml import CSafeLoader as Loader
    from yaml._yaml import CParser

    LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

    CParser = object  # type: ignore[misc,assignment]
    LIBYAML = False

__all__ = [
    "LIBYAML", "MAX_DEPTH", "MAX_FRONT_MATTER_BYTES", "NOT_TEXT", "RESOLVER", "CParser",
    "Entry", "Loader", "Value", "where",
]  # fmt: skip

Value: TypeAlias = str | list["Value"] | dict[str, "Value"] | None

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 50  # far beyond any real contact; keeps values cheap to walk


@dataclass(frozen=True)
class Entry:
    """One top-level front matter key. Lines are file lines: the opening `---` is line 1."""

    key: str
    value: Value
    line: int
    col: int
    value_line: int
    value_col: int
    items_at: tuple[tuple[int, int], ...] = ()  # line and column of each item of a list


RESOLVER = yaml.resolver.Resolver()
NOT_TEXT = {
    "null": "empty",
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "merge": "a merge symbol",
    "value": "a special symbol",
}


def where(text: str, index: int) -> tuple[int, int]:
    """File line and column of a front matter offset (its text starts at file line 2)."""
    # From the character index, not libyaml's line: libyaml also breaks lines at
    # U+0085/U+2028/U+2029, editors and our body numbering do not.
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 2, index - line_start + 1
