"""Resolution order (SPEC 1.3), touches, mentions and the person-reference warnings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from netvault.index import Index, build_index
from netvault.loader import load_vault
from netvault.problems import Problem
from tests.conftest import VaultMaker


def _index(root: Path) -> tuple[Index, list[Problem]]:
    vault, settings, problems = load_vault(root)
    index, more = build_index(vault, settings)
    return index, problems + more


PEOPLE = {
    "people/ada-lovelace.md": "---\nname: Ada Lovelace\naliases: [Ada, Countess]\n---\n",
    "people/grace.md": "---\nname: Grace Hopper\naliases: Amazing Grace\n---\n",
    "people/Ada.md": "---\nname: Ada Byron King\n---\n",
}


def test_resolution_order_id_then_name_then_alias_then_folded(make_vault: VaultMaker) -> None:
    index, _ = _index(make_vault(PEOPLE))
    # exact id beats the alias "Ada" of ada-lovelace
    assert index.resolve("Ada").key == "Ada"
    assert index.resolve("Ada Lovelace").key == "ada-lovelace"  # exact name
    assert index.resolve("Countess").key == "ada-lovelace"  # alias
    assert index.resolve("grace hopper").key == "grace"  # name, folded
    assert index.resolve("AMAZING GRACE").key == "grace"  # alias, folded
    assert index.resolve("nobody").kind == "unresolved"


def test_two_candidates_at_one_stage_are_ambiguous(make_vault: VaultMaker) -> None:
    files = dict(PEOPLE)
    files["people/other.md"] = "---\nname: Other\naliases: [Countess]\n---\n"
    index, _ = _index(make_vault(files))
    found = index.resolve("Countess")
    assert found.kind == "ambiguous"
    assert found.candidates == ("ada-lovelace", "other")


def test_notes_resolve_by_path_suffix_file_name_and_alias(make_vault: VaultMaker) -> None:
    index, _ = _index(
        make_vault(
            {
                "notes/projects/Plan.md": "---\naliases: [Roadmap]\n---\n",
                "notes/Ideas.md": "",
                "attachments/pic.png": b"png",
            }
        )
    )
    assert index.resolve("projects/plan").key == "notes/projects/Plan.md"
    assert index.resolve("Ideas.md").key == "notes/Ideas.md"
    assert index.resolve("roadmap").key == "notes/projects/Plan.md"
    assert index.resolve("pic.png") == index.resolve("attachments/pic.png")
    assert index.resolve("pic.png").kind == "file"
    assert index.resolve("../../secret.txt").kind == "outside"


def test_touches_from_with_alias_plain_name_introduced_and_done_tasks(
    make_vault: VaultMaker,
) -> None:
    files = dict(PEOPLE)
    files |= {
        "notes/2026-01-05-coffee.md": "---\nwith: [Countess]\n---\n",
        "notes/2026-02-01.md": "---\nwith: Grace Hopper\n---\n",
        "notes/intro.md": "---\ndate: 2026-03-01\nintroduced: ['[[Ada]]', '[[grace]]']\n---\n",
        "notes/journal/2026-04-01.md": "- [x] sent the book to [[Ada Lovelace]]\n- [ ] call [[grace]]\n",
        "notes/2027-01-01-planned.md": "---\nwith: ['[[ada-lovelace]]']\n---\n",
    }
    index, problems = _index(make_vault(files))
    assert problems == []
    days = {p: [(t.day, t.via) for t in touches] for p, touches in index.touches.items()}
    assert days["ada-lovelace"] == [
        (dt.date(2026, 1, 5), "with"),
        (dt.date(2026, 4, 1), "task"),
        (dt.date(2027, 1, 1), "with"),  # planned: the engine filters by today
    ]
    assert days["grace"] == [(dt.date(2026, 2, 1), "with"), (dt.date(2026, 3, 1), "introduced")]
    assert days["Ada"] == [(dt.date(2026, 3, 1), "introduced")]
    assert [i.note for i in index.interactions] == [
        "notes/2026-01-05-coffee.md",
        "notes/2026-02-01.md",
        "notes/intro.md",
        "notes/2027-01-01-planned.md",
    ]


def test_row_30_unknown_person_in_with_gets_a_hint(make_vault: VaultMaker) -> None:
    files = dict(PEOPLE)
    files["notes/2026-01-05.md"] = "---\nwith:\n  - '[[Grace Hoper]]'\n  - Ada Lovelace\n---\n"
    index, problems = _index(make_vault(files))
    assert [(p.path, p.line, p.severity) for p in problems] == [
        ("notes/2026-01-05.md", 3, "warning")
    ]
    assert "unknown person 'Grace Hoper'" in problems[0].message
    assert "did you mean 'Grace Hopper'" in problems[0].message
    assert index.interactions[0].people == ("ada-lovelace",)


def test_an_unknown_person_is_placed_at_its_own_item(make_vault: VaultMaker) -> None:
    """In a `[...]` list the warning pointed at the `[`, and in a block list a comment or
    an empty item put it on the wrong line: now it is where the item starts."""
    files = dict(PEOPLE)
    files["notes/flow.md"] = "---\nwith: ['[[Ada Lovelace]]', \"[[Grace Hoper]]\"]\n---\n"
    files["notes/2026-01-05-block.md"] = (
        '---\nintroduced:\n  - Ada Lovelace\n  # then\n  -\n  - "[[Nobody]]"\n---\n'
    )
    _, problems = _index(make_vault(files))
    assert sorted((p.path, p.line, p.col) for p in problems) == [
        ("notes/2026-01-05-block.md", 6, 5),
        ("notes/flow.md", 2, 28),
    ]


def test_row_29_missing_and_ambiguous_links_are_warnings(make_vault: VaultMaker) -> None:
    files = dict(PEOPLE)
    files["people/other.md"] = "---\nname: Other\naliases: [Countess]\n---\n"
    files["notes/n.md"] = "Met [[Nobody Here]] and\nthe [[Countess]].\n"
    index, problems = _index(make_vault(files))
    found = [(p.line, p.severity, p.message.split(":")[0]) for p in problems]
    assert found == [
        (1, "warning", "unresolved link [[Nobody Here]]"),
        (2, "warning", "ambiguous link [[Countess]]"),
    ]
    assert index.resolved_links[("notes/n.md", 1, 5)].kind == "unresolved"


def test_row_17_one_warning_many_times_over_is_listed_ten_times_then_counted(
    make_vault: VaultMaker,
) -> None:
    """A 5 MB note with [[x]] on each line gave 200,000 identical warnings."""
    body = "".join(f"line {n} [[x]]\n" for n in range(1, 26)) + "[[y]] [[Ada Lovelace]]\n"
    files = {**PEOPLE, "notes/n.md": body, "notes/m.md": "[[x]]\n" * 3}
    _, problems = _index(make_vault(files))
    in_n = sorted((p.line, p.col or 0, p.message) for p in problems if p.path == "notes/n.md")
    assert in_n == [
        *((line, 8 if line < 10 else 9, "unresolved link [[x]]") for line in range(1, 11)),
        (
            11,
            9,
            "unresolved link [[x]], and 15 more like it from here on in this file (not listed)",
        ),
        (26, 1, "unresolved link [[y]]"),
    ]
    assert [p.line for p in problems if p.path == "notes/m.md"] == [1, 2, 3]  # per file


def test_mentions_backlinks_and_tags(make_vault: VaultMaker) -> None:
    files = dict(PEOPLE)
    files |= {
        "notes/a.md": "---\ntags: [Work]\n---\nSee [[Ada Lovelace]] and [[b]]. #idea\n",
        "notes/b.md": "Back to [a](a.md).\n",
    }
    index, problems = _index(make_vault(files))
    assert problems == []
    assert index.mentions["ada-lovelace"] == ("notes/a.md",)
    assert index.backlinks == {"notes/a.md": ("notes/b.md",), "notes/b.md": ("notes/a.md",)}
    assert index.tags == {"idea": ("notes/a.md",), "work": ("notes/a.md",)}


def test_same_named_notes_prefer_the_one_beside_the_link(make_vault: VaultMaker) -> None:
    index, problems = _index(
        make_vault(
            {
                "sync/Security.md": "",
                "publish/Security.md": "",
                "sync/Intro.md": "[[Security]]\n",
                "top.md": "[[Security]]\n",
            }
        )
    )
    assert index.resolved_links[("sync/Intro.md", 1, 1)].key == "sync/Security.md"
    assert index.resolved_links[("top.md", 1, 1)].kind == "ambiguous"
    assert [p.path for p in problems] == ["top.md"]


def test_introduced_by_and_recommended_by_resolve(make_vault: VaultMaker) -> None:
    files = dict(PEOPLE)
    files["people/bo.md"] = (
        "---\nname: Bo\nintroduced_by: '[[Ada]]'\nrecommended_by: Grace Hopper\n---\n"
    )
    index, problems = _index(make_vault(files))
    assert problems == []
    assert index.introduced_by == {"bo": "Ada"}
    assert index.recommended_by == {"bo": "grace"}


def test_markdown_links_to_people_are_relative_to_the_file_that_holds_them(
    make_vault: VaultMaker,
) -> None:
    # `with: ["[Ada](../../people/ada-lovelace.md)"]` was unresolved: the path was read
    # from the vault's top, not from the note's folder.
    files = dict(PEOPLE)
    files["notes/2026/2026-03-01-tea.md"] = (
        "---\nwith: ['[Ada](../../people/ada-lovelace.md)', '[G](../../people/grace.md)']\n---\n"
    )
    files["notes/2026-03-02-walk.md"] = "---\nwith: '[the other Ada](../people/Ada.md)'\n---\n"
    files["people/bo.md"] = "---\nname: Bo\nintroduced_by: '[Grace](grace.md)'\n---\n"
    index, problems = _index(make_vault(files))
    assert problems == []
    assert sorted((i.note, i.people) for i in index.interactions) == [
        ("notes/2026-03-02-walk.md", ("Ada",)),
        ("notes/2026/2026-03-01-tea.md", ("ada-lovelace", "grace")),
    ]
    assert index.introduced_by == {"bo": "grace"}


def test_row_28_links_and_embeds_outside_the_vault_are_warned(make_vault: VaultMaker) -> None:
    index, problems = _index(
        make_vault(
            {
                "notes/n.md": "![[../../secret.txt]]\n[x](../../../etc/passwd)\n[y](/etc/passwd)\n",
            }
        )
    )
    assert [(p.line, p.severity) for p in problems] == [
        (1, "warning"),
        (2, "warning"),
        (3, "warning"),
    ]
    assert all("outside the vault" in p.message for p in problems)
    assert {found.kind for found in index.resolved_links.values()} == {"outside"}
