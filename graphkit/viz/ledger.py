"""The ledger (台账) as one offline HTML page: every measure in a table.

One row per measure of an agency–measure graph: document, number, text, lead,
cooperating and responsible agencies, deadline, targets, region and the
source file and line it was read from, and its topics. The page sorts by any
column, searches in Chinese (Traditional input too, several words), filters by
role and agency, region (with its sub-regions), year, deadline month and
topic, and shows the
rows a page at a time, so a ledger of a hundred thousand measures stays quick.
Each agency links to its node in a network page (``graph_page``).

Examples
--------
>>> import networkx as nx
>>> B = nx.Graph()
>>> B.add_node("m1", kind="measure", number="1", text="简化流程<script>", year=2021,
...            document_title="某方案", region="拉萨市", due_date="2021-06-30")
>>> B.add_node("甲局", kind="agency", name="甲局")
>>> B.add_edge("甲局", "m1", role="lead")
>>> html = ledger_page(B, title="台账")
>>> "简化流程<script>" in html, "简化流程\\\\u003cscript" in html
(False, True)
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.viz.page import _html, _region_path, _region_tree, search_map, topic_catalogue

__all__ = ["LEDGER_FIELDS", "ledger_page", "ledger_payload", "write_ledger"]

#: The fields of each row in the page's data, in order.
LEDGER_FIELDS: tuple[str, ...] = (
    "document", "number", "text", "lead", "cooperate", "responsible", "deadline",
    "due_date", "targets", "region", "year", "source", "line", "topics",
)
_ORDER = {"lead": 0, "cooperate": 1, "responsible": 2}


def _natural(text: str) -> tuple[Any, ...]:
    import re

    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p)
                 for p in re.split(r"(\d+)", text) if p)


def ledger_payload(B: nx.Graph, *, title: str = "台账 ledger",
                   graph_page: str | None = "cooperation.html") -> dict[str, Any]:
    """The data of :func:`ledger_page`: tables of documents, agencies and regions
    and one row per measure (fields :data:`LEDGER_FIELDS`, agencies and
    regions by index), in source order."""
    docs: dict[str, int] = {}
    agencies: dict[str, int] = {}
    regions: dict[tuple[str, ...], int] = {}
    rows = []
    measures = [(m, d) for m, d in B.nodes(data=True) if d.get("kind") == "measure"]
    catalogue = topic_catalogue(Counter(
        t for _, d in measures for t in dict.fromkeys(map(str, d.get("topics") or ()))))
    t_index = {t[0]: i for i, t in enumerate(catalogue)}
    measures.sort(key=lambda x: (str(x[1].get("source") or ""), int(x[1].get("line") or 0),
                                 _natural(str(x[1].get("number") or "")), str(x[0])))
    for m, d in measures:
        by_role: dict[str, list[int]] = {"lead": [], "cooperate": [], "responsible": []}
        for a in sorted(B[m], key=lambda a: str(B.nodes[a].get("name") or a)):
            if B.nodes[a].get("kind") not in ("agency", "group"):
                continue
            role = str(B.edges[a, m].get("role") or "")
            name = str(B.nodes[a].get("name") or a)
            if role in by_role:
                by_role[role].append(agencies.setdefault(name, len(agencies)))
        path = tuple(_region_path(d))
        targets = d.get("targets") or ()
        rows.append([
            docs.setdefault(str(d.get("document_title") or ""), len(docs)),
            str(d.get("number") or ""),
            str(d.get("text") or ""),
            by_role["lead"], by_role["cooperate"], by_role["responsible"],
            str(d.get("deadline") or ""),
            str(d.get("due_date") or ""),
            "；".join(map(str, targets)) if not isinstance(targets, str) else targets,
            regions.setdefault(path, len(regions)),
            d.get("year") or "",
            str(d.get("source") or ""),
            int(d.get("line") or 0),
            sorted({t_index[str(t)] for t in d.get("topics") or () if str(t) in t_index}),
        ])
    region_paths = [list(p) for p in regions]
    texts = [*docs, *agencies, *(r for p in regions for r in p), *(r[2] for r in rows),
             *(t[1] for t in catalogue)]
    return {
        "meta": {
            "title": title,
            "graphPage": graph_page or "",
            "fields": list(LEDGER_FIELDS),
            "regions": _region_tree([region_paths[r[9]] for r in rows]),
            "years": sorted({r[10] for r in rows if r[10]}),
            "months": sorted({r[7][:7] for r in rows if len(r[7]) >= 7}),
            "topics": catalogue,
        },
        "documents": list(docs),
        "agencies": list(agencies),
        "regionPaths": region_paths,
        "rows": rows,
        "t2s": search_map(texts),
    }


def ledger_page(B: nx.Graph, *, title: str = "台账 ledger",
                graph_page: str | None = "cooperation.html") -> str:
    """The HTML of the ledger page of ``B`` (an agency–measure graph).

    Parameters
    ----------
    B
        An agency–measure graph (:func:`graphkit.analysis.bipartite_graph`).
    title
        The page's title.
    graph_page
        The network page each agency links to (``PAGE#select=NAME`` selects
        it there); ``None`` for no links.
    """
    return _html("ledger.html", title, ledger_payload(B, title=title, graph_page=graph_page),
                 "ledger.js", vis=False)


def write_ledger(B: nx.Graph, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write :func:`ledger_page` of ``B`` to ``path`` as UTF-8; return the path."""
    path = Path(path)
    path.write_text(ledger_page(B, **options), encoding="utf-8")
    return path
