"""The row reader: header roles, one measure per row, cells parsed as clauses, any front end."""

from __future__ import annotations

import re

import pytest

from graphkit.extraction.build import extract_text
from graphkit.extraction.resolve import Context
from graphkit.extraction.tables import (
    Cell,
    Row,
    column_roles,
    find_tables,
    pipe_tables,
    table_measures,
)
from graphkit.extraction.text import from_string
from graphkit.records import Document

DOC = Document(id="t/d1", source="t", line=1, end_line=9, title="某市任务清单", date="2021")
CTX = Context(region="拉萨市", province="西藏自治区", city="拉萨市")


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("序号", "number"),
        ("编号", "number"),
        ("工作任务", "text"),
        ("具体措施", "text"),
        ("改革举措", "text"),
        ("主题", "section"),
        ("领域", "section"),
        ("牵头单位", "lead"),
        ("牵头责任单位", "lead"),
        ("主办单位", "lead"),
        ("配合单位", "cooperate"),
        ("协办单位", "cooperate"),
        ("责任单位", "responsible"),
        ("责任部门", "responsible"),
        ("完成时限", "deadline"),
        ("时间节点", "deadline"),
        ("责任领导", "person"),
        ("分管领导", "person"),
        ("责任处室", "responsible"),
        ("细化分工", "text"),
        ("评分部门", "scorer"),
        ("考核单位", "scorer"),
        ("进展情况", ""),
        ("牵头单位：市发改委", ""),  # a labelled cell of data is no header
    ],
)
def test_header_roles(header, role):
    assert column_roles([header]) == [role]


def _measures(src: str):
    t = from_string(src, source="t")
    (table,) = pipe_tables(t, 0, len(t.raw))
    return table_measures(t, table, DOC, CTX)


def test_responsible_cell_with_its_own_clause():
    ms = _measures(
        "序号 | 重点任务 | 责任单位 | 完成时限\n"
        "1 | 压缩审批时间。 | 市发改委牵头，市财政局、市住建局配合 | 2021年6月底前\n"
        "2 | 加强监管。 | 市市场监管局、市公安局 | 常态实施\n"
    )
    assert [(a.role, a.agency) for a in ms[0].assignments] == [
        ("lead", "拉萨市发展和改革委员会"),
        ("cooperate", "拉萨市财政局"),
        ("cooperate", "拉萨市住房和城乡建设局"),
    ]
    assert [(a.role, a.agency) for a in ms[1].assignments] == [
        ("responsible", "拉萨市市场监督管理局"),
        ("responsible", "拉萨市公安局"),
    ]
    assert ms[0].deadline.date == "2021-06-30" and ms[1].deadline.period == "ongoing"


def test_person_column_is_never_an_agency():
    ms = _measures(
        "序号 | 工作任务 | 责任领导 | 牵头单位\n1 | 推进改革。 | 张三副市长 | 市发改委\n"
    )
    assert [(a.role, a.mention) for a in ms[0].assignments] == [("lead", "市发改委")]


def test_text_columns_joined_and_theme_as_section():
    ms = _measures(
        "主题 | 工作任务 | 具体措施 | 牵头单位\n"
        "（一）优化政务服务 | 推行一网通办 | 实现90%事项网上可办。 | 市政务服务局\n"
        "（一）优化政务服务 | 压缩办理时限 | 办理时间压缩至3个工作日。 | 市行政审批局\n"
    )
    assert [m.text for m in ms] == [
        "推行一网通办；实现90%事项网上可办。",
        "压缩办理时限；办理时间压缩至3个工作日。",
    ]
    assert ms[0].section == ("优化政务服务",) and ms[0].number == "（一）"
    assert [(t.value, t.unit) for t in ms[1].targets] == [("3", "个工作日")]


def test_core_takes_rows_of_cells_from_any_layout():
    """Rows found otherwise (here: cells split on runs of spaces) go through the same reader."""
    src = "序号    工作任务    牵头单位\n1    简化企业开办流程。    市市场监管局\n"
    t = from_string(src, source="t")
    rows = []
    pos = 0
    for no, line in enumerate(src.splitlines(), 1):
        cells = tuple(
            Cell(m.group(0), pos + m.start(), pos + m.end()) for m in re.finditer(r"\S+", line)
        )
        rows.append(Row(no, pos, pos + len(line), cells))
        pos += len(line) + 1
    (table,) = find_tables(rows)
    (m,) = table_measures(t, table, DOC, CTX)
    assert (m.number, m.text, m.line) == ("1", "简化企业开办流程。", 2)
    assert [(a.role, a.agency) for a in m.assignments] == [("lead", "拉萨市市场监督管理局")]


def test_markdown_table_in_a_text_file_among_items():
    src = (
        "拉萨市人民政府办公室关于印发某某工作方案的通知\n"
        "一、重点任务\n"
        "1.加强组织领导。（市发改委牵头）\n"
        "二、任务清单\n"
        "| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n"
        "| 1 | 简化企业开办流程。 | 市市场监管局 | 市税务局 |\n"
        "| 2 | 推进证照分离。 | 市行政审批局 | |\n"
        "三、保障措施\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [
        (m.number, m.text, [(a.role, a.agency) for a in m.assignments])
        for m in ex.measures
        if m.assignments
    ]
    assert got == [
        ("1", "加强组织领导。（市发改委牵头）", [("lead", "拉萨市发展和改革委员会")]),
        (
            "1",
            "简化企业开办流程。",
            [("lead", "拉萨市市场监督管理局"), ("cooperate", "国家税务总局拉萨市税务局")],
        ),
        ("2", "推进证照分离。", [("lead", "拉萨市行政审批局")]),
    ]


def test_pipes_without_a_header_are_left_to_the_items():
    src = "某市工作方案\n一、总体要求\n1.推进 A | B 两项改革。（市发改委牵头）\n"
    ex = extract_text(from_string(src, source="t.txt"))
    assert [(m.number, m.text, [a.agency for a in m.assignments]) for m in ex.measures] == [
        ("1", "推进 A | B 两项改革。（市发改委牵头）", ["市发展和改革委员会"])
    ]


def test_names_cut_before_their_ending_in_an_agency_cell_are_kept_and_completed():
    # a PDF cell loses the ends of its names: 市人口计生 (委), 新闻出版 (局)
    src = (
        "拉萨市人民政府关于印发任务分解表的通知\n"
        "序号 | 工作任务 | 牵头单位 | 配合单位\n"
        "1 | 提高孕产妇保健水平。 | 市卫健委 | 市人口计生、市妇联\n"
        "2 | 繁荣出版事业。 | 市委宣传部 | 新闻出版、市文化局\n"
        "3 | 办好民生实事。 | 市教育局 | 县民生实事、市财政局\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [[(a.role, a.mention, a.agency) for a in m.assignments] for m in ex.measures]
    assert ("cooperate", "市人口计生", "拉萨市人口和计划生育委员会") in got[0]
    assert ("cooperate", "市妇联", "拉萨市妇女联合会") in got[0]
    assert ("cooperate", "新闻出版", "拉萨市新闻出版局") in got[1]
    # a cut name the lexicon does not complete is not made into a body
    assert [a[1] for a in got[2]] == ["市教育局", "市财政局"]


def test_pipe_rows_closed_by_a_lone_pipe_line_and_short_of_merged_cells():
    # each row is closed by a line holding only 「|」; row 2 lacks the 细化分工 cell (merged
    # in the source), so its last cells are the table's last columns; the department named
    # in the page's 发布机构 field owns its 处
    src = (
        "发布机构: 某省卫生健康委员会\n"
        "工作任务台账 |\n"
        "序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |\n"
        "1 | 做好信息发布 | 围绕防控发布权威信息 | 应急处、疾控处 | 长期推进 |\n"
        "|\n"
        "2 | 做好接种信息公开 | 财务处 | 2021年8月前 |\n"
        "|\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [(m.number, m.text, [(a.role, a.mention) for a in m.assignments]) for m in ex.measures]
    assert got == [
        ("1", "做好信息发布；围绕防控发布权威信息",
         [("responsible", "应急处"), ("responsible", "疾控处")]),
        ("2", "做好接种信息公开", [("responsible", "财务处")]),
    ]
    assert ex.measures[1].deadline is not None and "2021" in ex.measures[1].deadline.text


def test_one_cell_per_line_scoring_column_is_no_assignment():
    # 评分部门 holds the bodies a level up that score the task: a body of another level
    # after the row's own is that column's, and read as no assignment
    src = (
        "某县任务清单\n序号\n考核指标\n单位\n年度目标\n责任部门\n评分部门\n"
        "1\n农林牧渔业增加值增幅\n%\n≥2%\n县海洋与渔业局\n县农业农村局\n市农业农村局\n"
        "2\n粮食播种面积\n万亩\n0.07\n县农业农村局\n市农业农村局\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [[(a.role, a.mention) for a in m.assignments] for m in ex.measures]
    assert got == [
        [("responsible", "县海洋与渔业局"), ("responsible", "县农业农村局")],
        [("responsible", "县农业农村局")],
    ]


def test_one_cell_per_line_header_cells_wrapped_onto_two_lines():
    # 「责任 / 领导」 and 「责任 / 科室」: a header cell wrapped onto two lines is one cell
    src = (
        "某镇重点工作计划\n序号\n重点工作\n责任\n领导\n责任\n科室\n完成情况\n"
        "1\n水库工程政策处理\n张三\n水库工程政策处理工作领导小组\n进度达60%。\n"
        "2\n创建美丽城镇\n李四\n乡村振兴办\n已完成。\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [[(a.role, a.mention) for a in m.assignments] for m in ex.measures]
    assert got == [
        [("responsible", "水库工程政策处理工作领导小组")],
        [("responsible", "乡村振兴办")],
    ]
    assert [m.text[:6] for m in ex.measures] == ["水库工程政策", "创建美丽城镇"]
