"""Mention → canonical agency.

A mention is resolved in the context of its document: the region whose
government or agency issued it, the province above that region, and the
issuing agency. Rules, in order:

1. typos and variants are mapped to their standard form (自然资局 → 自然资源局);
2. a region prefix is resolved: 省 → the province, 市 → the city, 区 / 自治区 →
   the autonomous region, 厅 / 局 → the issuing agency (厅法规处 is a unit of it),
   a full region name is kept; 市委 / 省委 bodies belong to the party committee;
3. a name with no prefix is a unit of the issuing agency when it is an
   internal division (处, 科, 室, 信息中心 …) and the issuer is an agency,
   else an agency of the issuing region (商务厅 in a 西藏 plan);
4. standard short forms are expanded (市场监管局 → 市场监督管理局, 发改委 →
   发展和改革委员会 …, see ``data/lexicon``);
5. vertically managed bodies keep their own names (国网拉萨供电公司,
   人行拉萨中心支行 → 中国人民银行拉萨中心支行, 市税务局 → 国家税务总局拉萨市税务局).

Examples
--------
>>> ctx = Context(region="拉萨市", province="西藏自治区")
>>> resolve("市市场监管局", ctx).label
'拉萨市市场监督管理局'
>>> resolve("市场监管局", ctx).label
'拉萨市市场监督管理局'
>>> resolve("市自然资局", ctx).label == resolve("市自然资源局", ctx).label
True
>>> unit = resolve("厅法规处", Context(region="甘肃省", province="甘肃省", issuer="甘肃省交通运输厅"))
>>> unit.label, unit.parent, unit.kind
('甘肃省交通运输厅法规处', '甘肃省交通运输厅', 'unit')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from graphkit.extraction import lexicon, regions
from graphkit.extraction.identity import identify
from graphkit.extraction.text import as_written, fold_text
from graphkit.records import Agency

__all__ = ["Context", "canonical_issuer", "resolve"]

AUTONOMOUS = ("西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "广西壮族自治区", "内蒙古自治区")

#: Provincial capitals (and 深圳, 大连, 青岛, 宁波, 厦门, which had their own
#: 中心支行): the 中国人民银行 branch there is a provincial-level 中心支行 named by
#: the city's short name (中国人民银行兰州中心支行), while other prefecture cities'
#: branches keep 市 (中国人民银行咸阳市中心支行). Source: the PBOC's branch list
#: (分支机构), before the 2023 reform turned them into 省分行.
PBOC_SHORT_NAMED = frozenset(
    "石家庄 太原 呼和浩特 沈阳 长春 哈尔滨 南京 杭州 合肥 福州 南昌 济南 郑州 武汉 长沙 广州 南宁 "
    "海口 成都 贵阳 昆明 拉萨 西安 兰州 西宁 银川 乌鲁木齐 深圳 大连 青岛 宁波 厦门".split()
)

#: The four municipalities, whose districts are named after them (重庆市渝中区).
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")

#: Provinces served by 中国南方电网 (their grid companies are not 国网X省电力有限公司).
SOUTHERN_GRID = ("广东", "广西", "云南", "贵州", "海南")

#: Zone words expanded in agency names (高新区管委会 → 高新技术产业开发区管理委员会).
ZONE_WORDS = (
    ("高新区", "高新技术产业开发区"),
    ("经开区", "经济技术开发区"),
    ("综保区", "综合保税区"),
)
ZONE_RE = re.compile(r"(开发区|高新区|经开区|新区|园区|示范区|保税区|综保区|试验区|合作区|功能区)")

#: Endings that make a name an internal division of an agency rather than an agency.
UNIT_END = re.compile(r"(处|科|室|股|所|队|分局|中心|局)$")
DEPARTMENT_END = re.compile(r"(局|厅|委员会|委|办公室|办公厅|办|中心|院|会)$")


@dataclass(frozen=True)
class Context:
    """Where a mention is read: the issuing region, its province, the issuing agency."""

    region: str = ""
    province: str = ""
    issuer: str = ""
    city: str = ""
    year: int | None = None
    national: bool = False

    @property
    def level(self) -> str:
        """Administrative level of the issuing region.

        A county-level city (海城市, 嵊州市) is ``county``, as its districts and
        counties are, whatever its name ends with.
        """
        if not self.region:
            return ""
        if self.region == self.province:
            return "province"
        if self.region == self.city:
            return "city"
        if re.search(r"(县|区|旗)$", self.region):
            return "county"
        return _table_level(self.region, self.province) or "city"


@lru_cache(maxsize=4096)
def _table_level(name: str, province: str) -> str:
    within = regions.find_region(province) if province else None
    r = regions.find_region(name, within=within.code if within else None)
    return r.level if r else ""


def _flat(s: str) -> str:
    s = fold_text(re.sub(r"\s+", "", s))
    return s.translate(str.maketrans("〔〕[]【】〈〉", "()()()()"))


def _display(s: str) -> str:
    """Canonical labels use full-width brackets."""
    return s.replace("(", "（").replace(")", "）")


@lru_cache(maxsize=65536)
def resolve(mention: str, ctx: Context, *, written: str | None = None) -> Agency:
    """Resolve one mention in a document context to an :class:`Agency`.

    The mention is matched folded (full-width forms, brackets and spaces do
    not change the agency); its labels keep it as ``written`` (by default
    ``mention`` itself), with its folded form as a hidden label where that
    differs. ``written`` is the mention in the document's own script when
    ``mention`` was converted to Simplified for matching.

    >>> ctx = Context(region="上海市", province="上海市")
    >>> a = resolve("中国(上海)自由贸易试验区管委会", ctx)
    >>> a.label == resolve("中国（上海）自由贸易试验区管委会", ctx).label, a.alt_labels
    (True, ('中国(上海)自由贸易试验区管委会',))
    >>> b = resolve("市市场监管局", ctx, written="市市場監管局")
    >>> b.alt_labels, b.hidden_labels
    (('市市場監管局',), ('市市场监管局',))
    """
    m = _flat(mention)
    shown = as_written(mention if written is None else written)
    # a double name: 省政府办公厅〔省大数据管理局〕
    dm = re.match(r"^(.+?)\((.+)\)$", m)
    if dm and DEPARTMENT_END.search(dm.group(1)) and DEPARTMENT_END.search(dm.group(2)):
        main = resolve(dm.group(1), ctx)
        inner = resolve(dm.group(2), ctx)
        label = _official(f"{main.label}（{inner.label}）", ctx)
        return replace(main, label=label, **_labels(mention, shown, label))
    agency = _resolve_flat(m, ctx)
    if agency.kind in ("agency", "zone") and not agency.scope:
        agency = replace(agency, label=_zone_body(agency.label))  # 白银高新区: its 管委会
    label = _official(_display(agency.label), ctx)
    return replace(agency, label=label, **_labels(mention, shown, label))


def _official(label: str, ctx: Context) -> str:
    """The agency's official name: its place spelt as its region's official name
    (:mod:`graphkit.extraction.identity`), so that every spelling is one agency."""
    return identify(label, _ctx_code(ctx) or "").label


def _labels(mention: str, shown: str, label: str) -> dict[str, tuple[str, ...]]:
    """The mention as written as an alternative label (a hidden one when it is a typo),
    and its folded form as a hidden label where that is neither of the two."""
    if shown == label or re.sub(r"\s+", "", shown) == label:
        return {"alt_labels": (), "hidden_labels": ()}
    folded = re.sub(r"\s+", "", fold_text(mention))
    extra = (folded,) if folded not in (shown, label) else ()
    flat = _flat(mention)
    if _display(lexicon.variant_of(flat)) != _display(flat):  # a typo, not bracket widths
        return {"alt_labels": (), "hidden_labels": (shown, *extra)}
    return {"alt_labels": (shown,), "hidden_labels": extra}


def _resolve_flat(m: str, ctx: Context) -> Agency:
    m = lexicon.variant_of(m)
    head = regions.leading_region(m, shorts=True)
    if head and head != m and not regions.leading_region(m):
        full = _full_region_name(head, ctx)
        if full != head:  # 宁夏自治区市场监管厅: the region by its full name
            m = full + m[len(head) :]
    youth = _youth_league(m, ctx)
    if youth is not None:
        return youth
    region, level, rest, party = _split_prefix(m, ctx)
    # vertically managed and special bodies
    special = _special(m, rest, region, ctx)
    if special is not None:
        return special
    if rest.startswith(("厅", "局")) and len(rest) > 1 and ctx.issuer and not region:
        parent = ctx.issuer
        unit = _expand(rest[1:])
        return _unit(parent, unit, ctx)
    if not region and ctx.issuer:
        # 市场监管厅登记注册局: a unit named after its parent
        for short in _issuer_forms(ctx.issuer):
            for i in range(3, len(m) - 1):
                if _expand(m[:i]) == short:
                    return _unit(ctx.issuer, _expand(m[i:]), ctx)
        own_office = m in ("办公室", "机关办公室") and re.search(r"(局|厅|委员会)$", ctx.issuer)
        # 市中小企业服务局 in a province's plan names a city's body, not a unit of the issuer
        of_a_level = _below_the_document(m, ctx)
        if not of_a_level and (_is_internal_unit(m) or _is_issuer_bureau(m, ctx) or own_office):
            return _unit(ctx.issuer, _expand(m), ctx)
    if not region and not party and not ctx.national and _NATIONWIDE.match(m):
        nationwide = _nationwide(m)
        if nationwide is not None:
            return nationwide
    if not region and not party and ctx.national:
        official = lexicon.national_body(m) or lexicon.national_body(_expand(m))
        if official is not None:
            return Agency(official, "", "national", _function(official), _kind(official))
        expanded = _expand(m)
        return Agency(expanded, "", "national", _function(expanded), _kind(expanded))
    if not region and not party and _below_the_document(m, ctx):
        # 市工信局 in a province's document: a city's bureau, but which city the text
        # does not say; it keeps its level word and no place (scoped to its document)
        label = _expand(m)
        return Agency(label, "", _level_for(m[0], ctx), _function(label), _kind(label))
    if not region and not party:
        if _has_own_place(m):
            label = _expand(m)
            return Agency(label, ctx.region, "", _function(label), _kind(label))
        region, level = ctx.region, ctx.level
    branch = _city_branch(rest, region, ctx)
    if branch is not None:
        return branch
    dept = lexicon.function_department(rest, level or ctx.level, ctx.year)
    if dept is not None and not party:
        # a function named alone (发改部门, 财政, 公安机关): the region's department for it
        rest = dept
    core = _expand(rest)
    if ZONE_RE.search(core) and not party:
        zone = _zone(core, region, ctx)
        if zone is not None:
            return zone
        own = re.match(r"^([\u4e00-\u9fff]{2,6}?)(经济技术开发区|高新技术产业开发区|经济开发区|开发区|工业园区|新区)", core)
        if own and rest == m and not regions.regions_in(own.group(1)):
            # a zone named by a place of its own (中新苏滁): as written, no region before it
            label = _zone_body(core)
            return Agency(label, region, level_of_region(region, ctx), _function(label), "zone")
    if party:
        # 中共浙江省委宣传部; an autonomous region's committee is written out: 中共西藏自治区委员会…
        committee = "委员会" if region in AUTONOMOUS else "委"
        if core.startswith("委员会") and not core.startswith("委员会办公"):
            core = core[3:]  # 中共新疆维吾尔自治区委员会政法委: the committee written out already
        label = f"中共{region}{committee}{core}" if region else f"中共{core}"
        # the committee itself (中共延安市委) is of the party-committee type
        return Agency(label, region, level, _function(core) or _function(label), "party")
    if core in ("政府", "人民政府"):
        core = "人民政府"
    if core == "国有资产监督管理委员会" and level_of_region(region, ctx) in ("province", "city"):
        core = "人民政府国有资产监督管理委员会"  # a government's own commission
    label = f"{region}{core}" if not core.startswith(region) else core
    if level in ("county", "") and region.endswith("区") and not ZONE_RE.search(region):
        # a district's name is not unique in the country: 济南市钢城区司法局
        parent = regions.find_region(region, within=_ctx_code(ctx))
        city = regions.load_regions().get(parent.parent) if parent else None
        if city is not None and city.level == "city" and city.name in (ctx.region, ctx.city):
            label = city.name + label
        elif city is not None and city.name in MUNICIPALITIES and city.name == ctx.province:
            label = city.name + label  # 重庆市渝中区司法局
    return Agency(label, region, level, _function(core), _kind(core))


_BRANCH = re.compile(r"^([\u4e00-\u9fff]{2,8}?)分局$")

#: Bodies of the whole country, named so in any document: the people's organisations
#: (全国总工会, 全国妇联, 中国科协, 共青团中央) and the others written with 全国 / 中国 / 中华.
_NATIONWIDE = re.compile(r"^(?:全国|中华全国|中国|中华|共青团中央|团中央|中央)")
#: A committee of the Communist Youth League: 团省委, 团市委, 共青团浙江省委 (with its place).
_YOUTH_LEAGUE = re.compile(r"^(?:共青团|团)([\u4e00-\u9fff]{0,12}?)委(?:员会)?$")


def _youth_league(m: str, ctx: Context) -> Agency | None:
    """The Communist Youth League committee of a region (共青团X委员会), or None.

    >>> ctx = Context(region="杭州市", province="浙江省", city="杭州市")
    >>> [_youth_league(x, ctx).label for x in ("团市委", "团省委", "共青团浙江省委")]
    ['共青团杭州市委员会', '共青团浙江省委员会', '共青团浙江省委员会']
    >>> _youth_league("团结委", ctx) is None
    True
    """
    ym = _YOUTH_LEAGUE.match(m)
    if ym is None:
        return None
    place = ym.group(1)
    if len(place) == 1 and place in "省市县区州":
        region, level = _region_for(place, ctx), _level_for(place, ctx)
    else:
        found = regions.regions_in(place)
        if not place or not found or (found[0].name != place and found[0].short != place):
            return None
        region, level = found[0].name, found[0].level
    if not region:
        return None
    label = f"共青团{region}委员会"
    return Agency(label, region, level, _function(label), "agency")

_NATIONWIDE_END = re.compile(r"(局|厅|委员会|委|办公室|办|中心|院|会|联|协|部|署|社|中央)$")


def _below_the_document(m: str, ctx: Context) -> bool:
    """A mention of a level below the document's whose place the context does not give.

    >>> _below_the_document("市工信局", Context(region="陕西省", province="陕西省"))
    True
    >>> _below_the_document("市工信局", Context(region="西安市", province="陕西省", city="西安市"))
    False
    >>> _below_the_document("市场监管局", Context(region="陕西省", province="陕西省"))
    False
    """
    if not ctx.region or len(m) <= 2 or m[:1] not in "市区州县" or _region_for(m[0], ctx):
        return False
    if m.startswith(("市场", "市容", "市貌")) or re.match(r"^市政(管理|工程|公用|设施|园林)", m):
        return False
    return bool(DEPARTMENT_END.search(m) or m.endswith(("局", "厅", "委", "办", "中心")))


def _nationwide(m: str) -> Agency | None:
    """A body of the whole country named in a local document (全国妇联, 共青团中央), or None.

    >>> _nationwide("全国妇联").label, _nationwide("共青团中央").label, _nationwide("团中央").label
    ('中华全国妇女联合会', '中国共产主义青年团中央委员会', '中国共产主义青年团中央委员会')
    >>> _nationwide("中国(上海)自由贸易试验区管委会") is None  # a place of its own
    True
    """
    if regions.regions_in(m[2:]) or not _NATIONWIDE_END.search(m):
        return None
    official = lexicon.national_body(m) or lexicon.national_body(_expand(m))
    if official is None and m.startswith("中央"):
        return None  # 中央 alone says too little: a central body only by the table
    official = official or _expand(m)
    return Agency(official, "", "national", _function(official), _kind(official))


def _city_branch(rest: str, region: str, ctx: Context) -> Agency | None:
    """A district's or county's 分局 of its city's bureau: 区规划分局 in a 官渡区 plan is
    昆明市规划局官渡分局 (the city's 规划局, its 官渡 branch), as city bureaus that
    keep branches (生态环境, 自然资源, 规划, 公安) name them."""
    m = _BRANCH.match(rest)
    if not m or not region or level_of_region(region, ctx) != "county":
        return None
    place = regions.find_region(region, within=_ctx_code(ctx))
    city = regions.load_regions().get(place.parent) if place else None
    if city is None or city.level not in ("city", "province"):
        return None
    bureau = _expand(m.group(1) + "局")
    if not _is_department(bureau):
        return None
    short = place.short or region[:-1]
    label = f"{city.name}{bureau}{short}分局"
    return Agency(label, region, "county", _function(bureau), "agency")


def _zone(core: str, region: str, ctx: Context) -> Agency | None:
    """A development zone or park named without its place: the city's short name before it.

    高新区管委会 in a 淮安市 plan is 淮安高新技术产业开发区管理委员会, as national and
    provincial zones are named; a zone of a county or district keeps that region's name.
    """
    if not re.match(r"^(经济技术开发区|高新技术产业开发区|经济开发区|开发区|工业园区|综合保税区|"
                    r"产业园区|园区|新区)", core):
        return None
    lv = level_of_region(region, ctx) if region else ""
    r = regions.find_region(region, within=_ctx_code(ctx)) if region else None
    place = r.short if r is not None and lv == "city" and r.short else region
    if lv == "county":
        place = _district_name(region, ctx)
        if region.endswith("县") and r is not None and r.short:
            place = r.short  # a county's zone by the county's short name: 湘阴高新技术产业开发区
    label = _zone_body(f"{place}{core}")
    return Agency(label, region, lv, _function(core), "zone")


def _zone_body(name: str) -> str:
    """A zone named as a body (由高新区负责) is its 管理委员会: 湘阴高新技术产业开发区管理委员会.

    >>> _zone_body("立山经济开发区"), _zone_body("兰州新区管理委员会"), _zone_body("某产业园")
    ('立山经济开发区管理委员会', '兰州新区管理委员会', '某产业园')
    """
    if re.search(r"(开发区|高新区|经开区|新区|工业园区|产业园区|综合保税区|保税区)$", name):
        return name + "管理委员会"
    return name


def _expand(name: str) -> str:
    """Short forms expanded (see ``data/lexicon``), and 监管 → 监督管理 in a name's ending.

    政府 becomes 人民政府 only as a name's head (see :func:`lexicon._cut_word`).
    """
    name = lexicon.expand_short_forms(name).replace("人民政府人民政府", "人民政府")
    name = re.sub(r"管委会$", "管理委员会", name)
    for short, full in ZONE_WORDS:
        name = name.replace(short, full)
    return re.sub(r"监管(局|厅|处|分局|所|科)$", r"监督管理\1", name)


def _kind(core: str) -> str:
    if re.search(r"法院|检察院", core):
        return "court"
    if re.search(r"人民银行|银行保险监督|金融监督管理总局", core):
        return "vertical"
    if re.search(r"公司|集团|银行|支行", core):
        return "enterprise"
    if re.search(r"税务局|海关|气象局|邮政管理局|通信管理局", core):
        return "vertical"
    return "agency"


def _unit(parent: str, unit: str, ctx: Context) -> Agency:
    return Agency(
        label=f"{parent}{unit}",
        region=ctx.region,
        level=ctx.level,
        function=_function(parent),
        kind="unit",
        parent=parent,
    )


def _issuer_forms(issuer: str) -> list[str]:
    """Short ways a document refers to its own issuer: 市场监管厅, 市场监督管理厅."""
    core = issuer
    for r in sorted(_known_regions(), key=len, reverse=True):
        if core.startswith(r):
            core = core[len(r) :]
            break
    return [core] if len(core) >= 3 else []


def _is_internal_unit(m: str) -> bool:
    """处/科/室 divisions and bureau-internal 局/中心 with no region of their own."""
    if re.search(r"(处|科|室|股)$", m) and not re.search(r"办公室$", m):
        return True
    if m in ("信息中心", "登记注册局", "稽查局", "执法监督局", "机关服务中心", "机关党委", "机关纪委"):
        return True
    if re.search(r"(中心|局)$", m) and not _is_department(m):
        return bool(re.search(r"(登记|注册|稽查|执法|监督|监测|服务|信息|宣传|培训)", m))
    return False


def _is_issuer_bureau(m: str, ctx: Context) -> bool:
    """A bare 局 in a document an agency issued that no region has as a department.

    In 陕西省市场监督管理局's own plan, 审批局 and 反垄断局 are its internal bureaus,
    not a fake 陕西省审批局; 公安局 or 财政局 stay the region's departments.
    """
    if not re.search(r"(局|中心)$", m) or not re.search(r"(局|厅)$", ctx.issuer):
        return False
    if _has_own_place(m):
        return False
    name = _expand(m)
    if lexicon.function_department(m, ctx.level) or name in _department_names():
        return False
    if ctx.level == "province" and name.endswith("局"):
        return True  # a province's departments are 厅 and 委, and the standard 局 above
    return not _is_department(name) or lexicon.function_of(name) == lexicon.function_of(ctx.issuer)


@lru_cache(maxsize=1)
def _department_names() -> frozenset[str]:
    """Every standard department name of a region (from the lexicon)."""
    from graphkit.extraction.review import _standard_names

    return _standard_names()


@lru_cache(maxsize=16384)
def _has_own_place(m: str) -> bool:
    """Names that carry their own place or are not government bodies (kept as written)."""
    if re.search(r"公司|集团|银行|支行|大学|学院|协会|商会|联合会", m):
        return True
    by_head = _regions_by_head()
    for at in range(1, len(m) - 2):
        for r in by_head.get(m[at : at + 2], ()):
            if m.startswith(r, at):
                return True
    short = _region_short_prefix(m)
    return short is not None


@lru_cache(maxsize=1)
def _regions_by_head() -> dict[str, tuple[str, ...]]:
    """Region names of three characters or more, by their first two."""
    out: dict[str, list[str]] = {}
    for r in _known_regions():
        if len(r) >= 3:
            out.setdefault(r[:2], []).append(r)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _known_regions() -> tuple[str, ...]:
    return tuple(sorted({r.name for r in regions.load_regions().values()}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _shorts() -> tuple[str, ...]:
    names = {
        r.short
        for r in regions.load_regions().values()
        if len(r.short) >= 2 and r.level in ("province", "city")
    }
    return tuple(sorted(names, key=len, reverse=True))


def _region_short_prefix(m: str) -> str | None:
    """A short region name opening ``m`` (甘肃银保监局, 金昌经开区管委会), if any."""
    if regions.leading_region(m):
        return None
    return regions.leading_region(m, shorts=True) or None


@lru_cache(maxsize=4096)
def _level_of(name: str, within: str | None = None) -> str:
    r = regions.find_region(name, within=within)
    return r.level if r else ""


def _ctx_code(ctx: Context) -> str | None:
    """Division code of the document's own region (to read shared county names)."""
    r = regions.find_region(ctx.region or ctx.city or ctx.province)
    return r.code if r else None


def _function(name: str) -> str:
    ft = lexicon.functional_type(name)
    return ft.zh if ft else ""


def _is_department(m: str) -> bool:
    return lexicon.functional_type(m) is not None and bool(DEPARTMENT_END.search(m))


def _split_prefix(m: str, ctx: Context) -> tuple[str, str, str, bool]:
    """(region, level, rest, party) of a mention; 党委 after the place is the party's."""
    region, level, rest, party = _split_place(m, ctx)
    if region and not party and rest.startswith("党委"):
        return region, level, rest[2:], True
    return region, level, rest, party


def _split_place(m: str, ctx: Context) -> tuple[str, str, str, bool]:
    """(region, level, rest, party) of a mention."""
    party = False
    name = regions.leading_region(m)
    if name and len(m) > len(name):
        if True:
            rest = m[len(name) :]
            name = _full_region_name(name, ctx)
            if rest.startswith("委") and not rest.startswith("委员会"):
                return name, _level_of(name, _ctx_code(ctx)), rest[1:], True
            return name, _level_of(name, _ctx_code(ctx)), rest, False
    if m.startswith("中共"):
        inner = m[2:]
        r, lv, rest, _ = _split_prefix(inner, ctx)
        return r, lv, rest, True
    if m.startswith(("省委", "市委", "区委", "县委", "州委")) and not m.startswith("市委员会"):
        level_char = m[0]
        region = _region_for(level_char, ctx)
        return region, _level_for(level_char, ctx), m[2:], True
    if m.startswith("自治区党委") and ctx.province in AUTONOMOUS:
        return ctx.province, "province", m[5:], True
    if m.startswith("自治区") and ctx.province in AUTONOMOUS:
        return ctx.province, "province", m[3:], False
    if m.startswith(("市场", "市容", "市貌")) or re.match(r"^市政(管理|工程|公用|设施|园林)", m):
        return "", "", m, party
    if m[:1] in ("省", "市", "区", "州", "县") and len(m) > 2:
        region = _region_for(m[0], ctx)
        if region:
            return region, _level_for(m[0], ctx), m[1:], False
    return "", "", m, party


def _full_region_name(name: str, ctx: Context) -> str:
    """A division written by another of its names (宁夏自治区) as its full name."""
    r = regions.find_region(name, within=_ctx_code(ctx))
    if r is None or r.name == name or r.level not in ("province", "city", "county"):
        return name
    if name == r.short or not name.endswith(("省", "市", "区", "县", "州", "旗", "盟")):
        return name  # a short name that opens a body's own name (甘肃银保监局, 贵州大数据集团) stays
    return r.name


def _region_for(level_char: str, ctx: Context) -> str:
    if level_char == "省":
        return ctx.province
    if level_char == "市":
        if ctx.level == "county" and ctx.region.endswith("市"):
            return ctx.region  # a county-level city's own 市
        if ctx.city:
            return ctx.city
        if ctx.level == "city":
            return ctx.region
        return ""
    if level_char == "区":
        if ctx.level == "county" and ctx.region.endswith("区"):
            return ctx.region
        if ctx.province in AUTONOMOUS:
            return ctx.province
        return ""
    if level_char == "县":
        return ctx.region if ctx.level == "county" and ctx.region.endswith(("县", "旗")) else ""
    if level_char == "州":
        return ctx.region if ctx.region.endswith("州") else ""
    return ""


def _level_for(level_char: str, ctx: Context) -> str:
    if level_char == "区":
        if ctx.level == "county" and ctx.region.endswith("区"):
            return "county"
        return "province" if ctx.province in AUTONOMOUS else "county"
    if level_char == "市" and ctx.level == "county" and ctx.region.endswith("市"):
        return "county"
    return {"省": "province", "市": "city", "县": "county", "州": "city"}.get(level_char, "")


def _special(m: str, rest: str, region: str, ctx: Context) -> Agency | None:
    """Vertically managed bodies and courts."""
    pm = re.match(r"^(?:中国)?人(?:民银)?行(.+?)(中心支行|支行|分行|营业管理部)$", m)
    if pm:
        return _central_bank(pm.group(1), pm.group(2))
    bm = re.match(r"^(?:中国银保监会|中国银行保险监督管理委员会)?(.{2,8}?)银保监(局|分局)$", m)
    if bm:
        short, rank = bm.group(1), bm.group(2)
        place = _place(short)
        r = regions.find_region(place)
        label = f"中国银行保险监督管理委员会{short}监管{rank}"
        return Agency(label, place, r.level if r else "", "金融监管", "vertical")
    hm = re.match(r"^(?:中华人民共和国)?([^海]{2,6}?)海关$", m)
    if hm:
        # every customs house is 海关总署's, named 中华人民共和国X海关 (吴江海关 keeps its place)
        r = regions.find_region(_place(hm.group(1)))
        home = r.name if r is not None else ctx.region
        return Agency(f"中华人民共和国{hm.group(1)}海关", home, "", "海关", "vertical")
    if re.match(r"^国网.+供电(公司|局)$", m):
        return Agency(m, ctx.region, "", "电力", "vertical")
    gm = re.match(r"^国网(.+?)(?:供电)?分公司$", m)
    if gm:  # 国网拉萨分公司 is 国网拉萨供电公司
        return Agency(f"国网{gm.group(1)}供电公司", ctx.region, "", "电力", "vertical")
    if rest in ("电力公司", "电力有限公司") and region and level_of_region(region, ctx) == "province":
        if regions.find_region(region) and region[:2] not in SOUTHERN_GRID:
            return Agency(f"国网{region}电力有限公司", region, "province", "电力", "vertical")
    if rest in ("贸促会", "国际贸易促进委员会") and region:
        # 中国国际贸易促进委员会陕西省分会, …铜川市支会: the CCPIT's local councils
        lv = level_of_region(region, ctx)
        rank = {"province": "分会", "city": "支会"}.get(lv, "支会")
        return Agency(f"中国国际贸易促进委员会{region}{rank}", region, lv, "商务", "other")
    if re.fullmatch(r"纪委监委|纪委|纪律检查委员会", rest) and region:
        label = f"中共{region}纪律检查委员会"
        if rest == "纪委监委":
            label += f"（{region}监察委员会）"
        return Agency(label, region, level_of_region(region, ctx), "纪检监察", "party")
    if rest in ("税务局", "国税局", "地税局") and (region or (ctx.region and m == rest)):
        region = region or ctx.region
        core = {"国税局": "国家税务局", "地税局": "地方税务局"}.get(rest, "税务局")
        if core == "税务局":
            # every tax bureau is the State Taxation Administration's: 国家税务总局X税务局
            name = _district_name(region, ctx)
            return Agency(f"国家税务总局{name}税务局", region, "", "税务", "vertical")
        return Agency(f"{region}{core}", region, "", "税务", "vertical")
    cm = re.match(r"^(.{2,5}?)(?:中院|中法|中级人民法院)$", m)
    if cm and not region and regions.find_region(_place(cm.group(1))) is not None:
        place = _place(cm.group(1))  # 哈密中院 is 哈密市中级人民法院
        return Agency(f"{place}中级人民法院", place, "city", "审判", "court")
    if rest in ("中法", "中院", "中级人民法院") and region:
        region = _place(region)
        return Agency(f"{region}中级人民法院", region, "city", "审判", "court")
    if rest in ("法院", "人民法院") and region:
        # the court of a level: 高级 (province), 中级 (prefecture), 基层 (county)
        lv = level_of_region(region, ctx)
        court = {"province": "高级人民法院", "city": "中级人民法院"}.get(lv, "人民法院")
        name = _district_name(region, ctx) if lv == "county" else region
        return Agency(f"{name}{court}", region, lv, "审判", "court")
    if rest in ("检察院", "人民检察院") and region:
        lv = level_of_region(region, ctx)
        name = _district_name(region, ctx) if lv == "county" else region
        return Agency(f"{name}人民检察院", region, lv, "检察", "court")
    return None


def _central_bank(where: str, rank: str) -> Agency:
    """A 中国人民银行 branch: short-named in capitals (provincial level), else with 市."""
    place = _place(where)
    r = regions.find_region(place)
    short = r.short if r is not None and r.short else where
    if r is not None and r.level == "province":
        return Agency(f"中国人民银行{short}{rank}", place, "province", "金融", "vertical")
    if rank == "分行" or short in PBOC_SHORT_NAMED:
        # a provincial-level branch: it belongs to the province, not to its city
        chain = regions.region_path(r.code) if r is not None else ()
        home = chain[0].name if chain else place
        return Agency(f"中国人民银行{short}{rank}", home, "province", "金融", "vertical")
    return Agency(f"中国人民银行{place}{rank}", place, r.level if r else "", "金融", "vertical")


def level_of_region(region: str, ctx: Context) -> str:
    """Administrative level of a region named in a document (``""`` when unknown)."""
    if region == ctx.region:
        return ctx.level
    if region == ctx.province:
        return "province"
    if region == ctx.city:
        return "city"
    return _level_of(region, _ctx_code(ctx))


def _district_name(region: str, ctx: Context) -> str:
    """A district with its city before it (济南市钢城区); other regions as they are."""
    if not region.endswith("区") or ZONE_RE.search(region):
        return region
    parent = regions.find_region(region, within=_ctx_code(ctx))
    city = regions.load_regions().get(parent.parent) if parent else None
    if city is not None and city.level == "city" and not region.startswith(city.name):
        return city.name + region
    if city is not None and city.name in MUNICIPALITIES and not region.startswith(city.name):
        return city.name + region
    return region


def _place(name: str) -> str:
    """A place as its full city or province name where known (陇南 → 陇南市)."""
    r = regions.find_region(name)
    if r is not None and r.level in ("city", "province"):
        return r.name
    return name


def canonical_issuer(name: str, ctx: Context) -> str:
    """Canonical label of a document's issuing agency ("" when it is a government)."""
    if not name:
        return ""
    return resolve(name, replace(ctx, issuer="")).label
