"""`netvault.toml` -> Settings (SPEC 6). Frozen; unknown keys and bad values are Problems.

tomllib gives no positions, so each problem's line is found by scanning the text for the
key inside its table; that is exact for the flat, hand-written files this format expects.
"""

from __future__ import annotations

import posixpath
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netvault.durations import Duration, parse_duration
from netvault.problems import Problem, error, warning

SETTINGS_FILE = "netvault.toml"


def _default_tiers() -> tuple[tuple[str, Duration], ...]:
    return (
        ("A", Duration(days=21)),
        ("B", Duration(months=2)),
        ("C", Duration(months=6)),
        ("D", Duration(months=12)),
    )


_SEVEN_DAYS = Duration(days=7)
_FOURTEEN_DAYS = Duration(days=14)
_THREE_WEEKS = Duration(days=21)
_ONE_YEAR_OF_DAYS = Duration(days=365)


@dataclass(frozen=True)
class Settings:
    people_folder: str = "people"
    ignore: tuple[str, ...] = ()
    site_title: str = "My network"
    output: str = "_site"
    # Why `site.output` was refused ("netvault.toml:11: ..."), if it was: a build without
    # `-o` then stops rather than build into a folder the user did not name.
    output_refused: str = ""
    due_soon: Duration = _SEVEN_DAYS
    birthday_lead: Duration = _FOURTEEN_DAYS
    give_ratio: int = 7
    intro_check_in: Duration = _THREE_WEEKS
    rediscover_after: Duration = _ONE_YEAR_OF_DAYS
    rediscover_count: int = 3
    default_cadence: Duration | None = None  # None: "never"
    tiers: tuple[tuple[str, Duration], ...] = field(default_factory=_default_tiers)

    def tier_cadence(self, tier: str | None) -> Duration | None:
        return dict(self.tiers).get(tier) if tier else None


def tiers_known(names: list[str]) -> str:
    """The end of "tier 'X' is ...", for a tier not in the settings."""
    if not names:
        return "not set: netvault.toml's [reminders.tiers] names no tier"
    return f"not one of {', '.join(names)}"


_DURATION_KEYS = {
    "due_soon": "due_soon",
    "birthday_lead": "birthday_lead",
    "intro_check_in": "intro_check_in",
    "rediscover_after": "rediscover_after",
}
_KNOWN = {
    "vault": {"people", "ignore"},
    "site": {"title", "output"},
    "reminders": {*_DURATION_KEYS, "give_ratio", "rediscover_count", "default_cadence", "tiers"},
}


def _line_of(text: str, table: str | None, key: str) -> int:
    """The line of `key = ...` inside `[table]` (1 when it cannot be found)."""
    current: str | None = None
    pattern = re.compile(rf'^\s*("{re.escape(key)}"|{re.escape(key)})\s*=')
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[([^\]]+)\]\s*(#.*)?$", line)
        if header:
            current = header.group(1).strip()
            if table is not None and current == table and key == "":
                return number
            continue
        if current == table and pattern.match(line):
            return number
    return 1


def load_settings(vault: Path) -> tuple[Settings, list[Problem]]:
    """Read `netvault.toml` under `vault` if it exists; defaults otherwise."""
    settings, problems, _ = load_settings_bytes(vault)
    return settings, problems


def load_settings_bytes(vault: Path) -> tuple[Settings, list[Problem], bytes]:
    """`load_settings`, and the bytes the settings were read from (empty when there is no
    file): what the parse cache is keyed by, read once so both always agree."""
    path = vault / SETTINGS_FILE
    if not path.is_file():
        return Settings(), [], b""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = error(SETTINGS_FILE, 1, f"not UTF-8 text ({exc.reason})")
        return _unreadable(problem, data.decode("utf-8", "replace")), [problem], data
    return *parse_settings(text), data


# A line that sets the output folder, in any way TOML allows: `output =`, `"output" =`,
# `site.output =`.
_OUTPUT_LINE = re.compile(r"""^\s*(?:["']?site["']?\s*\.\s*)?["']?output["']?\s*=""", re.MULTILINE)


def _unreadable(problem: Problem, text: str) -> Settings:
    """The settings of a file that could not be read: the defaults, but where the file
    names an output folder the build cannot know which one it meant, and must not guess."""
    if _OUTPUT_LINE.search(text) is None:
        return Settings()
    where = f"{SETTINGS_FILE}:{problem.line}: {problem.message}"
    return Settings(output_refused=f"{where}, so site.output is not known")


def parse_settings(text: str) -> tuple[Settings, list[Problem]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        problem = error(SETTINGS_FILE, line, f"not valid TOML: {exc}")
        return _unreadable(problem, text), [problem]
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def bad(table: str | None, key: str, message: str) -> None:
        line = _line_of(text, table, key)
        problems.append(error(SETTINGS_FILE, line, message))
        if (table, key) == ("site", "output"):
            values["output_refused"] = f"{SETTINGS_FILE}:{line}: {message}"

    for table, keys in data.items():
        if table not in _KNOWN:
            problems.append(
                warning(
                    SETTINGS_FILE,
                    _line_of(text, None, table)
                    if not isinstance(keys, Mapping)
                    else _table_line(text, table),
                    f"unknown setting [{table}]; known tables: {', '.join(sorted(_KNOWN))}",
                )
            )
            continue
        if not isinstance(keys, Mapping):
            bad(None, table, f"[{table}] must be a table")
            continue
        for key, value in keys.items():
            if key not in _KNOWN[table]:
                problems.append(
                    warning(
                        SETTINGS_FILE,
                        _line_of(text, table, key),
                        f"unknown setting {table}.{key}; known: {', '.join(sorted(_KNOWN[table]))}",
                    )
                )
                continue
            _read_value(table, key, value, values, bad)
    clash = _output_clash(values.get("output", "_site"), values.get("people_folder", "people"))
    if clash:
        bad("site", "output", clash)
        del values["output"]
    return Settings(**values), problems


def _output_clash(output: str, people: str) -> str | None:
    """Why `site.output` would swallow the vault's own files, if it would: the build
    replaces its output folder whole, so it must not be the vault or hold the contacts. It
    is relative to the vault (`../site` is fine): the settings travel with the vault (git),
    and an absolute or `~` path names one machine's folder."""
    slashed = output.replace("\\", "/")
    if _machine_path(output):
        return (
            f"site.output {output!r} must be relative to the vault, as the settings travel"
            " with it; for a site at a path of this machine's use `build -o`"
        )
    parts = [p for p in posixpath.normpath(slashed).split("/") if p != "."]
    if not parts:
        return f"site.output must be a folder of its own, not the vault itself: {output!r}"
    if all(part == ".." for part in parts):
        return f"site.output {output!r} holds the vault; it must be a folder of its own"
    # Folders are matched as the loader matches them: ignoring case (macOS, Windows).
    inside = "/".join(parts).casefold()
    if not inside.startswith("../") and f"{people.casefold()}/".startswith(f"{inside}/"):
        return f"site.output {output!r} would replace the contacts folder {people!r}"
    return None


def _table_line(text: str, table: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*\[{re.escape(table)}\]", line):
            return number
    return 1


def _machine_path(folder: str) -> bool:
    """An absolute, drive or home path (`/srv/x`, `C:\\x`, `~/x`): one machine's folder, where
    a vault's settings travel with it. `~site` and `x:y` are folder names like any other."""
    text = folder.strip().replace("\\", "/")
    return (
        text.startswith("/")
        or text == "~"
        or text.startswith("~/")
        or re.match(r"[A-Za-z]:(/|$)", text) is not None
    )


def _inside(folder: str) -> bool:
    """Whether a folder setting names a folder inside the vault: relative, no `..`."""
    return not _machine_path(folder) and ".." not in folder.strip().replace("\\", "/").split("/")


def _read_value(table: str, key: str, value: Any, values: dict[str, Any], bad: Any) -> None:
    name = f"{table}.{key}"
    if (table, key) == ("vault", "people") or (table == "site"):
        if not isinstance(value, str) or not value.strip():
            bad(table, key, f"{name} must be a non-empty text")
            return
        folder = "/".join(
            part for part in value.strip().replace("\\", "/").split("/") if part not in ("", ".")
        )  # `./team/`, `team//contacts`, `team\\contacts`: the folder, spelled one way
        if key == "people" and (not _inside(value) or not folder):
            bad(table, key, f'{name} must be a folder inside the vault, like "people": {value!r}')
            return
        target = {"people": "people_folder", "title": "site_title", "output": "output"}[key]
        if key == "output":  # a leading / is kept, for _output_clash to refuse
            values[target] = value.strip().rstrip("/") or value.strip()
        elif key == "people":
            values[target] = folder
        else:
            values[target] = value
    elif (table, key) == ("vault", "ignore"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            bad(table, key, f"{name} must be a list of glob patterns")
            return
        values["ignore"] = tuple(value)
    elif key in _DURATION_KEYS:
        duration = parse_duration(str(value)) if isinstance(value, str | int) else None
        if duration is None or isinstance(value, bool):
            bad(table, key, f"{name} is not a duration (like 14d, 2w, 3m, 1y): {value!r}")
            return
        values[_DURATION_KEYS[key]] = duration
    elif key in ("give_ratio", "rediscover_count"):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            bad(table, key, f"{name} must be a whole number of 0 or more: {value!r}")
            return
        values[key] = value
    elif key == "default_cadence":
        if value == "never":
            values["default_cadence"] = None
            return
        duration = parse_duration(str(value)) if isinstance(value, str | int) else None
        if duration is None or isinstance(value, bool):
            bad(table, key, f"{name} is not a duration or 'never': {value!r}")
            return
        values["default_cadence"] = duration
    elif key == "tiers":
        if not isinstance(value, Mapping):
            bad(table, key, f"{name} must be a table of tier = duration")
            return
        tiers: list[tuple[str, Duration]] = []
        for tier, spelled in value.items():
            if not str(tier).strip():
                bad("reminders.tiers", f'"{tier}"', "a tier needs a name, like A")  # as quoted
                continue
            duration = parse_duration(str(spelled)) if isinstance(spelled, str | int) else None
            if duration is None or isinstance(spelled, bool):
                bad("reminders.tiers", tier, f"tier {tier} cadence is not a duration: {spelled!r}")
                continue
            tiers.append((str(tier), duration))
        values["tiers"] = tuple(tiers)
