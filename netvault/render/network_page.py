"""The network page: people as nodes, joined by shared interactions and introductions.

Pure. This module decides *what* is connected (every pair of people who were in the same
past interaction, each introduction you made, and each `introduced_by`), weighted by how
often; `render.graph` decides *where* (a deterministic layout) and draws the SVG.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from markupsafe import Markup

from netvault.engine.report import Report
from netvault.render import graph
from netvault.render.addresses import SiteMap
from netvault.render.pages import NetworkPage


def edges(sitemap: SiteMap, report: Report) -> dict[tuple[str, str], int]:
    """(a, b) with a < b -> how many interactions and introductions join them."""
    index = sitemap.index
    weights: Counter[tuple[str, str]] = Counter()
    for interaction in index.interactions:
        if interaction.day > report.today:
            continue  # planned: not a shared history yet
        present = sorted(set(interaction.people) | set(interaction.introduced))
        for a, b in combinations(present, 2):
            weights[(a, b)] += 1
    for person, introducer in sorted(index.introduced_by.items()):
        if person in index.contacts and introducer in index.contacts:
            a, b = sorted((person, introducer))
            weights[(a, b)] += 1
    return dict(sorted(weights.items()))


def network_page(site_title: str, sitemap: SiteMap, report: Report) -> NetworkPage:
    index = sitemap.index
    ids = sorted(index.contacts, key=lambda key: (index.contacts[key].name.casefold(), key))
    joined = edges(sitemap, report)
    statuses = {item.id: item.status for item in report.reconnect}
    nodes = [
        graph.GraphNode(
            id=contact_id,
            name=index.contacts[contact_id].name,
            href=sitemap.person_path(contact_id) or "",
            status="status-archived"
            if index.contacts[contact_id].archived
            else f"status-{statuses.get(contact_id, 'none')}",
        )
        for contact_id in ids
    ]
    links = [(a, b, weight) for (a, b), weight in joined.items()]
    positions = graph.layout(ids, links)
    svg = graph.render_svg(nodes, links, positions)
    return NetworkPage(
        site_title=site_title,
        title="Network",
        root="",
        section="network",
        scripts=("graph.js",),
        svg=Markup(svg),  # render.graph escapes every label and attribute
        nodes=len(nodes),
        edges=len(links),
        people=tuple(sitemap.person(contact_id) for contact_id in ids),
    )
