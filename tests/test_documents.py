"""A document's region, from wherever the document says it."""

from __future__ import annotations

import pytest

from graphkit.extraction import extract_text
from graphkit.extraction.text import from_string

CLAUSES = "1.优化服务。（{p}发改局牵头，{p}财政局配合）\n2.加强监管。（{p}市场监管局负责）\n"


@pytest.mark.parametrize(
    ("text", "region", "evidence"),
    [
        # the 文号's province abbreviation
        ("关于印发重点任务分工的通知\n豫政办〔2023〕5号\n" + CLAUSES.format(p="省"), "河南省", "文号"),
        # an issuer line of its own under the title
        ("重点任务分工方案\n济南市钢城区人民政府办公室\n" + CLAUSES.format(p="区"), "钢城区", "issuer line"),
        # the signature at the end
        ("重点任务分工方案\n" + CLAUSES.format(p="县") + "木兰县人民政府\n2021年3月1日\n", "木兰县",
         "issuer line"),
        # 「结合X实际」
        ("若干措施\n为促进发展，结合淮安实际，制定本措施。\n" + CLAUSES.format(p="市"), "淮安市", "结合淮安实际"),
        # a province named in the title, walked down to the district the clauses point to
        ("湖北省武汉市蔡甸区重点工作分工\n" + CLAUSES.format(p="区"), "蔡甸区", "title"),
    ],
)
def test_region_evidence(text, region, evidence):
    ex = extract_text(from_string(text, source="plan.txt"))
    doc = ex.documents[0]
    assert doc.region == region
    assert evidence in doc.region_evidence


def test_the_level_of_the_clauses_decides_the_prefix():
    ex = extract_text(from_string("重点任务分工方案\n海城市人民政府\n" + CLAUSES.format(p="市"), source="p.txt"))
    assert [a.agency for a in ex.measures[0].assignments] == ["海城市发展和改革局", "海城市财政局"]


def test_a_national_document_names_the_state_councils_bodies():
    text = "国务院办公厅关于印发重点任务分工方案的通知\n国办发〔2020〕43号\n1.优化服务。（发展改革委牵头，财政部、国资委参与）\n"
    ex = extract_text(from_string(text, source="n.txt"))
    assert ex.documents[0].region == ""
    assert [a.agency for a in ex.measures[0].assignments] == [
        "国家发展和改革委员会",
        "财政部",
        "国务院国有资产监督管理委员会",
    ]


def test_documents_without_a_region_keep_their_unplaced_agencies_apart(tmp_path):
    from graphkit.store import build_files, query

    plan = "重点任务分工方案\n1.优化服务。（区司法局牵头，区财政局配合）\n2.加强监管。（区司法局负责）\n"
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(plan, encoding="utf-8")
    (folder / "b.txt").write_text(plan, encoding="utf-8")
    ex = extract_text(from_string(plan, source="a.txt"))
    assert any("no region found" in p for p in ex.problems)
    assert {a.scope for m in ex.measures for a in m.assignments} == {"a.txt/d1"}
    build_files(tmp_path / "store", [folder])
    df = query(
        tmp_path / "store",
        'SELECT ?a ?doc WHERE { ?a skos:prefLabel "区司法局"@zh ; gk:scopeDocument ?doc }',
    )
    assert len(df) == 2 and df["a"].nunique() == 2 and df["doc"].nunique() == 2


def test_a_documents_own_short_name_of_a_body_is_that_body():
    text = (
        "银川市人民政府关于印发工作方案的通知\n一、深化改革\n1.压缩时限。（市审批服务管理局牵头，市公安局配合）\n"
        "2.一窗办理。（市审批局牵头，市税务局配合）\n"
    )
    ex = extract_text(from_string(text, source="p.txt"))
    leads = [a.agency for m in ex.measures for a in m.assignments if a.role == "lead"]
    assert leads == ["银川市审批服务管理局", "银川市审批服务管理局"]
    assert "银川市审批局" in ex.agencies["银川市审批服务管理局"].alt_labels
    assert "银川市审批局" not in ex.agencies


def test_a_full_name_in_an_earlier_document_names_the_regions_short_form():
    # two documents of one file: the first writes the body in full, the second by a
    # short form the lexicon would expand otherwise (大数据局 → 大数据管理局)
    text = (
        "浙江省人民政府办公厅关于印发数字化改革要点的通知\n浙政办发〔2021〕3号\n各市人民政府：\n"
        "一、重点任务\n1.建设数据平台。（省大数据发展管理局牵头，省财政厅配合）\n"
        "浙江省人民政府关于印发工作报告责任分解的通知\n浙政发〔2021〕5号\n各市人民政府：\n"
        "一、重点任务\n1.推进数据共享。（省大数据局牵头）\n2.完善平台。（省经信厅、省大数据局负责）\n"
        "湖北省人民政府关于印发工作要点的通知\n鄂政发〔2021〕2号\n各市人民政府：\n"
        "一、重点任务\n1.推进数据共享。（省大数据局牵头）\n"
    )
    ex = extract_text(from_string(text, source="p.txt"))
    assert len(ex.documents) == 3
    got = [[a.agency for a in m.assignments if "数据" in a.agency] for m in ex.measures]
    assert got == [["浙江省大数据发展管理局"]] * 3 + [["湖北省大数据管理局"]]  # 湖北: its own name
    assert "浙江省大数据管理局" in ex.agencies["浙江省大数据发展管理局"].alt_labels


def test_parts_that_hold_no_tasks_are_no_measures():
    text = (
        "淮安市人民政府关于印发工作方案的通知\n一、指导思想\n坚持以人民为中心，推进改革。\n二、主要目标\n1.企业开办时间压减到1个工作日。\n"
        "三、重点任务\n2.优化服务。（市市场监管局牵头）\n3.推进网办。\n四、保障措施\n4.加强组织领导。\n5.强化督查。（市政府办负责）\n"
    )
    ex = extract_text(from_string(text, source="p.txt"))
    got = [(m.number, m.text[:4]) for m in ex.measures]
    assert got == [("2", "优化服务"), ("3", "推进网办"), ("5", "强化督查")]


def test_inherited_leads_are_marked_in_records_and_graph():
    from graphkit.namespace import GK
    from graphkit.store import graph_of

    text = (
        "银川市人民政府关于印发工作方案的通知\n（一）深化商事制度改革（指标牵头单位：市审批服务管理局）\n"
        "1.压缩时限。（市市场监管局负责）\n"
    )
    ex = extract_text(from_string(text, source="p.txt"))
    got = [(a.agency, a.inherited) for a in ex.measures[0].assignments]
    assert got == [("银川市审批服务管理局", True), ("银川市市场监督管理局", False)]
    ds = graph_of([*ex.documents, *ex.measures, *ex.agencies.values()])
    assert len(list(ds.triples((None, GK.inherited, None)))) == 1


def test_a_clause_written_on_the_measures_line_is_part_of_its_text():
    text = (
        "江西省人民政府办公厅关于印发分工方案的通知\n（一）进一步加大投资力度。责任单位：省发改委牵头，省交通厅、省水利厅配合。\n"
        "（二）实施未成年人科学素质行动（由省教育厅、省科协负责）。\n"
    )
    ex = extract_text(from_string(text, source="p.txt"))
    assert [m.text for m in ex.measures] == [
        "进一步加大投资力度。责任单位：省发改委牵头，省交通厅、省水利厅配合。",
        "实施未成年人科学素质行动（由省教育厅、省科协负责）",
    ]
    roles = [(a.role, a.mention) for a in ex.measures[0].assignments]
    assert roles == [("lead", "省发改委"), ("cooperate", "省交通厅"), ("cooperate", "省水利厅")]


def test_a_county_named_only_in_a_branch_of_its_city_bureau_places_the_document():
    text = "2023年重点工作任务责任分解方案\n1.改善环境。（市生态环境局咸安分局牵头，区发改局配合）\n2.稳定增长。（区发改局负责）\n"
    ex = extract_text(from_string(text, source="p.txt"))
    assert ex.documents[0].region == "咸安区"
    assert "咸安分局" in ex.documents[0].region_evidence
