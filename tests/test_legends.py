"""A note that makes the first listed unit the lead applies, and is no part of a name."""

from __future__ import annotations

from graphkit.extraction.build import extract_text
from graphkit.extraction.text import from_string


def test_first_is_lead_note_applies_to_its_list_and_the_lists_after_it():
    src = (
        "拉萨市人民政府办公室关于印发某某措施的通知\n"
        "1.完善投资机制。\n"
        "责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n"
        "2.落实招投标政策。\n"
        "责任单位:市住建局、市财政局\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    got = [[(a.role, a.mention) for a in m.assignments] for m in ex.measures if m.assignments]
    assert got == [
        [("lead", "市发改委"), ("responsible", "市财政局")],
        [("lead", "市住建局"), ("responsible", "市财政局")],
    ]
    names = {a.agency for m in ex.measures for a in m.assignments}
    assert "拉萨市财政局" in names and not any("第一" in n for n in names)


def test_without_a_note_a_list_stays_responsible():
    src = (
        "拉萨市人民政府办公室关于印发某某措施的通知\n"
        "1.完善投资机制。\n"
        "责任单位:市发改委、市财政局\n"
    )
    ex = extract_text(from_string(src, source="t.txt"))
    roles = [a.role for m in ex.measures for a in m.assignments]
    assert roles == ["responsible", "responsible"]


def test_unit_joined_by_others_leads_them():
    # 由X会同Y、Z等部门负责: X leads and Y, Z cooperate, in simplified and traditional script
    from graphkit.extraction.roles import find_duty_sentences, parse_clause
    from graphkit.extraction.text import fold_text

    s = fold_text("問題,由國土資源部會同農業部、水利部等部門負責落實。", traditional=True)
    got = [(p.role, p.mention) for _, _, ps in find_duty_sentences(s) for p in ps]
    assert got == [("lead", "国土资源部"), ("cooperate", "农业部"), ("cooperate", "水利部")]
    got = [(p.role, p.mention) for p in parse_clause("由省财政厅会同省民政厅等单位负责落实")]
    assert got == [("lead", "省财政厅"), ("cooperate", "省民政厅")]
