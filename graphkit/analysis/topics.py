"""Who leads each topic: the lead functional type and agency per topic per region.

Pure functions of an agency–measure graph (:func:`graphkit.analysis.bipartite_graph`),
whose measure nodes carry their ``topics``. Built with ``follow_reforms=True``,
a body replaced in a reform counts under its successor, so a lead that only
changed its name (工商局 → 市场监督管理局) does not look like a move.

Examples
--------
>>> import networkx as nx
>>> B = nx.Graph()
>>> B.add_node("甲市供电公司", kind="agency", functional_type="供电")
>>> B.add_node("甲市发改委", kind="agency", functional_type="发展和改革")
>>> for m, year in (("m1", 2017), ("m2", 2021), ("m3", 2021)):
...     B.add_node(m, kind="measure", city="甲市", year=year, topics=("electricity",))
>>> B.add_edges_from([("甲市发改委", "m1", {"role": "lead"}), ("甲市供电公司", "m2", {"role": "lead"}),
...                   ("甲市供电公司", "m3", {"role": "lead"})])
>>> t = topic_leads(B, level="city")
>>> t.loc[0, ["region", "topic", "lead_agency", "lead_agency_measures", "measures"]].astype(str).tolist()
['甲市', 'electricity', '甲市供电公司', '2', '3']
>>> moved = topic_leads(B, level="city", split_year=2019)
>>> moved[["period", "lead_agency"]].values.tolist()
[['<2019', '甲市发改委'], ['≥2019', '甲市供电公司']]
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx
import pandas as pd

__all__ = ["COLUMNS", "lead_moves", "topic_leads"]

LEVELS = ("province", "city", "region")
#: Columns of :func:`topic_leads` (``period`` only with ``split_year``).
COLUMNS = ["region", "period", "topic", "topic_zh", "measures", "lead_type", "lead_type_measures",
           "lead_type_share", "lead_agency", "lead_agency_measures", "lead_agency_share"]


def _topic_labels() -> dict[str, str]:
    try:
        from graphkit.extraction.topics import topics
    except ImportError:  # pragma: no cover - the extraction ships with graphkit
        return {}
    return {t.id: t.zh for t in topics().values()}


def _best(c: Counter[str]) -> tuple[str, int]:
    if not c:
        return "", 0
    return min(c.items(), key=lambda x: (-x[1], x[0]))


def topic_leads(
    B: nx.Graph,
    *,
    level: str = "province",
    role: str = "lead",
    topics: Any = None,
    split_year: int | None = None,
) -> pd.DataFrame:
    """The lead functional type and agency of each topic in each region.

    Parameters
    ----------
    B
        An agency–measure graph whose measures have ``topics``.
    level
        Compare ``province``, ``city`` or the documents' own ``region``.
    role
        The role that counts (``lead`` by default; ``any`` for every role).
    topics
        Keep only these topic ids.
    split_year
        Compare the measures of documents issued before this year with those
        issued in it or after (``period`` column ``<Y`` / ``≥Y``); measures of
        undated documents are left out.

    Returns
    -------
    pandas.DataFrame
        One row per region, (period,) topic: ``measures`` (of the topic with an
        agency in ``role``), ``lead_type`` and ``lead_agency`` (the functional
        type and the agency holding ``role`` on most of them; ties go to the
        first name), their measure counts and shares.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    keep = set(topics) if topics is not None else None
    labels = _topic_labels()
    measures: dict[tuple[str, str, str], set[Any]] = defaultdict(set)
    types: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    agencies: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for m, d in B.nodes(data=True):
        if d.get("kind") != "measure" or not d.get(level) or not d.get("topics"):
            continue
        period = ""
        if split_year is not None:
            year = d.get("year")
            if not isinstance(year, int):
                continue
            period = f"<{split_year}" if year < split_year else f"≥{split_year}"
        holders = [a for a in B[m] if B.nodes[a].get("kind") == "agency"
                   and (role == "any" or B.edges[a, m].get("role") == role)]
        if not holders:
            continue
        for topic in d["topics"]:
            if keep is not None and topic not in keep:
                continue
            key = (d[level], period, topic)
            measures[key].add(m)
            for ftype in {B.nodes[a].get("functional_type") or "(unknown)" for a in holders}:
                types[key][ftype] += 1
            for a in holders:
                agencies[key][str(B.nodes[a].get("name") or a)] += 1
    rows = []
    for key in sorted(measures):
        region, period, topic = key
        n = len(measures[key])
        ftype, fn = _best(types[key])
        agency, an = _best(agencies[key])
        rows.append({
            "region": region, "period": period, "topic": topic,
            "topic_zh": labels.get(topic, topic), "measures": n,
            "lead_type": ftype, "lead_type_measures": fn, "lead_type_share": fn / n,
            "lead_agency": agency, "lead_agency_measures": an, "lead_agency_share": an / n,
        })
    columns = COLUMNS if split_year is not None else [c for c in COLUMNS if c != "period"]
    return pd.DataFrame(rows, columns=COLUMNS)[columns]


def lead_moves(table: pd.DataFrame) -> pd.DataFrame:
    """Region and topic pairs whose lead changed between the periods of
    :func:`topic_leads` (``split_year`` given).

    Returns
    -------
    pandas.DataFrame
        ``region``, ``topic``, ``topic_zh``, ``before``, ``after`` (lead agencies),
        ``before_type``, ``after_type`` and ``moved`` (the lead agency differs),
        ``type_moved`` (the lead functional type differs); only pairs seen in
        both periods.

    >>> t = pd.DataFrame({"region": ["甲", "甲"], "period": ["<2019", "≥2019"],
    ...                   "topic": ["x", "x"], "topic_zh": ["X", "X"],
    ...                   "lead_agency": ["A", "B"], "lead_type": ["t", "t"]})
    >>> lead_moves(t)[["before", "after", "moved", "type_moved"]].values.tolist()
    [['A', 'B', True, False]]
    """
    if "period" not in table.columns:
        raise ValueError("lead_moves needs a table made with split_year")
    periods = sorted(set(table["period"]), key=lambda p: (not p.startswith("<"), p))
    if len(periods) < 2:
        return pd.DataFrame(columns=["region", "topic", "topic_zh", "before", "after",
                                     "before_type", "after_type", "moved", "type_moved"])
    first, second = periods[0], periods[-1]
    a = table[table["period"] == first].set_index(["region", "topic"])
    b = table[table["period"] == second].set_index(["region", "topic"])
    both = a.join(b, lsuffix="_before", rsuffix="_after", how="inner")
    out = pd.DataFrame({
        "topic_zh": both["topic_zh_before"],
        "before": both["lead_agency_before"], "after": both["lead_agency_after"],
        "before_type": both["lead_type_before"], "after_type": both["lead_type_after"],
    })
    out["moved"] = out["before"] != out["after"]
    out["type_moved"] = out["before_type"] != out["after_type"]
    return out.reset_index()
