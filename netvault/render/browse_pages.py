"""Note pages, tags, and the timeline by month (SPEC 5.1). Pure: Index -> page contexts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable

from netvault.model import Contact, Note
from netvault.problems import Problem
from netvault.render.addresses import SiteMap, display_title, root_of
from netvault.render.bodies import render_body
from netvault.render.pages import (
    MONTHS,
    Activity,
    Field,
    Month,
    NotePage,
    NoteRef,
    NoteYear,
    PersonRef,
    TagPage,
    TagPerson,
    TagsPage,
    TimelinePage,
    YearRef,
    field_label,
)
from netvault.render.people_pages import activity


def _note_fields(note: Note) -> tuple[Field, ...]:
    fields: list[Field] = []
    if note.date:
        fields.append(Field("Date", note.date.isoformat()))
    # A summary that already is the page's heading is not repeated.
    summary = note.summary if note.summary != display_title(note) else None
    for label, value in (
        ("Type", note.type),
        ("Summary", summary),
        ("Who reached out", note.initiated_by),  # me / them: "Initiated by: them" read oddly
    ):
        if value:
            fields.append(Field(label, value))
    fields.extend(Field("Gave", item) for item in note.gave)
    fields.extend(Field("Asked", item) for item in note.asked)
    if note.follow_up:
        fields.append(Field("Follow up", note.follow_up.isoformat()))
    if note.next_action:
        fields.append(Field("Next action", note.next_action))
    return tuple(fields)


def note_page(
    note: Note, site_title: str, sitemap: SiteMap, problems: list[Problem]
) -> tuple[str, NotePage]:
    index = sitemap.index
    out = sitemap.note_path(note.path) or "notes/unknown.html"
    root = root_of(out)

    def people(links_ids: list[str]) -> tuple[PersonRef, ...]:
        return sitemap.people(list(dict.fromkeys(links_ids)))

    with_ids: list[str] = []
    for link in note.with_:
        found = index.resolve(link, note.path)
        if found.kind == "contact" and found.key:
            with_ids.append(found.key)
    introduced_ids: list[str] = []
    for link in note.introduced:
        found = index.resolve(link, note.path)
        if found.kind == "contact" and found.key:
            introduced_ids.append(found.key)
    backlinks = index.backlinks.get(note.path, ())
    from_notes = tuple(sitemap.note(path) for path in backlinks if path in index.notes)
    from_people: list[str] = []
    for path in backlinks:
        contact = sitemap.contact(path) if path not in index.notes else None
        if contact is not None:
            from_people.append(contact.id)
    page = NotePage(
        site_title=site_title,
        title=display_title(note),
        root=root,
        section="timeline",
        note=sitemap.note(note.path),
        fields=_note_fields(note),
        # someone both met and introduced is named once, as introduced
        people=people([key for key in with_ids if key not in introduced_ids]),
        introduced=people(introduced_ids),
        tags=sitemap.tags(note.tags),
        backlinks=from_notes,
        mentioned_people=people(from_people),
        extra=tuple(Field(field_label(extra.key), extra.value) for extra in note.extra),
        body=render_body(note, sitemap, root, problems),
        source=note.path,
    )
    return out, page


def tags_page(site_title: str, sitemap: SiteMap) -> TagsPage:
    tags = sorted(sitemap.index.tags, key=lambda tag: (tag.casefold(), tag))
    return TagsPage(
        site_title=site_title,
        title="Tags",
        root=root_of("tags/index.html"),
        section="tags",
        tags=tuple(sitemap.tag(tag) for tag in tags),
    )


def tag_page(
    tag: str, site_title: str, sitemap: SiteMap, status: Callable[[Contact], str]
) -> tuple[str, TagPage]:
    """A tag's people (with company and reconnect status, by `status`) and notes."""
    index = sitemap.index
    out = sitemap.tag_path(tag)
    people: list[TagPerson] = []
    notes: list[NoteRef] = []
    for path in index.tags.get(tag, ()):
        if path in index.notes:
            notes.append(sitemap.note(path))
        else:
            contact = sitemap.contact(path)
            if contact is not None:
                people.append(
                    TagPerson(sitemap.person(contact.id), contact.company or "", status(contact))
                )
    people.sort(key=lambda row: (row.person.name.casefold(), row.person.id))
    notes.sort(key=lambda ref: (ref.date or "", ref.title), reverse=True)
    page = TagPage(
        site_title=site_title,
        title=f"#{tag}",
        root=root_of(out),
        section="tags",
        tag=tag,
        people=tuple(people),
        notes=tuple(notes),
        note_years=_by_year(notes),
    )
    return out, page


# A tag's notes are listed by year from this many on (a busy tag held 254 notes in one
# list of 17,600 px on a phone), when they span more than one year.
YEARS_FROM = 20


def _by_year(notes: list[NoteRef]) -> tuple[NoteYear, ...]:
    """The notes (newest first) in runs of one year, or () when the list is short."""
    if len(notes) < YEARS_FROM:
        return ()
    years: dict[str, list[NoteRef]] = {}
    for ref in notes:
        years.setdefault(ref.date[:4] if ref.date else "Undated", []).append(ref)
    if len(years) < 2:
        return ()
    return tuple(NoteYear(year, f"y-{year.lower()}", tuple(refs)) for year, refs in years.items())


def timeline_pages(
    site_title: str, sitemap: SiteMap, today: dt.date
) -> list[tuple[str, TimelinePage]]:
    """Interactions by month, newest first: planned ones and the latest year on
    `timeline.html`, each earlier year on `timeline/YYYY.html`, so no page grows without
    bound in a vault of 50,000 notes."""
    by_month: dict[str, list[Activity]] = defaultdict(list)
    planned: list[Activity] = []
    for interaction in sitemap.index.interactions:
        entry = activity(interaction, sitemap, today)
        if entry.planned:
            planned.append(entry)
        else:
            day = interaction.day
            by_month[f"{day.year:04d}-{day.month:02d}"].append(entry)
    years = sorted({key[:4] for key in by_month}, reverse=True) or [f"{today.year:04d}"]
    paths = {
        year: "timeline.html" if n == 0 else f"timeline/{year}.html" for n, year in enumerate(years)
    }
    pages: list[tuple[str, TimelinePage]] = []
    for year in years:
        months = tuple(
            Month(
                key=key,
                label=f"{MONTHS[int(key[5:]) - 1]} {key[:4]}",
                entries=tuple(reversed(by_month[key])),
            )
            for key in sorted(by_month, reverse=True)
            if key.startswith(year)
        )
        out = paths[year]
        refs = tuple(
            YearRef(
                y, paths[y], sum(len(by_month[k]) for k in by_month if k.startswith(y)), y == year
            )
            for y in years
        )
        pages.append(
            (
                out,
                TimelinePage(
                    site_title=site_title,
                    title="Timeline" if out == "timeline.html" else f"Timeline {year}",
                    root=root_of(out),
                    section="timeline",
                    planned=tuple(planned) if out == "timeline.html" else (),
                    months=months,
                    years=refs,
                ),
            )
        )
    return pages
