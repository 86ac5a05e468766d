"""work_out and report_to_json: the SPEC 3.1 shape, `within`, and JSON-safe values."""

from __future__ import annotations

import json

from engine_helpers import D, days, make_index, met, person

from netvault.engine import report_to_json, work_out
from netvault.index import Interaction
from netvault.model import Birthday

KEYS = [
    "today",
    "reconnect",
    "birthdays",
    "follow_ups",
    "promises",
    "intros_to_close",
    "people_to_meet",
    "thank_recommender",
    "in_the_red",
    "who_can_i_help",
    "rediscover",
    "planned",
]


def test_empty_vault_has_every_key_with_empty_lists() -> None:
    data = report_to_json(work_out(make_index([]), D(2026, 1, 1)))
    assert list(data) == KEYS
    assert data["today"] == "2026-01-01"
    assert all(data[key] == [] for key in KEYS[1:])


def test_json_items_carry_spec_fields_and_reconnect_skips_ok() -> None:
    index = make_index(
        [
            person("ada", name="Ada", tier="A", birthday=Birthday(1, 5, 1990)),
            person("bob", name="Bob", tier="D", needs=("a printer",)),
            person("cy", name="Cy", offers=("printers",), recommended_by=None),
            person("dee", name="Dee"),
        ],
        [
            met("old", D(2025, 12, 1), "ada", asked=("x",), follow_up=D(2026, 1, 2)),
            met("fresh", D(2025, 12, 30), "bob"),
            Interaction("notes/intro.md", D(2025, 12, 1), (), introduced=("ada", "cy")),
            met("next", D(2026, 2, 1), "dee"),
        ],
        recommended_by={"dee": "bob"},
    )
    data = json.loads(json.dumps(report_to_json(work_out(index, D(2026, 1, 1)))))
    assert data["reconnect"] == [
        {
            "id": "ada",
            "name": "Ada",
            "status": "overdue",  # lapsed only from 2026-01-12
            "due": "2025-12-22",
            "last_contact": "2025-12-01",
            "cadence": "3w",
        }
    ]
    assert data["birthdays"] == [{"id": "ada", "name": "Ada", "date": "2026-01-05", "turns": 36}]
    assert data["follow_ups"] == [
        {
            "note": "notes/old.md",
            "date": "2025-12-01",
            "people": ["ada"],
            "next_action": None,
            "due": "2026-01-02",
        }
    ]
    assert data["intros_to_close"] == [
        {"note": "notes/intro.md", "date": "2025-12-01", "people": ["ada", "cy"]}
    ]
    assert data["people_to_meet"] == [{"id": "dee", "name": "Dee", "recommended_by": "bob"}]
    assert data["in_the_red"] == [
        {"id": "ada", "name": "Ada", "deposits": 1, "withdrawals": 1, "deposits_left": 13}
    ]
    assert data["who_can_i_help"] == [
        {"id": "bob", "name": "Bob", "need": "a printer", "candidates": ["cy"]}
    ]
    assert data["planned"] == [{"note": "notes/next.md", "date": "2026-02-01", "people": ["dee"]}]


def test_within_replaces_due_soon_and_birthday_lead() -> None:
    index = make_index(
        [person("ada", tier="A", met=D(2026, 1, 1), birthday=Birthday(2, 10))],
        [met("x", D(2026, 1, 1), "ada", follow_up=D(2026, 2, 5))],
    )
    normal = work_out(index, D(2026, 1, 1))
    assert [r.status for r in normal.reconnect] == ["ok"]
    assert (normal.birthdays, normal.follow_ups) == ((), ())
    wide = work_out(index, D(2026, 1, 1), within=days(40))
    assert [r.status for r in wide.reconnect] == ["soon"]
    assert [b.date for b in wide.birthdays] == [D(2026, 2, 10)]
    assert [f.due for f in wide.follow_ups] == [D(2026, 2, 5)]
