"""Communities of agencies that work together (Louvain, seeded).

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_nodes_from(["甲", "乙", "丙"], led=2)
>>> G.add_nodes_from(["丁", "戊", "己"], led=0)
>>> G.add_edges_from([("甲", "乙"), ("乙", "丙"), ("甲", "丙"), ("丁", "戊"), ("戊", "己"),
...                   ("丁", "己"), ("丙", "丁")], weight=1)
>>> sorted(map(sorted, set(map(frozenset, groups(G).values()))))
[['丁', '己', '戊'], ['丙', '乙', '甲']]
>>> communities(G)[["size", "leading_agency"]].to_dict("list")
{'size': [3, 3], 'leading_agency': ['丁', '丙']}
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import networkx as nx
import pandas as pd

__all__ = ["communities", "groups", "partition"]


def partition(
    G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight"
) -> dict[Any, int]:
    """Community number (1 = the largest) of each agency that has a partner.

    Louvain modularity communities (``networkx.community.louvain_communities``)
    of ``G`` seeded with ``seed``, so the same graph gives the same partition.
    Agencies with no tie are left out: they work with no one.
    """
    H = G.to_undirected() if G.is_directed() else G
    H = H.subgraph([n for n in H if H.degree(n) > 0])
    if not H.number_of_nodes():
        return {}
    found = nx.community.louvain_communities(H, weight=weight, resolution=resolution, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {n: i for i, c in enumerate(ordered, 1) for n in c}


def groups(
    G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, weight: str | None = "weight"
) -> dict[Any, frozenset[Any]]:
    """The community of each agency as the set of its members (see :func:`partition`)."""
    part = partition(G, seed=seed, resolution=resolution, weight=weight)
    members: dict[int, set[Any]] = {}
    for n, c in part.items():
        members.setdefault(c, set()).add(n)
    return {n: frozenset(members[c]) for n, c in part.items()}


def _top(values: list[str], k: int = 3) -> str:
    counts = Counter(v for v in values if v)
    ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    return ", ".join(f"{v} ({n})" for v, n in ranked[:k])


def communities(
    G: nx.Graph,
    *,
    seed: int = 0,
    resolution: float = 1.0,
    weight: str | None = "weight",
    members: int | None = 10,
) -> pd.DataFrame:
    """One row per community of ``G`` with the agency that leads it.

    Parameters
    ----------
    G
        An agency graph whose nodes carry ``led`` (measures led), usually
        :func:`graphkit.analysis.collaboration_graph`.
    seed, resolution, weight
        Passed to Louvain (:func:`partition`).
    members
        How many members to list (most measures led first); ``None`` for all.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``community`` (1 = largest): ``size``, ``leading_agency``
        (most measures led, then most tie weight inside the community),
        ``leading_led``, ``led`` (measures led by all members), ``ties``
        (tie weight inside), ``regions`` and ``functional_types`` (the most
        frequent, with counts), ``members``.
    """
    H = G.to_undirected() if G.is_directed() else G
    part = partition(H, seed=seed, resolution=resolution, weight=weight)
    rows = []
    for c in sorted(set(part.values())):
        nodes = sorted((n for n, k in part.items() if k == c), key=str)
        S = H.subgraph(nodes)
        inner = dict(S.degree(weight=weight))
        ranked = sorted(nodes, key=lambda n: (-(H.nodes[n].get("led") or 0), -inner[n], str(n)))
        lead = ranked[0]
        rows.append({
            "community": c,
            "size": len(nodes),
            "leading_agency": lead,
            "leading_led": H.nodes[lead].get("led") or 0,
            "led": sum(H.nodes[n].get("led") or 0 for n in nodes),
            "ties": S.size(weight=weight),
            "regions": _top([H.nodes[n].get("region", "") for n in nodes]),
            "functional_types": _top([H.nodes[n].get("functional_type", "") for n in nodes]),
            "members": ", ".join(map(str, ranked[:members] if members else ranked)),
        })
    columns = ["community", "size", "leading_agency", "leading_led", "led", "ties", "regions",
               "functional_types", "members"]
    return pd.DataFrame(rows, columns=columns).set_index("community")
