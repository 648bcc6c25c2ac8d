from __future__ import annotations

import networkx as nx
import pytest
from contract_graph import BASE, D1, D2, D3, D4, GROUP

from graphkit.analysis import (
    agency_graph,
    bipartite_graph,
    citation_graph,
    collaboration_graph,
    cooperation_graph,
    find_agency,
    region_graph,
)
from graphkit.analysis.sparql import select, sparql_string
from graphkit.errors import QueryError, StoreError
from graphkit.namespace import IRIs

IRI = IRIs(BASE)


def expected_edges(records, docs=None, roles=("lead", "cooperate", "responsible")):
    """(agency, measure IRI, role) straight from the records, not through RDF."""
    return {
        (a.agency, str(IRI.measure(m.id)), a.role)
        for m in records.measures
        if docs is None or m.doc_id in docs
        for a in m.assignments
        if not a.collective and a.role in roles
    }


def edges_of(B):
    return {(a, m, r) for a, m, r in B.edges(data="role")
            if B.nodes[a]["kind"] == "agency"} | {
        (m, a, r) for a, m, r in B.edges(data="role") if B.nodes[m]["kind"] == "agency"}


def test_bipartite_graph_holds_every_assignment(contract_bipartite, contract_records):
    assert edges_of(contract_bipartite) == expected_edges(contract_records)
    kinds = nx.get_node_attributes(contract_bipartite, "kind")
    assert sum(k == "measure" for k in kinds.values()) == len(contract_records.measures)
    assert GROUP not in contract_bipartite  # collectives are not agencies


def test_rdflib_dataset_gives_the_same_graph(contract_bipartite, contract_dataset):
    assert nx.utils.graphs_equal(bipartite_graph(contract_dataset), contract_bipartite)


@pytest.mark.parametrize(
    ("agency", "led", "cooperated", "responsible"),
    [
        ("拉萨市市场监督管理局", 2, 2, 0),
        ("拉萨市司法局", 0, 1, 1),
        ("西藏自治区发展和改革委员会", 2, 1, 0),
        ("陕西省住房和城乡建设厅", 1, 0, 1),
        ("城关区人民政府", 0, 0, 1),
    ],
)
def test_role_counts(contract_bipartite, agency, led, cooperated, responsible):
    data = contract_bipartite.nodes[agency]
    assert (data["led"], data["cooperated"], data["responsible"]) == (led, cooperated, responsible)
    assert data["measures"] == led + cooperated + responsible


def test_agency_and_measure_attributes(contract_bipartite):
    unit = contract_bipartite.nodes["拉萨市市场监督管理局登记注册科"]
    assert unit["agency_kind"] == "unit" and unit["parent"] == "拉萨市市场监督管理局"
    sj = contract_bipartite.nodes["拉萨市市场监督管理局"]
    assert (sj["region"], sj["province"], sj["functional_type"], sj["level"]) == (
        "拉萨市", "西藏自治区", "市场监督管理", "city")
    assert sj["alt_labels"] == ("市市场监管局",)
    assert sj["examples"][0] == "企业开办时间压缩至1个工作日以内。"  # led measures first
    m = contract_bipartite.nodes[str(IRI.measure(D1 + "/m1"))]
    assert (m["region"], m["province"], m["city"], m["year"], m["number"]) == (
        "拉萨市", "西藏自治区", "拉萨市", 2021, "1.")


@pytest.mark.parametrize(
    ("filters", "docs"),
    [
        ({"region": "拉萨市"}, {D1}),
        ({"region": "540100"}, {D1}),
        ({"region": "西藏自治区"}, {D1, D2}),  # 拉萨市 lies within 西藏自治区
        ({"region": str(IRI.region("610000"))}, {D3}),
        ({"year": 2023}, {D3, D4}),
        ({"year": 2023, "region": "甘肃省"}, {D4}),
        ({"document": D2}, {D2}),
        ({"document": "陕西省营造一流营商环境实施方案"}, {D3}),
        ({"document": "拉政办发〔2021〕9号"}, {D1}),
        ({"document": [D2, D4]}, {D2, D4}),
    ],
)
def test_filters(contract_store, contract_records, filters, docs):
    B = bipartite_graph(contract_store, **filters)
    assert edges_of(B) == expected_edges(contract_records, docs)


@pytest.mark.parametrize("role", ["lead", "cooperate", "responsible"])
def test_role_filter(contract_store, contract_records, role):
    B = bipartite_graph(contract_store, role=role)
    assert edges_of(B) == expected_edges(contract_records, roles=(role,))


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"region": "城关区"}, "names 2 regions"),  # 拉萨 and 兰州 both have one
        ({"region": "火星"}, "no region"),
        ({"document": "no such document"}, "no document"),
        ({"role": "chair"}, "unknown role"),
    ],
)
def test_filter_errors(contract_store, filters, message):
    with pytest.raises(QueryError, match=message):
        bipartite_graph(contract_store, **filters)


def test_groups_are_kept_apart_when_asked(contract_store):
    B = bipartite_graph(contract_store, groups=True)
    assert B.nodes[GROUP]["kind"] == "group"
    assert B.edges[GROUP, str(IRI.measure(D1 + "/m1"))]["role"] == "responsible"


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        bipartite_graph(tmp_path / "nothing")


def test_select_escapes_strings(contract_store):
    hostile = 'x" } ; DROP ALL ; { "'
    rows = select(contract_store, f"SELECT ?s WHERE {{ BIND({sparql_string(hostile)} AS ?s) }}")
    assert rows == [{"s": hostile}]


def test_cooperation_graph(contract_bipartite, contract_records):
    C = cooperation_graph(contract_bipartite)
    expected = set()
    for m in contract_records.measures:
        named = [a for a in m.assignments if not a.collective]
        for lead in (a.agency for a in named if a.role == "lead"):
            expected |= {(lead, a.agency) for a in named if a.agency != lead}
    assert set(C.edges) == expected
    # co-leads point at each other; one shares two measures with the other
    tie = C.edges["西藏自治区市场监督管理局", "西藏自治区发展和改革委员会"]
    assert (tie["weight"], tie["lead"], tie["cooperate"]) == (2, 1, 1)
    assert C.edges["拉萨市住房和城乡建设局", "拉萨市市场监督管理局"]["role"] == "cooperate"
    assert C.edges["陕西省发展和改革委员会", "陕西省住房和城乡建设厅"]["role"] == "responsible"
    # everyone is kept by default; without isolates, agencies with no lead tie drop out
    assert "城关区人民政府" in C
    assert "城关区人民政府" not in cooperation_graph(contract_bipartite, isolates=False)


def test_cooperation_partner_roles(contract_bipartite):
    C = cooperation_graph(contract_bipartite, partner_roles=["cooperate"])
    assert {d["role"] for _, _, d in C.edges(data=True)} == {"cooperate"}


@pytest.mark.parametrize("weighting", ["plain", "newman"])
def test_collaboration_matches_networkx_projection(contract_bipartite, weighting):
    agencies = [n for n, k in contract_bipartite.nodes(data="kind") if k == "agency"]
    project = (nx.bipartite.weighted_projected_graph if weighting == "plain"
               else nx.bipartite.collaboration_weighted_projected_graph)
    ref = project(contract_bipartite, agencies)
    P = collaboration_graph(contract_bipartite, weighting=weighting)
    assert set(map(frozenset, P.edges)) == set(map(frozenset, ref.edges))
    for u, v, w in ref.edges(data="weight"):
        assert P.edges[u, v]["weight"] == pytest.approx(w)


def test_newman_discounts_crowded_measures(contract_bipartite):
    P = collaboration_graph(contract_bipartite, weighting="newman")
    # d1/m1 has three named agencies (the collective is not one): 1/(3-1) each pair
    tie = P.edges["国家税务总局拉萨市税务局", "拉萨市发展和改革委员会"]
    assert (tie["shared"], tie["weight"]) == (1, 0.5)


def test_agency_graph_by_short_form(contract_bipartite):
    H = agency_graph(contract_bipartite, "市市场监管局")
    assert H.graph["center"] == "拉萨市市场监督管理局"
    assert "国家税务总局拉萨市税务局" in H and "陕西省市场监督管理局" not in H


def test_find_agency_suggests(contract_bipartite):
    with pytest.raises(QueryError, match=r"did you mean .*拉萨市司法局"):
        find_agency(contract_bipartite, "司法局")


def test_find_agency_ambiguous_short_form(contract_bipartite):
    B = contract_bipartite.copy()
    B.nodes["陕西省市场监督管理局"]["alt_labels"] = ("市市场监管局",)
    with pytest.raises(QueryError, match="short form of 2 agencies"):
        find_agency(B, "市市场监管局")


def test_region_graph(contract_store):
    R = region_graph(contract_store)
    assert set(R.edges) == {("540000", "540100"), ("540100", "540102"),
                            ("620000", "620100"), ("620100", "620102")}
    assert R.nodes["540100"]["name"] == "拉萨市" and R.nodes["540100"]["level"] == "city"
    assert R.nodes["540100"]["documents"] == 1


def test_citation_graph(contract_store):
    D = citation_graph(contract_store)
    d1, d2, d3 = (str(IRI.document(d)) for d in (D1, D2, D3))
    assert D.has_edge(d1, d2)
    outside = [n for n, inside in D.nodes(data="in_corpus") if not inside]
    assert len(outside) == 1 and D.has_edge(d3, outside[0]) and D.has_edge(d2, outside[0])
    assert D.nodes[outside[0]]["number"] == "国务院令第722号"
    assert D.nodes[outside[0]]["title"] == "优化营商环境条例"
    assert set(citation_graph(contract_store, year=2023)) == {d3, outside[0],
                                                            str(IRI.document(D4))}
