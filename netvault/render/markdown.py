"""Markdown bodies -> safe HTML fragments (SPEC 1.3 and 5.2; BAD-INPUTS rows 17-19, 22, 28).

Pure: the page assembler calls `render_markdown(body, resolve)` for each contact and note,
passing a `resolve(target, heading, embed)` callback that knows the vault (the index) and
the page's depth. This module knows only Markdown and link safety:

- markdown-it-py `js-default` (raw HTML off, linkify off) with tables, strikethrough,
  footnotes, task lists and heading ids prefixed `h-` (see `heading_id`);
- `[[target]]`, `[[target|label]]`, `[[target#heading]]`, `![[file]]` and relative Markdown
  links all go through `resolve`;
- only `http`, `https`, `mailto`, `tel` and relative URLs ever become links; external links
  get `rel="noopener noreferrer"`; remote images are never loaded, only linked;
- no inline `style` attributes (the site's CSP forbids them): table alignment is a class;
- bodies of only plain paragraphs and task lists take a fast path (`markdown_fast`) that
  writes the same bytes without markdown-it's parse;
- pathological input (deep nesting, bracket storms) renders as plain text in bounded time,
  and the lines where that happened are returned so the caller can warn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from netvault.render.markdown_fast import MAX_WIKILINK, simple_html, wikilink_meta
from netvault.render.slugs import slugify

LinkKind = Literal["person", "note", "file", "image", "unresolved", "outside"]


@dataclass(frozen=True)
class LinkTarget:
    """What `resolve` found. `href` is relative to the page being rendered (for `image`, the
    `src` of the copied file); `label` is the display text when the link has none of its own
    (a person's name); `kind` "unresolved" and "outside" need no href."""

    href: str | None
    label: str | None
    kind: LinkKind


Resolve = Callable[[str, str | None, bool], LinkTarget]


@dataclass(frozen=True)
class RenderResult:
    html: str
    remote_images: tuple[str, ...] = ()  # URLs of remote images shown as links, not loaded
    outside: tuple[str, ...] = ()  # targets refused because they point outside the vault
    flattened: tuple[int, ...] = ()  # 1-based body lines rendered as plain text (too deep)


EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
UrlClass = Literal["external", "relative", "refused"]

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
# Block content deeper than this many open tokens is flattened into one paragraph, well
# below markdown-it's own `maxNesting`, which silently drops the tail instead.
_MAX_BLOCK_LEVEL = 40
# A paragraph whose `[` brackets nest deeper than this is shown as plain text: markdown-it's
# link-label scan is quadratic in unclosed brackets, and no real note nests them this deep.
_MAX_BRACKET_DEPTH = 10
_BRACKETS = re.compile(r"[\[\]]")
_ALIGN = re.compile(r"text-align:(left|right|center)")


def classify_url(url: str) -> UrlClass:
    """`external` (http, https, mailto, tel), `relative` (for `resolve`), or `refused`.

    Decodes percent escapes and drops whitespace and control characters first, as browsers
    do, so `java%0Ascript:` and `JaVaScRiPt:` are both refused. A one-letter scheme is a
    Windows drive (`C:\\x`): that is handed to `resolve`, which refuses it as outside.
    Protocol-relative `//host/x` is refused here; in a body markdown-it first makes it
    `https://host/x` (`_Markdown.normalizeLink`), an ordinary remote address.
    """
    cleaned = _INVISIBLE.sub("", unquote(url)).lower()
    scheme = _SCHEME.match(cleaned)
    if scheme:
        name = scheme.group(1)
        if name in EXTERNAL_SCHEMES:
            return "external"
        return "relative" if len(name) == 1 else "refused"
    if cleaned.startswith(("//", "\\\\", "/\\", "\\/")):
        return "refused"
    return "relative"


def heading_id(text: str) -> str:
    """The `id` a heading with this text gets (before de-duplication): `h-` + its slug.
    The prefix keeps body headings from clobbering the page template's own ids."""
    return "h-" + slugify(text)


class _Markdown(MarkdownIt):
    def normalizeLink(self, url: str) -> str:  # markdown-it's hook, called before validateLink
        # A protocol-relative `//host/x` means another site; from `file://` it would mean a
        # file, so it is taken as https, and then shown as any remote address is.
        if url.startswith("//") and url[2:3] not in ("/", "\\", ""):
            url = "https:" + url
        return super().normalizeLink(url)

    def validateLink(self, url: str) -> bool:  # markdown-it's hook, hence the name
        return classify_url(url) != "refused"


@dataclass
class _Context:
    resolve: Resolve
    remote_images: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    flattened: list[int] = field(default_factory=list)


def render_markdown(text: str, resolve: Resolve, *, fast: bool = True) -> RenderResult:
    """Render one body. `resolve(target, heading, embed)` is called for every wikilink,
    embed and relative Markdown link or image, in text order. `fast=False` skips the fast
    path (tests compare the two)."""
    context = _Context(resolve)
    env = {"netvault": context}
    html = simple_html(text, lambda meta: _wikilink_html(meta, context)) if fast else None
    if html is None:
        html = _parser().render(text, env)
    return RenderResult(
        html=html,
        remote_images=tuple(context.remote_images),
        outside=tuple(context.outside),
        flattened=tuple(sorted(set(context.flattened))),
    )


def code_block_lines(text: str) -> list[tuple[int, int]]:
    """The lines (0-based, end excluded) of each fenced or indented code block of a body,
    as the site renders it: markdown-it's own block stage, without the inline one. For the
    body scanner (links.mask_code), where indentation makes its own reading unsure."""
    tokens: list[Token] = []
    md = _parser()
    md.block.parse(text, md, {"netvault": _Context(_no_resolve)}, tokens)
    return [
        (token.map[0], token.map[1])
        for token in tokens
        if token.type in ("code_block", "fence") and token.map
    ]


@cache
def _parser() -> MarkdownIt:
    md = _Markdown("js-default", {"html": False, "linkify": True, "typographer": False})
    md.enable(["table", "strikethrough", "linkify"])
    # A web address typed as it is (https://..., `ada@example.org`) becomes a link; a bare
    # name with a dot does not (`README.md`, `notes.txt` would be taken for web sites).
    linkify = md.linkify
    assert linkify is not None  # markdown-it-py[linkify] brings linkify-it-py
    linkify.set({"fuzzy_link": False, "fuzzy_ip": False, "fuzzy_email": True})
    linkify.add("//", None)  # `//host` in prose is no address anyone typed
    md.use(footnote_plugin)
    md.use(tasklists_plugin)
    md.use(anchors_plugin, min_level=1, max_level=6, slug_func=heading_id)
    md.block.ruler.before("table", "netvault_flatten", _flatten_deep_blocks)
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
    md.core.ruler.at("inline", _guarded_inline)
    # After footnote_tail (inline footnotes hold tokens too), before anchors read titles.
    md.core.ruler.before("anchor", "netvault_links", _links_rule)
    md.add_render_rule("wikilink", _render_leftover_wikilink)
    md.add_render_rule("table_open", _render_table_open)
    md.add_render_rule("table_close", _render_table_close)
    return md


# --- parsing ---------------------------------------------------------------------------


def _flatten_deep_blocks(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.level < _MAX_BLOCK_LEVEL:
        return False
    line = start
    while line < end and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
        line += 1
    if silent:
        return True
    content = state.getLines(start, line, state.blkIndent, False).strip()
    state.line = line
    opening = state.push("paragraph_open", "p", 1)
    opening.map = [start, line]
    inline = state.push("inline", "", 0)
    inline.content = content
    inline.map = [start, line]
    inline.children = []
    state.push("paragraph_close", "p", -1)
    _context(state.env).flattened.append(start + 1)
    return True


def _guarded_inline(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline":
            continue
        if brackets_too_deep(token.content):
            token.children = [Token("text", "", 0, content=token.content)]
            if token.map:
                _context(state.env).flattened.append(token.map[0] + 1)
        else:
            token.children = []
            state.md.inline.parse(token.content, state.md, state.env, token.children)


def brackets_too_deep(content: str) -> bool:
    """Whether `[` brackets nest deeper than markdown-it is let parse (then: plain text)."""
    if content.count("[") <= _MAX_BRACKET_DEPTH:
        return False
    depth = 0
    for match in _BRACKETS.finditer(content):
        if match.group() == "[":
            depth += 1
            if depth > _MAX_BRACKET_DEPTH:
                return True
        elif depth:
            depth -= 1
    return False


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    embed = src.startswith("!", pos)
    start = pos + 1 if embed else pos
    if not src.startswith("[[", start):
        return False
    end = src.find("]]", start + 2, min(state.posMax, start + 4 + MAX_WIKILINK))
    if end < 0:
        return False
    inner = src[start + 2 : end]
    if "[" in inner or "]" in inner or "\n" in inner:
        return False
    meta = wikilink_meta(inner, embed)
    if meta is None:
        return False
    if not silent:
        token = state.push("wikilink", "", 0)
        token.content = src[pos : end + 2]
        token.meta = meta
    state.pos = end + 2
    return True


# --- links, images and embeds ---------------------------------------------------------


def _context(env: object) -> _Context:
    assert isinstance(env, dict)
    context = env["netvault"]
    assert isinstance(context, _Context)
    return context


def _links_rule(state: StateCore) -> None:
    context = _context(state.env)
    for token in state.tokens:
        if token.type in ("th_open", "td_open"):
            _align_as_class(token)
        elif token.type == "inline" and token.children:
            token.children = _rewrite_inline(token.children, context)


def _align_as_class(token: Token) -> None:
    style = token.attrs.pop("style", None)
    align = _ALIGN.search(str(style)) if style is not None else None
    if align:
        token.attrSet("class", f"align-{align.group(1)}")


def _rewrite_inline(children: Sequence[Token], context: _Context) -> list[Token]:
    result: list[Token] = []
    closers: list[str] = []  # the tag each open link turned into
    for token in children:
        if token.type == "link_open":
            closers.append(_rewrite_link(token, context))
            result.append(token)
        elif token.type == "link_close":
            token.tag = closers.pop() if closers else "a"
            result.append(token)
        elif token.type == "wikilink":
            if closers:  # a link inside a link's text: keep just the words
                result.append(_text(_wikilink_text(token.meta, None)))
            else:
                result.extend(_wikilink_tokens(token.meta, context))
        elif token.type == "image":
            result.extend(_image_tokens(token, context))
        else:
            result.append(token)
    return result


def _rewrite_link(token: Token, context: _Context) -> str:
    """Fix up a Markdown link in place; returns the tag its closing token needs."""
    href = str(token.attrGet("href") or "")
    kind = classify_url(href)
    if kind == "external":
        token.attrSet("rel", "noopener noreferrer")
        return "a"
    if href.startswith("#"):
        if len(href) > 1:
            token.attrSet("href", "#" + heading_id(unquote(href[1:])))
        return "a"
    target, heading = _split_target(href)
    if not target:  # `[x]()`, `[x](?q)`: nothing to resolve
        return _apply_target(token, LinkTarget(None, None, "unresolved"), target, context)
    found = context.resolve(target, heading, False)
    return _apply_target(token, found, target, context)


def _split_target(href: str) -> tuple[str, str | None]:
    path, hash_, fragment = href.partition("#")
    path = path.partition("?")[0]
    return unquote(path).strip(), (unquote(fragment).strip() if hash_ else None)


def _apply_target(token: Token, found: LinkTarget, target: str, context: _Context) -> str:
    token.attrs.clear()
    if found.kind == "outside":
        context.outside.append(target)
        token.tag = "span"
        token.attrSet("class", "outside")
        token.attrSet("title", "refused: points outside the vault")
        return "span"
    if found.kind == "unresolved" or not found.href or classify_url(found.href) == "refused":
        token.tag = "span"
        token.attrSet("class", "unresolved")
        token.attrSet("title", "unresolved link")
        return "span"
    token.tag = "a"
    token.attrSet("href", found.href)
    if classify_url(found.href) == "external":
        token.attrSet("rel", "noopener noreferrer")
    return "a"


def _wikilink_text(meta: dict[str, object], found: LinkTarget | None) -> str:
    label, target, heading = meta["label"], meta["target"], meta["heading"]
    if isinstance(label, str):
        return label
    base = found.label if found is not None and found.label else str(target)
    if isinstance(heading, str):
        return f"{base} > {heading}" if base else heading
    return base


def _wikilink_target(meta: dict[str, object], context: _Context) -> LinkTarget:
    target, heading, embed = str(meta["target"]), meta["heading"], bool(meta["embed"])
    if not target and isinstance(heading, str):  # `[[#Heading]]`: this page
        return LinkTarget("#" + heading_id(heading), None, "note")
    return context.resolve(target, heading if isinstance(heading, str) else None, embed)


def _wikilink_tokens(meta: dict[str, object], context: _Context) -> list[Token]:
    found = _wikilink_target(meta, context)
    return _found_tokens(found, _wikilink_text(meta, found), meta, context)


def _found_tokens(
    found: LinkTarget, text: str, meta: dict[str, object], context: _Context
) -> list[Token]:
    target, embed = str(meta["target"]), bool(meta["embed"])
    if embed and found.kind == "image" and found.href and classify_url(found.href) == "relative":
        return [_img(found.href, text)]
    opening = Token("link_open", "a", 1)
    tag = _apply_target(opening, found, target, context)
    return [opening, _text(text), Token("link_close", tag, -1)]


def _image_tokens(token: Token, context: _Context) -> list[Token]:
    src = str(token.attrGet("src") or "")
    alt = "".join(child.content for child in token.children or ())
    kind = classify_url(src)
    if kind == "external":
        opening = Token("link_open", "a", 1, attrs={"href": src, "rel": "noopener noreferrer"})
        if src.split(":", 1)[0].lower() in ("http", "https"):
            context.remote_images.append(src)
            opening.attrSet("class", "remote-image")
            opening.attrSet("title", "remote image, not loaded")
        return [opening, _text(alt or src), Token("link_close", "a", -1)]
    target, heading = _split_target(src)
    found = context.resolve(target, heading, True)
    if found.kind == "image" and found.href and classify_url(found.href) == "relative":
        return [_img(found.href, alt)]
    opening = Token("link_open", "a", 1)
    tag = _apply_target(opening, found, target, context)
    return [opening, _text(alt or found.label or target), Token("link_close", tag, -1)]


def _img(src: str, alt: str) -> Token:
    # markdown-it's image renderer takes `alt` from the children, in place of the attribute.
    image = Token("image", "img", 0, attrs={"src": src, "alt": "", "loading": "lazy"})
    image.children = [_text(alt)]
    return image


def _wikilink_html(meta: dict[str, object], context: _Context) -> str:
    """One wikilink of the fast path. The same person is linked thousands of times across a
    vault, always with the same bytes, so the HTML is kept per (target, text)."""
    found = _wikilink_target(meta, context)
    if found.kind == "outside":  # the one answer with a side effect: the caller warns
        context.outside.append(str(meta["target"]))
    return _link_html(found, _wikilink_text(meta, found), bool(meta["embed"]))


@lru_cache(maxsize=1 << 16)
def _link_html(found: LinkTarget, text: str, embed: bool) -> str:
    """A resolved wikilink rendered by markdown-it's own renderer."""
    md = _parser()
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    meta: dict[str, object] = {"target": "", "embed": embed}
    tokens = _found_tokens(found, text, meta, _Context(_no_resolve))
    return renderer.renderInline(tokens, md.options, {})


def _no_resolve(target: str, heading: str | None, embed: bool) -> LinkTarget:
    raise AssertionError("a resolved link is not resolved again")


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _render_table_open(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # A table scrolls sideways in a box of its own: it keeps `display: table`, so its
    # columns take the width their text asks for, not the phone's (style.css).
    return '<div class="table-scroll">\n' + self.renderToken(tokens, idx, options, env)


def _render_table_close(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>\n"


def _render_leftover_wikilink(
    self: object, tokens: Sequence[Token], idx: int, options: object, env: object
) -> str:
    # Unreachable while `_links_rule` runs; if it ever does not, show the source, escaped.
    return escapeHtml(tokens[idx].content)
