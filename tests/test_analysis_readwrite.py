from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graphkit.analysis import cooperation_graph, write_graph
from graphkit.analysis.readwrite import exportable


@pytest.fixture(scope="module")
def cooperation(contract_bipartite):
    return cooperation_graph(contract_bipartite)


@pytest.mark.parametrize(("fmt", "read"), [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_xml_formats_round_trip(tmp_path, cooperation, fmt, read):
    path = tmp_path / f"g.{fmt}"
    write_graph(cooperation, path)
    ET.parse(path)  # well-formed XML for any reader, not only networkx
    back = read(path)
    assert back.is_directed()
    assert set(back.nodes) == set(cooperation.nodes)
    assert {(u, v, int(w)) for u, v, w in back.edges(data="weight")} == set(
        cooperation.edges(data="weight"))
    node = back.nodes["拉萨市市场监督管理局"]
    assert node["alt_labels"] == "市市场监管局" and int(node["led"]) == 2
    assert path.read_bytes().decode("utf-8")  # UTF-8, Chinese kept as is


def test_bipartite_with_mixed_attributes_exports(tmp_path, contract_bipartite):
    # measure and agency nodes carry different attributes; year is sometimes missing
    G = contract_bipartite.copy()
    G.nodes[next(n for n, k in G.nodes(data="kind") if k == "measure")]["year"] = None
    for fmt in ("gexf", "graphml"):
        write_graph(G, tmp_path / f"b.{fmt}")
    assert nx.read_graphml(tmp_path / "b.graphml").number_of_edges() == G.number_of_edges()


def test_csv_edge_list_and_nodes(tmp_path, cooperation):
    path = tmp_path / "coop.csv"
    write_graph(cooperation, path, "csv")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == cooperation.number_of_edges()
    assert {"source", "target", "weight", "role", "cooperate"} <= set(rows[0])
    tie = next(r for r in rows if r["source"] == "西藏自治区市场监督管理局"
               and r["target"] == "西藏自治区发展和改革委员会")
    assert tie["weight"] == "2" and len(tie["measures"].split(" | ")) == 2
    with open(tmp_path / "coop.nodes.csv", encoding="utf-8", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    assert {n["id"] for n in nodes} == set(cooperation.nodes)


def test_exportable_leaves_the_graph_alone(cooperation):
    import copy

    before = copy.deepcopy(cooperation)
    H = exportable(cooperation)
    assert nx.utils.graphs_equal(cooperation, before)
    assert isinstance(next(iter(cooperation.edges(data="measures")))[2], tuple)
    assert isinstance(next(iter(H.edges(data="measures")))[2], str)


def test_unknown_format(tmp_path, cooperation):
    with pytest.raises(ValueError, match="format"):
        write_graph(cooperation, tmp_path / "g.dot")
