from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
import sys

import networkx as nx
import pytest
from contract_graph import HOSTILE

from graphkit.analysis import cooperation_graph
from graphkit.viz import layout, network_page, write_page

HOSTILE_LABEL = '<img src=x onerror="window.__pwned=1">局'


def payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def bipartite_page(contract_bipartite):
    return network_page(contract_bipartite, title="<b>t</b>", size_by="measures")


def test_page_is_self_contained(bipartite_page):
    tags = re.findall(r"<(script|link|img|iframe)\b([^>]*)>", bipartite_page)
    assert not [t for t in tags if re.search(r"\b(src|href)\s*=", t[1])]
    assert not re.search(r"url\((?!\s*[\"']?data:)", bipartite_page)
    assert not re.search(r"@import", bipartite_page)
    assert "vis.Network" in bipartite_page and "DataSet" in bipartite_page


def test_csp_allows_exactly_the_page_scripts(bipartite_page):
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', bipartite_page).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'" and directives["connect-src"] == "'none'"
    assert "unsafe" not in directives["script-src"]  # inline handlers (onerror=…) cannot run
    scripts = re.findall(r"<script>(.*?)</script>", bipartite_page, re.S)
    assert len(scripts) == 2
    for s in scripts:
        digest = base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_texts_are_data_not_markup(bipartite_page):
    assert "<script>window" not in bipartite_page
    assert "<img src=x" not in bipartite_page
    assert "<b>t</b>" not in bipartite_page and "&lt;b&gt;t&lt;/b&gt;" in bipartite_page
    data = payload(bipartite_page)
    texts = [e for n in data["nodes"] for e in n["examples"]] + [m["t"] for m in data["measures"]]
    assert HOSTILE in texts  # arrives intact, as text


def test_counts_and_attributes(bipartite_page, contract_bipartite):
    data = payload(bipartite_page)
    assert len(data["nodes"]) == contract_bipartite.number_of_nodes()
    assert len(data["edges"]) == contract_bipartite.number_of_edges()
    assert data["options"]["physics"] == {"enabled": False}
    assert all("x" in n["vis"] and "y" in n["vis"] for n in data["nodes"])
    assert set(data["meta"]["roles"]) == {"lead", "cooperate", "responsible"}
    sj = next(n for n in data["nodes"] if n["name"] == "拉萨市市场监督管理局")
    assert "市市场监管局" in sj["alt"]
    assert ["牵头 led", "2"] in sj["info"]
    dashes = {e["role"]: e["vis"]["dashes"] for e in data["edges"]}
    assert dashes["lead"] is False and dashes["cooperate"] and dashes["responsible"]
    assert dashes["cooperate"] != dashes["responsible"]


def test_size_colour_and_width(contract_bipartite):
    C = cooperation_graph(contract_bipartite, isolates=False)
    data = payload(network_page(C, size_by="led", color_by="functional_type"))
    value = {n["name"]: n["vis"]["value"] for n in data["nodes"]}
    assert value["拉萨市市场监督管理局"] > value["拉萨市住房和城乡建设局"]
    legend = {k["label"]: k["count"] for k in data["meta"]["legend"]}
    assert legend["市场监督管理"] == sum(
        1 for _, t in C.nodes(data="functional_type") if t == "市场监督管理")
    width = {(data["nodes"][e["vis"]["from"]]["name"], data["nodes"][e["vis"]["to"]]["name"]):
             e["vis"]["width"] for e in data["edges"]}
    assert width[("西藏自治区市场监督管理局", "西藏自治区发展和改革委员会")] > width[
        ("西藏自治区发展和改革委员会", "西藏自治区住房和城乡建设厅")]
    assert all(e["vis"]["arrows"] == "to" for e in data["edges"])


def test_page_leaves_graph_and_folder_alone(tmp_path, monkeypatch, contract_bipartite):
    before = copy.deepcopy(contract_bipartite)
    monkeypatch.chdir(tmp_path)
    out = write_page(contract_bipartite, tmp_path / "p.html")
    assert nx.utils.graphs_equal(contract_bipartite, before)
    assert [p.name for p in tmp_path.iterdir()] == ["p.html"]  # no lib/ folder
    out.read_bytes().decode("utf-8")


def test_import_does_not_pull_ipython_or_pyvis():
    code = ("import sys, graphkit.viz, graphkit.analysis; "
            "print('IPython' in sys.modules, 'pyvis' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_written_as_utf8_whatever_the_locale(tmp_path):
    code = ("import networkx as nx; from graphkit.viz import write_page; G = nx.Graph(); "
            f"G.add_edge({'拉萨市司法局'!a}, 'x'); write_page(G, 'p.html')")
    import os

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0",
           "PYTHONPATH": os.getcwd()}
    subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True)
    assert "拉萨市司法局" in (tmp_path / "p.html").read_bytes().decode("utf-8")


def test_hostile_label_is_escaped():
    G = nx.Graph()
    G.add_edge(HOSTILE_LABEL, "</script><script>window.__pwned=1</script>")
    html = network_page(G)
    assert HOSTILE_LABEL not in html and "</script><script>window" not in html
    assert {n["name"] for n in payload(html)["nodes"]} == set(G)


def test_layout_is_deterministic_and_parts_do_not_overlap():
    G = nx.disjoint_union_all([nx.complete_graph(5), nx.cycle_graph(12), nx.path_graph(3)])
    G.add_nodes_from(["a", "b"])
    pos = layout(G, seed=1)
    assert pos == layout(G, seed=1) and set(pos) == set(G)
    boxes = []
    for part in nx.connected_components(G):
        xs, ys = zip(*(pos[n] for n in part), strict=True)
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2]
            assert apart
