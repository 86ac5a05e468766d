"""The loader end to end: discovery rules and the read-side rows of BAD-INPUTS.md.

Each test asserts the exact problem (path, line, severity, words of the message) and that
the rest of the vault still loads.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from netvault import loader
from netvault.build import build_site
from netvault.loader import load_vault
from netvault.problems import Problem
from tests.conftest import VaultMaker

ADA = "---\nname: Ada Lovelace\naliases: [Ada]\n---\n# Ada\n"
GOOD_NOTE = "---\ndate: 2026-05-02\nwith: ['[[Ada Lovelace]]']\n---\nCoffee.\n"


def _only(problems: list[Problem], path: str) -> list[Problem]:
    return [p for p in problems if p.path == path]


def test_discovery_skips_output_dotfolders_templates_debris_and_ignores(
    make_vault: VaultMaker,
) -> None:
    root = make_vault(
        {
            "netvault.toml": '[vault]\nignore = ["drafts/*", "*.private.md"]\n',
            "people/ada.md": ADA,
            "notes/a.md": GOOD_NOTE,
            "_site/index.md": "# built",
            ".obsidian/x.md": "# settings",
            ".git/y.md": "# git",
            "templates/person.md": "# a template",
            "drafts/idea.md": "# draft",
            "notes/secret.private.md": "# private",
            "notes/a.md~": "backup",
            "notes/.#a.md": "lock",
            "notes/#a.md#": "autosave",
            "notes/a.md.swp": "swap",
            "attachments/pic.png": b"\x89PNG",
        }
    )
    vault, _, problems = load_vault(root)
    assert [c.path for c in vault.contacts] == ["people/ada.md"]
    assert [n.path for n in vault.notes] == ["notes/a.md"]
    assert vault.files == ("attachments/pic.png",)
    assert problems == []


def test_type_person_outside_people_folder_is_a_contact(make_vault: VaultMaker) -> None:
    root = make_vault({"elsewhere/grace.md": "---\ntype: person\nname: Grace Hopper\n---\n"})
    vault, _, problems = load_vault(root)
    assert [(c.id, c.name) for c in vault.contacts] == [("grace", "Grace Hopper")]
    assert problems == []


@pytest.mark.parametrize("folder", ["team/contacts", "./team/contacts/", "Team//Contacts"])
def test_a_nested_people_folder_holds_the_contacts(make_vault: VaultMaker, folder: str) -> None:
    """`[vault] people = "team/contacts"` was accepted, but only a path's first folder was
    compared with it, so no file there was read as a contact."""
    root = make_vault(
        {
            "netvault.toml": f'[vault]\npeople = "{folder}"\n',
            "team/contacts/ada.md": "# Ada\n",
            "team/contacts/deep/bo.md": "# Bo\n",
            "team/notes.md": "# Team notes\n",
            "team/contacts-old/cy.md": "# Cy\n",
        }
    )
    vault, _, problems = load_vault(root)
    assert sorted(c.path for c in vault.contacts) == [
        "team/contacts/ada.md",
        "team/contacts/deep/bo.md",
    ]
    assert sorted(n.path for n in vault.notes) == ["team/contacts-old/cy.md", "team/notes.md"]
    assert problems == []


def test_contact_name_defaults_to_heading_then_file_name(make_vault: VaultMaker) -> None:
    root = make_vault({"people/a.md": "# Alan Turing\n", "people/Bo Chen.md": ""})
    vault, _, _ = load_vault(root)
    assert {c.id: c.name for c in vault.contacts} == {"a": "Alan Turing", "Bo Chen": "Bo Chen"}


def test_row_1_2_bom_and_crlf_keep_line_numbers(make_vault: VaultMaker) -> None:
    text = "\ufeff---\r\nname: Ada\r\nmet: 2024-02-30\r\n---\r\n# Ada\r\n"
    root = make_vault({"people/ada.md": text.encode("utf-8")})
    vault, _, problems = load_vault(root)
    assert vault.contacts[0].name == "Ada"
    assert [(p.path, p.line, p.severity) for p in problems] == [("people/ada.md", 3, "error")]
    assert "not a valid date (YYYY-MM-DD)" in problems[0].message


def test_row_3_unclosed_front_matter_is_not_rendered(make_vault: VaultMaker) -> None:
    root = make_vault({"notes/bad.md": "---\ntitle: x\n\nbody", "notes/ok.md": GOOD_NOTE})
    vault, _, problems = load_vault(root)
    assert [n.path for n in vault.notes] == ["notes/ok.md"]
    bad = _only(problems, "notes/bad.md")
    assert [(p.line, p.severity) for p in bad] == [(1, "error")]
    assert "front matter is not closed" in bad[0].message


@pytest.mark.parametrize(
    ("field", "value"), [("met", "2024-02-30"), ("met", "05/01/2024"), ("last_contact", "soon")]
)
def test_row_10_bad_dates_are_errors_at_their_line(
    make_vault: VaultMaker, field: str, value: str
) -> None:
    root = make_vault({"people/ada.md": f"---\nname: Ada\n{field}: {value}\n---\n"})
    vault, _, problems = load_vault(root)
    assert vault.contacts[0].name == "Ada"
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert "not a valid date (YYYY-MM-DD)" in problems[0].message


def test_row_13_latin1_and_nul_are_skipped_with_the_line(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "notes/latin.md": "---\ntitle: ok\n---\nline\ncaf\xe9\n".encode("latin-1"),
            "notes/nul.md": b"---\ntitle: ok\n---\nfine\nbad \x00 byte\n",
            "notes/ok.md": GOOD_NOTE,
        }
    )
    vault, _, problems = load_vault(root)
    assert [n.path for n in vault.notes] == ["notes/ok.md"]
    assert [(p.path, p.line, p.severity) for p in problems if p.path != "notes/ok.md"] == [
        ("notes/latin.md", 5, "error"),
        ("notes/nul.md", 5, "error"),
    ]


def test_row_14_empty_file_and_front_matter_only_are_valid(make_vault: VaultMaker) -> None:
    root = make_vault({"notes/empty.md": "", "notes/fm.md": "---\ntitle: Only\n---\n"})
    vault, _, problems = load_vault(root)
    assert [(n.path, n.title) for n in vault.notes] == [
        ("notes/empty.md", "empty"),
        ("notes/fm.md", "Only"),
    ]
    assert problems == []


def test_row_15_conflict_markers_are_errors_and_not_rendered(make_vault: VaultMaker) -> None:
    text = "---\ntitle: x\n---\n<<<<<<< HEAD\nmine\n=======\ntheirs\n>>>>>>> branch\n"
    root = make_vault({"notes/c.md": text, "notes/ok.md": GOOD_NOTE})
    vault, _, problems = load_vault(root)
    assert [n.path for n in vault.notes] == ["notes/ok.md"]
    assert [(p.line, p.severity) for p in _only(problems, "notes/c.md")] == [
        (4, "error"),
        (6, "error"),
        (8, "error"),
    ]


def test_row_16_sync_conflict_copies_are_warned_and_excluded(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": ADA,
            "people/ada.sync-conflict-20260101-120000-ABC.md": ADA,
            "people/ada (Bob's conflicted copy 2026-01-01).md": ADA,
            "people/ada (Conflicted Copy 2026-01-01).md": ADA,  # sync tools vary the case
            "people/ada.SYNC-CONFLICT-2026.md": ADA,
        }
    )
    vault, _, problems = load_vault(root)
    assert [c.path for c in vault.contacts] == ["people/ada.md"]
    assert sorted((p.path, p.severity) for p in problems) == [
        ("people/ada (Bob's conflicted copy 2026-01-01).md", "warning"),
        ("people/ada (Conflicted Copy 2026-01-01).md", "warning"),
        ("people/ada.SYNC-CONFLICT-2026.md", "warning"),
        ("people/ada.sync-conflict-20260101-120000-ABC.md", "warning"),
    ]
    assert all("conflict" in p.message for p in problems)
    # the walk only tries these patterns on names holding "conflict": each pattern must
    assert all("conflict" in pattern for pattern in loader._CONFLICT_COPIES)


def test_row_16_a_conflict_copy_of_a_folder_is_warned_and_excluded(
    make_vault: VaultMaker,
) -> None:
    """Its notes vanished from the site without a word."""
    root = make_vault(
        {
            "people/ada.md": ADA,
            "notes/old.sync-conflict-20260101-120000-ABC/a.md": GOOD_NOTE,
            "attachments/pic.sync-conflict-2026.png": b"\x89PNG",  # a file: skipped quietly
        }
    )
    vault, _, problems = load_vault(root)
    assert vault.notes == ()
    assert [(p.path, p.severity, p.message) for p in problems] == [
        (
            "notes/old.sync-conflict-20260101-120000-ABC",
            "warning",
            "sync conflict copy of a folder: excluded with all it holds;"
            " merge it into the original, delete it",
        )
    ]


def test_row_17_huge_inputs_complete_and_keep_everything(make_vault: VaultMaker) -> None:
    big_body = ("A line that mentions [[Ada]] in a long note.\n" * 120_000)[: 5 * 1024 * 1024]
    long_line = "word " * 20_000 + "[[Ada]]\n"
    nested = "".join("  " * i + "- level\n" for i in range(200)) + "> " * 200 + "[[Ada]]\n"
    root = make_vault(
        {
            "people/ada.md": ADA,
            "notes/big.md": "---\ntitle: big\n---\n" + big_body,
            "notes/long.md": "---\ntitle: long\n---\n" + long_line,
            "notes/nested.md": "---\ntitle: nested\n---\n" + nested,
        }
    )
    vault, _, problems = load_vault(root)
    notes = {n.path: n for n in vault.notes}
    assert len(notes["notes/big.md"].body.text) == len(big_body)
    assert len(notes["notes/big.md"].body.links) == big_body.count("[[Ada]]")
    assert [(link.line, link.target) for link in notes["notes/long.md"].body.links] == [(4, "Ada")]
    assert [link.line for link in notes["notes/nested.md"].body.links] == [204]
    assert problems == []


def test_row_24_ids_differing_by_case_or_normalisation_collide(make_vault: VaultMaker) -> None:
    nfd = "Zoe\u0308"  # Zoë written with a combining diaeresis
    root = make_vault(
        {
            "people/Ada Lovelace.md": "",
            "people/ada lovelace.md": "",
            "people/Zo\u00eb.md": "",
            f"people/{nfd}x.md": "",
        }
    )
    if len({p.name for p in (root / "people").iterdir()}) < 4:
        pytest.skip("this file system folds case or normalisation itself")
    vault, _, problems = load_vault(root)
    assert len(vault.contacts) == 4  # neither is dropped or merged
    collisions = [p for p in problems if "collides" in p.message]
    assert [(p.path, p.severity) for p in collisions] == [("people/ada lovelace.md", "error")]
    assert "people/Ada Lovelace.md" in collisions[0].message


def test_row_24_nfc_and_nfd_file_names_collide(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {"people/Zo\u00eb.md": "", "people/Zoe\u0308.md": "", "people/zo\u00eb-2.md": ""}
    )
    if len(list((root / "people").iterdir())) < 3:
        pytest.skip("this file system normalises names itself")
    vault, _, problems = load_vault(root)
    assert len(vault.contacts) == 3
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].message == (
        "contact file collides with people/Zoe\u0308.md, the same name written in another"
        " Unicode form ('people/Zo\\xeb.md' and 'people/Zoe\\u0308.md'); rename one of them"
    )
    # Neither drops out: the later file by path takes the next free id, and its own page.
    assert sorted(c.id for c in vault.contacts) == ["Zoë", "Zoë-3", "zoë-2"]  # -2: taken
    out = tmp_path / "site"
    built = build_site(root, out, dt.date(2026, 11, 16), pagefind=False)
    assert built.problems == problems
    pages = sorted(p.name for p in (out / "people").glob("zo*.html"))
    assert pages == ["zoe-2.html", "zoe-3.html", "zoe.html"]


def test_row_27_symlinks_leaving_the_vault_are_skipped(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: secret\n---\n", encoding="utf-8")
    root = make_vault({"notes/ok.md": GOOD_NOTE, "people/ada.md": ADA})
    os.symlink(outside / "secret.md", root / "notes" / "linked.md")
    os.symlink(outside, root / "notes" / "linked-folder")
    os.symlink(root / "notes" / "ok.md", root / "notes" / "inside.md")
    vault, _, problems = load_vault(root)
    assert sorted(n.path for n in vault.notes) == ["notes/inside.md", "notes/ok.md"]
    assert sorted((p.path, p.severity) for p in problems) == [
        ("notes/linked-folder", "warning"),
        ("notes/linked.md", "warning"),
    ]
    assert all("outside the vault" in p.message for p in problems)


def test_row_27_symlink_loops_are_skipped_with_a_warning(make_vault: VaultMaker) -> None:
    """A symlink to itself, two pointing at each other, a folder linking itself: once a
    RuntimeError traceback from every command."""
    root = make_vault({"notes/ok.md": GOOD_NOTE, "people/ada.md": ADA})
    os.symlink("loop.md", root / "people" / "loop.md")
    os.symlink("b.md", root / "people" / "a.md")
    os.symlink("a.md", root / "people" / "b.md")
    os.symlink("d", root / "notes" / "d")
    vault, _, problems = load_vault(root)
    assert [c.path for c in vault.contacts] == ["people/ada.md"]
    assert [n.path for n in vault.notes] == ["notes/ok.md"]
    assert sorted((p.path, p.severity, p.message) for p in problems) == [
        (path, "warning", "symlink loop: skipped")
        for path in ("notes/d", "people/a.md", "people/b.md", "people/loop.md")
    ]


def test_note_date_from_file_name_and_date_time(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "notes/2026-03-04-call.md": "---\nwith: [Ada]\n---\n",
            "notes/later.md": "---\ndate: 2026-03-05T09:30\n---\n",
            "people/ada.md": ADA,
        }
    )
    vault, _, problems = load_vault(root)
    dates = {n.path: n.date for n in vault.notes}
    assert dates == {
        "notes/2026-03-04-call.md": dt.date(2026, 3, 4),
        "notes/later.md": dt.date(2026, 3, 5),
    }
    assert problems == []


def test_an_empty_date_falls_back_to_the_file_names_and_a_bad_one_does_not(
    make_vault: VaultMaker,
) -> None:
    root = make_vault(
        {
            "notes/2026-03-04-call.md": "---\ndate:\nwith: [Ada]\n---\n",
            "notes/2026-03-06-blank.md": "---\ndate: ''\nwith: [Ada]\n---\n",
            "notes/2026-03-07-typo.md": "---\ndate: 2026-13-01\nwith: [Ada]\n---\n",
            "notes/undated.md": "---\ndate:\nwith: [Ada]\nfollow_up: 2026-04-01\n---\n",
            "people/ada.md": ADA,
        }
    )
    vault, _, problems = load_vault(root)
    dates = {n.path: n.date for n in vault.notes}
    assert dates == {
        "notes/2026-03-04-call.md": dt.date(2026, 3, 4),
        "notes/2026-03-06-blank.md": dt.date(2026, 3, 6),
        "notes/2026-03-07-typo.md": None,  # the error is said, not papered over
        "notes/undated.md": None,
    }
    assert [(p.path, p.severity) for p in problems] == [
        ("notes/2026-03-07-typo.md", "error"),
        ("notes/undated.md", "warning"),  # follow_up counts only in a note with a date
    ]


def test_a_file_with_front_matter_below_a_blank_line_is_kept_and_warned(
    make_vault: VaultMaker,
) -> None:
    root = make_vault({"people/bob.md": "\n---\nname: Bob\n---\n"})
    vault, _, problems = load_vault(root)
    assert [c.id for c in vault.contacts] == ["bob"]  # kept, named after its file
    assert [(p.path, p.line, p.severity) for p in problems] == [("people/bob.md", 2, "warning")]


def test_unknown_fields_are_kept_and_near_misses_warned(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\nemial: a@b.c\npronouns: she/her\n---\n"})
    vault, _, problems = load_vault(root)
    extra = {f.key: f.value for f in vault.contacts[0].extra}
    assert extra == {"emial": "a@b.c", "pronouns": "she/her"}
    assert [(p.line, p.severity) for p in problems] == [(3, "warning")]
    assert "did you mean 'email'" in problems[0].message


def test_row_8_typed_text_is_kept(make_vault: VaultMaker) -> None:
    root = make_vault(
        {"people/ada.md": "---\ncountry: no\nzip: 01234\ntime: 12:30\nlocation: no\n---\n"}
    )
    vault, _, problems = load_vault(root)
    contact = vault.contacts[0]
    assert {f.key: f.value for f in contact.extra} == {
        "country": "no",
        "zip": "01234",
        "time": "12:30",
    }
    assert contact.location == "no"
    assert problems == []


def test_row_11_mapping_where_text_is_expected(make_vault: VaultMaker) -> None:
    root = make_vault({"people/ada.md": "---\nname: Ada\ncompany:\n  name: Acme\n---\n"})
    vault, _, problems = load_vault(root)
    assert vault.contacts[0].company is None
    assert [(p.line, p.severity) for p in problems] == [(4, "error")]
    assert "single text" in problems[0].message


def test_single_values_count_as_lists(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\naliases: Ada\ntags: Maths, Poetry\nemail: a@b.c\nneeds: a loom\n---\n"
        }
    )
    contact = load_vault(root)[0].contacts[0]
    assert contact.aliases == ("Ada",)
    assert contact.tags == ("maths", "poetry")
    assert contact.emails == ("a@b.c",)
    assert contact.needs == ("a loom",)


def test_a_file_gone_is_a_warning_one_not_readable_an_error(tmp_path: Path) -> None:
    """Row 32: a file deleted while the vault is read is skipped with a warning; a file that
    is there but cannot be read (permissions, or a folder where a file was) leaves the vault
    incomplete, which is an error (root reads any file, so the test uses a folder)."""
    from netvault.reading import read_file
    from netvault.settings import Settings

    (tmp_path / "folder.md").mkdir()
    gone = read_file(loader.Found("notes/gone.md", str(tmp_path / "gone.md")), Settings())
    folder = read_file(loader.Found("notes/folder.md", str(tmp_path / "folder.md")), Settings())
    assert gone[0] is None and [(p.severity, p.line) for p in gone[1]] == [("warning", 1)]
    assert folder[0] is None and [(p.severity, p.line) for p in folder[1]] == [("error", 1)]
    assert "could not be read" in folder[1][0].message


def _bytes_named(root: Path, rel: bytes, content: bytes | None) -> None:
    """Make `rel` (bytes, maybe not UTF-8) under `root`: a file with `content`, else a
    folder. Skips the test on a file system that refuses such a name (macOS, Windows)."""
    path = os.path.join(os.fsencode(root), rel)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if content is None:
            os.makedirs(path, exist_ok=True)
        else:
            with open(path, "wb") as stream:
                stream.write(content)
    except (OSError, UnicodeError) as exc:
        pytest.skip(f"this file system refuses a name that is not UTF-8: {exc}")


def test_a_name_that_is_not_utf8_is_skipped_and_named(make_vault: VaultMaker) -> None:
    """An old zip or a Samba share leaves Latin-1 file names; every command used to end in
    a UnicodeEncodeError traceback. The file (or folder) is skipped with a problem that
    shows the bad byte, and the rest of the vault loads."""
    root = make_vault(
        {
            "people/ada.md": ADA,
            "notes/a.md": GOOD_NOTE,
            "netvault.toml": '[vault]\nignore = ["old*"]\n',
        }
    )
    _bytes_named(root, b"people/caf\xe9.md", b"---\nname: Cafe\n---\n")
    _bytes_named(root, b"notes/d\xe9/b.md", GOOD_NOTE.encode())
    _bytes_named(root, b"attachments/caf\xe9.png", b"\x89PNG")
    # what the vault skips anyway is no problem, whatever its name
    _bytes_named(root, b".Trash-caf\xe9/x.md", GOOD_NOTE.encode())
    _bytes_named(root, b"old-caf\xe9/x.md", GOOD_NOTE.encode())
    _bytes_named(root, b"people/caf\xe9.md~", b"backup")
    vault, _, problems = load_vault(root)
    assert [c.name for c in vault.contacts] == ["Ada Lovelace"]
    assert [n.path for n in vault.notes] == ["notes/a.md"]
    assert vault.files == ()
    assert [(p.path, p.severity, p.message) for p in problems] == [
        ("attachments/caf\\xe9.png", "warning", "file name is not UTF-8: skipped; rename it"),
        (
            "notes/d\\xe9",
            "error",
            "folder name is not UTF-8: skipped with all it holds; rename it",
        ),
        ("people/caf\\xe9.md", "error", "file name is not UTF-8: skipped; rename it"),
    ]


@pytest.mark.parametrize("command", ["check", "due", "build", "export"])
def test_every_command_survives_a_name_that_is_not_utf8(
    make_vault: VaultMaker, tmp_path: Path, command: str
) -> None:
    """In a real process, with a real (UTF-8, strict) stdout: the problem is printed, not
    a traceback."""
    import subprocess
    import sys

    root = make_vault({"people/ada.md": ADA})
    _bytes_named(root, b"people/caf\xe9.md", b"---\nname: Cafe\n---\n")
    args = {
        "check": ["check", str(root)],
        "due": ["due", str(root), "--today", "2026-11-16"],
        "build": ["build", str(root), "-o", str(tmp_path / "site"), "--today", "2026-11-16"],
        "export": ["export", "vcard", str(root)],
    }[command]
    done = subprocess.run(
        [sys.executable, "-c", "from netvault.cli import run; run()", *args],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    said = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8")
    assert "Traceback" not in said
    assert "people/caf\\xe9.md:1: error: file name is not UTF-8: skipped; rename it" in said
    assert done.returncode == 1


def test_row_11_an_empty_key_is_warned_about_not_dropped_in_silence(
    make_vault: VaultMaker,
) -> None:
    root = make_vault(
        {
            "people/ada.md": '---\nname: Ada\n"": x\n---\n',
            "notes/a.md": '---\ndate: 2026-05-02\n" ": y\n---\nHi.\n',
        }
    )
    vault, _, problems = load_vault(root)
    assert [(p.path, p.line, p.col, p.message) for p in problems] == [
        ("notes/a.md", 3, 1, "this key is empty: the line is ignored"),
        ("people/ada.md", 3, 1, "this key is empty: the line is ignored"),
    ]
    assert vault.contacts[0].extra == () and vault.notes[0].extra == ()
