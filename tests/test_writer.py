"""The front matter emitter: what netvault writes reads back to the same values."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.body import scan_body
from netvault.cli import main
from netvault.fields import normalise_tags
from netvault.front_matter import parse_document
from netvault.model import Birthday, Body
from netvault.records import read_contact, read_note
from netvault.settings import Settings
from netvault.writer import (
    FieldValue,
    needs_quotes,
    person_slug,
    render_contact,
    render_note,
    unique_slug,
    wikilink,
)

# Any text a file can hold (no lone surrogates: they cannot be UTF-8 encoded at all).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
KEY = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
VALUE = st.one_of(TEXT, st.lists(TEXT, max_size=4))


@settings(max_examples=300)
@given(st.dictionaries(KEY, VALUE, max_size=8))
def test_any_text_reads_back_exactly(fields: dict[str, str | list[str]]) -> None:
    text = render_contact(fields, "")
    document, problems = parse_document(text, "people/x.md")
    assert problems == []
    read = {entry.key: entry.value for entry in document.entries}
    # A plain empty value reads as None; the emitter must never produce one.
    assert read == fields


@pytest.mark.parametrize(
    "word",
    ["no", "yes", "on", "off", "null", "~", "01234", "12:30", "1e3", " x", "x ", "a # b", "a: b",
     "[[Ada]]", "{x}", "@x", "`x", '"x', "'x", "*x", "&x", "!x", "|x", ">x", "%x", "", "-1",
     "2024-01-01", "True", "Y", "0x1F", "1_000", ".5", "a\nb", "tab\t", "x:"],
)  # fmt: skip
def test_misreadable_strings_are_quoted(word: str) -> None:
    assert needs_quotes(word)
    line = render_contact({"company": word}).splitlines()[1]
    assert line.startswith('company: "')


@pytest.mark.parametrize(
    "word", ["Ada Lovelace", "Zoë 🔸", "O'Brien", "ada@example.com", "+1 415-555-0134", "王小明"]
)
def test_ordinary_text_stays_plain(word: str) -> None:
    assert render_contact({"company": word}).splitlines()[1] == f"company: {word}"


def test_unicode_is_kept_not_escaped() -> None:
    text = render_contact({"name": "Siobhán Ó Briain", "title": "a\u2028b"})
    assert "Siobhán Ó Briain" in text
    assert '"a\\u2028b"' in text


def test_canonical_order_then_unknown_sorted() -> None:
    text = render_contact(
        {"zeta": "z", "email": ["a@x"], "uid": "u", "name": "N", "archived": True, "tier": "B"}
    )
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys == ["name", "tier", "email", "archived", "uid", "zeta"]


def test_note_order_and_links_as_quoted_block_list() -> None:
    text = render_note(
        {
            "type": "coffee",
            "with": [wikilink("Ada"), wikilink("Bob B")],
            "date": dt.date(2026, 5, 2),
        },
        "Talked.",
    )
    assert text == (
        '---\ndate: 2026-05-02\nwith:\n  - "[[Ada]]"\n  - "[[Bob B]]"\ntype: coffee\n---\n\n'
        "Talked.\n"
    )


NAME = TEXT.map(str.strip).filter(lambda s: s != "")
TAG = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)


@settings(max_examples=150)
@given(
    name=NAME,
    aliases=st.lists(NAME, max_size=3),
    emails=st.lists(NAME, max_size=3),
    phones=st.lists(NAME, max_size=3),
    tags=st.lists(TAG, max_size=3, unique=True),
    company=st.none() | NAME,
    birthday=st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    yearless=st.booleans(),
    met=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    archived=st.booleans(),
    uid=st.none() | NAME,
)
def test_contacts_written_by_netvault_read_back(
    name: str,
    aliases: list[str],
    emails: list[str],
    phones: list[str],
    tags: list[str],
    company: str | None,
    birthday: dt.date | None,
    yearless: bool,
    met: dt.date | None,
    archived: bool,
    uid: str | None,
) -> None:
    born = None
    if birthday is not None:
        born = Birthday(birthday.month, birthday.day, None if yearless else birthday.year)
    fields = {
        "name": name,
        "aliases": aliases,
        "email": emails,
        "phone": phones,
        "tags": tags,
        "company": company,
        "birthday": born,
        "met": met,
        "archived": archived,
        "uid": uid,
    }
    text = render_contact(fields, "Met at a conference.")
    document, problems = parse_document(text, "people/x.md")
    body = scan_body(document.body, document.body_line)
    contact, field_problems = read_contact(document, body, "people/x.md", Settings())
    assert problems + field_problems == []
    assert contact.name == unicodedata.normalize("NFC", name)
    assert contact.aliases == tuple(aliases)
    assert contact.emails == tuple(emails)
    assert contact.phones == tuple(phones)
    assert contact.tags == normalise_tags(tags)
    assert contact.company == company
    assert contact.birthday == born
    assert contact.met == met
    assert contact.archived is archived
    assert [(e.key, e.value) for e in contact.extra] == ([("uid", uid)] if uid else [])
    assert body.text.strip() == "Met at a conference."


def test_note_reads_back() -> None:
    text = render_note(
        {
            "date": dt.date(2026, 5, 2),
            "with": [wikilink("Ada Lovelace"), wikilink("Bob")],
            "type": "coffee",
            "summary": "Talked: plans #2",
            "gave": ["an intro"],
            "asked": [],
            "follow_up": dt.date(2026, 6, 1),
            "next_action": "send the deck",
        }
    )
    document, problems = parse_document(text, "notes/x.md")
    note, field_problems = read_note(
        document, Body(line=document.body_line), "notes/x.md", Settings()
    )
    assert problems + field_problems == []
    assert [link.target for link in note.with_] == ["Ada Lovelace", "Bob"]
    assert (note.date, note.type, note.summary) == (
        dt.date(2026, 5, 2),
        "coffee",
        "Talked: plans #2",
    )
    assert (note.gave, note.asked, note.follow_up) == (("an intro",), (), dt.date(2026, 6, 1))


def test_written_vault_passes_check(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    (vault / "people").mkdir(parents=True)
    (vault / "notes").mkdir()
    for name, extra in [("Ada Lovelace", {"tier": "A"}), ("no", {"company": "yes"})]:
        fields: dict[str, FieldValue] = {"name": name, "email": [f"{person_slug(name)}@x.example"]}
        fields.update(extra)
        (vault / "people" / f"{person_slug(name)}.md").write_text(
            render_contact(fields, ""),
            encoding="utf-8",
        )
    (vault / "notes" / "2026-05-02-coffee.md").write_text(
        render_note(
            {"date": dt.date(2026, 5, 2), "with": [wikilink("Ada Lovelace"), wikilink("no")]}
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["check", str(vault), "--strict", "--today", "2026-05-03"])
    assert result.exit_code == 0, result.output
    assert "2 contacts, 1 note: 0 errors, 0 warnings" in result.output


def test_person_slug_drops_emoji_badges() -> None:
    assert person_slug("Benedikt Hoffmann 🔸") == "benedikt-hoffmann"
    assert person_slug("Siobhán O'Brien") == "siobhan-o-brien"


def test_unique_slug_counts_up_case_insensitively() -> None:
    assert unique_slug("ada", ["Ada", "ADA-2", "bob"]) == "ada-3"
    assert unique_slug("ada", []) == "ada"
