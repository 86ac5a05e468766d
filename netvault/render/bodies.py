"""Render one contact's or note's Markdown body for its page, and turn what the renderer
refused into Problems at the file's lines (BAD-INPUTS rows 17, 22, 28). Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

from netvault.model import Contact, Note
from netvault.problems import Problem, warning
from netvault.render.addresses import SiteMap
from netvault.render.inline_tags import link_tags
from netvault.render.markdown import brackets_too_deep, render_markdown


def _line_of(record: Contact | Note, needle: str) -> int:
    """The file line where `needle` first appears in the body (the body's first line if
    it cannot be found). A `//host/x` the renderer took as https is found as written."""
    lines = record.body.text.split("\n")
    for wanted in (needle, needle.removeprefix("https:")):
        for offset, text in enumerate(lines):
            if wanted in text:
                return record.body.line + offset
    return record.body.line


# Bodies that may draw a warning only from the renderer (see `render_body`), as a superset:
# an image or embed (remote?), a Markdown link or reference (outside the vault, a web page),
# a link the index resolved to a file (a web page or script?), brackets nested too deep for
# markdown-it, or a line whose quote and list markers (and indentation) run 40 characters
# or more, as any nesting deep enough to be flattened does. `check` asks this of every
# body: substring tests first.
_DEEP_PREFIX = re.compile(r"\n[ \t>*+\-0-9.)]{40}")  # run on "\n" + text


# A task's checkbox as both renderers write it; its margin stands for the space after it.
_BOX = 'disabled="disabled" type="checkbox">'
_BOX_AND_SPACE = _BOX + " "


def _may_warn(record: Contact | Note, linking_files: set[str]) -> bool:
    text = record.body.text
    return (
        "![" in text
        or "](" in text
        or "]:" in text
        or record.path in linking_files
        or _DEEP_PREFIX.search("\n" + text) is not None
        or brackets_too_deep(text)
    )


def render_warnings(records: Iterable[Contact | Note], sitemap: SiteMap) -> list[Problem]:
    """The problems the build's renderer would find in these bodies, for `check`, which does
    not render: only the bodies that may have any are rendered, and the HTML is dropped."""
    resolved = sitemap.index.resolved_links
    linking_files = {path for (path, _, _), found in resolved.items() if found.kind == "file"}
    problems: list[Problem] = []
    for record in records:
        if _may_warn(record, linking_files):
            render_body(record, sitemap, "", problems)
    return problems


def _without_title(record: Contact | Note) -> str:
    """The body without a leading `# Heading` that repeats the page's own heading (the
    contact's name or the note's title); the line stays, empty, so line numbers hold."""
    text = record.body.text
    title = record.name if isinstance(record, Contact) else record.title
    first_line, newline, rest = text.lstrip("\n").partition("\n")
    if first_line.strip().lstrip("#").strip() == title and first_line.lstrip().startswith("# "):
        skipped = len(text) - len(text.lstrip("\n"))
        return "\n" * skipped + newline + rest
    return text


def render_body(
    record: Contact | Note, sitemap: SiteMap, root: str, problems: list[Problem]
) -> Markup:
    if not record.body.text.strip():
        return Markup("")
    refused_before = len(sitemap.refused)
    result = render_markdown(_without_title(record), sitemap.resolver(record, root))
    for _source, target in sitemap.refused[refused_before:]:
        problems.append(
            warning(
                record.path,
                _line_of(record, target),
                f"{target!r} is a web page or script: not copied into the site, not linked",
            )
        )
    for url in result.remote_images:
        problems.append(
            warning(
                record.path,
                _line_of(record, url),
                f"remote image {url!r} is not loaded by the site; shown as a link",
            )
        )
    already_warned = {
        link.target
        for link in record.body.links
        if sitemap.index.resolved_links.get((record.path, link.line, link.col)) is not None
        and sitemap.index.resolved_links[(record.path, link.line, link.col)].kind == "outside"
    }
    for target in result.outside:
        if target not in already_warned:
            problems.append(
                warning(
                    record.path,
                    _line_of(record, target),
                    f"link points outside the vault: {target!r}; not linked",
                )
            )
    for line in result.flattened:
        problems.append(
            warning(
                record.path,
                record.body.line + line - 1,
                "nested too deeply for Markdown; this part is shown as plain text",
            )
        )
    html = result.html
    if "task-list-item" in html:  # the space after a box was struck through with a done task
        html = html.replace(_BOX_AND_SPACE, _BOX)
    tags = [tag for tag in record.body.tags if tag in sitemap.index.tags]
    if tags:  # `#tag` in the text: a link to its page, as Obsidian shows it
        html = link_tags(html, frozenset(tags), lambda tag: root + sitemap.tag_path(tag))
    # render_markdown escapes all text and builds only safe tags, and link_tags adds links
    # around text that holds no markup character: this is their contract.
    return Markup(html)
