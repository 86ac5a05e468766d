"""Front matter entries -> Contact / Note field values, each bad value a Problem at its line.

Pure. The reader hands every scalar over as the text the user typed, so this module decides
what a field's text means: a date, a duration, a yes/no, a link, a list. That is how
`country: no` stays "no" and `zip: 01234` keeps its zero (BAD-INPUTS row 8).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from netvault.durations import Duration, parse_date, parse_duration
from netvault.front_matter import Entry, flatten_text
from netvault.links import parse_reference
from netvault.model import Birthday, ExtraField, Link
from netvault.problems import Problem, error, warning
from netvault.settings import Settings

CONTACT_FIELDS = (
    "name", "aliases", "tier", "cadence", "tags", "company", "title", "location", "email",
    "phone", "website", "linkedin", "birthday", "met", "met_where", "introduced_by",
    "recommended_by", "needs", "offers", "interests", "family", "last_contact",
    "snooze_until", "archived", "type",
)  # fmt: skip
NOTE_FIELDS = (
    "title", "date", "with", "people", "attendees", "type", "summary", "initiated_by", "gave",
    "asked", "introduced", "follow_up", "next_action", "tags", "aliases",
)  # fmt: skip
WITH_SYNONYMS = ("with", "people", "attendees")
_TRUE = {"true", "yes", "on", "y"}
# Notes are dated on the same few thousand days: each spelling is parsed once.
_parse_date = functools.lru_cache(maxsize=8192)(parse_date)
_FALSE = {"false", "no", "off", "n"}


@dataclass
class FieldReader:
    """Reads one file's entries. Collects problems instead of raising."""

    path: str
    settings: Settings
    problems: list[Problem] = field(default_factory=list)

    def _error(self, entry: Entry, message: str) -> None:
        self.problems.append(error(self.path, entry.value_line, message, entry.value_col))

    def _warn(self, entry: Entry, message: str) -> None:
        self.problems.append(warning(self.path, entry.value_line, message, entry.value_col))

    def text(self, entry: Entry) -> str | None:
        value = entry.value
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        kind = "a list" if isinstance(value, list) else "a mapping"
        self._error(entry, f"'{entry.key}' must be a single text, not {kind}")
        return None

    def texts(self, entry: Entry) -> tuple[str, ...]:
        """A list field: a single text counts as a list of one (SPEC 1.1 "text or list")."""
        value = entry.value
        if value is None:
            return ()
        if isinstance(value, str):
            return (value.strip(),) if value.strip() else ()
        if isinstance(value, dict):
            self._error(entry, f"'{entry.key}' must be a text or a list, not a mapping")
            return ()
        items: list[str] = []
        for item in value:
            if isinstance(item, str):
                if item.strip():
                    items.append(item.strip())
            elif item is not None:
                self._error(entry, f"'{entry.key}' items must be texts, not nested lists or maps")
        return tuple(items)

    def date(self, entry: Entry) -> dt.date | None:
        spelled = self.text(entry)
        if spelled is None:
            return None
        parsed = _parse_date(spelled)
        if parsed is None:
            self._error(entry, f"'{entry.key}' is not a valid date (YYYY-MM-DD): {spelled!r}")
        return parsed

    def flag(self, entry: Entry) -> bool:
        spelled = self.text(entry)
        if spelled is None:
            return False
        if spelled.lower() in _TRUE:
            return True
        if spelled.lower() not in _FALSE:
            self._error(entry, f"'{entry.key}' must be true or false, not {spelled!r}")
        return False

    def duration(self, entry: Entry) -> Duration | None:
        spelled = self.text(entry)
        if spelled is None:
            return None
        parsed = parse_duration(spelled)
        if parsed is None:
            self._error(
                entry, f"'{entry.key}' is not a duration (like 14d, 2w, 3m, 1y): {spelled!r}"
            )
        return parsed

    def birthday(self, entry: Entry) -> Birthday | None:
        spelled = self.text(entry)
        if spelled is None:
            return None
        parsed = parse_birthday(spelled)
        if parsed is None:
            self._error(
                entry, f"'birthday' is not a valid date (YYYY-MM-DD, --MM-DD or MM-DD): {spelled!r}"
            )
        return parsed

    def links(self, entry: Entry) -> tuple[Link, ...]:
        """A list of people: links or plain names, each placed where its item starts."""
        texts = self.texts(entry)  # says what is wrong with the field's shape
        value = entry.value
        if isinstance(value, list) and len(entry.items_at) == len(value):
            placed = [
                (item.strip(), line, col)
                for item, (line, col) in zip(value, entry.items_at, strict=True)
                if isinstance(item, str) and item.strip()
            ]
        else:
            placed = [(text, entry.value_line, entry.value_col) for text in texts]
        found = [parse_reference(text, line, col) for text, line, col in placed]
        return tuple(link for link in found if link.target)

    def link(self, entry: Entry) -> Link | None:
        spelled = self.text(entry)
        if spelled is None:
            return None
        link = parse_reference(spelled, entry.value_line, entry.value_col)
        return link if link.target else None


def parse_birthday(text: str) -> Birthday | None:
    """`YYYY-MM-DD`, `--MM-DD` or `MM-DD`; 29 Feb is fine without a year."""
    text = text.strip()
    year: int | None = None
    if len(text) == 10 and text[4] == "-":
        full = parse_date(text)
        return Birthday(full.month, full.day, full.year) if full else None
    rest = text[2:] if text.startswith("--") else text
    if len(rest) != 5 or rest[2] != "-" or not (rest[:2] + rest[3:]).isdigit():
        return None
    month, day = int(rest[:2]), int(rest[3:])
    try:
        dt.date(2000, month, day)  # a leap year, so 29 Feb passes
    except ValueError:
        return None
    return Birthday(month, day, year)


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost))
        previous = current
    return previous[-1]


def near_miss(key: str, known: Sequence[str]) -> str | None:
    """The known field `key` was probably meant to be: one edit away, two for longer names."""
    limit = 1 if len(key) <= 4 else 2
    scored = sorted((_edit_distance(key.lower(), name), name) for name in known)
    if scored and 0 < scored[0][0] <= limit:
        return scored[0][1]
    return None


def unknown_field(
    reader: FieldReader, entry: Entry, known: Sequence[str], extra: list[ExtraField]
) -> None:
    """Keep it for display; warn when it looks like a typo of a field we know. A key that
    is empty (`"": x`) names nothing to show: it is left out, with a warning."""
    if not entry.key.strip():
        reader.problems.append(
            warning(reader.path, entry.line, "this key is empty: the line is ignored", entry.col)
        )
        return
    extra.append(ExtraField(entry.key, flatten_text(entry.value), entry.line))
    guess = near_miss(entry.key, known)
    if guess:
        reader.problems.append(
            warning(
                reader.path,
                entry.line,
                f"unknown field '{entry.key}'; did you mean '{guess}'?",
                entry.col,
            )
        )


def normalise_tags(values: Sequence[str]) -> tuple[str, ...]:
    """Lower-case, no `#`; a text with commas is several tags; inner spaces become `-`."""
    tags = set()
    for value in values:
        for part in value.split(","):
            tag = "-".join(part.strip().lstrip("#").lower().split())
            if tag:
                tags.add(tag)
    return tuple(sorted(tags))
