"""The Markdown fast path (render/markdown_fast.py) writes what markdown-it writes, or
declines: checked on chosen bodies, on random ones, and on a generated vault's notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from generated import generated_vault
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.render.markdown import LinkTarget, render_markdown
from netvault.render.markdown_fast import simple_html, wikilink_meta

REPO = Path(__file__).resolve().parent.parent


def resolve(target: str, heading: str | None, embed: bool) -> LinkTarget:
    """Every kind of answer a vault gives, chosen by the target's first letter."""
    del embed
    anchor = f"#h-{heading}" if heading else ""
    first = target[:1].lower()
    if first in "abcdefgh":
        return LinkTarget(f"../people/{len(target)}.html{anchor}", f"P {target} & co", "person")
    if first in "ijklm":
        return LinkTarget(f"../notes/{len(target)}.html{anchor}", None, "note")
    if first in "nop":
        return LinkTarget(None, None, "outside")
    if first == "q":
        return LinkTarget("https://example.com/?a=1&b=2", None, "file")
    return LinkTarget(None, None, "unresolved")


def both(text: str) -> tuple[str | None, str]:
    """(fast path's HTML or None when it declines, markdown-it's HTML)."""
    slow = render_markdown(text, resolve, fast=False).html
    fast = simple_html(text, lambda meta: "\0")  # declines or not, whatever the links
    return (render_markdown(text, resolve).html if fast is not None else None), slow


SIMPLE = [
    "Plain words.",
    'A & b "quoted" it\'s 5% of $3 (maybe) #tag, ok! Really?',
    "[[Ada]] starts the line\nand [[ida|Ida's note]] ends it [[zed]]",
    "[[bob#Work]] [[#Here]] [[ ada ]] [[oslo]] [[q.pdf]]",
    "#university #engineering\n\nNext paragraph.",
    "- [ ] Write to [[Ada]] due: 2023-12-18\n- [x] done\n- [X] Done too 📅 2026-01-01",
    "Before.\n\n- [ ] one\n\nAfter.\n\n- [x] two",
    "\n\n  \nSpaced   out    words.\n\n\n",
    "Ünïcödé — ‘quotes’ «guillemets» 日本語 the end.",
]

DECLINED = [
    "# Heading",
    "#",
    "## Two",
    "Some *emphasis*.",
    "snake_case",
    "`code`",
    "a \\ b",
    "<b>x</b>",
    "5 > 3",
    "a | b",
    "~~gone~~",
    "&amp; entity",
    "&#169;",
    "![[pic.png]]",
    "[link](x.md)",
    "[x]",
    "[[a]]]",
    "[[]]",
    "[[|x]]",
    "^[inline note]",
    "a ^[[ada]] b",
    "> quote",
    "- plain item",
    "* star",
    "+ plus",
    "1. one",
    "2) two",
    "---",
    "Title\n===",
    "Title\n---",
    "    indented code",
    " leading space",
    "trailing space ",
    "tab\there",
    "- [ ] a\n\n- [ ] b",
    "- [ ] a\nlazy line",
    "para\n- [ ] interrupts",
    "- [ ]",
    "- [ ]  two spaces",
    ": colon",
    "line\r\nending",
    "nul\x00char",
    "a {b}",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_bodies_take_the_fast_path_and_match_markdown_it(text: str) -> None:
    fast, slow = both(text)
    assert fast is not None
    assert fast == slow


@pytest.mark.parametrize("text", DECLINED)
def test_anything_more_than_words_and_wikilinks_is_declined(text: str) -> None:
    assert simple_html(text, lambda meta: "") is None


def test_links_are_resolved_only_when_the_whole_body_is_simple() -> None:
    seen: list[dict[str, object]] = []

    def record(meta: dict[str, object]) -> str:
        seen.append(meta)
        return ""

    assert simple_html("[[ada]] first\n\n*then emphasis*", record) is None
    assert seen == []
    html = simple_html("[[ada]] and [[bob|B]]", lambda meta: f"<{meta['target']}>")
    assert html == "<p><ada> and <bob></p>\n"


def test_wikilink_meta_reads_target_heading_label() -> None:
    assert wikilink_meta(" Ada # Work | the boss ", False) == {
        "target": "Ada",
        "heading": "Work",
        "label": "the boss",
        "embed": False,
    }
    assert wikilink_meta("#Here", True) == {
        "target": "",
        "heading": "Here",
        "label": None,
        "embed": True,
    }
    assert wikilink_meta(" | x", False) is None


LINE_STARTS = [
    "", "", "", "", "", "", "", "", "", "", "- [ ] ", "- [ ] ", "- [x] ", "- [ ] ", "- [x] ",
    "- [X] ", "- ", "* ", "+ ", "# ", "## ", "#", "#tag ",
    "1. ", "2) ", "> ", "=", "===", "---", "- - -", "    ", " ", "\t", ": ", "| ", "[[ada]] ",
    "[^1]: ", "[x]: /u ", "![[pic]] ", "```", "~~~",
]  # fmt: skip
SAFE_WORDS = [
    "word", "Ada", "two words", "[[ada]]", "[[ida|Label]]", "[[nop]]", "[[zed#Part]]",
    "[[q.pdf]]", "[[ #Here ]]", "#tag", "it's", "\"q\"", "&", "a & b", "!", "(x)", "5%",
    "é", "日本", "\u00a0", "\u2028", " ", "  ",
]  # fmt: skip
RISKY_WORDS = [
    "&amp;", "*", "_", "`", "\\", "<", ">", "|", "~~", "^", "[", "]", "{", "}", "\t", "\r",
    "[[", "]]", "![[ada]]", "^[[ada]]", "[x](y)", "<http://x>", "**b**", "[[a]]]",
    "https://x.example/a", "ada@x.example", "mailto:b@x.example", "//x.example",
]  # fmt: skip
# Mostly plain words, so that many bodies are simple and the comparison means something.
WORDS = SAFE_WORDS * 6 + RISKY_WORDS
LINE = st.tuples(
    st.sampled_from(LINE_STARTS), st.lists(st.sampled_from(WORDS), min_size=1, max_size=6)
).map(lambda parts: parts[0] + " ".join(parts[1]))
BODY = st.lists(
    st.tuples(LINE, st.sampled_from(["\n", "\n", "\n\n", "\n \n", " \n"])), max_size=8
).map(lambda lines: "".join(line + end for line, end in lines))


@settings(max_examples=1000, deadline=None)
@given(BODY)
def test_random_bodies_render_as_markdown_it_renders_them(text: str) -> None:
    fast, slow = both(text)
    if fast is not None:
        assert fast == slow


def test_a_generated_vault_renders_the_same_both_ways(tmp_path: Path) -> None:
    generated_vault(tmp_path / "vault", 40, 150, 7)
    bodies = [
        path.read_text("utf-8").split("\n---\n", 1)[1]
        for path in sorted((tmp_path / "vault").rglob("*.md"))
    ]
    fast = 0
    for body in bodies:
        quick, slow = both(body)
        if quick is not None:
            fast += 1
            assert quick == slow
    assert len(bodies) == 190 and fast == len(bodies)
