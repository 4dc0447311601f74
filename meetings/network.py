"""Who meets whom: people as nodes sized by their contacts, edges weighted by the contacts they held together.

``build`` turns plain rows (one per meeting and participant) into a graph; ``lay_out`` places it. Both are
pure and deterministic (the same rows give the same picture, byte for byte), so that a layout can be
cached per query and tested without a page.

The layout is not a force simulation (whose cost grows with the square of the nodes, per frame): people
are grouped by country, the groups set on a ring ordered by size, and each group's people placed on a
sunflower spiral (Vogel's phyllotaxis) from the busiest at its centre outwards. That is O(n log n),
a few milliseconds for thousands of nodes, and it reads the way analysts think of these contacts: which
sides meet, and who on each side carries them.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

# At most this many people are drawn (the busiest): beyond it a picture stops being readable and its SVG
# passes a megabyte. The page says how many were left out.
MAX_NODES = 3000
# Ties drawn, the strongest first: lines past this many are a grey wash over the nodes.
MAX_EDGES = 6000
# A meeting of more people than this (a multilateral conference) ties nobody to anybody in particular:
# it counts as a contact for each of them but adds no edges (30 people would add 435).
MAX_PARTICIPANTS_FOR_EDGES = 12
# The gap between neighbours on a group's spiral is a quarter of this; node radii (SVG units): the busiest
# person's node is MAX_RADIUS, someone with one contact MIN_RADIUS, areas in between following the contacts.
SPACING = 16.0
MIN_RADIUS, MAX_RADIUS = 2.5, 12.0
# Space between two country groups on the ring, and around the whole picture.
GROUP_GAP, MARGIN = 40.0, 30.0
# How wide (CSS pixels) a small network is drawn, and by how much it may be enlarged to get there.
DISPLAY_WIDTH, MAX_ZOOM = 640, 2.0
# Room around a named node for its name below it, and above a group for the country's name (SVG units).
LABEL_ROOM, GROUP_LABEL = 26.0, 22.0
# The busiest people carry their name on the picture; everyone has it as a tooltip and in the table.
LABELLED = 30
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
# A spiral packs its cells less tightly than a grid: this much more radius keeps neighbours apart.
SPIRAL_SLACK = 1.25


@dataclass
class Node:
    key: int  # the person's id
    name: str
    slug: str
    country: str
    contacts: int = 0
    held: int = 0
    x: float = 0.0
    y: float = 0.0
    radius: float = MIN_RADIUS
    labelled: bool = False

    @property
    def label_y(self) -> float:
        return round(self.y + self.radius + 11, 2)  # below the circle, a line of 10-unit text down


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    held: int  # contacts held together
    x1: float = 0.0
    y1: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    width: float = 1.0


@dataclass
class Group:
    country: str
    nodes: list[Node]
    name: str = ""  # what the group's label says (the country's name: the page knows it)
    radius: float = 0.0
    x: float = 0.0
    y: float = 0.0

    @property
    def label_y(self) -> float:
        return round(self.y - self.radius + GROUP_LABEL - 6, 2)

    @property
    def contacts(self) -> int:
        return sum(n.contacts for n in self.nodes)


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    people_left_out: int = 0
    edges_left_out: int = 0
    meetings: int = 0
    more_meetings: bool = False  # the list had more meetings than were drawn from
    width: float = 0.0
    height: float = 0.0
    min_x: float = 0.0
    min_y: float = 0.0

    @property
    def zoom(self) -> float:
        """A small network is drawn larger (up to MAX_ZOOM times) to be about DISPLAY_WIDTH wide; a large one at its
        own size, in a frame that scrolls, so that its smallest nodes stay big enough to click."""
        return min(MAX_ZOOM, max(1.0, DISPLAY_WIDTH / self.width)) if self.width else 1.0

    @property
    def display_width(self) -> int:
        return round(self.width * self.zoom)

    @property
    def display_height(self) -> int:
        return round(self.height * self.zoom)

    @property
    def view_box(self) -> str:
        return f"{self.min_x:g} {self.min_y:g} {self.width:g} {self.height:g}"


def build(rows: Iterable[tuple[int, str, int, str, str, str]]) -> Graph:
    """Rows of (meeting id, meeting status, person id, name, slug, country), one per meeting and participant."""
    nodes: dict[int, Node] = {}
    meetings: dict[int, tuple[str, list[int]]] = {}
    for meeting, status, person, name, slug, country in rows:
        node = nodes.get(person)
        if node is None:
            node = nodes[person] = Node(person, name, slug, country or "")
        status_, people = meetings.setdefault(meeting, (status, []))
        if person in people:
            continue
        people.append(person)
        node.contacts += 1
        node.held += status == "held"
    ties: Counter[tuple[int, int]] = Counter()
    for status, people in meetings.values():
        if status != "held" or len(people) > MAX_PARTICIPANTS_FOR_EDGES:
            continue
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                ties[(a, b)] += 1
    ranked = sorted(nodes.values(), key=lambda n: (-n.contacts, n.name, n.key))
    kept = {n.key for n in ranked[:MAX_NODES]}
    strongest = sorted(
        ((pair, held) for pair, held in ties.items() if pair[0] in kept and pair[1] in kept),
        key=lambda item: (-item[1], item[0]),
    )
    return Graph(
        nodes=ranked[:MAX_NODES],
        edges=[Edge(a, b, held) for (a, b), held in strongest[:MAX_EDGES]],
        people_left_out=max(0, len(ranked) - MAX_NODES),
        edges_left_out=max(0, len(strongest) - MAX_EDGES),
        meetings=len(meetings),
    )


def _spiral(group: Group) -> None:
    """The group's people on a sunflower spiral around (0, 0), the busiest at the centre.

    Each node claims a square cell of its own diameter plus a gap; the i-th sits at the radius of the disc
    whose area holds the cells before it, so big nodes near the centre get room and small ones pack tight.
    """
    claimed = 0.0
    for i, node in enumerate(group.nodes):
        cell = (2 * node.radius + (LABEL_ROOM if node.labelled else SPACING / 4)) ** 2
        distance = math.sqrt((claimed + cell / 2) / math.pi) * SPIRAL_SLACK if i else 0.0
        claimed += cell
        angle = i * GOLDEN_ANGLE
        node.x, node.y = distance * math.cos(angle), distance * math.sin(angle)
    group.radius = max((math.hypot(n.x, n.y) + n.radius for n in group.nodes), default=0.0) + GROUP_LABEL


def _ring(groups: list[Group]) -> None:
    """Groups around a circle, each given an arc as long as its own width; a single group at the centre."""
    if len(groups) <= 1:
        return
    circumference = sum(2 * g.radius + GROUP_GAP for g in groups)
    ring = max(circumference / (2 * math.pi), max(g.radius for g in groups) + GROUP_GAP)
    angle = -math.pi / 2  # the largest group at the top
    for group in groups:
        half = (group.radius + GROUP_GAP / 2) / ring
        angle += half
        group.x, group.y = ring * math.cos(angle), ring * math.sin(angle)
        angle += half


def lay_out(graph: Graph, country_name: Callable[[str], str] = lambda code: code or "?") -> Graph:
    """Positions and sizes, in place: node radii by contacts, groups by country (named by ``country_name``),
    edges' ends and widths."""
    busiest = max((n.contacts for n in graph.nodes), default=1)
    for node in graph.nodes:
        node.radius = round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(node.contacts / busiest), 2)
    for node in graph.nodes[:LABELLED]:
        node.labelled = True
    by_country: dict[str, list[Node]] = defaultdict(list)
    for node in graph.nodes:  # already busiest first
        by_country[node.country].append(node)
    groups = [Group(country, nodes, country_name(country)) for country, nodes in by_country.items()]
    groups.sort(key=lambda g: (-sum(n.contacts for n in g.nodes), g.country))
    for group in groups:
        _spiral(group)
    _ring(groups)
    for group in groups:
        for node in group.nodes:
            node.x, node.y = round(node.x + group.x, 2), round(node.y + group.y, 2)
    graph.groups = groups
    at = {n.key: n for n in graph.nodes}
    graph.edges = [
        Edge(
            e.source,
            e.target,
            e.held,
            at[e.source].x,
            at[e.source].y,
            at[e.target].x,
            at[e.target].y,
            round(0.6 + math.log2(e.held), 2),
        )
        for e in graph.edges
    ]
    if graph.nodes:
        # Everything drawn inside the picture: circles, the names below them, the groups' names above them
        # (text about 0.6 of its size wide per letter).
        half_widths = [(n.x, 3.0 * len(n.name) if n.labelled else n.radius) for n in graph.nodes]
        half_widths += [(g.x, 4.8 * len(g.name)) for g in groups]
        graph.min_x = math.floor(min(x - w for x, w in half_widths) - MARGIN)
        graph.min_y = math.floor(min(g.y - g.radius for g in groups) - MARGIN)
        graph.width = math.ceil(max(x + w for x, w in half_widths) + MARGIN - graph.min_x)
        graph.height = math.ceil(
            max(n.label_y if n.labelled else n.y + n.radius for n in graph.nodes) + MARGIN - graph.min_y
        )
    return graph
