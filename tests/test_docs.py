"""Docs that tests keep honest: every field in the format reference, every command in the
README and with an example in its help."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from netvault.cli import main
from netvault.fields import CONTACT_FIELDS, NOTE_FIELDS
from netvault.settings import _KNOWN
from tests.conftest import REPO

FORMAT = (REPO / "docs" / "vault-format.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


@pytest.mark.parametrize("field", sorted({*CONTACT_FIELDS, *NOTE_FIELDS}))
def test_every_field_is_in_the_format_reference(field: str) -> None:
    assert f"`{field}`" in FORMAT


@pytest.mark.parametrize(
    "key",
    sorted(f"[{table}] {key}" for table, keys in _KNOWN.items() for key in keys if key != "tiers"),
)
def test_every_setting_is_in_the_format_reference(key: str) -> None:
    assert f"`{key}`" in FORMAT


@pytest.mark.parametrize("path", _commands(main))
def test_every_command_has_an_example_and_is_in_the_readme(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"netvault {path[0]}" in README


def test_readme_gives_exactly_two_commands_for_a_fresh_machine() -> None:
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```sh\n")[1:]
    assert len(blocks) == 2
    assert all(block.split("```")[0].count("\n") == 1 for block in blocks)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].split("```")[0].strip() in ci
