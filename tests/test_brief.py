"""`netvault brief NAME`: finding the person, and what the brief says about them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from conftest import VaultMaker
from engine_helpers import SMALL_VAULT, TODAY

from netvault.commands.brief import brief


def run(make_vault: VaultMaker, *name: str, files: dict[str, str | bytes] | None = None) -> Result:
    root = make_vault(files or SMALL_VAULT)
    return CliRunner().invoke(brief, [*name, "--vault", str(root), "--today", TODAY])


@pytest.mark.parametrize(
    "name",
    [("ada",), ("ADA",), ("Ada Lovelace",), ("ada", "lovelace"), ("countess",), ("Lovel",)],
)
def test_found_by_id_name_alias_any_case_or_unique_start(
    make_vault: VaultMaker, name: tuple[str, ...]
) -> None:
    result = run(make_vault, *name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Ada Lovelace  (people/ada.md)"


def test_accents_are_ignored(make_vault: VaultMaker) -> None:
    result = run(make_vault, "zoe", "angstrom")
    assert result.exit_code == 0
    assert result.stdout.startswith("Zoë Ångström  (people/zoe.md)\n")


def test_near_miss_suggests_names_and_exits_1(make_vault: VaultMaker) -> None:
    result = run(make_vault, "Ada Lovelase")
    assert result.exit_code == 1
    assert "no contact named 'Ada Lovelase'; did you mean 'Ada Lovelace'?" in result.stderr
    nothing = run(make_vault, "qqqq")
    assert (nothing.exit_code, nothing.stderr.strip()) == (1, "Error: no contact named 'qqqq'")


def test_ambiguous_name_lists_candidates_and_exits_1(make_vault: VaultMaker) -> None:
    files = {
        **SMALL_VAULT,
        "people/ada-2.md": "---\nname: Ada Byron\n---\n",
        "people/ada-3.md": "---\nname: Ada King\naliases: [Countess]\n---\n",
    }
    result = run(make_vault, "countess", files=files)
    assert result.exit_code == 1
    assert "'countess' matches 2 contacts:" in result.stderr
    assert "  Ada King (people/ada-3.md)" in result.stderr
    assert "  Ada Lovelace (people/ada.md)" in result.stderr
    prefix = run(make_vault, "ada", "b", files=files)
    assert prefix.exit_code == 0
    assert prefix.stdout.startswith("Ada Byron  (people/ada-2.md)")


def test_brief_sections_for_ada(make_vault: VaultMaker) -> None:
    lines = run(make_vault, "ada").stdout.splitlines()
    assert lines[1] == "  Analyst at Analytical Engines"
    assert lines[2] == "  tier A · also: Countess"
    assert "lapsed   due 2026-03-31 · last contact 2026-03-10 · every 3w" in lines
    assert (
        "  2026-03-10  intro: notes/2026-03-10-intro.md (introduced Bob Byron and Dee Dee)" in lines
    )
    assert "  2026-03-01  coffee: Coffee about engines (with Bob Byron)" in lines
    assert "  - investors for a café → introduce Bob Byron" in lines
    assert "Ledger: gave 1, asked 1 · in the red · 13 more deposits before the next ask" in lines
    assert "Birthday: 2026-05-01, turns 211 (in 3 days)" in lines
    assert "Introduced you to: Bob Byron" in lines


def test_brief_open_loops_offers_and_planned(make_vault: VaultMaker) -> None:
    bob = run(make_vault, "bob").stdout.splitlines()
    assert "  introduced by Ada Lovelace" in bob
    assert ("  promise 2026-04-30: send Bob Byron the paper (notes/2026-03-01-coffee.md:10)") in bob
    assert "  could help Ada Lovelace with 'investors for a café'" in bob
    fay = run(make_vault, "fay").stdout.splitlines()
    assert "  follow up 2026-04-30 on notes/2026-04-20-call.md: send the list" in fay
    assert "  recommended by Ada Lovelace" in fay
    cy = run(make_vault, "cy").stdout.splitlines()
    assert "overdue  due 2026-04-28 · no contact yet · every 2w" in cy
    assert "  2026-05-10  notes/2026-05-10-lunch.md" in cy


def test_a_one_person_introduced_names_no_one_to_meet(make_vault: VaultMaker) -> None:
    files = {
        "people/ada.md": "---\nname: Ada Lovelace\n---\n",
        "notes/2026-04-01-x.md": '---\ndate: 2026-04-01\nintroduced: ["[[ada]]"]\n---\nintro\n',
    }
    result = run(make_vault, "ada", files=files)
    assert "  2026-04-01  intro: notes/2026-04-01-x.md" in result.stdout.splitlines()
    assert "note: reading the vault found 0 errors and 1 warning;" in result.stderr


def test_a_snoozed_reconnect_says_so(make_vault: VaultMaker) -> None:
    """The due date a snooze set read like any other, as `due` and the person page do not."""
    files = {
        "people/ann.md": "---\nname: Ann\ncadence: 30d\nlast_contact: 2026-04-01\n"
        "snooze_until: 2026-06-10\n---\n",
        "people/bea.md": "---\nname: Bea\ncadence: 30d\nlast_contact: 2026-04-01\n"
        "snooze_until: 2026-04-20\n---\n",  # earlier than the due date: no effect
    }
    ann = run(make_vault, "ann", files=files).stdout.splitlines()
    assert "ok       due 2026-06-10 (snoozed) · last contact 2026-04-01 · every 30d" in ann
    bea = run(make_vault, "bea", files=files).stdout
    assert "due 2026-05-01 · last contact" in bea and "snoozed" not in bea


def test_an_archived_persons_brief_still_shows_their_open_loops(make_vault: VaultMaker) -> None:
    """Archived people leave the reminders (`due`), not their own brief."""
    files = {
        "people/ann.md": "---\nname: Ann\narchived: true\n---\n",
        "notes/2026-04-01-call.md": "---\nwith: ['[[Ann]]']\nfollow_up: 2026-04-20\n"
        "next_action: send the paper\n---\n",
    }
    lines = run(make_vault, "ann", files=files).stdout
    assert "follow up 2026-04-20" in lines and "send the paper" in lines
