"""search_docs.py: the cut-down pages Pagefind indexes, and the build's shards of them."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from netvault import fulltext
from netvault.build import build_site
from netvault.fulltext import PAGEFIND_UNUSED, pagefind_available
from netvault.search_docs import search_document, shard_count, shard_folder, shard_of
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
    image_only = (
        b'<h1>n</h1><section data-pagefind-body>\n<p><img src="a.png" alt="a"></p>\n</section>'
    )
    assert search_document(image_only) is None  # no word in it, and Pagefind fails on it


def test_shard_folders_and_shards() -> None:
    assert [shard_folder(n) for n in range(3)] == ["pagefind", "pagefind-2", "pagefind-3"]
    assert [shard_count(n, 10) for n in (0, 1, 10, 11, 25)] == [1, 1, 1, 2, 3]
    paths = [f"notes/n{n}.html" for n in range(300)]
    spread = [shard_of(path, 3) for path in paths]
    assert spread == [shard_of(path, 3) for path in paths]  # stable
    assert all(spread.count(n) > 70 for n in range(3))


def _bundles(out: Path) -> dict[str, int]:
    """Bundle folder -> inode of its entry file (the same inode: the bundle was reused)."""
    return {
        p.name: (p / "pagefind-entry.json").stat().st_ino
        for p in sorted(out.iterdir())
        if p.name.startswith("pagefind")
    }


@pytest.mark.skipif(not pagefind_available(), reason="Pagefind is not installed")
def test_a_sharded_build_writes_bundles_a_manifest_and_reuses_unchanged_shards(
    tmp_path: Path,
) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    out = tmp_path / "site"
    result = build_site(vault, out, TODAY, search_shard=20)
    assert result.notices == []
    first = _bundles(out)
    assert list(first) == [shard_folder(n) for n in range(len(first))]
    assert len(first) >= 3
    manifest = json.loads((out / "pagefind" / "netvault-shards.json").read_text("utf-8"))
    assert manifest["bundles"] == [name + "/" for name in list(first)[1:]]
    assert sorted(manifest["digests"]) == sorted(first)
    for name in first:
        assert (out / name / "pagefind.js").is_file()
        assert not [unused for unused in PAGEFIND_UNUSED if (out / name / unused).exists()]
    assert not [p.name for p in out.iterdir() if p.name.startswith(".netvault-search")]

    build_site(vault, out, TODAY, search_shard=20)
    assert _bundles(out) == first  # nothing changed: every bundle reused
    assert json.loads((out / "pagefind" / "netvault-shards.json").read_text("utf-8")) == manifest

    note = vault / "notes" / "2026" / "2026-11-10-meal-ines-dinner.md"
    note.write_text(note.read_text("utf-8") + "\nA brand-new zebra word.\n", "utf-8")
    build_site(vault, out, TODAY, search_shard=20)
    third = _bundles(out)
    changed = [name for name in first if third[name] != first[name]]
    assert len(changed) == 1


def test_shards_are_indexed_two_at_a_time_into_the_same_bundles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    active, most = [0], [0]
    lock = threading.Lock()
    together = threading.Barrier(2, timeout=20)  # breaks unless two runs meet

    def fake_pagefind(site: Path, output: Path | None = None) -> str | None:
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        together.wait()
        with lock:
            active[0] -= 1
        return _bundle_of_names(site, output)

    vault, size = _four_shards(tmp_path, monkeypatch, fake_pagefind)
    shards = 4
    result = build_site(vault, tmp_path / "site", TODAY, search_shard=size)
    assert result.notices == []
    assert most == [2]
    bundles = sorted(p.name for p in (tmp_path / "site").iterdir() if p.name.startswith("pagefind"))
    assert bundles == [shard_folder(n) for n in range(shards)]
    every = [
        line
        for name in bundles
        for line in (tmp_path / "site" / name / "pagefind-entry.json").read_text("utf-8").split()
    ]
    assert len(every) == len(set(every)) > 0  # each page in one bundle only


def _four_shards(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pagefind: Callable[[Path, Path | None], str | None],
) -> tuple[Path, int]:
    """A copy of the sample vault and the shard size that cuts it into four shards, with
    `pagefind` standing in for Pagefind."""
    monkeypatch.setattr(fulltext, "run_pagefind", pagefind)
    monkeypatch.setattr("netvault.build.pagefind_available", lambda: True)
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault)
    pages = sum(1 for _ in (vault / "people").glob("*.md")) + sum(
        1 for _ in (vault / "notes").rglob("*.md")
    )
    size = -(-pages // 4)
    assert shard_count(pages, size) == 4
    return vault, size


def _bundle_of_names(site: Path, output: Path | None = None) -> str | None:
    """A stand-in for Pagefind: the bundle lists the pages it was given."""
    assert output is not None
    output.mkdir(parents=True)
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    (output / "pagefind-entry.json").write_text("\n".join(pages), "utf-8")
    return None


def test_a_failed_pagefind_run_stops_the_rest_and_leaves_no_half_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    lock = threading.Lock()
    later = threading.Event()  # never set: a run that did not fail takes two seconds

    def first_fails(site: Path, output: Path | None = None) -> str | None:
        with lock:
            calls.append(site)
            first = len(calls) == 1
        if first:
            return "Pagefind failed (disk full); full-text search skipped"
        later.wait(2)
        return _bundle_of_names(site, output)

    vault, size = _four_shards(tmp_path, monkeypatch, first_fails)
    result = build_site(vault, tmp_path / "site", TODAY, search_shard=size)
    assert result.notices == ["Pagefind failed (disk full); full-text search skipped"]
    assert len(calls) < 4  # the shards still waiting were not indexed
    site = tmp_path / "site"
    assert not [p.name for p in site.iterdir() if p.name.startswith("pagefind")]
    assert (site / "index.html").is_file()


def test_a_bundle_holding_a_symlink_is_indexed_again_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, size = _four_shards(tmp_path, monkeypatch, _bundle_of_names)
    site = tmp_path / "site"
    build_site(vault, site, TODAY, search_shard=size)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the site", "utf-8")
    (site / "pagefind-2" / "leak.txt").symlink_to(secret)
    build_site(vault, site, TODAY, search_shard=size)
    assert not (site / "pagefind-2" / "leak.txt").exists()
    assert not [p for p in site.rglob("*") if p.is_symlink()]
    assert (site / "pagefind-2" / "pagefind-entry.json").is_file()
