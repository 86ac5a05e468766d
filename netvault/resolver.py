"""Link resolution of SPEC 1.3, as lookup tables built once per vault. Pure.

Order: exact id -> exact name -> alias -> the same three case-insensitively and
NFC-normalised -> a note's path or file name (or alias) -> a vault file. Two candidates at
the first stage that finds any make the link ambiguous; none anywhere, unresolved. A target
that climbs out of the vault (`..`, an absolute or drive path) is "outside" and never looked up.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from netvault.links import normalise_target
from netvault.model import Contact, Link, Note, Vault

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True)
class Resolved:
    """Where a link goes: a contact id, a note path, a vault file, or nothing."""

    kind: str  # "contact" | "note" | "file" | "unresolved" | "ambiguous" | "outside"
    key: str | None = None
    candidates: tuple[str, ...] = ()


# A name's one key, or the set of keys when several records share the name: most names
# have one, and a plain string is cheaper to build and to read from the cache than a set.
Table = dict[str, str | set[str]]


def _table(pairs: Iterable[tuple[str, str]]) -> Table:
    table: Table = {}
    for name, key in pairs:
        if not name:
            continue
        found = table.get(name)
        if found is None:
            table[name] = key
        elif isinstance(found, str):
            if found != key:
                table[name] = {found, key}
        else:
            found.add(key)
    return table


def _pick(table: Table, name: str, kind: str) -> Resolved | None:
    found = table.get(name)
    if found is None:
        return None
    if isinstance(found, str):
        return Resolved(kind, found)
    return Resolved("ambiguous", None, tuple(sorted(found)))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _nearest(found: Resolved, source: str) -> Resolved:
    """Break a tie between notes of the same name by the one beside the linking file, as
    Obsidian does; two or more in other folders stay ambiguous."""
    if found.kind != "ambiguous":
        return found
    folder = posixpath.dirname(source)
    beside = [path for path in found.candidates if posixpath.dirname(path) == folder]
    return Resolved("note", beside[0]) if len(beside) == 1 else found


def climbs_out(target: str) -> bool:
    cleaned = target.replace("\\", "/").strip()
    if cleaned.startswith("/") or _DRIVE.match(target.strip()):
        return True
    return ".." in cleaned.split("/")


class Resolver:
    def __init__(self, vault: Vault) -> None:
        contacts = vault.contacts
        self._contact_stages: list[Table] = [
            _table((_nfc(c.id), c.id) for c in contacts),
            _table((_nfc(c.name), c.id) for c in contacts),
            _table((_nfc(a), c.id) for c in contacts for a in c.aliases),
            _table((normalise_target(c.id), c.id) for c in contacts),
            _table((normalise_target(c.name), c.id) for c in contacts),
            _table((normalise_target(a), c.id) for c in contacts for a in c.aliases),
        ]
        records: list[Contact | Note] = [*contacts, *vault.notes]
        kind_of = {c.path: "contact" for c in contacts} | {n.path: "note" for n in vault.notes}
        self._kind_of = kind_of
        self._contact_of_path = {c.path: c.id for c in contacts}
        self._by_path = _table((normalise_target(r.path), r.path) for r in records)
        suffixes: list[tuple[str, str]] = []
        for record in records:
            parts = record.path.split("/")
            suffixes.extend(("/".join(parts[i:]), record.path) for i in range(1, len(parts)))
        self._by_suffix = _table((normalise_target(s), p) for s, p in suffixes)
        self._by_stem = _table((normalise_target(n.id), n.path) for n in vault.notes)
        self._by_alias = _table(
            (normalise_target(a), n.path) for n in vault.notes for a in n.aliases
        )
        self._files = _table((normalise_target(f), f) for f in vault.files)
        self._file_names = _table((normalise_target(f.rsplit("/", 1)[-1]), f) for f in vault.files)
        self._names = sorted({c.name for c in contacts} | {a for c in contacts for a in c.aliases})
        self._folded_names = {normalise_target(n): n for n in self._names}
        self._closest: dict[str, str | None] = {}
        # a vault names the same people again and again: resolve each spelling once
        self._person_cache: dict[tuple[str, str, str], Resolved] = {}
        self._link_cache: dict[tuple[str, str, str], Resolved] = {}

    def __getstate__(self) -> dict[str, object]:
        """Pickled without its memo tables: they only speed up building an index, and would
        make the parse cache a third bigger and slower to load."""
        state = dict(self.__dict__)
        state["_person_cache"], state["_link_cache"], state["_closest"] = {}, {}, {}
        return state

    def resolve_person(self, link: Link, source: str = "") -> Resolved:
        """Contacts only: `with`, `introduced`, `introduced_by`, `recommended_by`. A
        Markdown link's path is relative to `source`, the file that holds it (SPEC 1.3)."""
        folder = source.rpartition("/")[0] if link.kind == "markdown" else ""
        key = (link.target, link.kind, folder)
        found = self._person_cache.get(key)
        if found is None:
            found = self._person_cache[key] = self._resolve_person(link, source)
        return found

    def _resolve_person(self, link: Link, source: str) -> Resolved:
        if link.kind == "markdown":
            relative = self._resolve_relative(link.target, source)
            if relative.kind == "contact":
                return relative
        target = unicodedata.normalize("NFC", link.target.strip())
        folded = normalise_target(target)
        for stage, table in enumerate(self._contact_stages):
            found = _pick(table, target if stage < 3 else folded, "contact")
            if found:
                return found
        if link.kind == "markdown" or "/" in target:
            path_hit = _pick(self._by_path, folded, "path") or _pick(
                self._by_suffix, folded, "path"
            )
            if path_hit and path_hit.key in self._contact_of_path:
                return Resolved("contact", self._contact_of_path[path_hit.key])
        return Resolved("unresolved")

    def resolve(self, link: Link, source: str = "") -> Resolved:
        # The answer depends on the source's folder (relative links, same-folder ties) only.
        # `rpartition` is a finer key than `posixpath.dirname` (which also folds `a//b`), so a
        # cached answer is never reused for another folder, and it is cheaper.
        key = (link.target, link.kind, source.rpartition("/")[0])
        found = self._link_cache.get(key)
        if found is None:
            found = self._link_cache[key] = self._resolve(link, source)
        return found

    def _resolve(self, link: Link, source: str) -> Resolved:
        if climbs_out(link.target) and link.kind != "markdown":
            return Resolved("outside")
        if link.kind == "markdown":
            return self._resolve_relative(link.target, source)
        person = self.resolve_person(link)
        if person.kind != "unresolved":
            return person
        folded = normalise_target(link.target)
        for table in (self._by_path, self._by_suffix, self._by_stem, self._by_alias):
            found = _pick(table, folded, "note")
            if found:
                return self._as_record(_nearest(found, source))
        for table in (self._files, self._file_names):
            found = _pick(table, folded, "file")
            if found:
                return found
        return Resolved("unresolved")

    def _resolve_relative(self, target: str, source: str) -> Resolved:
        """A Markdown link's path is relative to the file that holds it."""
        target = target.replace("\\", "/").strip()
        if target.startswith("/") or _DRIVE.match(target):
            return Resolved("outside")
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
        if joined == ".." or joined.startswith("../"):
            return Resolved("outside")
        folded = normalise_target(joined)
        found = _pick(self._by_path, folded, "note")
        if found:
            return self._as_record(found)
        return _pick(self._files, folded, "file") or Resolved("unresolved")

    def _as_record(self, found: Resolved) -> Resolved:
        if found.kind == "note" and found.key in self._contact_of_path:
            return Resolved("contact", self._contact_of_path[found.key])
        return found

    def closest_person(self, text: str) -> str | None:
        """The contact name or alias closest to a misspelt one (for "did you mean")."""
        if text not in self._closest:
            folded = normalise_target(text)
            match = difflib.get_close_matches(folded, list(self._folded_names), n=1, cutoff=0.6)
            self._closest[text] = self._folded_names[match[0]] if match else None
        return self._closest[text]
