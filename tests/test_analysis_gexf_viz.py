"""GEXF and GraphML carry what the pages draw (colour, size, position) and a readable
label on every node; read back by networkx and by independent readers (networkit
for GEXF, python-igraph for GraphML)."""

from __future__ import annotations

import networkx as nx
import pytest

from graphkit.analysis import cooperation_graph, write_graph
from graphkit.viz import layout, node_styles
from graphkit.viz.styles import MEASURE, PALETTE


@pytest.fixture(scope="module")
def bipartite(contract_bipartite):
    return contract_bipartite


@pytest.fixture(scope="module")
def styles(bipartite):
    return node_styles(bipartite, color_by="region", size_by="measures", seed=0)


def hex_colour(r, g, b) -> str:
    return "#" + "".join(f"{int(c):02x}" for c in (r, g, b))


def readable(label: str) -> bool:
    return bool(label) and not label.startswith(("http://", "https://"))


def test_styles_follow_the_page_layout_and_colours(bipartite, styles):
    pos = layout(bipartite, seed=0)
    assert all((s["x"], s["y"]) == pos[n] for n, s in styles.items())
    kinds = nx.get_node_attributes(bipartite, "kind")
    assert {s["color"] for n, s in styles.items() if kinds[n] == "measure"} == {MEASURE}
    lhasa = {s["color"] for n, s in styles.items()
             if kinds[n] == "agency" and bipartite.nodes[n]["region"] == "拉萨市"}
    assert lhasa == {PALETTE[0]}  # the largest region, the first colour
    sizes = {n: s["size"] for n, s in styles.items()}
    busiest = max((n for n in bipartite if kinds[n] == "agency"),
                  key=lambda n: bipartite.nodes[n]["measures"])
    assert sizes[busiest] == max(sizes.values())


def test_gexf_carries_viz_and_labels(tmp_path, bipartite, styles):
    path = tmp_path / "b.gexf"
    write_graph(bipartite, path, styles=styles)
    back = nx.read_gexf(path)
    assert set(back) == set(bipartite)
    for n, d in back.nodes(data=True):
        s = styles[n]
        viz = d["viz"]
        assert hex_colour(viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == s["color"]
        assert viz["size"] == pytest.approx(s["size"])
        assert (viz["position"]["x"], -viz["position"]["y"]) == pytest.approx((s["x"], s["y"]))
        assert readable(d["label"])
    m = next(n for n, k in bipartite.nodes(data="kind") if k == "measure")
    number, text = bipartite.nodes[m]["number"], bipartite.nodes[m]["text"]
    assert back.nodes[m]["label"].startswith(f"{number} {text[:6]}")


def test_gexf_read_by_networkit(tmp_path, bipartite, styles):
    nk = pytest.importorskip("networkit")
    path = tmp_path / "b.gexf"
    write_graph(bipartite, path, styles=styles)
    reader = nk.graphio.GEXFReader()
    g = reader.read(str(path))[0]
    assert g.numberOfNodes() == bipartite.number_of_nodes()
    assert g.numberOfEdges() == bipartite.number_of_edges()
    assert set(reader.getNodeMap()) == set(map(str, bipartite))


def test_graphml_read_by_igraph(tmp_path, bipartite, styles):
    ig = pytest.importorskip("igraph")
    path = tmp_path / "b.graphml"
    write_graph(bipartite, path, styles=styles)
    g = ig.Graph.Read_GraphML(str(path))
    assert g.vcount() == bipartite.number_of_nodes() and g.ecount() == bipartite.number_of_edges()
    by_id = {v["id"]: v for v in g.vs}
    for n, s in styles.items():
        v = by_id[n]
        assert readable(v["label"])
        assert hex_colour(v["r"], v["g"], v["b"]) == s["color"]
        assert (v["x"], v["y"], v["size"]) == pytest.approx((s["x"], s["y"], s["size"]))


def test_citation_nodes_are_labelled_by_title(tmp_path, contract_store):
    from graphkit.analysis import citation_graph

    D = citation_graph(contract_store)
    if not D.number_of_nodes():
        pytest.skip("the contract store cites nothing")
    path = tmp_path / "d.graphml"
    write_graph(D, path)
    back = nx.read_graphml(path)
    for n, d in back.nodes(data=True):
        assert d["label"] == (D.nodes[n]["title"] or n)


def test_cooperation_gexf_from_the_cli(tmp_path, contract_store, contract_bipartite):
    from click.testing import CliRunner

    from graphkit.cli import cli

    out = tmp_path / "c.gexf"
    result = CliRunner().invoke(cli, ["network", "--store", str(contract_store), "-o", str(out)])
    assert result.exit_code == 0, result.output
    back = nx.read_gexf(out)
    C = cooperation_graph(contract_bipartite)
    assert set(back) == set(C)
    assert all("position" in d["viz"] and "color" in d["viz"] for _, d in back.nodes(data=True))
    assert {d["label"] for _, d in back.nodes(data=True)} == set(C)
