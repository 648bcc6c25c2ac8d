"""How pages draw nodes and edges, in one place, so that files for Gephi
(:func:`graphkit.analysis.write_graph`) look like the pages: colours by
category, sizes, positions.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("甲局", "乙局")
>>> G.nodes["甲局"].update(region="拉萨市", led=4)
>>> G.nodes["乙局"].update(region="拉萨市", led=1)
>>> s = node_styles(G, color_by="region", size_by="led")
>>> s["甲局"]["color"] == s["乙局"]["color"] == PALETTE[0], s["甲局"]["size"] > s["乙局"]["size"]
(True, True)
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

import networkx as nx

from graphkit.viz.positions import layout

__all__ = [
    "MEASURE",
    "NONE",
    "OTHER",
    "PALETTE",
    "ROLE_STYLES",
    "colour_categories",
    "node_styles",
    "node_value",
]

#: Category colours (Tableau 20, strongest first); further categories are grey.
PALETTE: tuple[str, ...] = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896",
    "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5", "#dbdb8d",
)
OTHER = "#b0b0b0"
NONE = "#e4e4e4"
MEASURE = "#cfd8dc"
DIMMED = 0.25
#: A category gets a colour of its own when it holds at least this share of the
#: nodes (and at least two nodes); rarer ones are drawn as "other".
MIN_SHARE = 0.01

#: How an edge of each role is drawn: colour, vis-network ``dashes``, CSS border style.
ROLE_STYLES: dict[str, tuple[str, Any, str]] = {
    "lead": ("#c0392b", False, "solid"),
    "cooperate": ("#2e86c1", [8, 5], "dashed"),
    "responsible": ("#7f8c8d", [2, 5], "dotted"),
    "": ("#9aa5b1", False, "solid"),
}

def _number(v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        return 0.0
    return x if math.isfinite(x) and x > 0 else 0.0


def node_value(d: dict[str, Any], size_by: str | None, degree: int) -> float:
    """The value a node is sized by: the square root of ``size_by`` (or its
    degree), so that area grows with the value."""
    metric = degree if size_by is None else _number(d.get(size_by))
    return math.sqrt(metric) + 0.01


#: Smallest and largest node size, in pixels (vis-network's scaling).
SIZES = (4.0, 26.0)


#: At most this many categories get a colour of their own, so the legend stays readable.
MAX_COLOURS = 12


def colour_categories(values: list[str], *, palette: tuple[str, ...] = PALETTE,
                      min_share: float = MIN_SHARE, most: int = MAX_COLOURS,
                      ) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Colours for the categories in ``values`` and the legend listing them.

    A category gets a palette colour when it holds at least ``min_share`` of
    the values and at least two of them, for the ``most`` largest (strongest
    colours to the largest);
    rarer ones share one grey as "other", and the empty value is drawn in a
    pale grey as "(none)", so that a strong colour always means a real,
    common category.

    Returns ``({category: colour}, legend)``; each legend entry has
    ``label``, ``color``, ``count`` and ``keys`` (the categories it stands for).

    Examples
    --------
    >>> colours, legend = colour_categories(["甲"] * 5 + ["乙"] * 3 + ["丙", ""])
    >>> [(k["label"], k["count"]) for k in legend]
    [('甲', 5), ('乙', 3), ('other', 1), ('(none)', 1)]
    >>> colours["丙"] == colours["不在其中"] == OTHER, colours[""] == NONE
    (True, True)
    """
    counts = Counter(values)
    blank = counts.pop("", 0)
    floor = max(2, math.ceil(min_share * len(values)))
    ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    own = [(c, k) for c, k in ranked if k >= floor][: min(most, len(palette))]
    colours: dict[str, str] = defaultdict(lambda: OTHER)
    legend: list[dict[str, Any]] = []
    for i, (c, k) in enumerate(own):
        colours[c] = palette[i]
        legend.append({"label": c, "color": palette[i], "count": k, "keys": [c]})
    rest = [c for c, _ in ranked[len(own):]]
    for c in rest:
        colours[c] = OTHER
    if rest:
        legend.append({"label": "other", "color": OTHER, "keys": rest,
                       "count": sum(counts[c] for c in rest)})
    colours[""] = NONE
    if blank:
        legend.append({"label": "(none)", "color": NONE, "count": blank, "keys": [""]})
    return colours, legend


def node_styles(
    G: nx.Graph,
    *,
    color_by: str | None = "region",
    size_by: str | None = None,
    seed: int = 0,
    positions: dict[Any, tuple[float, float]] | None = None,
) -> dict[Any, dict[str, Any]]:
    """Colour, size and position of every node, as the pages draw them.

    Returns ``{node: {"color": "#rrggbb", "size": pixels, "x": x, "y": y}}``:
    colours from :func:`colour_categories` of ``color_by`` (measures in
    :data:`MEASURE`), sizes between :data:`SIZES` by :func:`node_value`,
    positions from :func:`graphkit.viz.layout` with ``seed``.
    """
    pos = positions if positions is not None else layout(G, seed=seed)
    degree = dict(G.degree())
    cats = {n: str(d.get(color_by) or "") if color_by else ""
            for n, d in G.nodes(data=True) if d.get("kind") != "measure"}
    colours, _ = colour_categories(list(cats.values()))
    values = {n: node_value(d, size_by, degree[n]) for n, d in G.nodes(data=True)}
    low, high = min(values.values(), default=0.0), max(values.values(), default=0.0)
    out = {}
    for n in G:
        share = (values[n] - low) / (high - low) if high > low else 0.5
        x, y = pos.get(n, (0.0, 0.0))
        out[n] = {"color": colours[cats[n]] if n in cats else MEASURE,
                  "size": round(SIZES[0] + share * (SIZES[1] - SIZES[0]), 2),
                  "x": x, "y": y}
    return out
