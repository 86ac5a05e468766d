"""benchmarks/generate_vault.py: deterministic, unique names, `with` links that resolve."""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from generated import generator

gen = generator()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    assert text.startswith("---\n")
    head, _, body = text[4:].partition("\n---\n")
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", 20, 100, 7)
    gen.generate(tmp_path / "b", 20, 100, 7)
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert sorted(first) == sorted(second)
    assert first == second
    assert sum(1 for p in first if p.startswith("people/")) == 20
    assert sum(1 for p in first if p.startswith("notes/")) == 100


def test_another_seed_gives_another_vault(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", 20, 100, 7)
    gen.generate(tmp_path / "b", 20, 100, 8)
    assert _tree(tmp_path / "a") != _tree(tmp_path / "b")


def test_every_with_link_names_a_generated_contact(tmp_path: Path) -> None:
    gen.generate(tmp_path, 20, 100, 3)
    names: dict[str, str] = {}
    for path in sorted((tmp_path / "people").glob("*.md")):
        data, _ = _front_matter(path.read_text(encoding="utf-8"))
        names[data["name"]] = path.stem
    assert len(names) == 20
    future = 0
    for path in sorted((tmp_path / "notes").rglob("*.md")):
        data, body = _front_matter(path.read_text(encoding="utf-8"))
        links = data["with"]
        assert 1 <= len(links) <= 4, path
        for link in links:
            match = re.fullmatch(r"\[\[([^\]|]+)\]\]", link)
            assert match, link
            assert match.group(1) in names, (path.name, link)
        # The file name starts with the note's day, in the folder of its year.
        assert path.parent.name == path.name[:4]
        if "date" in data:
            assert str(data["date"]) == path.name[:10]
        future += path.name[:10] > "2026-11-16"
        assert 300 <= len(body.lstrip("\n").encode("utf-8")) <= 4000, path
    assert future < 10


def test_names_ids_and_aliases_are_unique_case_insensitively() -> None:
    people = gen.make_people(random.Random(1), 3000)
    keys: list[str] = []
    for person in people:
        keys.append(unicodedata.normalize("NFC", person.name).casefold())
        if person.id.casefold() != keys[-1]:
            keys.append(person.id.casefold())
        if person.alias:
            keys.append(unicodedata.normalize("NFC", person.alias).casefold())
    assert len(keys) == len(set(keys))
    assert all(person.id and "/" not in person.id for person in people)
    # Several scripts, and accents, not only ASCII names.
    assert any(not person.id.isascii() for person in people)
    assert any(not person.name.isascii() and person.id.isascii() for person in people)


def test_introduced_by_points_to_an_earlier_contact(tmp_path: Path) -> None:
    gen.generate(tmp_path, 60, 0, 5)
    order = [p.name for p in gen.make_people(random.Random(5), 60)]
    seen = 0
    for path in sorted((tmp_path / "people").glob("*.md")):
        data, _ = _front_matter(path.read_text(encoding="utf-8"))
        if "introduced_by" in data:
            target = data["introduced_by"].removeprefix("[[").removesuffix("]]")
            assert order.index(target) < order.index(data["name"])
            seen += 1
    assert seen > 0


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.md").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError):
        gen.generate(tmp_path, 5, 5, 1)
    assert (tmp_path / "keep.md").read_text(encoding="utf-8") == "mine"
