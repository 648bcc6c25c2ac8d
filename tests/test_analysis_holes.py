"""Effective size and constraint as matrix products equal NetworkX's node-by-node sums."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest

from graphkit.analysis import collaboration_graph
from graphkit.analysis.holes import structural_holes


def weighted(seed: int, n: int = 60, p: float = 0.12, directed: bool = False) -> nx.Graph:
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    rng = random.Random(seed)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.choice([1, 2, 3, 0.5, 1.25])
    G.add_node("alone")
    return G


def same(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(
        (math.isnan(a[k]) and math.isnan(b[k])) or a[k] == pytest.approx(b[k], rel=1e-9, abs=1e-12)
        for k in a)


@pytest.mark.parametrize("weight", [None, "weight"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_equal_to_networkx(seed, weight):
    """Against NetworkX's node-by-node definition (``nodes`` given: its whole-graph
    matrix path differs from that definition on some weighted graphs)."""
    G = weighted(seed)
    size, constraint = structural_holes(G, weight=weight)
    assert same(size, nx.effective_size(G, nodes=list(G), weight=weight))
    assert same(constraint, nx.constraint(G, nodes=list(G), weight=weight))


def test_directed_ties_count_both_ways():
    G = weighted(4, directed=True)
    nodes = [n for n in G if G.degree(n)]
    size, constraint = structural_holes(G, nodes=nodes, weight="weight")
    assert same(size, nx.effective_size(G, nodes=nodes, weight="weight"))
    assert same(constraint, nx.constraint(G, nodes=nodes, weight="weight"))


@pytest.mark.parametrize("weighting", ["plain", "newman"])
def test_equal_on_the_collaboration_graph(contract_bipartite, weighting):
    P = collaboration_graph(contract_bipartite, weighting=weighting)
    nodes = [n for n in P if P.degree(n)]
    size, constraint = structural_holes(P, nodes=nodes, weight="weight")
    assert same(size, nx.effective_size(P, nodes=nodes, weight="weight"))
    assert same(constraint, nx.constraint(P, nodes=nodes, weight="weight"))
