"""scan_body (heading, links, tasks, tags) and strip_markup."""

from __future__ import annotations

import datetime as dt

import pytest

from netvault.body import scan_body, strip_markup
from netvault.model import Link, Task

# --- heading ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("# Ada Lovelace\nbody", "Ada Lovelace"),
        ("intro\n\n## Sub\n# The *first* H1 #\n# Second", "The *first* H1"),
        ("   # Indented three", "Indented three"),
        ("    # Four spaces is code", None),
        ("#hashtag only\n#\n# \n# ###\n# C#", "C#"),
        ("```\n# In code\n```\n# Outside", "Outside"),
        ("> # Quoted\nSetext\n===", None),
        ("#\tTabbed", "Tabbed"),
        ("", None),
    ],
)
def test_heading(text: str, heading: str | None) -> None:
    assert scan_body(text, 1).heading == heading


def test_body_keeps_text_and_first_line() -> None:
    body = scan_body("hello [[Ada]]", 7)
    assert body.text == "hello [[Ada]]"
    assert body.line == 7
    assert body.links == (Link("Ada", 7, 7),)


# --- tasks -----------------------------------------------------------------------------


def test_task_forms_and_lines() -> None:
    text = "\n".join(
        [
            "Intro",
            "- [ ] call [[Ada]] 📅 2026-05-01",
            "* [x] sent the intro",
            "+ [X] done too",
            "1. [ ] numbered",
            "    - [ ] nested",
            "> - [ ] quoted",
            "12) [x] paren number",
        ]
    )
    body = scan_body(text, 20)
    assert [(t.line, t.text, t.done) for t in body.tasks] == [
        (21, "call [[Ada]] 📅 2026-05-01", False),
        (22, "sent the intro", True),
        (23, "done too", True),
        (24, "numbered", False),
        (25, "nested", False),
        (26, "quoted", False),
        (27, "paren number", True),
    ]
    assert body.tasks[0].links == (Link("Ada", 21, 12),)
    assert body.tasks[0].due == dt.date(2026, 5, 1)


@pytest.mark.parametrize(
    "line",
    [
        "[ ] no list marker",
        "> [ ] quote without list item",
        "- [-] cancelled is not a task",
        "- [] no space",
        "- [ ]",
        "- [ ]   ",
        "-[ ] no space after the marker",
        "- [ ]no space after the box",
        "text - [ ] in the middle",
        "1234567890. [ ] ten digits",
        "- > [ ] list then quote",
        "`- [ ] code`",
    ],
)
def test_not_tasks(line: str) -> None:
    assert scan_body(line, 1).tasks == ()


def test_tasks_in_fences_are_skipped() -> None:
    text = "```\n- [ ] in code\n```\n~~~~\n- [x] also code\n~~~~\n- [ ] real"
    assert scan_body(text, 1).tasks == (Task(line=7, text="real", done=False),)


def test_tasks_and_tags_in_indented_code_are_skipped() -> None:
    text = (
        "Text #real\n\n    - [ ] indented promise 📅 2026-11-10\n    - [x] touch [[Q]]\n"
        "    #codetag\n\n- item\n    - [ ] nested task"
    )
    body = scan_body(text, 5)
    assert body.tasks == (Task(line=12, text="nested task", done=False),)
    assert body.tags == ("real",)
    assert body.links == ()


@pytest.mark.parametrize(
    ("line", "due"),
    [
        ("- [ ] a 📅 2026-05-01", dt.date(2026, 5, 1)),
        ("- [ ] a 📅2026-05-01", dt.date(2026, 5, 1)),
        ("- [ ] a 📅\ufe0f 2026-05-01", dt.date(2026, 5, 1)),
        ("- [ ] a due: 2026-05-02", dt.date(2026, 5, 2)),
        ("- [ ] a Due:2026-05-02", dt.date(2026, 5, 2)),
        ("- [ ] a [due:: 2026-05-03]", dt.date(2026, 5, 3)),
        ("- [ ] a (due:: 2026-05-04)", dt.date(2026, 5, 4)),
        ("- [ ] bad due: 2026-02-30 then due: 2026-03-01", dt.date(2026, 3, 1)),
        ("- [ ] a due: 2026-02-30", None),
        ("- [ ] a due: 05/01/2026", None),
        ("- [ ] a overdue: 2026-05-01", None),
        ("- [ ] a 📅 2026-05-011", None),
        ("- [ ] a `due: 2026-05-01`", None),
        ("- [ ] no date", None),
    ],
)
def test_task_due(line: str, due: dt.date | None) -> None:
    (task,) = scan_body(line, 1).tasks
    assert task.due == due


def test_task_links_are_only_that_lines_links() -> None:
    text = "[[Before]]\n- [x] met [[Ada]] and [Bob](bob.md)\n[[After]]\n- [ ] nobody"
    first, second = scan_body(text, 1).tasks
    assert first.links == (Link("Ada", 2, 11), Link("bob.md", 2, 23, label="Bob", kind="markdown"))
    assert second.links == ()


def test_two_hundred_nested_markers() -> None:
    text = "\n".join(
        [
            "- " * 200 + "[ ] deep [[P]]",
            "> " * 200 + "- [x] deep quote",
            "  " * 200 + "* [ ] deep indent",
            "> " * 200 + "[ ] quote only",
            ("- " * 200 + "[]\n") * 50,
        ]
    )
    body = scan_body(text, 1)
    assert [(t.line, t.text, t.done) for t in body.tasks] == [
        (1, "deep [[P]]", False),
        (2, "deep quote", True),
        (3, "deep indent", False),
    ]
    assert body.tasks[0].links == (Link("P", 1, 410),)


# --- tags ------------------------------------------------------------------------------


def tags(text: str) -> tuple[str, ...]:
    return scan_body(text, 1).tags


def test_tags_basic_sorted_lowercased_deduplicated() -> None:
    assert tags("#Work and #work, #zeta; (#paren) #inbox/to-read #snake_case") == (
        "inbox/to-read",
        "paren",
        "snake_case",
        "work",
        "zeta",
    )


@pytest.mark.parametrize(
    "text",
    [
        "C# and F#",
        "a#b",
        "# Heading",
        "## Heading",
        "#123 and #2024-05",
        "https://example.com/page#frag",
        "https://example.com/#frag",
        "see www.example.com/x#frag",
        "<https://example.com/x?a=1&b=(#c)>",
        "[[Note#Heading]] and [[#Heading]]",
        "[x](note.md#part) [y](https://a.b/#frag)",
        "`#code` and ``#more code``",
        "```\n#fenced\n```",
        "&#39; and &#x2F;",
        "##double",
    ],
)
def test_not_tags(text: str) -> None:
    assert tags(text) == ()


def test_tag_stops_at_punctuation() -> None:
    assert tags("#end. #comma, #q? #colon: #dot.com #a!b") == (
        "a",
        "colon",
        "comma",
        "dot",
        "end",
        "q",
    )


def test_unicode_tags() -> None:
    # NFC and NFD spellings of café are the same tag; scripts with combining marks stay whole.
    assert tags("#café #cafe\u0301 #Éte #日本語 #हिन्दी") == ("café", "éte", "हिन्दी", "日本語")


def test_tags_at_line_starts_and_in_lists_and_quotes() -> None:
    assert tags("#first\n- #item\n> #quoted\n\t#tabbed") == ("first", "item", "quoted", "tabbed")


def test_tag_with_digits_and_letters() -> None:
    assert tags("#y1984 #1984 #2024q1 #_") == ("2024q1", "_", "y1984")


# --- whole bodies and size -------------------------------------------------------------


def test_realistic_body() -> None:
    text = (
        "# Coffee with [[Ada Lovelace|Ada]]\n"
        "\n"
        "Talked about #engines and `#notatag`.\n"
        "```python\n"
        "x = 1  # [[not-a-link]] #nope\n"
        "```\n"
        "- [ ] send [[Charles Babbage]] the notes 📅 2026-06-01 #followup\n"
        "- [x] thank ![[card.png]]\n"
    )
    body = scan_body(text, 5)
    assert body.heading == "Coffee with [[Ada Lovelace|Ada]]"
    assert [(link.target, link.line, link.col, link.embed) for link in body.links] == [
        ("Ada Lovelace", 5, 15, False),
        ("Charles Babbage", 11, 12, False),
        ("card.png", 12, 13, True),
    ]
    assert body.tags == ("engines", "followup")
    assert [(t.line, t.done, t.due) for t in body.tasks] == [
        (11, False, dt.date(2026, 6, 1)),
        (12, True, None),
    ]


def test_hundred_kilobyte_line() -> None:
    line = "x [[a]] #tag " * 7693
    body = scan_body(line + "\n- [ ] last [[b]]", 1)
    assert len(line) > 100_000
    assert len(body.links) == 7694
    assert body.tags == ("tag",)
    assert body.tasks == (Task(2, "last [[b]]", False, links=(Link("b", 2, 12),)),)


def test_five_megabyte_body_counts() -> None:
    chunk = (
        "An ordinary line of prose about a meeting, with nothing special in it at all.\n" * 8
        + "Met [[Ada]] about #work\n"
        + "- [ ] follow up due: 2026-01-02\n"
    )
    text = chunk * 7400
    body = scan_body(text, 1)
    assert len(text) > 5_000_000
    assert len(body.links) == 7400
    assert len(body.tasks) == 7400
    assert body.tasks[-1].line == 7400 * 10
    assert body.tags == ("work",)


@pytest.mark.parametrize(
    "hostile",
    [
        "#" * 100_000,
        " #" + "\u0301" * 100_000,
        "`\n" * 50_000,
        "www." * 25_000,
        "a" * 100_000 + "://x#y",
        "due:" * 25_000,
        "- " * 50_000 + "[",
    ],
)
def test_hostile_bodies_find_nothing(hostile: str) -> None:
    body = scan_body(hostile, 1)
    assert (body.heading, body.links, body.tasks, body.tags) == (None, (), (), ())


# --- strip_markup ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Coffee with [[Ada Lovelace|Ada]]", "Coffee with Ada"),
        ("Coffee with [[Ada Lovelace]]", "Coffee with Ada Lovelace"),
        ("About [[Ada#Work]] and [[#Plans]]", "About Ada and Plans"),
        ("See [the doc](https://x.com/a_(b)) now", "See the doc now"),
        ("![a photo](p.png)", "a photo"),
        ("**bold** and *em* and __strong__ and _em_", "bold and em and strong and em"),
        ("~~gone~~ ==marked==", "gone marked"),
        ("`code_with **stars**`", "code_with **stars**"),
        ("`` a `tick` ``", "a `tick`"),
        ("snake_case_name and 5 * 3", "snake_case_name and 5 * 3"),
        (r"\*not em\* and \[[no]]", "*not em* and [[no]]"),
        ("  many   spaces\nand lines ", "many spaces and lines"),
        ("<b>x</b> {{ 7*7 }}", "<b>x</b> {{ 77 }}"),
        ("", ""),
    ],
)
def test_strip_markup(text: str, plain: str) -> None:
    assert strip_markup(text) == plain


def test_an_impossible_task_date_is_kept_to_be_told() -> None:
    bad, good, both = scan_body(
        "- [ ] a 📅 2026-02-30\n- [ ] b 📅 2026-03-01\n- [ ] c due: 2026-02-30 due: 2026-03-02", 1
    ).tasks
    assert (bad.due, bad.bad_due) == (None, "2026-02-30")
    assert (good.due, good.bad_due) == (dt.date(2026, 3, 1), None)
    assert (both.due, both.bad_due) == (dt.date(2026, 3, 2), None)
