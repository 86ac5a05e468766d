"""Who can I help: words folded, plurals dropped, stop-words ignored (SPEC 2)."""

from __future__ import annotations

from engine_helpers import make_index, person
from hypothesis import given, settings
from hypothesis import strategies as st

from netvault.engine.matching import STOP_WORDS, content_words, profile_words, who_can_i_help
from netvault.index import Index


def test_content_words_fold_accents_case_plurals_and_stop_words() -> None:
    assert content_words("Looking for a Café in Zürich") == {"cafe", "zurich"}
    assert content_words("Introductions to investors") == {"introduction", "investor"}
    # three-letter plurals drop their s too (VCs, PMs); both sides are stemmed alike, so
    # "bus" still matches "bus"
    assert content_words("business classes bus") == {"business", "classe", "bu"}
    assert content_words("bus") == content_words("Bus")
    assert content_words("this is all they have") == set()
    assert 90 <= len(STOP_WORDS) <= 160


def test_matches_rank_by_shared_words_then_name_up_to_three() -> None:
    index = make_index(
        [
            person("ned", name="Ned", needs=("Investors for a café in Zürich",)),
            person("zoe", name="Zoe", offers=("knows investors",)),
            person("amy", name="Amy", interests=("cafes",), tags=("zurich",)),
            person("bob", name="Bob", title="Angel investor"),
            person("cat", name="Cat", offers=("cafe owners",)),
            person("dan", name="Dan", offers=("nothing relevant",)),
        ]
    )
    (match,) = who_can_i_help(index)
    assert (match.id, match.need) == ("ned", "Investors for a café in Zürich")
    assert match.candidates == ("amy", "bob", "cat")  # amy shares two words; the rest by name
    assert match.shared[0] == ("cafe", "zurich")


def test_never_self_never_archived_and_no_match_for_stop_words_only() -> None:
    index = make_index(
        [
            person("ned", needs=("design help", "the same for all")),
            person("me", offers=("design",), needs=("a designer",)),
            person("old", offers=("design help",), archived=True),
            person("gone", needs=("design",), archived=True),
            person("stop", offers=("all the same",)),
        ]
    )
    matches = who_can_i_help(index)
    assert [(m.id, m.need, m.candidates) for m in matches] == [("ned", "design help", ("me",))]


WORDS = ("design", "investor", "cafe", "zurich", "python", "hiring", "the", "a")


def _brute_force(
    index: Index,
) -> list[tuple[str, str, tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    """SPEC 2 read literally: every need against every other active contact's profile."""
    active = sorted(
        (c for c in index.contacts.values() if not c.archived),
        key=lambda c: (c.name.casefold(), c.id),
    )
    found = []
    for contact in active:
        for need in contact.needs:
            words = content_words(need)
            scored = [
                (len(words & profile_words(other)), place, other)
                for place, other in enumerate(active)
                if other.id != contact.id and words & profile_words(other)
            ]
            best = sorted(scored, key=lambda s: (-s[0], s[1]))[:3]
            if best:
                found.append(
                    (
                        contact.id,
                        need,
                        tuple(o.id for _, _, o in best),
                        tuple(tuple(sorted(words & profile_words(o))) for _, _, o in best),
                    )
                )
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4), max_size=2),
            st.lists(st.sampled_from(WORDS), max_size=3),
            st.sampled_from(["Ann", "bob", "Bob", "Cy"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_the_inverted_index_gives_what_comparing_every_pair_gives(
    people: list[tuple[list[list[str]], list[str], str, bool]],
) -> None:
    contacts = [
        person(
            f"p{number}",
            name=name,
            needs=tuple(" ".join(need) for need in needs),
            offers=tuple(offers),
            archived=archived and number % 3 == 0,
        )
        for number, (needs, offers, name, archived) in enumerate(people)
    ]
    index = make_index(contacts)
    got = [(m.id, m.need, m.candidates, m.shared) for m in who_can_i_help(index)]
    assert got == _brute_force(index)
