"""The site assembler: Index + Report -> every output file as {relative POSIX path: bytes}.

Pure apart from reading templates and assets (through Jinja's loader and the template
folders) and vault attachments (through the `read_file` callback the build passes in).
Order of work: allocate every slug (`SiteMap`), build one typed context per page, render it
with its template, then add the shared files: assets, the search index, robots.txt,
reminders.ics, contacts.vcf and the attachments pages actually reference. Output is sorted
and free of timestamps and machine paths, so the same vault and `today` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import json
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from functools import partial
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from netvault.engine.report import Report
from netvault.index import Index
from netvault.interchange.ics import SITE_WINDOW, to_ics
from netvault.interchange.vcard import export_vcards
from netvault.problems import Problem, warning
from netvault.render.addresses import SiteMap, display_title
from netvault.render.browse_pages import note_page, tag_page, tags_page, timeline_pages
from netvault.render.dashboard import dashboard_page
from netvault.render.faults import told_as_fault
from netvault.render.network_page import network_page
from netvault.render.pages import Page, long_date
from netvault.render.parallel import Files, Job, Rendered, available_workers, run_jobs
from netvault.render.people_pages import PeopleFacts, people_page, person_page
from netvault.settings import Settings

ReadFile = Callable[[str], bytes | None]
Progress = Callable[[int], None]


ROBOTS = b"User-agent: *\nDisallow: /\n"
PARALLEL_FROM = 1000  # pages; below this, starting worker processes costs more than it saves
CHUNK = 200  # pages per job at most


def package_templates() -> Path:
    """The default templates folder shipped with netvault (top-level `templates/`)."""
    return Path(str(importlib.resources.files("netvault.templates")))


def template_dirs_for(vault_root: Path) -> list[Path]:
    """The vault's own `templates/` first (it overrides by file name), then the defaults."""
    own = vault_root / "templates"
    return [own, package_templates()] if own.is_dir() else [package_templates()]


PAGE_TEMPLATES = ("dashboard.html", "people.html", "person.html", "note.html", "tags.html",
                  "tag.html", "timeline.html", "network.html")  # fmt: skip


def make_environment(template_dirs: Sequence[Path]) -> Environment:
    loader = ChoiceLoader([FileSystemLoader(str(folder)) for folder in template_dirs])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "htm", "xml", "svg"], default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = _thousands
    env.filters["long_date"] = long_date
    return env


def _thousands(number: int) -> str:
    """`35247` -> `35,247`: counts a person reads at a glance (the `thousands` filter)."""
    return f"{number:,}"


def _script_json(value: object) -> str:
    """JSON that is safe inside a script file or tag: `</script>`, `<!--`, U+2028/2029 and
    `&` cannot end the script or break the parse, whatever names the vault holds."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
        ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
    ):  # fmt: skip
        text = text.replace(char, escaped)
    return text


SEARCH_INDEX = "search-index.js"
_INDEX_START = "window.NETVAULT_INDEX = {"
# The key goes first, where `sort_keys` would put it ("fulltext" < "notes" < "people").
_NO_FULL_TEXT = _INDEX_START + '"fulltext":false,'


def search_index(sitemap: SiteMap) -> bytes:
    """`search-index.js`: people by name, alias, company and tag; notes by title and
    summary. A script, not JSON to fetch, so search works from `file://`."""
    index = sitemap.index
    people = []
    for contact_id in sorted(index.contacts):
        contact = index.contacts[contact_id]
        people.append(
            {
                "n": contact.name,
                "a": list(contact.aliases),
                "c": contact.company or "",
                "t": list(contact.tags),
                "u": sitemap.person_path(contact_id),
            }
        )
    notes = []
    for path in sorted(index.notes):
        note = index.notes[path]
        title = display_title(note)  # as lists show it: the summary beats a bare file name
        notes.append(
            {
                "n": title,
                "s": note.summary if note.summary and note.summary != title else "",
                "d": note.date.isoformat() if note.date else "",
                "u": sitemap.note_path(path),
            }
        )
    payload = {"people": people, "notes": notes}
    return f"{_INDEX_START}{_script_json(payload)[1:]};\n".encode()


def without_full_text(index: bytes) -> bytes:
    """`search-index.js` telling search.js that the site has no Pagefind bundle (Pagefind
    is missing or failed, or no page has words to index), so it never asks for one."""
    start = _INDEX_START.encode()
    if not index.startswith(start):
        raise ValueError("not a search index of this build")
    return _NO_FULL_TEXT.encode() + index[len(start) :]


def _assets(template_dirs: Sequence[Path]) -> dict[str, bytes]:
    """Every file under `assets/` of the template folders; the first folder wins."""
    found: dict[str, bytes] = {}
    for folder in reversed(template_dirs):
        assets = folder / "assets"
        if not assets.is_dir():
            continue
        for file in sorted(assets.rglob("*")):
            if file.is_file() and not file.name.startswith("."):
                found["assets/" + file.relative_to(assets).as_posix()] = file.read_bytes()
    return found


def site_files(
    index: Index,
    report: Report,
    settings: Settings,
    today: dt.date,
    template_dirs: Sequence[Path] | None = None,
    *,
    problems: list[Problem],
    read_file: ReadFile | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    unread: Collection[str] = (),
) -> Iterator[tuple[str, bytes]]:
    """Every file of the site as (relative path, bytes), one at a time, so the build can
    write each as it comes instead of holding a 200 MB site in memory. Problems found
    while rendering are appended to `problems`. `unread`: contacts left out of
    contacts.vcf (`unread_contacts`). See `render_site` for the other arguments."""
    dirs = list(template_dirs) if template_dirs is not None else [package_templates()]
    env = make_environment(dirs)
    own = str(dirs[0]) + os.sep if len(dirs) > 1 else None  # the vault's own templates
    sitemap = SiteMap(index)
    facts = PeopleFacts(index, report)
    title = settings.site_title
    pages = page_count(index)
    if workers is None:
        workers = available_workers() if pages >= PARALLEL_FROM else 1
    # Chunks small enough to share the work out evenly, big enough to cost little to send.
    chunk = max(1, min(CHUNK, -(-pages // (workers * 8))))

    def render(template: str, page: Page) -> bytes:
        with told_as_fault(template, own):  # one line, never a traceback: see faults.py
            return env.get_template(template).render(page=page).encode("utf-8")

    def people_chunk(ids: list[str]) -> Rendered:
        found: list[Problem] = []
        files: Files = []
        for contact_id in ids:
            out, person = person_page(index.contacts[contact_id], title, sitemap, facts, found)
            files.append((out, render("person.html", person)))
        return files, found

    def notes_chunk(paths: list[str]) -> Rendered:
        found: list[Problem] = []
        files: Files = []
        for path in paths:
            out, note = note_page(index.notes[path], title, sitemap, found)
            files.append((out, render("note.html", note)))
        return files, found

    def tags_chunk(tags: list[str]) -> Rendered:
        files: Files = []
        for tag in tags:
            out, tag_context = tag_page(tag, title, sitemap, facts.status)
            files.append((out, render("tag.html", tag_context)))
        return files, []

    def one(out: str, make: Callable[[], bytes], early: bool = False) -> Job:
        return Job(lambda: ([(out, make())], []), early=early)

    def timeline() -> Rendered:
        pages = timeline_pages(title, sitemap, today)
        return [(out, render("timeline.html", page)) for out, page in pages], []

    jobs: list[Job] = [
        one(
            "index.html",
            lambda: render(
                "dashboard.html",
                dashboard_page(title, sitemap, report, has_ics=True, has_vcf=True),
            ),
        ),
        one(
            "reminders.html",
            lambda: render(
                "dashboard.html",
                dashboard_page(title, sitemap, report, has_ics=True, has_vcf=True, full=True),
            ),
        ),
        one("people/index.html", lambda: render("people.html", people_page(title, sitemap, facts))),
    ]
    contact_ids = sorted(index.contacts)
    note_paths = sorted(index.notes)
    tags = sorted(index.tags)
    jobs += [Job(partial(people_chunk, part)) for part in _chunks(contact_ids, chunk)]
    jobs += [Job(partial(notes_chunk, part)) for part in _chunks(note_paths, chunk)]
    jobs.append(one("tags/index.html", lambda: render("tags.html", tags_page(title, sitemap))))
    jobs += [Job(partial(tags_chunk, part)) for part in _chunks(tags, chunk)]
    jobs.append(Job(timeline))
    # The graph layout and the calendar take a while each: started first, beside the pages.
    jobs.append(
        one(
            "network.html",
            lambda: render("network.html", network_page(title, sitemap, report)),
            early=True,
        )
    )
    jobs.append(Job(lambda: (list(_assets(dirs).items()), [])))
    jobs.append(one(SEARCH_INDEX, lambda: search_index(sitemap)))
    jobs.append(one("robots.txt", lambda: ROBOTS))
    jobs.append(one("reminders.ics", lambda: to_ics(index, today, SITE_WINDOW), early=True))
    contacts = [index.contacts[key] for key in contact_ids]
    contacts = [contact for contact in contacts if contact.path not in unread]
    jobs.append(one("contacts.vcf", lambda: export_vcards(contacts).encode("utf-8")))

    for name in PAGE_TEMPLATES:
        with told_as_fault(name, own):  # not text, nested too deep
            env.get_template(name)  # compiled once, before the workers are forked
    rendered = 0
    for _job, (files, found) in run_jobs(jobs, lambda: len(sitemap.files), workers):
        problems.extend(found)
        for out, content in files:
            yield out, content
            if out.endswith(".html"):
                rendered += 1
                if progress is not None:
                    progress(rendered)
    # Last: only now is every file the pages refer to known.
    for vault_path, use in sorted(sitemap.files.items()):
        data = read_file(vault_path) if read_file is not None else None
        if data is None:
            if read_file is not None:
                problems.append(warning(vault_path, 1, "cannot read this attachment; not copied"))
            continue
        yield use.site_path, data


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[at : at + size] for at in range(0, len(items), size)]


def render_site(
    index: Index,
    report: Report,
    settings: Settings,
    today: dt.date,
    template_dirs: Sequence[Path] | None = None,
    *,
    read_file: ReadFile | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every file of the site, sorted by path, and the problems found while rendering.

    `template_dirs`: Jinja template folders, first wins (default: the shipped templates).
    `read_file(vault_path)` gives an attachment's bytes (None when it cannot be read);
    without it, referenced attachments are linked but not copied. `progress(n)` is called
    after each rendered page (for the command's progress bar). `workers`: processes that
    render pages (default: one per core for a big vault, else none besides this one);
    the output is the same whatever their number."""
    problems: list[Problem] = []
    files = dict(
        site_files(
            index, report, settings, today, template_dirs,
            problems=problems, read_file=read_file, progress=progress, workers=workers,
        )
    )  # fmt: skip
    return dict(sorted(files.items())), problems


def page_count(index: Index) -> int:
    """How many pages `render_site` renders (for a progress bar's length)."""
    years = {interaction.day.year for interaction in index.interactions}
    return 6 + max(1, len(years)) + len(index.contacts) + len(index.notes) + len(index.tags)
