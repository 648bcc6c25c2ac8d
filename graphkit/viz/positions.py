"""Node positions computed in Python, so a page opens laid out, with no physics.

Each connected part is laid out on its own (force-directed, seeded) and the
parts are packed in rows, largest first; lone nodes fill a grid after them.
Without packing, the parts of a disconnected graph (one per region's plans)
drift apart or pile up.

Examples
--------
>>> import networkx as nx
>>> G = nx.path_graph(4)
>>> G.add_node(9)
>>> pos = layout(G)
>>> sorted(pos) == [0, 1, 2, 3, 9]
True
>>> layout(G) == pos
True
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

__all__ = ["layout"]

#: Pixels per node: a part of ``n`` nodes gets a square of side ``UNIT * sqrt(n)``.
UNIT = 90.0


def _part(H: nx.Graph, seed: int, weight: str | None) -> dict[Any, tuple[float, float]]:
    n = H.number_of_nodes()
    if n == 1:
        return {next(iter(H)): (0.0, 0.0)}
    if n == 2:
        a, b = sorted(H, key=str)
        return {a: (-0.5, 0.0), b: (0.5, 0.0)}
    iterations = 200 if n < 100 else 100 if n < 400 else 60
    pos = nx.spring_layout(H, seed=seed, weight=weight, iterations=iterations)
    return {k: (float(v[0]), float(v[1])) for k, v in pos.items()}


def layout(
    G: nx.Graph, *, seed: int = 0, weight: str | None = None, unit: float = UNIT
) -> dict[Any, tuple[float, float]]:
    """Pixel positions ``{node: (x, y)}`` for every node of ``G``.

    Parameters
    ----------
    G
        Any graph (directed graphs are laid out as undirected).
    seed
        Seed of the force-directed layout: the same graph gives the same picture.
    weight
        Edge attribute pulling nodes together (``None``: all ties alike).
    unit
        Pixels per node (see :data:`UNIT`).
    """
    U = G.to_undirected(as_view=True) if G.is_directed() else G
    parts = sorted(nx.connected_components(U), key=lambda c: (-len(c), min(map(str, c))))
    singles = [next(iter(c)) for c in parts if len(c) == 1]
    parts = [c for c in parts if len(c) > 1]
    total = sum(len(c) for c in parts) + len(singles)
    row_width = unit * max(4.0, math.sqrt(total) * 1.6)
    pos: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for c in parts:
        side = unit * math.sqrt(len(c)) * 1.2
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height + unit, 0.0
        for n, (px, py) in _part(U.subgraph(c), seed, weight).items():
            pos[n] = (x + side / 2 + px * side / 2, y + side / 2 + py * side / 2)
        x += side + unit
        row_height = max(row_height, side)
    if singles:
        y = y + row_height + unit if pos else 0.0
        per_row = max(1, int(row_width // (unit * 0.8)))
        for i, n in enumerate(sorted(singles, key=str)):
            pos[n] = ((i % per_row) * unit * 0.8, y + (i // per_row) * unit * 0.8)
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in pos.items()}
