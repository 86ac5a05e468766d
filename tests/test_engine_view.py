"""The engine's view of the index (no note bodies) gives every engine answer the full one does.

`due`, `brief` and `export ics` read this view from the cache (cache.py), so any difference
would be a wrong reminder on the mornings the vault did not change.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from generated import generated_vault

from netvault.commands.brief import brief_text
from netvault.engine import work_out
from netvault.index import Index, engine_view
from netvault.interchange.ics import to_ics
from netvault.loader import load_indexed

ROOT = Path(__file__).resolve().parent.parent
DAYS = [dt.date(2026, 11, 16), dt.date(2025, 2, 28), dt.date(2027, 6, 1)]


@pytest.fixture(params=["sample", "generated"])
def full_index(request: pytest.FixtureRequest, tmp_path: Path) -> Index:
    root = (
        ROOT / "sample_vault"
        if request.param == "sample"
        else generated_vault(tmp_path / "v", 40, 400, 5)
    )
    return load_indexed(root)[2]


def test_every_engine_answer_is_the_same(full_index: Index) -> None:
    view = engine_view(full_index)
    for today in DAYS:
        assert work_out(view, today) == work_out(full_index, today)
        assert to_ics(view, today) == to_ics(full_index, today)
    for contact in list(full_index.contacts.values())[:12]:
        assert brief_text(view, view.contacts[contact.id], DAYS[0]) == brief_text(
            full_index, contact, DAYS[0]
        )


def test_bodies_are_cut_to_tasks_heading_and_tags(full_index: Index) -> None:
    view = engine_view(full_index)
    assert [n.path for n in view.vault.notes] == [n.path for n in full_index.vault.notes]
    assert any(n.body.text for n in full_index.notes.values())  # there was something to cut
    in_vault = {note.path: note for note in view.vault.notes}
    for path, note in view.notes.items():
        full = full_index.notes[path]
        assert (note.body.text, note.body.links) == ("", ())
        assert (note.body.tasks, note.body.heading, note.body.tags) == (
            full.body.tasks,
            full.body.heading,
            full.body.tags,
        )
        assert note.with_ == full.with_ and note.summary == full.summary
        assert in_vault[path] is note  # one copy, in the vault and in the table
    assert (view.mentions, view.backlinks) == ({}, {})
    task_links = {
        (record.path, link.line, link.col)
        for record in [*full_index.vault.notes, *full_index.vault.contacts]
        for task in record.body.tasks
        for link in task.links
        if link.target
    }
    assert task_links and set(view.resolved_links) == task_links
    assert view.touches == full_index.touches and view.interactions == full_index.interactions
