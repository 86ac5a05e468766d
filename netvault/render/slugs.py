"""Slugs: turn names, titles and tags into safe file names, and keep every output path inside
the output folder (SPEC 5.2, BAD-INPUTS rows 25-26).

Pure: the page assembler asks a `SlugAllocator` for one slug per item (in sorted order, so
the answer is deterministic) and passes every relative output path through
`safe_output_path` before the build writes it.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from anyascii import anyascii

MAX_LENGTH = 80

# Names netvault writes itself in some folder of the site. A contact called "Index" must get
# `people/index-2.html`, never overwrite `people/index.html`.
RESERVED: frozenset[str] = frozenset(
    {
        "404",
        "assets",
        "attachments",
        "contacts",
        "files",
        "graph",
        "index",
        "network",
        "notes",
        "pagefind",
        "people",
        "reminders",
        "robots",
        "search",
        "search-index",
        "tags",
        "timeline",
    }
)

# `con.html` is still unopenable on Windows: the device name wins whatever the extension.
_WINDOWS_DEVICES: frozenset[str] = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HASH_LENGTH = 10


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LENGTH]


def slugify(text: str) -> str:
    """A lower-case `[a-z0-9-]` slug for `text`, never empty, at most ~80 characters.

    Non-Latin scripts are transliterated (`Ελληνικά` -> `ellinika`); when nothing usable is
    left (`""`, `".."`, punctuation only) the slug is a short hash of the text, so different
    inputs still tend to differ. Windows device names get a suffix (`con` -> `con-x`).
    Slugs are not unique by themselves: use `SlugAllocator` for that.
    """
    normalised = unicodedata.normalize("NFC", text)
    ascii_text = anyascii(normalised).lower()
    slug = _NOT_SLUG.sub("-", ascii_text).strip("-")
    if not slug:
        return _short_hash(normalised)
    if len(slug) > MAX_LENGTH:
        # Keep a hash of the whole text so two long names sharing a prefix stay apart.
        head = slug[: MAX_LENGTH - _HASH_LENGTH - 1].rstrip("-")
        slug = f"{head}-{_short_hash(normalised)}"
    if slug in _WINDOWS_DEVICES:
        slug = f"{slug}-x"
    return slug


class SlugAllocator:
    """Hands out slugs that are unique within each folder of the site.

    `allocate(folder, key, text)` returns `slugify(text)`, or on a collision the first free
    `-2`, `-3`, ... variant. Asking again for the same `(folder, key)` returns the same slug,
    so pages can look up each other's slugs at any time. Results depend on the order of
    first requests: allocate in a sorted order for byte-identical builds.
    """

    def __init__(self, reserved: Iterable[str] = RESERVED) -> None:
        self._reserved = frozenset(reserved)
        self._by_key: dict[tuple[str, str], str] = {}
        self._taken: dict[str, set[str]] = {}

    def allocate(self, folder: str, key: str, text: str | None = None) -> str:
        """The slug of the item `key` in `folder` (e.g. `"people"`), made from `text`
        (default: the key itself)."""
        known = self._by_key.get((folder, key))
        if known is not None:
            return known
        taken = self._taken.setdefault(folder, set())
        base = slugify(key if text is None else text)
        slug = base
        counter = 1
        while slug in taken or slug in self._reserved:
            counter += 1
            slug = f"{base}-{counter}"
        taken.add(slug)
        self._by_key[(folder, key)] = slug
        return slug

    def get(self, folder: str, key: str) -> str | None:
        """The slug already allocated to `key` in `folder`, if any."""
        return self._by_key.get((folder, key))

    def taken(self, folder: str) -> frozenset[str]:
        """Slugs handed out so far in `folder` (reserved names not included)."""
        return frozenset(self._taken.get(folder, ()))


# `:` covers drive letters (`C:x`) and NTFS alternate streams (`a.html:x`).
_UNSAFE_CHARS = ("\x00", "\\", ":")


def safe_output_path(out_root: Path, rel: str) -> Path:
    """`out_root / rel`, after proving that `rel` cannot leave `out_root`.

    `rel` is a POSIX relative path such as `people/ada.html`. Raises `ValueError` for
    absolute paths, drive letters and other colons, backslashes, NUL bytes, and empty, `.`
    or `..` parts.
    The proof is lexical (no file system access): the build writes into a fresh folder, so
    there are no symlinks inside it to follow.
    """
    if not rel or rel.startswith("/") or any(bad in rel for bad in _UNSAFE_CHARS):
        raise ValueError(f"unsafe output path: {rel!r}")
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"unsafe output path: {rel!r}")
    candidate = out_root.joinpath(*parts)
    # Belt and braces: the normalised path must still start with the root.
    # A relative root such as `.` (a command run inside the vault) is compared as the
    # absolute path it names: lexically `people/x` does not start with `./`.
    root_text = posixpath.normpath(Path(os.path.abspath(out_root)).as_posix())
    cand_text = posixpath.normpath(Path(os.path.abspath(candidate)).as_posix())
    if not (cand_text == root_text or cand_text.startswith(root_text.rstrip("/") + "/")):
        raise ValueError(f"output path escapes the output folder: {rel!r}")
    return candidate
