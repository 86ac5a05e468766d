"""Contact ids: NFC-normalised file names, compared with casefold; collisions are errors."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.assemble import id_collisions
from netvault.model import Contact
from netvault.records import file_id

names = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Mn", "Nd"), exclude_characters="/\\\x00"),
    min_size=1,
    max_size=12,
)


def _contact(stem: str) -> Contact:
    return Contact(id=file_id(f"people/{stem}.md"), path=f"people/{stem}.md", name=stem)


@given(names)
@settings(max_examples=300, deadline=None)
def test_ids_are_nfc_whatever_the_file_system_gave(stem: str) -> None:
    nfd = unicodedata.normalize("NFD", stem)
    assert file_id(f"people/{nfd}.md") == unicodedata.normalize("NFC", stem)
    assert file_id(f"people/{stem}.md") == file_id(f"people/{nfd}.md")


@given(names)
@settings(max_examples=300, deadline=None)
def test_case_and_normalisation_variants_collide_naming_both(stem: str) -> None:
    variant = unicodedata.normalize("NFD", stem.swapcase())
    if variant == stem:
        variant = unicodedata.normalize("NFD", stem.upper()) + ""
    first, second = _contact(stem), _contact(variant)
    if first.path == second.path:
        return  # nothing to collide with: the same file
    if first.id.casefold() != second.id.casefold():
        return  # swapcase is not always a case variant (e.g. 'ß' -> 'SS' folds the same)
    problems = id_collisions([first, second])
    assert [(p.path, p.severity) for p in problems] == [(second.path, "error")]
    assert first.path in problems[0].message


@given(st.lists(names, min_size=1, max_size=8, unique_by=lambda n: file_id(n).casefold()))
@settings(max_examples=200, deadline=None)
def test_distinct_ids_never_collide(stems: list[str]) -> None:
    assert id_collisions([_contact(stem) for stem in stems]) == []
