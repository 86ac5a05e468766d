"""Who can I help: words folded, plurals dropped, stop-words ignored (SPEC 2)."""

from __future__ import annotations

from engine_helpers import make_index, person

from netvault.engine.matching import STOP_WORDS, content_words, who_can_i_help


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
