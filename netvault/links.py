"""Link syntax (SPEC 1.3): find `[[wikilinks]]`, `![[embeds]]` and Markdown links in text.

Pure, and only the *syntax*: the loader calls `parse_reference` on link-typed front matter
values and `netvault.body` scans a body through `scan_text`; `netvault.index` resolves the
targets, comparing them through `normalise_target`. `scan_text` also hands `netvault.body`
the text with code masked, so links, tags and tasks agree on what is code.

Speed (BAD-INPUTS 17: a 5 MB note, a 100 KB line): each pattern runs once over the whole
text, in C, and none can backtrack badly (no nested quantifiers over the same characters).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from itertools import accumulate
from typing import NamedTuple
from urllib.parse import unquote

from netvault.model import Link

MASK = "\x00"  # stands in for code and for links already found

# The part between `[[` and `]]`: no brackets, no newline. It may hold masked code (a label
# like `[[Functions#hasTag|`hasTag`]]`); the link's text is then read from the original.
_WIKI = re.compile(r"\[\[([^\[\]\n]*)\]\]")
# `[label](dest "title")`. The label has no brackets at all (a `\[` ends it, too) so that
# every `](` can only be reached from the nearest `[` before it. Both patterns start with a
# literal `[` so that the regex engine can skip ahead; a `!` before it is looked at by hand.
_MARKDOWN = re.compile(
    r"\[([^\[\]\n]*)\]\([ \t]*"
    r"(<[^<>\n\x00]*>|[^\s()<>\x00]*(?:\([^\s()\x00]*\)[^\s()<>\x00]*)*)"
    r"""(?:[ \t]+(?:"[^"\n\x00]*"|'[^'\n\x00]*'|\([^()\n\x00]*\)))?[ \t]*\)"""
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
# Indented code (see `_may_hold_indented_code`): a line indented by four columns or more,
# counted after any quote and list markers (a tab counts as up to four), lazily over one
# character class, so a line of 200 nested markers costs one pass; and a line after which
# such a line starts a code block rather than continuing a paragraph or a list item:
# blank (markers only), a heading, fence, table row, rule or underline, a definition.
# A list item whose text starts five columns or more after its marker starts with code,
# whatever comes before it.
_INDENTED_LINE = re.compile(r"[ >*+\-0-9.)]*?(?: {4}|\t)")
_BEFORE_CODE = re.compile(r"[ \t>*+\-0-9.)=_]*(?:$|[#`~|]|\[[^\]]*\]:)")
_ITEM_CODE = re.compile(r"[ >]*(?:[-*+]|\d{1,9}[.)])(?: {5}| {0,4}\t)")
# Fences may sit in quotes and list items; any indentation is accepted because an indented
# code block holding a lone ``` line is rarer than a fence nested deep in a list.
_FENCE = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})([^\n]*)", re.M)
# Where a paragraph ends, so a code span cannot pair backticks across it: before a blank
# line, a heading, a list item, or a masked (fenced) line.
_BREAK = re.compile(
    r"\n(?=[ \t]*(?:\n|\Z)|[ \t>]*(?:#{1,6}(?:[ \t\n]|\Z)|[-*+][ \t]|\d{1,9}[.)][ \t])|\x00)"
)
_BACKTICKS = re.compile(r"`+")
_NEWLINE = re.compile(r"\n")


class Scan(NamedTuple):
    """A body seen by `scan_text`. The masked texts have the length and the newlines of
    `text`; `code_masked` hides fenced blocks and inline code, `masked` the links too."""

    text: str
    code_masked: str
    masked: str
    line_starts: list[int]  # offset of each line's first character
    first_line: int
    links: tuple[Link, ...]

    def line_at(self, offset: int) -> int:
        """The file line of a text offset."""
        return self.first_line + bisect.bisect_right(self.line_starts, offset) - 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) offsets of the line holding `offset`, without its newline."""
        start = self.line_starts[bisect.bisect_right(self.line_starts, offset) - 1]
        end = self.text.find("\n", offset)
        return start, len(self.text) if end < 0 else end


@functools.lru_cache(maxsize=65536)
def normalise_target(target: str) -> str:
    """The form resolution compares: `My Note.MD ` and `my  note` are the same target.
    Cached: a vault names the same few thousand people hundreds of thousands of times."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", target).casefold())
    folded = " ".join(folded.replace("\\", "/").split())
    if folded.endswith(".md"):
        folded = folded[:-3].rstrip()
    return folded


def parse_reference(text: str, line: int, col: int) -> Link:
    """A link-typed field value or `with` entry: `[[Ada]]`, `[[ada|Ada]]`, `@Ada`, `Ada`.

    Text after a leading wikilink (`[[Ada]] (host)`) is ignored; anything else is a plain
    name. An empty value gives a plain link with an empty target, which callers report.
    """
    value = text.strip()
    if value.startswith("@"):
        value = value[1:].lstrip()
    embed = value.startswith("!")
    rest = value[1:] if embed else value
    wiki = _WIKI.match(rest)
    if wiki:
        link = _wiki_link(wiki.group(1), line, col, embed)
        if link is not None:
            return link
    markdown = _MARKDOWN.fullmatch(rest)
    if markdown:
        link = _markdown_link(markdown.group(1), markdown.group(2), line, col, embed)
        if link is not None:
            return link
    return Link(target=value, line=line, col=col, kind="plain")


def find_links(text: str, first_line: int) -> tuple[Link, ...]:
    """Every link in a Markdown body outside code, in text order.

    `first_line` is the file line of the text's first line; columns are 1-based and point
    at the link's first character (the `!` of an embed or image).
    """
    return scan_text(text, first_line).links


def scan_text(text: str, first_line: int) -> Scan:
    """Mask the code of a body and find its links (see `Scan`)."""
    # Offsets of line starts from line lengths, without a Python step per line.
    line_starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n")[:-1])), initial=0))
    code_masked = mask_code(text)
    masked = code_masked
    starts: list[int] = []
    links: list[Link] = []
    if "[[" in masked:
        masked = _find(_WIKI, masked, text, line_starts, first_line, starts, links)
    wiki_links = len(links)
    if "](" in masked:
        masked = _find(_MARKDOWN, masked, text, line_starts, first_line, starts, links)
    if 0 < wiki_links < len(links):  # each pass finds links in text order: merge the two
        links = [links[i] for i in sorted(range(len(links)), key=starts.__getitem__)]
    return Scan(text, code_masked, masked, line_starts, first_line, tuple(links))


_PLUS_ONE = (1).__add__


def _find(
    pattern: re.Pattern[str],
    masked: str,
    text: str,
    line_starts: list[int],
    first_line: int,
    starts: list[int],
    links: list[Link],
) -> str:
    """Add the links `pattern` finds in `masked` to `links` (and their offsets to `starts`);
    return `masked` with them masked (links whose target is empty too), so that the next
    pattern cannot find them again."""
    spans: list[tuple[int, int]] = []
    wiki = pattern is _WIKI
    beyond = len(text) + 1
    index, next_start = 0, line_starts[1] if len(line_starts) > 1 else beyond
    for match in pattern.finditer(masked):
        start, end = match.span()
        before = masked[start - 1] if start else ""
        embed = False
        if before == "\\":
            if _escaped(masked, start):
                continue  # `\[[x]]` is text
        elif before == "!":
            # `\![[x]]` is a `!` and then a link, not an embed.
            embed = not _escaped(masked, start - 1)
            start -= embed
        spans.append((start, end))
        if start >= next_start:  # links come in text order: find the line from the last one
            index = bisect.bisect_right(line_starts, start, index) - 1
            next_start = line_starts[index + 1] if index + 1 < len(line_starts) else beyond
        inner_start, inner_end = match.span(1)
        if wiki:
            parts = _wiki_parts(text[inner_start:inner_end])
            if parts is None:
                continue
            target, label, heading = parts
            col = start - line_starts[index] + 1
            links.append(Link(target, first_line + index, col, label, heading, embed, "wiki"))
        else:
            label = text[inner_start:inner_end]
            col = start - line_starts[index] + 1
            link = _markdown_link(label, match.group(2), first_line + index, col, embed)
            if link is None:
                continue
            links.append(link)
        starts.append(start)
    return _mask(masked, spans) if spans else masked


def mask_code(text: str) -> str:
    """`text` with code blocks and inline code spans replaced by MASK.

    Fences open with ``` or ~~~ (three or more) after any indentation, `>` quote markers or
    one list marker, and close with the same character at least as long; an unclosed fence
    runs to the end, as in CommonMark. A code span may cross lines but not a paragraph end.
    A body with a line indented by four columns or more may hold an indented code block,
    or a fence that is only text in one, and whether it does depends on the blocks around
    it (a paragraph's continuation, a nested list item): its blocks are then found by the
    site's own Markdown parser, which is slower but exact.
    """
    if _may_hold_indented_code(text):
        from netvault.render.markdown import code_block_lines  # loaded only when needed

        text = _mask(text, _line_spans(text, code_block_lines(text)))
    elif "```" in text or "~~~" in text:
        text = _mask(text, _fenced_blocks(text))
    if "`" not in text:
        return text
    breaks = [match.start() for match in _BREAK.finditer(text)] if "\n" in text else []
    return _mask(text, code_spans(text, breaks))


def _may_hold_indented_code(text: str) -> bool:
    """Whether a line of `text` may start an indented code block. A false alarm only costs
    time (the exact parser runs); nested list items, the usual indented lines, raise none."""
    if "    " not in text and "\t" not in text:
        return False
    previous = ""  # the body's first line may start one
    for line in text.split("\n"):
        if _INDENTED_LINE.match(line) and (_BEFORE_CODE.match(previous) or "|" in previous):
            return True
        if _ITEM_CODE.match(line):
            return True
        previous = line
    return False


def _line_spans(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) offsets of whole lines, from (first, end excluded) line numbers."""
    if not lines:
        return []
    starts = list(accumulate(map(_PLUS_ONE, map(len, text.split("\n"))), initial=0))
    return [(starts[first], starts[end] - 1) for first, end in lines]


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    fence, opened = "", 0
    for match in _FENCE.finditer(text):
        run, rest = match.group(1), match.group(2)
        if not fence:
            if not (run[0] == "`" and "`" in rest):
                fence, opened = run, match.start()
        elif run.startswith(fence) and not rest.strip():
            blocks.append((opened, match.end()))
            fence = ""
    if fence:
        blocks.append((opened, len(text)))
    return blocks


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each (start, end) span by MASK, keeping newlines so lines stay lines."""
    pieces: list[str] = []
    done = 0
    for start, end in spans:
        pieces.append(text[done:start])
        span = text[start:end]
        if "\n" in span:
            pieces.append("\n".join(MASK * len(part) for part in span.split("\n")))
        else:
            pieces.append(MASK * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _escaped(text: str, index: int) -> bool:
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _wiki_link(inner: str, line: int, col: int, embed: bool) -> Link | None:
    parts = _wiki_parts(inner)
    if parts is None:
        return None
    target, label, heading = parts
    return Link(target, line, col, label, heading, embed, "wiki")


@functools.lru_cache(maxsize=65536)
def _wiki_parts(inner: str) -> tuple[str, str | None, str | None] | None:
    """(target, label, heading) of the text between `[[` and `]]`. Cached: a vault names
    the same people over and over."""
    target, _, label = inner.partition("|")
    # Inside a table Obsidian writes the separator as `\|`.
    target = target.removesuffix("\\")
    target, hash_, heading = target.partition("#")
    target, heading, label = target.strip(), heading.strip(), label.strip()
    if not target and not heading:
        return None
    return target, label or None, heading if hash_ else None


def _markdown_link(label: str, dest: str, line: int, col: int, embed: bool) -> Link | None:
    label = label.strip()
    if dest.startswith("<") and dest.endswith(">"):
        dest = dest[1:-1]
    # CommonMark decodes entities (`&#106;avascript:` is `javascript:`) and backslash
    # escapes in a destination: read it as the renderer (markdown-it) will. Only entities
    # ending in `;` count, so `meetings&notes.md` keeps its `&not`. Imported only when
    # needed: `due` on an unchanged vault loads no Markdown parser at all.
    if "&" in dest or "\\" in dest:
        from markdown_it.common.utils import unescapeAll

        dest = unescapeAll(dest)
    dest = dest.strip()
    if not dest or _SCHEME.match(dest) or dest.startswith("//"):
        return None
    path, hash_, heading = dest.partition("#")
    target, heading = unquote(path).strip(), unquote(heading).strip()
    if not target and not heading:
        return None
    return Link(
        target=target,
        line=line,
        col=col,
        label=label or None,
        heading=heading if hash_ else None,
        embed=embed,
        kind="markdown",
    )


def code_spans(text: str, breaks: list[int] | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each inline code span, backticks included (CommonMark rules:
    a run of N backticks closes only with a run of exactly N; a `\\` before the opener
    makes its first backtick literal). No span crosses a `breaks` offset. Linear up to a
    log factor: each run looks up its closer by bisection, never by scanning."""
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICKS.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (_, length) in enumerate(runs):
        by_length.setdefault(length, []).append(index)
    spans: list[tuple[int, int]] = []
    covered = 0
    for index, (start, length) in enumerate(runs):
        if start < covered:
            continue
        if _escaped(text, start):
            start, length = start + 1, length - 1
            if not length:
                continue
        candidates = by_length.get(length, [])
        after = bisect.bisect_right(candidates, index)
        if after == len(candidates):
            continue
        close_start, close_length = runs[candidates[after]]
        if breaks and bisect.bisect(breaks, start) != bisect.bisect(breaks, close_start):
            continue
        covered = close_start + close_length
        spans.append((start, covered))
    return spans
