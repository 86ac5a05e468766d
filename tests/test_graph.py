"""The network graph: deterministic layout and safe SVG (SPEC 5.1; BAD-INPUTS row 21)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

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


def test_people_without_edges_ring_the_others() -> None:
    nodes, edges = medium_graph()
    positions = layout(nodes, edges)

    def from_centre(node: str) -> float:
        return math.dist(positions[node], (0.5, 0.5))

    innermost_loner = min(from_centre(n) for n in ("loner-a", "loner-b", "loner-c"))
    linked = [n for n in nodes if not n.startswith("loner")]
    assert innermost_loner > max(from_centre(n) for n in linked)


def test_svg_escapes_names_ids_and_hrefs() -> None:
    nodes = [
        GraphNode("ada", "<script>alert(1)</script>", "people/ada.html", "overdue"),
        GraphNode('x"><b', "{{ 7*7 }} & Co", 'people/x"y.html'),
    ]
    edges = [("ada", 'x"><b', 2), ('x"><b', "ada", 1)]
    positions = {"ada": (0.0, 0.0), 'x"><b': (1.0, 0.5)}
    svg = render_svg(nodes, edges, positions, size=1000, title="Graph <of> me")
    assert "<script>" not in svg and "<b" not in svg.replace("<b>", "")
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in svg
    assert "<title>{{ 7*7 }} &amp; Co</title>" in svg
    assert 'href="people/x&quot;y.html"' in svg
    assert 'data-id="x&quot;&gt;&lt;b"' in svg
    assert 'aria-label="Graph &lt;of&gt; me"' in svg
    assert 'class="node overdue"' in svg
    # One line per pair, whichever direction and however often it was given.
    assert svg.count("<line ") == 1
    assert '<line x1="20.0" y1="20.0" x2="980.0" y2="500.0"' in svg
    assert "style=" not in svg


def test_svg_lists_each_positioned_node_once() -> None:
    nodes, edges = two_clusters()
    positions = layout(nodes, edges)
    people = [GraphNode(n, n.title(), f"people/{n}.html") for n in nodes]
    people.append(GraphNode("nowhere", "No Position", "people/nowhere.html"))
    svg = render_svg(people, edges, positions)
    assert svg.count("<circle ") == 24
    assert svg.count("<a href=") == 24
    assert "No Position" not in svg
    assert svg.count("<line ") == 2 * 66 + 1
    assert svg.startswith('<svg class="graph labelled" viewBox="0 0 1000 1000" role="group"')
    assert render_svg(people, edges, positions) == svg
    # Small graphs name everyone; names on the right edge run leftwards.
    assert svg.count("<text ") == 24
    assert ">Left-0</text></a>" in svg
    for node, (x, _) in positions.items():
        text = f">{node.title()}</text>"
        assert (f'text-anchor="end"{text}' in svg) == (x > 0.7)
    unlabelled = render_svg(people, edges, positions, labels=False)
    assert "<text" not in unlabelled
    assert unlabelled.startswith('<svg class="graph" viewBox=')


def test_big_graphs_have_small_dots_and_no_labels() -> None:
    nodes = [f"p{i:03d}" for i in range(400)]
    positions = {node: (i / 400, (i * 7 % 400) / 400) for i, node in enumerate(nodes)}
    svg = render_svg([GraphNode(n, n, f"{n}.html") for n in nodes], [], positions)
    assert "<text" not in svg
    assert svg.count('r="8.0"') == 400  # 160 / sqrt(400)
