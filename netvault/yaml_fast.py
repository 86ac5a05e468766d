"""Fast readers for the usual front matter: simple `key: value` lines read without YAML, and
plain front matter read from the node tree libyaml composes in C. Each either gives exactly
the strict reader's entries or declines (None); property tests hold them to that."""

from __future__ import annotations

import functools
import re

import yaml

from netvault.yaml_text import (
    LIBYAML,
    MAX_DEPTH,
    NOT_TEXT,
    RESOLVER,
    CParser,
    Entry,
    Value,
    where,
)

# --- plain front matter, read fast -------------------------------------------------------

# Where a tag (`!`), anchor (`&`), alias (`*`) or comment (`#`) could begin: after a space, a
# quote or a YAML indicator. Also line breaks other than LF, where libyaml's lines differ.
# Plain text seldom has any of these; `C#`, `Hi!` and `Lumen & Co.` pass (an anchor or alias
# without a name is a syntax error, which sends the text to the strict reader anyway).
_NOT_PLAIN = re.compile(r"(?:^|[\s\"'\[\]{},:?\-])(?:[!#]|[&*](?=\S))|[\r\x85\u2028\u2029]")
_MAYBE_NOT_PLAIN = re.compile("[!#&*\r\x85\u2028\u2029]")  # a quick first look
# Each nested list or mapping needs one of these characters of its own, so their count caps
# the nesting depth libyaml's composer recurses to (in C, where a deep stack would crash).
_NESTING = "[{-:?"
_MAX_NESTING_MARKS = 1000


class _NotPlain(Exception):
    """The front matter needs the strict reader."""


class _Composer(CParser):
    """libyaml composes the node tree in C; every value stays text, so no tags resolved."""

    def resolve(self, kind: object, value: object, implicit: object) -> str:
        return ""

    def descend_resolver(self, parent: object, index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


def plain_entries(text: str) -> tuple[Entry, ...] | None:
    """The entries of front matter the strict reader would read without a single problem,
    or None when this cannot be vouched for cheaply (then the strict reader must run)."""
    if not LIBYAML or (_MAYBE_NOT_PLAIN.search(text) and _NOT_PLAIN.search(text)):
        return None
    if sum(text.count(mark) for mark in _NESTING) > _MAX_NESTING_MARKS:
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        composer.dispose()
    if root is None:
        return ()
    if not isinstance(root, yaml.MappingNode):
        return None
    entries: list[Entry] = []
    try:
        keys: set[str] = set()
        for key_node, value_node in root.value:
            key = _plain_key(key_node, keys)
            value = _plain_value(value_node, 1)
            line, col = where(text, key_node.start_mark.index)
            value_line, value_col = where(text, value_node.start_mark.index)
            items_at: tuple[tuple[int, int], ...] = ()
            if isinstance(value_node, yaml.SequenceNode):
                items_at = tuple(where(text, item.start_mark.index) for item in value_node.value)
            entries.append(Entry(key, value, line, col, value_line, value_col, items_at))
    except _NotPlain:
        return None
    return tuple(entries)


def _plain_key(node: yaml.Node, seen: set[str]) -> str:
    """A key the strict reader accepts: text, not empty, not a YAML 1.1 symbol, not seen."""
    if not isinstance(node, yaml.ScalarNode):
        raise _NotPlain
    key: str = node.value
    if node.style in (None, "") and not _plain_text_key(key):
        raise _NotPlain
    if key in seen:
        raise _NotPlain
    seen.add(key)
    return key


@functools.lru_cache(maxsize=4096)
def _plain_text_key(key: str) -> bool:
    """Whether the strict reader takes this unquoted key as text. Cached: keys repeat."""
    if key == "":
        return False
    tag: str = RESOLVER.resolve(yaml.ScalarNode, key, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1] not in NOT_TEXT


def _plain_value(node: yaml.Node, depth: int) -> Value:
    """The value as the strict reader builds it; `depth` is how many collections enclose it."""
    if isinstance(node, yaml.ScalarNode):
        plain_empty = node.style in (None, "") and node.value == ""
        return None if plain_empty else str(node.value)
    if depth >= MAX_DEPTH:
        raise _NotPlain
    if isinstance(node, yaml.SequenceNode):
        return [_plain_value(item, depth + 1) for item in node.value]
    items: dict[str, Value] = {}
    keys: set[str] = set()
    for key_node, value_node in node.value:
        items[_plain_key(key_node, keys)] = _plain_value(value_node, depth + 1)
    return items


# --- simple front matter, read line by line ----------------------------------------------

# Most files hold only `key: value` lines whose value is a quoted text without escapes, a
# `[...]` list of such texts or plain words, plain words that YAML cannot misread, or nothing.
# Those are read here without YAML at all; any other line sends the text to `plain_entries`.
_SIMPLE_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: (.+))?")
# No tab, no line break but LF, no BOM, only what YAML calls printable.
_NOT_SIMPLE_CHARACTER = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_INDICATORS = "-?:,[]{}#&*!|>'\"%@` "  # a plain value cannot start with one of these
_FLOW_ITEM = re.compile(
    r' *(?:"([^"\\]*)"|\'([^\']*)\'|([^-?:,\[\]{}#&*!|>\'"%@` ][^,\[\]{}#:]*?)) *(?=,|$)'
)


def simple_entries(text: str) -> tuple[Entry, ...] | None:
    """The entries of front matter made only of simple `key: value` lines (see above), as the
    strict reader reads them, or None when a line is not that simple."""
    if _NOT_SIMPLE_CHARACTER.search(text):
        return None
    entries: list[Entry] = []
    keys: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=2):
        if not line:
            continue
        match = _SIMPLE_LINE.fullmatch(line)
        if match is None:
            return None
        key, spelled = match.groups()
        if key in keys or not _plain_text_key(key):
            return None
        keys.add(key)
        if spelled is None:
            entries.append(Entry(key, None, number, 1, number, len(key) + 2))
            continue
        read = _simple_value(spelled)
        if read is None:
            return None
        value, offsets = read
        at = len(key) + 3  # the value's column
        items_at = tuple((number, at + offset) for offset in offsets)
        entries.append(Entry(key, value, number, 1, number, at, items_at))
    return tuple(entries)


def _simple_value(spelled: str) -> tuple[str | list[Value], tuple[int, ...]] | None:
    """The value of `key: <spelled>` and where each list item starts in `spelled`, or None
    when it is not simple."""
    first, last, inner = spelled[0], spelled[-1], spelled[1:-1]
    if first in "\"'":
        simple = len(spelled) > 1 and last == first and first not in inner and "\\" not in inner
        return (inner, ()) if simple else None
    if first == "[":
        return _simple_list(inner) if last == "]" else None
    if first in _INDICATORS or last == " " or last == ":" or ": " in spelled or " #" in spelled:
        return None
    return spelled, ()


def _simple_list(inner: str) -> tuple[list[Value], tuple[int, ...]] | None:
    """The items of `[<inner>]` (quoted texts or plain words, separated by commas) and where
    each starts, counting the `[` as 0."""
    if not inner.strip(" "):
        return [], ()
    items: list[Value] = []
    starts: list[int] = []
    at = 0
    while True:
        item = _FLOW_ITEM.match(inner, at)
        if item is None:
            return None
        double, single, plain = item.groups()
        items.append(double if double is not None else single if single is not None else plain)
        starts.append(len(item.group()) - len(item.group().lstrip(" ")) + at + 1)
        at = item.end()
        if at == len(inner):
            return items, tuple(starts)
        at += 1  # the comma
