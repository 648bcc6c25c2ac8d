"""Deadlines and quantified targets: graphkit.extraction.quantities."""

from __future__ import annotations

import re

import pytest

from graphkit.extraction.quantities import find_deadline, find_targets, parse_deadline
from graphkit.records import Deadline, Target

# --------------------------------------------------------------------------
# parse_deadline: one phrase as written


@pytest.mark.parametrize(
    ("phrase", "year", "text", "date", "period"),
    [
        # month ends, the year from the document
        ("6月底", 2021, "6月底", "2021-06-30", "month"),
        ("9月底前", 2022, "9月底前", "2022-09-30", "month"),
        ("2月底", 2024, "2月底", "2024-02-29", "month"),
        ("12月\n底", 2021, "12月底", "2021-12-31", "month"),  # a wrapped ledger cell
        ("11月末", 2020, "11月末", "2020-11-30", "month"),
        ("6月份", 2022, "6月份", "2022-06-30", "month"),
        ("十一月底前", 2019, "十一月底前", "2019-11-30", "month"),
        ("2024年3月底前", None, "2024年3月底前", "2024-03-31", "month"),
        ("2023 年 7 月前", None, "2023年7月前", "2023-06-30", "month"),  # before July begins
        ("1月前", 2023, "1月前", "2022-12-31", "month"),
        ("5月中旬", 2024, "5月中旬", "2024-05-20", "date"),
        ("6月底", None, "6月底", "", "month"),  # no year known
        # year ends
        ("2023年底前", None, "2023年底前", "2023-12-31", "year"),
        ("2027 年末", None, "2027年末", "2027-12-31", "year"),
        ("2024年年底", None, "2024年年底", "2024-12-31", "year"),
        ("2025年", None, "2025年", "2025-12-31", "year"),
        ("到2026年", None, "2026年", "2026-12-31", "year"),
        ("年内", 2022, "年内", "2022-12-31", "year"),
        ("年底前", 2021, "年底前", "2021-12-31", "year"),
        ("年底前", None, "年底前", "", "year"),
        # halves and quarters
        ("上半年", 2022, "上半年", "2022-06-30", "quarter"),
        ("2024年下半年", None, "2024年下半年", "2024-12-31", "quarter"),
        ("第三季度", 2022, "第三季度", "2022-09-30", "quarter"),
        ("一季度末", 2023, "一季度末", "2023-03-31", "quarter"),
        ("2025年第4季度", None, "2025年第4季度", "2025-12-31", "quarter"),
        # days
        ("2023年6月30日前", None, "2023年6月30日前", "2023-06-30", "date"),
        ("２０２３年６月３０日前", None, "２０２３年６月３０日前", "2023-06-30", "date"),
        ("2024年2月29日", None, "2024年2月29日", "2024-02-29", "date"),
        ("8月1日前", 2017, "8月1日前", "2017-08-01", "date"),
        # ranges end with their last year
        ("2023-2025年", None, "2023-2025年", "2025-12-31", "year"),
        ("2023年—2026年", None, "2023年—2026年", "2026-12-31", "year"),
        # labels, leads and trailing 完成 are not part of the text
        ("完成时限：2024年底前", None, "2024年底前", "2024-12-31", "year"),
        ("（8月底前完成）", 2023, "8月底前", "2023-08-31", "month"),
        (
            "完成时限：2023 年12 月底前并长期坚持",
            None,
            "2023年12月底前并长期坚持",
            "2023-12-31",
            "month",
        ),
        # ongoing
        ("常态实施", None, "常态实施", "", "ongoing"),
        ("常态\n实施", 2021, "常态实施", "", "ongoing"),
        ("长期坚持", None, "长期坚持", "", "ongoing"),
        ("持续推进", None, "持续推进", "", "ongoing"),
        ("长期", None, "长期", "", "ongoing"),
        ("常态化", None, "常态化", "", "ongoing"),
        ("長期堅持", None, "長期堅持", "", "ongoing"),  # Traditional script, kept as written
    ],
)
def test_parse_deadline(phrase: str, year: int | None, text: str, date: str, period: str) -> None:
    assert parse_deadline(phrase, year=year, line=7) == Deadline(text, date, period, 7)


@pytest.mark.parametrize(
    "phrase",
    ["", "加强监管", "2023", "12345", "第3条", "6个月", "30日", "2023年度", "6月底前完成整改工作"],
)
def test_parse_deadline_rejects(phrase: str) -> None:
    assert parse_deadline(phrase, year=2023) is None


def test_parse_deadline_impossible_day_has_no_date() -> None:
    assert parse_deadline("2023年2月30日") == Deadline("2023年2月30日", "", "date")


# --------------------------------------------------------------------------
# find_deadline: the completion time of a measure


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        # a labelled value
        ("优化办事流程。（办公室负责，完成时限：2024 年底前）", None, "2024年底前"),
        (
            "编制清单。\n牵头单位：市发改委\n完成时限：2024 年6 月底前并长期坚持",
            None,
            "2024年6月底前并长期坚持",
        ),
        # the end of a responsibility clause
        ("推行容缺受理。（市住建局负责，9 月底前完成）", 2024, "9月底前"),
        ("开展联合验收。（省住建厅按职责分工负责，长期坚持）", 2024, "长期坚持"),
        ("完成系统改造（2025年3月底前完成）。", None, "2025年3月底前"),
        ("按职责分工负责，6 月底前完成。", 2024, "6月底前"),
        # a ledger row whose time cell was joined to it
        ("推进电子证照应用。牵头单位：市数据局配合单位：市公安局10月底", 2021, "10月底"),
        ("落实税费政策。牵头单位：市财政局\n常态\n实施", 2021, "常态实施"),
        # a time opening a sentence
        ("建设平台。2024年底前，全面建成一体化平台。", None, "2024年底前"),
        ("到2026 年末，全区新增市场主体1万户。", None, "2026年末"),
        ("2025年6月底前完成清单编制工作。", None, "2025年6月底前"),
        ("8.2024年9月底前上线运行电子证照系统。", None, "2024年9月底前"),
        ("年底前，完成清理工作。", 2022, "年底前"),
        ("力争年内实现全覆盖。", 2022, "年内"),
        ("到2025年，实现政务服务全覆盖。", None, "2025年"),
        ("力争2025年，实现全覆盖。", None, "2025年"),
        # several: the latest, and one naming a month before a bare 年内
        ("2024年3月底前，制定方案；2024年9月底前，全面推开。", None, "2024年9月底前"),
        ("5月底前，完成试点；年内，全面推开。", 2024, "5月底前"),
        # by when a step is done
        ("各区县于5月20日前报送名单。", 2024, "5月20日前"),
        ("确保在2024年8月前完成。", None, "2024年8月前"),
    ],
)
def test_find_deadline(text: str, year: int | None, expected: str) -> None:
    d = find_deadline(text, year=year)
    assert d is not None
    assert d.text == expected


@pytest.mark.parametrize(
    "text",
    [
        "每年12月底前报送年度工作总结。",
        "各地于每季度末报送进展情况。",
        "持续推进数字政府建设，提升服务水平。",
        "实现全市生活垃圾无害化处理常态化。",
        "关于印发实施方案的通知（2024年3月5日）",
        "3月5日，召开全市推进会议。",
        "指导各区落实2024年3月前出台的补贴政策。",
        "工作方案2024年5月底前报市政府备案。",
        "完成时限：按计划推进",
        "对离校2年内未就业高校毕业生给予补贴。",
        "截至2024年底，全市共有市场主体2万户。",
        "2024年以来，累计减税降费1亿元。",
        "2025年，全面推开。",
        "",
    ],
)
def test_find_deadline_none(text: str) -> None:
    assert find_deadline(text, year=2024) is None


def test_find_deadline_skips_history_before_the_document_year() -> None:
    text = "2019年以前，全市共有市场主体2万户。2024年底前，实现全程网办。"
    assert find_deadline(text, year=2024).text == "2024年底前"  # type: ignore[union-attr]
    assert find_deadline("2019年以前，全市共有市场主体2万户。", year=2024) is None


def test_find_deadline_prefers_the_label_over_running_text() -> None:
    text = "2024年3月底前，制定方案。（法规处负责，完成时限：2024 年底前）"
    d = find_deadline(text)
    assert d == Deadline("2024年底前", "2024-12-31", "year")


def test_find_deadline_date_from_document_year() -> None:
    d = find_deadline("（市场监管局负责，10 月底前完成）", year=2023)
    assert (d.date, d.period) == ("2023-10-31", "month")  # type: ignore[union-attr]
    d = find_deadline("（市场监管局负责，10 月底前完成）")
    assert (d.text, d.date) == ("10月底前", "")  # type: ignore[union-attr]


# --------------------------------------------------------------------------
# find_targets: quantified commitments


def pairs(text: str) -> list[tuple[str, str, str]]:
    return [(t.value, t.unit, t.comparator) for t in find_targets(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # at most
        ("办理时间压缩至3个工作日", ("3", "个工作日", "le")),
        ("审批时间不超过5个工作日", ("5", "个工作日", "le")),
        ("注销时间不得超过10个工作日", ("10", "个工作日", "le")),
        ("办理时限控制在10天以内", ("10", "天", "le")),
        ("受理后15日内办结", ("15", "日", "le")),
        ("申请材料精简为4项", ("4", "项", "le")),
        ("公示期缩短至20天", ("20", "天", "le")),
        ("担保费率降至1%以下", ("1", "%", "le")),
        ("环节减至3个", ("3", "个", "le")),
        ("企业开办时间压缩到1个工作日", ("1", "个工作日", "le")),
        ("时间可延长至3年", ("3", "年", "le")),
        # at least
        ("网办率达到95%", ("95", "%", "ge")),
        ("培育企业不少于200家", ("200", "家", "ge")),
        ("用地宗数不低于30％", ("30", "%", "ge")),
        ("覆盖率超过80%", ("80", "%", "ge")),
        ("新增上市企业100家以上", ("100", "家", "ge")),
        ("开展培训50余次", ("50", "次", "ge")),
        ("合同签订率保持在90%以上", ("90", "%", "ge")),
        # equal or unstated
        ("许可事项调整为2项", ("2", "项", "eq")),
        ("新增市场主体500户", ("500", "户", "")),
        ("实行24小时在线受理", ("24", "小时", "")),
        ("对抵押业务2日办结", ("2", "日", "")),
    ],
)
def test_comparators(text: str, expected: tuple[str, str, str]) -> None:
    assert pairs(text) == [expected]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全程网办，5个工作日办结", "5", "个工作日"),
        ("报装15工作日内办结", "15", "工作日"),
        ("审理期限不超过6个月", "6", "个月"),
        ("平均用时30分钟", "30", "分钟"),
        ("贷款利率下降2个百分点", "2", "个百分点"),
        ("申请材料不超过8件", "8", "件"),
        ("每年至多检查1次", "1", "次"),
        ("培养帮办骨干不少于20人", "20", "人"),
        ("选聘观察员30名", "30", "名"),
        ("新登记企业1.5万户", "1.5", "万户"),
        ("开办时间压减至0.5个工作日", "0.5", "个工作日"),
        ("实现至少20类证照共享", "20", "类"),
        ("建立3个速裁团队", "3", "个"),
        ("网上可办率达到１００％", "100", "%"),  # full-width digits and percent sign
        ("不超过１０个工作日", "10", "个工作日"),
        ("全程网办，1\n0个工作日内办结", "10", "个工作日"),  # a line wrapped mid-number
        ("公告时间压缩到\n# Page 12:\n20天", "20", "天"),
    ],
)
def test_units_and_values(text: str, value: str, unit: str) -> None:
    assert [(t.value, t.unit) for t in find_targets(text)] == [(value, unit)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开庭次数不得超过三次", [("3", "次", "le")]),
        ("每年至多抽查一次", [("1", "次", "le")]),
        ("期限不超过十五日", [("15", "日", "le")]),
    ],
)
def test_chinese_numerals_under_a_comparator(text: str, expected: list) -> None:
    assert pairs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023年6月30日",
        "自2021年开始实施",
        "7月份召开会议",
        "依据国办发〔2022〕30号文件",
        "从以下三个方面推进",
        "从5个方面推进改革",
        "1.加强组织领导",
        "依照条例第12条处理",
        "给予一次性补助50万元",
        "罚款3000元以下",
        "对每家企业分别给予20万元、10万元奖励",
        "由8个行业主管部门负责",
        "10千伏普通用户",
        "管线长度200米及以下",
        "拨打12345热线",
        "印发《优化营商环境20条措施》",
        "执行《清单（2022年版）》",
        "推行“最多跑一次”改革",
        "零跑腿或最多跑一次清单",
        "实现“一窗受理、一网通办”",
        "为16至60周岁从业人员投保",
        "离校2年内未就业高校毕业生",
        "拖欠3年以上的账款全部清零",
        "达到三级以上网办深度",
        "每月1-25日为企业安静期",
        "实行一次告知、一表申请",
    ],
)
def test_not_targets(text: str) -> None:
    assert find_targets(text) == []


def test_starting_value_is_not_a_target() -> None:
    assert pairs("办结时间由5天压缩至2天") == [("2", "天", "le")]
    assert pairs("许可事项由6项调整为1项") == [("1", "项", "eq")]


def test_shared_unit_goes_back_to_the_first_number() -> None:
    assert pairs("时间分别不超过20个和10个工作日") == [
        ("20", "个工作日", "le"),
        ("10", "个工作日", "le"),
    ]
    assert pairs("环节分别减至5个和3个") == [("5", "个", "le"), ("3", "个", "le")]


def test_traditional_script() -> None:
    assert pairs("辦理時間壓縮至3個工作日") == [("3", "个工作日", "le")]
    assert pairs("審批時限不超過10個工作日，網辦率達到90%以上") == [
        ("10", "个工作日", "le"),
        ("90", "%", "ge"),
    ]


def test_phrase_and_line() -> None:
    (t,) = find_targets("实现工程建设项目全流程审批时间最长不超过 90个工作日。", line=12)
    assert t == Target("90", "个工作日", "le", "全流程审批时间最长不超过90个工作日", 12)


def test_phrase_keeps_what_was_written() -> None:
    (t,) = find_targets("網辦率達到９０％")
    assert t.phrase == "網辦率達到９０％"
    assert (t.value, t.unit) == ("90", "%")


def test_several_targets_in_order() -> None:
    text = "一般应当在10天内结案，最长不超过15天；即时办结事项达到50%以上。"
    assert pairs(text) == [("10", "天", "le"), ("15", "天", "le"), ("50", "%", "ge")]


# --------------------------------------------------------------------------
# The whole corpus: no crash, nothing that is plainly not a target


def test_corpus_runs_clean(corpus_dir) -> None:
    files = sorted(corpus_dir.glob("*.txt"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        for paragraph in text.split("\n\n"):
            for t in find_targets(paragraph):
                assert t.unit not in ("千伏", "米")
                if t.unit in ("元", "万元", "亿元"):  # money, but never a grant or a fine
                    assert not re.search("给予|补助|奖励|罚款", t.phrase), t.phrase
                assert not (t.unit == "年" and float(t.value) >= 100)
                assert t.comparator in ("le", "ge", "eq", "")
                assert t.phrase
            d = find_deadline(paragraph, year=2023)
            assert d is None or d.text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("贷款不低于2亿元", [("2", "亿元", "ge")]),
        ("公路投资1.65万亿元", [("1.65", "万亿元", "")]),
        ("建设四好农村路55公里", [("55", "公里", "")]),
        ("新增高标准农田5万亩", [("5", "万亩", "")]),
    ],
)
def test_money_distances_and_areas_are_targets(text, want):
    assert [(t.value, t.unit, t.comparator) for t in find_targets(text)] == want
