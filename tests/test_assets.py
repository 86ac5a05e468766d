"""The site's own CSS and JavaScript (SPEC 5.3, 5.4): nothing remote, no code from strings,
no HTML built from data, light and dark themes with readable contrast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ASSETS = Path(__file__).resolve().parent.parent / "templates" / "assets"
FILES = ("style.css", "search.js", "people.js", "graph.js")
SCRIPTS = tuple(name for name in FILES if name.endswith(".js"))


def read(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FILES)
def test_no_remote_urls(name: str) -> None:
    text = read(name)
    assert "http://" not in text
    assert "https://" not in text
    assert "//cdn" not in text.lower()


@pytest.mark.parametrize("name", SCRIPTS)
def test_scripts_never_turn_data_into_code_or_markup(name: str) -> None:
    text = read(name)
    for banned in (
        "eval(",
        "new Function",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        ".style.",
        'setAttribute("style"',
        'setAttribute("on',
    ):
        assert banned not in text, f"{name} uses {banned}"
    # Timers take functions, never strings of code.
    assert not re.search(r"setTimeout\(\s*['\"]", text)
    assert text.lstrip().startswith("/*")
    assert '"use strict"' in text


def test_search_only_tries_pagefind_over_http() -> None:
    text = read("search.js")
    assert 'location.protocol === "http:" || location.protocol === "https:"' in text
    assert "textContent" in text
    assert "NETVAULT_INDEX" in text
    assert "dataset.root" in text


def test_stylesheet_is_small_and_self_contained() -> None:
    css = read("style.css")
    # 21 KB, up from 12: the people table turns into cards on a phone and a tablet, the
    # graph's names keep their size at any zoom, the year index and planned entries have
    # their look, the dashboard stacks in columns (a long card going on in the next one),
    # interactions line up in a grid, the header keeps one row at tablet width, the
    # table's sortable heads are buttons with an arrow, a tag's lists run in columns, task
    # boxes line up with the text; still one small file, cached once for every page (about
    # 5 KB gzipped).
    assert len(css.encode("utf-8")) < 21 * 1024
    assert "@import" not in css
    assert "url(" not in css
    assert "@font-face" not in css


def test_stylesheet_has_dark_scheme_phone_layout_and_focus() -> None:
    css = read("style.css")
    assert "@media (prefers-color-scheme: dark)" in css
    assert re.search(r"@media \(max-width: (3[0-9]{2}|[4-6][0-9]{2})px\)", css)
    assert ":focus-visible" in css
    assert ".skip-link:focus" in css
    for status in ("ok", "soon", "overdue", "lapsed"):
        assert f".badge.status-{status}" in css


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\b", block))


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def themes() -> dict[str, dict[str, str]]:
    css = read("style.css")
    dark_at = css.index("@media (prefers-color-scheme: dark)")
    light = _variables(css[:dark_at])
    dark = {**light, **_variables(css[dark_at : css.index("}\n}", dark_at)])}
    return {"light": light, "dark": dark}


PAIRS = [
    ("text", "bg"),
    ("text", "surface"),
    ("text", "raised"),
    ("muted", "surface"),
    ("muted", "bg"),
    ("muted", "raised"),
    ("accent", "surface"),
    ("accent", "bg"),
    ("accent", "soft"),
    ("on-accent", "accent"),
    ("ok", "ok-bg"),
    ("soon", "soon-bg"),
    ("overdue", "overdue-bg"),
    ("lapsed", "lapsed-bg"),
    ("none", "none-bg"),
    ("overdue", "surface"),
]


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("fore", "back"), PAIRS)
def test_text_contrast_is_at_least_4_5(theme: str, fore: str, back: str) -> None:
    colours = themes()[theme]
    ratio = contrast(colours[fore], colours[back])
    assert ratio >= 4.5, f"{theme}: --{fore} on --{back} is {ratio:.2f}:1"


def test_contrast_helper() -> None:
    assert round(contrast("#000", "#fff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def test_status_dots_stand_out_from_the_card_in_both_schemes() -> None:
    """WCAG 1.4.11: a graphic that carries meaning needs 3:1 against what is behind it.
    The "soon" dot was #d49a0a, 2.5:1 on white."""
    dots = dict(re.findall(r"\.status-(\w+) \{ --dot: (#[0-9a-fA-F]{6}); \}", read("style.css")))
    assert {"ok", "soon", "overdue", "lapsed"} <= set(dots)
    for theme, colours in themes().items():
        for status, colour in dots.items():
            ratio = contrast(colour, colours["surface"])
            assert ratio >= 3, f"{theme}: the {status} dot {colour} is {ratio:.2f}:1 on the card"
