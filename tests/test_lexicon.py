from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphkit.extraction.lexicon import (
    abbreviate,
    expand_short_forms,
    function_of,
    functional_type,
    functional_types,
    is_collective,
    is_department,
    level_of,
    region_names,
    region_short_prefix,
    short_forms_of,
    variant_of,
    vertical_label,
)

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "data" / "lexicon"


def _rows(name: str) -> list[dict[str, str]]:
    text = (LEXICON / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _corpus_line(corpus_dir: Path, ref: str, *, spaces: bool = False) -> str:
    name, number = ref.split(":")
    line = (corpus_dir / name).read_text(encoding="utf-8").splitlines()[int(number) - 1]
    if not spaces:
        line = re.sub(r"\s+", "", line)
    return line.translate(str.maketrans("()〈〉", "（）（）"))


_PIECES = sorted(
    {r["short"] for r in _rows("short_forms.tsv")}
    | {r["full"] for r in _rows("short_forms.tsv")}
    | {"市", "省", "区", "拉萨市", "局", "办", "公室", "委", "员会", "中心", "处"}
)


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("市场监管局", "市场监督管理局"),
        ("市市场监管局", "市市场监督管理局"),
        ("省市场监管局", "省市场监督管理局"),
        ("市场监管厅", "市场监督管理厅"),
        ("市场监管厅登记注册局", "市场监督管理厅登记注册局"),
        ("发改委", "发展和改革委员会"),
        ("发展改革委", "发展和改革委员会"),
        ("区发展改革委", "区发展和改革委员会"),
        ("市发展和改革委", "市发展和改革委员会"),
        ("人社局", "人力资源和社会保障局"),
        ("人社厅", "人力资源和社会保障厅"),
        ("人力资源社会保障厅", "人力资源和社会保障厅"),
        ("住建局", "住房和城乡建设局"),
        ("住建厅", "住房和城乡建设厅"),
        ("州住房城乡建设局", "州住房和城乡建设局"),
        ("卫健委", "卫生健康委员会"),
        ("卫生健康委", "卫生健康委员会"),
        ("区卫生计生委", "区卫生和计划生育委员会"),
        ("医保局", "医疗保障局"),
        ("自然资局", "自然资源局"),
        ("市大数据局", "市大数据管理局"),
        ("经信局", "经济和信息化局"),
        ("工信厅", "工业和信息化厅"),
        ("工商联", "工商业联合会"),
        ("应急厅", "应急管理厅"),
        ("药监局", "药品监督管理局"),
        ("金融监管局", "地方金融监督管理局"),
        ("地方金融监管局", "地方金融监督管理局"),
        ("城管局", "城市管理局"),
        ("交通局", "交通运输局"),
        ("编办", "机构编制委员会办公室"),
        ("委编办", "委机构编制委员会办公室"),
        ("区编办（审改办）", "区机构编制委员会办公室（行政审批制度改革工作领导小组办公室）"),
        ("中法", "中级人民法院"),
        ("哈密中院", "哈密中级人民法院"),
        ("城关区法院", "城关区人民法院"),
        ("检察院", "人民检察院"),
        ("政府办", "人民政府办公室"),
        ("政府办公室", "人民政府办公室"),
        ("省政府办公厅", "省人民政府办公厅"),
        ("国税局", "国家税务局"),
        ("地税局", "地方税务局"),
        ("人行拉萨中心支行", "中国人民银行拉萨中心支行"),
        ("人民银行哈密市中心支行", "中国人民银行哈密市中心支行"),
        ("市公积金中心", "市住房公积金管理中心"),
        ("市委统战部", "市委统一战线工作部"),
        # full names and names without short forms stay as they are
        ("拉萨市市场监督管理局", "拉萨市市场监督管理局"),
        ("中国人民银行拉萨中心支行", "中国人民银行拉萨中心支行"),
        ("拉萨市中级人民法院", "拉萨市中级人民法院"),
        ("最高人民检察院", "最高人民检察院"),
        ("社区居民委员会", "社区居民委员会"),
        ("国网拉萨供电公司", "国网拉萨供电公司"),
        ("国家税务总局拉萨市税务局", "国家税务总局拉萨市税务局"),
        ("厅法规处", "厅法规处"),
        ("市 场 监 管 局", "市场监督管理局"),
        # a short form is not cut out of a longer word
        ("市金融办公室", "市金融办公室"),
        ("市政府办事大厅", "市人民政府办事大厅"),
        ("发改委员会", "发改委员会"),
    ],
)
def test_expand_short_forms(name, full):
    assert expand_short_forms(name) == full


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=4))
def test_expansion_is_idempotent(pieces):
    once = expand_short_forms("".join(pieces))
    assert expand_short_forms(once) == once


def test_expansion_is_idempotent_over_the_table():
    for row in _rows("short_forms.tsv"):
        for prefix in ("", "市", "拉萨市", "省", "区"):
            once = expand_short_forms(prefix + row["short"])
            assert once == prefix + row["full"], row
            assert expand_short_forms(once) == once, row


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("市自然资局", "市自然资源局"),
        ("市发展改革委员会", "市发展和改革委员会"),
        ("市自然资源局", "市自然资源局"),
        ("市发改委", "市发改委"),  # a standard short form, not a variant
        ("市场监管局", "市场监管局"),
    ],
)
def test_variant_of(name, canonical):
    assert variant_of(name) == canonical


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("市场监督管理局", "市场监管局"),
        ("市场监督管理厅", "市场监管厅"),
        ("宁夏回族自治区市场监督管理厅", "宁夏回族自治区市场监管厅"),
        ("发展和改革委员会", "发展改革委"),
        ("人力资源和社会保障厅", "人力资源社会保障厅"),
        ("交通运输厅", "交通厅"),
        ("中国人民银行", "人民银行"),
        ("人民政府", "政府"),
        ("财政厅", "财政厅"),
    ],
)
def test_abbreviate(full, short):
    assert abbreviate(full) == short
    assert expand_short_forms(short) == full


def test_short_forms_of():
    assert short_forms_of("市场监督管理局") == ("市场监管局", "市场局", "市场监督局")
    assert "自然资局" in short_forms_of("自然资源局")
    assert short_forms_of("财政局") == ()


@pytest.mark.parametrize(
    ("name", "type_id"),
    [
        ("拉萨市市场监督管理局", "market-regulation"),
        ("市市场监管局", "market-regulation"),
        ("区工商局", "market-regulation"),
        ("区质监局", "market-regulation"),
        ("市场监管厅登记注册局", "market-regulation"),
        ("省发展改革委", "development-reform"),
        ("市发改委", "development-reform"),
        ("市住建局", "housing-construction"),
        ("州住房城乡建设局", "housing-construction"),
        ("市人社局", "human-resources-social-security"),
        ("财政厅", "finance"),
        ("市税务局", "taxation"),
        ("国家税务总局银川市税务局", "taxation"),
        ("区国税局", "taxation"),
        ("市公安局", "public-security"),
        ("省司法厅", "justice"),
        ("法制办", "justice"),
        ("市自然资局", "natural-resources"),
        ("市生态环境局", "ecology-environment"),
        ("市环保局", "ecology-environment"),
        ("市交通运输局", "transport"),
        ("厅公路处", "transport"),
        ("省水利厅", "water-resources"),
        ("市水务局", "water-resources"),
        ("商务厅", "commerce"),
        ("市招商局", "investment-promotion"),
        ("市教育局", "education"),
        ("民政厅", "civil-affairs"),
        ("市卫健委", "health"),
        ("区卫生计生委", "health"),
        ("市医保局", "healthcare-security"),
        ("市大数据管理局", "data-government-services"),
        ("省大数据中心", "data-government-services"),
        ("市政务服务中心", "data-government-services"),
        ("市行政审批服务局", "administrative-approval"),
        ("市审批服务管理局", "administrative-approval"),
        ("省公共资源交易中心", "public-resource-trading"),
        ("市政府办公室", "government-office"),
        ("西藏自治区人民政府办公厅", "government-office"),
        ("市中级人民法院", "court"),
        ("市中法", "court"),
        ("市检察院", "procuratorate"),
        ("人行拉萨中心支行", "central-bank"),
        ("省金融监管局", "financial-regulation"),
        ("市政府金融办", "financial-regulation"),
        ("铜川银保监分局", "financial-regulation"),
        ("国网拉萨供电公司", "utility-electricity"),
        ("自来水公司", "utility-water"),
        ("中铁水务集团有限公司", "utility-water"),
        ("哈纳斯天然气有限公司", "utility-gas"),
        ("市工商联", "federation-industry-commerce"),
        ("宁夏回族自治区知识产权局", "intellectual-property"),
        ("市统计局", "statistics"),
        ("审计厅", "audit"),
        ("市应急管理局", "emergency-management"),
        ("省安监局", "emergency-management"),
        ("市农业农村局", "agriculture-rural"),
        ("农牧厅", "agriculture-rural"),
        ("市文旅局", "culture-tourism"),
        ("州文化广电旅游局", "culture-tourism"),
        ("区编办（审改办）", "institutional-establishment"),
        ("市委编办", "institutional-establishment"),
        ("市经信局", "industry-information"),
        ("省工信厅", "industry-information"),
        ("市国资委", "state-assets"),
        ("市城管局", "urban-management"),
        ("市公积金中心", "housing-provident-fund"),
        ("市委网信办", "cyberspace"),
        ("市委宣传部", "publicity"),
        ("市委组织部", "organization"),
        ("市纪委监委", "discipline-inspection"),
        ("州委群工局", "letters-visits"),
        ("兰州新区管委会", "development-zone"),
        ("金昌经开区管委会", "development-zone"),
        ("市优化提升营商环境工作领导小组办公室", "business-environment"),
        ("拉萨市人民政府", "government"),
        ("公安县人民政府", "government"),
        ("中共延安市委", "party-committee"),
    ],
)
def test_functional_type(name, type_id):
    ft = functional_type(name)
    assert ft is not None and ft.id == type_id


@pytest.mark.parametrize("name", ["厅法规处", "信息中心", "执法监督局", "登记注册局", ""])
def test_no_functional_type(name):
    assert functional_type(name) is None
    assert function_of(name) == ""


def test_functional_types_table():
    types = functional_types()
    assert len(types) >= 40
    for type_id, ft in types.items():
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", type_id)
        assert ft.id == type_id and ft.zh and ft.en
        # a type's Chinese label names the type itself
        assert functional_type(ft.zh) == ft, ft
    assert len({ft.zh for ft in types.values()}) == len(types)
    assert function_of("省住建厅") == types["housing-construction"].zh


@pytest.mark.parametrize(
    "mention",
    [
        # the collectives GUIDE.md lists
        "区政府相关部门",
        "各地（市）",
        "各县区政府",
        "市级有关部门",
        "省级行业主管部门",
        "各市（区）",
        "各相关处室",
        "市直有关部门",
        "各市、县（区）市场监管局",
        # and other forms of the corpus
        "有关单位",
        "相关部门",
        "各级政府",
        "县、区政府",
        "县（市、区）人民政府",
        "县〈市〉区人民政府",
        "市县两级政府",
        "县级以上人民政府",
        "区政府各部门",
        "自治区各委、办、厅、局",
        "市直部门",
        "五市市场监管局",
        "两院",
        "金融机构",
        "市发改委等部门",
    ],
)
def test_collective(mention):
    assert is_collective(mention)


@pytest.mark.parametrize(
    "mention",
    [
        "省司法厅",
        "区人民政府",
        "市政府",
        "市政府办公室",
        "区政府办公厅",
        "城关区人民政府",
        "县人民政府",
        "兰州新区管委会",
        "金昌经开区管委会",
        "国网拉萨供电公司",
        "人行拉萨中心支行",
        "宁东市场监管局",
        "市场监管厅登记注册局",
        "区编办（审改办）",
        "两当县人民政府",
        "十堰市住建局",
        "三门峡市人民政府",
        "五家渠市人民政府",
        "全国工商联",
        "市中级人民法院",
    ],
)
def test_not_collective(mention):
    assert not is_collective(mention)


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("人行拉萨中心支行", "中国人民银行拉萨中心支行"),
        ("人民银行哈密市中心支行", "中国人民银行哈密市中心支行"),
        ("中国人民银行克拉玛依市中心支行", "中国人民银行克拉玛依市中心支行"),
        ("铜川银保监分局", "中国银行保险监督管理委员会铜川监管分局"),
        ("甘肃银保监局", "中国银行保险监督管理委员会甘肃监管局"),
        ("中国银行保险监督管理委员会甘肃监管局", "中国银行保险监督管理委员会甘肃监管局"),
        ("拉萨市税务局", "国家税务总局拉萨市税务局"),
        ("国家税务总局银川市税务局", "国家税务总局银川市税务局"),
        ("西藏自治区国税局", "西藏自治区国家税务局"),
        ("国网拉萨供电公司", "国网拉萨供电公司"),
        ("拉萨市财政局", None),
        ("电子税务局", None),
        ("市场监管局", None),
    ],
)
def test_vertical_label(name, label):
    assert vertical_label(name) == label


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("大数据中心", True),
        ("政务服务中心", True),
        ("发改委", True),
        ("市场监管局", True),
        ("知识产权局", True),
        ("信息中心", False),
        ("登记注册局", False),
        ("执法监督局", False),
        ("知识产权促进处", False),
        ("人民政府", False),
    ],
)
def test_is_department(name, expected):
    assert is_department(name) is expected


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("拉萨市", "city"),
        ("西藏自治区", "province"),
        ("陕西", "province"),
        ("城关区", "county"),
        ("兰州新区", "county"),
        ("国家", "national"),
        ("省", "province"),
        ("县", "county"),
        ("市", ""),
        ("区", ""),
        ("宁东", ""),
    ],
)
def test_level_of(name, level):
    assert level_of(name) == level


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("铜川银保监分局", "铜川"),
        ("哈密中院", "哈密"),
        ("宁东市场监管局", "宁东"),
        ("金昌经开区管委会", "金昌经开区"),
        ("拉萨市财政局", None),
        ("市场监管局", None),
        ("人行拉萨中心支行", None),
    ],
)
def test_region_short_prefix(name, short):
    assert region_short_prefix(name) == short


def test_region_names():
    names = region_names()
    assert len(names) == len(set(names)) > 3000
    assert {"西藏自治区", "拉萨市", "城关区", "兰州新区"} <= set(names)
    assert "城区" not in names


# -- the tables and their provenance -----------------------------------------------


def test_package_copies_follow_data_lexicon(load_tool):
    assert load_tool("sync_lexicon").stale() == []


def test_short_forms_table(corpus_dir):
    rows = _rows("short_forms.tsv")
    assert {r["kind"] for r in rows} <= {"abbr", "variant", "typo", "keep"}
    shorts = [r["short"] for r in rows]
    assert len(shorts) == len(set(shorts))
    for row in rows:
        assert row["basis"], row
        if row["seen"]:
            assert row["short"] in _corpus_line(corpus_dir, row["seen"]), row


def test_collectives_table(corpus_dir):
    for row in _rows("collectives.tsv"):
        assert re.search(row["pattern"], row["example"]), row
        assert is_collective(row["example"]), row
        if re.fullmatch(r"\d{3}_[0-9a-f]+\.txt:\d+", row["source"]):
            assert row["example"] in _corpus_line(corpus_dir, row["source"]), row


def test_verticals_table(corpus_dir):
    for row in _rows("verticals.tsv"):
        pattern = re.compile(row["pattern"])
        assert "place" in pattern.groupindex, row
        assert row["function"] in functional_types(), row
        ref = row["source"].split(";")[0]
        if re.fullmatch(r"\d{3}_[0-9a-f]+\.txt:\d+", ref):
            line = _corpus_line(corpus_dir, ref, spaces=True)
            names = re.split(r"[：、，；（）:\s]|等|负责|牵头|配合", line)
            assert any(pattern.match(m) for m in names if m), row


def test_special_areas_table(corpus_dir):
    for row in _rows("special_areas.tsv"):
        line = _corpus_line(corpus_dir, row["source"])
        names = [row["name"], *filter(None, row["aliases"].split("|"))]
        assert any(n in line for n in names), row
