"""Build an engine `Index` straight from a compact description, or from real vault text.

`make_index` skips the loader and the resolver so each engine rule can be tested on a handful
of objects; `index_from` goes through the real loader and `build_index`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from netvault.durations import Duration
from netvault.index import Index, Interaction, Resolved, Touch
from netvault.model import Contact, Note, Vault
from netvault.settings import Settings

D = dt.date


def person(person_id: str, **fields: object) -> Contact:
    """A contact with id `person_id`, path `people/<id>.md`, and a name from the id."""
    name = str(fields.pop("name", person_id.replace("-", " ").title()))
    return Contact(id=person_id, path=f"people/{person_id}.md", name=name, **fields)  # type: ignore[arg-type]


def met(note: str, day: dt.date, *people: str, **fields: object) -> Interaction:
    """An interaction in `notes/<note>.md` on `day` with `people`."""
    return Interaction(note=f"notes/{note}.md", day=day, people=people, **fields)  # type: ignore[arg-type]


def make_index(
    contacts: Iterable[Contact],
    interactions: Iterable[Interaction] = (),
    *,
    notes: Iterable[Note] = (),
    task_touches: Iterable[tuple[str, dt.date, str]] = (),
    settings: Settings | None = None,
    introduced_by: dict[str, str] | None = None,
    recommended_by: dict[str, str] | None = None,
    resolved_links: dict[tuple[str, int, int], Resolved] | None = None,
) -> Index:
    """Touches come from each interaction's people and introduced on its day, plus
    `task_touches` given as (person, day, note path)."""
    contacts = tuple(contacts)
    notes = tuple(notes)
    interactions = tuple(sorted(interactions, key=lambda i: (i.day, i.note)))
    touches: dict[str, list[Touch]] = {}
    for interaction in interactions:
        day, note = interaction.day, interaction.note
        for via, people in (("with", interaction.people), ("introduced", interaction.introduced)):
            for who in people:
                touches.setdefault(who, []).append(Touch(who, day, note, via))
    for who, day, path in task_touches:
        touches.setdefault(who, []).append(Touch(who, day, path, "task"))
    return Index(
        vault=Vault(contacts=contacts, notes=notes),
        settings=settings or Settings(),
        contacts={c.id: c for c in contacts},
        notes={n.path: n for n in notes},
        interactions=interactions,
        touches={k: tuple(sorted(v, key=lambda t: (t.day, t.note))) for k, v in touches.items()},
        introduced_by=introduced_by or {},
        recommended_by=recommended_by or {},
        resolved_links=resolved_links or {},
    )


def days(n: int) -> Duration:
    return Duration(days=n)


def months(n: int) -> Duration:
    return Duration(months=n)


def index_from(root: Path) -> Index:
    """The index of a vault on disk, through the real loader; fails on any error problem."""
    from netvault.commands.common import load  # the loader is only needed by vault-text tests

    loaded = load(root)
    errors = [str(p) for p in loaded.problems if p.severity == "error"]
    assert not errors, errors
    return loaded.index


TODAY = "2026-04-28"
SMALL_VAULT: dict[str, str | bytes] = {
    "people/ada.md": (
        "---\nname: Ada Lovelace\naliases: [Countess]\ntier: A\nbirthday: 1815-05-01\n"
        "company: Analytical Engines\ntitle: Analyst\nneeds: [investors for a café]\n---\n"
    ),
    "people/bob.md": (
        "---\nname: Bob Byron\ntier: B\noffers: [introductions to cafe investors]\n"
        "introduced_by: '[[Ada Lovelace]]'\n---\n"
    ),
    "people/cy.md": (
        "---\nname: Cy Young\ncadence: 2w\nbirthday: --05-03\nrecommended_by: '[[Bob Byron]]'\n"
        "---\n"
    ),
    "people/dee.md": "---\nname: Dee Dee\n---\n",
    "people/zoe.md": "---\nname: Zoë Ångström\ntier: C\n---\n",
    "notes/2026-03-01-coffee.md": (
        "---\nwith: [Countess, Bob Byron]\ngave: advice\nasked: [a loan]\n"
        "follow_up: 2026-04-25\nnext_action: send the deck\nsummary: Coffee about engines\n"
        "type: coffee\n---\n- [ ] send [[Bob Byron]] the paper 📅 2026-04-30\n"
    ),
    "notes/2026-03-10-intro.md": "---\nwith: [Ada Lovelace]\nintroduced: [Bob Byron, Dee Dee]\n---\n",
    "notes/2026-05-10-lunch.md": "---\nwith: [Cy Young]\n---\n",
    "people/eve.md": "---\nname: Eve Old\nmet: 2024-01-01\n---\n",
    "people/fay.md": "---\nname: Fay Wray\nrecommended_by: '[[Ada Lovelace]]'\n---\n",
    "notes/2026-04-20-call.md": (
        "---\nwith: [Fay Wray]\nfollow_up: 2026-04-30\nnext_action: send the list\n---\n"
    ),
}
