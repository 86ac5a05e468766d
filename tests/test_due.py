"""`netvault due`: grouped terminal output, colours, NO_COLOR, --within, and --json."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import VaultMaker
from engine_helpers import SMALL_VAULT, TODAY

from netvault.commands.due import due

RED, MAGENTA, YELLOW = "\x1b[31m", "\x1b[35m", "\x1b[33m"


def run(*args: str, color: bool = False, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(due, list(args), color=color, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_json_has_every_section_with_values(make_vault: VaultMaker) -> None:
    root = make_vault(SMALL_VAULT)
    code, out, err = run(str(root), "--today", TODAY, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert all(data[key] for key in data), [key for key in data if not data[key]]
    assert [(r["id"], r["status"], r["due"]) for r in data["reconnect"]] == [
        ("ada", "lapsed", "2026-03-31"),
        ("cy", "overdue", "2026-04-28"),
        ("zoe", "overdue", "2026-04-28"),
    ]
    assert data["birthdays"] == [
        {"id": "ada", "name": "Ada Lovelace", "date": "2026-05-01", "turns": 211},
        {"id": "cy", "name": "Cy Young", "date": "2026-05-03", "turns": None},
    ]
    assert data["follow_ups"] == [
        {
            "note": "notes/2026-04-20-call.md",
            "date": "2026-04-20",
            "people": ["fay"],
            "next_action": "send the list",
            "due": "2026-04-30",
        }
    ]
    assert [(p["note"], p["line"], p["people"]) for p in data["promises"]] == [
        ("notes/2026-03-01-coffee.md", 10, ["bob"])
    ]
    assert data["intros_to_close"][0]["people"] == ["bob", "dee"]
    assert data["people_to_meet"] == [{"id": "cy", "name": "Cy Young", "recommended_by": "bob"}]
    assert data["thank_recommender"] == [{"id": "ada", "name": "Ada Lovelace", "for": "fay"}]
    assert [(r["id"], r["deposits"], r["withdrawals"]) for r in data["in_the_red"]] == [
        ("ada", 1, 1),
        ("bob", 2, 1),
    ]
    assert data["who_can_i_help"][0]["candidates"] == ["bob"]
    assert data["rediscover"] == [{"id": "eve", "name": "Eve Old", "last_contact": None}]
    assert data["planned"][0]["note"] == "notes/2026-05-10-lunch.md"
    assert "Zoë Ångström" in out  # ensure_ascii=False


def test_terminal_groups_with_counts_and_plain_when_piped(make_vault: VaultMaker) -> None:
    root = make_vault(SMALL_VAULT)
    code, out, _ = run(str(root), "--today", TODAY)
    assert code == 0
    assert "\x1b[" not in out
    lines = out.splitlines()
    assert lines[:4] == [
        "Reconnect (3)",
        "  lapsed   Ada Lovelace  due 2026-03-31 · last contact 2026-03-10 · every 3w",
        "  overdue  Cy Young  due 2026-04-28 · never contacted · every 2w",
        "  overdue  Zoë Ångström  due 2026-04-28 · never contacted · every 6m",
    ]
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings == [
        "Reconnect (3)",
        "Birthdays (2)",
        "Follow-ups (1)",
        "Promises (1)",
        "Intros to close (1)",
        "People to meet (1)",
        "Thank the recommender (1)",
        "In the red (2)",
        "Who can I help (1)",
        "Rediscover (1)",
        "Planned (1)",
    ]
    assert "  Eve Old, met 2024-01-01, no contact since" in lines


def test_status_colours_on_a_terminal_and_no_color(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            **SMALL_VAULT,
            "people/sam.md": "---\nname: Sam Soon\ntier: A\nmet: 2026-04-10\n---\n",
        }
    )
    _, out, _ = run(str(root), "--today", TODAY, color=True)
    assert f"{MAGENTA}\x1b[1mlapsed " in out
    assert f"{RED}\x1b[1moverdue" in out
    assert f"{YELLOW}\x1b[1msoon   " in out
    _, plain, _ = run(str(root), "--today", TODAY, color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in plain
    sam = "  soon     Sam Soon  due 2026-05-01 · met 2026-04-10, no contact since · every 3w"
    assert sam in plain.splitlines()


def test_within_widens_the_window(make_vault: VaultMaker) -> None:
    root = make_vault(SMALL_VAULT)
    _, out, _ = run(str(root), "--today", "2026-04-01", "--json")
    assert json.loads(out)["birthdays"] == []
    _, wide, _ = run(str(root), "--today", "2026-04-01", "--within", "1m", "--json")
    assert [b["id"] for b in json.loads(wide)["birthdays"]] == ["ada"]


@pytest.mark.parametrize("bad", ["soon", "3x", "-1d"])
def test_bad_within_is_a_usage_error(make_vault: VaultMaker, bad: str) -> None:
    root = make_vault(SMALL_VAULT)
    code, _, err = run(str(root), "--within", bad)
    assert code == 2
    assert "is not a duration" in err


def test_errors_are_listed_on_stderr_and_exit_1(make_vault: VaultMaker) -> None:
    root = make_vault({**SMALL_VAULT, "people/bad.md": "---\nname: [unclosed\n---\n"})
    code, out, err = run("--vault", str(root), "--today", TODAY, "--json")
    assert code == 1  # SPEC 3: 1 on problems of severity error
    assert json.loads(out)["today"] == TODAY  # the reminders are still printed
    assert err.startswith("people/bad.md:2:")
    assert "note: reading the vault found 1 error and " in err
    assert "`netvault check` lists every problem" in err


def test_empty_vault_says_nothing_due(make_vault: VaultMaker) -> None:
    root = make_vault({"netvault.toml": ""})
    assert run(str(root), "--today", TODAY)[1] == "Nothing due on 2026-04-28.\n"


GOLDEN = Path(__file__).parent / "golden" / "due-sample-vault.json"
SAMPLE = Path(__file__).resolve().parents[1] / "sample_vault"


def test_sample_vault_matches_golden_and_fills_every_section() -> None:
    """Refresh after a deliberate change: NETVAULT_UPDATE_GOLDEN=1 pytest tests/test_due.py"""
    code, out, _ = run(str(SAMPLE), "--today", "2026-11-16", "--json")
    assert code == 0
    data = json.loads(out)
    assert [key for key, value in data.items() if not value] == []
    if os.environ.get("NETVAULT_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8"), "refresh: NETVAULT_UPDATE_GOLDEN=1 pytest"


def test_json_lines_reads_back_as_the_data_one_item_per_line() -> None:
    from netvault.commands.due import json_lines

    data: dict[str, object] = {
        "today": "2026-11-16",
        "promises": [{"text": 'call\n  "Ada"\u2028}, {', "people": ["ada"]}, {"text": "é"}],
        "planned": [],
        "one": [1],
    }
    text = json_lines(data)
    assert json.loads(text) == data
    assert text.split("\n") == [  # (splitlines would also split at U+2028)
        "{",
        '  "today": "2026-11-16",',
        '  "promises": [',
        '    {"text": "call\\n  \\"Ada\\"\u2028}, {", "people": ["ada"]},',
        '    {"text": "é"}',
        "  ],",
        '  "planned": [],',
        '  "one": [',
        "    1",
        "  ]",
        "}",
    ]


@pytest.mark.parametrize(
    ("today", "within", "reconnect", "birthdays"),
    [
        (TODAY, None, ["b"], ["b"]),  # the settings' lead of 8000y
        (TODAY, "99999y", ["b", "a"], ["b"]),  # a is due in 7026: soon, in this window
        ("9999-12-31", "7d", ["a", "b"], []),  # a's due date is taken as 9999-12-31
    ],
)
def test_durations_past_the_end_of_the_calendar_are_no_crash(
    make_vault: VaultMaker,
    today: str,
    within: str | None,
    reconnect: list[str],
    birthdays: list[str],
) -> None:
    """A cadence of thousands of years (or a `--today` at the calendar's end) once ran
    `anchor + cadence` past 9999-12-31 and crashed with a traceback."""
    root = make_vault(
        {
            "netvault.toml": '[reminders]\nrediscover_after = "9999y"\nbirthday_lead = "8000y"\n',
            "people/a.md": "---\nname: A\nmet: 2026-01-01\ncadence: 5000y\n---\n",
            "people/b.md": "---\nname: B\ntier: A\nbirthday: 1990-03-04\n---\n",
            "people/c.md": "---\nname: C\nmet: 2020-01-01\n---\n",  # no cadence: rediscover
        }
    )
    window = ["--within", within] if within else []
    code, out, err = run(str(root), "--today", today, "--json", *window)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert [item["id"] for item in data["reconnect"]] == reconnect
    assert [item["id"] for item in data["birthdays"]] == birthdays
    assert data["rediscover"] == []
