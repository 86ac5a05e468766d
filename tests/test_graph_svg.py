"""The network graph's SVG: escaped, sized, names placed clear of each other (SPEC 5.1;
BAD-INPUTS row 21)."""

from __future__ import annotations

import math
import re

from netvault.render.graph_svg import GraphNode, render_svg


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
    # One stroke per pair, whichever direction and however often it was given.
    assert '<g class="edges"><path d="M40.0 40.0L960.0 500.0"/></g>' in svg
    assert 'viewBox="0 0 1000 540"' in svg  # as tall as the positions need
    assert "style=" not in svg


def test_big_graphs_have_small_dots_and_no_labels() -> None:
    nodes = [f"p{i:03d}" for i in range(400)]
    positions = {node: (i / 400, (i * 7 % 400) / 400) for i, node in enumerate(nodes)}
    svg = render_svg([GraphNode(n, n, f"{n}.html") for n in nodes], [], positions)
    assert "<text" not in svg
    assert svg.count('r="8.0"') == 400  # 160 / sqrt(400)
    # Without names, dots are no keyboard stops; the list under the graph has the links.
    assert svg.count('tabindex="-1"') == 400 and '<g class="edges"></g>' in svg


def test_names_go_where_they_cover_no_other_dot() -> None:
    people = [
        GraphNode("a", "Alexandra Longname", "a.html"),
        GraphNode("b", "Bea", "b.html"),
        GraphNode("c", "Christopher Edge", "c.html"),
    ]
    positions = {"a": (0.45, 0.5), "b": (0.55, 0.5), "c": (1.0, 0.0)}
    svg = render_svg(people, [("a", "b", 1)], positions, labels=True)
    # a's name would run into b's dot on the right, so it runs leftwards from a;
    # c sits on the right edge, so its name runs leftwards too; b's goes right.
    assert '<text x="436.0" y="500.0" text-anchor="end">Alexandra Longname</text>' in svg
    assert '<text x="564.0" y="500.0">Bea</text>' in svg
    assert 'text-anchor="end">Christopher Edge</text>' in svg


def test_each_dot_lists_its_neighbours_by_place() -> None:
    people = [GraphNode(n, n.upper(), f"{n}.html") for n in ("c", "a", "b", "d")]
    positions = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.5, 0.5), "d": (0.5, 1.0)}
    svg = render_svg(people, [("a", "b", 1), ("c", "a", 2), ("a", "c", 1)], positions)
    # Drawn in id order a, b, c, d: a's neighbours are b (1) and c (2).
    assert '<a href="a.html" class="node" data-id="a" data-n="1 2">' in svg
    assert '<a href="b.html" class="node" data-id="b" data-n="0">' in svg
    assert '<a href="c.html" class="node" data-id="c" data-n="0">' in svg
    assert '<a href="d.html" class="node" data-id="d">' in svg
    assert '<path d="M40.0 40.0L960.0 40.0M40.0 40.0L500.0 500.0"/>' in svg
    assert "data-a" not in svg and "<line" not in svg


def test_edges_are_drawn_a_hundred_to_a_path() -> None:
    """Thousands of `<line>` elements made a 2,000 person graph slow to zoom."""
    nodes = [GraphNode(f"p{i:03d}", f"P{i}", f"p{i}.html") for i in range(251)]
    positions = {node.id: (i / 251, (i * 7 % 251) / 251) for i, node in enumerate(nodes)}
    edges = [("p000", node.id, 1) for node in nodes[1:]]
    svg = render_svg(nodes, edges, positions)
    paths = re.findall(r'<path d="([^"]*)"/>', svg)
    assert [path.count("M") for path in paths] == [100, 100, 50]
    assert all(path.count("L") == path.count("M") for path in paths)


def test_lines_that_would_hide_the_dots_fade() -> None:
    """Sixty people, each joined to the twenty after them: a pixel-wide line per pair
    covered the middle of the graph many times over, a grey slab the dots were lost in."""
    nodes = [GraphNode(f"p{i:02d}", f"P{i}", f"p{i}.html") for i in range(60)]
    positions = {
        node.id: (0.5 + 0.5 * math.cos(i), 0.5 + 0.5 * math.sin(i)) for i, node in enumerate(nodes)
    }
    edges = [(nodes[i].id, nodes[(i + k) % 60].id, 1) for i in range(60) for k in range(1, 21)]
    dense = re.search(
        r'<g class="edges" data-ink="([\d.]+)" opacity="([\d.]+)">',
        render_svg(nodes, edges, positions),
    )
    assert dense is not None
    ink, opacity = float(dense.group(1)), float(dense.group(2))
    assert ink > 1.5 and opacity == max(0.25, round(1.5 / ink, 2))
    sparse = render_svg(nodes, edges[:30], positions)
    assert '<g class="edges"><path' in sparse  # nothing to fade, nothing said


def test_a_single_line_or_a_row_of_people_is_not_faded() -> None:
    """One line spans no area, and a box of no area made it count as covering the graph
    twenty times over: a new user's first graph had its one line at a quarter strength."""
    nodes = [GraphNode(n, n.upper(), f"{n}.html") for n in ("a", "b", "c", "d")]
    one = render_svg(nodes, [("a", "b", 1)], {"a": (0, 0), "b": (1, 0), "c": (0, 1), "d": (1, 1)})
    row = {"a": (0, 0), "b": (0.3, 0), "c": (0.6, 0), "d": (1, 0)}
    chain = render_svg(nodes, [("a", "b", 1), ("b", "c", 1), ("c", "d", 1)], row)
    for svg in (one, chain):
        assert '<g class="edges"><path' in svg
