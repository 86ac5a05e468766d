"""Front matter out: field values -> the text of a contact or note file (pure).

The reverse of `front_matter.py`. Everything netvault writes goes through here, so it must
read back to the same values and pass `netvault check`. A small emitter rather than
`yaml.safe_dump`: safe_dump decides quoting with PyYAML's own YAML 1.1 resolver, which leaves
`1e3`, `y` or `--11-23`-like edge cases to chance for other readers (Obsidian uses YAML 1.2),
and it cannot be told to write block lists of quoted links in a fixed key order. Here the
rule is simple and conservative: a string is written plain only when it is obviously text
to every YAML reader; otherwise it is double-quoted with JSON-like escapes. Unicode stays
as typed.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping

from netvault.durations import Duration
from netvault.model import Birthday
from netvault.render.slugs import slugify

CONTACT_KEYS: tuple[str, ...] = (
    "name",
    "aliases",
    "tier",
    "cadence",
    "tags",
    "company",
    "title",
    "location",
    "email",
    "phone",
    "website",
    "linkedin",
    "birthday",
    "met",
    "met_where",
    "introduced_by",
    "recommended_by",
    "needs",
    "offers",
    "interests",
    "family",
    "last_contact",
    "snooze_until",
    "archived",
)
NOTE_KEYS: tuple[str, ...] = (
    "date",
    "with",
    "type",
    "summary",
    "initiated_by",
    "gave",
    "asked",
    "introduced",
    "follow_up",
    "next_action",
    "tags",
)

# Words some YAML version reads as true/false/null (1.1 has y/n/on/off, 1.2 true/false).
_SPECIAL_WORDS = frozenset(
    ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "nan", "inf"]
)
# Anything number-, date- or time-like (`01234`, `1e3`, `0x1F`, `12:30`, `2024-01-01`,
# `1_000`): written in quotes so it stays text. Phone numbers with spaces stay plain.
_NUMBERISH = re.compile(r"[-+.]?[0-9][0-9A-Za-z_.:+\-]*")
_PLAIN_FIRST = re.compile(r"[^\W_]|[+(]")
# Indicators such as `@`, `*`, `!`, `'` only matter as the first character (handled by
# _PLAIN_FIRST); these are quoted anywhere: comments, flow collections, wikilinks.
_QUOTE_IF_ANY = set("#[]{}")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Outside YAML's printable set, plus tab and the characters libyaml treats as line breaks
# (NEL, U+2028, U+2029) and a stray BOM: all of these are written as escapes.
_UNPRINTABLE = re.compile(
    "[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x00": "\\0"}

Scalar = str | int | bool | dt.date | Birthday | Duration
FieldValue = Scalar | Iterable[Scalar] | None


def needs_quotes(text: str) -> bool:
    """True unless `text` reads back as the same string in YAML 1.1 and 1.2 when plain."""
    if text == "" or text != text.strip(" ") or _UNPRINTABLE.search(text):
        return True
    if text.casefold() in _SPECIAL_WORDS or _NUMBERISH.fullmatch(text):
        return True
    if not _PLAIN_FIRST.match(text):
        return True
    if ": " in text or text.endswith(":") or " #" in text:
        return True
    return any(char in _QUOTE_IF_ANY for char in text)


def quote(text: str) -> str:
    """A YAML double-quoted scalar; only what YAML cannot hold raw is escaped."""

    def escape(char: str) -> str:
        if char in _ESCAPES:
            return _ESCAPES[char]
        if _UNPRINTABLE.match(char):
            code = ord(char)
            return f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}"
        return char

    return '"' + "".join(escape(char) for char in text) + '"'


def scalar_text(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        raise TypeError("write dates, not date-times")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Birthday):
        return birthday_text(value)
    if isinstance(value, Duration):
        return value.text
    return quote(value) if needs_quotes(value) else value


def birthday_text(birthday: Birthday) -> str:
    month_day = f"{birthday.month:02d}-{birthday.day:02d}"
    return f"{birthday.year:04d}-{month_day}" if birthday.year is not None else f"--{month_day}"


def _key_text(key: str) -> str:
    plain = _PLAIN_KEY.fullmatch(key) and key.casefold() not in _SPECIAL_WORDS
    return key if plain else quote(key)


def _field_lines(key: str, value: FieldValue) -> list[str]:
    if value is None:
        return []
    if isinstance(value, Scalar):
        return [f"{_key_text(key)}: {scalar_text(value)}"]
    items = list(value)
    if not items:
        return [f"{_key_text(key)}: []"]
    return [f"{_key_text(key)}:", *(f"  - {scalar_text(item)}" for item in items)]


def ordered_keys(keys: Iterable[str], canonical: tuple[str, ...]) -> list[str]:
    """Known keys in table order, then the unknown ones sorted."""
    present = set(keys)
    return [key for key in canonical if key in present] + sorted(present - set(canonical))


def render_front_matter(fields: Mapping[str, FieldValue], canonical: tuple[str, ...]) -> str:
    lines = ["---"]
    for key in ordered_keys(fields, canonical):
        lines.extend(_field_lines(key, fields[key]))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _with_body(front_matter: str, body: str) -> str:
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip("\n")
    return front_matter + ("\n" + body + "\n" if body else "")


def render_contact(fields: Mapping[str, FieldValue], body: str = "") -> str:
    """A contact file: front matter in SPEC 1.1 order, then the body."""
    return _with_body(render_front_matter(fields, CONTACT_KEYS), body)


def render_note(fields: Mapping[str, FieldValue], body: str = "") -> str:
    """A note file: front matter in SPEC 1.2 order, then the body."""
    return _with_body(render_front_matter(fields, NOTE_KEYS), body)


def wikilink(target: str) -> str:
    return f"[[{target}]]"


# --- file names ----------------------------------------------------------------------------


def person_slug(name: str) -> str:
    """The file name (without `.md`) for a new contact called `name`.

    Symbols are dropped before transliteration: LinkedIn names carry emoji badges
    (`Hoffmann 🔸`) that would otherwise turn into words in the slug."""
    kept = "".join(
        " " if unicodedata.category(char)[0] in "SC" else char
        for char in unicodedata.normalize("NFC", name)
    )
    return slugify(kept if kept.strip() else name)


def unique_slug(base: str, taken: Collection[str]) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first not in `taken` (compared casefolded)."""
    folded = {unicodedata.normalize("NFC", item).casefold() for item in taken}
    candidate, number = base, 1
    while candidate.casefold() in folded:
        number += 1
        candidate = f"{base}-{number}"
    return candidate
