"""The pages in real headless Chromium, with the network blocked."""

from __future__ import annotations

import json
import time

import networkx as nx
import pytest
from contract_graph import HOSTILE

from graphkit.analysis import cooperation_graph
from graphkit.viz import write_page

pytestmark = pytest.mark.browser

HOSTILE_LABEL = '<img src=x onerror="window.__pwned=1">局'
LOCAL_SCHEMES = ("file:", "data:", "about:", "chrome:", "chrome-untrusted:", "devtools:",
                 "blob:")


def load(browser, path, timeout: float = 60.0) -> dict:
    """Open ``path``; wait until the network has drawn; return what happened."""
    browser.get_log("browser")
    browser.get_log("performance")
    start = time.perf_counter()
    browser.get(path.as_uri())
    while browser.execute_script("return document.body && document.body.dataset.ready") != "1":
        if time.perf_counter() - start > timeout:
            raise AssertionError(f"{path.name} did not draw within {timeout} s")
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    events = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    requests = [e["params"]["request"]["url"] for e in events
                if e["method"] == "Network.requestWillBeSent"]
    return {
        "seconds": seconds,
        "ready_ms": browser.execute_script("return graphkit.readyMs"),
        "console": browser.get_log("browser"),
        "outbound": [u for u in requests if not u.startswith(LOCAL_SCHEMES)],
        "resources": browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"),
    }


def assert_clean(result):
    assert [e for e in result["console"] if e["level"] in ("SEVERE", "WARNING")] == []
    assert result["outbound"] == [] and result["resources"] == []


@pytest.fixture(scope="module")
def cooperation(contract_bipartite):
    return cooperation_graph(contract_bipartite, isolates=False)


@pytest.fixture(scope="module")
def hostile():
    G = nx.Graph()
    G.add_node(HOSTILE_LABEL, kind="agency", region="<b>区</b>", examples=(HOSTILE,))
    G.add_node("拉萨市司法局", kind="agency", region="拉萨市")
    G.add_edge(HOSTILE_LABEL, "拉萨市司法局", weight=1, role="cooperate")
    return G


@pytest.fixture(scope="module")
def pages(tmp_path_factory, contract_bipartite, cooperation, hostile):
    out = tmp_path_factory.mktemp("pages")
    return {
        "cooperation": write_page(cooperation, out / "cooperation.html", size_by="led",
                                  title="合作网络 cooperation"),
        "bipartite": write_page(contract_bipartite, out / "bipartite.html", size_by="measures"),
        "hostile": write_page(hostile, out / "hostile.html", title=HOSTILE_LABEL),
    }


@pytest.mark.parametrize("name", ["cooperation", "bipartite", "hostile"])
def test_page_opens_offline_without_errors(browser, pages, name):
    assert_clean(load(browser, pages[name]))
    assert browser.execute_script("return window.__pwned") is None


@pytest.mark.parametrize("name", ["cooperation", "bipartite"])
def test_counts_in_the_page_equal_the_graph(browser, pages, name, cooperation,
                                            contract_bipartite):
    G = {"cooperation": cooperation, "bipartite": contract_bipartite}[name]
    load(browser, pages[name])
    counts = browser.execute_script(
        "var g = window.graphkit; return [g.nodes.length, g.edges.length, g.nodeView.length,"
        " g.edgeView.length, g.network.body.nodeIndices.length,"
        " g.network.body.edgeIndices.length]")
    n, m = G.number_of_nodes(), G.number_of_edges()
    assert counts == [n, m, n, m, n, m]
    assert browser.find_element("id", "gk-counts").text == f"{n} nodes · {m} edges"


@pytest.mark.parametrize(
    ("typed", "found"),
    [("市场监管局", "拉萨市市场监督管理局"),  # a short form, through its altLabel
     ("陕西省市场", "陕西省市场监督管理局"),
     ("税务局", "国家税务总局拉萨市税务局")],
)
def test_search_finds_an_agency(browser, pages, cooperation, typed, found):
    from selenium.webdriver.common.keys import Keys

    load(browser, pages["cooperation"])
    box = browser.find_element("id", "gk-search")
    box.send_keys(typed)
    items = browser.find_elements("css selector", "#gk-results li")
    assert found in [li.text.split("\n")[0].split(" ")[0] for li in items] or any(
        li.text.startswith(found) for li in items)
    box.send_keys(Keys.ENTER)
    selected = browser.execute_script("return graphkit.network.getSelectedNodes()")
    assert len(selected) == 1
    assert list(cooperation.nodes)[selected[0]] == found
    assert found in browser.find_element("id", "gk-details").text


def test_filters_by_region_type_and_role(browser, pages, cooperation):
    from selenium.webdriver.support.ui import Select

    load(browser, pages["cooperation"])

    def shown():
        return browser.execute_script("return [graphkit.nodeView.length, graphkit.edgeView.length]")

    Select(browser.find_element("id", "gk-region")).select_by_value("拉萨市")
    lhasa = [n for n, r in cooperation.nodes(data="region") if r == "拉萨市"]
    assert shown() == [len(lhasa), cooperation.subgraph(lhasa).number_of_edges()]
    browser.find_element("id", "gk-reset").click()
    Select(browser.find_element("id", "gk-type")).select_by_value("发展改革")
    fg = [n for n, t in cooperation.nodes(data="functional_type") if t == "发展改革"]
    ties = [(u, v) for u, v in cooperation.edges if u in fg or v in fg]  # partners stay, dimmed
    assert shown() == [len({n for e in ties for n in e} | set(fg)), len(ties)]
    browser.find_element("id", "gk-reset").click()
    browser.find_element("css selector", "#gk-roles input[value='cooperate']").click()
    others = [e for e in cooperation.edges(data="role") if e[2] != "cooperate"]
    assert shown() == [cooperation.number_of_nodes(), len(others)]
    browser.find_element("id", "gk-reset").click()
    assert shown() == [cooperation.number_of_nodes(), cooperation.number_of_edges()]


def test_hostile_label_shows_as_text_and_runs_nothing(browser, pages):
    from selenium.webdriver.common.action_chains import ActionChains

    result = load(browser, pages["hostile"])
    assert_clean(result)
    assert browser.title == HOSTILE_LABEL
    # hover the hostile node: vis-network shows our tooltip element
    x, y, w, h = browser.execute_script(
        "var n = graphkit.network, p = n.canvasToDOM(n.getPosition(0)),"
        " r = document.getElementById('gk-network').getBoundingClientRect();"
        " return [p.x, p.y, r.width, r.height];")
    canvas = browser.find_element("id", "gk-network")
    ActionChains(browser).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)
                                                      ).pause(0.6).perform()
    tip = browser.find_element("css selector", "div.vis-tooltip")
    assert HOSTILE_LABEL in tip.get_attribute("textContent")
    assert HOSTILE in tip.get_attribute("textContent")
    # details panel and search results show the same texts, as text
    browser.execute_script("graphkit.select(0)")
    details = browser.find_element("id", "gk-details")
    assert HOSTILE in details.get_attribute("textContent")
    browser.find_element("id", "gk-search").send_keys("<img")
    assert browser.find_element("css selector", "#gk-results li").get_attribute(
        "textContent").startswith(HOSTILE_LABEL)
    assert browser.execute_script(
        "return document.querySelectorAll('body img, #gk-details script, .vis-tooltip script,"
        " #gk-results img').length") == 0
    assert browser.execute_script("return window.__pwned") is None
    assert_clean({"console": browser.get_log("browser"), "outbound": [], "resources": []})


def test_screenshot_of_the_cooperation_view(browser, pages, artifacts):
    load(browser, pages["cooperation"])
    path = artifacts / "cooperation-fixture.png"
    assert browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.parametrize("view", ["cooperation", "bipartite"])
def test_whole_corpus_page_becomes_interactive(browser, corpus_store, artifacts, view):
    """The corpus' pages open offline and answer a search quickly; the figures are
    kept in ``artifacts/timing-<view>.json`` and the cooperation view's picture in
    ``artifacts/cooperation.png``."""
    from graphkit.analysis import bipartite_graph

    B = bipartite_graph(corpus_store)
    G = cooperation_graph(B, isolates=False) if view == "cooperation" else B
    started = time.perf_counter()
    path = write_page(G, artifacts / f"{view}.html", size_by="led" if view == "cooperation"
                      else "measures", title=f"corpus {view}")
    written = time.perf_counter() - started
    result = load(browser, path)
    assert_clean(result)
    counts = browser.execute_script("return [graphkit.nodeView.length, graphkit.edgeView.length]")
    assert counts == [G.number_of_nodes(), G.number_of_edges()]
    lead = max((n for n, k in G.nodes(data="kind") if k == "agency"),
               key=lambda n: (G.nodes[n]["led"], str(n)))
    t = time.perf_counter()
    hits = browser.execute_script("return graphkit.search(arguments[0])", lead)
    browser.execute_script("graphkit.select(graphkit.search(arguments[0]).length ?"
                           " graphkit.nodes.getIds().find(i => graphkit.nodes.get(i).label"
                           " === arguments[0]) : -1)", lead)
    search_ms = (time.perf_counter() - t) * 1000
    assert hits[0] == lead
    timing = {
        "view": view, "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "page_bytes": path.stat().st_size, "write_seconds": round(written, 2),
        "first_draw_ms": round(result["ready_ms"]),
        "load_to_ready_seconds": round(result["seconds"], 2),
        "search_and_focus_ms": round(search_ms),
    }
    (artifacts / f"timing-{view}.json").write_text(json.dumps(timing, indent=1) + "\n",
                                                   encoding="utf-8")
    print(timing)
    assert result["seconds"] < 30 and search_ms < 2000
    if view == "cooperation":
        browser.execute_script("graphkit.network.unselectAll(); graphkit.network.fit()")
        browser.save_screenshot(str(artifacts / "cooperation.png"))
