"""The network graph: a deterministic layout computed at build time, and its SVG markup.

Pure: the page assembler passes people (as ids) and weighted edges (shared interactions,
introductions) to `layout`, then hands the positions to `render_svg` (in `graph_svg`, and
re-exported here), which returns the markup of an inline `<svg>` for the network page.

Each connected group of people is laid out on its own by a multilevel Fruchterman-Reingold
(Walshaw's scheme): the graph is coarsened by matching heavy edges, the coarsest one laid
out, then each finer level refined in a few steps. Repulsion uses a grid (only nearby nodes
push each other), so a step costs about O(nodes + edges). The groups are then packed side
by side into a landscape picture, biggest first, and people with no edge at all go to a
compact band of rows underneath, so the connected ones get the room. There is no
randomness: starting points come from a hash of each id, iteration follows sorted ids, and
only `+ - * /` and `sqrt` are used, so the same graph gives the same coordinates everywhere.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import mul

from netvault.render.graph_svg import LABEL_LIMIT, GraphNode, render_svg

__all__ = ["GraphNode", "Position", "layout", "render_svg"]

Position = tuple[float, float]
Spring = tuple[int, int, float]  # node index, node index (smaller first), pull

_COARSEST = 40  # stop coarsening at this many nodes
_COARSE_ITERATIONS = 60
_FINE_ITERATIONS = 20
_FINEST_ITERATIONS = 12  # the full graph only settles what the coarser levels drew
_GRAVITY = 0.005
_ASPECT = 1.5  # width / height the picture aims for: a laptop's graph frame
_STRETCH = 1.3  # a group may be drawn up to this much wider than the forces left it
_PAD = 1.0  # room around each group, in ideal edge lengths
# The band of people without edges, in units of the picture's width: with names, three
# columns (room for a long name each, even on a phone); without, a dot per edge length.
_BAND_COLUMNS = 3
_BAND_ROW = 0.065
_BAND_GAP = 0.08  # above the band, room for its heading


def layout(nodes: Sequence[str], edges: Sequence[tuple[str, str, int]]) -> dict[str, Position]:
    """Positions for every distinct node: x spans `[0, 1]`, y runs from 0 down to at most 1.

    `edges` are `(a, b, weight)`; both directions and repeats are summed, self-loops and
    edges to unknown nodes ignored. Each connected group is laid out by a multilevel force
    simulation and the groups packed into a picture about 3:2 wide; people without any
    edge sit in rows below it (three to a row while the graph is small enough for names).
    The result depends only on the set of nodes and the summed edges, never on their order.
    """
    ids = sorted(set(nodes))
    if len(ids) < 2:
        return {node: (0.5, 0.5) for node in ids}
    springs = _springs({node: i for i, node in enumerate(ids)}, edges)
    groups = _components(len(ids), springs)
    pieces = [_piece([ids[i] for i in members], inner) for members, inner in groups]
    grouped = {i for members, _ in groups for i in members}
    loners = [node for i, node in enumerate(ids) if i not in grouped]
    return _arrange(pieces, loners, labelled=len(ids) <= LABEL_LIMIT)


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


def _multilevel(ids: Sequence[str], springs: list[Spring]) -> tuple[list[float], list[float]]:
    """Coarsen by matching heavy edges, lay out the coarsest graph, then refine level by
    level: far fewer steps on the big graph than a plain simulation needs to untangle."""
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
        _simulate(xs, ys, fine_springs, _FINEST_ITERATIONS if depth == 0 else _FINE_ITERATIONS, 1.0)
    return xs, ys


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
    cooling = _root(0.01, steps)  # ends at a hundredth of the start
    # Pull relative to the mean degree: with a dozen springs per node plain FR crushes
    # clusters into a heap (slow for the grid, unreadable), whatever the graph's size.
    pull = sum(w for _, _, w in springs) * 2 / count or 1.0
    # Linear springs (pull proportional to d, where FR uses d^2/k): the long edges between
    # clusters would otherwise crush the whole picture into a heap. Node i is pulled by
    # sum_j w_ij (x_j - x_i) = sum_j w_ij x_j - x_i sum_j w_ij; the sums run in C (map).
    near: list[list[int]] = [[] for _ in range(count)]
    weights: list[list[float]] = [[] for _ in range(count)]
    for i, j, w in springs:
        near[i].append(j)
        near[j].append(i)
        weights[i].append(w / pull)
        weights[j].append(w / pull)
    total = [sum(ws) for ws in weights]
    linked = [(i, near[i], weights[i], total[i]) for i in range(count) if near[i]]
    centre_x = sum(xs) / count
    centre_y = sum(ys) / count
    for _ in range(steps):
        dx = [0.0] * count
        dy = [0.0] * count
        _repel(xs, ys, dx, dy, 1.0)
        x_at, y_at = xs.__getitem__, ys.__getitem__
        for i, others, ws, weight in linked:
            dx[i] += sum(map(mul, ws, map(x_at, others))) - xs[i] * weight
            dy[i] += sum(map(mul, ws, map(y_at, others))) - ys[i] * weight
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


def _root(value: float, n: int) -> float:
    """The n-th root of `value` (0 < value < 1) by Newton's method: `**` with a fractional
    power goes through the maths library, whose last bits differ between machines."""
    x = 1.0
    for _ in range(60):
        power = 1.0
        for _ in range(n - 1):
            power *= x
        x -= (power * x - value) / (n * power)
    return x


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


def _components(count: int, springs: Sequence[Spring]) -> list[tuple[list[int], list[Spring]]]:
    """The connected groups (two people or more), biggest first, each as its sorted node
    indices and its springs renumbered within the group."""
    root = list(range(count))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for i, j, _ in springs:
        a, b = find(i), find(j)
        if a != b:
            root[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(count):
        members.setdefault(find(i), []).append(i)
    groups = sorted((m for m in members.values() if len(m) > 1), key=lambda m: (-len(m), m[0]))
    where = [0] * count
    local = [0] * count
    for number, group in enumerate(groups):
        for position, i in enumerate(group):
            where[i], local[i] = number, position
    inner: list[list[Spring]] = [[] for _ in groups]
    for i, j, w in springs:
        inner[where[i]].append((local[i], local[j], w))
    return list(zip(groups, inner, strict=True))


@dataclass(frozen=True)
class _Piece:
    """One connected group laid out in ideal edge lengths, its corner at (0, 0)."""

    ids: list[str]
    xs: list[float]
    ys: list[float]
    width: float
    height: float


def _piece(ids: list[str], springs: list[Spring]) -> _Piece:
    # A pair stands upright: side by side, its two names would run into each other.
    xs, ys = ([0.0, 0.0], [0.0, 1.0]) if len(ids) == 2 else _multilevel(ids, springs)
    left, top = min(xs), min(ys)
    xs = [x - left for x in xs]
    ys = [y - top for y in ys]
    width, height = max(xs), max(ys)
    if height > width and len(ids) > 2:  # on its side (a mirror image): frames are wider than tall
        xs, ys, width, height = ys, xs, height, width
    if 0 < width < height * _ASPECT:
        # Names run sideways, so a little extra width untangles them best.
        stretch = min(_STRETCH, height * _ASPECT / width)
        xs = [x * stretch for x in xs]
        width *= stretch
    return _Piece(ids, xs, ys, width, height)


def _arrange(pieces: list[_Piece], loners: list[str], labelled: bool) -> dict[str, Position]:
    """Pack the groups into rows (trying a few widths for the one nearest `_ASPECT`), put
    the people without edges in a band below, and scale so that x spans [0, 1]."""
    boxes = [(p.width + _PAD, p.height + _PAD) for p in pieces]
    offsets: list[Position] = []
    width = height = 0.0
    if boxes:
        limit, total = max(w for w, _ in boxes), sum(w for w, _ in boxes)
        best = math.inf
        while True:
            trial, packed_width, packed_height = _pack(boxes, limit)
            inner_width = max(1.0, packed_width - _PAD)  # a lone upright pair: one edge
            band = _band(len(loners), inner_width, labelled)
            tall = packed_height - _PAD + band[2] + band[3] * _more_rows(band[0], len(loners))
            shape = inner_width / max(tall, 0.5)
            score = max(shape / _ASPECT, _ASPECT / shape)  # ratios only: no log, no libm
            if score < best - 1e-9:
                best, offsets, width, height = score, trial, inner_width, packed_height - _PAD
            if limit >= total:
                break
            limit = min(total, limit * 1.2)
    if width <= 0:  # nobody has an edge: the band is the picture
        width = 1.0
    columns, step, gap, row = _band(len(loners), width, labelled)
    if not pieces:
        gap = 0.0
        if not labelled:
            columns = max(1, math.isqrt(int(len(loners) * _ASPECT)))
            step = row = width / max(1, columns - 1)
    placed: dict[str, Position] = {}
    for piece, (left, top) in zip(pieces, offsets, strict=True):
        for node, x, y in zip(piece.ids, piece.xs, piece.ys, strict=True):
            placed[node] = (left + x, top + y)
    top = height + gap if pieces else 0.0
    for k, node in enumerate(loners):
        placed[node] = ((k % columns) * step, top + (k // columns) * row)
    bottom = max(y for _, y in placed.values())
    scale = 1 / max(width, bottom)
    return {
        node: (round(x * scale, 6), round(y * scale, 6)) for node, (x, y) in sorted(placed.items())
    }


def _band(count: int, width: float, labelled: bool) -> tuple[int, float, float, float]:
    """Columns, column step, gap above and row height of the band of people without edges,
    under a picture `width` ideal edge lengths wide."""
    if not count:
        return 1, 0.0, 0.0, 0.0
    if labelled:
        return _BAND_COLUMNS, width / _BAND_COLUMNS, width * _BAND_GAP, width * _BAND_ROW
    columns = max(1, int(width) + 1)
    return columns, width / max(1, columns - 1), max(2.0, width * _BAND_GAP * 0.75), 1.0


def _more_rows(columns: int, count: int) -> int:
    """Rows of the band after its first."""
    return max(0, -(-count // columns) - 1)


def _pack(boxes: Sequence[Position], limit: float) -> tuple[list[Position], float, float]:
    """Top-left corners for `(width, height)` boxes in rows at most `limit` wide: the
    tallest box opens a row, smaller ones stack in columns beside it, each column centred
    in its row. Returns the corners (in the order given), the width and the height."""
    order = sorted(range(len(boxes)), key=lambda k: (-boxes[k][1], k))
    corners: list[Position] = [(0.0, 0.0)] * len(boxes)
    row_top = row_height = column_left = column_width = column_used = width = 0.0
    column: list[int] = []

    def settle() -> None:
        shift = (row_height - column_used) / 2
        for k in column:
            corners[k] = (corners[k][0], corners[k][1] + shift)

    for k in order:
        w, h = boxes[k]
        if column and column_used + h <= row_height and column_left + max(w, column_width) <= limit:
            corners[k] = (column_left, row_top + column_used)
            column.append(k)
            column_used += h
            column_width = max(column_width, w)
        elif column and column_left + column_width + w <= limit:
            settle()
            column_left += column_width
            corners[k] = (column_left, row_top)
            column, column_width, column_used = [k], w, h
        else:
            if column:
                settle()
            row_top += row_height
            corners[k] = (0.0, row_top)
            row_height, column_left, column, column_width, column_used = h, 0.0, [k], w, h
        width = max(width, column_left + column_width)
    settle()
    return corners, width, row_top + row_height
