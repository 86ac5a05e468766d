"""Cases found in review of the engine against SPEC 2, each through real vault text."""

from __future__ import annotations

import datetime as dt

from netvault.commands.common import load
from netvault.engine import work_out
from netvault.engine.matching import content_words
from tests.conftest import VaultMaker

TODAY = dt.date(2026, 6, 8)


def test_recommender_last_contact_field_is_not_a_thank_you(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nlast_contact: 2026-05-01\n---\n",
            "people/bob.md": "---\nrecommended_by: '[[ada]]'\n---\n",
            "notes/2026-04-01-c.md": "---\nwith: ['[[bob]]']\n---\n",
        }
    )
    report = work_out(load(root).index, TODAY)
    assert [(t.id, t.for_) for t in report.thank_recommender] == [("ada", "bob")]


def test_follow_up_of_a_planned_meeting_is_not_due_yet(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "",
            "notes/2026-06-10-lunch.md": (
                "---\nwith: ['[[ada]]']\nfollow_up: 2026-06-12\nnext_action: send deck\n---\n"
            ),
        }
    )
    report = work_out(load(root).index, TODAY)
    assert report.follow_ups == ()
    assert [p.note for p in report.planned] == ["notes/2026-06-10-lunch.md"]
    later = work_out(load(root).index, dt.date(2026, 6, 11))
    assert [f.note for f in later.follow_ups] == ["notes/2026-06-10-lunch.md"]


def test_a_later_touch_of_someone_introduced_closes_the_follow_up(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "",
            "people/bob.md": "",
            "people/cy.md": "",
            "notes/2026-06-01-intro.md": (
                "---\nwith: ['[[ada]]']\nintroduced: ['[[bob]]', '[[cy]]']\nfollow_up: 2026-06-05\n---\n"
            ),
            "notes/2026-06-03-call.md": "---\nwith: ['[[cy]]']\n---\n",
        }
    )
    assert work_out(load(root).index, TODAY).follow_ups == ()


def test_matching_words_apostrophes_plurals_and_stop_words() -> None:
    assert content_words("a founder's mentor") == {"founder", "mentor"}
    assert content_words("can't sleep") == {"cant", "sleep"}
    assert content_words("news") == {"new"}  # not dropped as the stop-word "new"
    assert content_words("VCs") == content_words("VC network") & {"vc"} == {"vc"}
    assert content_words("København") == content_words("Kobenhavn")


def test_no_match_on_apostrophe_fragments(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": '---\nneeds: ["a founder\'s mentor"]\n---\n',
            "people/bob.md": '---\ninterests: ["Gaudí\'s architecture"]\n---\n',
            "people/cy.md": "---\noffers: [intros to VCs]\n---\n",
            "people/dee.md": "---\nneeds: [a VC]\n---\n",
        }
    )
    report = work_out(load(root).index, TODAY)
    assert [(m.id, m.candidates) for m in report.who_can_i_help] == [("dee", ("cy",))]


def test_a_snooze_ending_within_due_soon_is_soon(make_vault: VaultMaker) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\ntier: A\nmet: 2026-01-01\nsnooze_until: 2026-06-10\n---\n",
        }
    )
    index = load(root).index
    assert [(r.status, r.due) for r in work_out(index, TODAY).reconnect] == [
        ("soon", dt.date(2026, 6, 10))
    ]
    before = dt.date(2026, 5, 1)  # more than `due_soon` before the snooze ends
    assert [r.status for r in work_out(index, before).reconnect] == ["ok"]
    assert [r.status for r in work_out(index, dt.date(2026, 6, 10)).reconnect] == ["lapsed"]
