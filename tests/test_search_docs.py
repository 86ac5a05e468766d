"""search_docs.py: the cut-down pages Pagefind indexes, and the build's shards of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netvault.build import PAGEFIND_UNUSED, build_site, pagefind_available
from netvault.search_docs import search_document, shard_folder
from tests.site_helpers import SAMPLE, TODAY

PAGE = (
    b'<!DOCTYPE html>\n<html lang="en" data-root="../">\n<head><title>T</title></head>\n'
    b"<body><nav><h2>menu</h2></nav><main><article><h1>Lunch with Ada</h1>\n"
    b'<p class="with">With Ada</p><section class="body" aria-label="Note" data-pagefind-body>\n'
    b"<p>We talked &lt;section&gt; a lot.</p>\n"
    b'<section class="footnotes"><ol><li>one</li></ol></section>\n'
    b'</section><aside><section class="card"><h2>Details</h2></section></aside>'
    b"</article></main></body></html>\n"
)


def test_a_page_is_cut_to_its_title_and_body() -> None:
    document = search_document(PAGE)
    assert document == (
        b'<!DOCTYPE html>\n<html lang="en" data-root="../"><head><meta charset="utf-8"></head>'
        b"<body><h1>Lunch with Ada</h1>"
        b'<section class="body" aria-label="Note" data-pagefind-body>\n'
        b"<p>We talked &lt;section&gt; a lot.</p>\n"
        b'<section class="footnotes"><ol><li>one</li></ol></section>\n'
        b"</section></body></html>\n"
    )


def test_pages_without_a_body_are_not_indexed_and_odd_ones_whole() -> None:
    assert search_document(PAGE.replace(b" data-pagefind-body", b"")) is None
    unclosed = PAGE.replace(b"</section><aside>", b"<aside>").replace(b"</section></aside>", b"")
    assert search_document(unclosed) == unclosed


def test_shard_folders() -> None:
    assert [shard_folder(n) for n in range(3)] == ["pagefind", "pagefind-2", "pagefind-3"]


@pytest.mark.skipif(not pagefind_available(), reason="Pagefind is not installed")
def test_a_sharded_build_writes_one_bundle_per_shard_and_a_manifest(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = build_site(SAMPLE, out, TODAY, search_shard=30)
    assert result.notices == []
    pages = sum(1 for page in out.rglob("*.html") if b"data-pagefind-body" in page.read_bytes())
    bundles = sorted(p.name for p in out.iterdir() if p.name.startswith("pagefind"))
    assert bundles == [shard_folder(n) for n in range(-(-pages // 30))]
    assert len(bundles) >= 2
    manifest = json.loads((out / "pagefind" / "netvault-shards.json").read_text("utf-8"))
    assert manifest == {"bundles": [name + "/" for name in bundles[1:]]}
    for name in bundles:
        assert (out / name / "pagefind.js").is_file()
        assert not [unused for unused in PAGEFIND_UNUSED if (out / name / unused).exists()]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".netvault-search")]
