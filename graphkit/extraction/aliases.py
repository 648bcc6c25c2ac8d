"""Short names a document uses for a body it also names in full.

A document often names a body once in full and then by a shorter form of its
own making: 银川's plan gives 市审批服务管理局 as an indicator's lead and 市审批局
for the measures under it; a 甘肃 plan writes both 省高速公路路政执法总队 and
省高速路政执法总队. Within one document, a name whose core (the name without its
place) is the core of a longer name of the same region and functional type
with characters left out, in order, and the same ending, is that body: its
assignments move to the longer name, which keeps the shorter as an
alternative label. The full name may also come from an earlier document of
the same file (the region's name for the body, once written); across files
nothing is merged this way, and names with brackets (one body with two names)
are left as they are.

Examples
--------
>>> from graphkit.records import Agency
>>> a = Agency("银川市审批局", region="银川市", function="行政审批")
>>> b = Agency("银川市审批服务管理局", region="银川市", function="行政审批")
>>> short_to_full([a, b])
{'银川市审批局': '银川市审批服务管理局'}
>>> short_to_full([Agency("拉萨市财政局", "拉萨市", function="财政"),
...                Agency("拉萨市财政厅", "拉萨市", function="财政")])
{}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from graphkit.extraction import lexicon
from graphkit.records import Agency

__all__ = ["short_to_full"]


@lru_cache(maxsize=16384)
def _core(label: str) -> str:
    return lexicon._strip_place(label).removeprefix("人民政府")


def _shortens(short: str, full: str) -> bool:
    """``short`` is ``full`` with characters left out, in order, and the same ending."""
    if len(short) >= len(full) or len(short) < 3 or short[-1] != full[-1] or short[0] != full[0]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _without_government(short: str, full: str) -> bool:
    """平凉市政务公开办 for 平凉市人民政府政务公开办: the government's office without 人民政府."""
    core = lexicon._strip_place(full)
    return core.startswith("人民政府") and short == full.replace("人民政府", "", 1)


def short_to_full(agencies: Iterable[Agency], shorts: set[str] | None = None) -> dict[str, str]:
    """Labels of one document's agencies that shorten another of its agencies, to that one.

    Only agencies (not units, groups or scoped names) of the same region and
    functional type are compared, and a short name that fits two longer ones
    is left alone. ``shorts``: only these labels are taken as short names
    (the others are only full names they may shorten).
    """
    groups: dict[tuple[str, str], list[Agency]] = defaultdict(list)
    for a in agencies:
        if a.kind in ("agency", "zone") and a.function and not a.scope:
            if "（" not in a.label and "(" not in a.label:
                groups[(a.region, a.function)].append(a)
    out: dict[str, str] = {}
    for members in groups.values():
        for a in members:
            if shorts is not None and a.label not in shorts:
                continue
            fits = {
                b.label
                for b in members
                if b.label != a.label
                and (
                    _shortens(_core(a.label), _core(b.label))
                    or _without_government(a.label, b.label)
                )
            }
            if len(fits) == 1:
                out[a.label] = fits.pop()
    return out
