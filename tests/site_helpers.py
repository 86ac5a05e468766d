"""Reading a built site in tests: an HTML parser that keeps elements, ids and text, and the
checks every page must pass (links resolve, privacy meta tags, nothing loaded from
elsewhere). Used by tests/test_site.py and tests/test_build.py."""

from __future__ import annotations

import datetime as dt
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from netvault.build import BuildResult, build_site
from tests.conftest import REPO

SAMPLE = REPO / "sample_vault"
TODAY = dt.date(2026, 11, 16)
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
# Elements whose URL attribute makes the browser load something by itself.
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
           "audio": "src", "embed": "src", "object": "data", "track": "src", "input": "src"}  # fmt: skip


class Page(HTMLParser):
    """Every element with its attributes, the text, and the ids of one HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: set[str] = set()
        self.text_parts: list[str] = []
        self.title = ""
        self._in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        self.elements.append((tag, values))
        if "id" in values:
            self.ids.add(values["id"])
        self._in_title = tag == "title"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._in_title:
            self.title += data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def find(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.elements if name == tag]


def build(root: Path, out: Path, *, pagefind: bool = False) -> BuildResult:
    return build_site(root, out, TODAY, pagefind=pagefind)


def html_pages(out: Path) -> dict[str, Page]:
    return {
        path.relative_to(out).as_posix(): Page(path.read_text("utf-8"))
        for path in sorted(out.rglob("*.html"))
        if "pagefind" not in path.relative_to(out).parts
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def internal(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and not url.startswith("#")


def assert_links_resolve(out: Path, pages: dict[str, Page]) -> int:
    """Every relative href/src of every page names a file of the site (and an anchor on it
    when it has a fragment). Returns how many links were checked."""
    checked = 0
    for rel, page in pages.items():
        folder = posixpath.dirname(rel)
        for tag, attrs in page.elements:
            for attribute in ("href", "src"):
                url = attrs.get(attribute)
                if url is None or not internal(url):
                    continue
                parts = urlsplit(url)
                target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
                assert not target.startswith(".."), (
                    f"{rel}: <{tag} {attribute}={url!r}> leaves the site"
                )
                assert (out / target).is_file(), (
                    f"{rel}: <{tag} {attribute}={url!r}> -> missing {target}"
                )
                # `#sort=due` is state for people.js, not an anchor
                if parts.fragment and "=" not in parts.fragment and target.endswith(".html"):
                    ids = pages[target].ids
                    assert parts.fragment in ids, f"{rel}: {url!r}: no id {parts.fragment!r}"
                checked += 1
    return checked


def assert_private(rel: str, page: Page) -> None:
    metas = page.find("meta")
    csp = [
        m["content"] for m in metas if m.get("http-equiv", "").lower() == "content-security-policy"
    ]
    assert csp == [CSP], rel
    assert {"name": "robots", "content": "noindex, nofollow"} in metas, rel
    assert {"name": "referrer", "content": "no-referrer"} in metas, rel
    for tag, attribute in LOADING.items():
        for attrs in page.find(tag):
            if attribute in attrs:
                assert internal(attrs[attribute]), f"{rel}: <{tag}> loads {attrs[attribute]!r}"
    for attrs in page.find("link"):
        href = attrs.get("href", "")
        # The icon is an empty inline one (no favicon.ico request); everything else is a
        # file of the site.
        if attrs.get("rel") == "icon":
            assert href == "data:,", f"{rel}: icon {href!r}"
        else:
            assert internal(href), f"{rel}: <link> loads {href!r}"
    for tag, attrs in page.elements:
        assert "style" not in attrs, f"{rel}: inline style on <{tag}> (CSP forbids it)"
        assert not [a for a in attrs if a.startswith("on")], f"{rel}: event handler on <{tag}>"
        if tag == "script":
            assert attrs.get("src"), f"{rel}: inline <script>"
        if (
            tag == "a"
            and not internal(attrs.get("href", "#"))
            and attrs.get("href", "").startswith("http")
        ):
            assert attrs.get("rel") == "noopener noreferrer", f"{rel}: external link {attrs}"
        assert tag not in ("iframe", "object", "embed", "base"), f"{rel}: <{tag}>"
