"""Agencies through institutional reforms: the table, the matching rule, the graph, the analyses."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from graphkit.analysis import bipartite_graph, lead_moves, topic_leads
from graphkit.extraction.reforms import chain, functional_core, reforms, successor
from graphkit.namespace import GK
from graphkit.records import Agency, Assignment, Document, Measure, Region
from graphkit.store import graph_of, query, validate

#: (name as resolved, region, level, names of the region, successor).
CASES = [
    # the same body however a name was resolved or written
    ("西藏自治区工商行政管理局", "西藏自治区", "province", (), "西藏自治区市场监督管理局"),
    ("西藏自治区工商局", "西藏自治区", "province", (), "西藏自治区市场监督管理局"),
    ("区工商局", "西藏自治区", "province", (), "西藏自治区市场监督管理局"),
    ("西藏工商局", "西藏自治区", "province", ("西藏",), "西藏自治区市场监督管理局"),
    ("西藏自治区质量技术监督局", "西藏自治区", "province", (), "西藏自治区市场监督管理局"),
    ("西藏自治区食品药品监督管理局", "西藏自治区", "province", (), "西藏自治区市场监督管理局"),
    # levels name their successors differently
    ("陕西省国土资源厅", "陕西省", "province", (), "陕西省自然资源厅"),
    ("咸阳市国土资源局", "咸阳市", "city", (), "咸阳市自然资源局"),
    ("甘肃省环境保护厅", "甘肃省", "province", (), "甘肃省生态环境厅"),
    ("拉萨市环保局", "拉萨市", "city", (), "拉萨市生态环境局"),
    ("西藏自治区法制办公室", "西藏自治区", "province", (), "西藏自治区司法厅"),
    ("拉萨市人民政府法制办公室", "拉萨市", "city", (), "拉萨市司法局"),
    ("拉萨市卫生和计划生育委员会", "拉萨市", "city", (), "拉萨市卫生健康委员会"),
    ("宁夏回族自治区农牧厅", "宁夏回族自治区", "province", (), "宁夏回族自治区农业农村厅"),
    ("城关区农牧局", "城关区", "county", ("拉萨市城关区",), "城关区农业农村局"),
    ("陕西省文化厅", "陕西省", "province", (), "陕西省文化和旅游厅"),
    ("西安市旅游发展委员会", "西安市", "city", ("陕西省西安市", "陕西省"), "西安市文化和旅游局"),
    ("陕西省机构编制委员会办公室", "陕西省", "province", (), "中共陕西省委机构编制委员会办公室"),
    ("中国银行保险监督管理委员会甘肃监管局", "甘肃省", "province", (),
     "国家金融监督管理总局甘肃监管局"),
    ("甘肃省地方金融监督管理局", "甘肃省", "province", (), "甘肃省地方金融管理局"),
    # not a predecessor: an already reformed body, a look-alike name, a body the table does not cover
    ("拉萨市市场监督管理局", "拉萨市", "city", (), None),
    ("拉萨市工商业联合会", "拉萨市", "city", (), None),
    ("拉萨市国土空间规划委员会", "拉萨市", "city", (), None),
    ("拉萨市公安局", "拉萨市", "city", (), None),
]


@pytest.mark.parametrize(("label", "region", "level", "names", "expected"), CASES,
                         ids=[c[0] for c in CASES])
def test_successor_by_region_and_functional_core(label, region, level, names, expected):
    c = successor(label, region, level=level, region_names=names)
    assert (c.resulting if c else None) == expected


def test_a_change_takes_effect_in_its_year_at_each_level():
    assert successor("西藏自治区工商局", "西藏自治区", level="province").year == "2018"
    assert successor("拉萨市工商局", "拉萨市", level="city").year == "2019"
    # seen under its old name after the change: the reform did not replace it
    assert successor("拉萨市文化局", "拉萨市", level="city", seen=2021) is None
    assert successor("拉萨市文化局", "拉萨市", level="city", seen=2019) is not None


def test_exceptions_and_changes_without_a_named_successor():
    # 西藏 kept culture and tourism apart, in the region and below it
    assert successor("西藏自治区文化厅", "西藏自治区", level="province") is None
    assert successor("拉萨市文化局", "拉萨市", level="city", region_names=("西藏自治区",)) is None
    c = successor("咸阳市审改办", "咸阳市", level="city")
    assert c.reform.id == "2018-approval-reform-office" and c.resulting == ""
    # the provincial 数据局 bodies; no change for a city's
    assert successor("甘肃省大数据管理局", "甘肃省", level="province").resulting == "甘肃省数据局"
    assert successor("陇南市大数据管理局", "陇南市", level="city") is None


def test_functional_core():
    assert functional_core("西藏自治区工商行政管理局", ["西藏自治区"]) == "工商行政管理局"
    assert functional_core("拉萨市城关区工商局", ["拉萨市城关区", "城关区", "拉萨市"]) == "工商局"
    assert functional_core("市工商局") == "工商局"
    assert functional_core("（空）") == "（空）"


def test_chain_follows_successors_and_stops():
    assert [c.resulting for c in chain("拉萨市工商局", "拉萨市", level="city")] == [
        "拉萨市市场监督管理局"]
    assert chain("拉萨市市场监督管理局", "拉萨市", level="city") == []


def test_table_rows_have_sources_and_valid_patterns():
    rows = reforms()
    assert {r.id for r in rows} >= {
        "2018-market-regulation", "2018-justice", "2018-natural-resources",
        "2018-ecology-environment", "2018-health", "2018-agriculture", "2018-culture-tourism",
        "2018-establishment", "2023-financial-regulation", "2024-data"}
    for r in rows:
        re.compile(r.pattern)
        assert r.source and r.year.isdigit() and r.scope in ("core", "label"), r


# --- the graph ------------------------------------------------------------------------

REGIONS = [Region("540000", "西藏自治区", "province", "", "西藏"),
           Region("540100", "拉萨市", "city", "540000", "拉萨")]


def _records(doc_date: str = "2017-08-07"):
    doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="西藏自治区某方案",
                   date=doc_date, region="西藏自治区", region_path=("西藏自治区",))
    m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
                text="推进“证照分离”改革。",
                assignments=(Assignment("lead", "区工商局", "西藏自治区工商行政管理局", "a.txt", 3),))
    agency = Agency("西藏自治区工商行政管理局", "西藏自治区", "province", "市场监督管理")
    return [doc, m, agency, *REGIONS]


def test_change_events_and_years_are_in_the_graph_and_conform():
    ds = graph_of(_records())
    events = list(ds.subjects(RDF.type, ORG.ChangeEvent))
    assert len(events) == 1
    (e,) = events
    before = next(ds.objects(e, ORG.originalOrganization))
    after = next(ds.objects(e, ORG.resultingOrganization))
    assert (before, ORG.changedBy, e) in ds and (after, ORG.resultedFrom, e) in ds
    assert str(next(ds.objects(e, DCTERMS.date))) == "2018"
    assert "深化党和国家机构改革方案" in str(next(ds.objects(e, DCTERMS.source)))
    assert Literal("2017", datatype=next(ds.objects(before, GK.seenInYear)).datatype) in set(
        ds.objects(before, GK.seenInYear))
    assert not list(ds.objects(after, GK.seenInYear))  # the corpus need not see the successor
    report = validate(_records())
    assert report.conforms, report.summary()


def test_a_body_seen_after_the_change_gets_no_event():
    assert not list(graph_of(_records("2021-03-01")).subjects(RDF.type, ORG.ChangeEvent))


@pytest.mark.parametrize("drop", [ORG.originalOrganization, DCTERMS.date, DCTERMS.source])
def test_shapes_catch_a_broken_change_event(drop):
    ds = graph_of(_records())
    (e,) = ds.subjects(RDF.type, ORG.ChangeEvent)
    for g in ds.graphs():
        g.remove((e, drop, None))
    assert not validate(ds).conforms


def test_shapes_catch_a_change_event_whose_successor_is_not_an_agency():
    ds = graph_of(_records())
    (e,) = ds.subjects(RDF.type, ORG.ChangeEvent)
    g = next(g for g in ds.graphs() if (e, RDF.type, ORG.ChangeEvent) in g)
    g.remove((e, ORG.resultingOrganization, None))
    g.add((e, ORG.resultingOrganization, URIRef("https://example.org/nothing")))
    assert not validate(ds).conforms


# --- the corpus: the 工商局 -> 市场监督管理局 chain joins 2017 and 2021 ------------------

TIBET_PLAN, LHASA_GAZETTE, LHASA_LEDGER = "002_a353d1155dfef9ed.txt", "003_3faefc97083d851d.txt", \
    "000_75d57ed65029237d.txt"


@pytest.fixture(scope="module")
def followed(corpus_store):
    return bipartite_graph(corpus_store, follow_reforms=True)


@pytest.fixture(scope="module")
def plain(corpus_store):
    return bipartite_graph(corpus_store)


def _sources(B, agency):
    return {B.nodes[m]["document"].split("/doc/")[1].split("/")[0] for m in B[agency]}


def test_market_regulation_chain_joins_the_2017_plan_and_the_2021_ledger(followed, plain):
    chain_nodes = [n for n, d in followed.nodes(data=True)
                   if "2018-market-regulation" in d.get("reforms", ())
                   and d.get("province") == "西藏自治区"]
    assert set(chain_nodes) == {"西藏自治区市场监督管理局", "拉萨市市场监督管理局"}
    joined = set().union(*(_sources(followed, n) for n in chain_nodes))
    assert {TIBET_PLAN, LHASA_GAZETTE, LHASA_LEDGER} <= joined
    # the 2017 plan's 区工商局 is counted under its successor, with its 2017 measures
    succ = followed.nodes["西藏自治区市场监督管理局"]
    assert any("工商" in p for p in succ["predecessors"])
    assert TIBET_PLAN in _sources(followed, "西藏自治区市场监督管理局")
    assert all(followed.nodes[m]["year"] == 2017 for m in followed["西藏自治区市场监督管理局"])
    # the city's 2019 工商局 joins the city's 2021 市场监督管理局
    assert {LHASA_GAZETTE, LHASA_LEDGER} <= _sources(followed, "拉萨市市场监督管理局")
    # without following, they are separate nodes
    old = [n for n in plain if plain.nodes[n].get("kind") == "agency" and "工商行政管理局" in n]
    assert old and all(n not in followed for n in old)
    assert LHASA_GAZETTE not in _sources(plain, "拉萨市市场监督管理局")
    assert followed.nodes["拉萨市市场监督管理局"]["measures"] > plain.nodes[
        "拉萨市市场监督管理局"]["measures"]


def test_reform_chains_cookbook_lists_the_chain_per_year(corpus_store):
    from graphkit.store import cookbook_query

    df = query(corpus_store, cookbook_query("reform_chains"),
               params={"reform": "2018-market-regulation"})
    years = {(r.line, r.year) for r in df.itertuples()}
    assert ("西藏自治区市场监督管理局", "2017") in years
    assert ("拉萨市市场监督管理局", "2019") in years and ("拉萨市市场监督管理局", "2021") in years
    assert set(df["changed"]) == {"2018-market-regulation"}


def test_corpus_graph_with_change_events_and_topics_conforms(corpus_store):
    n = query(corpus_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a org:ChangeEvent }")
    assert int(n["n"][0]) >= 20
    assert validate(corpus_store).conforms


def test_follow_reforms_keeps_every_assignment(followed, plain):
    def edges(B):
        return sum(1 for u, v in B.edges()
                   if "agency" in (B.nodes[u].get("kind"), B.nodes[v].get("kind")))

    assert edges(followed) <= edges(plain)  # a body and its successor on one measure merge
    measures = {n for n, k in plain.nodes(data="kind") if k == "measure"}
    assert measures == {n for n, k in followed.nodes(data="kind") if k == "measure"}


def test_cli_follow_reforms(run_cli, corpus_store):
    plain = run_cli("centrality", "--store", corpus_store, "--region", "西藏自治区",
                    "--format", "csv")
    followed = run_cli("centrality", "--store", corpus_store, "--region", "西藏自治区",
                       "--follow-reforms", "--format", "csv")
    assert plain.exit_code == 0 and followed.exit_code == 0
    assert "西藏自治区工商行政管理局" in plain.stdout
    assert "西藏自治区工商行政管理局" not in followed.stdout
    assert "西藏自治区市场监督管理局" in followed.stdout


def test_leads_after_2018_with_reforms_followed(followed):
    moves = lead_moves(topic_leads(followed, level="province", split_year=2019))
    row = moves[(moves.region == "西藏自治区") & (moves.topic == "business-start")].iloc[0]
    assert row.before == "西藏自治区市场监督管理局"  # the 2017 工商局, followed
    assert row.before_type == row.after_type == "市场监督管理"
    assert not row.type_moved


def test_a_document_graph_does_not_depend_on_the_other_records():
    recs = _records()
    elsewhere = Agency("西藏自治区市场监督管理局", "西藏自治区", "province", "市场监督管理",
                       alt_labels=("区市场监管局",))
    alone, together = graph_of(recs), graph_of([*recs, elsewhere])
    assert set(alone.quads()) == set(together.quads())
    from graphkit.namespace import IRIs

    after = IRIs().agency("西藏自治区市场监督管理局")
    assert (after, RDF.type, GK.Agency) in alone
    assert not list(alone.objects(after, GK.seenInYear))


def test_who_leads_electricity_in_each_city(followed):
    table = topic_leads(followed, level="city", topics=["electricity"])
    lead = dict(zip(table["region"], table["lead_agency"], strict=True))
    assert lead["拉萨市"] == "国网拉萨供电公司" and lead["银川市"] == "国网银川供电公司"
    assert (table["lead_agency_measures"] <= table["measures"]).all()
