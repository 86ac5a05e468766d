"""The network graph's SVG: dots, lines and names at the positions `graph.layout` chose.

Pure. `render_svg` escapes every name, id and href, sizes dots by how many people there
are, and sets each name beside its dot where it covers no other name or dot. `graph.js`
then adds zoom, pan and highlighting, and keeps the names one size on screen at any zoom.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

Position = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom

LABEL_LIMIT = 80  # above this many people, names show on hover only
EDGES_PER_PATH = 100


@dataclass(frozen=True)
class GraphNode:
    """One person on the graph: `id` as given to `layout`, the visible `name`, the `href` of
    the person page (relative to the graph page) and an optional CSS `status` class."""

    id: str
    name: str
    href: str
    status: str = ""


_MARGIN = 40  # SVG units around the picture, so no dot or name touches the frame
_FONT = 16.0  # names' size in SVG units, as style.css sets it for svg.graph


def render_svg(
    nodes: Sequence[GraphNode],
    edges: Sequence[tuple[str, str, int]],
    positions: Mapping[str, Position],
    size: int = 1000,
    title: str = "Network graph",
    labels: bool | None = None,
) -> str:
    """An inline `<svg>` `size` units wide and as tall as the positions need: paths
    drawing the edges (a hundred to a path), then one `<a>` per node holding a `<circle>`,
    a `<title>` and (when `labels`, by default for up to 80 people) a `<text>` set beside,
    above or below its dot where it covers no other name or dot. Under a band of people
    without edges, a heading says so.

    Every name, id and href is escaped. Nodes carry `data-id`, and `data-n` lists where
    their neighbours come among the nodes (0 for the first drawn), so `graph.js` can
    highlight them: far smaller than naming both ends on every line. Nodes without a
    position are left out. Dots shrink as the graph grows, so 2,000 people still fit;
    without names they are not keyboard stops (`tabindex="-1"`).
    """
    scale = size - 2 * _MARGIN
    placed = sorted((node for node in nodes if node.id in positions), key=lambda n: n.id)
    show_labels = len(placed) <= LABEL_LIMIT if labels is None else labels
    base_radius = min(12.0, max(3.0, 160 / math.sqrt(max(1, len(placed)))))
    spot = {
        node.id: (
            round(_MARGIN + positions[node.id][0] * scale, 1),
            round(_MARGIN + positions[node.id][1] * scale, 1),
        )
        for node in placed
    }
    height = math.ceil(2 * _MARGIN + max((y for _, y in positions.values()), default=0) * scale)

    pairs = sorted({(a, b) if a < b else (b, a) for a, b, _ in edges if a != b})
    pairs = [(a, b) for a, b in pairs if a in spot and b in spot]
    degree: dict[str, int] = {}
    for a, b in pairs:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    order = {node.id: k for k, node in enumerate(placed)}
    near: dict[str, list[int]] = {}
    for a, b in pairs:
        near.setdefault(a, []).append(order[b])
        near.setdefault(b, []).append(order[a])
    # Edges as a few paths of `EDGES_PER_PATH` strokes: 35,000 `<line>` elements made each
    # zoom step of a 2,000 person graph take half a second in Chromium, one huge path
    # stalled seconds at some zooms; paths of a hundred paint in about half the time.
    strokes = [f"M{spot[a][0]} {spot[a][1]}L{spot[b][0]} {spot[b][1]}" for a, b in pairs]
    edges_svg = "".join(
        f'<path d="{"".join(strokes[at : at + EDGES_PER_PATH])}"/>'
        for at in range(0, len(strokes), EDGES_PER_PATH)
    )
    ink = _edge_opacity(pairs, spot, size)
    radius = {
        node.id: round(base_radius * (1 + min(0.5, math.sqrt(degree.get(node.id, 0)) / 6)), 1)
        for node in placed
    }
    texts = _place_labels(placed, spot, radius, degree, (size, height)) if show_labels else {}
    circles: list[str] = []
    # Without names, a dot is no place for the keyboard to stop at (2,000 stops before
    # the page goes on): the list of people under the graph holds the same links.
    skip = "" if show_labels else ' tabindex="-1"'
    for node in placed:
        x, y = spot[node.id]
        css = "node" + (f" {escape(node.status)}" if node.status else "")
        links = f' data-n="{" ".join(map(str, sorted(near[node.id])))}"' if node.id in near else ""
        circles.append(
            f'<a href="{escape(node.href)}" class="{css}" data-id="{escape(node.id)}"{links}{skip}>'
            f'<circle cx="{x}" cy="{y}" r="{radius[node.id]}"/>'
            f"<title>{escape(node.name)}</title>{texts.get(node.id, '')}</a>"
        )
    # role="group", not "img": an image's content is hidden from assistive technology,
    # and every dot is a link to a person.
    return (
        f'<svg class="graph{" labelled" if show_labels else ""}" viewBox="0 0 {size} {height}" '
        f'role="group" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="viewport">{_band_heading(placed, spot, degree)}'
        f'<g class="edges"{ink}>{edges_svg}</g>'
        f'<g class="nodes">{"".join(circles)}</g></g></svg>'
    )


# The width, in pixels, a graph is usually drawn at; lines are one pixel wide at any zoom.
_DRAWN_WIDTH = 800
_MOST_INK = 1.5  # how many times over the lines may cover the graph before they fade


def _edge_opacity(
    pairs: Sequence[tuple[str, str]], spot: Mapping[str, Position], size: float
) -> str:
    """How many times over the lines cover the busiest part of the graph (`data-ink`), and
    an `opacity` for lines that would cover it more than `_MOST_INK` times (a grey slab
    with the dots lost in it). Lines are a pixel wide, `size` units drawn `_DRAWN_WIDTH`
    pixels wide; the busiest part is the busiest of 4 x 4 cells, each line in the cell of
    its middle (lines cross the middle of a graph more than its rim)."""
    if not pairs:
        return ""
    joined = {point for pair in pairs for point in (spot[pair[0]], spot[pair[1]])}
    left, top = min(x for x, _ in joined), min(y for _, y in joined)
    # a fourth of the drawing at least: one line, or people in a row, span no area at all
    wide = max(size / 4, max(x for x, _ in joined) - left)
    high = max(size / 4, max(y for _, y in joined) - top)
    cells: dict[tuple[int, int], float] = {}
    for a, b in pairs:
        (ax, ay), (bx, by) = spot[a], spot[b]
        cell = (
            min(3, int(((ax + bx) / 2 - left) / wide * 4)),
            min(3, int(((ay + by) / 2 - top) / high * 4)),
        )
        cells[cell] = cells.get(cell, 0.0) + math.dist((ax, ay), (bx, by))
    cover = max(cells.values()) * (size / _DRAWN_WIDTH) / (wide * high / 16)
    # graph.js reads data-ink to fade the lines as the graph is drawn: smaller on a phone,
    # bigger as it zooms in. Drawn 320 px wide and zoomed out (2x), lines cover five times
    # what they cover here: a graph they cannot cover even then needs no fading.
    if cover * 5 <= _MOST_INK:
        return ""
    faded = f' opacity="{max(0.25, _MOST_INK / cover):.2f}"' if cover > _MOST_INK else ""
    return f' data-ink="{cover:.2f}"{faded}'


def _band_heading(
    placed: Sequence[GraphNode], spot: Mapping[str, Position], degree: Mapping[str, int]
) -> str:
    """A heading over the band of people without edges, when it lies below all the rest."""
    alone = [spot[node.id][1] for node in placed if node.id not in degree]
    joined = [spot[node.id][1] for node in placed if node.id in degree]
    if not alone or not joined or min(alone) - max(joined) < 2.5 * _FONT:
        return ""
    count = f"{len(alone)} {'person' if len(alone) == 1 else 'people'}"
    return (
        f'<text class="band" x="{_MARGIN - 8}" y="{min(alone) - 1.6 * _FONT:.1f}">'
        f"Not connected yet · {count}</text>"
    )


def _place_labels(
    placed: Sequence[GraphNode],
    spot: Mapping[str, Position],
    radius: Mapping[str, float],
    degree: Mapping[str, int],
    frame: Position,
) -> dict[str, str]:
    """A `<text>` per node, greedily: the best connected first, each on the first side
    (right, left, below, above) where it overlaps no name placed before, no other dot and
    not the frame's edge; if every side overlaps, the side that overlaps least."""
    cell = 100.0
    grid: dict[tuple[int, int], list[tuple[str, Box]]] = {}

    def keys(box: Box) -> list[tuple[int, int]]:
        return [
            (gx, gy)
            for gx in range(int(box[0] // cell), int(box[2] // cell) + 1)
            for gy in range(int(box[1] // cell), int(box[3] // cell) + 1)
        ]

    def add(owner: str, box: Box) -> None:
        for key in keys(box):
            grid.setdefault(key, []).append((owner, box))

    def clash(owner: str, box: Box) -> float:
        left, top, right, bottom = box
        inside = (min(right, frame[0]) - max(left, 0.0)) * (min(bottom, frame[1]) - max(top, 0.0))
        total = 2 * ((right - left) * (bottom - top) - max(0.0, inside))
        seen: set[Box] = set()
        for key in keys(box):
            for other, (l2, t2, r2, b2) in grid.get(key, ()):
                if other == owner or (l2, t2, r2, b2) in seen:
                    continue
                seen.add((l2, t2, r2, b2))
                w, h = min(right, r2) - max(left, l2), min(bottom, b2) - max(top, t2)
                if w > 0 and h > 0:
                    total += w * h
        return total

    for node in placed:
        x, y = spot[node.id]
        r = radius[node.id]
        add(node.id, (x - r, y - r, x + r, y + r))
    texts: dict[str, str] = {}
    half = _FONT * 0.62
    for node in sorted(placed, key=lambda n: (-degree.get(n.id, 0), n.id)):
        x, y = spot[node.id]
        r = radius[node.id] + 4
        wide = sum(_FONT if ord(c) >= 0x2E80 else _FONT * 0.58 for c in node.name)
        sides = (
            (x + r, y, "", (x + r, y - half, x + r + wide, y + half)),
            (x - r, y, "end", (x - r - wide, y - half, x - r, y + half)),
            (x, y + r + half, "middle", (x - wide / 2, y + r, x + wide / 2, y + r + 2 * half)),
            (x, y - r - half, "middle", (x - wide / 2, y - r - 2 * half, x + wide / 2, y - r)),
        )
        best, best_clash = sides[0], math.inf
        for side in sides:
            overlap = clash(node.id, side[3])
            if overlap < best_clash - 1e-6:
                best, best_clash = side, overlap
            if overlap <= 1e-6:
                break
        add(f"label:{node.id}", best[3])
        anchor = f' text-anchor="{best[2]}"' if best[2] else ""
        texts[node.id] = (
            f'<text x="{best[0]:.1f}" y="{best[1]:.1f}"{anchor}>{escape(node.name)}</text>'
        )
    return texts
