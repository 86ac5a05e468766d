"""Link syntax: find_links, parse_reference, normalise_target, code masking."""

from __future__ import annotations

import re

import pytest

from netvault.links import (
    MASK,
    code_spans,
    find_links,
    mask_code,
    normalise_target,
    parse_reference,
)
from netvault.model import Link
from netvault.render.markdown import code_block_lines


def wiki(
    target: str,
    line: int,
    col: int,
    label: str | None = None,
    heading: str | None = None,
    embed: bool = False,
) -> Link:
    return Link(target, line, col, label=label, heading=heading, embed=embed, kind="wiki")


def md(
    target: str,
    line: int,
    col: int,
    label: str | None = None,
    heading: str | None = None,
    embed: bool = False,
) -> Link:
    return Link(target, line, col, label=label, heading=heading, embed=embed, kind="markdown")


# --- find_links: wikilinks -------------------------------------------------------------


def test_wikilink_forms_with_line_and_column() -> None:
    text = (
        "Met [[Ada Lovelace]] and [[ada-lovelace|Ada]].\nSee [[Ada#Work]], [[Ada#Work|her work]]."
    )
    assert find_links(text, 5) == (
        wiki("Ada Lovelace", 5, 5),
        wiki("ada-lovelace", 5, 26, label="Ada"),
        wiki("Ada", 6, 5, heading="Work"),
        wiki("Ada", 6, 19, heading="Work", label="her work"),
    )


def test_embed_column_points_at_the_bang() -> None:
    assert find_links("x ![[photo.png]] y ![[scan.pdf|200]]", 1) == (
        wiki("photo.png", 1, 3, embed=True),
        wiki("scan.pdf", 1, 20, embed=True, label="200"),
    )


def test_whitespace_inside_brackets_is_stripped() -> None:
    assert find_links("[[  Ada  #  Work |  A  ]]", 1) == (
        wiki("Ada", 1, 1, heading="Work", label="A"),
    )


def test_empty_and_heading_only_targets() -> None:
    # `[[]]` and `[[ ]]` are nothing; `[[#Heading]]` is a same-note link with target "".
    assert find_links("[[]] [[ ]] [[|x]] [[#Plans]]", 3) == (wiki("", 3, 19, heading="Plans"),)


def test_escaped_brackets_are_text_but_escaped_backslash_is_not() -> None:
    text = r"\[[no]] \\[[yes]] \![[not-embed]]"
    assert find_links(text, 1) == (
        wiki("yes", 1, 11),
        wiki("not-embed", 1, 21),  # the column moves to the `[` when `!` is escaped
    )


def test_table_escaped_pipe_separates_the_label() -> None:
    assert find_links(r"| [[Ada Lovelace\|Ada]] | x |", 1) == (
        wiki("Ada Lovelace", 1, 3, label="Ada"),
    )


def test_brackets_inside_target_are_not_a_link() -> None:
    assert find_links("[[a [b] c]] [[ok]]", 1) == (wiki("ok", 1, 13),)


def test_wikilink_does_not_span_lines() -> None:
    assert find_links("[[Ada\nLovelace]]", 1) == ()


def test_code_span_in_wikilink_label_keeps_the_link() -> None:
    assert find_links("see [[Functions#hasTag|`hasTag`]]", 1) == (
        wiki("Functions", 1, 5, heading="hasTag", label="`hasTag`"),
    )


# --- find_links: Markdown links --------------------------------------------------------


def test_markdown_links_to_files_decoded() -> None:
    text = "[note](My%20Note.md) and [sec](other.md#Part%202) ![alt](img/photo.png)"
    assert find_links(text, 2) == (
        md("My Note.md", 2, 1, label="note"),
        md("other.md", 2, 26, label="sec", heading="Part 2"),
        md("img/photo.png", 2, 51, label="alt", embed=True),
    )


def test_markdown_links_with_scheme_are_not_vault_links() -> None:
    text = (
        "[w](https://example.com/a.md) [m](mailto:a@b.c) [j](javascript:alert(1)) "
        "[p](//host/x.md) [e]() [h](#same-note)"
    )
    assert find_links(text, 1) == (md("", 1, 97, label="h", heading="same-note"),)


def test_entities_in_a_destination_are_decoded_as_commonmark_does() -> None:
    """`&#106;avascript:` is `javascript:` to the renderer (BAD-INPUTS 19): no vault link,
    so no "unresolved link (&)" warning; `&amp;` in a file name is an ampersand."""
    text = "[b](&#106;avascript:alert(1)) [d](&#x6A;avascript:x) [c](Tom%20&amp;%20Jerry.md)"
    assert find_links(text, 1) == (md("Tom & Jerry.md", 1, 54, label="c"),)
    # only entities closed by `;`, as CommonMark: HTML's old `&not` and `&copy` stay text
    text = r"[m](meetings&notes.md) [c](a&copy.md) [e](a\_b.md)"
    assert find_links(text, 1) == (
        md("meetings&notes.md", 1, 1, label="m"),
        md("a&copy.md", 1, 24, label="c"),
        md("a_b.md", 1, 39, label="e"),  # a backslash escape, as CommonMark reads it
    )


def test_markdown_link_angle_brackets_title_and_parentheses() -> None:
    text = '[a](<My Note.md>) [b](b.md "Title") [c](c_(1).md)'
    assert find_links(text, 1) == (
        md("My Note.md", 1, 1, label="a"),
        md("b.md", 1, 19, label="b"),
        md("c_(1).md", 1, 37, label="c"),
    )


def test_markdown_link_empty_label_is_none_and_escape_is_text() -> None:
    assert find_links(r"[](x.md) \[no](y.md)", 1) == (md("x.md", 1, 1),)


def test_links_come_in_text_order_across_kinds() -> None:
    links = find_links("[m](m.md) [[w]] ![i](i.png) ![[e]]", 1)
    assert [(link.col, link.kind, link.embed) for link in links] == [
        (1, "markdown", False),
        (11, "wiki", False),
        (17, "markdown", True),
        (29, "wiki", True),
    ]


# --- code is not content ---------------------------------------------------------------


def test_inline_code_spans_are_skipped() -> None:
    text = "`[[a]]` ``x [[b]] ` y`` [[c]] `unclosed [[d]]"
    assert [link.target for link in find_links(text, 1)] == ["c", "d"]


def test_code_span_may_cross_lines_within_a_paragraph() -> None:
    text = "start `code\n[[hidden]]` [[shown]]\n\n`stray\n\n[[after-blank]]`"
    assert [(link.target, link.line) for link in find_links(text, 1)] == [
        ("shown", 2),
        ("after-blank", 6),
    ]


@pytest.mark.parametrize(
    "fence",
    [
        "```\n[[no]]\n```",
        "~~~python\n[[no]]\n~~~",
        "````\n[[no]]\n```\n[[no]]\n````",  # a shorter fence does not close a longer one
        "   ```\n[[no]]\n   ```",
        "> ```\n> [[no]]\n> ```",
        "- item\n    ```\n    [[no]]\n    ```",
        "```\n[[no]]",  # unclosed: runs to the end
        "~~~\n```\n[[no]]\n~~~",
    ],
)
def test_fenced_code_is_skipped(fence: str) -> None:
    text = f"[[before]]\n{fence}\n[[after]]"
    expected = ["before"] if fence.endswith("[[no]]") else ["before", "after"]
    assert [link.target for link in find_links(text, 1)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("para\n\n    [[no]]\n\n[[after]]", ["after"]),  # indented code after a blank line
        ("# Heading\n    [[no]]", []),  # ... or after a heading
        ("\t[[no]] tab-indented\n[[after]]", ["after"]),
        ("para\n    [[yes]] lazy continuation", ["yes"]),  # cannot interrupt a paragraph
        ("- item\n    - [[yes]] nested item", ["yes"]),
        ("- [ ] task\n    - [ ] [[yes]] nested task", ["yes"]),
        ("- item\n\n    [[yes]] in the item", ["yes"]),
        ("- item\n\n      [[no]] code in the item", []),
        ("    ```\n[[yes]]", ["yes"]),  # a fence in an indented code block is only text
        ("> quote\n>\n>     [[no]]\n\n[[after]]", ["after"]),
        ("[^1]: note\n    [[yes]] continued", ["yes"]),  # a footnote's continuation
        ("| a | b |\n|---|---|\n| c | d |\n    [[no]]", []),  # after a table
        ("Title\n=====\n    [[no]]", []),  # after a setext underline
        ("```\nx\n```\n    [[no]]", []),  # after a fence
        ("***\n    [[no]]", []),  # after a rule
        ("- a\n-     [[no]]", []),  # a list item that starts with code, after anything
        ("para\n-     [[no]]", []),
        ("1) x\n2)     [[no]]", []),
        ("- x\n  -     [[no]]", []),
        ("- [ ] a\n- [ ]     [[yes]] spaced task text", ["yes"]),
    ],
)
def test_indented_code_is_skipped(body: str, expected: list[str]) -> None:
    """Lines markdown-it renders as code hold no links; lines it renders as text do, however
    they are indented. The expectations are checked against the site's own parser too."""
    code = {line for first, end in code_block_lines(body) for line in range(first, end)}
    lines = body.split("\n")
    by_the_site = [
        target
        for number, line in enumerate(lines)
        if number not in code
        for target in re.findall(r"\[\[(\w+)\]\]", line)
    ]
    assert by_the_site == expected
    assert [link.target for link in find_links(body, 1)] == expected


def test_line_numbers_after_a_fence() -> None:
    text = "a\n```\n[[x]]\n```\nb [[y]]"
    assert find_links(text, 10) == (wiki("y", 14, 3),)


def test_backticks_with_info_backtick_are_not_a_fence() -> None:
    # "```a```" on one line is inline code, so the next line is prose.
    assert [link.target for link in find_links("```a```\n[[yes]]", 1)] == ["yes"]


def test_code_spans_follow_commonmark_run_lengths() -> None:
    text = "a ``b ` c`` d `e`"
    assert code_spans(text) == [(2, 11), (14, 17)]
    assert code_spans(r"\`a` `b`") == [(3, 6)]  # `\`` is literal, then "` `" is code


def test_mask_code_keeps_length_and_lines() -> None:
    text = "a `b\nc` d\n```\nx\n```\ne"
    masked = mask_code(text)
    assert len(masked) == len(text)
    assert masked.split("\n") == ["a " + MASK * 2, MASK * 2 + " d", MASK * 3, MASK, MASK * 3, "e"]


# --- robustness ------------------------------------------------------------------------


def test_hundred_kilobyte_line_of_links() -> None:
    line = "[[a]] [b](b.md) " * 6250
    links = find_links(line, 1)
    assert len(line) == 100_000
    assert len(links) == 12_500
    assert links[-1] == md("b.md", 1, 99_991, label="b")


@pytest.mark.parametrize(
    "hostile",
    ["[" * 100_000, "\\[" * 50_000, "[a](" * 25_000, "[[a" * 33_000, "`" + " ``" * 30_000],
)
def test_hostile_lines_find_nothing(hostile: str) -> None:
    assert find_links(hostile, 1) == ()


# --- parse_reference -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[Ada Lovelace]]", wiki("Ada Lovelace", 4, 8)),
        ("  [[ada-lovelace|Ada]] ", wiki("ada-lovelace", 4, 8, label="Ada")),
        ("[[Ada#Work]]", wiki("Ada", 4, 8, heading="Work")),
        ("@[[Ada]]", wiki("Ada", 4, 8)),
        ("@Ada Lovelace", Link("Ada Lovelace", 4, 8, kind="plain")),
        (" Ada Lovelace ", Link("Ada Lovelace", 4, 8, kind="plain")),
        ("[[Ada]] (host)", wiki("Ada", 4, 8)),
        ("[Ada](people/ada.md)", md("people/ada.md", 4, 8, label="Ada")),
        ("[[]]", Link("[[]]", 4, 8, kind="plain")),
        ("", Link("", 4, 8, kind="plain")),
    ],
)
def test_parse_reference(text: str, expected: Link) -> None:
    assert parse_reference(text, 4, 8) == expected


# --- normalise_target ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("Ada Lovelace", "ada lovelace"),
        ("  Ada   Lovelace.MD ", "ada lovelace"),
        ("people\\Ada.md", "people/ada"),
        ("Cafe\u0301", "café"),  # NFD in, NFC out
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # casefold, not lower
        ("notes.md.md", "notes.md"),
        ("a\tb\nc", "a b c"),
    ],
)
def test_normalise_target(target: str, expected: str) -> None:
    assert normalise_target(target) == expected
