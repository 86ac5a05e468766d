"""Front matter: decoding, splitting, the strict YAML reader (BAD-INPUTS rows 1-9, 11-15)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.front_matter import (
    Document,
    Entry,
    Value,
    decode,
    flatten_text,
    parse_document,
)
from netvault.problems import Problem

PATH = "people/ada.md"


def parse(text: str) -> tuple[Document, list[Problem]]:
    return parse_document(text, PATH)


def values(document: Document) -> dict[str, Value]:
    return {entry.key: entry.value for entry in document.entries}


def where(problems: list[Problem]) -> list[tuple[str, int, int | None, str]]:
    return [(p.path, p.line, p.col, p.severity) for p in problems]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# --- the happy path and the split -------------------------------------------------------------


def test_entries_keep_text_order_and_positions() -> None:
    text = (
        "---\nname: Ada\ntags:\n  - math\n  # a comment\n  - 'poetry'\nnote:\n"
        'with: ["[[Bo]]",  x]\n---\n# Ada\n\nBody\n'
    )
    document, problems = parse(text)
    assert problems == []
    assert document.entries == (
        Entry("name", "Ada", 2, 1, 2, 7),
        Entry("tags", ["math", "poetry"], 3, 1, 4, 3, ((4, 5), (6, 5))),
        Entry("note", None, 7, 1, 7, 6),
        Entry("with", ["[[Bo]]", "x"], 8, 1, 8, 7, ((8, 8), (8, 19))),
    )
    assert document.body == "# Ada\n\nBody\n"
    assert document.body_line == 10
    assert document.has_front_matter and document.renderable


def test_nested_mappings_and_flow_collections_are_text() -> None:
    document, problems = parse("---\nwork:\n  company: Acme\n  years: [1, 2]\n---\n")
    assert problems == []
    assert values(document) == {"work": {"company": "Acme", "years": ["1", "2"]}}


@pytest.mark.parametrize("opening", ["---", "---  ", "---\t"])
@pytest.mark.parametrize("closing", ["---", "...", "--- "])
def test_delimiters_allow_trailing_spaces_and_dots(opening: str, closing: str) -> None:
    document, problems = parse(f"{opening}\nname: Ada\n{closing}\nbody\n")
    assert problems == []
    assert values(document) == {"name": "Ada"}
    assert (document.body, document.body_line) == ("body\n", 4)


@pytest.mark.parametrize("first", ["----", " ---", "--- x", "# Title"])
def test_first_line_must_be_exactly_three_dashes(first: str) -> None:
    text = f"{first}\nname: Ada\n---\n"
    document, problems = parse(text)
    assert problems == []
    assert not document.has_front_matter
    assert (document.entries, document.body, document.body_line) == ((), text, 1)


def test_front_matter_below_blank_lines_is_text_with_a_warning() -> None:
    # It was read as text without a word, and every field in it was lost.
    text = "\n \n---\nname: Ada\n---\nbody\n"
    document, problems = parse(text)
    assert not document.has_front_matter and document.body == text
    assert document.renderable  # the file is kept and shown, all of it as body
    assert [(p.line, p.severity) for p in problems] == [(3, "warning")]
    assert "must start on the first line" in problems[0].message
    fine = [
        "\n---\n",
        "\ntext\n---\nname: Ada\n---\n",
        "\n---\nrule: no closing\n",
        "\n---\n\nIntro [[Ada]]\n\nHeading\n---\ntext\n",  # a rule, then a setext heading
        "\n---\nA thought: more\n\n---\n",  # prose with a colon is no key
    ]
    for text in fine:
        document, problems = parse(text)
        assert (problems, document.renderable) == ([], True), text


def test_blank_lines_after_closing_line_keep_body_line_numbers() -> None:
    document, _ = parse("---\na: b\n---\n\n\nthird\n")
    assert document.body == "\n\nthird\n"
    assert document.body_line == 4


# --- rows 1, 2, 13: bytes to text ---------------------------------------------------------------


def test_row1_bom_is_dropped_and_lines_unchanged() -> None:
    text, problems = decode(b"\xef\xbb\xbf---\nname: Ada\n---\nHi\n", PATH)
    assert problems == []
    assert text == "---\nname: Ada\n---\nHi\n"
    document, problems = parse("\ufeff---\nname: Ada\n---\nHi\n")
    assert problems == []
    assert document.entries == (Entry("name", "Ada", 2, 1, 2, 7),)
    assert document.body_line == 4


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_row2_crlf_and_lone_cr_keep_line_numbers(newline: bytes) -> None:
    data = newline.join([b"---", b"name: Ada", b"", b"city: Paris", b"---", b"one", b"two", b""])
    text, problems = decode(data, PATH)
    assert problems == [] and text is not None
    assert "\r" not in text
    document, problems = parse(text)
    assert problems == []
    assert [(e.key, e.line) for e in document.entries] == [("name", 2), ("city", 4)]
    assert (document.body, document.body_line) == ("one\ntwo\n", 6)


def test_row13_latin1_reports_line_and_column_of_first_bad_byte() -> None:
    text, problems = decode(b"---\r\nname: Ren\xe9\r\n---\r\n", PATH)
    assert text is None
    assert where(problems) == [(PATH, 2, 10, "error")]
    assert problems[0].message.startswith("not UTF-8 text")
    assert "0xE9" in problems[0].message


def test_row13_column_counts_characters_and_skips_bom() -> None:
    _, problems = decode("\ufeffé€\n😀x".encode() + b"\xff", PATH)
    assert where(problems) == [(PATH, 2, 3, "error")]


def test_row13_nul_byte() -> None:
    text, problems = decode(b"---\nname: Ada\n---\nab\x00cd\xff", PATH)
    assert text is None
    assert where(problems) == [(PATH, 4, 3, "error")]
    assert "NUL byte" in problems[0].message


# --- row 3: unclosed -----------------------------------------------------------------------------


def test_row3_unclosed_front_matter_is_an_error_and_not_rendered() -> None:
    document, problems = parse("---\nname: Ada\n\n# Ada\nBody\n")
    assert where(problems) == [(PATH, 1, None, "error")]
    assert "front matter is not closed" in problems[0].message
    assert document.has_front_matter
    assert not document.renderable
    assert document.entries == ()


# --- row 4: malformed YAML -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "at", "words"),
    [
        ("title: x\nbad: [", (3, 6), "this `[` list is not closed with `]`"),
        ("bad: [a, [b]\n", (2, 6), "this `[` list is not closed with `]`"),
    ],
)
def test_an_unclosed_list_at_the_end_points_at_its_bracket(
    front: str, at: tuple[int, int], words: str
) -> None:
    """The parser only says where the text ran out (the closing `---`); the bracket left
    open is what the user must fix."""
    _, problems = parse(f"---\n{front}\n---\nbody\n")
    problem = only(problems)
    assert (problem.line, problem.col) == at and problem.message.startswith(words)


@pytest.mark.parametrize(
    ("line", "expected_line", "col", "words"),
    [
        ("title: a: b", 3, 9, "quotes"),
        ("twitter: @x", 3, 10, "cannot start with `@`"),
        ('name: "Ada', 3, 7, "quote is never closed"),
        ("name: 'Ada", 3, 7, "quote is never closed"),
        ("tags: [a, b", 3, 7, "not closed with `]`"),
        ("just words", 3, 1, "no `:`"),
        ('nick: "a\\qb"', 3, 9, "escape"),
        ('path: "C:\\x"', 3, 12, "unknown `\\` escape"),  # PyYAML's "hexdecimal number"
        ("a: - b", 3, 4, "next"),
        ("  indented: x", 3, 11, "indentation"),
    ],
)
def test_row4_malformed_yaml_points_at_line_and_column(
    line: str, expected_line: int, col: int, words: str
) -> None:
    document, problems = parse(f"---\nfirst: ok\n{line}\nlast: x\n---\nbody\n")
    problem = only(problems)
    assert (problem.path, problem.line, problem.col, problem.severity) == (
        PATH,
        expected_line,
        col,
        "error",
    )
    assert words in problem.message
    assert "unicode string" not in problem.message
    assert "<" not in problem.message
    assert document.entries == ()
    assert (document.body, document.body_line) == ("body\n", 6)


def test_row4_control_character() -> None:
    _, problems = parse("---\nname: A\x01da\n---\n")
    assert where(problems) == [(PATH, 2, 8, "error")]
    assert "U+0001" in problems[0].message


# --- row 5: tabs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "line", "col"),
    [
        ("work:\n\tcompany: Acme\n", 3, 1),
        ("tags:\n  \t- a\n", 3, 3),
        ("name: Ada\n\tLovelace\n", 3, 1),
    ],
)
def test_row5_tab_indentation_is_named(front: str, line: int, col: int) -> None:
    _, problems = parse(f"---\n{front}---\n")
    assert where(problems) == [(PATH, line, col, "error")]
    assert "tab" in problems[0].message


def test_row5_tab_inside_a_block_value_is_fine() -> None:
    document, problems = parse("---\nnote: |\n  code:\n  \tindented\n---\n")
    assert problems == []
    assert values(document) == {"note": "code:\n\tindented\n"}


# --- row 6: duplicates --------------------------------------------------------------------------


def test_row6_duplicate_key_names_both_lines_and_first_wins() -> None:
    document, problems = parse("---\nname: Ada\ncity: Paris\nname: Bob\n---\n")
    assert where(problems) == [(PATH, 4, 1, "error")]
    assert problems[0].message == "duplicate key 'name' (first at line 2)"
    assert values(document) == {"name": "Ada", "city": "Paris"}


def test_row6_duplicate_nested_key() -> None:
    document, problems = parse("---\nwork:\n  role: CTO\n  role: CEO\n---\n")
    assert where(problems) == [(PATH, 4, 3, "error")]
    assert "duplicate key 'role' (first at line 3)" in problems[0].message
    assert values(document) == {"work": {"role": "CTO"}}


# --- row 7: not a mapping ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front", "col"), [("- a\n- b\n", 1), ("just a sentence\n", 1), ("'quoted'\n", 1)]
)
def test_row7_front_matter_must_be_a_mapping(front: str, col: int) -> None:
    document, problems = parse(f"---\n{front}---\nbody\n")
    assert where(problems) == [(PATH, 2, col, "error")]
    assert "front matter must be a mapping" in problems[0].message
    assert document.entries == ()
    assert document.body == "body\n"


@pytest.mark.parametrize("front", ["", "\n\n", "# only a comment\n", "{}\n"])
def test_row7_empty_front_matter_is_fine(front: str) -> None:
    document, problems = parse(f"---\n{front}---\nbody\n")
    assert problems == []
    assert document.entries == ()
    assert document.has_front_matter and document.renderable


# --- row 8: the typed text is kept --------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "no",
        "yes",
        "off",
        "01234",
        "12:30",
        "1e3",
        "0x1F",
        "1_000",
        "2024-02-30",
        "~",
        "null",
        "3.0",
    ],
)
def test_row8_scalars_stay_the_text_typed(typed: str) -> None:
    document, problems = parse(f"---\nfield: {typed}\nlist: [{typed}]\n---\n")
    assert problems == []
    assert values(document) == {"field": typed, "list": [typed]}


def test_row8_quoted_empty_is_text_and_bare_key_is_none() -> None:
    document, _ = parse("---\na: ''\nb:\nc: [x, '']\n---\n")
    assert values(document) == {"a": "", "b": None, "c": ["x", ""]}


# --- row 9: `#` cut the value --------------------------------------------------------------------


def test_row9_hash_comment_cutting_a_value_warns() -> None:
    document, problems = parse("---\nname: Ada\ncompany: Acme #1\n---\n")
    assert where(problems) == [(PATH, 3, 15, "warning")]
    assert "`#` started a YAML comment" in problems[0].message
    assert '"Acme #1"' in problems[0].message
    assert values(document)["company"] == "Acme"


def test_row9_hash_right_after_colon_and_in_list_items() -> None:
    _, problems = parse("---\ntags: #friend\nlist:\n  - b #2\n---\n")
    assert where(problems) == [(PATH, 2, 7, "warning"), (PATH, 4, 7, "warning")]
    assert "tags is empty" in problems[0].message
    assert "list item is 'b'" in problems[1].message


@pytest.mark.parametrize(
    "front", ["note:  # deliberately empty\n", "company: 'Acme' # ok\n", "a: x#y\n", "# c\n"]
)
def test_row9_deliberate_comments_do_not_warn(front: str) -> None:
    _, problems = parse(f"---\n{front}---\n")
    assert problems == []


# --- row 11: keys that are not text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "col", "words"),
    [
        ("1", 1, "key 1 is not text"),
        ("yes", 1, "key yes is not text"),
        ("null", 1, "key null is not text"),
        ("~", 1, "key ~ is not text"),
        ("1.5", 1, "key 1.5 is not text"),
        ("[a]", 1, "not a list"),
        ("{a: b}", 1, "not a mapping"),
    ],
)
def test_row11_non_text_keys_are_errors(key: str, col: int, words: str) -> None:
    document, problems = parse(f"---\nname: Ada\n{key}: value\n---\n")
    assert where(problems) == [(PATH, 3, col, "error")]
    assert words in problems[0].message
    assert values(document) == {"name": "Ada"}
    assert flatten_text(document.entries[0].value) == "Ada"


def test_row11_missing_key_is_an_error() -> None:
    _, problems = parse("---\nname: Ada\n: value\n---\n")
    assert where(problems) == [(PATH, 3, 1, "error")]
    assert "a key is missing" in problems[0].message


def test_row11_quoted_keys_are_text() -> None:
    document, problems = parse("---\n'1': a\n\"yes\": b\n---\n")
    assert problems == []
    assert values(document) == {"1": "a", "yes": "b"}


def test_row11_non_text_key_in_nested_mapping() -> None:
    document, problems = parse("---\nwork:\n  2024: Acme\n---\n")
    assert where(problems) == [(PATH, 3, 3, "error")]
    assert values(document) == {"work": {}}


# --- row 12: tags, anchors, aliases, size -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("!!python/object:os.system x", "tag `!!python/object:os.system`"),
        ("!foo x", "tag `!foo`"),
        ("!!str 1", "tag `!!str`"),
        ("&anchor x", "anchor `&anchor`"),
    ],
)
def test_row12_tags_and_anchors_are_errors(value: str, words: str) -> None:
    _, problems = parse(f"---\nname: Ada\nodd: {value}\n---\n")
    assert where(problems) == [(PATH, 3, 6, "error")]
    assert words in problems[0].message


def test_row12_billion_laughs_is_refused_without_expanding() -> None:
    lines = ["a0: &a0 [lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    _, problems = parse("---\n" + "\n".join(lines) + "\n---\n")
    assert {p.line for p in problems} == set(range(2, 12))
    assert sum("alias" in p.message for p in problems) == 81
    assert all(p.severity == "error" for p in problems)


def test_row12_front_matter_over_64_kib_is_not_parsed() -> None:
    big = "".join(f"k{i}: {'x' * 60}\n" for i in range(1200))
    document, problems = parse(f"---\n{big}---\nbody\n")
    assert where(problems) == [(PATH, 1, None, "error")]
    assert "64 KiB" in problems[0].message
    assert document.entries == ()
    assert (document.body, document.body_line) == ("body\n", 1203)


def test_row12_deep_nesting_is_refused() -> None:
    _, problems = parse("---\na: " + "[" * 500 + "]" * 500 + "\n---\n")
    assert where(problems) == [(PATH, 2, 53, "error")]
    assert "nested more than 50 levels" in problems[0].message


# --- row 14: empty ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "body", "body_line", "has"),
    [
        ("", "", 1, False),
        ("\n", "\n", 1, False),
        ("---\nname: Ada\n---\n", "", 4, True),
        ("---\nname: Ada\n---", "", 4, True),
        ("---\n---", "", 3, True),
    ],
)
def test_row14_empty_file_and_only_front_matter_are_valid(
    text: str, body: str, body_line: int, has: bool
) -> None:
    document, problems = parse(text)
    assert problems == []
    assert (document.body, document.body_line, document.has_front_matter) == (body, body_line, has)
    assert document.renderable


# --- row 15: conflict markers -------------------------------------------------------------------


def test_row15_each_conflict_marker_line_is_an_error() -> None:
    text = (
        "---\nname: Ada\n<<<<<<< HEAD\ncity: Paris\n=======\ncity: Rome\n>>>>>>> other\n---\n"
        "Body\n<<<<<<< ours\nx\n||||||| base\n=======\ny\n>>>>>>> theirs\n"
    )
    document, problems = parse(text)
    assert where(problems) == [(PATH, n, 1, "error") for n in (3, 5, 7, 10, 12, 13, 15)]
    assert all("conflict marker" in p.message for p in problems)
    assert not document.renderable
    assert document.entries == ()


def test_row15_markers_in_body_only_keep_the_front_matter() -> None:
    document, problems = parse("---\nname: Ada\n---\n<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n")
    assert [p.line for p in problems] == [4, 6, 8]
    assert values(document) == {"name": "Ada"}
    assert not document.renderable


def test_row15_setext_heading_underline_is_not_a_marker() -> None:
    document, problems = parse("Title\n=======\n\ntext with <<<<<<< inside\n")
    assert problems == []
    assert document.renderable


@pytest.mark.parametrize(
    "body",
    [
        ">>>>>>> On Mon, Ada wrote:\n>>>>>>> can we meet?\n",  # a pasted thread, 7 deep
        ">>>>>>> a deep quote, then a heading\n\nTitle\n=======\n",
    ],
)
def test_row15_a_quote_seven_replies_deep_is_not_a_marker(body: str) -> None:
    """A deep quote in a pasted e-mail dropped the whole note as a conflict."""
    document, problems = parse(f"---\ndate: 2026-11-01\n---\nThread:\n\n{body}")
    assert problems == []
    assert document.renderable


@pytest.mark.parametrize(
    "body",
    [
        "x\n=======\ny\n>>>>>>> theirs\n",  # a conflict whose head was deleted by hand
        "Summary\n=======\n\nThread:\n>>>>>>> On Mon, Ada wrote:\n",  # a heading, a quote
    ],
)
def test_row15_a_conflicts_tail_alone_is_a_warning_and_the_note_renders(body: str) -> None:
    document, problems = parse(f"---\nname: Ada\n---\n{body}")
    assert [(p.line, p.severity) for p in problems] == [(5, "warning")]
    assert "whose `<<<<<<<` line is gone" in problems[0].message
    assert document.renderable and values(document) == {"name": "Ada"}


def test_row15_only_the_conflicts_own_markers_are_reported() -> None:
    """Once a conflict opened, every deep quote and heading underline of the file was
    reported with it; a lone `|||||||` (a table row) opened one by itself."""
    text = (
        "---\nname: Ada\n---\nTitle\n=======\n"  # 4-5: a heading
        "<<<<<<< ours\nx\n||||||| base\n=======\ny\n>>>>>>> theirs\n"  # 6-11: diff3
        ">>>>>>> a quote seven deep\n|||||||\n"  # 12-13: text again
    )
    document, problems = parse(text)
    assert [(p.line, p.severity) for p in problems] == [(n, "error") for n in (6, 8, 9, 11)]
    assert not document.renderable
    assert parse("---\nname: Ada\n---\n|||||||\n")[1] == []


def test_row15_a_conflict_never_closed_is_still_one() -> None:
    document, problems = parse("---\nname: Ada\n---\n<<<<<<< ours\nx\n=======\ny\n")
    assert [p.line for p in problems] == [4, 6]
    assert not document.renderable


# --- flatten_text -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("Ada", "Ada"),
        (["a", "b", None, ["c", "d"]], "a, b, c, d"),
        ({"role": "CTO", "city": None}, "role: CTO, city:"),
        ([], ""),
    ],
)
def test_flatten_text(value: Value, text: str) -> None:
    assert flatten_text(value) == text


# --- round trip: whatever safe_dump writes, we read back ----------------------------------------

_TRICKY = [
    "no",
    "null",
    "~",
    "1e3",
    "yes",
    "01234",
    "12:30",
    " lead",
    "a: b",
    "#x",
    "x #y",
    "'",
    '"',
]
# U+0085 is a YAML 1.1 line break that safe_dump writes raw: PyYAML's own loader folds it into
# a space too, so it cannot round-trip through any YAML 1.1 reader.
_chars = st.characters(codec="utf-8", exclude_characters="\x85")
_texts = st.one_of(st.text(_chars, max_size=12), st.sampled_from(["", *_TRICKY]))
_values = st.recursive(
    _texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_texts, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_texts, _values, min_size=1, max_size=6))
def test_safe_dump_round_trip_keeps_keys_values_and_lines(mapping: dict[str, Value]) -> None:
    def dump(data: dict[str, Value]) -> str:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    chunks = [dump({key: value}) for key, value in mapping.items()]
    dumped = "".join(chunks)
    assert dumped == dump(mapping)
    document, problems = parse(f"---\n{dumped}---\nthe body\n")
    assert problems == []
    assert [entry.key for entry in document.entries] == list(mapping)
    assert values(document) == mapping
    expected_lines = [
        2 + sum(chunk.count("\n") for chunk in chunks[:i]) for i in range(len(chunks))
    ]
    assert [entry.line for entry in document.entries] == expected_lines
    assert document.body == "the body\n"
    assert document.body_line == 3 + dumped.count("\n")


@pytest.mark.parametrize(
    ("text", "unread"),
    [
        ("---\nname: Ada\n---\n", False),
        ("---\n---\nbody\n", False),  # empty front matter is fine
        ("# Ada\n", False),  # none at all
        ("---\nname: Ada\nname: Bo\n---\n", False),  # an error, but what it says is read
        ("---\nname: Ada\ntwitter: @x\n---\n", True),
        ("---\n- a list\n---\n", True),
        ("---\n<<<<<<< ours\nname: Ada\n=======\nname: Bo\n>>>>>>> theirs\n---\n", True),
        ("---\nnote: " + "x" * 70_000 + "\n---\n", True),
    ],
)
def test_a_document_says_when_its_front_matter_could_not_be_read(text: str, unread: bool) -> None:
    """The exports leave such a contact out: none of what the user wrote in it is known."""
    document, _ = parse(text)
    assert document.unread is unread
