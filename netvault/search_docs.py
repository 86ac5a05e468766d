"""What Pagefind indexes, cut down from the pages: the build's full-text search input. Pure.

Pagefind reads only the element marked `data-pagefind-body` (and takes the first `<h1>` as
the result's title), yet it would parse every byte of 20,000 full pages, and it holds
about 90 KB of memory per page until it writes its index: 1.8 GB for the generated
vault, more than the rest of the build. So the build hands it, for each page with a body,
a small document with just that `<h1>` and that element at the page's own path (so search
results link to the real page), and runs it once per shard of about `SHARD` pages, each
shard writing its own bundle; the search script merges them (`MANIFEST` lists the others).
A page's shard follows from its path alone, so editing one note changes one shard
(fulltext.py reuses the others' bundles).
"""

from __future__ import annotations

import hashlib
import re

SHARD = 2500  # pages per Pagefind run: about 200 MB of Pagefind's memory; two run at once
MANIFEST = "pagefind/netvault-shards.json"  # the bundles beside `pagefind/`, for search.js

_BODY = b"data-pagefind-body"
_HTML_TAG = re.compile(rb"<html[\s>][^>]*>|<html>")
_H1 = re.compile(rb"<h1[\s>].*?</h1>", re.S)
_TAG_NAME = re.compile(rb"<([A-Za-z][A-Za-z0-9]*)")
_TAG = re.compile(rb"<[^>]*>")


def _element_end(page: bytes, start: int, name: bytes) -> int | None:
    """Where the element opened at `start` ends: its tags are counted, which is exact for
    the site's pages (every `<` of the user's text is escaped)."""
    depth = 0
    tags = re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>/]", re.I)
    for tag in tags.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            close = page.find(b">", tag.start())
            return None if close < 0 else close + 1
    return None


def search_document(page: bytes) -> bytes | None:
    """The page cut down to what Pagefind reads, or None when it has nothing to index."""
    marker = page.find(_BODY)
    if marker < 0:
        return None
    start = page.rfind(b"<", 0, marker)
    name = _TAG_NAME.match(page, start) if start >= 0 else None
    end = _element_end(page, start, name.group(1)) if name else None
    if name is None or end is None:
        return page  # not a shape we know: Pagefind reads the whole page
    if not _TAG.sub(b"", page[start:end]).strip():
        return None  # a body of only an image: no word to find (and Pagefind fails on it)
    html = _HTML_TAG.search(page)
    title = _H1.search(page, 0, start)
    return b"".join(
        (
            b"<!DOCTYPE html>\n",
            html.group() if html else b"<html>",
            b'<head><meta charset="utf-8"></head><body>',
            title.group() if title else b"",
            page[start:end],
            b"</body></html>\n",
        )
    )


def shard_folder(number: int) -> str:
    """The site folder of shard `number`'s Pagefind bundle: `pagefind`, `pagefind-2`, ..."""
    return "pagefind" if number == 0 else f"pagefind-{number + 1}"


def shard_count(pages: int, shard: int = SHARD) -> int:
    """How many shards `pages` pages (an upper bound) are cut into."""
    return max(1, -(-pages // max(1, shard)))


def shard_of(rel: str, shards: int) -> int:
    """The shard of the page at `rel`: a stable hash of the path, so it never moves while the
    number of shards stays."""
    return int.from_bytes(hashlib.sha256(rel.encode()).digest()[:8], "big") % shards
