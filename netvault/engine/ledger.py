"""The give-first ledger (SPEC 2): deposits, withdrawals, in the red, deposits left. Pure.

Each `gave` item is one deposit with each person in `with`; each introduction is one deposit
with each person introduced; each `asked` item is one withdrawal with each person in `with`.
Only interactions on or before today count: a planned favour has not happened yet.

`deposits_left` answers "how many more deposits before I may ask again?": after one more ask
there would be `withdrawals + 1`, which needs `give_ratio × (withdrawals + 1)` deposits, so
`deposits_left = max(0, give_ratio × (withdrawals + 1) − deposits)`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from netvault.engine.report import Ledger
from netvault.index import Index


def ledger_counts(index: Index, today: dt.date) -> tuple[Counter[str], Counter[str]]:
    """(deposits, withdrawals) per contact id."""
    deposits: Counter[str] = Counter()
    withdrawals: Counter[str] = Counter()
    for interaction in index.interactions:
        if interaction.day > today:
            continue
        for person in interaction.people:
            deposits[person] += len(interaction.gave)
            withdrawals[person] += len(interaction.asked)
        if len(interaction.introduced) >= 2:
            for person in interaction.introduced:
                deposits[person] += 1
    return deposits, withdrawals


def make_ledger(person: str, name: str, deposits: int, withdrawals: int, ratio: int) -> Ledger:
    return Ledger(
        id=person,
        name=name,
        deposits=deposits,
        withdrawals=withdrawals,
        in_the_red=withdrawals > 0 and deposits < ratio * withdrawals,
        deposits_left=max(0, ratio * (withdrawals + 1) - deposits),
    )


def ledgers(index: Index, today: dt.date) -> dict[str, Ledger]:
    """Every known contact with at least one deposit or withdrawal, by id (sorted)."""
    deposits, withdrawals = ledger_counts(index, today)
    ratio = index.settings.give_ratio
    result = {}
    for person in sorted(set(deposits) | set(withdrawals)):
        contact = index.contacts.get(person)
        if contact is None or (deposits[person] == 0 and withdrawals[person] == 0):
            continue
        result[person] = make_ledger(
            person, contact.name, deposits[person], withdrawals[person], ratio
        )
    return result


def in_the_red(index: Index, books: dict[str, Ledger]) -> tuple[Ledger, ...]:
    """Non-archived people in the red, the largest shortfall first, then by name."""
    ratio = index.settings.give_ratio
    red = [
        ledger
        for ledger in books.values()
        if ledger.in_the_red and not index.contacts[ledger.id].archived
    ]
    red.sort(key=lambda x: (-(ratio * x.withdrawals - x.deposits), x.name.casefold(), x.id))
    return tuple(red)
