"""The topic filter of the ledger and graph pages, in real headless Chromium with the network
blocked. The contract graph's measures get their topics from the topic rules, as a build
gives them."""

from __future__ import annotations

import time

import networkx as nx
import pytest
from test_viz_browser import assert_clean, load
from test_viz_pages import visible_in_canvas

from graphkit.analysis import cooperation_graph
from graphkit.extraction.topics import classify
from graphkit.viz import write_ledger, write_page
from graphkit.viz.ledger import ledger_payload

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def B(contract_bipartite) -> nx.Graph:
    B = contract_bipartite.copy()
    for _, d in B.nodes(data=True):
        if d.get("kind") == "measure":
            d["topics"] = tuple(t.topic for t in classify(d["text"], d.get("section") or ()))
    return B


@pytest.fixture(scope="module")
def cooperation(B):
    return cooperation_graph(B, isolates=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory, B, cooperation):
    out = tmp_path_factory.mktemp("topic-pages")
    return {
        "cooperation": write_page(cooperation, out / "cooperation.html", size_by="led",
                                  measures=B, title="合作网络"),
        "bipartite": write_page(B, out / "bipartite.html", size_by="measures"),
        "ledger": write_ledger(B, out / "ledger.html"),
    }


def of_topic(B, topic):
    return {m for m, d in B.nodes(data=True) if d.get("kind") == "measure"
            and topic in d["topics"]}


def test_the_fixture_has_topics_to_filter(B):
    assert len(of_topic(B, "business-start")) >= 3
    assert len(of_topic(B, "construction-permits")) >= 2
    assert any(not d["topics"] for _, d in B.nodes(data=True) if d.get("kind") == "measure")


def test_ledger_filters_by_topic(browser, pages, B):
    from selenium.webdriver.support.ui import Select

    result = load(browser, pages["ledger"])
    assert_clean(result)

    def shown():
        time.sleep(0.3)  # the search waits for typing to pause
        return browser.execute_script("return graphkit.shown()")

    select = Select(browser.find_element("id", "gk-topic"))
    options = {o.get_attribute("value"): o.text for o in select.options}
    assert options["business-start"] == f"开办企业 business-start ({len(of_topic(B, 'business-start'))})"
    assert "electricity" not in options  # only the topics the ledger holds
    for topic in ("business-start", "construction-permits", "rule-of-law"):
        select.select_by_value(topic)
        want = of_topic(B, topic)
        assert shown() == len(want)
        texts = {B.nodes[m]["text"] for m in want}
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll('#gk-rows tr')).map(tr =>"
            " [tr.children[2].textContent, tr.querySelector('td.gk-topics').textContent])")
        assert {r[0] for r in rows} == texts
        assert all(topic in r[1] for r in rows)
    # with the region filter: both must hold
    select.select_by_value("business-start")
    Select(browser.find_element("id", "gk-region")).select_by_value("西藏自治区")
    # the fixture's 西藏 measures on 企业开办, 证照分离 and 多证合一
    assert shown() == sum(1 for m in of_topic(B, "business-start")
                          if B.nodes[m]["province"] == "西藏自治区") == 3
    browser.find_element("id", "gk-reset").click()
    assert shown() == browser.execute_script("return graphkit.rows")
    assert browser.find_element("id", "gk-topic").get_attribute("value") == ""
    # a topic's label is found by the search too
    browser.find_element("id", "gk-search").send_keys("办理建筑许可")
    assert shown() == len(of_topic(B, "construction-permits"))


def test_ledger_hides_the_filter_without_topics(browser, contract_bipartite, tmp_path):
    path = write_ledger(contract_bipartite, tmp_path / "ledger.html")
    load(browser, path)
    assert not browser.find_element("id", "gk-topic-box").is_displayed()
    assert ledger_payload(contract_bipartite)["meta"]["topics"] == []


def legend(browser):
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#gk-legend .gk-key')).map(r => r.textContent)")


def test_cooperation_view_filters_by_topic_and_refits(browser, pages, B, cooperation):
    from selenium.webdriver.support.ui import Select

    assert_clean(load(browser, pages["cooperation"]))
    before = browser.execute_script("return graphkit.network.getScale()")
    topic = "construction-permits"
    measures = of_topic(B, topic)
    agencies = {a for m in measures for a in B[m]} & set(cooperation)
    ties = {(u, v) for u, v, ms in cooperation.edges(data="measures") if set(ms) & measures}
    assert ties and len(ties) < cooperation.number_of_edges()
    Select(browser.find_element("id", "gk-topic")).select_by_value(topic)
    names = list(cooperation.nodes)
    shown = {names[i] for i in browser.execute_script("return graphkit.nodeView.getIds()")}
    assert shown == agencies and len(agencies) < cooperation.number_of_nodes()
    edges = list(cooperation.edges)
    kept = {edges[i] for i in browser.execute_script("return graphkit.edgeView.getIds()")}
    assert kept == ties
    assert all(visible_in_canvas(browser))
    assert browser.execute_script("return graphkit.network.getScale()") > before
    region = {}
    for n in agencies:
        region[cooperation.nodes[n]["region"]] = region.get(cooperation.nodes[n]["region"], 0) + 1
    rows = legend(browser)
    for r, count in region.items():
        total = sum(1 for _, x in cooperation.nodes(data="region") if x == r)
        assert f"{r} ({count} of {total})" in rows, rows
    assert browser.find_element("id", "gk-counts").text.startswith(f"{len(agencies)} of ")
    # topic and region together
    Select(browser.find_element("id", "gk-region")).select_by_value("陕西省")
    shown = {names[i] for i in browser.execute_script("return graphkit.nodeView.getIds()")}
    assert shown == {n for n in agencies if cooperation.nodes[n]["province"] == "陕西省"}
    browser.find_element("id", "gk-reset").click()
    assert browser.execute_script("return graphkit.nodeView.length") == cooperation.number_of_nodes()


def test_bipartite_view_keeps_the_topic_measures_and_their_agencies(browser, pages, B):
    from selenium.webdriver.support.ui import Select

    assert_clean(load(browser, pages["bipartite"]))
    topic = "business-start"
    measures = of_topic(B, topic)
    Select(browser.find_element("id", "gk-topic")).select_by_value(topic)
    names = list(B.nodes)
    shown = {names[i] for i in browser.execute_script("return graphkit.nodeView.getIds()")}
    agencies = {a for m in measures for a in B[m]}
    assert shown == measures | agencies
    assert browser.execute_script("return graphkit.edgeView.length") == sum(
        len(B[m]) for m in measures)
    rows = legend(browser)
    assert f"措施 measure ({len(measures)} of {len(of_measures(B))})" in rows, rows
    assert all(visible_in_canvas(browser))


def of_measures(B):
    return [m for m, k in B.nodes(data="kind") if k == "measure"]


@pytest.mark.slow
def test_corpus_pages_filter_by_topic(browser, corpus_store, tmp_path):
    """On the corpus, whose topics come from the build: the ledger keeps the rows of a topic
    and the cooperation view the agencies with a role in its measures."""
    from selenium.webdriver.support.ui import Select

    from graphkit.analysis import bipartite_graph

    B = bipartite_graph(corpus_store)
    G = cooperation_graph(B, isolates=False)
    topic = "electricity"
    measures = of_topic(B, topic)
    assert len(measures) >= 5
    load(browser, write_ledger(B, tmp_path / "ledger.html"))
    Select(browser.find_element("id", "gk-topic")).select_by_value(topic)
    assert browser.execute_script("return graphkit.shown()") == len(measures)
    assert_clean(load(browser, write_page(G, tmp_path / "cooperation.html", measures=B)))
    Select(browser.find_element("id", "gk-topic")).select_by_value(topic)
    names = list(G.nodes)
    shown = {names[i] for i in browser.execute_script("return graphkit.nodeView.getIds()")}
    assert shown == {a for m in measures for a in B[m]} & set(G)
    assert all(visible_in_canvas(browser))


def test_pages_open_on_the_topic_of_their_address(browser, B, cooperation, tmp_path):
    ledger = write_ledger(B, tmp_path / "ledger.html")
    page = write_page(cooperation, tmp_path / "cooperation.html", measures=B)
    measures = of_topic(B, "construction-permits")
    for path, check in (
        (ledger, "return graphkit.shown()"),
        (page, "return graphkit.nodeView.length"),
    ):
        browser.get("about:blank")
        browser.get(path.as_uri() + "#topic=construction-permits")
        deadline = time.time() + 30
        while browser.execute_script("return document.body && document.body.dataset.ready") != "1":
            assert time.time() < deadline
            time.sleep(0.05)
        assert browser.find_element("id", "gk-topic").get_attribute("value") == "construction-permits"
        want = len(measures) if path == ledger else len(
            {a for m in measures for a in B[m]} & set(cooperation))
        assert browser.execute_script(check) == want
