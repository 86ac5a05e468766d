"""Give-first ledger: deposits, withdrawals, in the red, deposits left (SPEC 2)."""

from __future__ import annotations

from conftest import VaultMaker
from engine_helpers import D, index_from, make_index, met, person

from netvault.engine import work_out
from netvault.engine.ledger import ledgers, make_ledger
from netvault.index import Interaction
from netvault.settings import Settings

PEOPLE = [person("ada"), person("bob"), person("cy"), person("old", archived=True)]


def test_gave_per_item_per_person_asked_per_item_intro_per_person() -> None:
    index = make_index(
        PEOPLE,
        [
            met("a", D(2026, 1, 1), "ada", "bob", gave=("advice", "a book"), asked=("a loan",)),
            Interaction("notes/intro.md", D(2026, 1, 2), ("ada",), introduced=("bob", "cy")),
            met("planned", D(2026, 9, 1), "cy", gave=("x",), asked=("y", "z")),
        ],
    )
    books = ledgers(index, D(2026, 2, 1))
    assert {k: (v.deposits, v.withdrawals) for k, v in books.items()} == {
        "ada": (2, 1),
        "bob": (3, 1),
        "cy": (1, 0),
    }


def test_in_the_red_boundary_and_deposits_left() -> None:
    assert make_ledger("a", "A", 6, 1, 7).in_the_red is True
    assert make_ledger("a", "A", 7, 1, 7).in_the_red is False
    assert make_ledger("a", "A", 0, 0, 7).in_the_red is False
    # After one more ask there would be 2 withdrawals, needing 14 deposits.
    assert make_ledger("a", "A", 7, 1, 7).deposits_left == 7
    assert make_ledger("a", "A", 6, 1, 7).deposits_left == 8
    assert make_ledger("a", "A", 3, 0, 7).deposits_left == 4
    assert make_ledger("a", "A", 30, 1, 7).deposits_left == 0


def test_in_the_red_list_largest_shortfall_first_without_archived() -> None:
    index = make_index(
        PEOPLE,
        [
            met("a", D(2026, 1, 1), "ada", asked=("x",)),
            met("b", D(2026, 1, 1), "bob", asked=("x", "y"), gave=("z",)),
            met("c", D(2026, 1, 1), "cy", asked=("x",), gave=tuple("1234567")),
            met("d", D(2026, 1, 1), "old", asked=("x", "y", "z")),
        ],
        settings=Settings(give_ratio=7),
    )
    report = work_out(index, D(2026, 2, 1))
    assert [(r.id, r.deposits, r.withdrawals) for r in report.in_the_red] == [
        ("bob", 1, 2),
        ("ada", 0, 1),
    ]
    assert set(report.ledgers) == {"ada", "bob", "cy", "old"}


def test_single_values_and_lists_from_vault_text(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "people/bob.md": "---\nname: Bob\n---\n",
            "notes/2026-01-01-a.md": "---\nwith: [Ada]\ngave: an intro\nasked: [a, b]\n---\n",
            "notes/2026-01-02-b.md": "---\nwith: [Ada]\nintroduced: [Ada, Bob]\n---\n",
        }
    )
    books = ledgers(index_from(root), D(2026, 2, 1))
    assert {k: (v.deposits, v.withdrawals, v.in_the_red) for k, v in books.items()} == {
        "ada": (2, 2, True),
        "bob": (1, 0, False),
    }
