"""Who leads: per-agency counts and centralities, and brokers between agencies.

Examples
--------
>>> import networkx as nx
>>> B = nx.Graph()
>>> B.add_nodes_from(["甲局", "乙局", "丙局"], kind="agency")
>>> B.add_nodes_from(["m1", "m2"], kind="measure")
>>> B.add_edges_from([("甲局", "m1", {"role": "lead"}), ("乙局", "m1", {"role": "cooperate"}),
...                   ("甲局", "m2", {"role": "lead"}), ("丙局", "m2", {"role": "cooperate"})])
>>> table = lead_centrality(B)
>>> table[["agency", "led", "partners", "out_weight", "hub"]].to_dict("records")
[{'agency': '甲局', 'led': 2, 'partners': 2, 'out_weight': 2, 'hub': 1.0}]
>>> lead_centrality(B, role="cooperate")["agency"].tolist()
['丙局', '乙局']
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.analysis.graphs import (
    agency_nodes,
    collaboration_graph,
    cooperation_graph,
)
from graphkit.analysis.holes import structural_holes

__all__ = ["METRICS", "brokers", "lead_centrality"]

#: Columns :func:`lead_centrality` can rank by.
METRICS: tuple[str, ...] = (
    "led",
    "cooperated",
    "responsible",
    "measures",
    "partners",
    "weighted_degree",
    "out_weight",
    "in_weight",
    "betweenness",
    "pagerank",
    "eigenvector",
    "hub",
    "authority",
)
_ROLE_COUNT = {"lead": "led", "cooperate": "cooperated", "responsible": "responsible",
               "any": "measures"}
#: What the numeric routines raise on graphs they cannot handle (tiny, no convergence).
_NUMERIC_ERRORS = (nx.NetworkXException, ArithmeticError, ValueError, TypeError)
_ATTRS = ("region", "province", "functional_type", "level", "agency_kind")


def _safe(f: Callable[[], dict[Any, float]], nodes: list[Any]) -> dict[Any, float]:
    """A centrality, or NaN for every node when it cannot be computed (empty graph,
    no convergence)."""
    try:
        return f()
    except _NUMERIC_ERRORS:
        return dict.fromkeys(nodes, math.nan)


def _clean(x: float) -> float:
    """Round the numerical noise of eigen solvers (-1e-17) to zero."""
    return 0.0 if abs(x) < 1e-12 else abs(x)


def _by_component(
    G: nx.Graph, f: Callable[[nx.Graph], dict[Any, float]]
) -> dict[Any, float]:
    """``f`` within each connected part of ``G`` that has ties, normalised to sum
    to the part's share of all tie weight (isolated agencies get 0).

    Eigenvector and HITS scores of a disconnected graph put all weight on one
    part; a corpus of several regions' plans is disconnected, so each part is
    scored on its own and scaled by its share of the ties, which keeps parts
    comparable and the whole summing to 1.
    """
    out = dict.fromkeys(G, 0.0)
    total = G.size(weight="weight")
    if not total:
        return out
    parts = nx.weakly_connected_components(G) if G.is_directed() else nx.connected_components(G)
    for part in parts:
        H = G.subgraph(part)
        share = H.size(weight="weight") / total
        if not share:
            continue
        try:
            scores = {n: abs(v) for n, v in f(H).items()}
        except _NUMERIC_ERRORS:
            scores = dict.fromkeys(part, math.nan)
        norm = sum(scores.values())
        for n, v in scores.items():
            out[n] = v / norm * share if norm else math.nan
    return out


def _table(B: nx.Graph, betweenness_k: int | None, seed: int) -> pd.DataFrame:
    agencies = agency_nodes(B)
    C = cooperation_graph(B)
    P = collaboration_graph(B)
    R = C.reverse(copy=False)
    k = betweenness_k if betweenness_k and betweenness_k < len(P) else None
    betweenness = _safe(lambda: nx.betweenness_centrality(P, k=k, seed=seed), agencies)
    pagerank = _safe(lambda: nx.pagerank(R, weight="weight"), agencies)
    eigen = _by_component(
        P, lambda H: nx.eigenvector_centrality(H, weight="weight", max_iter=1000)
    )
    hubs = _by_component(C, lambda H: nx.hits(H)[0])
    auths = _by_component(C, lambda H: nx.hits(H)[1])
    rows = []
    for a in agencies:
        data = B.nodes[a]
        roles = Counter(B.edges[a, m]["role"] for m in B[a])
        rows.append({
            "agency": a,
            **{k: data.get(k, "") for k in _ATTRS},
            "led": roles["lead"],
            "cooperated": roles["cooperate"],
            "responsible": roles["responsible"],
            "measures": B.degree(a),
            "partners": P.degree(a),
            "weighted_degree": P.degree(a, weight="weight"),
            "out_weight": C.out_degree(a, weight="weight"),
            "in_weight": C.in_degree(a, weight="weight"),
            "betweenness": betweenness.get(a, math.nan),
            "pagerank": pagerank.get(a, math.nan),
            "eigenvector": _clean(eigen.get(a, math.nan)),
            "hub": _clean(hubs.get(a, 0.0)),
            "authority": _clean(auths.get(a, 0.0)),
        })
    columns = ["agency", *_ATTRS, *METRICS]
    return pd.DataFrame(rows, columns=columns)


def lead_centrality(
    B: nx.Graph,
    *,
    role: str = "lead",
    metric: str | None = None,
    top: int | None = None,
    by: str | None = None,
    betweenness_k: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Rank agencies by what they lead and how central they are.

    Parameters
    ----------
    B
        An agency–measure graph (:func:`graphkit.analysis.bipartite_graph`).
    role
        ``lead``, ``cooperate``, ``responsible`` or ``any``: keep agencies with
        at least one measure in that role and, unless ``metric`` says
        otherwise, rank by that count.
    metric
        Column to rank by (one of :data:`METRICS`); ties are broken by
        ``pagerank`` and then the agency's name.
    top
        Keep the first ``top`` rows (of each group with ``by``).
    by
        ``province``, ``city`` or ``region``: rank within each region of that
        level, computing every figure on the measures of that region only.
    betweenness_k
        Estimate betweenness from this many sampled sources (seeded) instead of
        all of them, for large graphs.
    seed
        Seed of the betweenness sampling.
    progress
        Called with a short message before each region (with ``by``).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``rank`` from 1: ``agency``, ``region``, ``province``,
        ``functional_type``, ``level``, ``agency_kind``; counts ``led``,
        ``cooperated``, ``responsible``, ``measures`` (any role); on the
        collaboration network (agencies tied by shared measures) ``partners``,
        ``weighted_degree`` (shared measures summed over partners),
        ``betweenness`` (shortest paths, normalised) and ``eigenvector``
        (weighted); on the cooperation network (lead -> partner, weighted)
        ``out_weight`` (partners brought in), ``in_weight`` (times brought in),
        ``pagerank`` (with edges turned partner -> lead: high for agencies whose
        measures draw in partners who themselves lead), ``hub`` and
        ``authority`` (HITS: who pulls partners in, who is pulled in).
    """
    if role not in _ROLE_COUNT:
        raise ValueError(f"role must be one of {', '.join(_ROLE_COUNT)}, not {role!r}")
    metric = metric or _ROLE_COUNT[role]
    if metric not in METRICS:
        raise ValueError(f"metric must be one of {', '.join(METRICS)}, not {metric!r}")
    if by is None:
        return _rank(_table(B, betweenness_k, seed), role, metric, top)
    if by not in ("province", "city", "region"):
        raise ValueError(f"by must be province, city or region, not {by!r}")
    groups = sorted({v for _, v in B.nodes(data=by) if v and B.nodes[_].get("kind") == "measure"})
    frames = []
    for i, value in enumerate(groups, 1):
        if progress:
            progress(f"{by} {i}/{len(groups)}: {value}")
        measures = [m for m, d in B.nodes(data=True)
                    if d.get("kind") == "measure" and d.get(by) == value]
        nodes = set(measures).union(*(B[m] for m in measures))
        t = _rank(_table(B.subgraph(nodes), betweenness_k, seed), role, metric, top)
        t.insert(0, by + "_group", value)
        frames.append(t)
    if not frames:
        return _rank(_table(nx.Graph(), None, seed), role, metric, top)
    return pd.concat(frames)


def _rank(t: pd.DataFrame, role: str, metric: str, top: int | None) -> pd.DataFrame:
    t = t[t[_ROLE_COUNT[role]] > 0]
    t = t.sort_values([metric, "pagerank", "agency"], ascending=[False, False, True],
                      na_position="last", kind="mergesort")
    if top is not None:
        t = t.head(top)
    t.index = pd.RangeIndex(1, len(t) + 1, name="rank")
    return t


def brokers(G: nx.Graph, *, weight: str | None = "weight", top: int | None = None) -> pd.DataFrame:
    """Structural holes (Burt): how much each agency brokers between others.

    Parameters
    ----------
    G
        An agency graph, usually :func:`graphkit.analysis.collaboration_graph`.
    weight
        Edge attribute weighting ties (``None`` for plain ties).
    top
        Keep the first ``top`` rows.

    Returns
    -------
    pandas.DataFrame
        ``agency``, ``region``, ``functional_type``, ``partners``,
        ``effective_size`` (partners not redundant with one another),
        ``efficiency`` (effective size / partners) and ``constraint`` (low for
        brokers); ranked by effective size, then by lowest constraint. Agencies
        without partners are left out.
    """
    H = G.to_undirected() if G.is_directed() else G
    nodes = [n for n in H if H.degree(n) > 0 and H.nodes[n].get("kind", "agency") == "agency"]
    size, constraint = structural_holes(H, nodes=nodes, weight=weight)
    rows = [
        {
            "agency": n,
            "region": H.nodes[n].get("region", ""),
            "functional_type": H.nodes[n].get("functional_type", ""),
            "partners": H.degree(n),
            "effective_size": size[n],
            "efficiency": size[n] / H.degree(n),
            "constraint": constraint[n],
        }
        for n in nodes
    ]
    t = pd.DataFrame(rows, columns=["agency", "region", "functional_type", "partners",
                                    "effective_size", "efficiency", "constraint"])
    # ranked on values rounded to 12 digits, so that float noise does not reorder ties
    key = t.assign(effective_size=t["effective_size"].round(12),
                   constraint=t["constraint"].round(12))
    order = key.sort_values(["effective_size", "constraint", "agency"],
                            ascending=[False, True, True], kind="mergesort").index
    t = t.loc[order]
    if top is not None:
        t = t.head(top)
    t.index = pd.RangeIndex(1, len(t) + 1, name="rank")
    return t

