from __future__ import annotations

import pytest

from graphkit.extraction.roles import (
    clause_deadline,
    find_bracket_clauses,
    find_duty_sentences,
    is_collective,
    parse_clause,
)


def pairs(clause: str) -> list[tuple[str, str, bool]]:
    return [(p.role, p.mention, p.collective) for p in parse_clause(clause)]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # verb forms
        (
            "区工商局牵头,区编办(审改办)、法制办配合协作,区政府相关部门按职责分工负责",
            [
                ("lead", "区工商局", False),
                ("cooperate", "区编办(审改办)", False),
                ("cooperate", "法制办", False),
                ("responsible", "区政府相关部门", True),
            ],
        ),
        ("区国税局负责", [("responsible", "区国税局", False)]),
        ("市市场监管局牵头负责", [("lead", "市市场监管局", False)]),
        (
            "市科技局、市工信局分别牵头,市财政局配合组织落实",
            [
                ("lead", "市科技局", False),
                ("lead", "市工信局", False),
                ("cooperate", "市财政局", False),
            ],
        ),
        (
            "省司法厅、省大数据中心及省级行业主管部门、各市(区)按职责分工负责",
            [
                ("responsible", "省司法厅", False),
                ("responsible", "省大数据中心", False),
                ("responsible", "省级行业主管部门", True),
                ("responsible", "各市(区)", True),
            ],
        ),
        (
            "市发展改革委牵头,市交通运输局、市水务局等相关部门及各区县按职责分工负责",
            [
                ("lead", "市发展改革委", False),
                ("responsible", "市交通运输局", False),
                ("responsible", "市水务局", False),
                ("responsible", "相关部门", True),
                ("responsible", "各区县", True),
            ],
        ),
        (
            "省水利厅和各市州政府、兰州新区管委会按职责分工负责",
            [
                ("responsible", "省水利厅", False),
                ("responsible", "各市州政府", True),
                ("responsible", "兰州新区管委会", False),
            ],
        ),
        # label forms
        (
            "牵头单位:市发改委;责任单位:县、区政府,金昌经开区管委会,市直有关部门、单位",
            [
                ("lead", "市发改委", False),
                ("responsible", "县、区政府", True),
                ("responsible", "金昌经开区管委会", False),
                ("responsible", "市直有关部门、单位", True),
            ],
        ),
        (
            "牵头部门:厅法规处;责任部门:厅综规处、财审处",
            [
                ("lead", "厅法规处", False),
                ("responsible", "厅综规处", False),
                ("responsible", "财审处", False),
            ],
        ),
        (
            "牵头单位:市发展改革委、市自然资源局按职责分别牵头;责任单位:市政府有关部门",
            [
                ("lead", "市发展改革委", False),
                ("lead", "市自然资源局", False),
                ("responsible", "市政府有关部门", True),
            ],
        ),
        ("指标牵头单位:市审批服务管理局", [("lead", "市审批服务管理局", False)]),
        (
            "责任单位:市场监管厅登记注册局、信息中心,各市、县〔区〕市场监管局、审批服务管理局,宁东市场监管局",
            [
                ("responsible", "市场监管厅登记注册局", False),
                ("responsible", "信息中心", False),
                ("responsible", "各市", True),
                ("responsible", "县〔区〕市场监管局", True),
                ("responsible", "审批服务管理局", True),
                ("responsible", "宁东市场监管局", False),
            ],
        ),
        # mixed: a verb group, then a time label
        ("登记指导处负责,完成时限:2023年底前", [("responsible", "登记指导处", False)]),
        # a trailing note does not count
        (
            "省工改办按职责分工负责,6月底前完成。以下各项均需各市州政府落实,不再一一列出",
            [("responsible", "省工改办", False)],
        ),
    ],
)
def test_parse_clause(clause, expected):
    assert pairs(clause) == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("改革。(市发改委牵头,市住建局配合)下一项", ["(市发改委牵头,市住建局配合)"]),
        (
            "〔区编办(审改办)牵头,区政府相关部门按职责分工负责〕",
            ["〔区编办(审改办)牵头,区政府相关部门按职责分工负责〕"],
        ),
        ("清单(以下简称综合监管清单)", []),
        ("谁审批(备案)、谁负责", []),
        ("(括号中为牵头负责部门、人员、电话,下同)", []),
        # an unclosed bracket stops at the next item instead of swallowing the text
        (
            "任务。(牵头部门:厅法规处;责任部门:运输处、各市(州)交通运输局(委)\n2.下一项任务。",
            ["(牵头部门:厅法规处;责任部门:运输处、各市(州)交通运输局(委)"],
        ),
    ],
)
def test_find_bracket_clauses(text, found):
    assert [text[a:b] for a, b in find_bracket_clauses(text)] == found


@pytest.mark.parametrize(
    ("mention", "collective"),
    [
        ("各县区政府", True),
        ("市级有关部门", True),
        ("区政府相关部门", True),
        ("各相关处室", True),
        ("市直有关部门", True),
        ("省级行业主管部门", True),
        ("省司法厅", False),
        ("国网拉萨供电公司", False),
        ("市城市管理部门", True),
    ],
)
def test_is_collective(mention, collective):
    assert is_collective(mention) is collective


@pytest.mark.parametrize(
    ("clause", "deadline"),
    [
        ("X负责,完成时限:2023年底前", "2023年底前"),
        ("X按职责分工负责,10月底前完成", "10月底前"),
        ("X牵头,Y配合", None),
    ],
)
def test_clause_deadline(clause, deadline):
    assert clause_deadline(clause) == deadline


def test_duties_in_articles():
    s = (
        "第五条市城市管理部门负责餐厨垃圾的监督管理工作。市发改、财政、公安等有关部门各司其职,"
        "配合做好工作。各县区政府负责辖区工作。"
    )
    found = [(p.role, p.mention) for _, _, ps in find_duty_sentences(s[3:]) for p in ps]
    assert ("responsible", "市城市管理部门") in found
    assert ("cooperate", "财政") in found
    assert all(m != "各县区政府" for _, m in found)


@pytest.mark.parametrize(
    ("clause", "want"),
    [
        ("牵头责任单位：省商务厅；协同责任单位：省财政厅、省税务局",
         [("lead", "省商务厅"), ("cooperate", "省财政厅"), ("cooperate", "省税务局")]),
        ("主办单位：县发改局 协办单位：县财政局",
         [("lead", "县发改局"), ("cooperate", "县财政局")]),
        ("主要责任单位：市教育局；责任单位：市财政局",
         [("lead", "市教育局"), ("responsible", "市财政局")]),
        ("由市科协牵头，市教育局、市科技局参加",
         [("lead", "市科协"), ("cooperate", "市教育局"), ("cooperate", "市科技局")]),
    ],
)
def test_label_and_verb_forms_of_every_kind(clause, want):
    from graphkit.extraction.clauses import _separate_labels

    got = [(p.role, p.mention) for p in parse_clause(_separate_labels(clause)) if not p.collective]
    assert got == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("完善机制，由省发展改革委负责。", [("responsible", "省发展改革委")]),
        ("具体工作由市政务服务中心牵头负责。", [("lead", "市政务服务中心")]),
        ("市市场监管局负责组织落实。", [("responsible", "市市场监管局")]),
        ("本办法由市司法局负责解释。", []),
    ],
)
def test_duties_in_running_text(text, want):
    from graphkit.extraction.roles import find_duty_sentences

    assert [(p.role, p.mention) for _, _, ps in find_duty_sentences(text) for p in ps] == want


def test_a_list_sharing_its_last_members_ending_gives_every_member():
    got = [(p.role, p.mention) for p in parse_clause("省商务厅牵头，哈尔滨、黑河、绥芬河市政府配合")]
    assert got == [
        ("lead", "省商务厅"),
        ("cooperate", "哈尔滨市政府"),
        ("cooperate", "黑河市政府"),
        ("cooperate", "绥芬河市政府"),
    ]


def test_a_shared_ending_in_traditional_script_gives_every_member():
    from graphkit.extraction.build import extract_text
    from graphkit.extraction.text import from_string

    got = [p.mention for p in parse_clause("廣州、深圳、珠海市政府负责")]
    assert got == ["廣州市政府", "深圳市政府", "珠海市政府"]
    src = ("廣東省人民政府關於促進經濟穩增長的若干措施\n"
           "1.推進機場建設，開工建設擴建工程。（廣州、深圳、珠海市交通運輸局負責）\n")
    ex = extract_text(from_string(src, source="t.txt"))
    assert [a.agency for a in ex.measures[0].assignments] == [
        "广州市交通运输局", "深圳市交通运输局", "珠海市交通运输局"]


@pytest.mark.parametrize(
    "clause",
    ["由市教育局牵头,会同市财政局、市人社局等单位负责落实", "县卫健局牵头，并会同县财政局、县医保局负责"],
)
def test_those_who_join_the_lead_cooperate(clause):
    roles = [p.role for p in parse_clause(clause)]
    assert roles == ["lead", "cooperate", "cooperate"]


def test_joining_without_a_lead_stays_responsible():
    assert [p.role for p in parse_clause("会同市财政局负责")] == ["responsible"]


def test_a_division_of_work_label_takes_its_roles_from_the_verbs():
    parts = parse_clause("部门分工:市发展改革委牵头,市财政局、市商务局配合")
    assert [(p.role, p.mention) for p in parts] == [
        ("lead", "市发展改革委"), ("cooperate", "市财政局"), ("cooperate", "市商务局")]
    assert [p.role for p in parse_clause("责任分工：县人社局")] == ["responsible"]


@pytest.mark.parametrize("close", ["(市工信局、市财政局)", " 〔市工信局、市财政局,各县(区)政府〕"])
def test_a_bracket_of_names_after_a_sentence_gives_the_responsible_bodies(close):
    s = "支持企业技术改造，给予贴息。" + close
    (a, b), = find_bracket_clauses(s)
    parts = [p for p in parse_clause(s[a + 1 : b - 1]) if not p.collective]
    assert [(p.role, p.mention) for p in parts] == [("responsible", "市工信局"), ("responsible", "市财政局")]


def test_a_bracket_of_names_inside_a_sentence_is_no_clause():
    assert find_bracket_clauses("由市政府办公室(市大数据局)统筹推进。") == []


def test_the_last_name_before_deng_and_a_stop_is_kept():
    parts = parse_clause("协同责任单位:省财政厅、省林业局等。")
    assert [p.mention for p in parts] == ["省财政厅", "省林业局"]
    assert [p.mention for p in parse_clause("市商务局牵头,宁波海关配合")] == ["市商务局", "宁波海关"]
