"""The fast readers of front matter must agree with the strict reader, entry for entry.

`read_yaml(..., fast=True)` takes `simple_entries` (line by line, no YAML) or `plain_entries`
(libyaml's node tree) when one vouches for the text, else the strict event-by-event reader.
Whatever the input, each fast reader either declines or gives what the strict reader gives.
"""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.front_matter import Entry, decode, plain_entries, read_yaml, simple_entries
from netvault.problems import Problem
from tests.conftest import REALWORLD, REPO

PATH = "notes/x.md"


def both_ways(text: str) -> tuple[tuple[Entry, ...], list[Problem]]:
    strict = read_yaml(text, PATH, fast=False)
    assert read_yaml(text, PATH, fast=True) == strict
    for reader in (simple_entries, plain_entries):
        entries = reader(text)
        assert entries is None or (entries, []) == strict, reader.__name__
    return strict


# --- plain front matter takes the fast path, with the strict reader's positions -------------


def test_simple_lines_are_read_without_yaml() -> None:
    text = (
        "date: 2023-12-03\n"
        "with: [\"[[Ada Lovelace]]\", '[[高橋 蓮]]', plain words ]\n"
        "\n"
        "company: Lumen & Co.\n"
        "note:\n"
        "zip: 01234\n"
        "summary: \"Coffee: #1, 'ok'\"\n"
        "tags: [ ]\n"
        "lang: C#\n"
    )
    entries = simple_entries(text)
    assert entries == (
        Entry("date", "2023-12-03", 2, 1, 2, 7),
        Entry(
            "with",
            ["[[Ada Lovelace]]", "[[高橋 蓮]]", "plain words"],
            *(3, 1, 3, 7),
            ((3, 8), (3, 28), (3, 40)),  # where each item starts
        ),
        Entry("company", "Lumen & Co.", 5, 1, 5, 10),
        Entry("note", None, 6, 1, 6, 6),
        Entry("zip", "01234", 7, 1, 7, 6),
        Entry("summary", "Coffee: #1, 'ok'", 8, 1, 8, 10),
        Entry("tags", [], 9, 1, 9, 7),
        Entry("lang", "C#", 10, 1, 10, 7),
    )
    assert both_ways(text) == (entries, [])


@pytest.mark.parametrize(
    "line",
    [
        "tags:\n  - a",  # a block list
        "a: b #c",  # a comment
        "a: b: c",  # a second `: `
        "a: b:",
        "a:  b",  # two spaces
        "a: b ",  # a trailing space
        'a: "b\\n"',  # an escape
        "a: 'it''s'",  # a quote in single quotes
        "a: [b, ]",  # an empty item
        "a: [b] c",
        "a: [C#]",  # a `#` in a list item
        "a: [x: y]",  # a mapping in a list
        "a: {b: c}",
        "a: -1",  # starts with an indicator
        "a: |",
        "a:\tb",
        "# a comment",
        "no: x",  # a key YAML reads as false
        "a: 1\na: 2",  # duplicate key
        "a: x\u2028y",
        "\ufeffa: b",
    ],
)
def test_anything_not_simple_is_left_to_the_other_readers(line: str) -> None:
    assert simple_entries(line + "\n") is None
    both_ways(line + "\n")


def test_typical_note_is_read_fast_with_lines_and_columns() -> None:
    text = (
        "date: 2023-12-03\n"
        'with: ["[[Ada Lovelace]]", "[[高橋 蓮]]"]\n'
        "company: Lumen & Co.\n"
        "tags:\n"
        "  - music\n"
        "  - C#\n"
        "note:\n"
        "zip: 01234\n"
    )
    entries = plain_entries(text)
    assert entries == (
        Entry("date", "2023-12-03", 2, 1, 2, 7),
        Entry("with", ["[[Ada Lovelace]]", "[[高橋 蓮]]"], 3, 1, 3, 7, ((3, 8), (3, 28))),
        Entry("company", "Lumen & Co.", 4, 1, 4, 10),
        Entry("tags", ["music", "C#"], 5, 1, 6, 3, ((6, 5), (7, 5))),
        Entry("note", None, 8, 1, 8, 6),
        Entry("zip", "01234", 9, 1, 9, 6),
    )
    assert both_ways(text) == (entries, [])


def test_empty_and_quoted_empty_values_differ() -> None:
    entries = plain_entries("a:\nb: ''\nc: [x, '', ]\n")
    assert entries is not None
    assert [entry.value for entry in entries] == [None, "", ["x", ""]]


def test_columns_count_characters_not_bytes() -> None:
    text = "{é漢😀: x, b: [y]}\n"
    entries = plain_entries(text)
    assert entries == (Entry("é漢😀", "x", 2, 2, 2, 7), Entry("b", ["y"], 2, 10, 2, 13, ((2, 14),)))
    assert both_ways(text) == (entries, [])


@pytest.mark.parametrize("text", ["? >", "a: |", "a: x", "a:", "- x"])
def test_positions_agree_without_a_final_newline(text: str) -> None:
    # libyaml ends the last line itself at the end of the text; positions come from offsets.
    both_ways(text)


def test_empty_front_matter_is_no_entries() -> None:
    assert plain_entries("") == ()
    assert plain_entries("\n\n") == ()


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # duplicate key
        "w:\n  x: 1\n  x: 2\n",  # duplicate nested key
        "no: x\n",  # a key YAML reads as false
        "1: x\n",  # a key YAML reads as a number
        "<<: {a: b}\n",  # merge key
        "[a]: x\n",  # a list as a key
        "a: &x 1\n",  # anchor
        "a: *x\n",  # alias
        "a: !!str 1\n",  # tag
        "a: ! x\n",  # the non-specific tag
        "a: Acme #1\n",  # comment that cuts a value
        "a: #tag\n",  # comment instead of a value
        "- a\n- b\n",  # not a mapping
        "just text\n",  # not a mapping
        "a: 'open\n",  # syntax error
        "a:\n\t- b\n",  # tab indentation
        "a: x\u2028y\n",  # a line break libyaml counts and editors do not
        "a: x\ry\n",  # a carriage return (the loader normalises them away)
        "a: " + "[" * 60 + "]" * 60 + "\n",  # nested too deep
        "a: " + "[" * 1200 + "]" * 1200 + "\n",  # too many marks to let libyaml recurse
    ],
)
def test_anything_unusual_goes_to_the_strict_reader(text: str) -> None:
    assert plain_entries(text) is None
    both_ways(text)


def test_problems_still_come_from_the_strict_reader() -> None:
    entries, problems = both_ways("name: Ada\nname: Bob\n")
    assert [entry.value for entry in entries] == ["Ada"]
    assert [(p.line, p.severity) for p in problems] == [(3, "error")]
    assert problems[0].message == "duplicate key 'name' (first at line 2)"


# --- generated front matter: both readers agree ------------------------------------------------

_KEYS = st.sampled_from(
    ["name", "tags", "with", "a b", "ключ", "no", "01", "~", "12:30", "<<", "=", "", "'q'",
     '"x y"', "!t k", "&a k", "*a", "? k", "k#", "[k]", "{k: v}", "null", "1e3", "-k"]
)  # fmt: skip
_SCALARS = st.sampled_from(
    ["", "Ada", "no", "01234", "a #b", "#tag", "C#", "Lumen & Co.", "&a x", "*a", "!x y",
     "Hi!", "'q'", "''", '"dq"', '""', '"bad', "[a, b]", "[a, [b, c]]", "[a, '']", "{a: b}",
     "{a: b, a: c}", "[[X]]", '"[[X|Y]]"', "a: b", "2024-01-01", "x\u2028y", "x\x85y", "- a",
     "|", ">-", "~", "null", "?", ": x", "a\tb", "[", "]", "{", '"a\\qb"', "é 漢 😀", "x,y",
     "- [a]", "[a: b]", "{a, b}", "a - b", "a:b", "--- x", "...", "% x", "@x", "`x`"]
)  # fmt: skip
_INDENTS = st.sampled_from(["", "", "", "  ", "  ", "    ", " ", "\t", "  \t"])
_SEPARATORS = st.sampled_from([": ", ": ", ":", ":  ", ": \t", " : "])
_LINES = st.one_of(
    st.builds(lambda i, k, s, v: f"{i}{k}{s}{v}", _INDENTS, _KEYS, _SEPARATORS, _SCALARS),
    st.builds(lambda i, v: f"{i}- {v}", _INDENTS, _SCALARS),
    st.builds(lambda i, k: f"{i}- {k}: ", _INDENTS, _KEYS),
    st.builds(lambda i: f"{i}# a comment", _INDENTS),
    st.builds(lambda i, v: f"{i}  {v}", _INDENTS, _SCALARS),  # a continuation line
    st.just(""),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_LINES, max_size=10))
def test_generated_front_matter_reads_the_same_both_ways(lines: list[str]) -> None:
    both_ways("".join(line + "\n" for line in lines))


# Mostly plain pieces, so that most examples take the fast path and compare real entries.
_PLAIN_LINES = st.builds(
    lambda i, k, s, v: f"{i}{k}{s}{v}",
    st.sampled_from(["", "", "  ", "    ", "  - ", "- "]),
    st.sampled_from(["name", "tags", "with", "a b", "ключ", "'q'", '"no"', "k#", "x"]),
    st.sampled_from([": ", ":"]),
    st.sampled_from(
        ["", "Ada", "no", "01234", "C#", "Lumen & Co.", "Hi!", "''", '"dq"', "[a, b]",
         "[a, [b, c]]", "{a: b}", '"[[X|Y]]"', "2024-01-01", "é 漢 😀", "x,y", "a - b", "a:b"]
    ),
)  # fmt: skip


# Top-level `key: value` lines, simple or nearly so, for `simple_entries`: mostly simple, so
# that many examples are read by it, with a fair share of near misses.
_SIMPLE_VALUES = st.sampled_from(
    ["", "Ada", "01234", "C#", "Lumen & Co.", "...", "~", "=", "+44 1", ".5", "(a)", "a'b", 'a"b',
     "a\\b", "`x`", "a :b", "\u00a0x\u00a0", "[]", "[ ]", "[a]", "[a,b]", "[ a , 'b c' , \"d, e\" ]",
     "[a b]", "[a'b]", "['']", '[""]', "''", '""', "é 漢 😀", "2024-01-01", '"[[X|Y]]"', "yes", "null"]
)  # fmt: skip
_NEAR_MISSES = st.sampled_from(
    ["a #b", "a: b", "b:", "x ", "[a, ]", "[,]", "[C#]", "[-a]", "[a:b]", "'a''b'", '"a\\"b"',
     "'a'b'", "\"x\" y", "[x] y", "-x", "?x", "%x", "@x", "|", ">", "!x", "&x", "*x", "{a: b}"]
)  # fmt: skip
_SIMPLE_LINES = st.builds(
    lambda k, s, v: f"{k}{s}{v}" if v else f"{k}:",
    st.one_of(
        st.from_regex(r"[a-z_][a-z0-9_-]{0,7}", fullmatch=True),
        st.sampled_from(["no", "Yes", "null", "é", "1", "a b", "on", "<<"]),
    ),
    st.sampled_from([": "] * 8 + [":", ":  "]),
    st.one_of(
        *[_SIMPLE_VALUES] * 8,
        _NEAR_MISSES,
        st.text(st.sampled_from(list("ab :#,'\"[]-")), max_size=8),
    ),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(_SIMPLE_LINES, _SIMPLE_LINES, st.just("")), max_size=5))
def test_generated_simple_front_matter_reads_the_same_both_ways(lines: list[str]) -> None:
    both_ways("".join(line + "\n" for line in lines))


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PLAIN_LINES, max_size=8))
def test_generated_plain_front_matter_reads_the_same_both_ways(lines: list[str]) -> None:
    both_ways("".join(line + "\n" for line in lines))


@settings(max_examples=1500, deadline=None)
@given(st.text(st.sampled_from(list("ab1 :-#&*!?[]{},'\"|>\n\t\r~.é")), max_size=60))
def test_random_yaml_characters_read_the_same_both_ways(text: str) -> None:
    both_ways(text)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,8}", fullmatch=True),
        st.recursive(
            st.text(st.characters(codec="utf-8"), max_size=10),
            lambda inner: st.lists(inner, max_size=3),
            max_leaves=5,
        ),
        max_size=6,
    )
)
def test_dumped_mappings_read_the_same_both_ways(mapping: dict[str, object]) -> None:
    both_ways(yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False, width=10**6))


# --- every real front matter we have -----------------------------------------------------------


def _front_matters() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for folder in (REALWORLD, REPO / "sample_vault"):
        for path in sorted(folder.rglob("*.md")):
            text, _ = decode(path.read_bytes(), str(path))
            lines = (text or "").split("\n")
            if lines[0].rstrip(" \t") != "---":
                continue
            closing = next(
                (i for i in range(1, len(lines)) if lines[i].rstrip(" \t") in ("---", "...")),
                None,
            )
            if closing is not None:
                found.append((str(path), "".join(line + "\n" for line in lines[1:closing])))
    return found


def test_every_real_front_matter_reads_the_same_both_ways() -> None:
    front_matters = _front_matters()
    assert len(front_matters) >= 60  # the sample vault alone has more
    fast = 0
    for path, text in front_matters:
        assert read_yaml(text, path, fast=True) == read_yaml(text, path, fast=False), path
        fast += plain_entries(text) is not None
    assert fast >= len(front_matters) * 0.9
