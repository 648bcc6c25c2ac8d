"""A review of the agencies an extraction resolved: what to check before trusting a graph.

A wrongly named agency merges or splits nodes silently, so :func:`review_agencies`
lists every agency with its region, level, type, how often and how it is
written, and flags what deserves a look:

- ``no region``: the agency could not be placed (and is not national);
- ``no functional type``: no type in ``data/lexicon/functional_types.tsv`` matches;
- ``outside the standard names``: its name, without its place, is no standard
  department name of the lexicon (a local name, or a short form to add);
- ``possible duplicate of X``: same region, same functional type and a similar name;
- ``unit without parent``: an internal division whose agency is unknown;
- ``scoped to its document``: the document's region is unknown.

Examples
--------
>>> from graphkit.extraction import extract_text
>>> from graphkit.extraction.text import from_string
>>> a = extract_text(from_string(
...     "拉萨市人民政府关于印发工作方案的通知\\n1.优化服务。（市审批局牵头）\\n", source="a.txt"))
>>> b = extract_text(from_string(
...     "拉萨市人民政府关于印发实施意见的通知\\n1.优化服务。（市审批服务管理局牵头）\\n", source="b.txt"))
>>> rows = {r.label: r for r in review_agencies([a, b])}
>>> rows["拉萨市审批局"].flags
('outside the standard names', 'possible duplicate of 拉萨市审批服务管理局')
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graphkit.extraction import lexicon

if TYPE_CHECKING:
    from graphkit.extraction.build import Extraction

__all__ = ["FLAGS", "AgencyReview", "review_agencies"]

#: The flags, in the order they are listed.
FLAGS = (
    "no region",
    "no functional type",
    "outside the standard names",
    "possible duplicate of",
    "unit without parent",
    "scoped to its document",
)


#: Development zones have names of their own: no standard name, no duplicates by type.
ZONE_FUNCTION = "开发区管理"


@dataclass(frozen=True)
class AgencyReview:
    """One agency as the review sees it."""

    label: str
    region: str
    level: str
    function: str
    kind: str
    parent: str
    scope: str
    mentions: int
    documents: int
    samples: tuple[str, ...]
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """A plain row (samples and flags joined by ``; ``)."""
        return {
            "agency": self.label,
            "region": self.region,
            "level": self.level,
            "function": self.function,
            "kind": self.kind,
            "parent": self.parent,
            "scope": self.scope,
            "mentions": self.mentions,
            "documents": self.documents,
            "samples": "; ".join(self.samples),
            "flags": "; ".join(self.flags),
        }


@lru_cache(maxsize=1)
def _standard_names() -> frozenset[str]:
    """Every full department name the lexicon knows (without places)."""
    names = {full for _, full, kind in lexicon._short_form_rows() if kind != "typo"}
    for row in lexicon._rows("function_departments.tsv"):
        names.update((row["province"], row["city"], row["county"]))
        names.update(x for x in (row.get("before_2018") or "").split("|") if x)
    for row in lexicon._rows("national_bodies.tsv"):
        names.add(row["official"])
    names.update(("人民政府", "人民政府办公室", "人民政府办公厅"))
    return frozenset(names)


def _core(label: str) -> str:
    return lexicon._strip_place(label)


def _similar(a: str, b: str) -> bool:
    """Names that may be one body: one core inside the other, or the same head and
    ending with most characters shared (审批局 / 审批服务管理局). Two standard names
    (自然资源局, 国土资源局) are two bodies."""
    ca, cb = _core(a).removeprefix("人民政府"), _core(b).removeprefix("人民政府")
    if not ca or not cb or ca == cb:
        return ca == cb and a != b
    standard = _standard_names()
    if ca in standard and cb in standard:
        return False
    if ca in cb or cb in ca:
        return True
    return (
        ca[:2] == cb[:2]
        and ca[-1] == cb[-1]
        and difflib.SequenceMatcher(None, ca, cb).ratio() >= 0.6
    )


def review_agencies(extractions: Iterable[Extraction]) -> list[AgencyReview]:
    """Every agency of the extractions, most mentioned first, with its flags."""
    agencies: dict[str, Any] = {}
    mentions: dict[str, Counter[str]] = defaultdict(Counter)
    docs: dict[str, set[str]] = defaultdict(set)
    for ex in extractions:
        for key, agency in ex.agencies.items():
            agencies.setdefault(key, agency)
        for m in ex.measures:
            for a in m.assignments:
                if a.collective:
                    continue
                key = f"{a.agency}@{a.scope}" if a.scope else a.agency
                mentions[key][a.mention] += 1
                docs[key].add(m.doc_id)
    by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, a in agencies.items():
        if a.function and not a.scope and a.kind != "unit" and a.function != ZONE_FUNCTION:
            by_place[(a.region, a.function)].append(key)
    standard = _standard_names()
    out = []
    for key, a in agencies.items():
        flags: list[str] = []
        if not a.region and a.level != "national" and a.kind != "unit":
            flags.append("no region")
        if not a.function:
            flags.append("no functional type")
        if a.kind in ("agency", "") and a.function != ZONE_FUNCTION and _core(a.label) not in standard:
            flags.append("outside the standard names")
        peers = by_place.get((a.region, a.function), ()) if a.kind != "unit" else ()
        for other in sorted(peers):
            if other != key and _similar(a.label, agencies[other].label):
                flags.append(f"possible duplicate of {agencies[other].label}")
        if a.kind == "unit" and not a.parent:
            flags.append("unit without parent")
        if a.scope:
            flags.append("scoped to its document")
        seen = mentions.get(key, Counter())
        out.append(
            AgencyReview(
                label=a.label,
                region=a.region,
                level=a.level,
                function=a.function,
                kind=a.kind,
                parent=a.parent,
                scope=a.scope,
                mentions=sum(seen.values()),
                documents=len(docs.get(key, ())),
                samples=tuple(m for m, _ in seen.most_common(3)),
                flags=tuple(flags),
            )
        )
    out.sort(key=lambda r: (-r.mentions, r.label, r.scope))
    return out
