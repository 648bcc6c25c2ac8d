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
        ("人行拉萨中心支行", LHASA, "中国人民银行拉萨中心支行"),
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


def _ctx(name: str, year: int | None = None) -> Context:
    """The context of a document issued by the region ``name``."""
    from graphkit.extraction import regions

    r = regions.find_region(name)
    chain = regions.region_path(r.code)
    city = next((x.name for x in chain if x.level == "city"), "")
    return Context(region=r.name, province=chain[0].name, city=city, year=year)


@pytest.mark.parametrize(
    ("region", "mention", "label"),
    [
        # a county-level city's 市 is the city itself, never its parent
        ("海城市", "市发改局", "海城市发展和改革局"),
        ("嵊州市", "市經信局", "嵊州市经济和信息化局"),
        ("都江堰市", "市市场监管局", "都江堰市市场监督管理局"),
        ("义乌市", "市政府办", "义乌市人民政府办公室"),
        # a district's name carries its city; a county's does not need it
        ("钢城区", "区司法局", "济南市钢城区司法局"),
        ("蔡甸区", "区人社局", "武汉市蔡甸区人力资源和社会保障局"),
        ("木兰县", "县住建局", "木兰县住房和城乡建设局"),
        # party bodies of every level
        ("湖北省", "省委宣传部", "中共湖北省委宣传部"),
        ("淮安市", "市委编办", "中共淮安市委机构编制委员会办公室"),
        # courts and procuratorates by level
        ("湖北省", "省法院", "湖北省高级人民法院"),
        ("武汉市", "市法院", "武汉市中级人民法院"),
        ("木兰县", "县法院", "木兰县人民法院"),
        ("钢城区", "区检察院", "济南市钢城区人民检察院"),
        # vertically managed bodies
        ("湖南省", "省税务局", "国家税务总局湖南省税务局"),
        ("兰州市", "人行兰州中心支行", "中国人民银行兰州中心支行"),
        ("郑州市", "人民银行郑州中心支行", "中国人民银行郑州中心支行"),
        ("咸阳市", "人行咸阳市中心支行", "中国人民银行咸阳市中心支行"),
        ("济南市", "人民银行济南分行", "中国人民银行济南分行"),
        ("四川省", "四川银保监局", "中国银行保险监督管理委员会四川监管局"),
        ("湖南省", "长沙海关", "中华人民共和国长沙海关"),
        ("苏州市", "张家港海关", "中华人民共和国张家港海关"),
        ("淮安市", "中华人民共和国淮安海关", "中华人民共和国淮安海关"),
        # short forms of the reformed local bodies
        ("淮安市", "市市场局", "淮安市市场监督管理局"),
        ("淮安市", "市交运局", "淮安市交通运输局"),
        ("淮安市", "市文广旅局", "淮安市文化广电和旅游局"),
        ("木兰县", "县文体广旅局", "木兰县文化体育广电和旅游局"),
        ("木兰县", "县科技和经信局", "木兰县科技和经济信息化局"),
        ("淮安市", "市公管办", "淮安市公共资源交易管理办公室"),
        # development zones are agencies, named after their city
        ("淮安市", "高新区管委会", "淮安高新技术产业开发区管理委员会"),
        ("淮安市", "淮安经济技术开发区管委会", "淮安经济技术开发区管理委员会"),
    ],
)
def test_resolve_in_regions_of_every_level(region, mention, label):
    assert resolve(mention, _ctx(region)).label == label


@pytest.mark.parametrize(
    ("region", "year", "mention", "label"),
    [
        ("拉萨市", 2019, "发改部门", "拉萨市发展和改革委员会"),
        ("拉萨市", 2019, "水务部门", "拉萨市水利局"),
        ("拉萨市", 2019, "财政", "拉萨市财政局"),
        ("拉萨市", 2019, "公安机关", "拉萨市公安局"),
        ("拉萨市", 2019, "环保", "拉萨市生态环境局"),
        ("拉萨市", 2016, "环保部门", "拉萨市环境保护局"),
        ("湖南省", 2021, "财政部门", "湖南省财政厅"),
        ("湖南省", 2021, "卫生健康部门", "湖南省卫生健康委员会"),
        ("木兰县", 2021, "发改部门", "木兰县发展和改革局"),
        ("木兰县", 2021, "县市场监管部门", "木兰县市场监督管理局"),
    ],
)
def test_function_only_mentions_are_the_regions_department(region, year, mention, label):
    assert resolve(mention, _ctx(region, year)).label == label


@pytest.mark.parametrize(
    ("mention", "label"),
    [
        ("广电总局", "国家广播电视总局"),
        ("体育总局", "国家体育总局"),
        ("中国民航局", "中国民用航空局"),
        ("全国妇联", "中华全国妇女联合会"),
        ("国家卫生健康委", "国家卫生健康委员会"),
        ("中央宣传部", "中共中央宣传部"),
        ("中国科协", "中国科学技术协会"),
        ("市场监管总局", "国家市场监督管理总局"),
        ("税务总局", "国家税务总局"),
        ("人力资源社会保障部", "人力资源和社会保障部"),
        ("银保监会", "中国银行保险监督管理委员会"),
    ],
)
def test_national_bodies(mention, label):
    assert resolve(mention, Context()).label == label


@pytest.mark.parametrize(
    ("region", "mention", "label"),
    [
        ("拉萨市", "国网拉萨分公司", "国网拉萨供电公司"),
        ("甘肃省", "省电力公司", "国网甘肃省电力有限公司"),
        ("延安市", "市纪委监委", "中共延安市纪律检查委员会（延安市监察委员会）"),
        ("新疆维吾尔自治区", "哈密中院", "哈密市中级人民法院"),
        ("铜川市", "市推进政府职能转变协调小组办公室", "铜川市推进政府职能转变协调小组办公室"),
        ("铜川市", "市政府", "铜川市人民政府"),
        ("西藏自治区", "区新闻出版广电局", "西藏自治区新闻出版广电局"),
        ("西藏自治区", "区法制办", "西藏自治区人民政府法制办公室"),
        ("甘肃省", "省退役军人厅", "甘肃省退役军人事务厅"),
        ("浙江省", "省委改革办", "中共浙江省委全面深化改革委员会办公室"),
        ("宁夏回族自治区", "宁夏自治区市场监管厅", "宁夏回族自治区市场监督管理厅"),
        ("铜川市", "市贸促会", "中国国际贸易促进委员会铜川市支会"),
        ("陕西省", "省贸促会", "中国国际贸易促进委员会陕西省分会"),
    ],
)
def test_names_a_review_found_wrong(region, mention, label):
    assert resolve(mention, _ctx(region)).label == label


@pytest.mark.parametrize(
    ("mention", "label", "kind"),
    [
        ("审批局", "陕西省市场监督管理局审批局", "unit"),
        ("反垄断局", "陕西省市场监督管理局反垄断局", "unit"),
        ("质量发展局", "陕西省市场监督管理局质量发展局", "unit"),
        ("公安厅", "陕西省公安厅", "agency"),
        ("统计局", "陕西省统计局", "agency"),
    ],
)
def test_bare_bureaus_in_an_agencys_own_plan_are_its_units(mention, label, kind):
    ctx = Context(region="陕西省", province="陕西省", issuer="陕西省市场监督管理局")
    a = resolve(mention, ctx)
    assert (a.label, a.kind) == (label, kind)


@pytest.mark.parametrize(
    ("region", "mention", "label"),
    [
        # a district's or county's branch of its city's bureau
        ("辽中区", "生态环境分局", "沈阳市生态环境局辽中分局"),
        ("堆龙德庆区", "区公安分局", "拉萨市公安局堆龙德庆分局"),
        # districts of a municipality carry it
        ("渝中区", "区司法局", "重庆市渝中区司法局"),
        ("渝中区", "区税务局", "国家税务总局重庆市渝中区税务局"),
        # a zone named by a place of its own keeps its name
        ("滁州市", "中新苏滁高新区管委会", "中新苏滁高新技术产业开发区管理委员会"),
        # a government's own commission
        ("广西壮族自治区", "国资委", "广西壮族自治区人民政府国有资产监督管理委员会"),
        # party committees: 党委 after the place, autonomous regions' written out
        ("广西壮族自治区", "自治区党委金融委员会办公室", "中共广西壮族自治区委员会金融委员会办公室"),
        ("西藏自治区", "区党委宣传部", "中共西藏自治区委员会宣传部"),
        ("浙江省", "省委", "中共浙江省委"),
        # an enterprise named by its province's short name keeps it
        ("贵州省", "贵州大数据集团", "贵州大数据集团"),
        ("广东省", "省食品药品监督局", "广东省食品药品监督管理局"),
    ],
)
def test_names_of_branches_municipalities_zones_and_committees(region, mention, label):
    assert resolve(mention, _ctx(region)).label == label


def test_central_party_bodies_and_the_bodies_before_2018():
    national = Context(national=True)
    assert resolve("中央组织部", national).label == "中共中央组织部"
    assert resolve("安全监管总局", national).label == "国家安全生产监督管理总局"
    assert resolve("自然科学基金会", national).label == "国家自然科学基金委员会"


@pytest.mark.parametrize("ctx", [
    Context(region="杭州市", province="浙江省", city="杭州市"),
    Context(region="湖南省", province="湖南省"),
    Context(region="金乡县", province="山东省", city="济宁市"),
])
@pytest.mark.parametrize("mention, official", [
    ("共青团中央", "中国共产主义青年团中央委员会"),
    ("团中央", "中国共产主义青年团中央委员会"),
    ("全国妇联", "中华全国妇女联合会"),
    ("全国总工会", "中华全国总工会"),
    ("中国科协", "中国科学技术协会"),
])
def test_nationwide_peoples_organisations_keep_no_local_place(ctx, mention, official):
    a = resolve(mention, ctx)
    assert (a.label, a.region, a.level, a.function) == (official, "", "national", "群团组织")
    b = resolve("全国工商联", ctx)  # a body of the whole country, with a type of its own
    assert (b.label, b.region, b.function) == ("中华全国工商业联合会", "", "工商业联合会")


@pytest.mark.parametrize("mention, ctx, label", [
    ("团省委", Context(region="杭州市", province="浙江省", city="杭州市"), "共青团浙江省委员会"),
    ("团市委", Context(region="杭州市", province="浙江省", city="杭州市"), "共青团杭州市委员会"),
    ("团县委", Context(region="金乡县", province="山东省", city="济宁市"), "共青团金乡县委员会"),
    ("共青团湖南省委", Context(region="长沙市", province="湖南省", city="长沙市"), "共青团湖南省委员会"),
])
def test_youth_league_committee_of_the_region(mention, ctx, label):
    a = resolve(mention, ctx)
    assert a.label == label and a.function == "群团组织" and a.kind == "agency"


def test_peoples_organisations_are_read_as_leads():
    from graphkit.extraction.roles import parse_clause

    parts = parse_clause("由教育部、共青团中央牵头，团省委、全国妇联、中国科协参加")
    assert [(p.role, p.mention) for p in parts] == [
        ("lead", "教育部"), ("lead", "共青团中央"), ("cooperate", "团省委"),
        ("cooperate", "全国妇联"), ("cooperate", "中国科协"),
    ]


@pytest.mark.parametrize("mention, ctx", [
    ("市工信局", Context(region="陕西省", province="陕西省")),
    ("市中小企业服务局", Context(region="陕西省", province="陕西省", issuer="陕西省发展和改革委员会")),
    ("县财政局", Context(region="延安市", province="陕西省", city="延安市")),
    ("区司法局", Context(region="甘肃省", province="甘肃省")),
])
def test_a_lower_level_body_without_its_place_is_not_glued_to_the_documents_region(mention, ctx):
    from graphkit.extraction.measures import scoped

    a = resolve(mention, ctx)
    assert a.region == "" and not a.label.startswith(ctx.region) and a.label[0] == mention[0]
    assert a.kind == "agency"  # a body of its own place, not a unit of the issuer
    assert scoped(a, ctx, "f.txt/d2").scope == "f.txt/d2"  # one node per document
    # the document's own level stays placed
    own = resolve("省财政厅" if ctx.region.endswith("省") else "市财政局", ctx)
    assert own.region == ctx.region and scoped(own, ctx, "f.txt/d2").scope == ""


@pytest.mark.parametrize("mention, ctx, label, function", [
    ("市委", LHASA, "中共拉萨市委", "党委"),
    ("中共甘肃省委", GANSU, "中共甘肃省委", "党委"),
    ("市委政法委", LHASA, "中共拉萨市委政法委员会", "政法"),
    ("人武部", LHASA, "拉萨市人民武装部", "人民武装"),
])
def test_party_committees_and_their_bodies_have_a_functional_type(mention, ctx, label, function):
    a = resolve(mention, ctx)
    assert (a.label, a.function) == (label, function)


@pytest.mark.parametrize("mention, ctx, label", [
    ("高新区", Context(region="湘阴县", province="湖南省", city="岳阳市"), "湘阴高新技术产业开发区管理委员会"),
    ("经开区", Context(region="湘阴县", province="湖南省", city="岳阳市"), "湘阴经济技术开发区管理委员会"),
    ("立山经济开发区", Context(region="立山区", province="辽宁省", city="鞍山市"), "立山经济开发区管理委员会"),
    ("白银高新区", Context(region="白银市", province="甘肃省", city="白银市"),
     "白银高新技术产业开发区管理委员会"),
])
def test_a_zone_named_as_a_body_is_its_management_committee(mention, ctx, label):
    a = resolve(mention, ctx)
    assert a.label == label and mention in a.alt_labels
    assert resolve(mention + "管委会", ctx).label == label  # one body, however it is written


def test_zones_and_parks_are_read_as_names_in_a_clause():
    from graphkit.extraction.roles import parse_clause

    got = [p.mention for p in parse_clause("责任单位：立山经济开发区、新材料产业园、商贸物流园、各园区")]
    assert got[:3] == ["立山经济开发区", "新材料产业园", "商贸物流园"]
