"""Tables flattened by text extraction, read back as rows: every layout, one rule each."""

from __future__ import annotations

import pytest

from graphkit.extraction import extract_text
from graphkit.extraction.text import from_string

HEAD = "大竹县人民政府办公室关于对民生实事进行重点督办的通知\n附件\n"


def _rows(text):
    ex = extract_text(from_string(HEAD + text, source="t.txt"))
    return [(m.text[:6], [(a.role, a.agency) for a in m.assignments if not a.collective])
            for m in ex.measures]


def test_one_cell_per_line_with_blank_lines_and_a_cell_over_several_lines():
    text = (
        "序号\n\n民生实事\n\n责任单位\n\n完成时限\n\n1\n\n启动建设东湖湿地公园。\n\n县水务局\n\n县住建局\n\n12月底前\n\n"
        "2\n\n新建2座人行天桥。\n\n县住建局\n\n9月投入使用\n"
    )
    assert _rows(text) == [
        ("启动建设东湖", [("responsible", "大竹县水务局"), ("responsible", "大竹县住房和城乡建设局")]),
        ("新建2座人行", [("responsible", "大竹县住房和城乡建设局")]),
    ]


def test_cells_between_pipe_lines_and_rows_under_a_merged_number():
    text = (
        "序号\n|\n项目\n|\n重点工作目标任务\n|\n牵头领导\n|\n责任单位\n|\n一、主要预期目标\n|\n1\n|\n主要预期目标\n|\n"
        "1.地区生产总值增长5%以上。\n|\n张 三\n|\n★县发改局、县统计局\n|\n2.一般公共预算收入增长3%。\n|\n李 四\n|\n★县财政局、县税务局\n"
    )
    assert _rows(text) == [
        ("1.地区生产", [("lead", "大竹县发展和改革局"), ("responsible", "大竹县统计局")]),
        ("2.一般公共", [("lead", "大竹县财政局"), ("responsible", "国家税务总局大竹县税务局")]),
    ]


def test_a_trailing_column_not_read_stays_in_its_row():
    text = (
        "序号\n项目内容\n当前进度\n牵头单位\n备注\n1\n建设农村路55公里。\n95%\n县交通局\n县民生实事\n"
        "2\n完成公路大修。\n90%\n县交通局\n县民生实事\n"
    )
    got = _rows(text)
    assert [g[0] for g in got] == ["建设农村路5", "完成公路大修"]
    assert all(g[1] == [("lead", "大竹县交通运输局")] for g in got)


@pytest.mark.parametrize("sep", [" ", "  "])
def test_rows_of_one_line_under_a_header_line(sep):
    text = (
        f"序号{sep}工 作 任 务{sep}牵头负责部门\n1{sep}城镇新增就业1000万人以上{sep}县人社局\n"
        f"2{sep}公路投资1.65亿元{sep}县交通局\n"
    )
    assert _rows(text) == [
        ("城镇新增就业", [("lead", "大竹县人力资源和社会保障局")]),
        ("公路投资1.", [("lead", "大竹县交通运输局")]),
    ]


def test_a_cut_name_among_a_rows_agency_cells_does_not_open_a_new_row():
    text = (
        "领域\n\n主要目标\n\n主要责任单位\n\n责任单位\n\n1.提高孕产妇保健水平。\n\n县卫健局\n\n县人口计生\n\n县妇联\n\n"
        "2.加强学前教育。\n\n县教育局\n\n县财政局\n"
    )
    rows = _rows(text)
    assert [r[0] for r in rows] == ["1.提高孕产", "2.加强学前"]
    assert rows[0][1] == [("lead", "大竹县卫生健康局"), ("responsible", "大竹县人口和计划生育委员会"),
                          ("responsible", "大竹县妇女联合会")]
