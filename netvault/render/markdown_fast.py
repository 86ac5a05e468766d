"""A fast path for the Markdown most notes are made of. Pure.

Most bodies in a CRM vault are paragraphs of plain words with wikilinks, and task lists.
markdown-it-py, written in Python, spends about a millisecond on each such note, which is
most of a 20,000-note build. `simple_html` renders exactly that subset directly, to the same
bytes markdown-it writes (tests/test_markdown_fast.py holds it to that on generated and on
random bodies), and returns None for anything else: any character or line start that could
mean more than text (emphasis, code, escapes, entities, HTML, headings, block quotes, other
lists, tables, footnotes, embeds, bare brackets, web and e-mail addresses, indentation,
trailing spaces, ...), which
then goes through markdown-it as before. It only gives up early; it never guesses.

`wikilink_meta` is shared with markdown.py's wikilink rule, so both read `[[...]]` alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it.common.utils import escapeHtml

MAX_WIKILINK = 1000  # characters between `[[` and `]]`; keeps the rule linear

Meta = dict[str, object]
LinkHtml = Callable[[Meta], str]  # a wikilink's meta -> its HTML, as markdown-it renders it

# After the wikilinks are taken out, text holding any of these may be more than text.
# `://` and `@` may be a web or e-mail address, which markdown-it's linkify makes a link.
_SPECIAL = re.compile(r"[\\`*_<>|~{}\[\]^\x00-\x09\x0b-\x1f\x7f@]|&[#A-Za-z0-9]|://")
_WIKILINK = re.compile(rf"\[\[([^\[\]\n]{{0,{MAX_WIKILINK}}})\]\]")
# Line starts that open a block other than a paragraph (or might): lists, rules, setext
# underlines, quotes, tables, headings (`#` then a space, another `#` or nothing).
_BLOCK_START = re.compile(r"[-+*=:>|]|\d+[.)]|#(?:[# ]|$)")
_TASK = re.compile(r"- \[([ xX])\] (?=\S)")
_TASK_OPEN = '<li class="task-list-item"><input class="task-list-item-checkbox" '
_TASK_CLOSE = 'disabled="disabled" type="checkbox"> '


def wikilink_meta(inner: str, embed: bool) -> Meta | None:
    """What `[[inner]]` asks for: target, heading (None without `#`), label, embed."""
    target, _, label = inner.partition("|")
    # Inside a table Obsidian writes the separator as `\|`.
    target, hash_, heading = target.removesuffix("\\").partition("#")
    target, heading, label = target.strip(), heading.strip(), label.strip()
    if not target and not heading:
        return None
    return {
        "target": target,
        "heading": heading if hash_ else None,
        "label": label or None,
        "embed": embed,
    }


def _inline(content: str, parts: list[str | Meta]) -> bool:
    """Append the pieces of one paragraph's (or task's) text to `parts`: escaped text and
    wikilinks still to render. False when the text may be more than words and wikilinks."""
    at = 0
    for match in _WIKILINK.finditer(content):
        text = content[at : match.start()]
        if _SPECIAL.search(text) or text.endswith("!"):  # `![[...]]` is an embed
            return False
        meta = wikilink_meta(match.group(1), False)
        if meta is None:
            return False
        parts.append(escapeHtml(text))
        parts.append(meta)
        at = match.end()
    tail = content[at:]
    if _SPECIAL.search(tail):
        return False
    parts.append(escapeHtml(tail))
    return True


def _blocks(text: str) -> list[list[str]] | None:
    """Runs of non-blank lines; None when a line has leading or trailing white space."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line.strip(" "):
            if current:
                blocks.append(current)
                current = []
            continue
        if line[0].isspace() or line[-1].isspace():
            return None
        current.append(line)
    if current:
        blocks.append(current)
    return blocks


def simple_html(text: str, link: LinkHtml) -> str | None:
    """The HTML markdown-it would make of `text`, when `text` is only paragraphs and task
    lists of plain words and wikilinks; else None. `link(meta)` renders one wikilink; it is
    called, in text order, only once the whole body is known to be simple, so a body that
    goes on to markdown-it has resolved nothing twice."""
    blocks = _blocks(text)
    if blocks is None:
        return None
    parts: list[str | Meta] = []
    after_list = False
    for block in blocks:
        if block[0].startswith("- "):
            if after_list:  # two lists a blank line apart are one loose list
                return None
            parts.append('<ul class="contains-task-list">\n')
            for line in block:
                task = _TASK.match(line)
                if task is None:
                    return None
                checked = 'checked="checked" ' if task.group(1) != " " else ""
                parts.append(f"{_TASK_OPEN}{checked}{_TASK_CLOSE}")
                if not _inline(line[6:], parts):
                    return None
                parts.append("</li>\n")
            parts.append("</ul>\n")
            after_list = True
            continue
        if any(_BLOCK_START.match(line) for line in block):
            return None
        parts.append("<p>")
        if not _inline("\n".join(block), parts):
            return None
        parts.append("</p>\n")
        after_list = False
    return "".join(part if isinstance(part, str) else link(part) for part in parts)
