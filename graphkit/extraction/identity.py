"""What makes two agency names one agency: the region and the official name.

An agency is identified by the GB/T 2260 code of its region and its name
within that region, not by the string a document wrote. The place that opens
a name may be spelt several ways (宁夏自治区 / 宁夏回族自治区, 西藏 / 西藏自治区,
拉萨 / 拉萨市, 钢城区 / 济南市钢城区); :func:`identify` reads it as its region and
gives the name its official spelling, so that every spelling gives one key, one
IRI and one ``skos:prefLabel``, and the others stay alternative labels.

The official spelling of the place is the region's full name; a district's
(区) has its city before it (济南市钢城区); a city's development zone is named
by the city's short name (拉萨经济技术开发区), as zones are. A name whose place
is written short (拉萨, 西藏) is spelt in full only where the rest is the region's
government or one of its standard departments (西藏商务厅 → 西藏自治区商务厅); other
bodies keep their own spelling (延安大学, 南昌铁路局, 广东出入境检验检疫局).

A name that does not open with its place is placed by the most specific
region named in it (国家税务总局拉萨市税务局, 中共延安市委), else
as a national body (国务院办公厅: ``cn``), else in the region of the document
that names it (自来水公司 in a 拉萨市 plan), else nationally; where an agency's
record gives its region, :meth:`graphkit.namespace.IRIs.agency` places such a
name there instead (中国人民银行兰州中心支行 is 甘肃省's).

Examples
--------
>>> identify("宁夏自治区市场监督管理厅") == identify("宁夏回族自治区市场监督管理厅")
True
>>> identify("宁夏自治区市场监督管理厅")
Identity(code='640000', label='宁夏回族自治区市场监督管理厅')
>>> identify("拉萨市经济技术开发区管理委员会").label
'拉萨经济技术开发区管理委员会'
>>> identify("城关区司法局", within="540100"), identify("城关区司法局", within="620100")
(Identity(code='540102', label='拉萨市城关区司法局'), Identity(code='620102', label='兰州市城关区司法局'))
>>> identify("国务院办公厅"), identify("自来水公司", within="540100")
(Identity(code='cn', label='国务院办公厅'), Identity(code='540100', label='自来水公司'))
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from graphkit.extraction import regions
from graphkit.records import Region

__all__ = ["NATIONAL_CODE", "Identity", "identify", "opens_with_place"]

#: The region segment of a national body's key and IRI.
NATIONAL_CODE = "cn"

#: A place written in full: it ends with a level word (宁夏自治区, 拉萨市, 甘孜州).
_FULL_FORM = re.compile(r"(省|市|区|县|州|旗|盟)$")
#: Zone names a city's short name opens (拉萨经济技术开发区).
_ZONE_HEAD = re.compile(
    r"^(经济技术开发区|高新技术产业开发区|经济开发区|开发区|工业园区|综合保税区|产业园区|园区|新区)"
)
#: Bodies that are not the government's: their place is part of their own name.
_OWN_NAME = re.compile(r"公司|集团|银行|支行|大学|学院|学校|医院|协会|商会|联合会|研究院|报社")
#: Names that place themselves nationally.
_NATIONAL = re.compile(r"^(国家|中国|中华|中共中央|中央|国务院|全国|共青团中央|国网|国家电网)")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


class Identity(NamedTuple):
    """The key of an agency: its region's division code (``cn`` for a national
    body) and its official name."""

    code: str
    label: str


def identify(label: str, within: str = "") -> Identity:
    """The identity of an agency named ``label`` in a document of region ``within``.

    Parameters
    ----------
    label
        The agency's name as resolved (``宁夏自治区市场监督管理厅``).
    within
        Division code of the document's region ("" when unknown): it places
        shared names (城关区) and names without a place of their own.

    Returns
    -------
    Identity
        ``code``: GB/T 2260 code of the region the name places the agency in,
        or ``cn``; ``label``: the official name (the place spelt as the region's
        official name), which is the agency's ``skos:prefLabel``.

    Examples
    --------
    >>> identify("西藏商务厅").label, identify("西藏自治区商务厅").label
    ('西藏自治区商务厅', '西藏自治区商务厅')
    >>> identify("钢城区司法局").label == identify("济南市钢城区司法局").label
    True
    >>> identify("延安大学")
    Identity(code='610600', label='延安大学')
    """
    first = _identify(re.sub(r"\s+", "", label), within or "")
    if first.label == label:
        return first
    # the official spelling may name a place of its own (拉萨经济技术开发区 is a zone)
    return _identify(first.label, within or "")


def opens_with_place(label: str, within: str = "") -> bool:
    """Whether ``label`` opens with the place it belongs to (宁夏回族自治区财政厅, not
    国家税务总局拉萨市税务局 or 自来水公司).

    >>> opens_with_place("宁夏回族自治区财政厅"), opens_with_place("国家税务总局拉萨市税务局")
    (True, False)
    """
    return _place(re.sub(r"\s+", "", label), within or "")[0] is not None


@lru_cache(maxsize=65536)
def _identify(label: str, within: str) -> Identity:
    region, at, written_short = _place(label, within)
    if region is not None:
        rest = label[at:]
        if written_short and not _government_body(rest):
            # 延安大学, 南昌铁路局, 广东出入境检验检疫局: the place is part of the body's own name
            return Identity(region.code, label)
        return Identity(region.code, _official_place(region, rest) + rest)
    inside = _named_in(label, within)
    if inside:
        return Identity(inside, label)
    if _NATIONAL.match(label) or not within:
        return Identity(NATIONAL_CODE, label)
    return Identity(within, label)


@lru_cache(maxsize=65536)
def _place(label: str, within: str) -> tuple[Region | None, int, bool]:
    """The region the places opening ``label`` name (拉萨市城关区 → 城关区), where they end,
    and whether the last of them is written short (拉萨, not 拉萨市)."""
    found: Region | None = None
    at, short = 0, False
    while at < len(label):
        head = regions.leading_region(label[at:], shorts=True)
        if not head or at + len(head) >= len(label):
            break
        r = regions.find_region(head, within=found.code if found else (within or None))
        if r is None or r.level not in ("province", "city", "county"):
            break
        if found is not None and found.code not in {p.code for p in regions.region_path(r.code)}:
            break  # not a place inside the one before: the rest of the name
        if found is not None and r.code == found.code:
            break
        found, at, short = r, at + len(head), head == r.short or not _FULL_FORM.search(head)
    return found, at, short


def _government_body(rest: str) -> bool:
    """A region's government or one of its standard departments (商务厅, 人民政府办公室)."""
    from graphkit.extraction.review import _standard_names

    if _OWN_NAME.search(rest):
        return False
    return rest.startswith("人民政府") or rest in _standard_names()


def _official_place(region: Region, rest: str) -> str:
    """How the official name of a body of ``region`` spells its place."""
    path = regions.region_path(region.code)
    parent = path[-2] if len(path) > 1 else None
    if region.level == "city" and region.short and _ZONE_HEAD.match(rest):
        return region.short
    if regions.is_zone(region.code):
        return region.name
    if region.level == "county" and region.name.endswith("区") and parent is not None:
        if parent.level == "city" or parent.name in _MUNICIPALITIES:
            return parent.name + region.name
    return region.name


def _named_in(label: str, within: str) -> str:
    """The code of the most specific region named inside ``label`` ("" if none)."""
    found = [
        r for r in regions.regions_in(label, within=within or None)
        if r.level in ("province", "city", "county")
    ]
    if not found:
        return ""
    return max(found, key=lambda r: (len(regions.region_path(r.code)), r.code)).code
