"""Durations and dates of SPEC 1.4: `14d`, `2w`, `3m`, `1y`, bare days, or words.

Months and years are calendar steps clamped at the month's end (Jan 31 + 1m = Feb 28/29).
Pure: no clock. Parsing returns None on bad text; callers turn that into a Problem.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_UNITS = {
    "d": "d", "day": "d", "days": "d",
    "w": "w", "wk": "w", "week": "w", "weeks": "w",
    "m": "m", "mo": "m", "month": "m", "months": "m",
    "y": "y", "yr": "y", "year": "y", "years": "y",
}  # fmt: skip
_DURATION = re.compile(r"^\s*(\d{1,5})\s*([a-z]*)\s*$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Duration:
    """A span of calendar months plus days. `text` is the canonical spelling."""

    months: int = 0
    days: int = 0

    @property
    def text(self) -> str:
        if self.months and not self.days:
            return f"{self.months // 12}y" if self.months % 12 == 0 else f"{self.months}m"
        if self.days and not self.months:
            return f"{self.days // 7}w" if self.days % 7 == 0 else f"{self.days}d"
        if not self.months and not self.days:
            return "0d"
        return f"{self.months}m{self.days}d"

    def __str__(self) -> str:
        return self.text


def parse_duration(text: str) -> Duration | None:
    """`14d`, `2w`, `3m`, `1y`, `30`, `2 weeks`, `1 year` -> Duration; anything else None."""
    match = _DURATION.match(text.lower())
    if not match:
        return None
    amount, unit = int(match.group(1)), match.group(2) or "d"
    kind = _UNITS.get(unit)
    if kind == "d":
        return Duration(days=amount)
    if kind == "w":
        return Duration(days=7 * amount)
    if kind == "m":
        return Duration(months=amount)
    if kind == "y":
        return Duration(months=12 * amount)
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar month step, clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def add(day: dt.date, duration: Duration) -> dt.date:
    """`day` + `duration`, or the last date there is (9999-12-31) when the sum lies beyond
    it: a cadence of `5000y`, or a `--today` near the end of the calendar, means "not
    before the end of time", never a crash."""
    return add_exactly(day, duration) or dt.date.max


def add_exactly(day: dt.date, duration: Duration) -> dt.date | None:
    """`day` + `duration`; None when the sum lies beyond 9999-12-31."""
    try:
        return add_months(day, duration.months) + dt.timedelta(days=duration.days)
    except (OverflowError, ValueError):
        return None


def parse_date(text: str) -> dt.date | None:
    """Strict ISO `YYYY-MM-DD` (a date-time counts as its date); None if not a real date."""
    text = text.strip()
    if len(text) > 10:
        if text[10] not in "T " or not _ISO_DATE.match(text[:10]):
            return None
        try:  # the time must be a real time too: `T25:00` is no date
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            return None
    match = _ISO_DATE.match(text)
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
