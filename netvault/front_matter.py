"""Front matter: file bytes -> text -> (top-level entries with line numbers, body) + problems.

The first pure stage after the loader reads a file. `decode` turns bytes into LF text;
`parse_document` splits off the front matter and reads it with a strict YAML reader:

- every scalar stays the text the user typed (no YAML 1.1 `no` -> False, `01234` -> 1234,
  `12:30` -> 750); a bare `key:` is None;
- tags, anchors and aliases are errors (so billion-laughs is impossible), front matter over
  64 KiB is not parsed, nesting is capped, and keys that YAML would not read as text are errors;
- every top-level key keeps its file line and column.

We split the file ourselves instead of with python-frontmatter: its boundary pattern
`^-{3,}\\s*$` accepts `----`, lets `\\s*` swallow the blank lines after the closing line (which
shifts every body line number) and does not accept `...` as the closing line. Line numbers
must be exact, so the split is a few lines here. Parsing uses PyYAML's C parser (libyaml)
when available, event by event, so we build the values and keep positions ourselves.
Plain front matter (no tags, anchors, comments, odd keys: nearly every file) is read faster
from the node tree libyaml composes in C (`plain_entries`); a property test holds the two
readers to the same entries.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass

from netvault.problems import Problem, error, warning
from netvault.yaml_fast import plain_entries, simple_entries
from netvault.yaml_strict import read_strict
from netvault.yaml_text import MAX_DEPTH, MAX_FRONT_MATTER_BYTES, Entry, Value

__all__ = [
    "MAX_DEPTH",
    "MAX_FRONT_MATTER_BYTES",
    "Document",
    "Entry",
    "Value",
    "decode",
    "flatten_text",
    "parse_document",
]


@dataclass(frozen=True)
class Document:
    entries: tuple[Entry, ...]
    body: str
    body_line: int
    has_front_matter: bool
    renderable: bool
    unread: bool = False  # front matter there but not read (too big, broken, conflicted)


def flatten_text(value: Value) -> str:
    """Display text for any value: lists joined with ", ", mappings as "key: value"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [flatten_text(item) for item in value]
    else:
        parts = [f"{key}: {flatten_text(item)}".rstrip() for key, item in value.items()]
    return ", ".join(part for part in parts if part)


# --- bytes -> text -------------------------------------------------------------------------


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (BOM optional) to text with LF line endings, or an error at the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    nul = data.find(b"\x00")
    bad: int | None = None
    text = ""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if nul != -1 and (bad is None or nul < bad):
        line, col = _byte_position(data, nul)
        return None, [error(path, line, "contains a NUL byte; is it a binary file?", col)]
    if bad is not None:
        line, col = _byte_position(data, bad)
        message = f"not UTF-8 text (byte 0x{data[bad]:02X} cannot be read); save it as UTF-8"
        return None, [error(path, line, message, col)]
    return normalise_newlines(text), []


def normalise_newlines(text: str) -> str:
    if "\r" not in text:  # one look instead of two replacements: the usual case
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of `offset`; everything before it is valid UTF-8."""
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8")) + 1


# --- text -> document ----------------------------------------------------------------------

_CONFLICT = re.compile(r"^(?:<{7}|>{7}|\|{7})(?: |$)|^={7}$", re.MULTILINE)
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def parse_document(text: str, path: str) -> tuple[Document, list[Problem]]:
    text = normalise_newlines(text.removeprefix("\ufeff"))
    problems = _conflict_markers(text, path)
    conflicted = {p.line for p in problems if p.severity == "error"}
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip(" \t") != "---":
        renderable = not conflicted  # conflicts only: the warning below keeps the file
        problems.extend(_late_front_matter(text, path))
        return Document((), text, 1, False, renderable), problems
    # One search in C instead of splitting a long body into lines.
    found = _CLOSING.search(text, first_end + 1) if first_end >= 0 else None
    if found is None:
        problems.append(
            error(path, 1, "front matter is not closed: no `---` line after the opening one")
        )
        return Document((), text, 1, True, False), problems
    closing = text.count("\n", 0, found.start())  # its index in the file's lines
    body = text[found.end() + 1 :]
    body_line = closing + 2
    yaml_text = text[first_end + 1 : found.start()]
    entries: tuple[Entry, ...] = ()
    # UTF-8 takes at most 4 bytes a character: short front matter needs no encoding.
    size = (
        len(yaml_text)
        if len(yaml_text) * 4 <= MAX_FRONT_MATTER_BYTES
        else len(yaml_text.encode("utf-8"))
    )
    unread = True
    if size > MAX_FRONT_MATTER_BYTES:
        message = f"front matter is {size // 1024} KiB, over the 64 KiB limit; it was not read"
        problems.append(error(path, 1, message))
    elif not conflicted or not any(2 <= line <= closing for line in conflicted):
        entries, yaml_problems = read_yaml(yaml_text, path)
        problems.extend(yaml_problems)
        unread = not entries and any(p.severity == "error" for p in yaml_problems)
    return Document(entries, body, body_line, True, not conflicted, unread), problems


# Blank lines, a `---` line, then a line that starts like a YAML key (`name: Ada`): a
# horizontal rule followed by prose is not taken for front matter.
_LATE_OPENING = re.compile(r"(?:[ \t]*\n)+---[ \t]*\n(?=[A-Za-z_][\w-]*:(?:[ \t]|$))", re.M)


def _late_front_matter(text: str, path: str) -> list[Problem]:
    """A warning for front matter below blank lines: the file is read as all body, and
    its fields would be lost without a word (an editor or a paste added the blank line)."""
    found = _LATE_OPENING.match(text)
    if found is None or _CLOSING.search(text, found.end()) is None:
        return []
    line = text.count("\n", 0, found.end())
    message = "front matter must start on the first line; below blank lines it is read as text"
    return [warning(path, line, message)]


def read_yaml(
    text: str, path: str, *, fast: bool = True
) -> tuple[tuple[Entry, ...], list[Problem]]:
    """The entries of front matter `text` (file line 2 onwards) and its problems.

    Simple and plain front matter, the usual kinds, are read by `simple_entries` and
    `plain_entries` in a fraction of the time; whatever they do not vouch for goes through
    the strict reader, which gives the same entries (property tests hold them together).
    """
    entries = None
    if fast:
        entries = simple_entries(text)
        if entries is None:
            entries = plain_entries(text)
    if entries is not None:
        return entries, []
    return read_strict(text, path)


def _conflict_markers(text: str, path: str) -> list[Problem]:
    """Git conflicts, read as git writes them: `<<<<<<<`, maybe `|||||||` (diff3), `=======`,
    then `>>>>>>>`. Every marker of a conflict is an error and the file is not rendered. A
    marker outside one is text: `=======` underlines a heading, `>>>>>>>` is a quote seven
    replies deep, `|||||||` a table row. Only `=======` followed by `>>>>>>>` with no
    conflict open, the tail of one whose head was deleted by hand, is worth a warning."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text:
        return []  # neither a conflict nor its tail
    problems: list[Problem] = []
    block: list[tuple[int, str]] = []  # the conflict being read
    loose: list[tuple[int, str]] = []  # markers outside any conflict
    for match in _CONFLICT.finditer(text):
        marker = (text.count("\n", 0, match.start()) + 1, match.group())
        kind = marker[1][0]
        if kind == "<":
            problems += _conflict_errors(block, path)  # one opened and never closed
            block = [marker]
            loose.append(marker)  # parts the loose markers before it from those after
        elif block:
            block.append(marker)
            if kind == ">":
                problems += _conflict_errors(block, path)
                block = []
        else:
            loose.append(marker)
    problems += _conflict_errors(block, path)
    for (line, first), (_, then) in itertools.pairwise(loose):
        if first[0] == "=" and then[0] == ">":
            message = (
                "`=======` then `>>>>>>>`: the end of a git conflict whose `<<<<<<<` line is"
                " gone? Resolve it (a heading underline and a deep quote are fine)"
            )
            problems.append(warning(path, line, message, 1))
    return sorted(problems, key=lambda problem: problem.line)


def _conflict_errors(markers: list[tuple[int, str]], path: str) -> list[Problem]:
    return [
        error(path, line, f"git conflict marker `{marker.strip()}`: resolve the conflict first", 1)
        for line, marker in markers
    ]
