"""The built site as a whole (SPEC 5; BAD-INPUTS rows 18-23, 25-28): every link resolves,
privacy meta tags on every page, nothing loads from elsewhere, bad content stays text,
odd names get safe slugs, only referenced attachments are copied, vault templates override."""

from __future__ import annotations

import json
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

import pytest

from netvault import build as build_module
from netvault.build import BuildResult
from netvault.render.pages import field_label, long_date
from tests.conftest import REPO, VaultMaker
from tests.site_helpers import (
    SAMPLE,
    Page,
    assert_links_resolve,
    assert_private,
    build,
    html_pages,
    tree,
)

# --- the sample vault -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    out = tmp_path_factory.mktemp("sample") / "site"
    return out, build(SAMPLE, out, pagefind=True)


def test_sample_site_has_every_page_of_spec_5_1(sample_site: tuple[Path, BuildResult]) -> None:
    out, result = sample_site
    files = tree(out)
    for required in ("index.html", "people/index.html", "tags/index.html", "timeline.html",
                     "network.html", "search-index.js", "robots.txt", "reminders.ics",
                     "contacts.vcf", "people/ines-duarte.html"):  # fmt: skip
        assert required in files, required
    people = [rel for rel in files if rel.startswith("people/") and rel != "people/index.html"]
    assert len(people) == len(list((SAMPLE / "people").glob("*.md")))
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n"
    assert result.out == out
    assert result.files_written == len([rel for rel in files if not rel.startswith("pagefind/")])


def test_every_internal_link_resolves(sample_site: tuple[Path, BuildResult]) -> None:
    out, _ = sample_site
    pages = html_pages(out)
    assert len(pages) > 50
    assert assert_links_resolve(out, pages) > 1000


def test_every_page_is_private(sample_site: tuple[Path, BuildResult]) -> None:
    out, _ = sample_site
    for rel, page in html_pages(out).items():
        assert_private(rel, page)
        assert str(out) not in page.text and str(REPO) not in page.text, rel


def test_dashboard_links_each_section_item(sample_site: tuple[Path, BuildResult]) -> None:
    out, _ = sample_site
    page = Page((out / "index.html").read_text("utf-8"))
    for section in ("reconnect", "birthdays", "follow-ups", "intros", "people-to-meet", "thank",
                    "help", "in-the-red", "rediscover", "planned", "recent"):  # fmt: skip
        assert section in page.ids, section
    hrefs = [a["href"] for a in page.find("a") if "href" in a]
    assert "reminders.ics" in hrefs and "contacts.vcf" in hrefs
    assert "people/jose-alvarez.html" in hrefs  # lapsed in the sample at 2026-11-16


def test_note_bodies_are_marked_for_pagefind(sample_site: tuple[Path, BuildResult]) -> None:
    out, _ = sample_site
    note = next((out / "notes").glob("*.html"))
    assert "data-pagefind-body" in note.read_text("utf-8")
    if build_module.pagefind_available():
        assert (out / "pagefind" / "pagefind.js").is_file()


def test_search_index_is_a_script_with_people_and_notes(
    sample_site: tuple[Path, BuildResult],
) -> None:
    out, _ = sample_site
    text = (out / "search-index.js").read_text("utf-8")
    assert text.startswith("window.NETVAULT_INDEX = ") and text.endswith(";\n")
    data = json.loads(text.removeprefix("window.NETVAULT_INDEX = ").removesuffix(";\n"))
    ines = [p for p in data["people"] if p["n"] == "Inês Duarte"]
    assert ines and ines[0]["u"] == "people/ines-duarte.html" and ines[0]["c"] == "Maré Health"
    assert all((out / item["u"]).is_file() for item in data["people"] + data["notes"])
    notes = {item["u"]: item for item in data["notes"]}
    # a note titled only by its file name is listed by its summary, as every list shows it
    lunch = notes["notes/2024-11-08-meal-lunch-with-jose.html"]
    assert (lunch["n"], lunch["s"]) == ("Goodbye lunch with José near the old office", "")
    breakfast = notes["notes/2024-12-05-meeting-helena-breakfast-berlin.html"]
    assert breakfast["n"] == "Breakfast with Helena"
    assert breakfast["s"].startswith("Breakfast with Helena in Berlin")


# --- bad content (BAD-INPUTS rows 18-23, 25-28) -----------------------------------------

EVIL_NOTE = """\
---
date: 2026-11-01
with: ["[[mustache]]", "[[bold]]"]
summary: "Lunch;X-INJECT:1, at 12:30"
---
<script>alert(1)</script>
<img src=x onerror=alert(2)>
<iframe src="https://evil.example/"></iframe>

[a](javascript:alert(3)) [b](JaVaScRiPt:alert(4)) [c](&#106;avascript:alert(5))
[d](data:text/html,<script>alert(6)</script>) [e](java%0Ascript:alert(7))

![](https://tracker.example/p.gif)

![[../../secret.txt]] [f](../../../etc/passwd) ![[used.png]]
"""


@pytest.fixture
def evil_vault(make_vault: VaultMaker, tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text("---\ndate: 2026-01-01\n---\nLEAKED-NOTE\n", "utf-8")
    root = make_vault(
        {
            "people/mustache.md": (
                '---\nname: "{{ 7*7 }}"\ntier: A\nbirthday: 1990-11-20\n'
                "tags: ['../../x', '/abs', 'C:\\x', CON, '.', '..', '😀', '张伟', index, tags]\n"
                "website: javascript:alert(8)\nlinkedin: '\"><script>alert(9)</script>'\n"
                "email: '\"><b>e</b>@x.example'\n---\n"
            ),
            "people/bold.md": (
                '---\nname: "<b>x</b>\\nEMAIL:evil@example.com;x,y"\ntier: A\n'
                "website: https://bold.example/\nlinkedin: www.linkedin.com/in/bold?x=1\n---\n"
            ),
            "people/bare.md": (
                "---\nname: Bare\nwebsite: 'javascript:x.example/a'\n"
                "linkedin: 'x.example\\evil'\n---\n"
            ),
            "people/index.md": "---\nname: Index Person\n---\n",
            "people/CON.md": "---\nname: Con\n---\n",
            "people/😀.md": "---\nname: 😀\n---\n",
            "people/张伟.md": "---\nname: 张伟\n---\n",
            "notes/evil.md": EVIL_NOTE,
            "attachments/used.png": b"\x89PNG used",
            "attachments/unused.png": b"\x89PNG unused",
        }
    )
    os.symlink(outside, root / "notes" / "linked")
    os.symlink(secret, root / "notes" / "secret-link.md")
    return root


@pytest.fixture
def evil_site(evil_vault: Path, tmp_path: Path) -> tuple[Path, BuildResult]:
    out = tmp_path / "site"
    return out, build(evil_vault, out)


def _all_text(out: Path) -> str:
    return "\n".join(data.decode("utf-8", "replace") for data in tree(out).values())


def test_bad_site_still_has_valid_links_and_privacy(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    pages = html_pages(out)
    assert_links_resolve(out, pages)
    for rel, page in pages.items():
        assert_private(rel, page)


def test_row_18_html_in_a_body_is_text(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    page = Page((out / "notes" / "evil.html").read_text("utf-8"))
    assert "<script>alert(1)</script>" in page.text
    assert "<img src=x onerror=alert(2)>" in page.text
    assert not [a for a in page.find("img") if a.get("src") == "x"]
    assert page.find("iframe") == []


def test_row_19_dangerous_urls_are_not_links(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    for rel, page in html_pages(out).items():
        for tag, attrs in page.elements:
            for attribute in ("href", "src"):
                url = re.sub(r"[\x00-\x20]", "", unquote(attrs.get(attribute, ""))).lower()
                assert not url.startswith(("javascript:", "data:text", "vbscript:")), (
                    rel,
                    tag,
                    attrs,
                )


def test_row_20_only_web_mail_and_phone_become_links(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    page = Page((out / "people" / "mustache.html").read_text("utf-8"))
    assert "javascript:alert(8)" in page.text
    assert '"><script>alert(9)</script>' in page.text
    hrefs = [a.get("href", "") for a in page.find("a")]
    assert not [h for h in hrefs if "alert" in h or "script" in h]
    assert not [h for h in hrefs if h.startswith("mailto:")]  # not an address
    bold = Page((out / "people" / "bold.html").read_text("utf-8"))
    assert {"href": "https://bold.example/", "rel": "noopener noreferrer"} in bold.find("a")
    # a bare host, as Outlook keeps a web page, is a web address; nothing else is
    bare_host = {"href": "https://www.linkedin.com/in/bold?x=1", "rel": "noopener noreferrer"}
    assert bare_host in bold.find("a")
    bare = Page((out / "people" / "bare.html").read_text("utf-8"))
    assert "javascript:x.example/a" in bare.text and "x.example\\evil" in bare.text
    assert not [a for a in bare.find("a") if "x.example" in a.get("href", "")]


def test_row_21_template_syntax_and_tags_in_names_stay_literal(
    evil_site: tuple[Path, BuildResult],
) -> None:
    out, _ = evil_site
    page = Page((out / "people" / "mustache.html").read_text("utf-8"))
    assert page.title.startswith("{{ 7*7 }} ·")
    assert "{{ 7*7 }}" in page.text and "49" not in page.text
    bold_source = (out / "people" / "bold.html").read_text("utf-8")
    assert "<b>" not in bold_source and "&lt;b&gt;x&lt;/b&gt;" in bold_source
    for rel in (
        "index.html",
        "people/index.html",
        "network.html",
        "notes/evil.html",
        "timeline.html",
    ):
        text = Page((out / rel).read_text("utf-8")).text
        source = (out / rel).read_text("utf-8")
        assert "{{ 7*7 }}" in text, rel
        assert "<b>x</b>" not in source.replace("&lt;b&gt;x&lt;/b&gt;", ""), rel
    network = (out / "network.html").read_text("utf-8")
    assert "<title>{{ 7*7 }}</title>" in network and "<title>&lt;b&gt;x&lt;/b&gt;" in network
    script = (out / "search-index.js").read_text("utf-8")
    assert "<" not in script and ">" not in script and "\u2028" not in script
    data = json.loads(script.removeprefix("window.NETVAULT_INDEX = ").removesuffix(";\n"))
    names = {person["n"] for person in data["people"]}
    assert {"{{ 7*7 }}", "<b>x</b>\nEMAIL:evil@example.com;x,y"} <= names
    ics = (out / "reminders.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    assert "SUMMARY:Reconnect with {{ 7*7 }}" in ics
    assert "SUMMARY:{{ 7*7 }}: birthday" in ics
    vcf = (out / "contacts.vcf").read_bytes().decode("utf-8")
    assert "FN:{{ 7*7 }}" in vcf


def test_row_23_calendar_and_cards_escape_line_breaks_and_separators(
    evil_site: tuple[Path, BuildResult],
) -> None:
    out, _ = evil_site
    ics_lines = (
        (out / "reminders.ics").read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")
    )
    assert "SUMMARY:Reconnect with <b>x</b>\\nEMAIL:evil@example.com\\;x\\,y" in ics_lines
    assert not [line for line in ics_lines if line.startswith(("EMAIL", "X-INJECT"))]
    vcf_lines = (
        (out / "contacts.vcf").read_bytes().decode("utf-8").replace("\r\n ", "").split("\r\n")
    )
    assert not [line for line in vcf_lines if line.startswith("EMAIL:evil")]
    assert "FN:<b>x</b>\\nEMAIL:evil@example.com\\;x\\,y" in vcf_lines


def test_row_22_remote_image_is_a_link_and_a_warning(evil_site: tuple[Path, BuildResult]) -> None:
    out, result = evil_site
    page = Page((out / "notes" / "evil.html").read_text("utf-8"))
    assert not [a for a in page.find("img") if "tracker" in a.get("src", "")]
    assert {"href": "https://tracker.example/p.gif", "rel": "noopener noreferrer",
            "class": "remote-image", "title": "remote image, not loaded"} in page.find("a")  # fmt: skip
    remote = [p for p in result.problems if "remote image" in p.message]
    assert [(p.path, p.line, p.severity) for p in remote] == [("notes/evil.md", 13, "warning")]


def test_rows_25_26_odd_names_get_safe_distinct_slugs(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    files = tree(out)
    real_out = out.resolve()
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(real_out), path
    for rel in files:
        if rel.startswith(("people/", "tags/", "notes/", "files/")):
            assert re.fullmatch(r"[a-z]+/[a-z0-9][a-z0-9-]*(\.[a-z0-9]+)?", rel), rel
    tags = Page(files["tags/index.html"].decode("utf-8"))
    tag_links = [a["href"] for a in tags.find("a") if a.get("class") == "tag"]
    assert len(tag_links) == len(set(tag_links)) == 10  # every odd tag has its own page
    assert "tags/index.html" not in [posixpath.join("tags", h) for h in tag_links]
    assert "tags/tags.html" not in [posixpath.join("tags", h) for h in tag_links]
    # The contact called `index` does not overwrite the directory, the tag `index` not the list.
    assert "People" in Page(files["people/index.html"].decode()).title
    person = [rel for rel in files if rel.startswith("people/index-")]
    assert len(person) == 1 and "Index Person" in Page(files[person[0]].decode()).title
    assert Page(files["tags/index.html"].decode()).title.startswith("Tags")
    assert any(
        Page(files[rel].decode()).title.startswith("#index ·")
        for rel in files
        if rel.startswith("tags/index-")
    )
    for name in ("con", "CON"):
        assert f"people/{name}.html" not in files


def test_rows_27_28_nothing_from_outside_the_vault(evil_site: tuple[Path, BuildResult]) -> None:
    out, result = evil_site
    everything = _all_text(out)
    assert "TOP-SECRET-CONTENT" not in everything and "LEAKED-NOTE" not in everything
    page = Page((out / "notes" / "evil.html").read_text("utf-8"))
    hrefs = [a.get("href", "") + a.get("src", "") for _, a in page.elements]
    assert not [h for h in hrefs if "secret" in h or "passwd" in h]
    outside = [p for p in result.problems if p.message.startswith("link points outside the vault")]
    assert [(p.path, p.line, p.col) for p in outside] == [
        ("notes/evil.md", 15, 1),
        ("notes/evil.md", 15, 23),
    ]
    symlinks = [p.path for p in result.problems if "symlink" in p.message]
    assert symlinks == ["notes/linked", "notes/secret-link.md"]


def test_only_referenced_attachments_are_copied(evil_site: tuple[Path, BuildResult]) -> None:
    out, _ = evil_site
    files = {rel: data for rel, data in tree(out).items() if rel.startswith("files/")}
    assert list(files.values()) == [b"\x89PNG used"]
    page = Page((out / "notes" / "evil.html").read_text("utf-8"))
    assert [a["src"] for a in page.find("img")] == ["../" + next(iter(files))]


def test_vault_templates_override_by_file_name(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\ntags: [maths]\n---\n",
            "templates/tags.html": (
                '{% extends "base.html" %}{% block content %}'
                '<p id="custom">Custom list of {{ page.tags | length }} tag</p>{% endblock %}'
            ),
            "templates/assets/style.css": "body { color: red }\n",
        }
    )
    out = tmp_path / "site"
    build(root, out)
    page = Page((out / "tags" / "index.html").read_text("utf-8"))
    assert "custom" in page.ids and "Custom list of 1 tag" in page.text
    assert (out / "assets" / "style.css").read_text("utf-8") == "body { color: red }\n"
    assert "Ada" in (out / "people" / "ada.html").read_text("utf-8")  # others: the defaults


def test_assets_are_copied_byte_for_byte(sample_site: tuple[Path, BuildResult]) -> None:
    out, _ = sample_site
    shipped = tree(REPO / "templates" / "assets")
    assert {"style.css", "search.js", "people.js", "graph.js"} <= set(shipped)
    assert {
        rel.removeprefix("assets/"): data for rel, data in tree(out / "assets").items()
    } == shipped


def test_a_body_heading_that_repeats_the_name_is_not_shown_twice(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n# Ada\n\nMet at the [[bad]] meetup.\n",
            "people/bob.md": "# Bob\n\n# Projects\n",
        }
    )
    out = tmp_path / "site"
    result = build(root, out)
    ada = (out / "people" / "ada.html").read_text("utf-8")
    assert ada.count("<h1") == 1 and "Met at the" in ada
    assert [(p.path, p.line) for p in result.problems] == [("people/ada.md", 6)]  # lines hold
    bob = (out / "people" / "bob.html").read_text("utf-8")
    assert bob.count("<h1") == 2 and ">Projects</h1>" in bob  # only a repeat of the name goes


def test_person_page_has_status_ledger_referrals_and_timeline(
    sample_site: tuple[Path, BuildResult],
) -> None:
    out, _ = sample_site
    page = Page((out / "people" / "daniel-mensah.html").read_text("utf-8"))
    assert page.title == "Daniel Mensah · Noor's network"
    assert "soon due in 7 days ( 2026-11-23 ) last contact 2026-11-02" in page.text
    assert "8 given · 1 asked Give 6 more before the next ask (ratio 7 to 1)." in page.text
    assert (
        "Helena Brandt Marcus Bell through Helena Brandt Zoë Okafor Tomás Herrera through Zoë Okafor"
        in page.text
    )
    times = [t for t in page.text.split() if t.startswith("20") and len(t) == 10]
    timeline = times[times.index("2026-12-03") :][:10]
    assert timeline == sorted(timeline, reverse=True)  # newest first
    links = [a["href"] for a in page.find("a") if "href" in a]
    assert "mailto:dan@mensah.example" in links and "tel:+447700900412" in links


@pytest.mark.parametrize(
    ("ratio", "said"),
    [
        (
            7,
            "Nothing given or asked yet. Give first: 7 deposits before the first ask (ratio 7 to 1).",
        ),
        (
            1,
            "Nothing given or asked yet. Give first: 1 deposit before the first ask (ratio 1 to 1).",
        ),
        (0, "Nothing given or asked yet."),
    ],
)
def test_an_empty_ledger_says_so(
    make_vault: VaultMaker, tmp_path: Path, ratio: int, said: str
) -> None:
    # It read "0 given · 0 asked · Give 7 more before the next ask", and "1 deposits".
    files = {
        "people/ada.md": "---\nname: Ada\n---\n",
        "netvault.toml": f"[reminders]\ngive_ratio = {ratio}\n",
    }
    out = tmp_path / "site"
    build(make_vault(files), out)
    page = Page((out / "people" / "ada.html").read_text("utf-8"))
    assert f"Give first {said} Needs and offers" in page.text
    assert "0 given" not in page.text


def test_a_large_directory_keeps_rows_light(make_vault: VaultMaker, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        f"people/p{n:03}.md": f"---\nname: Person {n:03}\ntags: [t{n % 7}]\n---\n"
        for n in range(501)
    }
    out = tmp_path / "site"
    build(make_vault(files), out)
    page = Page((out / "people" / "index.html").read_text("utf-8"))
    rows = [attrs for tag, attrs in page.elements if tag == "tr" and "data-name" in attrs]
    assert (
        len(rows) == 501 and rows[0]["data-name"] == "Person 000" and rows[0]["data-tags"] == "t0"
    )
    assert [a for a in page.find("a") if a.get("class") == "tag"] == []  # tags as plain text
    small_vault = tmp_path / "small-vault" / "people"
    small_vault.mkdir(parents=True)
    (small_vault / "a.md").write_text("---\nname: A\ntags: [t0]\n---\n", "utf-8")
    small = tmp_path / "small"
    build(small_vault.parent, small)
    small_page = Page((small / "people" / "index.html").read_text("utf-8"))
    assert [a["href"] for a in small_page.find("a") if a.get("class") == "tag"] == [
        "../tags/t0.html"
    ]


def test_a_long_timeline_shows_its_latest_fifty_and_its_mentions_ten(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """A person met 1,600 times once had a page 85,000 px tall, their profile at its foot on
    a phone: the first 50 entries show, the rest sit in a `<details>` (no script needed)."""
    files = {"people/ada.md": "---\nname: Ada\n---\n"}
    for day in range(1, 61):
        files[f"notes/2026-{day % 12 + 1:02d}-{day % 28 + 1:02d}-n{day}.md"] = (
            f"---\nwith: [Ada]\nsummary: Talk {day}\n---\n"
        )
    for number in range(55):
        day = f"2025-{number % 12 + 1:02d}-{number // 12 + 1:02d}"
        files[f"notes/{day}-m{number}.md"] = "Mentions [[Ada]].\n"
    files["notes/undated.md"] = "Mentions [[Ada]] too.\n"
    out = tmp_path / "site"
    build(make_vault(files), out)
    page = (out / "people" / "ada.html").read_text(encoding="utf-8")
    timeline = page[page.index('id="timeline"') : page.index('id="mentions"')]
    shown, folded = timeline.split('<details class="earlier">')
    assert shown.count('<li class="activity') == 50
    assert "<summary>10 earlier</summary>" in folded and folded.count('<li class="activity') == 10
    mentions = page[
        page.index('id="mentions"') : page.index("</section>", page.index('id="mentions"'))
    ]
    shown, folded = mentions.split('<details class="earlier">')
    # the lesser list: its newest ten, newest first as the timeline; undated notes last
    dates = re.findall(r"<time>(2025-\d\d-\d\d)</time>", shown)
    assert shown.count("<li>") == 10 and dates == sorted(dates, reverse=True)
    assert dates[0] == "2025-12-04"
    assert "<summary>46 earlier</summary>" in folded and folded.count("<li>") == 46
    assert folded.rindex("undated.html") > folded.rindex("<time>")
    assert assert_links_resolve(out, html_pages(out)) > 0  # the markup holds together


def test_every_list_cut_short_on_the_dashboard_is_whole_on_the_reminders_page(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """A dashboard card shows 10 items; "see all" leads to `reminders.html`, where the list
    is whole (it once said "and 5 more" and led nowhere)."""
    files = {
        f"people/p{n:02d}.md": f"---\nname: Person {n:02d}\nbirthday: 1990-11-{17 + n % 10}\n---\n"
        for n in range(30)
    }
    out = tmp_path / "site"
    build(make_vault(files), out)
    pages = html_pages(out)
    dashboard = (out / "index.html").read_text(encoding="utf-8")
    assert '<p class="more">and 20 more · <a href="reminders.html#birthdays">see all</a></p>' in (
        dashboard
    )
    assert '<a class="button" href="reminders.html">Every reminder</a>' in dashboard
    reminders = (out / "reminders.html").read_text(encoding="utf-8")
    start = reminders.index('id="birthdays"')
    birthdays = reminders[start : reminders.index("</section>", start)]
    assert birthdays.count("<li") == 30 and 'class="more"' not in reminders
    assert "<h1>Every reminder, " in reminders and 'id="recent"' not in reminders
    assert_private("reminders.html", pages["reminders.html"])
    assert assert_links_resolve(out, pages) > 0


def test_counts_read_with_thousands_separators() -> None:
    from netvault.render.site import make_environment, package_templates

    env = make_environment([package_templates()])
    assert env.from_string("{{ 35247 | thousands }} {{ 25 | thousands }}").render() == "35,247 25"
    macros = env.get_template("macros.html").module
    assert "and 17,736 more" in str(macros.more(17761, 25))  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("follow_ups", "promises", "shown"), [(12, 12, (3, 3)), (2, 20, (2, 4)), (20, 1, (5, 1))]
)
def test_follow_ups_and_promises_share_the_dashboard_card(
    make_vault: VaultMaker, tmp_path: Path, follow_ups: int, promises: int, shown: tuple[int, int]
) -> None:
    """One card, six items between the two lists (half each when both have more), so no
    card makes its row thousands of pixels tall; the rest are on `reminders.html`."""
    files = {"people/ada.md": "---\nname: Ada\n---\n"}
    for n in range(follow_ups):  # each with someone else: a later touch would close it
        files[f"people/p{n}.md"] = f"---\nname: P{n}\n---\n"
        files[f"notes/2026-10-{n + 1:02d}-f.md"] = (
            f"---\nwith: [P{n}]\nfollow_up: 2026-11-15\n---\n"
        )
    tasks = "".join(f"- [ ] promise {n} 📅 2026-11-15\n" for n in range(promises))
    files["notes/tasks.md"] = f"---\nwith: [Ada]\n---\n{tasks}"
    out = tmp_path / "site"
    build(make_vault(files), out)
    page = (out / "index.html").read_text(encoding="utf-8")
    card = page[
        page.index('id="follow-ups"') : page.index("</section>", page.index('id="follow-ups"'))
    ]
    counted = (
        card.count('<span class="kind">follow up</span>'),
        card.count('<span class="kind">promise</span>'),
    )
    assert counted == shown
    assert f"and {follow_ups + promises - 6} more" in card


def test_the_dashboard_heading_spells_the_date_out_in_english_anywhere() -> None:
    assert long_date("2026-11-16") == "Monday 16 November 2026"
    assert long_date("2024-02-29") == "Thursday 29 February 2024"


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("pronouns", "Pronouns"),
        ("favourite_coffee", "Favourite coffee"),
        ("_private__note_", "Private note"),
        ("GitHub", "GitHub"),  # the user's own capitals: as written
        ("iCloud_id", "iCloud_id"),
        ("2nd-phone", "2nd-phone"),
        ("_", "_"),
    ],
)
def test_an_unknown_field_is_labelled_like_the_known_ones(key: str, label: str) -> None:
    assert field_label(key) == label


def test_unknown_fields_show_with_readable_labels(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\nfavourite_coffee: flat white\nGitHub: ada\n"
            "uid: urn:uuid:4f0c1c1e-0000-4000-8000-000000000001\n---\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\nwith: ['[[Ada]]']\nroom_booked: 4B\n---\n",
        }
    )
    build(root, tmp_path / "site")
    person = (tmp_path / "site" / "people" / "ada.html").read_text("utf-8")
    assert "<dt>Favourite coffee</dt><dd>flat white</dd>" in person
    assert "<dt>GitHub</dt><dd>ada</dd>" in person
    assert "urn:uuid" not in person  # the vCard UID import keeps is for address books
    note = next((tmp_path / "site" / "notes").glob("*call*.html")).read_text("utf-8")
    assert "<dt>Room booked</dt><dd>4B</dd>" in note


def test_a_tag_page_gives_each_person_company_and_status_and_leads_to_the_directory(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\ncompany: Analytical Engines\ntags: [c++]\n"
            "cadence: 30d\nlast_contact: 2026-10-01\n---\n",
            "people/bo.md": "---\nname: Bo\ntags: [c++]\narchived: true\n---\n",
            "people/cy.md": "---\nname: Cy\ntags: [c++]\n---\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\ntags: [c++]\n---\nHi.\n",
        }
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "tags" / "c.html").read_text("utf-8")
    rows = re.findall(r'<li><span><a href="../people/(\w+)\.html">.*?</li>', page)
    assert rows == ["ada", "bo", "cy"]
    ada = re.search(r"<li><span><a href=\"../people/ada.html\">.*?</li>", page)
    assert ada is not None
    assert '<span class="detail">Analytical Engines</span>' in ada.group()
    assert 'class="badge status-overdue"' in ada.group()
    assert 'class="badge status-archived"' in re.search(r"<li>.*?bo.html.*?</li>", page).group()  # type: ignore[union-attr]
    assert 'class="badge status-none"' in re.search(r"<li>.*?cy.html.*?</li>", page).group()  # type: ignore[union-attr]
    assert '<a href="../people/index.html#tag=c%2B%2B">Filter the directory by #c++</a>' in page


def test_a_tag_page_says_what_it_holds_and_leaves_out_an_empty_list(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """Side by side, a tag with people and no notes showed an empty "Notes 0" card over
    half the page; only a list with something in it is drawn, and counted in the head."""
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\ntags: [maths, poetry]\n---\n",
            "people/bo.md": "---\nname: Bo\ntags: [maths]\n---\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\ntags: [poetry]\n---\nHi.\n",
        }
    )
    build(root, tmp_path / "site")
    maths = (tmp_path / "site" / "tags" / "maths.html").read_text("utf-8")
    assert '<strong>2</strong> people · <a href="../tags/index.html">All tags</a>' in maths
    assert 'id="tag-people"' in maths and 'id="tag-notes"' not in maths
    poetry = (tmp_path / "site" / "tags" / "poetry.html").read_text("utf-8")
    assert "<strong>1</strong> person · <strong>1</strong> note ·" in poetry
    assert 'id="tag-people"' in poetry and 'id="tag-notes"' in poetry


def test_a_busy_tags_notes_are_listed_by_year(make_vault: VaultMaker, tmp_path: Path) -> None:
    """254 notes of one tag were one list of 17,600 px on a phone, with nothing to say
    where a year began. From 20 notes over more than one year they go under a heading per
    year, newest first, with an index of the years; undated ones come last."""
    files = {
        f"notes/{2024 + n % 3}-03-{1 + n:02d}-n.md": f"---\ntags: [busy]\n---\nNote {n}.\n"
        for n in range(20)
    }
    files["notes/undated.md"] = "---\ntags: [busy]\n---\nNo date.\n"
    files["notes/2026-01-01-short.md"] = "---\ntags: [quiet]\n---\nOne.\n"
    build(make_vault(files), tmp_path / "site")
    busy = Page((tmp_path / "site" / "tags" / "busy.html").read_text("utf-8"))
    heads = [h.get("id") for h in busy.find("h3")]
    assert heads == ["y-2026", "y-2025", "y-2024", "y-undated"]
    index = [a["href"] for a in busy.find("a") if a.get("href", "").startswith("#y-")]
    assert index == [f"#{h}" for h in heads]
    source = (tmp_path / "site" / "tags" / "busy.html").read_text("utf-8")
    counts = re.findall(r'<h3 id="y-[^"]+">(\w+) <span class="count">(\d+)</span></h3>', source)
    assert counts == [("2026", "6"), ("2025", "7"), ("2024", "7"), ("Undated", "1")]
    quiet = (tmp_path / "site" / "tags" / "quiet.html").read_text("utf-8")
    assert 'class="year-index"' not in quiet and "<h3" not in quiet


def test_an_interaction_without_a_type_shows_as_a_note_or_an_intro(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """`type` is optional; the site printed "None" as the kind of such a note."""
    root = make_vault(
        {
            "people/ann.md": "---\nname: Ann\n---\n",
            "people/bea.md": "---\nname: Bea\n---\n",
            "notes/2026-11-01-chat.md": "---\nwith: ['[[Ann]]']\n---\nHad a chat.\n",
            "notes/2026-11-02-intro.md": "---\nintroduced: ['[[Ann]]', '[[Bea]]']\n---\n",
            "notes/2026-11-03-todo.md": "---\ndate: 2026-11-03\n---\n- [x] Call [[Bea]]\n",
        }
    )
    build(root, tmp_path / "site")
    kinds = {}
    for rel in ("index.html", "timeline.html", "people/ann.html", "people/bea.html"):
        page = (tmp_path / "site" / rel).read_text("utf-8")
        assert ">None<" not in page, rel
        kinds[rel] = re.findall(r'<span class="kind">([^<]*)</span>', page)
    assert sorted(kinds["timeline.html"]) == ["intro", "note"]
    assert sorted(kinds["people/ann.html"]) == ["intro", "note"]
    assert sorted(kinds["people/bea.html"]) == ["intro", "note"]  # the intro and the task


def test_a_mention_in_a_contacts_profile_says_so(make_vault: VaultMaker, tmp_path: Path) -> None:
    """A profile that mentions someone has no date: it read like an undated note."""
    root = make_vault(
        {
            "people/ann.md": "---\nname: Ann\n---\n",
            "people/bea.md": "---\nname: Bea\n---\nWorks with [[Ann]].\n",
            "notes/2026-11-01-x.md": "---\ndate: 2026-11-01\n---\nSaw [[Ann]].\n",
        }
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "people" / "ann.html").read_text("utf-8")
    assert '<a href="../people/bea.html">Bea</a> <span class="detail">profile</span>' in page
    assert '2026-11-01-x.html">2026-11-01-x</a> <span class="detail"><time>2026-11-01' in page


def test_a_done_tasks_strike_starts_at_its_words(make_vault: VaultMaker, tmp_path: Path) -> None:
    """The space after the checkbox was struck through too, a stray dash before the text;
    the box's margin is the gap now, in both renderers' output."""
    root = make_vault(
        {
            "notes/2026-11-01-plain.md": "---\ndate: 2026-11-01\n---\n- [x] Sent the deck\n",
            "notes/2026-11-02-rich.md": "---\ndate: 2026-11-02\n---\n- [x] Sent **the** deck\n",
        }
    )
    build(root, tmp_path / "site")
    for name, words in (
        ("2026-11-01-plain", "Sent the deck"),
        ("2026-11-02-rich", "Sent <strong>"),
    ):
        page = (tmp_path / "site" / "notes" / f"{name}.html").read_text("utf-8")
        assert f'checked="checked" disabled="disabled" type="checkbox">{words}' in page, name


def test_in_the_red_says_what_ratio_it_holds_people_to(
    make_vault: VaultMaker, tmp_path: Path
) -> None:
    """A line like "84 given, 26 asked · give 105 more" read as absurd without the ratio."""
    root = make_vault(
        {
            "netvault.toml": "[reminders]\ngive_ratio = 5\n",
            "people/ada.md": "---\nname: Ada\n---\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\nwith: ['[[Ada]]']\n"
            "asked: [an intro]\n---\nHi.\n",
        }
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "index.html").read_text("utf-8")
    card = page[page.index('id="in-the-red"') : page.index('id="rediscover"')]
    assert "Fewer than 5 favours given per favour asked: give before you ask again." in card
    assert "0 given, 1 asked · give 10 more before the next ask" in card  # 5 × (1 + 1)


def test_a_note_page_says_its_date_and_type_once(make_vault: VaultMaker, tmp_path: Path) -> None:
    """The Details card repeated the date and type under the title; a note with nothing
    else has no card. Two items of one field share its label."""
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\ntype: call\nwith: ['[[Ada]]']\n"
            "initiated_by: them\ngave: [a data room, updates]\n---\nHi.\n",
            "notes/2026-11-02-coffee.md": "---\ndate: 2026-11-02\ntype: coffee\n---\nHi.\n",
        }
    )
    build(root, tmp_path / "site")
    call = (tmp_path / "site" / "notes" / "2026-11-01-call.html").read_text("utf-8")
    assert '<p class="summary-line"><time>2026-11-01</time> · call</p>' in call
    details = call[call.index('id="details"') :]
    assert "<dt>Who reached out</dt><dd>them</dd>" in details
    assert "<dt>Date</dt>" not in details and "<dt>Type</dt>" not in details
    # two of a kind under one label, as in a profile
    assert "<dt>Gave</dt><dd>a data room</dd>\n<dd>updates</dd>" in details
    coffee = (tmp_path / "site" / "notes" / "2026-11-02-coffee.html").read_text("utf-8")
    assert 'id="details"' not in coffee


def test_a_person_page_lists_what_they_offer(make_vault: VaultMaker, tmp_path: Path) -> None:
    """Only others' needs an offer matched were shown: Helena's own "operations advice"
    appeared nowhere on her page."""
    root = make_vault(
        {"people/ada.md": "---\nname: Ada\noffers: [operations advice, a <b>spare</b> desk]\n---\n"}
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "people" / "ada.html").read_text("utf-8")
    card = page[page.index('id="needs"') :]
    assert "<h3>Offers</h3>" in card
    assert "<li><q>operations advice</q></li>" in card
    assert "<li><q>a &lt;b&gt;spare&lt;/b&gt; desk</q></li>" in card
    assert "No needs or offers known" not in card
