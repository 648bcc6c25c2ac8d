"""What analysts do on the pages, in real headless Chromium with the network blocked:
role colours while inspecting, measures by number and text, search, filters, the ledger.

Each page's picture is kept under ``out/screens/`` (git-ignored) to look at by eye.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_viz_browser import assert_clean, load

from graphkit.analysis import cooperation_graph
from graphkit.viz import write_ledger, write_page
from graphkit.viz.page import ROLE_STYLES

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent

# records every stroke colour the canvas draws with, to read what the user sees
RECORD_STROKES = """
var ctx = CanvasRenderingContext2D.prototype;
if (!ctx.__gkStroke) {
  ctx.__gkStroke = ctx.stroke;
  ctx.stroke = function () { (window.__strokes = window.__strokes || []).push(String(this.strokeStyle));
                             return ctx.__gkStroke.apply(this, arguments); };
}
window.__strokes = [];
"""


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def stroke_colours(strokes: list[str]) -> set[tuple[int, int, int]]:
    out = set()
    for s in strokes:
        if s.startswith("#") and len(s) == 7:
            out.add(rgb(s))
        elif m := re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", s):
            out.add(tuple(int(x) for x in m.groups()))
    return out


@pytest.fixture(scope="module")
def screens() -> Path:
    path = ROOT / "out" / "screens"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def cooperation(contract_bipartite):
    return cooperation_graph(contract_bipartite, isolates=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, contract_bipartite, cooperation):
    out = tmp_path_factory.mktemp("pages")
    return {
        "cooperation": write_page(cooperation, out / "cooperation.html", size_by="led",
                                  measures=contract_bipartite, title="合作网络"),
        "types": write_page(cooperation, out / "types.html", size_by="led",
                            color_by="functional_type", measures=contract_bipartite),
        "bipartite": write_page(contract_bipartite, out / "bipartite.html",
                                size_by="measures"),
        "ledger": write_ledger(contract_bipartite, out / "ledger.html",
                               graph_page="cooperation.html"),
    }


def node_id(cooperation, name):
    return list(cooperation.nodes).index(name)


# --- colours ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["selected", "hover"])
def test_role_colours_stay_on_the_inspected_agency(browser, pages, cooperation, screens,
                                                   state):
    load(browser, pages["cooperation"])
    i = node_id(cooperation, "拉萨市市场监督管理局")
    browser.execute_script(RECORD_STROKES)
    if state == "selected":
        browser.execute_script("graphkit.network.selectNodes([arguments[0]])", i)
    else:  # what hovering the node does: the node and its edges in their hover state
        browser.execute_script(
            "var n = graphkit.network, b = n.body; b.nodes[arguments[0]].hover = true;"
            "n.getConnectedEdges(arguments[0]).forEach(e => { b.edges[e].hover = true; });"
            "window.__strokes = []; n.redraw();", i)
    browser.execute_script("window.__strokes = []; graphkit.network.redraw();")
    import time

    time.sleep(0.3)
    edges = browser.execute_script(
        "var n = graphkit.network; return n.getConnectedEdges(arguments[0]).map(e =>"
        " [n.body.edges[e].options.color, n.body.edges[e].selected, n.body.edges[e].hover,"
        "  graphkit.edges.get(e).id]);", i)
    roles = [d["role"] for _, _, d in cooperation.edges(data=True)]
    assert edges
    for colour, selected, hover, k in edges:
        want = ROLE_STYLES[roles[k]][0]
        assert (selected if state == "selected" else hover)
        assert colour["color"] == colour["highlight"] == colour["hover"] == want
    drawn = stroke_colours(browser.execute_script("return window.__strokes"))
    for role in {roles[e[3]] for e in edges}:
        assert rgb(ROLE_STYLES[role][0]) in drawn
    assert rgb("#848484") not in drawn  # vis-network's grey highlight
    node = browser.execute_script("return graphkit.network.body.nodes[arguments[0]].options"
                                  ".color", i)
    assert node["highlight"]["background"] == node["hover"]["background"] == node["background"]
    browser.save_screenshot(str(screens / f"cooperation-{state}.png"))


def test_rare_types_share_one_colour(browser, pages, cooperation):
    load(browser, pages["types"])
    legend = browser.execute_script(
        "return Array.from(document.querySelectorAll('#gk-legend .gk-key')).map(r => r.textContent)")
    types = {t for _, t in cooperation.nodes(data="functional_type")}
    assert 1 < len([r for r in legend if "(" in r]) <= len(types)
    assert not any(r.startswith("司法行政") for r in legend)  # one node: grouped as other
    assert any(r.startswith("other") for r in legend)


# --- measures by number and text -----------------------------------------------------


def test_lists_and_headers_show_measures_not_iris(browser, pages, contract_bipartite, screens):
    load(browser, pages["bipartite"])
    nodes = list(contract_bipartite.nodes)
    browser.execute_script("graphkit.select(arguments[0])", nodes.index("拉萨市市场监督管理局"))
    details = browser.find_element("id", "gk-details").text
    assert "1. 企业开办时间压缩至1个工作日以内" in details
    assert "《拉萨市2021年优化营商环境重点工作任务落实台账》" in details
    assert "期限 2021年6月底前" in details
    assert "https://" not in details
    m = next(n for n, d in contract_bipartite.nodes(data=True)
             if d.get("kind") == "measure" and d["text"].startswith("规范行政执法"))
    browser.execute_script("graphkit.select(arguments[0])", nodes.index(m))
    header = browser.find_element("css selector", "#gk-details strong").text
    assert header.startswith("4. 规范行政执法行为")
    assert "https://" not in browser.find_element("id", "gk-details").text
    browser.save_screenshot(str(screens / "bipartite-measure.png"))


def test_edge_tooltip_lists_the_shared_measures(browser, pages, cooperation):
    load(browser, pages["cooperation"])
    k = list(cooperation.edges).index(("西藏自治区市场监督管理局", "西藏自治区发展和改革委员会"))
    tip = browser.execute_script("return graphkit.edges.get(arguments[0]).title.textContent", k)
    assert "1. 推进“多证合一”改革。" in tip and "3. 推进工程建设项目审批制度改革。" in tip
    assert "(2)" in tip and "https://" not in tip


# --- search ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first"),
    [("市場監管局", "拉萨市市场监督管理局"),       # Traditional script, a short form
     ("拉萨 市场", "拉萨市市场监督管理局"),        # two words, the shorter name first
     ("拉萨市司法局", "拉萨市司法局"),             # an exact name first
     ("陝西 發展", "陕西省发展和改革委员会"),
     ("多证合一", "1. 推进“多证合一”改革。")],      # a measure, by words of its text
)
def test_search_ranks_hits(browser, pages, typed, first):
    load(browser, pages["cooperation"])
    assert browser.execute_script("return graphkit.search(arguments[0])", typed)[0] == first


def test_search_prefers_hits_in_the_filtered_region(browser, pages):
    from selenium.webdriver.support.ui import Select

    load(browser, pages["cooperation"])
    assert browser.execute_script("return graphkit.search('市场监督管理局')")[0] != "陕西省市场监督管理局"
    Select(browser.find_element("id", "gk-region")).select_by_value("陕西省")
    assert browser.execute_script("return graphkit.search('市场监督管理局')")[0] == "陕西省市场监督管理局"


def test_arrow_keys_move_the_highlight(browser, pages, cooperation):
    from selenium.webdriver.common.keys import Keys

    load(browser, pages["cooperation"])
    box = browser.find_element("id", "gk-search")
    box.send_keys("发展和改革")
    items = browser.find_elements("css selector", "#gk-results li")
    assert len(items) >= 3 and items[0].get_attribute("class") == "gk-active"
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    active = browser.find_elements("css selector", "#gk-results li.gk-active")
    assert [a.text for a in active] == [items[2].text]
    box.send_keys(Keys.ARROW_UP)
    wanted = browser.execute_script(
        "return document.querySelectorAll('#gk-results li')[1].firstChild.textContent")
    box.send_keys(Keys.ENTER)
    selected = browser.execute_script("return graphkit.network.getSelectedNodes()")
    assert [list(cooperation.nodes)[i] for i in selected] == [wanted]


def test_a_measure_hit_selects_its_agencies(browser, pages, cooperation):
    from selenium.webdriver.common.keys import Keys

    load(browser, pages["cooperation"])
    box = browser.find_element("id", "gk-search")
    box.send_keys("多证合一", Keys.ENTER)
    selected = {list(cooperation.nodes)[i] for i in
                browser.execute_script("return graphkit.network.getSelectedNodes()")}
    assert selected == {"西藏自治区市场监督管理局", "西藏自治区发展和改革委员会",
                        "西藏自治区住房和城乡建设厅"}
    details = browser.find_element("id", "gk-details").text
    assert "推进“多证合一”改革" in details and "牵头 lead: 西藏自治区市场监督管理局" in details


# --- filters ---------------------------------------------------------------------------


def visible_in_canvas(browser) -> list[bool]:
    return browser.execute_script(
        "var n = graphkit.network, r = document.getElementById('gk-network')"
        ".getBoundingClientRect();"
        "return graphkit.nodeView.getIds().map(i => { var p = n.canvasToDOM(n.getPosition(i));"
        " return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; });")


def test_region_filter_takes_sub_regions_and_refits(browser, pages, cooperation, screens):
    from selenium.webdriver.support.ui import Select

    load(browser, pages["cooperation"])
    before = browser.execute_script("return graphkit.network.getScale()")
    Select(browser.find_element("id", "gk-region")).select_by_value("西藏自治区")
    tibet = [n for n, d in cooperation.nodes(data=True) if d["province"] == "西藏自治区"]
    assert any(cooperation.nodes[n]["region"] == "拉萨市" for n in tibet)
    shown = browser.execute_script("return graphkit.nodeView.getIds()")
    assert sorted(list(cooperation.nodes)[i] for i in shown) == sorted(tibet)
    assert all(visible_in_canvas(browser))
    Select(browser.find_element("id", "gk-region")).select_by_value("陕西省")
    assert browser.execute_script("return graphkit.network.getScale()") > before
    assert all(visible_in_canvas(browser))
    legend = browser.execute_script(
        "return Array.from(document.querySelectorAll('#gk-legend .gk-key')).map(r => r.textContent)")
    assert "陕西省 (3 of 3)" in legend and "拉萨市 (0 of 6)" in legend
    browser.save_screenshot(str(screens / "cooperation-region-filter.png"))


def test_type_filter_keeps_partners_dimmed(browser, pages, cooperation, screens):
    from selenium.webdriver.support.ui import Select

    load(browser, pages["cooperation"])
    Select(browser.find_element("id", "gk-type")).select_by_value("发展改革")
    kept = {n for n, t in cooperation.nodes(data="functional_type") if t == "发展改革"}
    partners = {p for n in kept for p in nx_neighbours(cooperation, n)} - kept
    names = list(cooperation.nodes)
    shown = {names[i] for i in browser.execute_script("return graphkit.nodeView.getIds()")}
    dimmed = {names[i] for i in browser.execute_script("return graphkit.dimmed()")}
    assert shown == kept | partners and dimmed == partners and partners
    opacity = browser.execute_script(
        "return graphkit.dimmed().map(i => graphkit.network.body.nodes[i].options.opacity)")
    assert set(opacity) == {0.25}
    edges = browser.execute_script("return graphkit.edgeView.length")
    assert edges == sum(1 for u, v in cooperation.edges if u in kept or v in kept)
    assert all(visible_in_canvas(browser))
    browser.save_screenshot(str(screens / "cooperation-type-filter.png"))
    browser.find_element("id", "gk-reset").click()
    assert browser.execute_script("return graphkit.dimmed()") == []


def nx_neighbours(G, n):
    return set(G.successors(n)) | set(G.predecessors(n))


# --- the ledger ------------------------------------------------------------------------


def ledger_numbers(browser):
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#gk-rows tr')).map(tr =>"
        " tr.children[1].textContent)")


def test_ledger_lists_every_measure(browser, pages, contract_bipartite, screens):
    result = load(browser, pages["ledger"])
    assert_clean(result)
    measures = [d for _, d in contract_bipartite.nodes(data=True) if d.get("kind") == "measure"]
    assert browser.execute_script("return graphkit.rows") == len(measures)
    text = browser.find_element("id", "gk-rows").text
    assert all(d["text"] in text for d in measures)
    assert "000.txt:" in text and "2021年6月底前" in text
    assert browser.execute_script("return window.__pwned") is None
    browser.save_screenshot(str(screens / "ledger.png"))


def test_ledger_sorts_by_a_column(browser, pages):
    load(browser, pages["ledger"])
    head = browser.find_element("css selector", "th[data-col=number]")
    head.click()
    up = ledger_numbers(browser)
    assert up == sorted(up, key=lambda s: int(s.rstrip("."))) and len(set(up)) > 3
    assert head.get_attribute("aria-sort") == "ascending"
    head.click()
    assert ledger_numbers(browser) == sorted(up, key=lambda s: -int(s.rstrip(".")))
    browser.find_element("css selector", "th[data-col=deadline]").click()
    first = browser.find_element("css selector", "#gk-rows tr td:nth-child(7)").text
    assert first.startswith("2021年6月底前")  # the one dated deadline first, empty ones last


def test_ledger_search_and_filters(browser, pages, contract_bipartite):
    import time

    from selenium.webdriver.support.ui import Select

    load(browser, pages["ledger"])

    def shown():
        time.sleep(0.3)  # the search waits for typing to pause
        return browser.execute_script("return graphkit.shown()")

    box = browser.find_element("id", "gk-search")
    box.send_keys("規範行政執法")                      # Traditional script
    assert shown() == 1 and "规范行政执法行为" in browser.find_element("id", "gk-rows").text
    box.clear()
    box.send_keys("企业开办 陕西")                      # two words, one in the region
    assert shown() == 1
    browser.find_element("id", "gk-reset").click()
    Select(browser.find_element("id", "gk-region")).select_by_value("西藏自治区")
    tibet = sum(1 for _, d in contract_bipartite.nodes(data=True)
                if d.get("kind") == "measure" and d["province"] == "西藏自治区")
    assert shown() == tibet and tibet > 3
    browser.find_element("id", "gk-reset").click()
    Select(browser.find_element("id", "gk-role")).select_by_value("cooperate")
    browser.find_element("id", "gk-agency").send_keys("拉萨市发展和改革委员会")
    coop = sum(1 for a, m, r in contract_bipartite.edges(data="role")
               if "拉萨市发展和改革委员会" in (a, m) and r == "cooperate")
    assert shown() == coop and coop >= 1
    Select(browser.find_element("id", "gk-role")).select_by_value("lead")
    lead = sum(1 for a, m, r in contract_bipartite.edges(data="role")
               if "拉萨市发展和改革委员会" in (a, m) and r == "lead")
    assert shown() == lead
    browser.find_element("id", "gk-reset").click()
    Select(browser.find_element("id", "gk-month")).select_by_value("2021-06")
    assert shown() == 1
    Select(browser.find_element("id", "gk-year")).select_by_value("2021")
    assert shown() == 1


def test_ledger_agency_links_to_its_graph_view(browser, pages, cooperation):
    load(browser, pages["ledger"])
    link = browser.find_element("link text", "拉萨市市场监督管理局")
    assert link.get_attribute("href").endswith(
        "cooperation.html#select=%E6%8B%89%E8%90%A8%E5%B8%82%E5%B8%82%E5%9C%BA%E7%9B%91%E7%9D%A3"
        "%E7%AE%A1%E7%90%86%E5%B1%80")
    link.click()
    import time

    deadline = time.time() + 30
    while browser.execute_script("return document.body && document.body.dataset.ready") != "1":
        assert time.time() < deadline
        time.sleep(0.05)
    selected = browser.execute_script("return graphkit.network.getSelectedNodes()")
    assert [list(cooperation.nodes)[i] for i in selected] == ["拉萨市市场监督管理局"]
