"""Agency networks read from the cooperation ties the build materialises.

Each document graph holds a ``gk:CooperationTie`` for every pair of agencies
that share measures of it (:meth:`graphkit.store.writer._GraphWriter.ties`).
:func:`tie_graph` reads them, so that the agency–agency network of a store
(or of some of its documents) needs no pairing of assignments:

* undirected, ``weight`` the measures both agencies have a role on: the plain
  :func:`~graphkit.analysis.graphs.collaboration_graph` of the store;
* directed (``directed=True``), lead -> partner, ``weight`` the measures the
  lead leads and the partner has a role on: the weights of
  :func:`~graphkit.analysis.graphs.cooperation_graph` with its default
  partner roles.

Examples
--------
>>> from graphkit.records import Assignment, Document, Measure
>>> from graphkit.store import graph_of
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
...             text="简化企业开办流程。",
...             assignments=(Assignment("lead", "市场监管局", "甲市市场监督管理局"),
...                          Assignment("cooperate", "税务局", "甲市税务局")))
>>> ds = graph_of([doc, m])
>>> [(u, v, w)] = tie_graph(ds).edges(data="weight")
>>> sorted((u, v)), w
(['甲市市场监督管理局', '甲市税务局'], 1)
>>> sorted(tie_graph(ds, directed=True).edges(data="weight"))
[('甲市市场监督管理局', '甲市税务局', 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit.analysis import sparql as q

__all__ = ["TIES", "TIE_LABELS", "tie_graph"]

#: Each measure of each cooperation tie and which end leads it; ``{filter}`` narrows ``?d``.
TIES = """\
SELECT DISTINCT ?a ?b ?m ?firstLeads ?secondLeads WHERE {
  ?tie gk:firstAgency ?a ; gk:secondAgency ?b ; gk:sharedMeasure ?m .
  ?m eli:is_part_of ?d .
  %(filter)s
  BIND(EXISTS { ?tie gk:firstLeads ?m } AS ?firstLeads)
  BIND(EXISTS { ?tie gk:secondLeads ?m } AS ?secondLeads)
}"""

#: The labels of the agencies of ties.
TIE_LABELS = """\
SELECT DISTINCT ?a ?label (LANG(?label) AS ?lang) WHERE {
  ?tie gk:firstAgency|gk:secondAgency ?a .
  ?a skos:prefLabel ?label .
}"""

_LANGS = ("zh", "zh-cn", "zh-hans", "", "en")


def _names(rows: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """Agency IRI -> (node key, label): the label Chinese first, the key with the IRI
    added when two agencies share a label."""
    best: dict[str, tuple[int, str]] = {}
    for r in rows:
        lang = (r["lang"] or "").lower()
        rank = (_LANGS.index(lang) if lang in _LANGS else len(_LANGS), r["label"])
        if r["a"] not in best or rank < best[r["a"]]:
            best[r["a"]] = rank
    keys: dict[str, tuple[str, str]] = {}
    taken: set[str] = set()
    for iri in sorted(best):
        label = key = best[iri][1]
        if key in taken:
            key = f"{key} <{iri}>"
        taken.add(key)
        keys[iri] = (key, label)
    return keys


def tie_graph(
    store: Any,
    *,
    directed: bool = False,
    region: str | None = None,
    document: str | Iterable[str] | None = None,
    year: int | None = None,
) -> nx.Graph:
    """The agency network of the materialised cooperation ties.

    Parameters
    ----------
    store
        A store directory, a ``pyoxigraph.Store``, an rdflib dataset or an
        endpoint (see :func:`graphkit.analysis.sparql.select`).
    directed
        ``False``: an edge for each pair sharing measures; ``True``: an edge
        lead -> partner for each pair where one leads measures both share.
    region, document, year
        Keep the ties of these documents, as
        :func:`~graphkit.analysis.graphs.bipartite_graph` does.

    Returns
    -------
    networkx.Graph or networkx.DiGraph
        Agency nodes keyed by label (``name``, ``iri``); edges with ``weight``
        (measures) and ``measures`` (their IRIs, sorted).
    """
    from graphkit.analysis.graphs import _resolve_filters

    store = q.connect(store)
    filt = _resolve_filters(store, region, document, year)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in q.select(store, TIES % {"filter": filt}):
        if not directed:
            shared[(r["a"], r["b"])].add(r["m"])
            continue
        if r["firstLeads"]:
            shared[(r["a"], r["b"])].add(r["m"])
        if r["secondLeads"]:
            shared[(r["b"], r["a"])].add(r["m"])
    keys = _names(q.select(store, TIE_LABELS))
    G: nx.Graph = nx.DiGraph(name="cooperation ties") if directed else nx.Graph(name="ties")
    G.graph["filters"] = {"region": region, "document": document, "year": year}
    for (u, v), measures in sorted(shared.items()):
        for iri in (u, v):
            key, label = keys.get(iri, (iri, iri))
            if key not in G:
                G.add_node(key, kind="agency", name=label, iri=iri)
        G.add_edge(keys.get(u, (u,))[0], keys.get(v, (v,))[0], weight=len(measures),
                   measures=tuple(sorted(measures)))
    return G
