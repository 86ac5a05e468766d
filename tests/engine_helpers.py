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
