"""The network graph: deterministic layout and safe SVG (SPEC 5.1; BAD-INPUTS row 21)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time

import pytest

from netvault.render.graph import GraphNode, layout, render_svg


def two_clusters() -> tuple[list[str], list[tuple[str, str, int]]]:
    left = [f"left-{i}" for i in range(12)]
    right = [f"right-{i}" for i in range(12)]
    edges = [(a, b, 1) for group in (left, right) for a in group for b in group if a < b]
    edges.append(("left-0", "right-0", 1))
    return left + right, edges


def medium_graph() -> tuple[list[str], list[tuple[str, str, int]]]:
    nodes = [f"p{i:03d}" for i in range(300)]
    edges = [(nodes[i], nodes[(i * 7 + 3) % 300], 1 + i % 3) for i in range(300)]
    edges += [(nodes[i], nodes[(i + 1) % 300], 1) for i in range(0, 300, 2)]
    return [*nodes, "loner-a", "loner-b", "loner-c"], edges


def test_same_input_gives_same_positions() -> None:
    nodes, edges = medium_graph()
    assert layout(nodes, edges) == layout(nodes, edges)


def test_order_and_direction_of_input_do_not_matter() -> None:
    nodes, edges = medium_graph()
    shuffled = list(reversed(edges))
    flipped = [(b, a, w) for a, b, w in edges]
    expected = layout(nodes, edges)
    assert layout(list(reversed(nodes)), shuffled) == expected
    assert layout(nodes + nodes[:5], flipped) == expected


def test_layout_does_not_depend_on_hash_seed() -> None:
    script = (
        "import json\n"
        "from netvault.render.graph import layout\n"
        "nodes = [f'n{i}' for i in range(60)] + ['Zoë', '王', '']\n"
        "edges = [(nodes[i], nodes[(i * 5 + 1) % 60], 1) for i in range(60)]\n"
        "print(json.dumps(sorted(layout(nodes, edges).items())))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
        )
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 63


def test_positions_are_finite_and_inside_the_unit_square() -> None:
    nodes, edges = medium_graph()
    positions = layout(nodes, edges)
    assert set(positions) == set(nodes)
    for x, y in positions.values():
        assert math.isfinite(x) and math.isfinite(y)
        assert 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0
    # Scaled to fill the square along its longer side.
    linked_only = layout(*two_clusters())
    xs = [x for x, _ in linked_only.values()]
    ys = [y for _, y in linked_only.values()]
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == 1.0


def test_no_two_people_on_the_same_spot() -> None:
    nodes, edges = medium_graph()
    points = sorted(layout(nodes, edges).values())
    assert len(set(points)) == len(points)


def test_small_and_degenerate_inputs() -> None:
    assert layout([], []) == {}
    assert layout(["solo"], [("solo", "solo", 3)]) == {"solo": (0.5, 0.5)}
    pair = layout(["a", "b"], [("a", "b", 1), ("a", "ghost", 5)])
    assert set(pair) == {"a", "b"}
    assert pair["a"] != pair["b"]
    lonely = layout(["a", "b", "c"], [])
    assert len(set(lonely.values())) == 3


def test_clusters_stay_together() -> None:
    nodes, edges = two_clusters()
    positions = layout(nodes, edges)

    def mean_distance(pairs: list[tuple[str, str]]) -> float:
        return sum(math.dist(positions[a], positions[b]) for a, b in pairs) / len(pairs)

    inside = [(f"left-{i}", f"left-{j}") for i in range(12) for j in range(i)]
    across = [(f"left-{i}", f"right-{j}") for i in range(12) for j in range(12)]
    assert mean_distance(inside) * 2 < mean_distance(across)


def test_people_without_edges_sit_in_rows_below_the_others() -> None:
    nodes, edges = medium_graph()
    positions = layout(nodes, edges)
    loners = [positions[n] for n in ("loner-a", "loner-b", "loner-c")]
    linked = [positions[n] for n in nodes if not n.startswith("loner")]
    # One row, under everyone with an edge, from the left edge, in id order.
    assert {y for _, y in loners} == {loners[0][1]}
    assert loners[0][1] > max(y for _, y in linked)
    assert loners[0][0] == 0.0 < loners[1][0] < loners[2][0]
    assert min(x for x, _ in linked) == 0.0 and max(x for x, _ in linked) == 1.0


def test_small_networks_put_three_named_loners_to_a_row() -> None:
    nodes = ["a", "b", *(f"loner-{i}" for i in range(5))]
    positions = layout(nodes, [("a", "b", 1)])
    rows = sorted({positions[f"loner-{i}"][1] for i in range(5)})
    assert len(rows) == 2
    assert [positions[f"loner-{i}"][1] for i in range(5)] == [rows[0]] * 3 + [rows[1]] * 2
    assert positions["loner-0"][0] == positions["loner-3"][0] == 0.0
    assert positions["loner-2"][0] == pytest.approx(2 * positions["loner-1"][0], abs=1e-6)


def test_a_pair_stands_upright_so_its_names_do_not_collide() -> None:
    positions = layout(["a", "b"], [("a", "b", 1)])
    assert positions["a"][0] == positions["b"][0]
    assert positions["a"][1] != positions["b"][1]


def test_groups_are_packed_into_a_landscape_picture() -> None:
    cliques = [[f"g{g}-{i}" for i in range(8)] for g in range(5)]
    edges = [(a, b, 1) for group in cliques for a in group for b in group if a < b]
    positions = layout([n for group in cliques for n in group], edges)
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    assert min(xs) == 0.0 and max(xs) == 1.0 and min(ys) == 0.0
    assert 1.0 <= 1 / max(ys) <= 2.5  # wider than tall, but not a strip

    def box(group: list[str]) -> tuple[float, float, float, float]:
        gx = [positions[n][0] for n in group]
        gy = [positions[n][1] for n in group]
        return min(gx), min(gy), max(gx), max(gy)

    boxes = [box(group) for group in cliques]
    for k, (l1, t1, r1, b1) in enumerate(boxes):
        for l2, t2, r2, b2 in boxes[k + 1 :]:
            assert r1 < l2 or r2 < l1 or b1 < t2 or b2 < t1, "two groups overlap"


def test_layout_of_two_thousand_people_is_quick() -> None:
    nodes = [f"person-{i:04d}" for i in range(2000)]
    edges = [
        (nodes[i], nodes[(i * 37 + k * 101 + 1) % 2000], 1) for i in range(2000) for k in range(5)
    ]
    start = time.process_time()
    positions = layout(nodes, edges)
    assert len(positions) == 2000
    # About a second here; the bound leaves room for a slow or busy machine.
    assert time.process_time() - start < 6.0


def test_svg_lists_each_positioned_node_once() -> None:
    nodes, edges = two_clusters()
    positions = layout(nodes, edges)
    people = [GraphNode(n, n.title(), f"people/{n}.html") for n in nodes]
    people.append(GraphNode("nowhere", "No Position", "people/nowhere.html"))
    svg = render_svg(people, edges, positions)
    assert svg.count("<circle ") == 24
    assert svg.count("<a href=") == 24
    assert "No Position" not in svg
    drawn = svg[svg.index('<g class="edges">') : svg.index('<g class="nodes">')]
    assert drawn.count("L") == 2 * 66 + 1  # one stroke per edge in the edges' paths
    assert svg.startswith('<svg class="graph labelled" viewBox="0 0 1000 ')
    assert render_svg(people, edges, positions) == svg
    # Small graphs name everyone.
    assert svg.count("<text ") == 24
    assert ">Left-0</text></a>" in svg
    unlabelled = render_svg(people, edges, positions, labels=False)
    assert "<text" not in unlabelled
    assert unlabelled.startswith('<svg class="graph" viewBox=')


def test_band_of_loners_gets_a_heading() -> None:
    nodes = ["a", "b", "x", "y"]
    positions = layout(nodes, [("a", "b", 1)])
    svg = render_svg(
        [GraphNode(n, n.upper(), f"{n}.html") for n in nodes], [("a", "b", 1)], positions
    )
    assert '<text class="band"' in svg and ">Not connected yet · 2 people</text>" in svg
    # Nobody without an edge: no heading.
    alone = render_svg(
        [GraphNode("a", "A", "a.html"), GraphNode("b", "B", "b.html")], [("a", "b", 1)], positions
    )
    assert 'class="band"' not in alone
