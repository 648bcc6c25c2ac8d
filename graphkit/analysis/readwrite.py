"""Write analysis graphs for Gephi, UCINET and R: GEXF, GraphML, edge-list CSV.

GEXF and GraphML hold only scalar attributes of one type per key, so tuples are
joined with `` | ``, missing values are left out and a key holding mixed types
is written as text. The CSV form is two files: the edges (``source``,
``target``, ``weight`` and the other edge attributes) and, beside it, the nodes
(``<name>.nodes.csv``: ``id`` and the node attributes).

Examples
--------
>>> import networkx as nx, tempfile, pathlib
>>> G = nx.DiGraph()
>>> G.add_edge("甲局", "乙局", weight=2, measures=("m1", "m2"))
>>> out = pathlib.Path(tempfile.mkdtemp()) / "g.gexf"
>>> write_graph(G, out, "gexf")
>>> nx.read_gexf(out)["甲局"]["乙局"]["measures"]
'm1 | m2'
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["FORMATS", "exportable", "node_label", "write_graph"]

FORMATS: tuple[str, ...] = ("gexf", "graphml", "csv")


def _scalar(v: Any) -> Any:
    if isinstance(v, (tuple, list, set, frozenset)):
        return " | ".join(map(str, sorted(v) if isinstance(v, (set, frozenset)) else v))
    if isinstance(v, dict):
        return "; ".join(f"{k}={x}" for k, x in v.items() if x is not None)
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _clean(items: list[dict[str, Any]]) -> None:
    """Scalar values, no None, one type per key (text when mixed), in place."""
    types: dict[str, set[type]] = {}
    for data in items:
        for k in list(data):
            v = _scalar(data[k])
            if v is None:
                del data[k]
            else:
                data[k] = v
                types.setdefault(k, set()).add(type(v))
    for k, ts in types.items():
        numeric = ts <= {int, float}
        if len(ts) > 1:
            for data in items:
                if k in data:
                    data[k] = float(data[k]) if numeric else str(data[k])


def node_label(n: Any, d: dict[str, Any], *, width: int = 16) -> str:
    """A readable label: a measure's number and the start of its text, a
    document's title, an agency's or region's name.

    Examples
    --------
    >>> node_label("https://w3id.org/graphkit/id/measure/a/d1/m3",
    ...            {"kind": "measure", "number": "3", "text": "压缩企业开办时间至1个工作日"}, width=8)
    '3 压缩企业开办时间…'
    >>> node_label("https://w3id.org/graphkit/id/doc/a/d1", {"title": "某方案"})
    '某方案'
    """
    if d.get("label"):
        return str(d["label"])
    if d.get("kind") == "measure" or ("text" in d and "number" in d):
        text = str(d.get("text") or "")
        short = text[:width] + ("…" if len(text) > width else "")
        return f"{d.get('number') or ''} {short}".strip() or str(n)
    return str(d.get("name") or d.get("title") or n)


def exportable(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes GEXF and GraphML can hold, with a
    readable ``label`` on every node (:func:`node_label`)."""
    H = G.copy()
    for n, d in H.nodes(data=True):
        d["label"] = node_label(n, d)
    _clean([d for _, d in H.nodes(data=True)])
    _clean([d for _, _, d in H.edges(data=True)])
    graph = dict(H.graph)
    _clean([graph])
    H.graph.clear()
    H.graph.update(graph)
    return H


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def write_graph(G: nx.Graph, path: str | os.PathLike[str], format: str | None = None, *,
                styles: dict[Any, dict[str, Any]] | None = None) -> None:
    """Write ``G`` as GEXF, GraphML or CSV (``format`` or the file's suffix).

    Parameters
    ----------
    G
        The graph.
    path
        The file (CSV also writes ``<name>.nodes.csv`` beside it).
    format
        ``gexf``, ``graphml`` or ``csv``; from the suffix when ``None``.
    styles
        How each node is drawn: ``{node: {"color": "#rrggbb", "size": s, "x": x,
        "y": y}}`` (as :func:`graphkit.viz.node_styles` gives them). GEXF
        carries them as ``viz:color``, ``viz:size`` and ``viz:position``;
        GraphML and CSV as the attributes ``r``, ``g``, ``b``, ``size``, ``x``
        and ``y`` that Gephi reads.
    """
    path = Path(path)
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    H = exportable(G)
    for n, style in (styles or {}).items():
        if n not in H:
            continue
        d = H.nodes[n]
        r, g, b = _rgb(style["color"]) if style.get("color") else (None, None, None)
        if fmt == "gexf":
            viz: dict[str, Any] = {}
            if r is not None:
                viz["color"] = {"r": r, "g": g, "b": b, "a": 1.0}
            if "size" in style:
                viz["size"] = float(style["size"])
            if "x" in style:
                viz["position"] = {"x": float(style["x"]), "y": -float(style["y"]), "z": 0.0}
            d["viz"] = viz
        else:
            if r is not None:
                d.update(r=r, g=g, b=b)
            for k in ("size", "x", "y"):
                if k in style:
                    d[k] = float(style[k])
    if fmt == "gexf":
        nx.write_gexf(H, path, encoding="utf-8")
    elif fmt == "graphml":
        nx.write_graphml(H, path, encoding="utf-8")
    else:
        _write_csv(H, path)


def _write_csv(H: nx.Graph, path: Path) -> None:
    edge_keys = sorted({k for _, _, d in H.edges(data=True) for k in d} - {"weight"})
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["source", "target", "weight", *edge_keys])
        for u, v, d in H.edges(data=True):
            w.writerow([u, v, d.get("weight", 1), *(d.get(k, "") for k in edge_keys)])
    node_keys = sorted({k for _, d in H.nodes(data=True) for k in d})
    nodes_path = path.with_name(path.stem + ".nodes.csv")
    with open(nodes_path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", *node_keys])
        for n, d in H.nodes(data=True):
            w.writerow([n, *(d.get(k, "") for k in node_keys)])
