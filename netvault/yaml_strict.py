"""The strict YAML reader: front matter text -> entries + problems, event by event on
libyaml, so that every key keeps its line, duplicates and odd keys are caught, and tags,
anchors and aliases are refused. The fast readers (yaml_fast.py) hand it anything unusual."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from netvault.problems import Problem, error, warning
from netvault.yaml_text import (
    MAX_DEPTH,
    NOT_TEXT,
    RESOLVER,
    Entry,
    Loader,
    Value,
    where,
)


@dataclass
class _Key:
    text: str | None  # None: rejected, its value is dropped
    index: int


@dataclass
class _Mapping:
    start: int
    as_key: bool
    items: dict[str, Value] = field(default_factory=dict)
    first_line: dict[str, int] = field(default_factory=dict)
    key: _Key | None = None


@dataclass
class _Sequence:
    start: int
    as_key: bool
    items: list[Value] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)


class _Abort(Exception):
    """Stops reading after a problem that makes the rest meaningless."""


# What YAML accepts as text (YAML 1.1 printable set, plus tab and newline).
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STRUCTURE = (
    yaml.StreamStartEvent,
    yaml.StreamEndEvent,
    yaml.DocumentStartEvent,
    yaml.DocumentEndEvent,
)
_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)


class _Reader:
    """Reads one front matter block (text between the `---` lines, starting at file line 2)."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.stack: list[_Mapping | _Sequence] = []

    def where(self, index: int) -> tuple[int, int]:
        return where(self.text, index)

    def fail(self, index: int, message: str) -> None:
        line, col = self.where(index)
        self.problems.append(error(self.path, line, message, col))

    def read(self) -> tuple[Entry, ...]:
        loader = Loader(self.text)
        try:
            while loader.check_event():
                event = loader.get_event()
                if event is not None:
                    self.on_event(event)
        except _Abort:
            return ()
        except yaml.MarkedYAMLError as exc:
            self.syntax_error(exc)
            return ()
        except yaml.YAMLError:
            bad = _UNPRINTABLE.search(self.text)
            index = bad.start() if bad else 0
            code = f"U+{ord(bad.group()):04X}" if bad else "character"
            self.fail(index, f"contains the control character {code}, which YAML does not allow")
            return ()
        finally:
            loader.dispose()
        return tuple(self.entries)

    def on_event(self, event: yaml.Event) -> None:
        if isinstance(event, _STRUCTURE):
            return
        start = _index(event.start_mark)
        if not self.stack and not isinstance(event, yaml.MappingStartEvent):
            kind = "a list" if isinstance(event, yaml.SequenceStartEvent) else "a single value"
            self.fail(start, f"front matter must be a mapping of `key: value` lines, not {kind}")
            raise _Abort
        if isinstance(event, yaml.CollectionEndEvent):
            self.on_end()
            return
        expecting_key = bool(self.stack) and self.expecting_key()
        if isinstance(event, yaml.AliasEvent):
            self.fail(start, f"alias `*{event.anchor}` is not allowed; write the value out")
            self.add(None, start, expecting_key)
            return
        assert isinstance(event, yaml.NodeEvent)
        self.check_properties(event, start)
        if isinstance(event, yaml.ScalarEvent):
            self.on_scalar(event, start, expecting_key)
        elif len(self.stack) >= MAX_DEPTH:
            self.fail(start, f"nested more than {MAX_DEPTH} levels deep")
            raise _Abort
        elif isinstance(event, yaml.MappingStartEvent):
            self.stack.append(_Mapping(start, expecting_key))
        elif isinstance(event, yaml.SequenceStartEvent):
            self.stack.append(_Sequence(start, expecting_key))

    def on_end(self) -> None:
        done = self.stack.pop()
        if done.as_key:
            kind = "mapping" if isinstance(done, _Mapping) else "list"
            self.fail(done.start, f"a key must be text, not a {kind}")
            self.set_key(_Key(None, done.start))
        elif self.stack:
            starts = done.starts if isinstance(done, _Sequence) else []
            self.add(done.items, done.start, False, starts)

    def expecting_key(self) -> bool:
        top = self.stack[-1]
        return isinstance(top, _Mapping) and top.key is None

    def check_properties(self, event: yaml.NodeEvent, start: int) -> None:
        if event.anchor is not None:
            self.fail(start, f"anchor `&{event.anchor}` is not allowed; write the value out")
        tag = getattr(event, "tag", None)
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.fail(start, f"YAML tag `{shown}` is not allowed; write plain text")

    def on_scalar(self, event: yaml.ScalarEvent, start: int, expecting_key: bool) -> None:
        plain = event.style in (None, "")
        if expecting_key:
            text: str | None = event.value
            if plain:
                text = self.plain_key(event.value, start)
            self.set_key(_Key(text, start))
            return
        if plain:
            self.check_comment(event)
        self.add(None if plain and event.value == "" else event.value, start, False)

    def plain_key(self, text: str, start: int) -> str | None:
        if text == "":
            self.fail(start, "a key is missing before `:`")
            return None
        tag: str = RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        kind = tag.rsplit(":", 1)[-1]
        if kind in NOT_TEXT:
            self.fail(
                start,
                f"key {text} is not text (YAML reads it as {NOT_TEXT[kind]}); "
                f'write it in quotes if you mean it: "{text}":',
            )
            return None
        return text

    def check_comment(self, event: yaml.ScalarEvent) -> None:
        end = _index(event.end_mark)
        line_end = self.text.find("\n", end)
        rest = self.text[end : line_end if line_end != -1 else len(self.text)]
        cut = re.match(r"[ \t]+#(\S?)", rest) if event.value else re.match(r"[ \t]*#(\S)", rest)
        if cut is None:
            return
        # `key:  # note` is a deliberate comment; `key: #tag` and `key: Acme #1` are not.
        line, col = self.where(end + rest.index("#"))
        owner = self.stack[-1]
        name = "the list item"
        if isinstance(owner, _Mapping):
            name = owner.key.text or "the value" if owner.key else "the value"
        kept = f"'{event.value}'" if event.value else "empty"
        typed = (event.value + rest).strip()
        message = (
            f"`#` started a YAML comment, so {name} is {kept} and the rest of the line was "
            f'dropped; put the value in quotes to keep it: "{typed}"'
        )
        self.problems.append(warning(self.path, line, message, col))

    def set_key(self, key: _Key) -> None:
        top = self.stack[-1]
        assert isinstance(top, _Mapping)
        top.key = key

    def add(self, value: Value, start: int, as_key: bool, starts: list[int] | None = None) -> None:
        if as_key:
            self.set_key(_Key(None, start))
            return
        top = self.stack[-1]
        if isinstance(top, _Sequence):
            top.items.append(value)
            top.starts.append(start)
            return
        key = top.key
        top.key = None
        if key is None or key.text is None:
            return
        line, col = self.where(key.index)
        if key.text in top.first_line:
            first = top.first_line[key.text]
            self.fail(key.index, f"duplicate key '{key.text}' (first at line {first})")
            return
        top.first_line[key.text] = line
        top.items[key.text] = value
        if len(self.stack) == 1:
            value_line, value_col = self.where(start)
            items_at = tuple(self.where(item) for item in starts or ())
            self.entries.append(Entry(key.text, value, line, col, value_line, value_col, items_at))

    def syntax_error(self, exc: yaml.MarkedYAMLError) -> None:
        index, message = _explain(exc, self.text)
        reported_line = self.text.count("\n", 0, index)
        tab = _LEADING_TAB.search(self.text)
        if tab and self.text.count("\n", 0, tab.start()) <= reported_line:
            self.fail(tab.end() - 1, "tab used for indentation; YAML needs spaces")
        else:
            self.fail(index, message)


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """Where and why, in plain words, for the mistakes people make in front matter."""
    problem = exc.problem or ""
    context = exc.context or ""
    at = _index(exc.problem_mark)
    opened = _index(exc.context_mark) if exc.context_mark else at
    if "mapping values are not allowed" in problem:
        return at, (
            "unexpected `: ` here; if it belongs to the value, put the whole value in quotes, "
            "otherwise check the indentation"
        )
    if "cannot start any token" in problem:
        char = text[at] if at < len(text) else ""
        if char == "\t":
            return at, "tab used for indentation; YAML needs spaces"
        return at, f"a value cannot start with `{char}`; put the value in quotes"
    if "tab character" in problem:
        return at, "tab used for indentation; YAML needs spaces"
    if "end of stream" in problem and "quoted" in context:
        return opened, "this quote is never closed"
    if "unknown escape" in problem or "hexdecimal number" in problem:  # `\q`, `C:\x`
        return at, (
            "unknown `\\` escape in a double-quoted value; use single quotes, or write `\\\\`"
        )
    if "could not find expected ':'" in problem:
        return opened, "this line has no `:` after its key"
    if "expected ',' or ']'" in problem:
        return opened, "this `[` list is not closed with `]` (or an item lacks its `,`)"
    if "expected ',' or '}'" in problem:
        return opened, "this `{` mapping is not closed with `}` (or an item lacks its `,`)"
    if "expected node content" in problem and "flow" in context:
        opener = _unclosed(text, at)  # the error is reported where the text ran out
        if opener is not None:
            kind = "`[` list" if text[opener] == "[" else "`{` mapping"
            closer = "]" if text[opener] == "[" else "}"
            return opener, f"this {kind} is not closed with `{closer}`"
    if "block sequence entries are not allowed" in problem:
        return at, "a `- ` list item cannot follow a key on the same line; start it on the next"
    if "expected alphabetic or numeric character" in problem:
        return opened, "a value cannot start with `*` or `&`; put the value in quotes"
    if "tag" in problem:
        return opened, "YAML tags (`!`) are not allowed; write plain text"
    if "expected key" in problem and text.startswith(":", at):
        return at, "a key is missing before `:`"
    if "expected key" in problem or "'-' indicator" in problem or "document start" in problem:
        return at, "this line does not line up with the lines above; check the indentation"
    plain = re.sub(r"<[^>]*>", "more text", problem)
    return at, f"cannot read this line as YAML: {plain}"


def _unclosed(text: str, end: int) -> int | None:
    """Where the last `[` or `{` still open before `end` was opened (brackets counted as
    they come: a guess to point at, as the parser only says where the text ran out)."""
    opened: list[int] = []
    for index, char in enumerate(text[:end]):
        if char in "[{":
            opened.append(index)
        elif char in "]}" and opened:
            opened.pop()
    return opened[-1] if opened else None


def _index(mark: object) -> int:
    """Character offset of a PyYAML or libyaml mark (both count code points)."""
    index = getattr(mark, "index", 0)
    return index if isinstance(index, int) else 0


def read_strict(text: str, path: str) -> tuple[tuple[Entry, ...], list[Problem]]:
    reader = _Reader(text, path)
    return reader.read(), reader.problems
