"""The agency lexicon: short forms, typos, functional types, collectives, vertical bodies.

The tables are curated in ``data/lexicon/`` (each row with where it comes
from) and shipped as ``graphkit/data/lexicon/``:

- ``short_forms.tsv``: 市场监管局 → 市场监督管理局, 发改委 → 发展和改革委员会, typos
  such as 自然资局 → 自然资源局;
- ``functional_types.tsv``: what a body does (market-regulation …), with
  Chinese and English labels;
- ``collectives.tsv``: patterns of generic groups (各县区政府, 市级有关部门);
- ``verticals.tsv``: vertically managed bodies and their official names
  (人行拉萨中心支行 → 中国人民银行拉萨中心支行).

Region prefixes are not the lexicon's business: the functions here keep them
as written (市市场监管局 → 市市场监督管理局), so they can be applied before
or after a prefix is resolved.

Examples
--------
>>> expand_short_forms("市市场监管局")
'市市场监督管理局'
>>> functional_type("拉萨市市场监督管理局").id
'market-regulation'
>>> is_collective("各县区政府"), is_collective("省司法厅")
(True, False)
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from graphkit.extraction import regions

__all__ = [
    "FunctionalType",
    "abbreviate",
    "expand_short_forms",
    "function_of",
    "functional_type",
    "functional_types",
    "is_collective",
    "is_department",
    "level_of",
    "region_names",
    "region_short_prefix",
    "short_forms_of",
    "variant_of",
    "vertical_label",
]


@dataclass(frozen=True)
class FunctionalType:
    """A kind of government function, comparable across regions.

    ``id`` is a stable ASCII identifier (``market-regulation``), ``zh`` the
    full-name core the bodies share (``市场监督管理``), ``en`` an English label.
    """

    id: str
    zh: str
    en: str


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("graphkit").joinpath("data", "lexicon", name).read_text(encoding="utf-8")
    lines = (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "（", "〉": "）", "[": "（", "]": "）"})


def _clean(name: str) -> str:
    return re.sub(r"\s+", "", name).translate(_BRACKETS)


# -- substring rewriting -------------------------------------------------------


def _cut_word(key: str, text: str, end: int) -> bool:
    """Whether a match would cut a longer word: 金融办|公室, 政府办|事, 发改委|员会.

    政府 is the government only as a name's head, after its place (市政府, 区政府办),
    not inside a body's own words (推进政府职能转变协调小组).
    """
    if key == "政府":
        start = end - len(key)
        return start > 0 and text[start - 1] not in "省市区县州旗盟"
    return (key.endswith("办") and text.startswith(("公室", "公厅", "事", "理"), end)) or (
        key.endswith("委") and text.startswith("员会", end)
    )


class _Rewriter:
    """Leftmost-longest substring replacement from a table.

    A key is not replaced where it would cut a longer word (see :func:`_cut_word`).
    """

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.by_first: dict[str, list[str]] = {}
        for key in table:
            self.by_first.setdefault(key[0], []).append(key)
        for keys in self.by_first.values():
            keys.sort(key=len, reverse=True)

    def __call__(self, text: str) -> str:
        out: list[str] = []
        i, n = 0, len(text)
        while i < n:
            for key in self.by_first.get(text[i], ()):
                if text.startswith(key, i) and not _cut_word(key, text, i + len(key)):
                    out.append(self.table[key])
                    i += len(key)
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


@lru_cache(maxsize=1)
def _short_form_rows() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["short"], r["full"], r["kind"]) for r in _rows("short_forms.tsv"))


#: Endings a table cell may have lost (省人口计生 for 省人口计生委), longest first.
_CUT_ENDINGS = ("委员会", "办公室", "委", "局", "厅", "办")


@lru_cache(maxsize=1)
def _table_names() -> frozenset[str]:
    return frozenset(x for short, full, kind in _short_form_rows() if kind != "typo"
                     for x in (short, full))


def complete_cut_name(core: str) -> str | None:
    """The name of the table that ``core``, a name cut before its ending, stands for.

    A cell of a table read from a PDF may lose the last characters of a name
    (省人口计生 for 省人口计生委). ``core`` is the name without its place; the
    completion is the one name of ``short_forms.tsv`` that ``core`` with an
    agency ending is (None when there is none, or two bodies it could be).

    Examples
    --------
    >>> complete_cut_name("人口计生"), complete_cut_name("新闻出版"), complete_cut_name("加强监管")
    ('人口计生委', '新闻出版局', None)
    """
    found = [core + e for e in _CUT_ENDINGS if core + e in _table_names()]
    bodies = {expand_short_forms(x) for x in found}
    return found[0] if len(bodies) == 1 else None


@lru_cache(maxsize=1)
def _expander() -> _Rewriter:
    table = {full: full for _, full, _ in _short_form_rows()}
    table.update({short: full for short, full, _ in _short_form_rows()})
    return _Rewriter(table)


@lru_cache(maxsize=1)
def _fixer() -> _Rewriter:
    table = {full: full for _, full, _ in _short_form_rows()}
    table.update({s: s for s, _, kind in _short_form_rows() if kind in ("abbr", "keep")})
    table.update({s: f for s, f, kind in _short_form_rows() if kind in ("typo", "variant")})
    return _Rewriter(table)


@lru_cache(maxsize=1)
def _abbreviator() -> _Rewriter:
    table: dict[str, str] = {}
    for short, full, kind in _short_form_rows():
        if kind == "abbr" and full not in table:
            table[full] = short
    for _, full, kind in _short_form_rows():
        if kind == "keep" and full not in table:
            table[full] = full
    return _Rewriter(table)


def variant_of(name: str) -> str:
    """Correct typos and non-standard wordings, leaving short forms alone.

    A name that changes here is a variant (a hidden label) of the result.

    Examples
    --------
    >>> variant_of("市自然资局")
    '市自然资源局'
    >>> variant_of("市发展改革委员会")
    '市发展和改革委员会'
    >>> variant_of("市发改委")
    '市发改委'
    """
    return _fixer()(_clean(name))


def expand_short_forms(name: str) -> str:
    """Write out standard short forms, typos and variants in full.

    Region prefixes are kept as written. Idempotent: full names are left alone.

    Examples
    --------
    >>> expand_short_forms("市场监管局")
    '市场监督管理局'
    >>> expand_short_forms("区发展改革委")
    '区发展和改革委员会'
    >>> expand_short_forms("人社局"), expand_short_forms("住建厅")
    ('人力资源和社会保障局', '住房和城乡建设厅')
    >>> expand_short_forms("市政府办公室")
    '市人民政府办公室'
    >>> expand_short_forms("人行拉萨中心支行")
    '中国人民银行拉萨中心支行'
    >>> expand_short_forms("市场监管厅登记注册局")
    '市场监督管理厅登记注册局'
    >>> expand_short_forms("市发展和改革委员会")
    '市发展和改革委员会'
    """
    return _expander()(_clean(name))


def abbreviate(name: str) -> str:
    """The preferred short form of a full name (the inverse of :func:`expand_short_forms`).

    Examples
    --------
    >>> abbreviate("市场监督管理厅")
    '市场监管厅'
    >>> abbreviate("拉萨市发展和改革委员会")
    '拉萨市发展改革委'
    """
    return _abbreviator()(_clean(name))


def short_forms_of(full: str) -> tuple[str, ...]:
    """All short forms, variants and typos listed for a full name, preferred first.

    Examples
    --------
    >>> short_forms_of("发展和改革委员会")
    ('发展改革委', '发改委', '发展改革委员会', '发展和改革委')
    """
    return tuple(s for s, f, kind in _short_form_rows() if f == full and kind != "keep")


# -- functional types ----------------------------------------------------------


@lru_cache(maxsize=1)
def _functional() -> tuple[dict[str, FunctionalType], _Rewriter]:
    types: dict[str, FunctionalType] = {}
    keywords: dict[str, str] = {}
    for row in _rows("functional_types.tsv"):
        ft = FunctionalType(row["id"], row["zh"], row["en"])
        types[ft.id] = ft
        for kw in (ft.zh, *row["keywords"].split("|")):
            if kw:
                keywords.setdefault(kw, ft.id)
    # the rewriter marks each keyword with a private-use character per type
    marks = {tid: chr(0xE000 + i) for i, tid in enumerate(types)}
    return types, _Rewriter({kw: marks[tid] for kw, tid in keywords.items()})


_CONTAINERS = ("government", "party-committee")


def functional_types() -> dict[str, FunctionalType]:
    """All functional types by id, in the order of ``functional_types.tsv``.

    Examples
    --------
    >>> ft = functional_types()["housing-construction"]
    >>> ft.zh, ft.en
    ('住房和城乡建设', 'Housing and urban-rural development')
    """
    return dict(_functional()[0])


def _strip_place(name: str) -> str:
    name = name.removeprefix("中共")
    while True:
        head = regions.leading_region(name)
        if not head or head == name:
            return name
        name = name[len(head) :]


def functional_type(name: str) -> FunctionalType | None:
    """The functional type of an agency, from its name (full or short).

    The first type named in the agency's own name decides (厅知识产权处 of a
    市场监督管理厅 is market-regulation); a government or party committee
    only when nothing more specific follows (人民政府金融工作办公室 is
    financial-regulation). Leading region names are ignored (公安县 is a
    county, not the police).

    Examples
    --------
    >>> functional_type("市发改委").id
    'development-reform'
    >>> functional_type("国网拉萨供电公司").id
    'utility-electricity'
    >>> functional_type("市政府金融办").zh
    '金融监督管理'
    >>> functional_type("公安县人民政府").id
    'government'
    >>> functional_type("中共延安市委").id
    'party-committee'
    >>> functional_type("厅法规处") is None
    True
    """
    types, marker = _functional()
    core = _strip_place(expand_short_forms(name))
    if core == "委":  # 中共拉萨市委
        return types.get("party-committee")
    found = [ch for ch in marker(core) if 0xE000 <= ord(ch) < 0xE000 + len(types)]
    if not found:
        return None
    ids = [list(types)[ord(ch) - 0xE000] for ch in found]
    specific = [i for i in ids if i not in _CONTAINERS]
    return types[specific[0] if specific else ids[0]]


def function_of(name: str) -> str:
    """The Chinese label of :func:`functional_type` (what ``Agency.function`` holds), or "".

    Examples
    --------
    >>> function_of("省住建厅"), function_of("厅法规处")
    ('住房和城乡建设', '')
    """
    ft = functional_type(name)
    return ft.zh if ft else ""


_DEPARTMENT_END = re.compile(
    r"(局|厅|委员会|委|办公室|办公厅|办|中心|院|会|部|署|总队|公司|支行|分行)$"
)


def is_department(name: str) -> bool:
    """Whether a name is a functional body of its own (发改委, 大数据中心), not an internal unit.

    Internal units (登记注册局, 信息中心, 法规处) and governments are not.

    Examples
    --------
    >>> [is_department(x) for x in ("大数据中心", "市场监管局", "信息中心")]
    [True, True, False]
    >>> [is_department(x) for x in ("登记注册局", "法规处", "市人民政府")]
    [False, False, False]
    """
    full = expand_short_forms(name)
    if not _DEPARTMENT_END.search(full):
        return False
    ft = functional_type(full)
    return ft is not None and ft.id not in _CONTAINERS


# -- generic collectives -------------------------------------------------------


@lru_cache(maxsize=1)
def _collective_re() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{r['pattern']})" for r in _rows("collectives.tsv")))


def is_collective(name: str) -> bool:
    """Whether a mention names a group of bodies rather than one organisation.

    Examples
    --------
    >>> [is_collective(x) for x in ("各地（市）", "市级有关部门", "县（市、区）人民政府")]
    [True, True, True]
    >>> [is_collective(x) for x in ("区人民政府", "市政府办公室", "两当县", "十堰市住建局")]
    [False, False, False, False]
    """
    return bool(_collective_re().search(_clean(name)))


# -- vertically managed bodies -------------------------------------------------


@lru_cache(maxsize=1)
def _verticals() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(r["pattern"]), r["template"]) for r in _rows("verticals.tsv"))


def vertical_label(name: str) -> str | None:
    """The official name of a vertically managed body, or None if the name is not one.

    Give the name with its place written out (拉萨市税务局, not 市税务局).

    Examples
    --------
    >>> vertical_label("人行拉萨中心支行")
    '中国人民银行拉萨中心支行'
    >>> vertical_label("拉萨市税务局")
    '国家税务总局拉萨市税务局'
    >>> vertical_label("铜川银保监分局")
    '中国银行保险监督管理委员会铜川监管分局'
    >>> vertical_label("国网拉萨供电公司")
    '国网拉萨供电公司'
    >>> vertical_label("拉萨市财政局") is None
    True
    """
    name = _clean(name)
    for pattern, template in _verticals():
        m = pattern.match(name)
        if m:
            return template.format(**m.groupdict())
    return None


# -- regions, for splitting agency names -----------------------------------------


_LEVEL_WORDS = {
    "国家": "national",
    "中央": "national",
    "国务院": "national",
    "全国": "national",
    "省": "province",
    "自治区": "province",
    "州": "city",
    "自治州": "city",
    "盟": "city",
    "地区": "city",
    "县": "county",
    "旗": "county",
}


@lru_cache(maxsize=1)
def region_names() -> tuple[str, ...]:
    """Full names of the regions (and functional areas) an agency name can start with.

    Names that are also common words (城区, 郊区) are left out.

    Examples
    --------
    >>> names = region_names()
    >>> "拉萨市" in names and "西藏自治区" in names and "兰州新区" in names
    True
    >>> "城区" in names
    False
    """
    seen = dict.fromkeys(r.name for r in regions.load_regions().values())
    return tuple(n for n in seen if n not in regions.TEXT_STOP_NAMES)


def level_of(name: str) -> str:
    """Administrative level of a region name: national, province, city, county or "".

    Bare level words count where they are unambiguous (省, 自治区, 县); 市 and 区
    depend on the document and give "".

    Examples
    --------
    >>> level_of("拉萨市"), level_of("西藏"), level_of("城关区"), level_of("国家")
    ('city', 'province', 'county', 'national')
    >>> level_of("市"), level_of("宁东")
    ('', '')
    """
    name = _clean(name)
    if name in _LEVEL_WORDS:
        return _LEVEL_WORDS[name]
    if name in ("市", "区"):
        return ""
    region = regions.find_region(name)
    if region is None:
        # a name several regions share at one level (城关区)
        levels = {r.level for r in regions.load_regions().values() if r.name == name}
        return levels.pop() if len(levels) == 1 else ""
    return region.level


def region_short_prefix(name: str) -> str | None:
    """The short place name an agency name starts with (铜川 in 铜川银保监分局), or None.

    None when the name starts with a full region name or with no place.

    Examples
    --------
    >>> region_short_prefix("铜川银保监分局"), region_short_prefix("哈密中院")
    ('铜川', '哈密')
    >>> region_short_prefix("宁东市场监管局")
    '宁东'
    >>> region_short_prefix("拉萨市财政局") is None, region_short_prefix("市场监管局") is None
    (True, True)
    """
    short = regions.leading_region(name, shorts=True)
    if not short or short == regions.leading_region(name):
        return None
    return short


_FUNCTION_TAIL = r"(?:行政主管部门|主管部门|行政部门|部门|机关)?"


@lru_cache(maxsize=1)
def _function_departments() -> tuple[tuple[re.Pattern[str], dict[str, str], dict[str, str]], ...]:
    out = []
    for r in _rows("function_departments.tsv"):
        words = sorted(r["words"].split("|"), key=len, reverse=True)
        pattern = re.compile("^(?:" + "|".join(map(re.escape, words)) + ")" + _FUNCTION_TAIL + "$")
        now = {"province": r["province"], "city": r["city"], "county": r["county"]}
        before = r.get("before_2018") or ""
        old = dict(zip(("province", "city", "county"), before.split("|"), strict=False)) if before else {}
        out.append((pattern, now, old))
    return tuple(out)


def function_department(name: str, level: str, year: int | None = None) -> str | None:
    """The standard department of a level for a function-only mention, or None.

    Examples
    --------
    >>> function_department("发改部门", "city"), function_department("财政", "province")
    ('发展和改革委员会', '财政厅')
    >>> function_department("环保", "city", 2017), function_department("环保", "city", 2019)
    ('环境保护局', '生态环境局')
    >>> function_department("财政部", "city") is None
    True
    """
    level = level if level in ("province", "city", "county") else "city"
    for pattern, now, old in _function_departments():
        if pattern.match(name):
            if year is not None and year < 2018 and old.get(level):
                return old[level]
            return now[level]
    return None


@lru_cache(maxsize=1)
def _national() -> dict[str, str]:
    out = {}
    for r in _rows("national_bodies.tsv"):
        out[r["short"]] = r["official"]
        out[r["official"]] = r["official"]
    return out


def national_body(name: str) -> str | None:
    """The official name of a State Council body as a national document names it.

    Examples
    --------
    >>> national_body("发展改革委"), national_body("国资委"), national_body("财政部")
    ('国家发展和改革委员会', '国务院国有资产监督管理委员会', None)
    """
    return _national().get(name)
