"""Scan a Markdown body (the text after the front matter) into a `Body`: its first `# Heading`,
links, tasks and `#tags`. Pure; the loader calls `scan_body`, the index and engine read it.

Code is never content: `netvault.links.scan_text` masks fenced blocks and inline code once,
and the heading, tasks and tags are all read around that mask, as the links are.

`strip_markup` turns a short Markdown string (a summary, a heading) into plain text for
page titles and the search index.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator

from netvault.durations import parse_date
from netvault.links import MASK, Scan, code_spans, scan_text
from netvault.model import Body, Link, Task

# Line patterns start with the newline before the line and run on "\n" + text: the regex
# engine jumps from newline to newline, where `^` in multi-line mode tries every character.
# A match's start is then the line's offset in the text itself.
_HEADING = re.compile(r"\n {0,3}#(?=[ \t\n]|\Z)")
# Lines that might be tasks: list and quote markers, then a checkbox. One character class,
# so a line of 200 nested markers is scanned once; `_task` checks the structure.
_TASK_LINE = re.compile(r"\n[ \t>*+\-0-9.)]*\[[ xX]\][ \t]")
_CHECKBOX = re.compile(r"\[([ xX])\][ \t]+(\S.*)")
# `📅 2026-05-01` (Obsidian Tasks, with or without the emoji variation selector),
# `due: 2026-05-01` and Dataview's `[due:: 2026-05-01]`.
_DUE = re.compile(r"(?:📅\ufe0f?|(?<!\w)due::?)[ \t]*(\d{4}-\d{2}-\d{2})(?!\d)", re.IGNORECASE)
# Anything a URL could be, so that its `#fragment` is not a tag. The lookbehinds make each
# scan start only at the beginning of a run, which keeps the search linear.
_URL = re.compile(
    r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://[^\s\x00]*"
    r"|(?<![\w.])www\.[^\s\x00]*"
    r"|(?<!\w)mailto:[^\s\x00]*",
    re.IGNORECASE,
)
# A `#` starts a tag only at the line start or after a space or opening punctuation
# (`TAG_AFTER`), so `C#`, `a#b` and `page.html#part` are not tags. The candidate stops at
# whitespace and ASCII punctuation other than `-`, `/` and `_`; `tag_name` trims the rest.
# The pattern starts with a literal `#` so the engine can skip ahead to each one.
TAG = re.compile(r"#([^\s!-,.:-@\[-^`{-~\x00]+)")
TAG_AFTER = frozenset("(\\[{\"',;!?*~>")
_TAG_WORD = re.compile(r"[\w\-/]+")
_MARKUP = re.compile(
    r"\\([!-/:-@\[-`{-~])"  # a backslash escape: keep the character
    r"|!?\[\[([^\[\]\n]*)\]\]"  # a wikilink or embed
    r"|!?\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"  # a Markdown link or image
    r"|(\*+|_+|~~+|==+)"  # an emphasis, strikethrough or highlight marker
)


def scan_body(text: str, first_line: int) -> Body:
    """Heading, links, tasks and tags of a body whose first line is file line `first_line`."""
    scan = scan_text(text, first_line)
    return Body(
        text=text,
        line=first_line,
        heading=_heading(scan),
        links=scan.links,
        tasks=_tasks(scan),
        tags=tuple(sorted(set(_tags(scan.masked)))) if "#" in scan.masked else (),
    )


def _heading(scan: Scan) -> str | None:
    """The first level-1 ATX heading with text, without an optional closing run of `#`."""
    if "#" not in scan.code_masked:
        return None
    for match in _HEADING.finditer("\n" + scan.code_masked):
        _, end = scan.line_bounds(match.start())
        content = scan.text[match.end() - 1 : end].strip(" \t")
        without_closer = content.rstrip("#")
        if without_closer and without_closer[-1] in " \t":
            content = without_closer.rstrip(" \t")
        elif not without_closer:
            content = ""
        if content:
            return content
    return None


# A vault's tasks fall due on the same few hundred days.
_parse_date = functools.lru_cache(maxsize=4096)(parse_date)


def _tasks(scan: Scan) -> tuple[Task, ...]:
    masked = scan.code_masked
    if "[ ]" not in masked and "[x]" not in masked and "[X]" not in masked:
        return ()
    links_by_line: dict[int, list[Link]] | None = None
    tasks: list[Task] = []
    text = scan.text
    for candidate in _TASK_LINE.finditer("\n" + masked):
        start = candidate.start()  # a line start, so it is in `line_starts` itself
        line = scan.first_line + bisect.bisect_left(scan.line_starts, start)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if links_by_line is None:
            links_by_line = {}
            for link in scan.links:
                links_by_line.setdefault(link.line, []).append(link)
        task = _task(scan, start, end, line, links_by_line.get(line, []))
        if task is not None:
            tasks.append(task)
    return tuple(tasks)


def _task(scan: Scan, start: int, end: int, line: int, links: list[Link]) -> Task | None:
    """A list item that starts with `[ ]`, `[x]` or `[X]`, under any nesting of lists and
    quotes. The markers are consumed by a loop, not a regex, so deep nesting stays linear."""
    text = scan.text
    index, in_item = start, False
    while index < end:
        char = text[index]
        if char in " \t":
            index += 1
        elif char == ">":
            index, in_item = index + 1, False
        elif char in "-*+" and text[index + 1 : index + 2] in (" ", "\t"):
            index, in_item = index + 2, True
        elif char in "0123456789":
            digits = index
            while digits < end and digits - index < 10 and text[digits] in "0123456789":
                digits += 1
            if digits - index > 9 or text[digits : digits + 1] not in (".", ")"):
                break
            if text[digits + 1 : digits + 2] not in (" ", "\t"):
                break
            index, in_item = digits + 2, True
        else:
            break
    box = _CHECKBOX.match(text, index, end) if in_item else None
    if box is None:
        return None
    due, bad_due = None, None
    if scan.masked.find("-", index, end) >= 0:  # every due date has one
        for found in _DUE.finditer(scan.masked, index, end):
            due = _parse_date(found.group(1))
            if due is not None:
                bad_due = None
                break
            bad_due = bad_due or found.group(1)
    return Task(line, box.group(2).strip(), box.group(1) != " ", due, tuple(links), bad_due)


def _tags(masked: str) -> Iterator[str]:
    lowered = "" if "://" in masked else masked.lower()
    if not lowered or "www." in lowered or "mailto:" in lowered:
        masked = _URL.sub(lambda m: MASK * (m.end() - m.start()), masked)
    for match in TAG.finditer(masked):
        start = match.start()
        before = masked[start - 1] if start else " "
        if not (before in TAG_AFTER or before.isspace()):
            continue
        name = tag_name(match.group(1))
        if name:
            yield name


def tag_written(candidate: str) -> str:
    """The part of the text after a `#` that is the tag as written: letters of any script,
    digits, `_`, `-`, `/` (and combining marks)."""
    if _TAG_WORD.fullmatch(candidate):
        return candidate
    # Python's \w has no combining marks, which many scripts (and NFD text) need.
    end = 0
    for char in candidate:
        if not (char.isalnum() or char in "_-/" or unicodedata.category(char)[0] == "M"):
            break
        end += 1
    return candidate[:end]


def tag_name(candidate: str) -> str | None:
    """The tag (NFC, lower-cased) the text after a `#` makes: at least one letter or `_`,
    so `#123` and `#2024-05` are not tags (Obsidian's rule is "not only digits")."""
    candidate = tag_written(candidate)
    if not any(char.isalpha() or char == "_" for char in candidate):
        return None
    return unicodedata.normalize("NFC", candidate).lower()


def strip_markup(text: str) -> str:
    """Plain text of a short Markdown string: `[[a|b]]` -> b, `[[a]]` -> a, `[l](u)` -> l,
    `**x**`, `_x_`, `~~x~~`, `==x==` and `` `x` `` -> x; whitespace collapsed."""
    pieces: list[str] = []
    done = 0
    for start, end in code_spans(text):
        pieces.append(_strip_prose(text[done:start]))
        ticks = len(text[start:end]) - len(text[start:end].lstrip("`"))
        code = text[start + ticks : end - ticks]
        if code.startswith(" ") and code.endswith(" ") and code.strip(" "):
            code = code[1:-1]
        pieces.append(code)
        done = end
    pieces.append(_strip_prose(text[done:]))
    return " ".join("".join(pieces).split())


def _strip_prose(text: str) -> str:
    return _MARKUP.sub(_replace_markup, text)


def _replace_markup(match: re.Match[str]) -> str:
    escaped, wiki, label, marker = match.groups()
    if escaped is not None:
        return escaped
    if wiki is not None:
        target, _, shown = wiki.partition("|")
        target, _, heading = target.removesuffix("\\").partition("#")
        return shown.strip() or target.strip() or heading.strip()
    if label is not None:
        return label
    source, start, end = match.string, match.start(), match.end()
    before = source[start - 1] if start else " "
    after = source[end] if end < len(source) else " "
    if marker.startswith("_"):
        # snake_case words keep their underscores; CommonMark does the same.
        return marker if before.isalnum() and after.isalnum() else ""
    return marker if before.isspace() and after.isspace() else ""


# The due date of a task is shown on its own; its marker is noise in the task's text.
_DUE_MARK = re.compile(r"\s*(?:📅\ufe0f?|\[?due::?)\s*\d{4}-\d{2}-\d{2}\]?", re.IGNORECASE)


def task_text(text: str) -> str:
    """A task line as plain words: links as their names, no due-date marker."""
    return strip_markup(_DUE_MARK.sub("", text)).strip()
