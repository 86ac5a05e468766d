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
import functools
import re
from dataclasses import dataclass, field
from typing import TypeAlias

import yaml

from netvault.problems import Problem, error, warning

try:
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser as _CParser

    _LIBYAML = True
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _CParser = object  # type: ignore[misc,assignment]
    _LIBYAML = False

Value: TypeAlias = str | list["Value"] | dict[str, "Value"] | None

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 50  # far beyond any real contact; keeps values cheap to walk


@dataclass(frozen=True)
class Entry:
    """One top-level front matter key. Lines are file lines: the opening `---` is line 1."""

    key: str
    value: Value
    line: int
    col: int
    value_line: int
    value_col: int


@dataclass(frozen=True)
class Document:
    entries: tuple[Entry, ...]
    body: str
    body_line: int
    has_front_matter: bool
    renderable: bool


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
    conflicted = {p.line for p in problems}
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip(" \t") != "---":
        return Document((), text, 1, False, not problems), problems
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
    if size > MAX_FRONT_MATTER_BYTES:
        message = f"front matter is {size // 1024} KiB, over the 64 KiB limit; it was not read"
        problems.append(error(path, 1, message))
    elif not conflicted or not any(2 <= line <= closing for line in conflicted):
        entries, yaml_problems = read_yaml(yaml_text, path)
        problems.extend(yaml_problems)
    return Document(entries, body, body_line, True, not conflicted), problems


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
    reader = _Reader(text, path)
    return reader.read(), reader.problems


def _conflict_markers(text: str, path: str) -> list[Problem]:
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "|||||||" not in text:
        return []  # a lone `=======` never counts, see below
    markers = [
        (text.count("\n", 0, match.start()) + 1, match.group())
        for match in _CONFLICT.finditer(text)
    ]
    # A lone `=======` is also a Markdown heading underline: only a marker beside real ones.
    if all(marker.startswith("=") for _, marker in markers):
        return []
    return [
        error(path, line, f"git conflict marker `{marker.strip()}`: resolve the conflict first", 1)
        for line, marker in markers
    ]


# --- the strict YAML reader ----------------------------------------------------------------


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


class _Abort(Exception):
    """Stops reading after a problem that makes the rest meaningless."""


_RESOLVER = yaml.resolver.Resolver()
_NOT_TEXT = {
    "null": "empty",
    "bool": "true/false",
    "int": "a number",
    "float": "a number",
    "merge": "a merge symbol",
    "value": "a special symbol",
}
# What YAML accepts as text (YAML 1.1 printable set, plus tab and newline).
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STRUCTURE = (
    yaml.StreamStartEvent,
    yaml.StreamEndEvent,
    yaml.DocumentStartEvent,
    yaml.DocumentEndEvent,
)
_LEADING_TAB = re.compile(r"^ *\t", re.MULTILINE)


def _where(text: str, index: int) -> tuple[int, int]:
    """File line and column of a front matter offset (its text starts at file line 2)."""
    # From the character index, not libyaml's line: libyaml also breaks lines at
    # U+0085/U+2028/U+2029, editors and our body numbering do not.
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 2, index - line_start + 1


class _Reader:
    """Reads one front matter block (text between the `---` lines, starting at file line 2)."""

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.problems: list[Problem] = []
        self.entries: list[Entry] = []
        self.stack: list[_Mapping | _Sequence] = []

    def where(self, index: int) -> tuple[int, int]:
        return _where(self.text, index)

    def fail(self, index: int, message: str) -> None:
        line, col = self.where(index)
        self.problems.append(error(self.path, line, message, col))

    def read(self) -> tuple[Entry, ...]:
        loader = _Loader(self.text)
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
            self.add(done.items, done.start, False)

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
        tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        kind = tag.rsplit(":", 1)[-1]
        if kind in _NOT_TEXT:
            self.fail(
                start,
                f"key {text} is not text (YAML reads it as {_NOT_TEXT[kind]}); "
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

    def add(self, value: Value, start: int, as_key: bool) -> None:
        if as_key:
            self.set_key(_Key(None, start))
            return
        top = self.stack[-1]
        if isinstance(top, _Sequence):
            top.items.append(value)
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
            self.entries.append(Entry(key.text, value, line, col, value_line, value_col))

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
    if "unknown escape" in problem:
        return at, (
            "unknown `\\` escape in a double-quoted value; use single quotes, or write `\\\\`"
        )
    if "could not find expected ':'" in problem:
        return opened, "this line has no `:` after its key"
    if "expected ',' or ']'" in problem:
        return opened, "this `[` list is not closed with `]` (or an item lacks its `,`)"
    if "expected ',' or '}'" in problem:
        return opened, "this `{` mapping is not closed with `}` (or an item lacks its `,`)"
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


def _index(mark: object) -> int:
    """Character offset of a PyYAML or libyaml mark (both count code points)."""
    index = getattr(mark, "index", 0)
    return index if isinstance(index, int) else 0


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


class _Composer(_CParser):
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
    if not _LIBYAML or (_MAYBE_NOT_PLAIN.search(text) and _NOT_PLAIN.search(text)):
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
            line, col = _where(text, key_node.start_mark.index)
            value_line, value_col = _where(text, value_node.start_mark.index)
            entries.append(Entry(key, value, line, col, value_line, value_col))
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
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, key, (True, False))  # type: ignore[no-untyped-call]
    return tag.rsplit(":", 1)[-1] not in _NOT_TEXT


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
        value = _simple_value(spelled)
        if value is None:
            return None
        entries.append(Entry(key, value, number, 1, number, len(key) + 3))
    return tuple(entries)


def _simple_value(spelled: str) -> str | list[Value] | None:
    """The value of `key: <spelled>`, or None when it is not simple."""
    first, last, inner = spelled[0], spelled[-1], spelled[1:-1]
    if first in "\"'":
        simple = len(spelled) > 1 and last == first and first not in inner and "\\" not in inner
        return inner if simple else None
    if first == "[":
        return _simple_list(inner) if last == "]" else None
    if first in _INDICATORS or last == " " or last == ":" or ": " in spelled or " #" in spelled:
        return None
    return spelled


def _simple_list(inner: str) -> list[Value] | None:
    """The items of `[<inner>]`: quoted texts or plain words, separated by commas."""
    if not inner.strip(" "):
        return []
    items: list[Value] = []
    at = 0
    while True:
        item = _FLOW_ITEM.match(inner, at)
        if item is None:
            return None
        double, single, plain = item.groups()
        items.append(double if double is not None else single if single is not None else plain)
        at = item.end()
        if at == len(inner):
            return items
        at += 1  # the comma
