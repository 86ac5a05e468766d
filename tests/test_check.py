"""`netvault check`: exit codes, JSON shape, and Obsidian's own help vault (issue 2 item 4)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from netvault.cli import main
from tests.conftest import REALWORLD, VaultMaker

OBSIDIAN = REALWORLD / "obsidian-help-en"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_clean_vault_exits_0(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\n---\n"})
    code, out, err = run("check", str(root))
    assert code == 0
    assert out == ""
    assert "1 contact, 0 notes: 0 errors, 0 warnings" in err


def test_errors_exit_1_and_print_compiler_style(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\nmet: 2024-02-30\n---\n"})
    code, out, _ = run("check", str(root))
    assert code == 1
    assert out.splitlines() == [
        "people/ada.md:3:6: error: 'met' is not a valid date (YYYY-MM-DD): '2024-02-30'"
    ]


def test_warnings_exit_0_unless_strict(make_vault: VaultMaker) -> None:
    root = make_vault({"notes/n.md": "[[nobody]]\n"})
    assert run("check", str(root))[0] == 0
    assert run("check", "--strict", str(root))[0] == 1
    assert run("check", "--vault", str(root), "--strict")[0] == 1


def test_json_shape(make_vault: VaultMaker) -> None:
    root = make_vault({"notes/n.md": "[[nobody]]\n", "people/a.md": "---\nmet: x\n---\n"})
    code, out, _ = run("check", "--json", str(root))
    payload = json.loads(out)
    assert code == 1
    assert payload["counts"] == {"error": 1, "warning": 1}
    assert payload["problems"][0] == {
        "path": "notes/n.md",
        "line": 1,
        "col": 1,
        "severity": "warning",
        "message": "unresolved link [[nobody]]",
    }
    assert payload["problems"][1]["path"] == "people/a.md"


def test_a_built_site_given_as_the_vault_is_refused(make_vault: VaultMaker, tmp_path: Path) -> None:
    """`netvault serve ~/site` (the site, not the vault) quietly built an empty vault's
    site into `~/site/_site`: a site's `people/` folder made it look like a vault."""
    from netvault.build import build_site

    site = tmp_path / "site"
    build_site(make_vault({"people/ada.md": "---\nname: Ada\n---\n"}), site, dt.date(2026, 11, 16))
    for command in (["check"], ["build"], ["due"], ["serve", "--port", "0"]):
        result = CliRunner().invoke(main, [*command, str(site)])
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.strip() == (
            f"Error: {site} is a site netvault built, not a vault: give the vault it was built from"
        )
    assert not (site / "_site").exists()


def test_missing_vault_is_a_usage_error_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 2  # SPEC 3: usage errors exit 2
    assert result.stderr.strip().splitlines() == [
        f"Error: vault folder not found: {tmp_path / 'nope'}"
    ]
    # from the environment, the message says so: nothing typed names that folder
    result = CliRunner().invoke(main, ["due"], env={"NETVAULT_VAULT": str(tmp_path / "nope")})
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: vault folder not found: {tmp_path / 'nope'} (from $NETVAULT_VAULT)"
    ]
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["due"], env={"NETVAULT_VAULT": str(tmp_path / "file")})
    assert result.exit_code == 2  # it said "Invalid value for '--vault'", never typed
    assert result.stderr.strip().splitlines() == [
        f"Error: not a folder: {tmp_path / 'file'} (from $NETVAULT_VAULT)"
    ]
    result = CliRunner().invoke(main, ["due", "--vault", str(tmp_path / "file")])
    assert result.stderr.strip().splitlines() == [f"Error: not a folder: {tmp_path / 'file'}"]


def test_vault_from_environment(make_vault: VaultMaker) -> None:
    root = make_vault({"people/a.md": "---\nmet: x\n---\n"})
    result = CliRunner().invoke(main, ["check"], env={"NETVAULT_VAULT": str(root)})
    assert result.exit_code == 1


@pytest.mark.parametrize("command", ["check", "due", "build", "export vcard", "export ics"])
def test_a_vault_on_the_command_line_beats_the_environment(
    make_vault: VaultMaker, tmp_path: Path, command: str
) -> None:
    # It was "give the vault once: as VAULT or as --vault" and exit 2 for every command.
    broken = make_vault({"people/a.md": "---\nmet: x\n---\n"})
    (tmp_path / "other").mkdir()
    args = [*command.split(), str(broken), "-o", str(tmp_path / "out")]
    if command in ("check", "due"):
        args = args[:-2]
    result = CliRunner().invoke(main, args, env={"NETVAULT_VAULT": str(tmp_path / "other")})
    assert "people/a.md:2:6: error" in result.output  # the VAULT given, not the environment's
    assert result.exit_code == 1
    both = CliRunner().invoke(main, ["check", str(broken), "--vault", str(tmp_path / "other")])
    assert both.exit_code == 2 and "give the vault once" in both.stderr


def _obsidian_names() -> tuple[set[str], set[str]]:
    """Independently of netvault: every file name, path and alias in the help vault, folded."""
    names: set[str] = set()
    for path in OBSIDIAN.rglob("*"):
        if path.is_file():
            rel = path.relative_to(OBSIDIAN).as_posix().lower()
            names |= {rel, rel.removesuffix(".md"), path.name.lower(), path.stem.lower()}
            parts = rel.removesuffix(".md").split("/")
            names |= {"/".join(parts[i:]) for i in range(len(parts))}
    aliases: set[str] = set()
    for path in OBSIDIAN.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        block = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if block:
            found = re.search(r"^aliases:\s*(.*?)(?=^\w|\Z)", block.group(1), re.S | re.M)
            if found:
                for item in re.findall(r"[-\[,]\s*([^\n,\]]+)", found.group(1)):
                    aliases.add(item.strip().strip("'\"").lower())
    return names, aliases


@pytest.mark.skipif(not OBSIDIAN.is_dir(), reason="shared/realworld is not beside the repo")
def test_obsidian_help_vault_unresolved_links_truly_do_not_exist() -> None:
    code, out, _ = run("check", "--json", str(OBSIDIAN))
    payload = json.loads(out)
    assert payload["counts"]["error"] == 0
    assert code == 0
    names, aliases = _obsidian_names()
    unresolved = [
        re.search(r"unresolved link !?(?:\[\[(.*)\]\]|\((.*)\))", p["message"])
        for p in payload["problems"]
        if "unresolved link" in p["message"]
    ]
    assert unresolved and all(unresolved)
    targets = {(m.group(1) or m.group(2)).split("#")[0].lower() for m in unresolved if m}
    assert len(targets) > 20
    for target in targets:
        assert target not in names and target not in aliases, target
    # no other kind of warning but its remote images (which the site shows as links):
    # everything Obsidian resolves, netvault resolves
    others = [p for p in payload["problems"] if "unresolved link" not in p["message"]]
    assert len(others) == 5 and all("remote image" in p["message"] for p in others)


@pytest.mark.skipif(not OBSIDIAN.is_dir(), reason="shared/realworld is not beside the repo")
def test_obsidian_links_resolved_through_case_and_aliases() -> None:
    from netvault.commands.common import load

    loaded = load(OBSIDIAN)
    names, _ = _obsidian_names()
    exact = {p.relative_to(OBSIDIAN).with_suffix("").name for p in OBSIDIAN.rglob("*.md")}
    case_only = [
        (key, found)
        for key, found in loaded.index.resolved_links.items()
        if found.kind == "note"
        and (link := _link_at(loaded, key)) is not None
        and link.target not in exact
        and link.target.lower() in names
    ]
    assert case_only, "the help vault links some notes with different capitals"
    # Alias links are covered by the test above: an alias target left unresolved would be
    # reported there and fail it (the help vault declares aliases but links few through them).


def _link_at(loaded: object, key: tuple[str, int, int]) -> object:
    from netvault.commands.common import Loaded

    assert isinstance(loaded, Loaded)
    note = loaded.index.notes.get(key[0])
    if note is None:
        return None
    for link in note.body.links:
        if (link.line, link.col) == key[1:]:
            return link
    return None


@pytest.mark.parametrize(
    ("args", "code", "stream", "text"),
    [
        (["check", "{ok}"], 0, "stderr", "1 contact, 0 notes: 0 errors, 0 warnings"),
        (["check", "{bad}"], 1, "stdout", "people/ada.md:2:6: error:"),
        (["check", "--no-such-option"], 2, "stderr", "No such option"),
        (["check", "{missing}"], 2, "stderr", "Error: vault folder not found"),
    ],
)
def test_console_entry_point_keeps_exit_codes_and_output(
    make_vault: VaultMaker, tmp_path: Path, args: list[str], code: int, stream: str, text: str
) -> None:
    import subprocess
    import sys

    ok = make_vault({"people/ok.md": "---\nname: Ok\n---\n"})
    bad = ok.parent / "bad"
    (bad / "people").mkdir(parents=True)
    (bad / "people" / "ada.md").write_text("---\nmet: 2024-02-30\n---\n", encoding="utf-8")
    filled = [a.format(ok=ok, bad=bad, missing=tmp_path / "missing") for a in args]
    result = subprocess.run(
        [sys.executable, "-c", "from netvault.cli import run; run()", *filled],
        capture_output=True,
        text=True,
    )
    assert result.returncode == code
    assert text in getattr(result, stream)


@pytest.mark.parametrize(
    ("args", "made"),
    [
        (["due", "{root}"], "Reconnect"),
        (["brief", "ada", "--vault", "{root}"], "Ada Lovelace"),
        (["export", "vcard", "{root}"], "BEGIN:VCARD"),
        (["export", "ics", "{root}"], "BEGIN:VCALENDAR"),
    ],
)
def test_every_command_lists_the_errors_and_exits_1(
    make_vault: VaultMaker, args: list[str], made: str
) -> None:
    """SPEC 3: every command prints problems in compiler style and exits 1 on an error;
    the command's own output is still made."""
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada Lovelace\ntier: A\n---\n",
            "people/bad.md": "---\nname: [x, y]\n---\n",
        }
    )
    filled = [arg.format(root=root) for arg in args]
    result = CliRunner().invoke(main, [*filled, "--today", "2026-11-16"])
    assert result.exit_code == 1, result.output
    assert made in result.stdout
    assert "people/bad.md:2:" in result.stderr and "error:" in result.stderr
    assert "note: reading the vault found 1 error and 0 warnings" in result.stderr


def test_a_tier_when_the_settings_name_none(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "netvault.toml": '[reminders.tiers]\nA = "never"\n',
            "people/b.md": "---\nname: B\ntier: A\n---\n",
        }
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "netvault.toml:2: error: tier A cadence is not a duration: 'never'",
        "people/b.md:3:7: warning: tier 'A' is not set: netvault.toml's [reminders.tiers]"
        " names no tier; the default cadence applies",
    ]


def test_what_nothing_will_act_on_is_said(make_vault: VaultMaker) -> None:
    """A follow-up or deposit in a note without a date, an impossible date in a file name or
    a task, a follow-up naming nobody: each once dropped without a word (BAD-INPUTS 17)."""
    root = make_vault(
        {
            "people/b.md": "---\nname: B\n---\n- [ ] pay back 📅 2026-02-30\n- [ ] ok 📅 2026-03-01\n",
            "notes/undated.md": "---\nwith: [B]\nfollow_up: 2026-11-10\ngave: [x]\n---\n",
            "notes/2026-02-30-x.md": "---\nwith: [B]\n---\n",
            "notes/2026-11-01-n5.md": "---\nfollow_up: 2026-11-05\n---\n",
            "notes/2026-11-02-fine.md": "---\nwith: [B]\nfollow_up: 2026-11-05\n---\n",
            "notes/about-b.md": "---\nwith: [B]\n---\nNot an interaction, and not meant to be.\n",
        }
    )
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "notes/2026-02-30-x.md:1: warning: the file name's date 2026-02-30 is not a real date;"
        " the note has no date",
        "notes/2026-11-01-n5.md:2: warning: follow_up names nobody to follow up with (no with):"
        " no reminder",
        "notes/undated.md:3: warning: follow_up counts only in a note with a date (a date field"
        " or a YYYY-MM-DD file name)",
        "notes/undated.md:4: warning: gave counts only in a note with a date (a date field or a"
        " YYYY-MM-DD file name)",
        "people/b.md:4: warning: task date 2026-02-30 is not a real date; it has no due date",
    ]


def test_check_says_all_that_build_says(make_vault: VaultMaker, tmp_path: Path) -> None:
    """BAD-INPUTS 17 and 22: warnings the renderer finds (a remote image, nesting too deep
    for Markdown) are `check`'s too, where a pre-commit hook looks for them."""
    from netvault.build import build_site
    from netvault.problems import Problem

    deep = ">" * 200 + " deep"
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n![p](https://t.example/p.gif)\n",
            "notes/q.md": f"# Q\n\n{deep}\n\n![](//t.example/a.gif) [[Ada]] [x](../../etc/pw)\n",
            "notes/list.md": "- " * 200 + "x\n",
            "notes/plain.md": "Just [[Ada]], ![[Ada]] and #tags.\n",
            "notes/page.html": "<b>x</b>\n",
            "notes/wiki.md": "A page: [[page.html]].\n",
            "notes/ref.md": "[pw][r]\n\n[r]: ../../../etc/passwd\n",
            "notes/web.md": "[p](page.html)\n",
            "notes/ordered.md": "1) " * 60 + "x\n",
            "notes/mixed.md": "- * " * 30 + "x\n",
            "notes/quoted.md": "> - " * 30 + "x\n",
            "notes/brackets.md": "[" * 11 + "x" + "]" * 11 + "\n",
        }
    )
    result = CliRunner().invoke(main, ["check", str(root), "--json"])
    said = [Problem(**p) for p in json.loads(result.stdout)["problems"]]
    built = build_site(root, tmp_path / "site", dt.date(2026, 11, 16), pagefind=False)
    assert said == built.problems
    messages = [p.message for p in said]
    assert sum("remote image" in m for m in messages) == 2
    assert sum("web page or script" in m for m in messages) == 2
    assert sum("outside the vault" in m for m in messages) == 2
    assert {p.path for p in said if "nested too deeply" in p.message} == {
        f"notes/{name}.md" for name in ("q", "list", "ordered", "mixed", "quoted", "brackets")
    }


def test_a_last_contact_after_today_is_warned_about_where_it_is_ignored(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """The engine ignores a `last_contact` dated after today (a typo such as 2062 must not
    hide a reminder); check, build and due now say so instead of staying silent."""
    from netvault.build import build_site

    root = make_vault(
        {"people/ada.md": "---\nname: Ada\ncadence: 30d\nlast_contact: 2062-11-01\n---\n"}
    )
    code, out, _ = run("check", str(root), "--today", "2026-11-16")
    expected = (
        "people/ada.md:4: warning: 'last_contact' 2062-11-01 is after today (2026-11-16); "
        "it is ignored until then"
    )
    assert (code, out.strip()) == (0, expected)
    built = build_site(root, tmp_path / "site", dt.date(2026, 11, 16), pagefind=False)
    assert [str(p) for p in built.problems] == [expected]
    code, _, err = run("due", str(root), "--today", "2026-11-16")
    assert code == 0 and "0 errors and 1 warning" in err
    assert run("check", str(root), "--today", "2062-11-01")[1] == ""  # today: a real contact


def test_check_reports_a_vault_template_that_build_cannot_compile(make_vault: VaultMaker) -> None:
    # `build` refused this vault ("templates/person.html:2: ...") while `check` passed it.
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "templates/person.html": "<p>\n{% if %}\n",
            "templates/part.html": "{{ x( }}\n",  # nothing uses it
            "templates/tag.html": b"\xff\xfe",
            "templates/assets/x.html": "{% if %}",  # an asset is copied, never compiled
        }
    )
    code, out, _ = run("check", str(root))
    assert code == 1
    assert out.splitlines() == [
        "templates/part.html:1: warning: template (no page uses it; one that did would stop"
        " the build): unexpected '}', expected ')'",
        "templates/person.html:2: error: template: Expected an expression, got 'end of statement"
        " block'",
        "templates/tag.html:1: error: template: tag.html: UnicodeDecodeError: 'utf-8' codec"
        " can't decode byte 0xff in position 0: invalid start byte",
    ]
    build_code, _, build_err = run("build", str(root), "-o", str(root.parent / "site"))
    assert build_code == 1 and "templates/person.html:2: Expected an expression" in build_err
    (root / "templates" / "person.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (root / "templates" / "tag.html").unlink()
    assert run("check", str(root))[0] == 0  # a partial's fault alone is a warning


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("base.html", "<html>\n{% if %}\n"),  # every page extends it
        ("macros.html", "{% macro x() %}\n{{ y( }}\n"),  # every page imports it
        ("card.html", "\n{% for %}\n"),  # included by the vault's own note.html
    ],
)
def test_a_template_every_page_reaches_is_an_error(
    make_vault: VaultMaker, name: str, text: str
) -> None:
    # A broken base.html was a mere warning ("a page that includes it"), exit 0, while
    # `build` refused to write the site.
    files = {
        "people/ada.md": "---\nname: Ada\n---\n",
        "notes/n.md": "Met [[Ada]].\n",
        f"templates/{name}": text,
    }
    if name == "card.html":
        files["templates/note.html"] = '{% extends "base.html" %}{% block content %}' + (
            '{% include "card.html" %}{% endblock %}'
        )
    root = make_vault(files)
    code, out, _ = run("check", str(root))
    assert (code, out.split(": ")[:2]) == (1, [f"templates/{name}:2", "error"])
    assert run("build", str(root), "-o", str(root.parent / "site"))[0] == 1
