"""Benchmark: ``graphkit brokers`` before and after structural holes as matrix products.

Builds the corpus once (or takes ``--store``), reads its agency–measure graph,
then times, in this process, best of ``--repeat``:

* the table (:func:`graphkit.analysis.brokers`) with NetworkX's node-by-node
  ``effective_size`` and ``constraint`` (the previous path, kept here as
  ``networkx_brokers``) and with :mod:`graphkit.analysis.holes`;
* the whole command as a user sees it (graph read from the store, collaboration
  graph, table), before and after;

checks that both give the same table, and prints the ratios.

    python bench/brokers.py [--repeat 3] [--store DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent


def networkx_brokers(G: nx.Graph, weight: str | None = "weight") -> pd.DataFrame:
    """The brokers table as graphkit computed it before (NetworkX's sums)."""
    from graphkit.analysis import holes

    def old(H, *, nodes=None, weight=None):
        return (nx.effective_size(H, nodes=nodes, weight=weight),
                nx.constraint(H, nodes=nodes, weight=weight))

    from graphkit.analysis import centrality

    saved = centrality.structural_holes
    centrality.structural_holes = old
    try:
        return centrality.brokers(G, weight=weight)
    finally:
        centrality.structural_holes = saved
        assert holes.structural_holes is saved


def best(f, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    from graphkit.analysis import bipartite_graph, brokers, collaboration_graph

    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "graphkit", "build", "--store", str(store),
                            str(ROOT / "data" / "corpus")], check=True, capture_output=True)
        read_s, B = best(lambda: bipartite_graph(store), args.repeat)
        P = collaboration_graph(B)
        old_s, old = best(lambda: networkx_brokers(P), args.repeat)
        new_s, new = best(lambda: brokers(P), args.repeat)
    same = list(old["agency"]) == list(new["agency"]) and all(
        (old[c] - new[c]).abs().max() < 1e-9 for c in ("effective_size", "constraint"))
    print(f"agencies with partners       {len(new)}  ({P.number_of_edges()} ties)")
    print(f"graph read from the store    {read_s:7.2f} s")
    print(f"table, NetworkX (before)     {old_s:7.2f} s")
    print(f"table, matrices (now)        {new_s:7.3f} s   {old_s / new_s:6.1f}x")
    print(f"command, before              {read_s + old_s:7.2f} s")
    print(f"command, now                 {read_s + new_s:7.2f} s   "
          f"{(read_s + old_s) / (read_s + new_s):6.1f}x")
    print(f"same table                   {same}")


if __name__ == "__main__":
    main()
