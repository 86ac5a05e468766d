"""Where everything lives in the site: one slug per contact, note, tag and copied file.

Pure. `SiteMap` allocates every slug up front in sorted order (so output is deterministic
and a page can link to any other page), hands out the typed references the page contexts
hold, and makes the `resolve` callback that `render_markdown` calls for each link of a body.
Files a body embeds or links are copied into `files/` only when a page refers to them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field

from netvault.index import Index
from netvault.model import Contact, Link, Note
from netvault.render.markdown import LinkTarget, Resolve, heading_id
from netvault.render.pages import NoteRef, PersonRef, TagRef
from netvault.render.slugs import SlugAllocator, slugify

IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "avif", "bmp", "ico", "svg"})
# Opened straight from the site these would run their own scripts without the page's CSP.
ACTIVE_EXTENSIONS = frozenset({"html", "htm", "xhtml", "shtml", "js", "mjs", "xml", "xsl"})


def root_of(output_path: str) -> str:
    """The prefix that climbs from `output_path`'s folder to the site root."""
    return "../" * output_path.count("/")


def display_title(note: Note) -> str:
    """The note's title; when it is only the file name and a summary exists, the summary
    reads better in lists ("Coffee with Ada" beats "2026-05-02-coffee-with-ada")."""
    if note.title == note.id and note.summary:
        return note.summary
    return note.title


def note_slug_text(path: str) -> str:
    """What a note's page is named after: its path under `notes/`, without a year folder
    its file name starts with again (`notes/2026/2026-01-14-coffee` -> `2026-01-14-coffee`,
    not `2026-2026-01-14-coffee`). Clashes are told apart by the slug allocator."""
    stem = path[:-3] if path.lower().endswith(".md") else path
    stem = stem.removeprefix("notes/")
    folder, _, name = stem.rpartition("/")
    year = folder.rpartition("/")[2]
    if len(year) == 4 and year.isdigit() and name.startswith(year + "-"):
        stem = f"{folder.rpartition('/')[0]}/{name}".lstrip("/")
    return stem


@dataclass
class FileUse:
    """A vault file some page refers to, and the first page (and line) that did."""

    vault_path: str
    site_path: str


@dataclass
class SiteMap:
    index: Index
    slugs: SlugAllocator = field(default_factory=SlugAllocator)
    files: dict[str, FileUse] = field(default_factory=dict)  # vault path -> use
    refused: list[tuple[str, str]] = field(default_factory=list)  # (source, target) not copied
    contact_of_path: dict[str, str] = field(default_factory=dict)  # contact file -> id
    _person_refs: dict[str, PersonRef] = field(default_factory=dict)
    _note_refs: dict[str, NoteRef] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.contact_of_path = {c.path: c.id for c in self.index.contacts.values()}
        for contact_id in sorted(self.index.contacts):
            self.slugs.allocate("people", contact_id)
        for path in sorted(self.index.notes):
            self.slugs.allocate("notes", path, note_slug_text(path))
        for tag in sorted(self.index.tags):
            self.slugs.allocate("tags", tag)
        # In link order; only file links count, so they are picked out before sorting.
        files = [
            (where, found.key)
            for where, found in self.index.resolved_links.items()
            if found.kind == "file" and found.key and self._copyable(found.key)
        ]
        for _where, key in sorted(files):
            self.file_path(key)

    # --- output paths -------------------------------------------------------------------

    def person_path(self, contact_id: str) -> str | None:
        slug = self.slugs.get("people", contact_id)
        return f"people/{slug}.html" if slug else None

    def note_path(self, path: str) -> str | None:
        slug = self.slugs.get("notes", path)
        return f"notes/{slug}.html" if slug else None

    def tag_path(self, tag: str) -> str:
        return f"tags/{self.slugs.allocate('tags', tag)}.html"

    def file_path(self, vault_path: str) -> str:
        use = self.files.get(vault_path)
        if use is None:
            stem, dot, extension = vault_path.rpartition(".")
            if not dot or "/" in extension:
                stem, extension = vault_path, ""
            slug = self.slugs.allocate("files", vault_path, stem)
            suffix = slugify(extension) if extension else ""
            use = FileUse(vault_path, f"files/{slug}.{suffix}" if suffix else f"files/{slug}")
            self.files[vault_path] = use
        return use.site_path

    @staticmethod
    def _copyable(vault_path: str) -> bool:
        return vault_path.rpartition(".")[2].lower() not in ACTIVE_EXTENSIONS

    def contact(self, path: str) -> Contact | None:
        """The contact whose file is `path`, if any."""
        contact_id = self.contact_of_path.get(path)
        return self.index.contacts.get(contact_id) if contact_id is not None else None

    # --- references ---------------------------------------------------------------------

    def person(self, contact_id: str) -> PersonRef:
        ref = self._person_refs.get(contact_id)
        if ref is None:
            contact = self.index.contacts.get(contact_id)
            if contact is None:
                ref = PersonRef(contact_id, contact_id, None)
            else:
                ref = PersonRef(contact_id, contact.name, self.person_path(contact_id))
            self._person_refs[contact_id] = ref
        return ref

    def people(self, ids: tuple[str, ...] | list[str]) -> tuple[PersonRef, ...]:
        return tuple(self.person(contact_id) for contact_id in ids)

    def note(self, path: str) -> NoteRef:
        ref = self._note_refs.get(path)
        if ref is None:
            ref = self._note_refs[path] = self._make_note_ref(path)
        return ref

    def _make_note_ref(self, path: str) -> NoteRef:
        note = self.index.notes.get(path)
        if note is None:
            contact = self.contact(path)
            if contact is not None:
                return NoteRef(self.person_path(contact.id), contact.name, None)
            return NoteRef(None, path, None)
        date = note.date.isoformat() if note.date else None
        return NoteRef(self.note_path(path), display_title(note), date)

    def tag(self, name: str) -> TagRef:
        return TagRef(name, self.tag_path(name), len(self.index.tags.get(name, ())))

    def tags(self, names: tuple[str, ...]) -> tuple[TagRef, ...]:
        return tuple(self.tag(name) for name in sorted(names))

    # --- links inside bodies ------------------------------------------------------------

    def resolver(self, record: Contact | Note, root: str) -> Resolve:
        """The `resolve(target, heading, embed)` callback for one body on a page at `root`.

        Links are looked up in what the index resolved for this file (so a Markdown link's
        path stays relative to the file); a target the scanner did not see is resolved
        afresh, as a wikilink first and then as a relative path.
        """
        known: dict[tuple[str, bool], Link] = {}
        for link in record.body.links:
            known.setdefault((link.target, link.embed), link)
            known.setdefault((link.target, not link.embed), link)

        def resolve(target: str, heading: str | None, embed: bool) -> LinkTarget:
            link = known.get((target, embed))
            if link is not None:
                found = self.index.resolved_links.get((record.path, link.line, link.col))
                if found is None:
                    found = self.index.resolve(link, record.path)
            else:
                found = self.index.resolve(Link(target, 1, embed=embed), record.path)
                if found.kind == "unresolved":
                    as_path = Link(target, 1, embed=embed, kind="markdown")
                    found = self.index.resolve(as_path, record.path)
            return self._target(found.kind, found.key, heading, root, record.path, target)

        return resolve

    def _target(
        self, kind: str, key: str | None, heading: str | None, root: str, source: str, target: str
    ) -> LinkTarget:
        anchor = f"#{heading_id(heading)}" if heading else ""
        if kind == "contact" and key:
            ref = self.person(key)
            if ref.path:
                return LinkTarget(root + ref.path + anchor, ref.name, "person")
        elif kind == "note" and key:
            ref_note = self.note(key)
            if ref_note.path:
                return LinkTarget(root + ref_note.path + anchor, ref_note.title, "note")
        elif kind == "file" and key:
            if not self._copyable(key):
                self.refused.append((source, target))
                return LinkTarget(None, posixpath.basename(key), "unresolved")
            site_path = self.file_path(key)
            extension = key.rpartition(".")[2].lower()
            is_image = extension in IMAGE_EXTENSIONS
            return LinkTarget(
                root + site_path, posixpath.basename(key), "image" if is_image else "file"
            )
        elif kind == "outside":
            return LinkTarget(None, None, "outside")
        return LinkTarget(None, None, "unresolved")


# --- dates in words -------------------------------------------------------------------


def _span(days: int) -> str:
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{days // 7} weeks"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def ago(day: dt.date | None, today: dt.date) -> str:
    """ "today", "3 days ago", "in 2 weeks": how far `day` is from `today`."""
    if day is None:
        return "never"
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {_span(delta)}" if delta > 0 else f"{_span(-delta)} ago"


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
