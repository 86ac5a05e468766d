"""The network graph: a deterministic layout computed at build time, and its SVG markup.

Pure: the page assembler passes people (as ids) and weighted edges (shared interactions,
introductions) to `layout`, then hands the positions to `render_svg`, which returns the
markup of an inline `<svg>` for the network page; `graph.js` adds zoom, pan and highlight.

The layout is a multilevel Fruchterman-Reingold (Walshaw's scheme): the graph is coarsened
by matching heavy edges, the coarsest one laid out, then each finer level refined in a few
steps. Repulsion uses a grid (only nearby nodes push each other), so a step costs about
O(nodes + edges); 2,000 people and 10,000 edges take about a second. People with no edge
sit on rings around the rest. There is no randomness: starting points come from a hash of
each id, iteration follows sorted ids, and only `+ - * /` and `sqrt` are used, so the same
graph gives the same coordinates on every machine.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

Position = tuple[float, float]
Spring = tuple[int, int, float]  # node index, node index (smaller first), pull

_COARSEST = 40  # stop coarsening at this many nodes
_COARSE_ITERATIONS = 60
_FINE_ITERATIONS = 25
_GRAVITY = 0.005
_LABEL_LIMIT = 80  # above this many people, names show on hover only


def layout(nodes: Sequence[str], edges: Sequence[tuple[str, str, int]]) -> dict[str, Position]:
    """Positions in the unit square `[0, 1] x [0, 1]` for every distinct node.

    `edges` are `(a, b, weight)`; both directions and repeats are summed, self-loops and
    edges to unknown nodes ignored. Connected people are laid out by a multilevel force
    simulation; people without any edge sit on rings around them. The result depends only
    on the set of nodes and the summed edges, never on their order.
    """
    ids = sorted(set(nodes))
    index = {node: i for i, node in enumerate(ids)}
    springs = _springs(index, edges)
    linked = sorted({i for i, _, _ in springs} | {j for _, j, _ in springs})
    renumber = {old: new for new, old in enumerate(linked)}
    inner = _multilevel(
        [ids[i] for i in linked], [(renumber[i], renumber[j], w) for i, j, w in springs]
    )
    loners = [ids[i] for i in range(len(ids)) if i not in renumber]
    return _with_rings(dict(zip([ids[i] for i in linked], inner, strict=True)), loners)


def _springs(index: Mapping[str, int], edges: Sequence[tuple[str, str, int]]) -> list[Spring]:
    summed: dict[tuple[int, int], int] = {}
    for a, b, weight in edges:
        i, j = index.get(a), index.get(b)
        if i is None or j is None or i == j or weight <= 0:
            continue
        pair = (i, j) if i < j else (j, i)
        summed[pair] = summed.get(pair, 0) + weight
    # Many shared meetings pull harder, but not so hard that one pair collapses.
    return [(i, j, math.sqrt(min(w, 16))) for (i, j), w in sorted(summed.items())]


def _multilevel(ids: Sequence[str], springs: list[Spring]) -> list[Position]:
    """Coarsen by matching heavy edges, lay out the coarsest graph, then refine level by
    level: far fewer steps on the big graph than a plain simulation needs to untangle."""
    if not ids:
        return []
    levels: list[tuple[int, list[Spring]]] = [(len(ids), springs)]
    parents: list[list[int]] = []
    firsts: list[list[int]] = [list(range(len(ids)))]  # a member id per node, for seeding
    while levels[-1][0] > _COARSEST:
        count, level_springs = levels[-1]
        parent, coarse_count = _match(count, level_springs)
        if coarse_count > count * 0.9:  # stars and the like stop shrinking
            break
        merged: dict[tuple[int, int], float] = {}
        for i, j, w in level_springs:
            a, b = parent[i], parent[j]
            if a != b:
                pair = (a, b) if a < b else (b, a)
                merged[pair] = merged.get(pair, 0.0) + w
        first = [0] * coarse_count
        for i in range(count - 1, -1, -1):
            first[parent[i]] = firsts[-1][i]
        parents.append(parent)
        firsts.append(first)
        levels.append((coarse_count, [(a, b, w) for (a, b), w in sorted(merged.items())]))

    count, level_springs = levels[-1]
    side = math.sqrt(count) * 1.5
    xs, ys = _start([ids[m] for m in firsts[-1]], side)
    _simulate(xs, ys, level_springs, _COARSE_ITERATIONS, side / 8)
    for depth in range(len(parents) - 1, -1, -1):
        parent = parents[depth]
        fine_count, fine_springs = levels[depth]
        # Spread the parents so the finer level keeps about one node per unit area.
        grow = math.sqrt(fine_count / len(xs))
        jx, jy = _start([ids[m] for m in firsts[depth]], 0.5)
        xs = [xs[parent[i]] * grow + jx[i] - 0.25 for i in range(fine_count)]
        ys = [ys[parent[i]] * grow + jy[i] - 0.25 for i in range(fine_count)]
        _simulate(xs, ys, fine_springs, _FINE_ITERATIONS, 1.0)
    return _normalise(xs, ys)


def _match(count: int, springs: Sequence[Spring]) -> tuple[list[int], int]:
    """Pair each node with its heaviest unmatched neighbour; lightly linked nodes first."""
    neighbours: list[list[tuple[float, int]]] = [[] for _ in range(count)]
    for i, j, w in springs:
        neighbours[i].append((w, j))
        neighbours[j].append((w, i))
    parent = [-1] * count
    coarse = 0
    for i in sorted(range(count), key=lambda node: (len(neighbours[node]), node)):
        if parent[i] >= 0:
            continue
        parent[i] = coarse
        best = max(((w, -j) for w, j in neighbours[i] if parent[j] < 0), default=None)
        if best is not None:
            parent[-best[1]] = coarse
        coarse += 1
    return parent, coarse


def _simulate(
    xs: list[float], ys: list[float], springs: Sequence[Spring], steps: int, heat: float
) -> None:
    """Fruchterman-Reingold in place, with ideal edge length 1 and a gentle pull to the
    centre so separate clusters stay near each other."""
    count = len(xs)
    if count < 2:
        return
    cooling = 0.01 ** (1 / steps)  # ends at a hundredth of the start
    # Pull relative to the mean degree: with a dozen springs per node plain FR crushes
    # clusters into a heap (slow for the grid, unreadable), whatever the graph's size.
    pull = sum(w for _, _, w in springs) * 2 / count or 1.0
    springs = [(i, j, w / pull) for i, j, w in springs]
    centre_x = sum(xs) / count
    centre_y = sum(ys) / count
    for _ in range(steps):
        dx = [0.0] * count
        dy = [0.0] * count
        _repel(xs, ys, dx, dy, 1.0)
        _attract(xs, ys, dx, dy, springs, 1.0)
        for i in range(count):
            fx = dx[i] + (centre_x - xs[i]) * _GRAVITY
            fy = dy[i] + (centre_y - ys[i]) * _GRAVITY
            length = math.sqrt(fx * fx + fy * fy)
            if length > heat:
                scale = heat / length
                fx *= scale
                fy *= scale
            xs[i] += fx
            ys[i] += fy
        heat *= cooling


def _start(ids: Sequence[str], side: float) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    for node in ids:
        digest = hashlib.sha1(node.encode("utf-8", "surrogatepass")).digest()
        xs.append(int.from_bytes(digest[:6], "big") / 2**48 * side)
        ys.append(int.from_bytes(digest[6:12], "big") / 2**48 * side)
    return xs, ys


def _repel(xs: list[float], ys: list[float], dx: list[float], dy: list[float], k: float) -> None:
    cell = 2 * k
    reach2 = cell * cell
    k2 = k * k
    grid: dict[tuple[int, int], list[int]] = {}
    for i in range(len(xs)):
        grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
    for (cx, cy), members in sorted(grid.items()):
        # Each unordered pair of cells once: this cell and four of its eight neighbours.
        block = list(members)
        for key in ((cx + 1, cy - 1), (cx + 1, cy), (cx + 1, cy + 1), (cx, cy + 1)):
            block.extend(grid.get(key, ()))
        for position, i in enumerate(members):
            xi, yi = xs[i], ys[i]
            fx = fy = 0.0
            for j in block[position + 1 :]:
                ddx = xi - xs[j]
                ddy = yi - ys[j]
                d2 = ddx * ddx + ddy * ddy
                if d2 >= reach2:
                    continue
                if d2 < 1e-9:
                    # Same spot: push apart along a direction fixed by the indices.
                    ddx, ddy, d2 = (0.01 if i < j else -0.01), 0.01 * ((i + j) % 3 - 1), 1e-4
                force = k2 / d2  # k^2/d along the unit vector (ddx, ddy)/d
                ddx *= force
                ddy *= force
                fx += ddx
                fy += ddy
                dx[j] -= ddx
                dy[j] -= ddy
            dx[i] += fx
            dy[i] += fy


def _attract(
    xs: list[float],
    ys: list[float],
    dx: list[float],
    dy: list[float],
    springs: Sequence[Spring],
    k: float,
) -> None:
    # Linear springs (pull proportional to d, where FR uses d^2/k): the long edges between
    # clusters would otherwise crush the whole picture into a heap.
    for i, j, strength in springs:
        pull = strength / k
        ddx = (xs[i] - xs[j]) * pull
        ddy = (ys[i] - ys[j]) * pull
        dx[i] -= ddx
        dy[i] -= ddy
        dx[j] += ddx
        dy[j] += ddy


def _normalise(xs: Sequence[float], ys: Sequence[float]) -> list[Position]:
    """Scale uniformly into the unit square, centred."""
    if not xs:
        return []
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    span = max(right - left, bottom - top) or 1.0
    offset_x = (span - (right - left)) / 2 - left
    offset_y = (span - (bottom - top)) / 2 - top
    return [((x + offset_x) / span, (y + offset_y) / span) for x, y in zip(xs, ys, strict=True)]


def _with_rings(inner: dict[str, Position], loners: Sequence[str]) -> dict[str, Position]:
    """Shrink the linked layout into a disc and set people without edges on rings around
    it. Ring points use the rational circle ((1-t^2)/(1+t^2), 2t/(1+t^2)): no trigonometry,
    so no last-bit differences between maths libraries."""
    if not loners:
        return {node: (round(x, 6), round(y, 6)) for node, (x, y) in inner.items()}
    if not inner and len(loners) == 1:
        return {loners[0]: (0.5, 0.5)}
    core = 0.6 if inner else 0.0
    placed = {
        node: (0.5 + (x - 0.5) * core, 0.5 + (y - 0.5) * core) for node, (x, y) in inner.items()
    }
    radius = core / 2 * 1.45 + 0.04 if inner else 0.1
    gap = 0.018  # room per person along a ring, in units of the whole picture
    remaining = list(loners)
    while remaining:
        capacity = max(6, int(2 * math.pi * radius / gap))
        ring, remaining = remaining[:capacity], remaining[capacity:]
        for position, node in enumerate(ring):
            x, y = _circle_point(position / len(ring))
            placed[node] = (0.5 + radius * x, 0.5 + radius * y)
        radius += gap
    # Scale about the centre so that the whole picture just fits the unit square.
    reach = max(max(abs(x - 0.5), abs(y - 0.5)) for x, y in placed.values()) or 0.5
    scale = 0.5 / reach
    return {
        node: (round(0.5 + (x - 0.5) * scale, 6), round(0.5 + (y - 0.5) * scale, 6))
        for node, (x, y) in sorted(placed.items())
    }


def _circle_point(fraction: float) -> Position:
    """A point on the unit circle, `fraction` of a turn round from (1, 0)."""
    quarter, rest = divmod(fraction * 4, 1.0)
    # t = tan(half the angle within the quarter), by its Taylor series: exact enough for
    # spacing, and the point is on the circle whatever t is.
    half = rest * math.pi / 4
    h2 = half * half
    t = half * (1 + h2 * (1 / 3 + h2 * (2 / 15 + h2 * 17 / 315)))
    x, y = (1 - t * t) / (1 + t * t), 2 * t / (1 + t * t)
    for _ in range(int(quarter) % 4):
        x, y = -y, x
    return x, y


@dataclass(frozen=True)
class GraphNode:
    """One person on the graph: `id` as given to `layout`, the visible `name`, the `href` of
    the person page (relative to the graph page) and an optional CSS `status` class."""

    id: str
    name: str
    href: str
    status: str = ""


def render_svg(
    nodes: Sequence[GraphNode],
    edges: Sequence[tuple[str, str, int]],
    positions: Mapping[str, Position],
    size: int = 1000,
    title: str = "Network graph",
    labels: bool | None = None,
) -> str:
    """An inline `<svg>`: one `<line>` per edge, then one `<a>` per node holding a
    `<circle>`, a `<title>` and (when `labels`, by default for up to 80 people) a `<text>`.

    Every name, id and href is escaped. Nodes carry `data-id` and edges `data-a`/`data-b`
    so `graph.js` can highlight neighbours; nodes without a position are left out. Dots
    shrink as the graph grows, so 2,000 people still fit.
    """
    margin = 20
    scale = size - 2 * margin
    placed = sorted((node for node in nodes if node.id in positions), key=lambda n: n.id)
    show_labels = len(placed) <= _LABEL_LIMIT if labels is None else labels
    base_radius = min(12.0, max(3.0, 160 / math.sqrt(max(1, len(placed)))))

    def point(node_id: str) -> tuple[str, str]:
        x, y = positions[node_id]
        return f"{margin + x * scale:.1f}", f"{margin + y * scale:.1f}"

    degree: dict[str, int] = {}
    lines: list[str] = []
    seen: set[tuple[str, str]] = set()
    for a, b, _weight in sorted(edges):
        pair = (a, b) if a < b else (b, a)
        if a == b or pair in seen or a not in positions or b not in positions:
            continue
        seen.add(pair)
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
        (x1, y1), (x2, y2) = point(pair[0]), point(pair[1])
        lines.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'data-a="{escape(pair[0])}" data-b="{escape(pair[1])}"/>'
        )
    circles: list[str] = []
    for node in placed:
        x, y = point(node.id)
        radius = base_radius * (1 + min(0.5, math.sqrt(degree.get(node.id, 0)) / 6))
        css = "node" + (f" {escape(node.status)}" if node.status else "")
        label = ""
        if show_labels:
            # Names of people on the right edge run leftwards, so they stay inside.
            right = positions[node.id][0] > 0.7
            label_x = float(x) - radius - 4 if right else float(x) + radius + 4
            anchor = ' text-anchor="end"' if right else ""
            label = (
                f'<text x="{label_x:.1f}" y="{float(y) + 6:.1f}"{anchor}>{escape(node.name)}</text>'
            )
        circles.append(
            f'<a href="{escape(node.href)}" class="{css}" data-id="{escape(node.id)}">'
            f'<circle cx="{x}" cy="{y}" r="{radius:.1f}"/>'
            f"<title>{escape(node.name)}</title>{label}</a>"
        )
    # role="group", not "img": an image's content is hidden from assistive technology,
    # and every dot is a link to a person.
    return (
        f'<svg class="graph{" labelled" if show_labels else ""}" viewBox="0 0 {size} {size}" '
        f'role="group" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f'<g class="viewport"><g class="edges">{"".join(lines)}</g>'
        f'<g class="nodes">{"".join(circles)}</g></g></svg>'
    )
