"""China's administrative regions: codes, names, hierarchy, and finding them in text.

The table is ``graphkit/data/regions.tsv``: provinces, prefecture-level cities
and county-level divisions with their GB/T 2260 division codes, generated from
the JioNLP place-name dictionary by ``tools/make_regions.py`` (its header names
the source, version and licence). Special areas that are not divisions (宁东能源化工基地,
杨凌示范区 …) are listed in ``graphkit/data/lexicon/special_areas.tsv`` and
found with :func:`special_area`; :func:`find_region` never returns them.

Examples
--------
>>> find_region("拉萨").name
'拉萨市'
>>> [r.name for r in region_path(find_region("城关区", within="540100").code)]
['西藏自治区', '拉萨市', '城关区']
>>> find_region("区", within="540100").name
'西藏自治区'
>>> [r.name for r in regions_in("陕西省人民政府办公厅关于印发西安市、延安市…的通知")]
['陕西省', '西安市', '延安市']
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from graphkit.records import Region

__all__ = [
    "SpecialArea",
    "find_region",
    "is_zone",
    "leading_region",
    "load_regions",
    "region_path",
    "regions_in",
    "special_area",
    "special_areas",
]

_RANK = {"province": 0, "city": 1, "county": 2}

#: Bare level words and the endings of the region names they refer to.
_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "省": ("省",),
    "自治区": ("自治区",),
    "区": ("区",),
    "市": ("市",),
    "州": ("州",),
    "自治州": ("自治州",),
    "地区": ("地区",),
    "盟": ("盟",),
    "县": ("县",),
    "旗": ("旗",),
}

#: Full names of districts that are also common words (城区 "urban area"): found
#: by :func:`find_region`, but not matched in running text by :func:`regions_in`.
TEXT_STOP_NAMES = frozenset(
    {"城区", "矿区", "郊区", "东区", "西区", "市中区", "新市区", "新城区", "老城区"}
)
#: Short names of cities that are also common words or names (长治久安, 大理石 …):
#: matched in running text only by their full names.
TEXT_STOP_SHORTS = frozenset(
    {"长治", "四平", "大同", "来宾", "文山", "大理", "红河", "中山", "黄山", "北海", "普洱", "阿里"}
)


@dataclass(frozen=True)
class SpecialArea:
    """A named area that is not an administrative division (宁东能源化工基地).

    ``within`` is the code of the region that administers it, ``aliases`` the
    short names it goes by (宁东), ``kind`` what it is (``base``, ``new-area``,
    ``zone``), ``source`` where it was seen.
    """

    name: str
    within: str
    aliases: tuple[str, ...] = ()
    kind: str = ""
    source: str = ""


@dataclass
class _Index:
    by_code: dict[str, Region]
    zones: frozenset[str]
    #: name -> [(code, how)] with how 0 = full name, 1 = short name or alias
    by_name: dict[str, list[tuple[str, int]]]
    areas: dict[str, SpecialArea] = field(default_factory=dict)


def _data_text(*parts: str) -> str:
    return resources.files("graphkit").joinpath("data", *parts).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_code: dict[str, Region] = {}
    zones: set[str] = set()
    by_name: dict[str, list[tuple[str, int]]] = {}

    def add(name: str, code: str, how: int) -> None:
        if name:
            entries = by_name.setdefault(name, [])
            if (code, how) not in entries:
                entries.append((code, how))

    lines = (ln for ln in _data_text("regions.tsv").splitlines() if ln and not ln.startswith("#"))
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    col = {c: i for i, c in enumerate(header)}
    for row in reader:
        code, name, level = row[col["code"]], row[col["name"]], row[col["level"]]
        short = row[col["short"]]
        region = Region(code=code, name=name, level=level, parent=row[col["parent"]], short=short)  # type: ignore[arg-type]
        by_code[code] = region
        if row[col["kind"]] == "zone":
            zones.add(code)
        add(name, code, 0)
        add(short, code, 1)
        for alias in filter(None, row[col["aliases"]].split("|")):
            add(alias, code, 1)
        # informal forms: 宁夏自治区, 临夏州
        if short and level == "province" and name.endswith("自治区"):
            add(short + "自治区", code, 1)
        if short and name.endswith("自治州") and not short.endswith("州"):
            add(short + "州", code, 1)
    index = _Index(by_code=by_code, zones=frozenset(zones), by_name=by_name)
    index.areas = _load_areas()
    return index


def _load_areas() -> dict[str, SpecialArea]:
    areas: dict[str, SpecialArea] = {}
    text = _data_text("lexicon", "special_areas.tsv")
    rows = csv.DictReader(
        (ln for ln in text.splitlines() if ln and not ln.startswith("#")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    for row in rows:
        aliases = tuple(a for a in row["aliases"].split("|") if a)
        area = SpecialArea(row["name"], row["within"], aliases, row["kind"], row["source"])
        for key in (area.name, *aliases):
            areas[key] = area
    return areas


def load_regions() -> dict[str, Region]:
    """All regions by division code (read once, then cached).

    Returns
    -------
    dict of str to Region
        A new dict each call; the :class:`~graphkit.records.Region` values are
        shared (they are frozen).

    Examples
    --------
    >>> regions = load_regions()
    >>> regions["540000"].name, regions["540100"].parent
    ('西藏自治区', '540000')
    >>> regions["610000"].short, regions["650000"].short
    ('陕西', '新疆')
    """
    return dict(_index().by_code)


def is_zone(code: str) -> bool:
    """Whether a code is a functional area (开发区, 新区) rather than a division.

    Such codes (county-level, fifth digit 7) come from the National Bureau of
    Statistics' extension of GB/T 2260.

    Examples
    --------
    >>> is_zone("620171"), is_zone("620102")
    (True, False)
    """
    return code in _index().zones


def region_path(code: str) -> tuple[Region, ...]:
    """The chain of regions from the province down to ``code``.

    Returns ``()`` for an unknown code.

    Examples
    --------
    >>> [r.name for r in region_path("540102")]
    ['西藏自治区', '拉萨市', '城关区']
    >>> [r.name for r in region_path("110101")]
    ['北京市', '东城区']
    >>> region_path("999999")
    ()
    """
    by_code = _index().by_code
    chain: list[Region] = []
    region = by_code.get(code)
    while region is not None and len(chain) < 4:
        chain.append(region)
        region = by_code.get(region.parent) if region.parent else None
    return tuple(reversed(chain))


def _ancestors(code: str) -> set[str]:
    return {r.code for r in region_path(code)}


def _choose(entries: list[tuple[str, int]], within: str | None) -> str | None:
    """Pick one code among the regions a name can mean, or None when still ambiguous."""
    if within and _index().by_code.get(within):
        # nearest context first: the region itself, then its parents
        for ctx in reversed(region_path(within)):
            scoped = [e for e in entries if ctx.code in _ancestors(e[0])]
            if scoped:
                return _best(scoped)
    return _best(entries)


def _best(entries: list[tuple[str, int]]) -> str | None:
    if len(entries) == 1:
        return entries[0][0]
    by_code = _index().by_code
    how = min(h for _, h in entries)
    entries = [e for e in entries if e[1] == how]
    rank = min(_RANK[by_code[c].level] for c, _ in entries)
    top = [c for c, _ in entries if _RANK[by_code[c].level] == rank]
    return top[0] if len(set(top)) == 1 else None


def _contextual(word: str, within: str | None) -> Region | None:
    """A bare level word (区, 市, 省) read in the context of ``within``."""
    if not within:
        return None
    endings = _LEVEL_WORDS[word]
    for region in reversed(region_path(within)):
        if region.name.endswith(endings):
            return region
    return None


def find_region(name: str, *, within: str | None = None) -> Region | None:
    """The region a name refers to: full name, short name, alias or a level word.

    Parameters
    ----------
    name
        ``拉萨市``, ``拉萨``, ``宁夏``, ``西藏自治区拉萨市`` (a chain of names), or a
        bare level word (``区``, ``市``, ``省``, ``自治区``) read in the context
        of ``within``: the nearest region of that kind above it (in a 西藏
        document ``区`` is the autonomous region, in a 城关区 one the district).
    within
        Division code of the context (the document's region). Names that
        several regions share (城关区) are resolved to the one nearest to it:
        inside ``within`` first, then inside its parents.

    Returns
    -------
    Region or None
        None when the name is unknown, is a special area (see
        :func:`special_area`), or stays ambiguous. Among several candidates a
        full name beats a short one, and a higher level beats a lower one
        (``吉林`` is the province).

    Examples
    --------
    >>> find_region("西藏").code, find_region("西藏自治区").code
    ('540000', '540000')
    >>> find_region("城关区") is None  # several: Lhasa, Lanzhou, …
    True
    >>> find_region("城关区", within="540000").code
    '540102'
    >>> find_region("城关区", within="620100").code
    '620102'
    >>> find_region("新疆维吾尔自治区拉萨市") is None  # not a chain
    True
    >>> find_region("陕西省延安市").code
    '610600'
    >>> find_region("市", within="540102").name
    '拉萨市'
    >>> find_region("宁东") is None
    True
    """
    name = re.sub(r"\s+", "", name)
    if not name:
        return None
    if name in _LEVEL_WORDS:
        return _contextual(name, within)
    index = _index()
    entries = index.by_name.get(name)
    if entries:
        code = _choose(entries, within)
        return index.by_code[code] if code else None
    return _chain(name, within)


def _chain(name: str, within: str | None) -> Region | None:
    """``陕西省西安市``: consecutive names, each inside the one before."""
    index = _index()
    longest = min(len(name) - 1, 12)
    for cut in range(longest, 1, -1):
        head = name[:cut]
        entries = index.by_name.get(head)
        if not entries:
            continue
        code = _choose(entries, within)
        if code is None:
            continue
        rest = _chain_rest(name[cut:], code)
        if rest is not None:
            return rest
    return None


def _chain_rest(rest: str, parent: str) -> Region | None:
    index = _index()
    entries = index.by_name.get(rest)
    if entries:
        inside = [e for e in entries if parent in _ancestors(e[0]) and e[0] != parent]
        code = _best(inside) if inside else None
        if code:
            return index.by_code[code]
    for cut in range(min(len(rest) - 1, 12), 1, -1):
        entries = index.by_name.get(rest[:cut])
        if not entries:
            continue
        inside = [e for e in entries if parent in _ancestors(e[0]) and e[0] != parent]
        code = _best(inside) if inside else None
        if code:
            found = _chain_rest(rest[cut:], code)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=1)
def _prefix_names() -> tuple[frozenset[str], frozenset[str]]:
    """(full names, short names) usable as the place at the start of a name."""
    index = _index()
    full = {n for n, e in index.by_name.items() if any(h == 0 for _, h in e)}
    full -= TEXT_STOP_NAMES
    short = set(_text_names_flat()) - full
    for key, area in index.areas.items():
        (full if key == area.name else short).add(key)
    return frozenset(full), frozenset(short)


def leading_region(name: str, *, shorts: bool = False) -> str:
    """The longest region name that ``name`` starts with, or "".

    Full names of regions and special areas count; with ``shorts``, also the
    short names and aliases :func:`regions_in` matches (province and city
    short names, 宁东, 金昌经开区). Used to split an agency name into its place
    and the rest.

    Examples
    --------
    >>> leading_region("拉萨市城关区人民政府")
    '拉萨市'
    >>> leading_region("铜川银保监分局"), leading_region("铜川银保监分局", shorts=True)
    ('', '铜川')
    >>> leading_region("宁东市场监管局", shorts=True)
    '宁东'
    >>> leading_region("市场监管局", shorts=True)
    ''
    """
    full, short = _prefix_names()
    name = re.sub(r"\s+", "", name)
    for cut in range(min(len(name), 16), 1, -1):
        head = name[:cut]
        if head in full or (shorts and head in short):
            return head
    return ""


def special_area(name: str) -> SpecialArea | None:
    """A special area (not a division) by its name or short name.

    Examples
    --------
    >>> area = special_area("宁东")
    >>> area.name, load_regions()[area.within].name
    ('宁东能源化工基地', '宁夏回族自治区')
    >>> special_area("拉萨市") is None
    True
    """
    return _index().areas.get(re.sub(r"\s+", "", name))


def special_areas() -> tuple[SpecialArea, ...]:
    """All special areas, each once.

    Examples
    --------
    >>> "宁东能源化工基地" in {a.name for a in special_areas()}
    True
    """
    seen: dict[str, SpecialArea] = {}
    for area in _index().areas.values():
        seen.setdefault(area.name, area)
    return tuple(seen.values())


@lru_cache(maxsize=1)
def _text_names() -> dict[str, list[str]]:
    """Names matched in running text, grouped by their first two characters."""
    index = _index()
    names: dict[str, list[str]] = {}
    for name, entries in index.by_name.items():
        if len(name) < 2 or name in TEXT_STOP_NAMES or name in TEXT_STOP_SHORTS:
            continue
        usable = False
        for code, how in entries:
            level = index.by_code[code].level
            # county short names are often ordinary words (城关, 解放, 和平)
            if how == 0 or level != "county" or len(name) >= 3:
                usable = True
        if usable:
            names.setdefault(name[:2], []).append(name)
    for group in names.values():
        group.sort(key=len, reverse=True)
    return names


def _text_names_flat() -> list[str]:
    return [n for group in _text_names().values() for n in group]


def _weak(name: str, entries: list[tuple[str, int]]) -> bool:
    """Two-character county names (和县, 范县) are often parts of ordinary words."""
    by_code = _index().by_code
    return len(name) == 2 and all(by_code[c].level == "county" for c, _ in entries)


def regions_in(text: str, *, within: str | None = None, unique: bool = True) -> list[Region]:
    """Regions named in a text, in order of appearance (longest match first).

    Full names of every level are matched, and short names of provinces and
    cities (县级 short names only from three characters on: 堆龙德庆, not 城关).
    A name several regions share (城关区) is resolved with the regions named
    unambiguously in the same text and ``within``; one that stays ambiguous is
    left out. Two-character county names (和县, 成县) count only next to their
    city or province (in the text or ``within``), as they are often parts of
    ordinary words (示范县).

    Parameters
    ----------
    text
        Any text; whitespace is ignored.
    within
        Division code of the context, as for :func:`find_region`.
    unique
        Report each region once (default) or once per mention.

    Examples
    --------
    >>> [r.code for r in regions_in("拉萨市城关区人民政府")]
    ['540100', '540102']
    >>> [r.name for r in regions_in("新疆、宁夏和青海省，以及兰州新区")]
    ['新疆维吾尔自治区', '宁夏回族自治区', '青海省', '兰州新区']
    >>> regions_in("确保社会稳定和长治久安，建设示范县")
    []
    >>> [r.name for r in regions_in("陇南市成县、徽县")]
    ['陇南市', '成县', '徽县']
    """
    text = re.sub(r"\s+", "", text)
    names = _text_names()
    index = _index()
    found: list[tuple[str, list[tuple[str, int]]]] = []
    i, n = 0, len(text)
    while i < n - 1:
        group = names.get(text[i : i + 2])
        hit = None
        if group:
            for name in group:
                if text.startswith(name, i):
                    hit = name
                    break
        if hit is None:
            i += 1
            continue
        found.append((hit, index.by_name[hit]))
        i += len(hit)
    sure = {e[0][0] for name, e in found if len({c for c, _ in e}) == 1 and not _weak(name, e)}
    context = sure | ({within} if within else set())
    out: list[Region] = []
    for name, entries in found:
        codes = {c for c, _ in entries}
        near = [e for e in entries if _ancestors(e[0]) & context]
        if _weak(name, entries):
            code = _best(near) if near else None
        elif len(codes) == 1:
            code = entries[0][0]
        else:
            code = _best(near) if near else _choose(entries, within)
        if code is not None:
            out.append(index.by_code[code])
    if unique:
        out = list(dict.fromkeys(out))
    return out
