"""A lead named only in a group heading reaches every item of the group."""

from __future__ import annotations

from graphkit.extraction.build import extract_text
from graphkit.extraction.text import from_string

SRC = (
    "某省人民政府关于印发某年度工作任务分工的通知\n"
    "一、李某副省长负责的工作\n"
    "（一）省统计局牵头的工作\n"
    "完善统计调查制度。\n"
    "（二）省林业局牵头的工作\n"
    "1.扩大森林覆盖面积。\n"
    "2.加强湿地保护修复。\n"
    "协同单位：省水利厅、省自然资源厅和各市人民政府。\n"
    "（三）省体育局牵头的工作\n"
    "1.举办全民健身运动会。\n"
    "协同单位：省教育厅。\n"
    "2.建设社区健身场地。\n"
    "协同单位：省住房城乡建设厅。\n"
    "二、张某副省长负责的工作\n"
    "（一）省商务厅牵头工作（2项）\n"
    "1.培育外贸新业态。\n"
    "2.扩大消费。\n"
)


def _measures():
    ex = extract_text(from_string(SRC, source="g.txt"))
    return {m.text: [(a.role, a.mention) for a in m.assignments] for m in ex.measures}


def test_a_heading_lead_applies_to_the_lines_and_items_under_it():
    got = _measures()
    assert got["完善统计调查制度。"] == [("lead", "省统计局")]
    assert got["培育外贸新业态。"] == [("lead", "省商务厅")]
    assert got["扩大消费。"] == [("lead", "省商务厅")]
    # the heading of a person's work names no agency, and no heading is a measure
    assert not any("负责的工作" in text or "牵头" in text for text in got)


def test_a_partner_line_after_a_group_reaches_every_item_of_it():
    got = _measures()
    partners = [("cooperate", "省水利厅"), ("cooperate", "省自然资源厅")]
    for text in ("扩大森林覆盖面积。", "加强湿地保护修复。"):
        assert got[text][0] == ("lead", "省林业局")
        assert [p for p in got[text] if p[1] != "各市人民政府"][1:] == partners


def test_partner_lines_after_each_item_stay_with_their_item():
    got = _measures()
    assert got["举办全民健身运动会。"] == [("lead", "省体育局"), ("cooperate", "省教育厅")]
    assert got["建设社区健身场地。"] == [("lead", "省体育局"), ("cooperate", "省住房城乡建设厅")]
