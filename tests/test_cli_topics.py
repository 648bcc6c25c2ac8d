"""``--topic`` on ``graphkit view``, ``centrality``, ``communities``, ``brokers`` and
``network``: a store built by ``graphkit build`` from two small plans, whose topics the
topic rules give; the expected rows are read from the store with SPARQL of their own."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner

from graphkit.analysis import bipartite_graph
from graphkit.cli import cli
from graphkit.errors import QueryError
from graphkit.store import query

LHASA = [
    "拉萨市人民政府关于印发优化营商环境工作方案的通知",
    "拉政发〔2021〕9号",
    "各县（区）人民政府，市直各部门：",
    "一、重点任务",
    "1.压缩企业开办时间，全程网办，3个工作日办结。（市市场监管局牵头，市公安局、市税务局配合）",
    "2.推进不动产登记一窗办理。（市自然资源局负责）",
    "3.降低用电成本，优化供电服务。（市发展改革委牵头，国网拉萨供电公司配合）",
    "4.优化办税服务，推广网上办税。（市税务局负责）",
    "5.压缩用电报装时间。（国网拉萨供电公司牵头，市住房城乡建设局配合）",
    "6.公开电费收费标准。",
]
XIAN = [
    "西安市人民政府关于印发进一步优化营商环境实施方案的通知",
    "市政发〔2020〕12号",
    "各区、县人民政府，市人民政府各工作部门：",
    "一、主要任务",
    "1.推行用水用气报装一站式服务。（市水务局牵头，市城管局配合）",
    "2.优化供电服务，压减接电时间。（国网西安供电公司牵头，市发展改革委配合）",
    "3.推行税费网上申报。（市税务局负责）",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("topic-corpus")
    (corpus / "lhasa.txt").write_text("\n".join(LHASA) + "\n", encoding="utf-8")
    (corpus / "xian.txt").write_text("\n".join(XIAN) + "\n", encoding="utf-8")
    path = corpus / "store"
    result = CliRunner().invoke(cli, ["build", "--store", str(path), str(corpus)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def run(store):
    def invoke(*args):
        return CliRunner().invoke(cli, [*map(str, args), "--store", str(store)])
    return invoke


def topic_measures(store, topic: str) -> set[str]:
    """The texts of the store's measures of ``topic``."""
    rows = query(store, f"""
        SELECT ?text WHERE {{
          ?m a gk:Measure ; gk:text ?text ; gk:topic ?t . ?t skos:notation "{topic}" .
        }}""")
    return set(rows["text"])


def roles_on_topic(store, topic: str, role: str) -> Counter:
    """Measures of ``topic`` per agency holding ``role`` on them."""
    rows = query(store, f"""
        SELECT DISTINCT ?m ?name WHERE {{
          ?m gk:topic ?t . ?t skos:notation "{topic}" .
          ?a a gk:Assignment ; gk:measure ?m ; gk:agency ?g ; gk:role ?rc .
          ?g a gk:Agency ; skos:prefLabel ?name .
          VALUES (?rc ?role) {{ (gk:roleLead "lead") (gk:roleCooperate "cooperate")
                                (gk:roleResponsible "responsible") }}
          FILTER(?role = "{role}")
        }}""")
    return Counter(rows["name"])


def payload(path) -> dict:
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_the_corpus_has_topics_to_filter(store):
    assert len(topic_measures(store, "electricity")) >= 4
    assert topic_measures(store, "taxes") and topic_measures(store, "water-gas")
    led = roles_on_topic(store, "electricity", "lead")
    assert len(led) >= 2
    # some agency leads measures of other topics only
    everything = query(store, """
        SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {
          ?a a gk:Assignment ; gk:agency ?g ; gk:role gk:roleLead . ?g a gk:Agency }""")
    assert int(everything["n"][0]) > len(led)


@pytest.mark.parametrize("topic", ["electricity", "获得电力", "獲得電力"])
def test_centrality_counts_only_the_topics_measures(run, store, topic):
    result = run("centrality", "--topic", topic, "--role", "any", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {r["agency"]: r for r in json.loads(result.stdout)}
    for role, column in (("lead", "led"), ("cooperate", "cooperated"),
                         ("responsible", "responsible")):
        want = roles_on_topic(store, "electricity", role)
        assert {a: rows[a][column] for a in rows if rows[a][column]} == dict(want), role
    unfiltered = {r["agency"]: r for r in json.loads(
        run("centrality", "--role", "any", "--format", "json").stdout)}
    assert set(rows) < set(unfiltered)
    assert unfiltered["国家税务总局拉萨市税务局"]["responsible"] > 0 and "国家税务总局拉萨市税务局" not in rows


def test_topics_are_a_union(run, store):
    result = run("centrality", "--topic", "electricity", "--topic", "taxes", "--format", "json",
                 "--role", "any")
    led = {r["agency"]: r["responsible"] for r in json.loads(result.stdout)}
    want = roles_on_topic(store, "electricity", "responsible") + roles_on_topic(
        store, "taxes", "responsible")
    assert {a: n for a, n in led.items() if n} == dict(want)


def test_ledger_has_only_the_topics_rows(run, store, tmp_path):
    out = tmp_path / "ledger.html"
    result = run("view", "ledger", "--topic", "electricity", "-o", out)
    assert result.exit_code == 0, result.output
    data = payload(out)
    fields = data["meta"]["fields"]
    texts = {r[fields.index("text")] for r in data["rows"]}
    want = topic_measures(store, "electricity")
    assert texts == want and "公开电费收费标准。" in texts  # a measure naming no agency too
    assert data["meta"]["title"] == "台账 ledger · 获得电力"
    assert f"({len(want)} measures)" in result.stderr


def test_cooperation_page_keeps_the_topics_agencies(run, store, tmp_path):
    out = tmp_path / "cooperation.html"
    result = run("view", "cooperation", "--topic", "taxes", "--topic", "electricity",
                 "--region", "拉萨市", "-o", out)
    assert result.exit_code == 0, result.output
    data = payload(out)
    assert data["meta"]["title"] == "合作网络 cooperation network · 拉萨市 · 纳税 · 获得电力"
    shown = {m["t"] for m in data["measures"]}
    assert shown <= topic_measures(store, "electricity") | topic_measures(store, "taxes")
    names = {n["name"] for n in data["nodes"]}
    on_topic = set()
    for topic in ("taxes", "electricity"):
        for role in ("lead", "cooperate", "responsible"):
            on_topic |= set(roles_on_topic(store, topic, role))
    assert names <= on_topic
    assert "拉萨市市场监督管理局" not in names  # leads business-start only
    assert {"拉萨市发展和改革委员会", "国网拉萨供电公司", "拉萨市住房和城乡建设局"} <= names


def test_a_topic_leaving_nothing_is_an_error(run, tmp_path):
    out = tmp_path / "ledger.html"
    result = run("view", "ledger", "--topic", "insolvency", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "no measures" in result.stderr and "办理破产" in result.stderr
    result = run("view", "cooperation", "--topic", "taxes", "-o", tmp_path / "c.html")
    assert result.exit_code == 1 and "has no nodes" in result.stderr and "纳税" in result.stderr


@pytest.mark.parametrize("command", [["view", "ledger"], ["centrality"], ["communities"],
                                     ["brokers"], ["network", "-o", "x.gexf"]])
def test_unknown_topic_is_a_usage_error_listing_the_topics(run, command):
    result = run(*command, "--topic", "电力")
    assert result.exit_code == 2
    assert "unknown topic '电力'" in result.stderr
    assert "electricity (获得电力)" in result.stderr and "taxes (纳税)" in result.stderr


def test_communities_and_network_with_a_topic(run, store, tmp_path):
    result = run("communities", "--topic", "electricity", "--format", "json")
    assert result.exit_code == 0, result.output
    table = json.loads(result.stdout)
    members = {a for c in table for a in c["members"].split(", ")}
    agencies = set()
    for role in ("lead", "cooperate", "responsible"):
        agencies |= set(roles_on_topic(store, "electricity", role))
    assert members == agencies and sum(c["size"] for c in table) == len(agencies)
    out = tmp_path / "b.csv"
    assert run("network", "--graph", "bipartite", "--topic", "taxes", "-o", out).exit_code == 0
    result = run("network", "--graph", "citations", "--topic", "taxes", "-o", tmp_path / "x.gexf")
    assert result.exit_code == 2 and "--topic" in result.stderr


def test_bipartite_graph_topics(store):
    B = bipartite_graph(store, topics="獲得電力", unassigned=True)
    measures = {d["text"] for _, d in B.nodes(data=True) if d["kind"] == "measure"}
    assert measures == topic_measures(store, "electricity")
    assert all(B.degree(n) for n, k in B.nodes(data="kind") if k == "agency")
    assert B.graph["filters"]["topics"] == ("electricity",)
    with pytest.raises(QueryError, match="unknown topic"):
        bipartite_graph(store, topics=["electricity", "nonsense"])


def test_ledger_with_a_topic_has_the_rows_the_page_filter_keeps(run, tmp_path):
    whole, part = tmp_path / "ledger.html", tmp_path / "ledger-taxes.html"
    assert run("view", "ledger", "-o", whole).exit_code == 0
    assert run("view", "ledger", "--topic", "纳税", "-o", part).exit_code == 0
    a, b = payload(whole), payload(part)
    fields, catalogue = a["meta"]["fields"], [t[0] for t in a["meta"]["topics"]]
    kept = [r for r in a["rows"] if catalogue.index("taxes") in r[fields.index("topics")]]
    assert 0 < len(kept) < len(a["rows"])
    assert sorted(r[fields.index("text")] for r in kept) == sorted(
        r[b["meta"]["fields"].index("text")] for r in b["rows"])


def test_compare_topics_takes_the_same_names(run):
    by_id = run("compare", "--what", "topics", "--level", "city", "--topic", "electricity",
                "--format", "json")
    by_name = run("compare", "--what", "topics", "--level", "city", "--topic", "獲得電力",
                  "--format", "json")
    assert by_id.exit_code == 0 and by_id.stdout == by_name.stdout
    assert {r["topic"] for r in json.loads(by_id.stdout)} == {"electricity"}
    assert run("compare", "--what", "topics", "--topic", "电力").exit_code == 2
