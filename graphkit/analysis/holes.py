"""Burt's structural holes, effective size and constraint, as sparse matrix products.

The same measures as :func:`networkx.effective_size` and :func:`networkx.constraint`
(weighted or not, on an undirected graph), from the row-normalised tie matrix
``P`` (``p_ij = w_ij / Σ_k w_ik``) and the max-normalised one ``M``
(``m_ij = w_ij / max_k w_ik``):

* effective size of ``i``: ``Σ_{j∈N(i)} (1 − (P Mᵀ)_ij)``;
* constraint of ``i``: ``Σ_{j∈N(i)} ((P + P²)_ij)²``.

NetworkX evaluates the sums node by node in Python, which takes seconds on a
few hundred agencies; these take milliseconds (see ``bench/brokers.py``).

Examples
--------
>>> import networkx as nx
>>> G = nx.Graph([(0, 1), (0, 2), (0, 3), (1, 2)])
>>> size, c = structural_holes(G)
>>> round(size[0], 4) == round(nx.effective_size(G)[0], 4)
True
>>> round(c[0], 4) == round(nx.constraint(G)[0], 4)
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["structural_holes"]


def structural_holes(
    G: nx.Graph, *, nodes: Iterable[Any] | None = None, weight: str | None = None
) -> tuple[dict[Any, float], dict[Any, float]]:
    """Effective size and constraint of ``nodes`` (all by default) in ``G``.

    Parameters
    ----------
    G
        An undirected graph (a directed one is read as undirected, a tie's
        weight the sum of both directions, as NetworkX reads mutual weights).
    nodes
        The nodes to measure; isolated ones get ``nan``, as in NetworkX.
    weight
        Edge attribute holding tie weights; ``None`` for plain ties.

    Returns
    -------
    tuple of dict
        ``({node: effective size}, {node: constraint})``.
    """
    from scipy import sparse

    order = list(G)
    index = {n: i for i, n in enumerate(order)}
    wanted = order if nodes is None else list(nodes)
    if not order:
        return {}, {}
    A = nx.to_scipy_sparse_array(G, nodelist=order, weight=weight, format="csr",
                                 dtype=float)
    if G.is_directed():
        A = A + A.T
    A = sparse.csr_array(A - sparse.diags_array(A.diagonal()))  # no self-ties
    A.eliminate_zeros()
    sums = np.asarray(A.sum(axis=1)).ravel()
    tops = np.asarray(A.max(axis=1).toarray()).ravel() if A.nnz else np.zeros(len(order))
    with np.errstate(divide="ignore"):
        P = sparse.diags_array(np.where(sums > 0, 1.0 / sums, 0.0)) @ A
        M = sparse.diags_array(np.where(tops > 0, 1.0 / tops, 0.0)) @ A
    pattern = A.copy()
    pattern.data[:] = 1.0
    redundancy = (P @ M.T).multiply(pattern)
    degree = np.asarray(pattern.sum(axis=1)).ravel()
    size = degree - np.asarray(redundancy.sum(axis=1)).ravel()
    local = (P + P @ P).multiply(pattern)
    constraint = np.asarray(local.multiply(local).sum(axis=1)).ravel()
    out_size, out_constraint = {}, {}
    for n in wanted:
        i = index[n]
        isolated = degree[i] == 0
        out_size[n] = float("nan") if isolated else float(size[i])
        out_constraint[n] = float("nan") if isolated else float(constraint[i])
    return out_size, out_constraint
