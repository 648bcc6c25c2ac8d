"""A NetworkX graph as one self-contained, offline HTML page (pyvis + vis-network).

pyvis assembles the vis-network nodes and edges; the page around them is our
own: vis-network's script and style are inlined from the copy pyvis ships, so
the file opens with no network at all, and a Content-Security-Policy lets only
the page's own scripts run. Node and edge texts travel as JSON and reach the
page through ``textContent``: a label such as ``<script>…`` shows as text.

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("甲局", region="拉萨市", led=2)
>>> G.add_node("<b>乙局</b>", region="拉萨市", led=0)
>>> G.add_edge("甲局", "<b>乙局</b>", weight=1, role="cooperate")
>>> html = network_page(G, title="示例", size_by="led")
>>> "<b>乙局</b>" in html, "\\\\u003cb\\\\u003e乙局" in html
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit import __version__
from graphkit.viz.positions import layout
from graphkit.viz.styles import (
    DIMMED,
    MEASURE,
    PALETTE,
    ROLE_STYLES,
    _number,
    colour_categories,
    node_value,
)

__all__ = [
    "PALETTE",
    "ROLE_STYLES",
    "measure_index",
    "network_page",
    "search_map",
    "topic_catalogue",
    "vis_assets",
    "write_page",
]

_ROLE_LABELS = {"lead": "牵头 lead", "cooperate": "配合 cooperate",
                "responsible": "负责 responsible", "": "shared measures"}
_EDGE_LEGEND = {
    True: {"lead": "lead → co-lead", "cooperate": "lead → cooperating agency",
           "responsible": "lead → responsible agency"},
    False: {"lead": "leads the measure", "cooperate": "cooperates on the measure",
            "responsible": "responsible for the measure"},
}
_INFO = (
    ("region", "地区 region"), ("functional_type", "类型 type"), ("level", "级别 level"),
    ("agency_kind", "kind"), ("parent", "上级 parent"), ("led", "牵头 led"),
    ("cooperated", "配合 cooperated"), ("responsible", "负责 responsible"),
    ("measures", "措施 measures"), ("community", "community"),
)
_MEASURE_INFO = (
    ("document_title", "文件 document"), ("number", "编号 number"),
    ("region", "地区 region"), ("year", "年份 year"),
)
_SKIP = {"kind", "bipartite", "name", "label", "iri", "examples", "alt_labels", "text",
         "x", "y", "title", "search"}
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def vis_assets() -> tuple[str, str, str]:
    """vis-network's script, style sheet and version, from the copy pyvis ships."""
    lib = resources.files("pyvis") / "templates" / "lib"
    found = sorted(
        (p for p in lib.iterdir() if p.name.startswith("vis-")),
        key=lambda p: [int(x) for x in re.findall(r"\d+", p.name)],
    )
    if not found:
        raise RuntimeError("pyvis ships no vis-network copy under pyvis/templates/lib")
    d = found[-1]
    js = (d / "vis-network.min.js").read_text(encoding="utf-8")
    css = (d / "vis-network.css").read_text(encoding="utf-8")
    return js, css, d.name.removeprefix("vis-")


def _own(name: str) -> str:
    return (resources.files("graphkit.viz") / name).read_text(encoding="utf-8")


def _json(value: Any) -> str:
    """JSON that cannot close the ``<script>`` element it sits in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def _text(v: Any, limit: int = 400) -> str:
    if isinstance(v, float):
        v = f"{v:.4g}"
    s = str(v)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _label(n: Any, d: dict[str, Any]) -> str:
    if d.get("label"):
        return str(d["label"])
    if d.get("kind") == "measure":
        text = str(d.get("text") or n)
        return f"{d.get('number') or ''} {text[:12]}{'…' if len(text) > 12 else ''}".strip()
    return str(d.get("name") or d.get("title") or n)


def _info(n: Any, d: dict[str, Any], size_by: str | None, degree: int) -> list[list[str]]:
    if d.get("kind") == "measure":
        rows = [[label, _text(d[k])] for k, label in _MEASURE_INFO if d.get(k) not in (None, "")]
    elif d.get("kind") in ("agency", "group"):
        rows = [[label, _text(d[k])] for k, label in _INFO if d.get(k) not in (None, "")]
    else:
        rows = [[k, _text(v)] for k, v in d.items()
                if k not in _SKIP and isinstance(v, (str, int, float, bool)) and v != ""][:10]
    if size_by and size_by not in (r[0] for r in rows) and size_by in d:
        rows.append([size_by, _text(d[size_by])])
    rows.append(["connections", str(degree)])
    return rows


def measure_index(B: nx.Graph) -> dict[Any, dict[str, Any]]:
    """What the pages show of each measure node of ``B``, by node key.

    Each value has ``number``, ``text``, ``document`` (title), ``deadline``,
    ``region``, ``year``, ``source``, ``line``, ``topics`` (topic ids) and
    ``agencies``: ``[role, name]`` pairs, leads first.

    Examples
    --------
    >>> B = nx.Graph()
    >>> B.add_node("m1", kind="measure", number="3", text="简化流程", document_title="某方案")
    >>> B.add_node("甲局", kind="agency", name="甲局")
    >>> B.add_edge("甲局", "m1", role="lead")
    >>> measure_index(B)["m1"]["agencies"]
    [['lead', '甲局']]
    """
    order = {"lead": 0, "cooperate": 1, "responsible": 2}
    out = {}
    for m, d in B.nodes(data=True):
        if d.get("kind") != "measure":
            continue
        on = sorted(
            ([str(B.edges[a, m].get("role") or ""), str(B.nodes[a].get("name") or a)]
             for a in B[m]),
            key=lambda x: (order.get(x[0], 3), x[1]),
        )
        out[m] = {
            "number": str(d.get("number") or ""),
            "text": str(d.get("text") or ""),
            "document": str(d.get("document_title") or ""),
            "deadline": str(d.get("deadline") or ""),
            "region": str(d.get("region") or ""),
            "year": d.get("year") or "",
            "source": str(d.get("source") or ""),
            "line": d.get("line") or 0,
            "topics": [str(t) for t in d.get("topics") or ()],
            "agencies": on,
        }
    return out


def topic_catalogue(counts: Counter[str]) -> list[list[Any]]:
    """``[id, label, count]`` of the topics in ``counts`` (measures per topic id), in the
    order of the topic scheme, for a page's topic filter.

    Examples
    --------
    >>> topic_catalogue(Counter({"taxes": 2, "electricity": 1}))
    [['electricity', '获得电力 electricity', 1], ['taxes', '纳税 taxes', 2]]
    """
    from graphkit.extraction.topics import topics

    scheme = topics()
    order = {t: i for i, t in enumerate(scheme)}
    return [[t, f"{scheme[t].zh} {t}" if t in scheme else t, n]
            for t, n in sorted(counts.items(), key=lambda x: (order.get(x[0], len(order)), x[0]))
            if n]


def search_map(texts: list[str]) -> dict[str, str]:
    """Traditional characters -> the Simplified ones of ``texts``, for search.

    Only characters that occur in ``texts`` are mapped, so a page carries a few
    hundred pairs, not the whole table (OpenCC's, through
    ``opencc-python-reimplemented``).

    Examples
    --------
    >>> m = search_map(["拉萨市市场监督管理局"])
    >>> "".join(m.get(c, c) for c in "市場監督管理局")
    '市场监督管理局'
    """
    from opencc import OpenCC

    chars = sorted({c for t in texts for c in t if "\u3400" <= c <= "\u9fff"})
    out: dict[str, str] = {}
    for name in ("s2t", "s2tw", "s2hk"):
        converted = OpenCC(name).convert("\n".join(chars)).split("\n")
        if len(converted) != len(chars):  # pragma: no cover - one line per character
            converted = [OpenCC(name).convert(c) for c in chars]
        for c, t in zip(chars, converted, strict=True):
            if t != c and len(t) == 1:
                out.setdefault(t, c)
    return out


def _region_path(d: dict[str, Any]) -> list[str]:
    path = [str(d.get(k) or "") for k in ("province", "city", "region")]
    return list(dict.fromkeys(p for p in path if p))


def _region_tree(paths: list[list[str]]) -> list[list[Any]]:
    """``[name, depth, count]`` in tree order: each region before its sub-regions."""
    parent: dict[str, str] = {}
    count: Counter[str] = Counter()
    for path in paths:
        for i, r in enumerate(path):
            count[r] += 1
            if i:
                parent.setdefault(r, path[i - 1])
    children: dict[str, list[str]] = defaultdict(list)
    for r in count:
        children[parent.get(r, "")].append(r)
    out: list[list[Any]] = []

    def walk(r: str, depth: int) -> None:
        out.append([r, depth, count[r]])
        for c in sorted(children.get(r, ()), key=lambda x: (-count[x], x)):
            walk(c, depth + 1)

    for r in sorted(children.get("", ()), key=lambda x: (-count[x], x)):
        walk(r, 0)
    return out


def network_page(
    G: nx.Graph,
    *,
    title: str = "graphkit network",
    size_by: str | None = None,
    color_by: str | None = "region",
    width_by: str | None = "weight",
    positions: dict[Any, tuple[float, float]] | None = None,
    seed: int = 0,
    physics: bool = False,
    examples: int = 3,
    measures: nx.Graph | None = None,
) -> str:
    """The HTML of an interactive, offline page showing ``G``.

    Parameters
    ----------
    G
        Any NetworkX graph; graphkit's agency graphs give the richest page
        (``kind``, ``name``, ``region``, ``functional_type``, counts and
        ``examples`` on nodes; ``role``, ``weight`` and ``measures`` on edges).
    title
        The page's title.
    size_by
        Node attribute sizing the nodes (area grows with the value); the
        degree when ``None``.
    color_by
        Node attribute colouring the nodes (a legend lists the colours; see
        :func:`colour_categories`).
    width_by
        Edge attribute setting edge widths (shared measures).
    positions
        Node positions in pixels; computed by :func:`graphkit.viz.layout` when
        ``None``.
    seed
        Seed of that layout.
    physics
        Let vis-network's physics settle the layout, for at most 200 iterations
        before it stops (off by default: the layout is precomputed).
    examples
        How many measure texts a node's tooltip shows when the page knows no
        measures.
    measures
        The agency–measure graph the measures named on ``G``'s edges
        (``measures`` attribute) come from, so that the page lists them by
        number and text and finds them by words; ``G`` itself by default.
    """
    from pyvis.network import Network  # pyvis imports IPython at import time

    pos = positions if positions is not None else layout(G, seed=seed)
    nodes = list(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    directed = G.is_directed()
    degree = dict(G.degree())

    source = measures if measures is not None else G
    described = measure_index(source)
    wanted = {m for m, k in G.nodes(data="kind") if k == "measure"}
    wanted.update(m for _, _, ms in G.edges(data="measures") if ms for m in ms)
    on_node: dict[Any, list[Any]] = defaultdict(list)
    if source is not G:
        for a, d in G.nodes(data=True):
            if a in source and d.get("kind") != "measure":
                on_node[a] = [m for m in source[a] if m in described]
                wanted.update(on_node[a])
    keys = sorted((m for m in wanted if m in described), key=lambda m: (
        described[m]["source"], described[m]["line"], str(m)))
    m_index = {m: i for i, m in enumerate(keys)}
    by_name = {str(d.get("name") or n): index[n] for n, d in G.nodes(data=True)
               if d.get("kind") != "measure"}
    topic_counts = Counter(t for m in keys for t in dict.fromkeys(described[m]["topics"]))
    catalogue = topic_catalogue(topic_counts)
    t_index = {t[0]: i for i, t in enumerate(catalogue)}
    measure_data = []
    for m in keys:
        info = described[m]
        measure_data.append({
            "tp": sorted({t_index[t] for t in info["topics"] if t in t_index}),
            "n": info["number"], "t": info["text"], "d": info["document"],
            "dl": info["deadline"], "r": info["region"], "y": info["year"],
            "a": [[r, a, by_name.get(a, -1)] for r, a in info["agencies"]],
            "node": index.get(m, -1),
        })

    cat_of = {n: (str(G.nodes[n].get(color_by) or "") if color_by else "")
              for n in nodes if G.nodes[n].get("kind") != "measure"}
    colours, legend = colour_categories(list(cat_of.values()))
    n_measures = len(nodes) - len(cat_of)
    if n_measures:
        legend.append({"label": "措施 measure", "color": MEASURE, "square": True,
                       "count": n_measures, "keys": ["\x00measure"]})

    net = Network(directed=True)  # directed: no quadratic duplicate-edge check in pyvis
    node_data = []
    for n in nodes:
        d = G.nodes[n]
        i = index[n]
        kind = str(d.get("kind") or "node")
        if kind == "measure":
            colour, shape, cat = MEASURE, "square", "\x00measure"
        else:
            cat = cat_of[n]
            colour, shape = colours[cat], "dot"
        x, y = pos.get(n, (0.0, 0.0))
        net.add_node(i, label=_label(n, d), x=x, y=y, value=node_value(d, size_by, degree[n]),
                     color=_node_colour(colour), shape=shape)
        texts = [d["text"]] if kind == "measure" and d.get("text") else list(
            d.get("examples") or ())[:examples]
        name = _label(n, d) if kind == "measure" else str(d.get("name") or d.get("title") or n)
        if kind == "measure" and n in m_index:
            mine = [m_index[n]]
        elif n in source and kind != "measure":
            mine = [m_index[m] for m in (on_node.get(n) or source[n]) if m in m_index]
        else:
            mine = []
        node_data.append({
            "name": name,
            "label": _label(n, d),
            "kind": kind,
            "cat": cat,
            "region": str(d.get("region") or ""),
            "regions": _region_path(d),
            "type": str(d.get("functional_type") or ""),
            "alt": [str(a) for a in d.get("alt_labels") or ()],
            "info": _info(n, d, size_by, degree[n]),
            "examples": [] if mine else [_text(t, 300) for t in texts],
            "ms": sorted(mine),
            "tp": sorted({t for mi in mine for t in measure_data[mi]["tp"]}),
        })
    for node, vis_node in zip(node_data, net.nodes, strict=True):
        node["vis"] = vis_node

    widths = [_number(w) for _, _, w in G.edges(data=width_by or "", default=1)]
    top = max(widths, default=1.0) or 1.0
    edge_data = []
    roles_seen = set()
    for u, v, d in G.edges(data=True):
        role = str(d.get("role") or "")
        if role not in ROLE_STYLES:
            role = ""
        roles_seen.add(role)
        colour, dashes, _ = ROLE_STYLES[role]
        w = _number(d.get(width_by, 1)) if width_by else 1.0
        net.add_edge(index[u], index[v], width=round(1 + 5 * math.sqrt(w / top), 2),
                     color={"color": colour, "highlight": colour, "hover": colour,
                            "inherit": False, "opacity": 0.75},
                     dashes=dashes, arrows="to" if directed else "")
        parts = []
        if width_by and width_by in d:
            parts.append(f"{width_by}: {_text(d[width_by])}")
        counts = [f"{r} {d[r]}" for r in ("lead", "cooperate", "responsible")
                  if isinstance(d.get(r), int) and d[r]]
        if counts:
            parts.append(", ".join(counts))
        elif role:
            parts.append(_ROLE_LABELS[role])
        shared = sorted(m_index[m] for m in d.get("measures") or () if m in m_index)
        edge_data.append({"role": role, "info": "; ".join(parts), "ms": shared})
    for edge, vis_edge in zip(edge_data, net.edges, strict=True):
        edge["vis"] = vis_edge

    role_order = [r for r in ("lead", "cooperate", "responsible", "") if r in roles_seen]
    edge_legend = [
        {"label": _EDGE_LEGEND[directed].get(r, _ROLE_LABELS[r]), "color": ROLE_STYLES[r][0],
         "style": ROLE_STYLES[r][2]}
        for r in role_order if r or len(role_order) > 1
    ]
    big = G.number_of_nodes() > 800 or G.number_of_edges() > 2000
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": seed},
        "physics": (
            {"enabled": True, "solver": "forceAtlas2Based",
             "stabilization": {"enabled": True, "iterations": 200, "fit": True}}
            if physics else {"enabled": False}
        ),
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "font": {"size": 12, "face": "Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 4, "max": 26,
                        "label": {"enabled": True, "min": 10, "max": 16,
                                  "drawThreshold": 7 if big else 4, "maxVisible": 26}},
        },
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 1.5,
                  "arrowStrikethrough": False, "arrows": {"to": {"scaleFactor": 0.5}}},
    }
    types = Counter(n["type"] for n in node_data if n["type"])
    words = [t for n in node_data for t in (n["name"], *n["alt"], *n["regions"])]
    words += [t for m in measure_data for t in (m["t"], m["d"])]
    payload = {
        "meta": {
            "title": title,
            "directed": directed,
            "colorBy": color_by or "",
            "sizeBy": size_by or "connections",
            "widthBy": width_by if any(width_by in d for _, _, d in G.edges(data=True)) else "",
            "legend": legend,
            "edgeLegend": edge_legend,
            "roles": role_order,
            "regions": _region_tree([n["regions"] for n in node_data if n["kind"] != "measure"]),
            "types": sorted(types.items(), key=lambda x: (-x[1], x[0])),
            "topics": catalogue,
            "dimmed": DIMMED,
        },
        "options": options,
        "nodes": node_data,
        "edges": edge_data,
        "measures": measure_data,
        "t2s": search_map(words),
    }
    return _html("page.html", title, payload, "page.js", vis=True)


def _node_colour(colour: str) -> dict[str, Any]:
    """One colour in every state: hover and selection change the border only."""
    return {"background": colour, "border": "#666666",
            "highlight": {"background": colour, "border": "#111111"},
            "hover": {"background": colour, "border": "#111111"}}


def _html(template: str, title: str, payload: dict[str, Any], script: str, *,
          vis: bool) -> str:
    """A template filled in: data as JSON, scripts inlined and allowed by hash."""
    vis_js, vis_css, vis_version = vis_assets() if vis else ("", "", "")
    page_js = _own(script)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in ((vis_js, page_js) if vis else (page_js,))
    )
    parts = {
        "SCRIPT_HASHES": hashes,
        "VERSION": html.escape(__version__),
        "VIS_VERSION": html.escape(vis_version),
        "TITLE": html.escape(title),
        "VIS_CSS": vis_css,
        "PAGE_CSS": _own("page.css"),
        "DATA": _json(payload),
        "VIS_JS": vis_js,
        "PAGE_JS": page_js,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _own(template))


def write_page(G: nx.Graph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`network_page` of ``G`` to ``path`` as UTF-8; return the path."""
    path = Path(path)
    path.write_text(network_page(G, **options), encoding="utf-8")
    return path
