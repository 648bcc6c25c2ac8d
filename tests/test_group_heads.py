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


NOTICE = (
    "各乡镇人民政府，县直各有关单位：\n"
    "现将《某年重点工作任务清单》印发给你们，请认真抓好落实。\n"
    "一、压实责任。" + "各单位要明确责任人，细化工作措施，按时完成任务。" * 12 + "\n"
    "二、加强调度。" + "每月报送进展情况，及时协调解决工作中遇到的困难。" * 12 + "\n"
    "三、严格考核。" + "结果纳入年度考核，对工作不力的单位予以通报批评。" * 12 + "\n"
    "附件：1.某年重点工作任务清单\n"
    "2.某年民生实事清单\n"
    "{signature}\n"
    "2024年3月5日\n"
    "附件1\n"
    "某年重点工作任务清单\n"
    "一、县农业农村局牵头工作（2项）\n"
    "1.建设高标准农田一万亩。\n"
    "2.新建冷链仓储设施。\n"
    "二、县交通运输局牵头工作（1项）\n"
    "1.改造农村公路。" + "完善路网结构，提升通行能力，方便群众出行。" * 30 + "\n"
)


def test_a_signature_over_its_date_places_the_document():
    # the signature stands above the attachment, not in the last lines
    signed = NOTICE.replace("二、加强调度。", "二、加强调度。（县农业农村局牵头）")
    ex = extract_text(from_string(signed.format(signature="和县人民政府办公室"), source="n.txt"))
    assert [d.region for d in ex.documents] == ["和县"]
    assert "和县农业农村局" in {a.agency for m in ex.measures for a in m.assignments}


def test_an_item_naming_its_own_lead_keeps_it_over_the_heading():
    src = (
        "某市人民政府关于印发某年度工作任务分工的通知\n"
        "（一）市商务局牵头的工作\n"
        "1.举办消费促进月活动。\n"
        "2.发展跨境电子商务。（市口岸办牵头，市税务局配合）\n"
    )
    ex = extract_text(from_string(src, source="o.txt"))
    got = {m.text: [(a.role, a.mention) for a in m.assignments] for m in ex.measures}
    assert got["举办消费促进月活动。"] == [("lead", "市商务局")]
    roles = got["发展跨境电子商务。（市口岸办牵头，市税务局配合）"]
    assert ("lead", "市口岸办") in roles and ("lead", "市商务局") not in roles
