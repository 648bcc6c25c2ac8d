"""Institutional reforms: which body took over from which.

The 2018 reforms merged 工商, 质监 and 食药监 into 市场监督管理局, 法制办 into
司法局, turned 国土资源局 into 自然资源局 …; the 2023 reform replaced the
银保监 bodies by those of 国家金融监督管理总局. The changes are curated in
``data/lexicon/reforms.tsv``, each with the document that made it.

A name is matched by its region and its *functional core*: the name without
the region in front (西藏自治区工商行政管理局 → 工商行政管理局; a bare prefix
left by a mention, 区工商局 → 工商局; a trailing bracket, 编办（审改办） → 编办).
So the same change is found however a name was resolved (西藏自治区工商局,
西藏自治区工商行政管理局, 区工商局 of a 西藏 document), and the successor gets
the region's name in front of the table's name for the level.

Examples
--------
>>> c = successor("西藏自治区工商行政管理局", "西藏自治区", level="province")
>>> c.reform.id, c.resulting, c.year
('2018-market-regulation', '西藏自治区市场监督管理局', '2018')
>>> successor("拉萨市国土资源局", "拉萨市", level="city").resulting
'拉萨市自然资源局'
>>> successor("拉萨市工商业联合会", "拉萨市", level="city") is None
True
>>> functional_core("西藏自治区机构编制委员会办公室（西藏自治区审改办）", ["西藏自治区"])
'机构编制委员会办公室'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Change", "Reform", "chain", "functional_core", "reforms", "successor"]

_PREFIX = re.compile(r"^(?:自治区|省|市|州|盟|地区|县|区|旗)")
_TRAILING_BRACKET = re.compile(r"[（(][^（）()]*[）)]$")


@dataclass(frozen=True)
class Reform:
    """One row of the reform table (see ``data/lexicon/README.md``)."""

    id: str
    scope: str
    pattern: str
    province: str
    local: str
    function: str
    year: str
    local_year: str
    source: str
    #: Regions where the change did not happen (``|``-separated in the table).
    exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    """A body that a reform replaced: ``original`` → ``resulting`` (``""`` when the
    table names no successor), effective in ``year``."""

    reform: Reform
    original: str
    resulting: str
    year: str


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("graphkit").joinpath("data", "lexicon", name).read_text(encoding="utf-8")
    lines = (ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


@lru_cache(maxsize=1)
def reforms() -> tuple[Reform, ...]:
    """The reform table, in table order.

    >>> sorted({r.id for r in reforms()})[:2]
    ['2018-agriculture', '2018-approval-reform-office']
    """
    out = []
    for r in _rows("reforms.tsv"):
        row = {k: (v or "") for k, v in r.items()}
        exceptions = tuple(x for x in row.pop("except", "").split("|") if x)
        out.append(Reform(**row, exceptions=exceptions))
    return tuple(out)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[Reform, re.Pattern[str]], ...]:
    return tuple((r, re.compile(r.pattern)) for r in reforms())


def functional_core(label: str, region_names: Sequence[str] = ()) -> str:
    """``label`` without the region in front and a bracketed note at the end.

    ``region_names`` are the names the region goes by (full name, its path such
    as 西藏自治区拉萨市, short name); the longest that starts the label is cut.

    >>> functional_core("区工商局")
    '工商局'
    >>> functional_core("拉萨市人民政府法制办公室", ["拉萨市", "拉萨"])
    '人民政府法制办公室'
    """
    core = re.sub(r"\s+", "", label)
    for name in sorted({n for n in region_names if n}, key=len, reverse=True):
        if core.startswith(name) and len(core) > len(name):
            core = core[len(name):]
            break
    else:
        core = _PREFIX.sub("", core, count=1) or core
    while _TRAILING_BRACKET.search(core) and not _TRAILING_BRACKET.fullmatch(core):
        core = _TRAILING_BRACKET.sub("", core)
    return core


def successor(label: str, region: str, *, level: str = "", region_names: Sequence[str] = (),
              seen: int | None = None) -> Change | None:
    """The change that replaced the body ``label`` of ``region`` (its full name), if any.

    ``level`` (``province`` or below) picks the successor's name and year;
    ``region_names`` are further names of the region to cut from the label
    (``region`` itself always is; they also decide a row's ``except``). ``seen``
    is a year the body is seen under this name: a change that took effect
    earlier did not apply to it. A body that is already a successor, or that
    no row matches, gives ``None``.

    >>> successor("拉萨市文化局", "拉萨市", level="city", seen=2021) is None
    True

    >>> successor("中国银行保险监督管理委员会铜川监管分局", "铜川市", level="city").resulting
    '国家金融监督管理总局铜川监管分局'
    >>> successor("区编办", "西藏自治区", level="province").resulting
    '中共西藏自治区委机构编制委员会办公室'
    """
    names = [region, *region_names]
    core = functional_core(label, names)
    province = level in ("province", "national")
    for reform, pattern in _compiled():
        m = pattern.fullmatch(label if reform.scope == "label" else core)
        if m is None:
            continue
        template = reform.province if province else reform.local
        year = reform.year if province else reform.local_year
        if not year or set(reform.exceptions) & set(names):
            continue
        if seen is not None and year.isdigit() and seen > int(year):
            return None
        if not template:
            return Change(reform, label, "", year)
        groups = {k: v or "" for k, v in m.groupdict().items()}
        name = template.format(region=region, **groups) if "{" in template else template
        if reform.scope != "label" and "{region}" not in template:
            name = region + name
        if name == label:
            return None
        return Change(reform, label, name, year)
    return None


def chain(label: str, region: str, *, level: str = "", region_names: Sequence[str] = (),
          limit: int = 5) -> list[Change]:
    """The changes from ``label`` on, one after the other (a successor replaced later).

    >>> [c.resulting for c in chain("西藏自治区工商局", "西藏自治区", level="province")]
    ['西藏自治区市场监督管理局']
    """
    out: list[Change] = []
    seen = {label}
    while len(out) < limit:
        c = successor(label, region, level=level, region_names=region_names)
        if c is None or not c.resulting or c.resulting in seen:
            if c is not None and not c.resulting:
                out.append(c)
            break
        out.append(c)
        seen.add(c.resulting)
        label = c.resulting
    return out
