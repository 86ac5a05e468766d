"""Slugs and the output-path guard (SPEC 5.2; BAD-INPUTS rows 25-26)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netvault.render.slugs import RESERVED, SlugAllocator, safe_output_path, slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEVICES = (
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada Lovelace", "ada-lovelace"),
        ("  Ada   Lovelace!! ", "ada-lovelace"),
        ("José Núñez", "jose-nunez"),
        ("Ελληνικά", "ellinika"),
        ("Привет Мир", "privet-mir"),
        ("王小明", "wangxiaoming"),
        ("../../x", "x"),
        ("/abs", "abs"),
        ("C:\\x", "c-x"),
        ("a/b\\c", "a-b-c"),
        ("O'Brien & Co.", "o-brien-co"),
    ],
)
def test_slugify_examples(text: str, expected: str) -> None:
    assert slugify(text) == expected


@pytest.mark.parametrize("text", ["CON", "con", "Nul", "COM1", "lpt9", "aux", "PRN"])
def test_windows_device_names_get_a_suffix(text: str) -> None:
    assert slugify(text) == text.lower() + "-x"


def test_not_a_device_name_when_longer() -> None:
    assert slugify("console") == "console"
    assert slugify("com10") == "com10"


@pytest.mark.parametrize("text", ["", ".", "..", "...", "   ", "!!!", "\u200b", "-"])
def test_nothing_left_gives_a_hash(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[0-9a-f]{10}", slug)


def test_hash_fallbacks_differ_and_are_stable() -> None:
    assert slugify(".") != slugify("..")
    assert slugify(".") == slugify(".")
    assert slugify("") != slugify(".")


def test_only_emoji_is_safe_and_non_empty() -> None:
    slug = slugify("😀🎉")
    assert SLUG.match(slug)
    assert slug == "grinning-tada"
    assert slugify("\U000e0001") != ""  # a tag character with no transliteration


def test_long_names_are_cut_with_a_hash() -> None:
    a = slugify("x" * 200 + "a")
    b = slugify("x" * 200 + "b")
    assert len(a) == 80
    assert a != b
    assert a.startswith("x" * 69 + "-")
    assert SLUG.match(a)


def test_nfc_and_nfd_agree() -> None:
    assert slugify("Jose\u0301") == slugify("Jos\u00e9") == "jose"


@given(st.text(max_size=120))
def test_every_slug_is_safe(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug), slug
    assert len(slug) <= 80
    assert slug not in {".", ".."}
    assert slug not in DEVICES


def test_allocator_suffixes_collisions_in_order() -> None:
    slugs = SlugAllocator()
    assert slugs.allocate("people", "ada", "Ada") == "ada"
    assert slugs.allocate("people", "ada-2", "ADA") == "ada-2"
    assert slugs.allocate("people", "Ada!", "Ada!") == "ada-3"
    # A name that naturally slugs to a taken suffix moves on as well.
    assert slugs.allocate("people", "Ada 2") == "ada-2-2"
    assert slugs.taken("people") == frozenset({"ada", "ada-2", "ada-3", "ada-2-2"})


def test_allocator_is_stable_per_key() -> None:
    slugs = SlugAllocator()
    first = slugs.allocate("people", "ada", "Ada")
    slugs.allocate("people", "other", "Ada")
    assert slugs.allocate("people", "ada", "Ada") == first == "ada"
    assert slugs.get("people", "other") == "ada-2"
    assert slugs.get("people", "nobody") is None


def test_allocator_folders_are_independent() -> None:
    slugs = SlugAllocator()
    assert slugs.allocate("people", "ada") == "ada"
    assert slugs.allocate("tags", "ada") == "ada"
    assert slugs.taken("notes") == frozenset()


def test_allocator_is_deterministic_for_a_sorted_order() -> None:
    names = ["Ada", "ada", "ADA", "Bob", "bob!"]
    runs = []
    for _ in range(2):
        slugs = SlugAllocator()
        runs.append([slugs.allocate("people", n) for n in sorted(names)])
    assert runs[0] == runs[1] == ["ada", "ada-2", "bob", "ada-3", "bob-2"]


@pytest.mark.parametrize("name", ["Index", "index", "Search", "Graph", "search-index"])
def test_reserved_names_never_handed_out(name: str) -> None:
    slugs = SlugAllocator()
    slug = slugs.allocate("people", name)
    assert slug == slugify(name) + "-2"
    assert slug not in RESERVED


def test_custom_reserved_set() -> None:
    slugs = SlugAllocator(reserved={"ada"})
    assert slugs.allocate("people", "Ada") == "ada-2"
    assert slugs.allocate("people", "Index") == "index"


def test_bad_names_all_get_distinct_safe_slugs() -> None:
    names = ["../../x", "/abs", "C:\\x", "CON", ".", "..", "", "😀", "王小明", "x", "index"]
    slugs = SlugAllocator()
    got = [slugs.allocate("tags", n) for n in names]
    assert len(set(got)) == len(names)
    assert all(SLUG.match(s) for s in got)
    assert got[0] == "x"
    assert got[9] == "x-2"


def test_safe_output_path_accepts_inside(tmp_path: Path) -> None:
    assert safe_output_path(tmp_path, "people/ada.html") == tmp_path / "people" / "ada.html"
    assert safe_output_path(tmp_path, "index.html") == tmp_path / "index.html"


@pytest.mark.parametrize(
    "rel",
    [
        "",
        "../x.html",
        "people/../../x.html",
        "/etc/passwd",
        "C:\\x",
        "C:x",
        "people\\..\\..\\x",
        "a//b",
        "./a",
        "a/.",
        "a/",
        "a\x00b",
        "a.html:stream",
    ],
)
def test_safe_output_path_refuses_escapes(tmp_path: Path, rel: str) -> None:
    with pytest.raises(ValueError, match="unsafe output path"):
        safe_output_path(tmp_path, rel)


def test_safe_output_path_allocated_slugs_stay_inside(tmp_path: Path) -> None:
    slugs = SlugAllocator()
    for name in ["../../x", "..", "/abs", "C:\\x"]:
        path = safe_output_path(tmp_path, f"people/{slugs.allocate('people', name)}.html")
        assert path.parent == tmp_path / "people"


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("notes/2026/2026-01-14-coffee.md", "2026-01-14-coffee"),  # not 2026-2026-01-14-...
        ("notes/2026-01-14-x.md", "2026-01-14-x"),
        ("notes/clients/2026/2026-01-14-acme.md", "clients/2026-01-14-acme"),
        ("notes/2026/meeting.md", "2026/meeting"),
        ("notes/2026/2025-12-31-late.md", "2026/2025-12-31-late"),
        ("journal/2025/2025-03-01.md", "journal/2025-03-01"),
    ],
)
def test_a_note_is_named_without_a_year_folder_its_name_repeats(path: str, named: str) -> None:
    from netvault.render.addresses import note_slug_text

    assert note_slug_text(path) == named


def test_safe_output_path_accepts_a_relative_root() -> None:
    # `cd vault && netvault build` reads attachments relative to `.`; every one of them was
    # refused as outside the vault, and the site lost its images.
    assert safe_output_path(Path("."), "people/ada.png") == Path("people/ada.png")
    assert safe_output_path(Path("vault"), "a.png") == Path("vault/a.png")
    with pytest.raises(ValueError):
        safe_output_path(Path("."), "../a.png")
