"""`#tags` in a rendered body become links to their tag pages, as Obsidian shows them. Pure.

Works on the body's finished HTML, so the full renderer and the fast one (which give the same
bytes) need no rule of their own. A `#name` is linked when the body scanner found that tag
in this body (`Body.tags`), so every link has its page; it matches by name, not place, so
`&#35;tag` beside a real `#tag` is linked too, and `&amp;#tag`, a tag to the scanner, is
not. Text inside links, code and preformatted blocks, and attributes, are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

from netvault.body import TAG, TAG_AFTER, tag_name, tag_written

_PIECES = re.compile(r"(<[^>]*>)")
_ELEMENT = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
_NOT_TEXT = frozenset({"a", "code", "pre"})  # their text holds no tags
# A character escaped in the HTML, as the body scanner saw it before the tag.
_ESCAPED = {"&quot;": '"', "&#39;": "'", "&amp;": "&", "&lt;": "<", "&gt;": ">"}


def link_tags(html: str, tags: Collection[str], href: Callable[[str], str]) -> str:
    """`html` with each `#tag` of `tags` in its text as `<a class="tag" href=...>#tag</a>`;
    `href(tag)` gives the link (already relative to the page)."""
    if not tags or "#" not in html:
        return html
    pieces = _PIECES.split(html)
    inside = 0
    for at, piece in enumerate(pieces):
        if at % 2:  # an element's tag
            found = _ELEMENT.match(piece)
            if found and found.group(1).lower() in _NOT_TEXT:
                inside = max(0, inside + (-1 if piece.startswith("</") else 1))
        elif not inside and "#" in piece:
            pieces[at] = _link_in_text(piece, tags, href)
    return "".join(pieces)


def _link_in_text(text: str, tags: Collection[str], href: Callable[[str], str]) -> str:
    def link(match: re.Match[str]) -> str:
        start = match.start()
        before = text[start - 1] if start else " "
        for escaped, char in _ESCAPED.items():
            if text.endswith(escaped, 0, start):
                before = char
        name = tag_name(match.group(1))
        if not (before in TAG_AFTER or before.isspace()) or name is None or name not in tags:
            return match.group(0)
        # the tag may stop before the match does (`#tag—more`): the rest stays text
        written = tag_written(match.group(1))
        rest = match.group(1)[len(written) :]
        return f'<a class="tag" href="{href(name)}">#{written}</a>{rest}'

    return TAG.sub(link, text)
