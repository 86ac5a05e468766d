"""Markdown rendering (SPEC 1.3, 5.2; BAD-INPUTS rows 17-19, 22, 28)."""

from __future__ import annotations

import re
import time

import pytest

from netvault.render.markdown import (
    LinkTarget,
    RenderResult,
    classify_url,
    heading_id,
    render_markdown,
)

ADA = LinkTarget("ada-lovelace.html", "Ada Lovelace", "person")


class Resolver:
    """A tiny vault: Ada (person), `notes/launch.md` (note), `pic.png`, `doc.pdf`."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, bool]] = []

    def __call__(self, target: str, heading: str | None, embed: bool) -> LinkTarget:
        self.calls.append((target, heading, embed))
        fragment = "#" + heading_id(heading) if heading else ""
        if target.startswith(("..", "/", "\\")) or ":" in target:
            return LinkTarget(None, None, "outside")
        if target.casefold() in ("ada", "ada lovelace", "ada-lovelace"):
            return LinkTarget(ADA.href + fragment if ADA.href else None, ADA.label, "person")
        if target in ("launch", "notes/launch.md"):
            return LinkTarget("../notes/launch.html" + fragment, "Launch plan", "note")
        if target == "pic.png":
            return LinkTarget("../files/pic.png", None, "image")
        if target == "doc.pdf":
            return LinkTarget("../files/doc.pdf", None, "file")
        if target == "evil":
            return LinkTarget("javascript:alert(1)", None, "note")
        return LinkTarget(None, None, "unresolved")


def render(text: str) -> RenderResult:
    return render_markdown(text, Resolver())


def body(text: str) -> str:
    """The HTML of a one-paragraph document, without the `<p>` wrapper."""
    html = render(text).html
    assert html.startswith("<p>") and html.endswith("</p>\n"), html
    return html[3:-5]


# --- row 18: raw HTML is text -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        (
            '<iframe src="https://evil.example"></iframe>',
            # the address in the text is a link, as any typed address is; the tag is text
            '&lt;iframe src=&quot;<a href="https://evil.example" rel="noopener noreferrer">'
            "https://evil.example</a>&quot;&gt;&lt;/iframe&gt;",
        ),
    ],
)
def test_raw_html_is_escaped_text(source: str, expected: str) -> None:
    assert body(source) == expected


def test_raw_html_block_is_escaped() -> None:
    html = render("<div onclick=alert(1)>\nhi\n</div>\n").html
    assert html == "<p>&lt;div onclick=alert(1)&gt;\nhi\n&lt;/div&gt;</p>\n"


def test_labels_and_targets_are_escaped() -> None:
    assert body('[[nobody|<b onmouseover="x">]]') == (
        '<span class="unresolved" title="unresolved link">'
        "&lt;b onmouseover=&quot;x&quot;&gt;</span>"
    )
    assert body("[[{{ 7*7 }}]]") == (
        '<span class="unresolved" title="unresolved link">{{ 7*7 }}</span>'
    )


# --- row 19: only safe schemes become links ---------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](java%0Ascript:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)",
        "<javascript:alert(1)>",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml,<svg onload=alert(1)>)",
        "[x][r]\n\n[r]: javascript:alert(1)",
    ],
)
def test_dangerous_urls_are_not_links(source: str) -> None:
    html = render(source).html
    assert "<a" not in html
    assert "<img" not in html
    assert "href" not in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/x", "external"),
        ("HTTP://example.com", "external"),
        ("mailto:ada@example.com", "external"),
        ("tel:+441234", "external"),
        ("people/ada.md", "relative"),
        ("../x.md", "relative"),
        ("C:%5Cx", "relative"),
        ("javascript:alert(1)", "refused"),
        (" JavaScript:alert(1)", "refused"),
        ("java%09script:x", "refused"),
        ("data:image/png;base64,AAAA", "refused"),
        ("vbscript:x", "refused"),
        ("ftp://x", "refused"),
        ("//evil.example", "refused"),
        ("\\\\evil\\share", "refused"),
    ],
)
def test_classify_url(url: str, expected: str) -> None:
    assert classify_url(url) == expected


def test_external_links_get_rel() -> None:
    assert body("[site](https://example.com/a?b=1&c=2)") == (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">site</a>'
    )
    assert body("<mailto:ada@example.com>") == (
        '<a href="mailto:ada@example.com" rel="noopener noreferrer">mailto:ada@example.com</a>'
    )


def test_resolver_href_is_checked_too() -> None:
    assert body("[[evil]]") == '<span class="unresolved" title="unresolved link">evil</span>'


# --- row 22: remote images are links, recorded ------------------------------------------


def test_remote_image_is_a_link_not_loaded() -> None:
    result = render("![pixel](https://tracker.example/p.gif) ![](http://x.example/y.png)")
    assert "<img" not in result.html
    assert result.html == (
        '<p><a href="https://tracker.example/p.gif" rel="noopener noreferrer" '
        'class="remote-image" title="remote image, not loaded">pixel</a> '
        '<a href="http://x.example/y.png" rel="noopener noreferrer" '
        'class="remote-image" title="remote image, not loaded">http://x.example/y.png</a></p>\n'
    )
    assert result.remote_images == ("https://tracker.example/p.gif", "http://x.example/y.png")


def test_a_protocol_relative_image_is_a_remote_one() -> None:
    """`//host/x` is another site (https); it once showed as raw Markdown, with no warning."""
    result = render("![pixel](//tracker.example/p.gif) [site](//example.com/a) [no](///etc/x)")
    assert result.html == (
        '<p><a href="https://tracker.example/p.gif" rel="noopener noreferrer" '
        'class="remote-image" title="remote image, not loaded">pixel</a> '
        '<a href="https://example.com/a" rel="noopener noreferrer">site</a> [no](///etc/x)</p>\n'
    )
    assert result.remote_images == ("https://tracker.example/p.gif",)


# --- row 28: outside the vault ----------------------------------------------------------


def test_links_outside_the_vault_are_refused_and_recorded() -> None:
    source = (
        "![[../../secret.txt]] [x](../../../etc/passwd) [y](/etc/passwd) [z](C:\\x) ![i](../i.png)"
    )
    result = render(source)
    assert "<a" not in result.html and "<img" not in result.html
    assert result.outside == (
        "../../secret.txt",
        "../../../etc/passwd",
        "/etc/passwd",
        "C:\\x",
        "../i.png",
    )
    assert '<span class="outside" title="refused: points outside the vault">x</span>' in result.html


# --- wikilinks and embeds ---------------------------------------------------------------


def test_wikilink_forms() -> None:
    resolver = Resolver()
    html = render_markdown(
        "[[Ada]] [[ada|her]] [[Ada#Early Work]] [[#Intro]] [[launch]] [[ghost]] [[ ]]",
        resolver,
    ).html
    assert html == (
        '<p><a href="ada-lovelace.html">Ada Lovelace</a> '
        '<a href="ada-lovelace.html">her</a> '
        '<a href="ada-lovelace.html#h-early-work">Ada Lovelace &gt; Early Work</a> '
        '<a href="#h-intro">Intro</a> '
        '<a href="../notes/launch.html">Launch plan</a> '
        '<span class="unresolved" title="unresolved link">ghost</span> [[ ]]</p>\n'
    )
    assert resolver.calls == [
        ("Ada", None, False),
        ("ada", None, False),
        ("Ada", "Early Work", False),
        ("launch", None, False),
        ("ghost", None, False),
    ]


def test_embeds() -> None:
    resolver = Resolver()
    html = render_markdown(
        "![[pic.png]] ![[pic.png|A chart]] ![[doc.pdf]] ![[missing.png]]", resolver
    ).html
    assert html == (
        '<p><img src="../files/pic.png" alt="pic.png" loading="lazy"> '
        '<img src="../files/pic.png" alt="A chart" loading="lazy"> '
        '<a href="../files/doc.pdf">doc.pdf</a> '
        '<span class="unresolved" title="unresolved link">missing.png</span></p>\n'
    )
    assert [call[2] for call in resolver.calls] == [True, True, True, True]


def test_local_markdown_images_and_links_go_through_resolve() -> None:
    resolver = Resolver()
    html = render_markdown(
        "![chart](pic.png) [plan](notes/launch.md#Next%20Steps) [me](Ada%20Lovelace) [s](#Top)",
        resolver,
    ).html
    assert html == (
        '<p><img src="../files/pic.png" alt="chart" loading="lazy"> '
        '<a href="../notes/launch.html#h-next-steps">plan</a> '
        '<a href="ada-lovelace.html">me</a> <a href="#h-top">s</a></p>\n'
    )
    assert resolver.calls == [
        ("pic.png", None, True),
        ("notes/launch.md", "Next Steps", False),
        ("Ada Lovelace", None, False),
    ]


def test_empty_link_targets_are_not_resolved() -> None:
    resolver = Resolver()
    html = render_markdown("[a]() [b](<>) [c](?x=1) [d](#)", resolver).html
    assert html == (
        '<p><span class="unresolved" title="unresolved link">a</span> '
        '<span class="unresolved" title="unresolved link">b</span> '
        '<span class="unresolved" title="unresolved link">c</span> <a href="#">d</a></p>\n'
    )
    assert resolver.calls == []


def test_wikilinks_in_tables_code_and_escapes() -> None:
    html = render("| who |\n|---|\n| [[Ada\\|A.]] |\n\n`[[Ada]]` \\[[Ada]]").html
    assert '<td><a href="ada-lovelace.html">A.</a></td>' in html
    assert "<code>[[Ada]]</code>" in html
    assert "[[Ada]]</p>" in html


def test_wikilink_inside_link_text_is_not_a_nested_link() -> None:
    html = render("[see [[Ada]] now](https://example.com)").html
    assert not re.search(r"<a [^>]*>(?:(?!</a>).)*<a ", html), html  # never one in another
    assert "Ada" in html


# --- the rest of the Markdown -----------------------------------------------------------


def test_tables_use_classes_not_style() -> None:
    html = render("| a | b | c |\n|--:|:-:|:--|\n| 1 | 2 | 3 |").html
    assert "style=" not in html
    assert '<th class="align-right">a</th>' in html
    assert '<td class="align-center">2</td>' in html
    assert '<td class="align-left">3</td>' in html


def test_tasks_and_strikethrough() -> None:
    html = render("- [ ] call Ada\n- [x] ~~send deck~~").html
    assert html == (
        '<ul class="contains-task-list">\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" '
        'disabled="disabled" type="checkbox"> call Ada</li>\n'
        '<li class="task-list-item"><input class="task-list-item-checkbox" '
        'checked="checked" disabled="disabled" type="checkbox"> <s>send deck</s></li>\n'
        "</ul>\n"
    )


def test_footnotes() -> None:
    html = render("Claim[^1].\n\n[^1]: Source with [[Ada]].").html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<li id="fn1" class="footnote-item"><p>Source with <a href="ada-lovelace.html">' in html


def test_heading_ids_are_prefixed_and_unique() -> None:
    html = render("# Main\n## Main\n### Ελληνικά\n#### [[Ada]]\n##### main").html
    assert html == (
        '<h1 id="h-main">Main</h1>\n'
        '<h2 id="h-main-1">Main</h2>\n'
        '<h3 id="h-ellinika">Ελληνικά</h3>\n'
        '<h4 id="h-ada-lovelace"><a href="ada-lovelace.html">Ada Lovelace</a></h4>\n'
        '<h5 id="h-main-2">main</h5>\n'
    )
    assert heading_id("Early Work") == "h-early-work"
    assert heading_id("").startswith("h-")


def test_rendering_is_deterministic() -> None:
    source = "# T\n\n[[Ada]] ![](https://x.example/a.png) [^n]\n\n[^n]: x\n"
    assert render(source) == render(source)


# --- row 17: pathological input ---------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "> " * 200 + "level199\n",
        "".join("  " * i + f"- level{i}\n" for i in range(200)),
        "".join("   " * i + f"1. level{i}\n" for i in range(200)),
        "".join("> " * i + f"- level{i}\n" for i in range(200)),
        "- " * 200 + "level199\n",
    ],
)
def test_deep_nesting_renders_without_losing_text(source: str) -> None:
    result = render(source)
    assert "level199" in result.html
    # Each flattened region is reported once, by its first line (1-based).
    assert result.flattened
    assert all(1 <= line <= 200 for line in result.flattened)
    assert len(result.flattened) <= 3


def test_bracket_storm_is_plain_text_in_bounded_time() -> None:
    started = time.monotonic()
    result = render("intro\n\n" + "[a" * 50_000 + "\n\n" + "![" * 30_000 + "\n\n[[x]] [y]")
    assert time.monotonic() - started < 5
    assert result.flattened == (3, 5)
    assert result.html.endswith(
        '<p><span class="unresolved" title="unresolved link">x</span> [y]</p>\n'
    )
    assert "[a[a[a" in result.html


def test_long_line_and_big_body() -> None:
    paragraph = ("We met at the conference and talked about open source. " * 8) + "[[Ada]]\n\n"
    source = paragraph * (5_000_000 // len(paragraph))
    started = time.monotonic()
    html = render(source).html
    assert time.monotonic() - started < 60
    assert html.count('<a href="ada-lovelace.html">') == source.count("[[Ada]]")
    assert render("word " * 40_000).html.count("word") == 40_000


def test_a_typed_web_or_mail_address_is_a_link_and_a_file_name_is_not() -> None:
    """Plain-text notes hold addresses as typed; on a phone an address that is not a link
    cannot be opened. Only an address with its scheme, or an e-mail address, is one:
    `README.md` and `node.js` would otherwise be taken for web sites."""
    html = body(
        "See https://example.com/a?b=1, ada@example.org, README.md, node.js, //x.example,"
        " javascript://alert(1) and `https://code.example`."
    )
    assert html == (
        'See <a href="https://example.com/a?b=1" rel="noopener noreferrer">'
        "https://example.com/a?b=1</a>, "
        '<a href="mailto:ada@example.org" rel="noopener noreferrer">ada@example.org</a>, '
        "README.md, node.js, //x.example, javascript://alert(1) and "
        "<code>https://code.example</code>."
    )
