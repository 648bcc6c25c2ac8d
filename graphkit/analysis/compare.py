"""Regions side by side: which functional types lead, how concentrated leading
is, and the same kind of quantified target across regions.

Examples
--------
>>> gini([1, 1, 1, 1])
0.0
>>> round(gini([0, 0, 0, 4]), 3)
0.75
>>> target_topic("工程建设项目全流程审批时间不超过80个工作日。", "不超过80个工作日")
'工程建设项目审批'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
import pandas as pd

from graphkit.analysis import sparql as q
from graphkit.analysis.graphs import _ancestor, _regions, _resolve_filters

__all__ = [
    "LEVELS",
    "TOPICS",
    "compare_targets",
    "concentration",
    "gini",
    "leading_types",
    "target_table",
    "target_topic",
]

#: Levels regions are compared at: a measure counts for the province or city
#: its document belongs to, or for the document's own region.
LEVELS: tuple[str, ...] = ("province", "city", "region")

#: Kinds of target and the words that announce them in a measure's text, most
#: specific first (World Bank Doing Business / 中国营商环境评价 indicators).
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工程建设项目审批", ("工程建设项目", "施工许可", "建设项目审批", "项目审批")),
    ("企业开办", ("企业开办", "开办企业", "新办企业", "设立登记")),
    ("企业注销", ("企业注销", "注销登记", "简易注销")),
    ("不动产登记", ("不动产登记", "不动产")),
    ("获得电力", ("获得电力", "用电报装", "电力接入", "接电", "供电")),
    ("获得用水用气", ("用水报装", "用气报装", "供水", "供气", "用水", "用气")),
    ("纳税", ("纳税", "办税", "退税", "税务")),
    ("跨境贸易", ("通关", "跨境", "口岸")),
    ("政务服务", ("政务服务", "一网通办", "网上办", "网办", "即办")),
    ("获得信贷", ("贷款", "信贷", "融资")),
)
_CLAUSE_END = re.compile(r"[。；;！!？?\n]")
_PART_END = re.compile(r"[，,、：:]")


def gini(values: Iterable[float]) -> float:
    """Gini coefficient of non-negative values (0 = equal, towards 1 = one holds all)."""
    xs = sorted(float(v) for v in values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(i * x for i, x in enumerate(xs, 1))
    return 2 * weighted / (n * total) - (n + 1) / n


def _measures(B: nx.Graph, level: str) -> dict[Any, str]:
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return {
        m: d.get(level) or ""
        for m, d in B.nodes(data=True)
        if d.get("kind") == "measure" and d.get(level)
    }


def _holders(B: nx.Graph, m: Any, role: str) -> list[Any]:
    return [a for a in B[m] if B.nodes[a].get("kind") == "agency"
            and (role == "any" or B.edges[a, m]["role"] == role)]


def leading_types(
    B: nx.Graph, *, level: str = "province", role: str = "lead", top: int | None = None
) -> pd.DataFrame:
    """Which functional types lead (or hold ``role``) most in each region.

    Returns
    -------
    pandas.DataFrame
        ``region``, ``rank`` (within the region), ``functional_type``,
        ``measures`` (measures with an agency of that type in ``role``),
        ``share`` (of the region's measures with anyone in ``role``),
        ``agencies`` (distinct agencies of the type in ``role``).
    """
    by_region: dict[str, set[Any]] = defaultdict(set)
    cells: dict[tuple[str, str], set[Any]] = defaultdict(set)
    who: dict[tuple[str, str], set[Any]] = defaultdict(set)
    for m, region in _measures(B, level).items():
        for a in _holders(B, m, role):
            ftype = B.nodes[a].get("functional_type") or "(unknown)"
            by_region[region].add(m)
            cells[(region, ftype)].add(m)
            who[(region, ftype)].add(a)
    rows = [
        {"region": r, "functional_type": t, "measures": len(ms),
         "share": len(ms) / len(by_region[r]), "agencies": len(who[(r, t)])}
        for (r, t), ms in cells.items()
    ]
    t = pd.DataFrame(rows, columns=["region", "functional_type", "measures", "share", "agencies"])
    t = t.sort_values(["region", "measures", "functional_type"], ascending=[True, False, True])
    t.insert(1, "rank", t.groupby("region").cumcount() + 1)
    if top is not None:
        t = t[t["rank"] <= top]
    return t.reset_index(drop=True)


def concentration(
    B: nx.Graph, *, level: str = "province", role: str = "lead", top: int = 3
) -> pd.DataFrame:
    """How concentrated leading (or ``role``) is among a region's agencies.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``region``: ``measures`` (with anyone in ``role``),
        ``agencies`` (in ``role`` at least once), ``assignments``,
        ``top_share`` (share of the assignments held by the ``top`` agencies),
        ``gini`` (of assignments per agency), ``hhi`` (Herfindahl index of
        the shares), ``leading_agency`` and ``leading_measures``.
    """
    counts: dict[str, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    measures: dict[str, set[Any]] = defaultdict(set)
    for m, region in _measures(B, level).items():
        for a in _holders(B, m, role):
            counts[region][a] += 1
            measures[region].add(m)
    rows = []
    for region in sorted(counts):
        c = counts[region]
        total = sum(c.values())
        ranked = sorted(c.items(), key=lambda x: (-x[1], str(x[0])))
        rows.append({
            "region": region,
            "measures": len(measures[region]),
            "agencies": len(c),
            "assignments": total,
            "top_share": sum(v for _, v in ranked[:top]) / total,
            "gini": gini(c.values()),
            "hhi": sum((v / total) ** 2 for v in c.values()),
            "leading_agency": ranked[0][0],
            "leading_measures": ranked[0][1],
        })
    columns = ["region", "measures", "agencies", "assignments", "top_share", "gini", "hhi",
               "leading_agency", "leading_measures"]
    return pd.DataFrame(rows, columns=columns).set_index("region")


def target_topic(text: str, phrase: str = "", topics: Sequence[tuple[str, Sequence[str]]] = TOPICS
                 ) -> str:
    """The kind of a target, from the words before its phrase in the measure's text.

    Looks in the part of the clause before ``phrase``, then its sentence, then
    the text before it, then the whole text; in each, the first of ``topics``
    with a word there wins. ``其他`` when none is found.

    Examples
    --------
    >>> target_topic("企业开办全程网办，时间压缩至1个工作日以内。", "压缩至1个工作日以内")
    '企业开办'
    >>> target_topic("企业开办压缩至1个工作日，不动产登记压缩至3个工作日。", "压缩至3个工作日")
    '不动产登记'
    """
    at = text.find(phrase) if phrase else -1
    before = text[:at] if at >= 0 else text
    sentence = _CLAUSE_END.split(before)[-1]
    clause = _PART_END.split(sentence)[-1]
    for scope in (clause, sentence, before, text):
        for topic, words in topics:
            if any(w in scope for w in words):
                return topic
    return "其他"


def target_table(
    store: Any,
    *,
    level: str = "province",
    region: str | None = None,
    document: str | Iterable[str] | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Every quantified target with its kind and the region it belongs to.

    Returns
    -------
    pandas.DataFrame
        ``region`` (at ``level``), ``topic`` (see :func:`target_topic`),
        ``value``, ``unit``, ``comparator``, ``phrase``, ``document`` (title),
        ``year``, ``measure`` (IRI), ``text``.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    store = q.connect(store)
    filt = _resolve_filters(store, region, document, year)
    regions = _regions(store)
    docs = {r["d"]: r for r in q.select(store, q.DOCUMENTS % {"filter": filt})}
    rows = []
    for r in q.select(store, q.TARGETS % {"filter": filt}):
        d = docs.get(r["d"], {})
        where = d.get("region")
        name = (regions.get(where or "", {}).get("name", "") if level == "region"
                else _ancestor(regions, where, level))
        issued = d.get("issued") or ""
        rows.append({
            "region": name,
            "topic": target_topic(r["text"] or "", r["phrase"] or ""),
            "value": r["value"],
            "unit": r["unit"] or "",
            "comparator": r["comparator"] or "",
            "phrase": r["phrase"] or "",
            "document": d.get("title") or "",
            "year": int(issued[:4]) if issued[:4].isdigit() else None,
            "measure": r["m"],
            "text": r["text"] or "",
        })
    columns = ["region", "topic", "value", "unit", "comparator", "phrase", "document", "year",
               "measure", "text"]
    t = pd.DataFrame(rows, columns=columns)
    return t.sort_values(["topic", "unit", "region", "value", "measure"]).reset_index(drop=True)


def compare_targets(targets: pd.DataFrame, *, topics: Iterable[str] | None = None) -> pd.DataFrame:
    """Targets of the same kind side by side: one row per (topic, unit,
    comparator), one column per region, holding the most ambitious value (the
    lowest for "at most", the highest for "at least")."""
    t = targets[targets["region"] != ""]
    if topics is not None:
        t = t[t["topic"].isin(list(topics))]
    if t.empty:
        return pd.DataFrame()
    best = t.groupby(["topic", "unit", "comparator", "region"])["value"].agg(["min", "max"])
    best["best"] = best["max"].where(
        best.index.get_level_values("comparator") == "ge", best["min"])
    wide = best["best"].unstack("region")
    wide.columns.name = "region"
    return wide
