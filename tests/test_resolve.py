from __future__ import annotations

import pytest

from graphkit.extraction.resolve import Context, resolve

LHASA = Context(region="拉萨市", province="西藏自治区", city="拉萨市")
TIBET = Context(region="西藏自治区", province="西藏自治区")
GANSU = Context(region="甘肃省", province="甘肃省")
NINGXIA_AMR = Context(
    region="宁夏回族自治区", province="宁夏回族自治区", issuer="宁夏回族自治区市场监督管理厅"
)
GANSU_TRANSPORT = Context(region="甘肃省", province="甘肃省", issuer="甘肃省交通运输厅")
DISTRICT = Context(region="堆龙德庆区", province="西藏自治区", city="拉萨市")


@pytest.mark.parametrize(
    ("mention", "ctx", "label"),
    [
        # region prefixes from the document's context
        ("市市场监管局", LHASA, "拉萨市市场监督管理局"),
        ("省发展改革委", GANSU, "甘肃省发展和改革委员会"),
        ("区发展改革委", TIBET, "西藏自治区发展和改革委员会"),
        ("自治区工商局", TIBET, "西藏自治区工商行政管理局"),
        ("区市场监管局", DISTRICT, "拉萨市堆龙德庆区市场监督管理局"),
        # no prefix: an agency of the issuing region
        ("市场监管局", LHASA, "拉萨市市场监督管理局"),
        ("商务厅", TIBET, "西藏自治区商务厅"),
        # standard short forms
        ("市人社局", LHASA, "拉萨市人力资源和社会保障局"),
        ("市住建局", LHASA, "拉萨市住房和城乡建设局"),
        ("市医保局", LHASA, "拉萨市医疗保障局"),
        ("省卫生健康委", GANSU, "甘肃省卫生健康委员会"),
        ("市中法", LHASA, "拉萨市中级人民法院"),
        ("市政府办公室", LHASA, "拉萨市人民政府办公室"),
        ("省委编办", GANSU, "中共甘肃省委机构编制委员会办公室"),
        # typos grouped with the right name
        ("市自然资局", LHASA, "拉萨市自然资源局"),
        # internal divisions of the issuing agency
        ("厅法规处", GANSU_TRANSPORT, "甘肃省交通运输厅法规处"),
        ("综规处", GANSU_TRANSPORT, "甘肃省交通运输厅综规处"),
        ("市场监管厅登记注册局", NINGXIA_AMR, "宁夏回族自治区市场监督管理厅登记注册局"),
        ("登记注册局", NINGXIA_AMR, "宁夏回族自治区市场监督管理厅登记注册局"),
        ("信用监管处", NINGXIA_AMR, "宁夏回族自治区市场监督管理厅信用监督管理处"),
        # counties inside the city
        ("城关区人民政府", LHASA, "拉萨市城关区人民政府"),
        # vertically managed bodies keep their own organisations
        ("国网拉萨供电公司", LHASA, "国网拉萨供电公司"),
        ("人行拉萨中心支行", LHASA, "中国人民银行拉萨市中心支行"),
        ("市税务局", LHASA, "国家税务总局拉萨市税务局"),
        ("省税务局", GANSU, "国家税务总局甘肃省税务局"),
        ("甘肃银保监局", GANSU, "中国银行保险监督管理委员会甘肃监管局"),
        # named places and enterprises kept as written
        ("兰州新区管委会", GANSU, "兰州新区管理委员会"),
        ("自来水公司", LHASA, "自来水公司"),
        # a double name
        ("省政府办公厅〔省大数据管理局〕", GANSU, "甘肃省人民政府办公厅（甘肃省大数据管理局）"),
    ],
)
def test_resolve(mention, ctx, label):
    assert resolve(mention, ctx).label == label


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("市医保局", "市医疗保障局"),
        ("市场监管局", "市市场监管局"),
        ("人行陇南中心支行", "人行陇南市中心支行"),
        ("信用监管处", "信用监督管理处"),
        ("市发改委", "市发展改革委"),
    ],
)
def test_variants_group_together(a, b):
    ctx = Context(region="陇南市", province="甘肃省", city="陇南市", issuer="")
    if "处" in a:
        ctx = NINGXIA_AMR
    assert resolve(a, ctx).label == resolve(b, ctx).label


def test_units_know_their_parent_and_kind():
    unit = resolve("厅法规处", GANSU_TRANSPORT)
    assert (unit.kind, unit.parent) == ("unit", "甘肃省交通运输厅")


def test_agencies_get_function_level_and_labels():
    a = resolve("市市场监管局", LHASA)
    assert a.function == "市场监督管理" and a.level == "city" and a.region == "拉萨市"
    assert a.alt_labels == ("市市场监管局",)
    typo = resolve("市自然资局", LHASA)
    assert typo.hidden_labels == ("市自然资局",) and typo.alt_labels == ()


def test_same_short_form_in_two_regions_is_two_agencies():
    assert (
        resolve("市市场监管局", LHASA).label
        != resolve("市市场监管局", Context(region="延安市", province="陕西省", city="延安市")).label
    )
