"""An agency is its region's code and its official name, not the string a document wrote."""

from __future__ import annotations

import re

import pytest
from rdflib import RDF, SKOS, Literal

from graphkit.extraction.build import extract_text
from graphkit.extraction.identity import NATIONAL_CODE, identify
from graphkit.extraction.text import from_string
from graphkit.namespace import GK, IRIs
from graphkit.records import Assignment, Document, Measure
from graphkit.store.convert import graph_of, nquads_of, quads_of

IRI = IRIs("https://example.org/gk/")
AGENCY_IRI = re.compile(r"^https://example\.org/gk/agency/(\d{6}|cn)/[0-9a-f]{12}$")


def _plan(name: str, region: str, number: str, clause: str) -> object:
    """One file holding one plan of ``region``'s government with one measure."""
    head = f"{region}人民政府关于印发某某工作方案的通知\n{number}\n" if region else "关于印发某某工作方案的通知\n"
    return extract_text(from_string(head + f"一、重点任务\n1.压缩企业开办时间。（{clause}）\n",
                                    source=name))


def _agencies(ds) -> dict:
    """Agency node -> (prefLabel, altLabels)."""
    out = {}
    for node in set(ds.subjects(RDF.type, GK.Agency)):
        prefs = {str(x) for x in ds.objects(node, SKOS.prefLabel)}
        assert len(prefs) == 1, (node, prefs)
        out[node] = (prefs.pop(), {str(x) for x in ds.objects(node, SKOS.altLabel)})
    return out


@pytest.mark.parametrize(
    ("spellings", "official"),
    [
        (("宁夏自治区财政厅", "宁夏回族自治区财政厅", "宁夏财政厅"), "宁夏回族自治区财政厅"),
        (("西藏商务厅", "西藏自治区商务厅"), "西藏自治区商务厅"),
        (("拉萨市司法局", "拉萨司法局", "西藏自治区拉萨市司法局"), "拉萨市司法局"),
        (("钢城区司法局", "济南市钢城区司法局", "山东省济南市钢城区司法局"), "济南市钢城区司法局"),
        (("甘孜州财政局", "甘孜藏族自治州财政局"), "甘孜藏族自治州财政局"),
        (("拉萨市经济技术开发区管理委员会", "拉萨经济技术开发区管理委员会"),
         "拉萨经济技术开发区管理委员会"),
    ],
)
def test_spellings_of_a_region_prefix_are_one_identity(spellings, official):
    found = {identify(s) for s in spellings}
    assert len(found) == 1
    (identity,) = found
    assert identity.label == official and re.fullmatch(r"\d{6}", identity.code)
    assert len({IRI.agency(s) for s in spellings}) == 1


@pytest.mark.parametrize(
    "label", ["延安大学", "南昌铁路局", "广东出入境检验检疫局", "贵州大数据集团", "甘肃中石油昆仑燃气有限公司"]
)
def test_a_body_whose_own_name_holds_its_place_keeps_its_spelling(label):
    identity = identify(label)
    assert identity.label == label and identity.code != NATIONAL_CODE


def test_identity_is_its_own_official_name():
    """Resolution names an agency officially, the graph identifies it again: the same."""
    for label in ("宁夏自治区财政厅", "拉萨市经济技术开发区管理委员会", "西藏商务厅", "城关区司法局",
                  "中共延安市委宣传部", "延安大学", "国务院办公厅", "自来水公司"):
        for within in ("", "540100", "620100"):
            first = identify(label, within)
            assert identify(first.label, within) == first


def test_the_document_region_places_shared_and_placeless_names():
    lhasa, lanzhou = identify("城关区司法局", "540100"), identify("城关区司法局", "620100")
    assert (lhasa.code, lanzhou.code) == ("540102", "620102")
    assert identify("自来水公司", "540100") != identify("自来水公司", "640100")
    assert identify("国务院办公厅", "540100").code == NATIONAL_CODE
    assert identify("国家税务总局拉萨市税务局").code == "540100"
    assert identify("中共延安市委宣传部").code == "610600"


def test_iri_shape():
    assert AGENCY_IRI.match(str(IRI.agency("宁夏回族自治区财政厅")))
    assert str(IRI.agency("宁夏回族自治区财政厅")).split("/")[-2] == "640000"
    assert str(IRI.agency("国务院办公厅")).split("/")[-2] == "cn"
    # a record's region places a name that does not open with its place, and only such a name
    assert str(IRI.agency("中国人民银行兰州中心支行", region="620000")).split("/")[-2] == "620000"
    assert str(IRI.agency("西藏自治区商务厅", region="540100")).split("/")[-2] == "540000"
    assert str(IRI.agency("国务院办公厅", region="540100")).split("/")[-2] == "cn"
    scoped = str(IRI.agency("区司法局", "d.txt/d1"))
    assert re.fullmatch(r"https://example\.org/gk/agency/d\.txt/d1/[0-9a-f]{12}", scoped)


def test_two_spellings_in_two_documents_are_one_node():
    a = _plan("a.txt", "拉萨市", "拉政发〔2021〕9号", "西藏商务厅牵头")
    b = _plan("b.txt", "拉萨市", "拉政发〔2021〕10号", "西藏自治区商务厅牵头")
    assert a.measures[0].assignments[0].agency == b.measures[0].assignments[0].agency
    ds = graph_of([a, b], IRI)
    nodes = {n: v for n, v in _agencies(ds).items() if v[0] == "西藏自治区商务厅"}
    assert len(nodes) == 1
    ((node, (_, alts)),) = nodes.items()
    assert "西藏商务厅" in alts
    assert {str(m) for m in ds.objects(node, GK.leads)} == {
        str(IRI.measure("a.txt/d1/m1")), str(IRI.measure("b.txt/d1/m1"))}


def test_records_written_another_way_give_the_official_node():
    """Records from elsewhere (JSON Lines, a user's alias table) may spell the place
    otherwise: the graph still has one node, named officially."""
    docs, measures = [], []
    for i, label in enumerate(("宁夏自治区财政厅", "宁夏回族自治区财政厅"), 1):
        doc = Document(id=f"n{i}.txt/d1", source=f"n{i}.txt", line=1, end_line=3, title="某方案",
                       region="宁夏回族自治区")
        docs.append(doc)
        measures.append(Measure(id=f"{doc.id}/m1", doc_id=doc.id, source=doc.source, line=2,
                                number="1", text="加强监管。",
                                assignments=(Assignment("lead", label, label),)))
    ds = graph_of([*docs, *measures], IRI)
    nodes = _agencies(ds)
    assert list(nodes.values()) == [("宁夏回族自治区财政厅", {"宁夏自治区财政厅"})]
    assert (next(iter(nodes)), SKOS.prefLabel, Literal("宁夏回族自治区财政厅", lang="zh")) in ds


def test_one_name_in_two_regions_is_two_nodes():
    a = _plan("a.txt", "拉萨市", "拉政发〔2021〕9号", "自来水公司、城关区司法局负责")
    c = _plan("c.txt", "兰州市", "兰政发〔2021〕9号", "自来水公司、城关区司法局负责")
    nodes = _agencies(graph_of([a, c], IRI))
    water = [n for n, (pref, _) in nodes.items() if pref == "自来水公司"]
    assert len(water) == 2
    assert {str(n).split("/")[-2] for n in water} == {"540100", "620100"}
    justice = {pref for pref, _ in nodes.values() if pref.endswith("城关区司法局")}
    assert justice == {"拉萨市城关区司法局", "兰州市城关区司法局"}


def test_one_bare_name_in_two_regionless_documents_is_two_nodes():
    d = _plan("d.txt", "", "", "区司法局牵头")
    e = _plan("e.txt", "", "", "区司法局牵头")
    nodes = [n for n, (pref, _) in _agencies(graph_of([d, e], IRI)).items() if pref == "区司法局"]
    assert sorted(str(n).split("/")[-2] for n in nodes) == ["d1", "d1"]
    assert len(nodes) == 2 and {str(n).split("/")[-3] for n in nodes} == {"d.txt", "e.txt"}


def test_the_three_conversions_agree_and_a_file_graph_does_not_depend_on_the_others():
    a = _plan("a.txt", "拉萨市", "拉政发〔2021〕9号", "西藏商务厅牵头，自来水公司配合")
    b = _plan("b.txt", "拉萨市", "拉政发〔2021〕10号", "西藏自治区商务厅牵头")
    lines = list(nquads_of([a, b], IRI))
    quads = list(quads_of([a, b], IRI))
    assert len(lines) == len(set(lines)) == len(quads)
    assert [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for s, p, o, g in quads] == lines
    ds = graph_of([a, b], IRI)
    named = {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}
    assert named == set(quads)
    alone = set(nquads_of([a], IRI))
    graph_a = f"<{IRI.graph('a.txt/d1')}>"
    assert {x for x in lines if x.rstrip(" .\n").endswith(graph_a)} == alone
    assert list(nquads_of([a, b], IRI)) == lines  # the same every time
