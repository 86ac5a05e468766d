import datetime as dt

import pytest

from netvault.durations import Duration, add, add_months, parse_date, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", Duration(days=14)),
        ("2w", Duration(days=14)),
        ("3m", Duration(months=3)),
        ("1y", Duration(months=12)),
        ("30", Duration(days=30)),
        ("2 weeks", Duration(days=14)),
        ("3 months", Duration(months=3)),
        ("1 year", Duration(months=12)),
        (" 6W ", Duration(days=42)),
    ],
)
def test_parse_duration_accepts_every_spelling(text: str, expected: Duration) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "soon", "3 fortnights", "-2d", "1.5m", "2w3d"])
def test_parse_duration_rejects_the_rest(text: str) -> None:
    assert parse_duration(text) is None


def test_month_end_is_clamped() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add(dt.date(2026, 1, 31), Duration(days=14)) == dt.date(2026, 2, 14)


def test_parse_date_is_strict_iso() -> None:
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_date("2026-03-04T09:30") == dt.date(2026, 3, 4)
    assert parse_date("2026-03-04 09:30:00") == dt.date(2026, 3, 4)
    assert parse_date("2024-02-30") is None
    assert parse_date("05/01/2024") is None
    assert parse_date("2024-2-3") is None


def test_canonical_text() -> None:
    assert Duration(days=21).text == "3w"
    assert Duration(days=10).text == "10d"
    assert Duration(months=24).text == "2y"
    assert Duration(months=2).text == "2m"


def test_a_sum_past_the_last_date_is_the_last_date() -> None:
    assert add(dt.date(2026, 1, 1), Duration(months=12 * 8000)) == dt.date.max
    assert add(dt.date(9999, 12, 31), Duration(days=7)) == dt.date.max
    assert add(dt.date(9999, 12, 1), Duration(months=1)) == dt.date.max
    assert add(dt.date(9999, 11, 30), Duration(months=1)) == dt.date(9999, 12, 30)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-02-28T23:00", dt.date(2024, 2, 28)),
        ("2024-02-28 10:30", dt.date(2024, 2, 28)),
        ("2024-02-28T10:30:15.123+01:00", dt.date(2024, 2, 28)),
        ("2024-02-28T23:00Z", dt.date(2024, 2, 28)),
        ("2024-02-28T25:00", None),  # BAD-INPUTS 10: the time must be real too
        ("2024-02-28T10:99:99", None),
        ("2024-02-28 garbage", None),
        ("2024-02-28T23:00+99:00", None),
        ("2024-02-30T10:00", None),
    ],
)
def test_a_date_time_counts_as_its_date_only_when_it_is_real(
    text: str, day: dt.date | None
) -> None:
    assert parse_date(text) == day
