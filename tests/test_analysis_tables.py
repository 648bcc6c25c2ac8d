from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from graphkit.analysis import (
    METRICS,
    brokers,
    collaboration_graph,
    communities,
    compare_targets,
    concentration,
    gini,
    lead_centrality,
    leading_types,
    partition,
    target_table,
)
from graphkit.analysis.compare import target_topic


def test_lead_centrality_ranks_by_measures_led(contract_bipartite):
    t = lead_centrality(contract_bipartite)
    assert list(t.index) == list(range(1, len(t) + 1))
    assert (t["led"] > 0).all()
    assert t["led"].is_monotonic_decreasing
    # 4 agencies lead 2 measures: 拉萨/西藏 市场监管 and 西藏 发改; then the ones leading 1
    assert set(t.loc[1:3, "agency"]) == {"拉萨市市场监督管理局", "西藏自治区市场监督管理局",
                                        "西藏自治区发展和改革委员会"}
    assert len(t) == 9
    assert list(t.columns[-len(METRICS):]) == list(METRICS)


def test_lead_centrality_figures(contract_bipartite):
    t = lead_centrality(contract_bipartite, role="any").set_index("agency")
    sj = t.loc["拉萨市市场监督管理局"]
    # measures d1/m1,m2,m3,m5; partners 税务, 发改, 住建, 登记注册科, 司法局
    assert (sj["measures"], sj["partners"]) == (4, 5)
    assert sj["out_weight"] == 4 and sj["in_weight"] == 2  # brings in 4, brought in by 2
    assert sj["weighted_degree"] == 8
    # the only agency bridging the 司法局 / 登记注册科 side to the rest of 拉萨
    assert sj["betweenness"] == t["betweenness"].max() > 0
    # no one leads anyone in 甘肃 but its 市场监管局: all hub there, no authority
    assert t.loc["甘肃省市场监督管理局", "authority"] == 0
    assert t.loc["甘肃省发展和改革委员会", "hub"] == 0
    for column in ("pagerank", "eigenvector", "hub", "authority"):
        assert t[column].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("role", "column", "rows"),
    [("lead", "led", 9), ("cooperate", "cooperated", 12), ("responsible", "responsible", 4),
     ("any", "measures", 15)],
)
def test_lead_centrality_role(contract_bipartite, role, column, rows):
    t = lead_centrality(contract_bipartite, role=role)
    assert len(t) == rows and (t[column] > 0).all() and t[column].is_monotonic_decreasing


@pytest.mark.parametrize("metric", ["pagerank", "betweenness", "hub", "partners"])
def test_lead_centrality_metric_and_top(contract_bipartite, metric):
    t = lead_centrality(contract_bipartite, metric=metric, top=4)
    assert len(t) == 4 and t[metric].is_monotonic_decreasing


def test_lead_centrality_by_province(contract_bipartite):
    t = lead_centrality(contract_bipartite, by="province", top=1)
    top = dict(zip(t["province_group"], t["agency"], strict=True))
    assert top == {"西藏自治区": "拉萨市市场监督管理局", "陕西省": "陕西省住房和城乡建设厅",
                   "甘肃省": "甘肃省市场监督管理局"}
    # figures are computed within the province: 拉萨市市场监督管理局 has 5 partners there too
    both = lead_centrality(contract_bipartite, by="province")
    row = both[both["agency"] == "陕西省发展和改革委员会"].iloc[0]
    assert (row["led"], row["cooperated"], row["partners"]) == (1, 2, 2)


def test_lead_centrality_rejects_unknown_metric(contract_bipartite):
    with pytest.raises(ValueError, match="metric"):
        lead_centrality(contract_bipartite, metric="fame")


def test_brokers(contract_bipartite):
    t = brokers(collaboration_graph(contract_bipartite))
    assert t.iloc[0]["agency"] == "拉萨市市场监督管理局"
    assert t["effective_size"].is_monotonic_decreasing
    assert (t["efficiency"] <= 1 + 1e-9).all()
    # a pair tied only to each other is fully constrained
    assert t.set_index("agency").loc["甘肃省市场监督管理局", "constraint"] == pytest.approx(1.0)


def test_communities_are_seeded_and_led(contract_bipartite):
    P = collaboration_graph(contract_bipartite)
    assert partition(P, seed=3) == partition(P, seed=3)
    t = communities(P)
    # regions never share a measure, so no community spans two provinces
    for members in t["members"]:
        provinces = {P.nodes[a]["province"] for a in members.split(", ")}
        assert len(provinces) == 1
    assert t["size"].sum() == sum(1 for n in P if P.degree(n))
    gansu = t[t["members"].str.contains("甘肃省市场监督管理局")].iloc[0]
    assert gansu["leading_agency"] == "甘肃省市场监督管理局" and gansu["size"] == 2


@pytest.mark.parametrize(
    ("values", "expected"),
    [([5], 0.0), ([2, 2, 2], 0.0), ([0, 0, 1], 2 / 3), ([1, 3], 0.25), ([], 0.0)],
)
def test_gini(values, expected):
    assert gini(values) == pytest.approx(expected)


def test_concentration(contract_bipartite):
    t = concentration(contract_bipartite, top=1)
    # 西藏自治区 (with 拉萨市): 7 measures with a lead, 8 lead assignments by 5 agencies
    xz = t.loc["西藏自治区"]
    assert (xz["measures"], xz["agencies"], xz["assignments"]) == (7, 5, 8)
    assert xz["top_share"] == pytest.approx(2 / 8)
    assert xz["gini"] == pytest.approx(gini([2, 2, 2, 1, 1]))
    assert xz["hhi"] == pytest.approx(3 * (2 / 8) ** 2 + 2 * (1 / 8) ** 2)
    assert t.loc["甘肃省", "top_share"] == 1.0


def test_leading_types(contract_bipartite):
    t = leading_types(contract_bipartite)
    xz = t[t["region"] == "西藏自治区"].set_index("functional_type")
    assert xz.loc["市场监督管理", "rank"] == 1 and xz.loc["市场监督管理", "measures"] == 4
    assert xz.loc["市场监督管理", "share"] == pytest.approx(4 / 7)
    by_city = leading_types(contract_bipartite, level="city", top=1)
    assert list(by_city["region"]) == ["拉萨市"]


@pytest.mark.parametrize(
    ("text", "phrase", "topic"),
    [
        ("企业开办时间压缩至1个工作日以内。", "压缩至1个工作日以内", "企业开办"),
        ("工程建设项目全流程审批时间不超过80个工作日。", "不超过80个工作日", "工程建设项目审批"),
        ("不动产登记办理时间压缩至3个工作日。", "压缩至3个工作日", "不动产登记"),
        ("低压小微企业用电报装时间压缩至10个工作日。", "压缩至10个工作日", "获得电力"),
        ("开展专项整治。", "", "其他"),
    ],
)
def test_target_topic(text, phrase, topic):
    assert target_topic(text, phrase) == topic


def test_targets_side_by_side(contract_store):
    long = target_table(contract_store)
    assert len(long) == 5 and set(long["region"]) == {"西藏自治区", "陕西省", "甘肃省"}
    wide = compare_targets(long)
    assert wide.loc[("企业开办", "个工作日", "le")].to_dict() == {
        "甘肃省": 1.0, "西藏自治区": 1.0, "陕西省": 2.0}
    build = wide.loc[("工程建设项目审批", "个工作日", "le")]
    assert build["陕西省"] == 90 and build["西藏自治区"] == 80 and math.isnan(build["甘肃省"])
    cities = target_table(contract_store, level="city")
    assert set(cities["region"]) == {"拉萨市", ""}  # provincial plans have no city


def test_compare_targets_of_nothing():
    empty = pd.DataFrame(columns=["region", "topic", "value", "unit", "comparator"])
    assert compare_targets(empty).empty


def test_tables_on_an_empty_graph():
    G = nx.Graph()
    assert lead_centrality(G).empty and brokers(G).empty and communities(G).empty
    assert concentration(G).empty and leading_types(G).empty
