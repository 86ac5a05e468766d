"""`new person` and `log`: new files only, refusals name the existing file (BAD-INPUTS 36)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from netvault.commands.log import log
from netvault.commands.new import new
from netvault.loader import load_vault
from tests.conftest import VaultMaker

ADA = "---\nname: Ada Lovelace\naliases: [Countess]\n---\n"
TODAY = ["--today", "2026-05-02"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(command: object, root: Path, *args: str) -> Result:
    return CliRunner().invoke(command, [*args, "--vault", str(root), *TODAY])  # type: ignore[arg-type]


def test_new_person_writes_a_contact_that_reads_back(make_vault: VaultMaker) -> None:
    root = make_vault({"people/.keep": ""})
    result = run(
        new, root, "person", "Grace Hopper", "--tier", "B", "--tag", "Navy", "--tag", "COBOL",
        "--company", "US Navy", "--email", "grace@x.example",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == "created people/grace-hopper.md\n"
    assert (root / "people/grace-hopper.md").read_text() == (
        "---\nname: Grace Hopper\ntier: B\ntags:\n  - cobol\n  - navy\ncompany: US Navy\n"
        "email:\n  - grace@x.example\n---\n"
    )
    vault, _, problems = load_vault(root)
    (grace,) = vault.contacts
    assert problems == []
    assert (grace.name, grace.tier, grace.tags, grace.emails) == (
        "Grace Hopper",
        "B",
        ("cobol", "navy"),
        ("grace@x.example",),
    )


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("Ada Lovelace", "people/ada-lovelace.md already has the name 'Ada Lovelace'"),
        ("ADA LOVELACE", "people/ada-lovelace.md already has the name 'ADA LOVELACE'"),
        ("Ada  Lovelace", "people/ada-lovelace.md already has the name 'Ada Lovelace'"),
        ("ada-lovelace", "'ada-lovelace' is the file name of people/ada-lovelace.md"),
        ("Ada-Lovelace!", "people/ada-lovelace.md already uses the file name ada-lovelace.md"),
        # an alias: the message once said "already has the name or id", which it has not
        (
            "countess",
            "'countess' is an alias of Ada Lovelace (people/ada-lovelace.md), so [[countess]]"
            " would mean two people; not created. Give a fuller name, or drop the alias first",
        ),
    ],
)
def test_new_person_refuses_an_existing_id_name_or_alias(
    make_vault: VaultMaker, name: str, said: str
) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    before = snapshot(root)
    result = run(new, root, "person", name)
    assert result.exit_code == 1
    assert said in " ".join(result.output.split())
    assert snapshot(root) == before


def test_new_person_says_when_its_file_name_meets_an_alias(make_vault: VaultMaker) -> None:
    """ "Zoë" would be zoe.md, and [[zoe]] is Zoe Smith's alias: the message once said
    zoe-smith.md "already uses the file name zoe.md", which it does not."""
    root = make_vault({"people/zoe-smith.md": "---\nname: Zoe Smith\naliases: [Zoe]\n---\n"})
    result = run(new, root, "person", "Zoë")
    assert result.exit_code == 1
    assert (
        "the new file zoe.md would be named like the alias 'Zoe' of Zoe Smith"
        " (people/zoe-smith.md), so [[zoe]] would mean two people; not created."
    ) in " ".join(result.output.split())


def test_new_person_says_when_the_name_is_a_file_name(make_vault: VaultMaker) -> None:
    root = make_vault({"people/Ada_B.md": "---\nname: Ada Byron\n---\n"})
    result = run(new, root, "person", "ada_b")
    assert result.exit_code == 1
    said = " ".join(result.output.split())
    assert "'ada_b' is the file name of people/Ada_B.md, so [[ada_b]] means them" in said


def test_new_person_refuses_a_unicode_variant(make_vault: VaultMaker) -> None:
    nfd = unicodedata.normalize("NFD", "José Núñez")
    root = make_vault({"people/jose.md": f"---\nname: {nfd}\n---\n"})
    result = run(new, root, "person", unicodedata.normalize("NFC", "josé núñez"))
    assert result.exit_code == 1 and "people/jose.md" in result.output


def test_new_person_refuses_a_case_variant_file_that_is_no_contact(make_vault: VaultMaker) -> None:
    root = make_vault({"people/GRACE-HOPPER.MD": b"\x00binary"})
    before = snapshot(root)
    result = run(new, root, "person", "Grace Hopper")
    assert result.exit_code == 1
    assert "people/GRACE-HOPPER.MD already exists; not overwritten" in result.output
    assert snapshot(root) == before


def test_new_person_rejects_an_unknown_tier(make_vault: VaultMaker) -> None:
    root = make_vault({})
    result = run(new, root, "person", "Zed", "--tier", "Z")
    assert result.exit_code == 2 and "'Z' is not one of A, B, C, D" in result.output
    assert snapshot(root) == {}


@pytest.mark.parametrize(("name", "code"), [("Ctrl\x07Bell", "U+0007"), ("Esc\x1b[31m", "U+001B")])
def test_new_person_refuses_a_control_character(
    make_vault: VaultMaker, name: str, code: str
) -> None:
    """A pasted BEL was written into the file and then reached the calendar raw."""
    root = make_vault({"people/.keep": ""})
    result = run(new, root, "person", name)
    assert result.exit_code == 2
    assert f"the name holds a control character ({code})" in result.output
    assert sorted(p.name for p in (root / "people").iterdir()) == [".keep"]


def test_new_person_edit_runs_the_editor(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({})
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho edited >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    assert run(new, root, "person", "Zed", "--edit").exit_code == 0
    assert (root / "people/zed.md").read_text().endswith("---\nedited\n")


def test_log_writes_an_interaction_note(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA, "people/bob.md": "# Bob\n"})
    result = run(
        log, root, "countess", "Bob", "--type", "coffee", "--summary", "Plans: 2027",
        "--gave", "an intro to Carol", "--asked", "feedback", "--follow-up", "2w",
        "--next-action", "send the deck",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rel = "notes/2026/2026-05-02-coffee-ada-lovelace-bob.md"
    assert result.output == f"created {rel}\n"
    assert (root / rel).read_text() == (
        '---\ndate: 2026-05-02\nwith:\n  - "[[Ada Lovelace]]"\n  - "[[Bob]]"\ntype: coffee\n'
        'summary: "Plans: 2027"\ngave:\n  - an intro to Carol\nasked:\n  - feedback\n'
        "follow_up: 2026-05-16\nnext_action: send the deck\n---\n"
    )
    vault, _, problems = load_vault(root)
    (note,) = vault.notes
    assert problems == []
    assert [link.target for link in note.with_] == ["Ada Lovelace", "Bob"]
    assert (note.date, note.follow_up) == (dt.date(2026, 5, 2), dt.date(2026, 5, 16))


def test_log_refuses_when_the_note_exists_in_any_variant(make_vault: VaultMaker) -> None:
    """BAD-INPUTS 36: refuse, naming the existing file; exit 1 (a second run of the same
    `log --gave ...` would otherwise count the deposit twice)."""
    root = make_vault(
        {
            "people/ada-lovelace.md": ADA,
            "notes/2026/2026-05-02-Meeting-Ada-Lovelace.md": "mine\n",
        }
    )
    before = snapshot(root)
    result = run(log, root, "Ada Lovelace")
    assert result.exit_code == 1
    assert (
        "notes/2026/2026-05-02-Meeting-Ada-Lovelace.md already exists; nothing written"
        in result.output
    )
    assert snapshot(root) == before
    assert run(log, root, "Ada Lovelace", "--type", "call").exit_code == 0


@pytest.mark.parametrize(
    "where",
    [
        "notes/2026-05-02-meeting-ada-lovelace.md",
        "notes/2026/05/2026-05-02-MEETING-ada-lovelace.md",
    ],
)
def test_log_refuses_when_a_note_of_that_name_is_in_another_folder(
    make_vault: VaultMaker, where: str
) -> None:
    """Notes kept flat (or by month) are the same meeting: logging it again into notes/2026/
    would count its gave and asked twice."""
    root = make_vault(
        {"people/ada-lovelace.md": ADA, where: "---\nwith: ['[[Ada Lovelace]]']\n---\n"}
    )
    before = snapshot(root)
    result = run(log, root, "Ada Lovelace")
    assert result.exit_code == 1
    assert f"{where} already exists; nothing written" in result.output
    assert snapshot(root) == before
    assert run(log, root, "Ada Lovelace", "--type", "call").exit_code == 0


def test_log_unknown_name_suggests_and_writes_nothing(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    before = snapshot(root)
    result = run(log, root, "Ada Lovelce")
    assert result.exit_code == 1
    assert (
        "unknown person 'Ada Lovelce'; did you mean: Ada Lovelace (people/ada-lovelace.md)?"
        in result.output
    )
    assert snapshot(root) == before


def test_log_create_makes_the_contact_too(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "Charles Babbage", "--create", "--introduced")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created people/charles-babbage.md",
        "created notes/2026/2026-05-02-meeting-ada-lovelace-charles-babbage.md",
    ]
    vault, _, problems = load_vault(root)
    assert problems == []
    (note,) = vault.notes
    assert [link.target for link in note.introduced] == ["Ada Lovelace", "Charles Babbage"]


@pytest.mark.parametrize(
    ("names", "said"),
    [
        (["Charles Babbage", "--follow-up", "soon"], "neither a date"),
        (["Charles Babbage"], "2026-05-02-meeting-ada-lovelace-charles-babbage.md already exists"),
        # a second new name refused by `new person`'s own checks: the first is not written
        (["Charles Babbage", "O Brien"], "people/o-brien.md already uses the file name"),
        (["Charles Babbage", " "], "the name is empty"),
    ],
)
def test_log_create_writes_no_contact_when_the_log_is_refused(
    make_vault: VaultMaker, names: list[str], said: str
) -> None:
    """The new contact was written first, and stayed when the note was then refused."""
    root = make_vault(
        {
            "people/ada-lovelace.md": ADA,
            "people/o-brien.md": "---\nname: Pat O'Brien\n---\n",
            "notes/2026-05-02-meeting-ada-lovelace-charles-babbage.md": "mine\n",
        }
    )
    before = snapshot(root)
    result = run(log, root, "Ada Lovelace", *names, "--create")
    assert result.exit_code != 0
    assert said in result.output
    assert snapshot(root) == before  # no people/charles-babbage.md


def test_log_create_names_a_new_person_once(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Charles Babbage", "charles  babbage", "Ada Lovelace", "--create")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created people/charles-babbage.md",
        "created notes/2026/2026-05-02-meeting-charles-babbage-ada-lovelace.md",
    ]


def test_log_create_in_a_nested_people_folder(make_vault: VaultMaker) -> None:
    """The new contact is read back from where it was written; with `./team/contacts` the
    folder was not read as contacts at all, and `log` failed with a traceback."""
    root = make_vault(
        {
            "netvault.toml": '[vault]\npeople = "./team/contacts"\n',
            "team/contacts/ada-lovelace.md": ADA,
        }
    )
    result = run(log, root, "Ada Lovelace", "Bob Brown", "--create")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "created team/contacts/bob-brown.md",
        "created notes/2026/2026-05-02-meeting-ada-lovelace-bob-brown.md",
    ]
    text = (root / "notes/2026/2026-05-02-meeting-ada-lovelace-bob-brown.md").read_text()
    assert '"[[Bob Brown]]"' in text


def test_log_links_by_id_when_a_name_is_shared(make_vault: VaultMaker) -> None:
    root = make_vault({"people/sam.md": "---\nname: Sam\n---\n", "people/sam-2.md": "# Sam\n"})
    assert run(log, root, "Sam").exit_code == 1  # ambiguous: two contacts are called Sam
    result = run(log, root, "sam-2", "--date", "2026-04-30")
    assert result.exit_code == 0, result.output
    text = (root / "notes/2026/2026-04-30-meeting-sam-2.md").read_text()
    assert '  - "[[sam-2]]"\n' in text


def test_log_names_each_person_once(make_vault: VaultMaker) -> None:
    # `log Ada Countess` (a name and an alias of one contact) wrote Ada twice in `with`.
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "countess")
    assert result.exit_code == 0, result.output
    (note,) = (root / "notes/2026").iterdir()
    assert note.name == "2026-05-02-meeting-ada-lovelace.md"
    assert note.read_text().count("[[Ada Lovelace]]") == 1
    twice = run(log, root, "Ada Lovelace", "Ada Lovelace", "--introduced", "--date", "2026-05-01")
    assert twice.exit_code == 2 and "two different people" in twice.output


def test_log_rejects_a_bad_date(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "--date", "02/05/2026")
    assert result.exit_code == 2 and "not a date (YYYY-MM-DD)" in result.output


def test_log_takes_a_date_time_as_the_vault_format_does(make_vault: VaultMaker) -> None:
    # `--date "2026-05-01 14:30"` was refused, though a note's `date` may be a date-time.
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "--date", "2026-05-01 14:30", "--follow-up", "1w")
    assert result.exit_code == 0, result.output
    text = (root / "notes/2026/2026-05-01-meeting-ada-lovelace.md").read_text()
    assert 'date: "2026-05-01T14:30"\n' in text and "follow_up: 2026-05-08\n" in text
    vault, _, problems = load_vault(root)
    assert problems == [] and [n.date for n in vault.notes] == [dt.date(2026, 5, 1)]
    exact = run(log, root, "Ada", "--date", "2026-05-02T09:00:05.25", "--type", "call")
    assert exact.exit_code == 0, exact.output
    assert (
        'date: "2026-05-02T09:00:05.250000"\n'
        in (root / "notes/2026/2026-05-02-call-ada-lovelace.md").read_text()
    )
    late = run(log, root, "Ada Lovelace", "--date", "2026-05-01T25:00")
    assert late.exit_code == 2 and "or a date-time (YYYY-MM-DD HH:MM)" in late.output


def test_log_says_what_a_follow_up_may_be(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "--follow-up", "soon")
    assert result.exit_code == 2
    assert "'soon' is neither a date (YYYY-MM-DD) nor a delay" in result.output
    assert "(10d, 2w, 3m, 1y)" in result.output
    assert snapshot(root) == {"people/ada-lovelace.md": ADA.encode()}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--follow-up", "99999y"], "'99999y' after 2026-05-02 is past the last date there is"),
        (["--date", "9999-12-31", "--follow-up", "1d"], "'1d' after 9999-12-31 is past"),
    ],
)
def test_log_refuses_a_follow_up_past_the_end_of_the_calendar(
    make_vault: VaultMaker, args: list[str], said: str
) -> None:
    """It wrote `follow_up: 9999-12-31` without a word, on the interaction's own day for
    the second."""
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", *args)
    assert result.exit_code == 2 and said in result.output
    assert snapshot(root) == {"people/ada-lovelace.md": ADA.encode()}


def test_log_takes_a_follow_up_on_the_last_date_there_is(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    result = run(log, root, "Ada Lovelace", "--date", "9999-12-30", "--follow-up", "1d")
    assert result.exit_code == 0, result.output
    (note,) = [p for p in (root / "notes").rglob("*.md")]
    assert "follow_up: 9999-12-31" in note.read_text("utf-8")


def test_log_edit_opens_the_new_note(
    make_vault: VaultMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "Talked about engines." >> "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    monkeypatch.delenv("VISUAL", raising=False)
    assert run(log, root, "Ada Lovelace", "--edit").exit_code == 0
    text = (root / "notes/2026/2026-05-02-meeting-ada-lovelace.md").read_text()
    assert text.endswith("---\nTalked about engines.\n")


@pytest.mark.parametrize(
    "args", [["person", "Sub Folder"], ["Ada Lovelace", "--type", "call"]], ids=["new", "log"]
)
def test_new_and_log_refuse_a_folder_inside_the_vault(
    make_vault: VaultMaker, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Run from `people/`, the current folder was taken as the vault: `new person` wrote
    `people/people/sub-folder.md`, and nothing said so."""
    root = make_vault({"people/ada-lovelace.md": ADA, "netvault.toml": ""})
    before = snapshot(root)
    monkeypatch.chdir(root / "people")
    command = new if args[0] == "person" else log
    result = CliRunner().invoke(command, [*args, *TODAY])
    assert result.exit_code == 2
    assert f"this folder is inside the vault {root.resolve()}; run the command there" in (
        result.output
    )
    assert snapshot(root) == before


def test_a_folder_given_as_the_vault_is_taken_with_a_note(
    make_vault: VaultMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_vault({"people/ada-lovelace.md": ADA})
    monkeypatch.chdir(root / "people")
    result = CliRunner().invoke(new, ["person", "Sub Folder", "--vault", ".", *TODAY])
    assert result.exit_code == 0
    assert (root / "people" / "people" / "sub-folder.md").is_file()
    assert (
        "note: this folder has no netvault.toml and no people/ folder; is the vault"
        f" {root.resolve()}? (give it with --vault)"
    ) in result.stderr


@pytest.mark.parametrize(
    ("blocker", "command", "args", "said"),
    [
        ("people", new, ["person", "Ada"], "cannot create people/ada.md: people is a file"),
        ("notes", log, ["Ada Lovelace"], "notes is a file, not a folder"),
    ],
)
def test_a_file_where_the_folder_goes_is_an_error_not_a_traceback(
    tmp_path: Path, blocker: str, command: object, args: list[str], said: str
) -> None:
    """BAD-INPUTS 36: ended in a NotADirectoryError traceback."""
    root = tmp_path / "vault"
    root.mkdir()
    if blocker == "notes":
        (root / "people").mkdir()
        (root / "people" / "ada-lovelace.md").write_text(ADA, "utf-8")
    (root / blocker).write_text("x", "utf-8")
    result = run(command, root, *args)
    assert result.exit_code == 1 and not isinstance(result.exception, NotADirectoryError)
    assert said in result.output
    assert (root / blocker).read_text("utf-8") == "x"


def test_a_people_folder_in_the_home_folder_is_no_vault_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search upward stops below home: a `People` folder there (or at the top of a
    disk) made `new` refuse to start a vault anywhere under it."""
    home = tmp_path / "home"
    (home / "People").mkdir(parents=True)
    (home / "network").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "network")
    result = CliRunner().invoke(new, ["person", "Ada Lovelace", *TODAY])
    assert result.exit_code == 0, result.output
    assert (home / "network" / "people" / "ada-lovelace.md").is_file()


def test_the_vault_above_is_named_so_it_can_be_pasted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "my vault"
    (root / "people").mkdir(parents=True)
    monkeypatch.chdir(root / "people")
    result = CliRunner().invoke(new, ["person", "Ada Lovelace", *TODAY])
    assert result.exit_code == 2
    assert f"give --vault '{root.resolve()}'" in result.output


def test_new_works_where_no_home_folder_can_be_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No $HOME and no account entry (a bare container): `Path.home()` raises, and `new`
    ended in a traceback looking for a vault above."""

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(nowhere))
    monkeypatch.delenv("NETVAULT_CACHE_DIR")  # the parse cache's folder is under home too
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    (tmp_path / "v" / "people").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "v" / "people")
    refused = CliRunner().invoke(new, ["person", "Ada Lovelace", *TODAY])
    assert refused.exit_code == 2 and "inside the vault" in refused.output
    monkeypatch.chdir(tmp_path / "v")
    made = CliRunner().invoke(new, ["person", "Ada Lovelace", *TODAY])
    assert made.exit_code == 0, made.output
