from netvault.lookup import find_people, near_misses
from netvault.model import Contact

PEOPLE = [
    Contact(id="grace-hopper", path="people/grace-hopper.md", name="Grace Hopper"),
    Contact(id="ada", path="people/ada.md", name="Ada Lovelace", aliases=("Countess",)),
    Contact(id="zoe", path="people/zoe.md", name="Zoë Okafor"),
    Contact(id="adam", path="people/adam.md", name="Adam Smith"),
]


def _ids(found: list[Contact]) -> list[str]:
    return [c.id for c in found]


def test_exact_spellings_ignore_case_accents_and_spaces() -> None:
    assert _ids(find_people(PEOPLE, "  grace   HOPPER ")) == ["grace-hopper"]
    assert _ids(find_people(PEOPLE, "zoe okafor")) == ["zoe"]
    assert _ids(find_people(PEOPLE, "countess")) == ["ada"]
    assert _ids(find_people(PEOPLE, "ADA")) == ["ada"]  # the id, exactly: not Adam too


def test_of_several_exact_matches_the_one_spelled_as_typed_wins() -> None:
    people = [
        Contact(id="ai-chen", path="people/ai-chen.md", name="Ai", aliases=("Ai Chen",)),
        Contact(id="robot", path="people/robot.md", name="Robo", aliases=("AI",)),
    ]
    assert _ids(find_people(people, "AI")) == ["robot"]
    assert _ids(find_people(people, "Ai")) == ["ai-chen"]
    assert _ids(find_people(people, "ai")) == ["ai-chen", "robot"]  # neither: still both


def test_word_starts_when_nothing_is_exact() -> None:
    assert _ids(find_people(PEOPLE, "Grace")) == ["grace-hopper"]
    assert _ids(find_people(PEOPLE, "lov ad")) == ["ada"]
    assert _ids(find_people(PEOPLE, "Ad")) == ["ada", "adam"]  # ambiguous: both, by name
    assert find_people(PEOPLE, "nobody") == []


def test_near_misses_find_typos_in_one_word() -> None:
    assert _ids(near_misses(PEOPLE, "Graec")) == ["grace-hopper"]
    assert _ids(near_misses(PEOPLE, "Grace Hoper")) == ["grace-hopper"]
    assert near_misses(PEOPLE, "qqqq") == []
