"""`#tags` in a rendered body link to their tag pages (render/inline_tags.py)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from netvault.render.inline_tags import link_tags
from tests.conftest import VaultMaker
from tests.site_helpers import build


def _href(tag: str) -> str:
    return f"../tags/{tag}.html"


def _link(tag: str, written: str | None = None) -> str:
    return f'<a class="tag" href="../tags/{tag}.html">#{written or tag}</a>'


@pytest.mark.parametrize(
    ("html", "linked"),
    [
        ("<p>Met at the fair. #launch</p>", f"<p>Met at the fair. {_link('launch')}</p>"),
        ("<p>#launch</p>", f"<p>{_link('launch')}</p>"),
        ("<p>(#launch) and &quot;#launch&quot;</p>",
         f"<p>({_link('launch')}) and &quot;{_link('launch')}&quot;</p>"),
        ("<p>#Launch—soon</p>", f"<p>{_link('launch', 'Launch')}—soon</p>"),
        ("<p>#other is not in the body's tags</p>", "<p>#other is not in the body's tags</p>"),
        ("<p>C#launch a#launch</p>", "<p>C#launch a#launch</p>"),  # not after a letter
        ("<p><code>#launch</code> <a href=\"x.html\">#launch</a></p>",
         "<p><code>#launch</code> <a href=\"x.html\">#launch</a></p>"),
        ("<pre><code>#launch\n</code></pre><p>#launch</p>",
         f"<pre><code>#launch\n</code></pre><p>{_link('launch')}</p>"),
        ('<p><a href="#launch">x</a> #2024</p>', '<p><a href="#launch">x</a> #2024</p>'),
    ],
)  # fmt: skip
def test_link_tags(html: str, linked: str) -> None:
    assert link_tags(html, {"launch"}, _href) == linked


def test_no_tags_or_no_hash_leave_the_html_as_it_is() -> None:
    html = "<p>#launch</p>"
    assert link_tags(html, set(), _href) is html
    assert link_tags("<p>plain</p>", {"launch"}, _href) == "<p>plain</p>"


def test_a_decomposed_tag_links_to_its_composed_page() -> None:
    nfd = unicodedata.normalize("NFD", "café")
    html = f"<p>Coffee at the #{nfd}</p>\n"
    assert link_tags(html, {"café"}, _href) == f"<p>Coffee at the {_link('café', nfd)}</p>\n"


def test_a_page_links_the_tags_of_its_body(make_vault: VaultMaker, tmp_path: Path) -> None:
    root = make_vault(
        {
            "people/ada.md": "---\nname: Ada\n---\nPlays chess. #chess\n\n`#code` #chess-club\n",
            "notes/2026-11-01-call.md": "---\ndate: 2026-11-01\n---\n- [ ] ask about #chess\n",
        }
    )
    build(root, tmp_path / "site")
    person = (tmp_path / "site" / "people" / "ada.html").read_text("utf-8")
    assert f"Plays chess. {_link('chess')}</p>" in person
    assert f"<code>#code</code> {_link('chess-club')}</p>" in person
    assert (tmp_path / "site" / "tags" / "chess-club.html").is_file()
    note = (tmp_path / "site" / "notes" / "2026-11-01-call.html").read_text("utf-8")
    assert f"ask about {_link('chess')}</li>" in note
