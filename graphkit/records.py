"""The records extraction produces: frozen dataclasses and their JSON Lines form.

Data flows one way: text -> these records -> RDF -> NetworkX -> HTML. This
module has no third-party imports so that every stage can use it.

Examples
--------
>>> a = Assignment(role="lead", mention="市市场监管局", agency="拉萨市市场监督管理局",
...                source="x.txt", line=3)
>>> m = Measure(id="x/d1/m1", doc_id="x/d1", source="x.txt", line=2, number="1",
...             text="简化企业开办流程。", assignments=(a,))
>>> m.to_export(doc_title="某方案", region="拉萨市")["agencies"][0]["agency"]
'拉萨市市场监督管理局'
>>> Measure.from_dict(m.to_dict()) == m
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any, Literal

__all__ = [
    "ROLES",
    "Agency",
    "Assignment",
    "Citation",
    "Deadline",
    "Document",
    "Measure",
    "Region",
    "Target",
    "read_jsonl",
    "write_jsonl",
]

Role = Literal["lead", "cooperate", "responsible"]
#: The three roles an agency can have on a measure (see ``GUIDE.md`` of the gold sets).
ROLES: tuple[str, ...] = ("lead", "cooperate", "responsible")

Level = Literal["national", "province", "city", "county", ""]


@dataclass(frozen=True)
class Region:
    """An administrative region with its GB/T 2260 division code.

    ``parent`` is the code of the enclosing region ("" for a province).
    """

    code: str
    name: str
    level: Level
    parent: str = ""
    short: str = ""


@dataclass(frozen=True)
class Agency:
    """A canonical organisation that mentions resolve to.

    Parameters
    ----------
    label
        Official name, e.g. ``拉萨市市场监督管理局`` (the place spelt as its region's
        official name: :mod:`graphkit.extraction.identity`); with the code of its
        region it identifies the agency, in the records and in its IRI.
    region
        Full name of the region it belongs to ("" for national bodies it cannot place).
    level
        Administrative level: national, province, city or county.
    function
        Functional type, e.g. ``市场监督管理`` ("" when unknown).
    kind
        ``agency`` (a government body), ``unit`` (an internal division of ``parent``),
        ``vertical`` (a vertically managed body such as a tax bureau or a state-owned
        utility), ``court`` / ``party`` / ``enterprise`` / ``other``.
    parent
        Label of the parent agency for units.
    alt_labels, hidden_labels
        Short forms seen in the text; typos and variants.
    scope
        Id of the document an agency is known only within (``""``: known everywhere).
        A document whose region cannot be found keeps its unprefixed names
        (区司法局) to itself, so that two such documents never share a node.
    """

    label: str
    region: str = ""
    level: Level = ""
    function: str = ""
    kind: str = "agency"
    parent: str = ""
    alt_labels: tuple[str, ...] = ()
    hidden_labels: tuple[str, ...] = ()
    scope: str = ""

    @property
    def key(self) -> str:
        """What identifies the agency among the records: its label, and its scope if any."""
        return agency_key(self.label, self.scope)


@dataclass(frozen=True)
class Assignment:
    """One agency named with one role on one measure, with its evidence.

    ``collective`` marks a generic group (各县区政府, 市级有关部门): kept as a
    group, never as an agency. ``clause`` is the responsibility clause as written.
    """

    role: str
    mention: str
    agency: str
    source: str = ""
    line: int = 0
    clause: str = ""
    collective: bool = False
    scope: str = ""
    inherited: bool = False
    locator: str = ""


@dataclass(frozen=True)
class Target:
    """A quantified commitment: ``≤ 90 个工作日`` from 「最长不超过90个工作日」.

    ``comparator`` is ``le`` (at most), ``ge`` (at least), ``eq`` or "".
    """

    value: str
    unit: str
    comparator: str = ""
    phrase: str = ""
    line: int = 0


@dataclass(frozen=True)
class Deadline:
    """A completion time as written and, where it can be read, as a date or period.

    ``date`` is ISO 8601 (``2021-06-30``); ``period`` is ``ongoing`` for 常态实施,
    ``year`` / ``quarter`` / ``month`` / ``date`` for the precision of ``date``.
    """

    text: str
    date: str = ""
    period: str = ""
    line: int = 0


@dataclass(frozen=True)
class Citation:
    """A document cited as 《title》 with its 文号 when given."""

    title: str
    number: str = ""
    line: int = 0


@dataclass(frozen=True)
class Document:
    """A policy document, one of possibly many in a source file."""

    id: str
    source: str
    line: int
    end_line: int
    title: str
    issuers: tuple[str, ...] = ()
    date: str = ""
    number: str = ""
    region: str = ""
    region_path: tuple[str, ...] = ()
    region_evidence: str = ""
    doc_type: str = ""
    cites: tuple[Citation, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (``kind`` = ``document``)."""
        return {"kind": "document", **_plain(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict`."""
        d = _own(cls, d)
        d["issuers"] = tuple(d.get("issuers", ()))
        d["region_path"] = tuple(d.get("region_path", ()))
        d["cites"] = tuple(Citation(**c) for c in d.get("cites", ()))
        return cls(**d)


@dataclass(frozen=True)
class Measure:
    """A numbered task, requirement or ledger row of a document.

    ``line`` is the 1-based source line where the measure's text starts (the
    line of its number where the number stands alone). ``locator`` says where
    in a page, sheet or table that line is, for sources that are not plain
    text (``p. 3``, ``sheet 台账, row 5``, ``table 2, row 4``; "" for text).
    """

    id: str
    doc_id: str
    source: str
    line: int
    number: str
    text: str
    section: tuple[str, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    deadline: Deadline | None = None
    targets: tuple[Target, ...] = ()
    end_line: int = 0
    locator: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (``kind`` = ``measure``)."""
        return {"kind": "measure", **_plain(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Measure:
        """Inverse of :meth:`to_dict`."""
        d = _own(cls, d)
        d["section"] = tuple(d.get("section", ()))
        d["assignments"] = tuple(Assignment(**a) for a in d.get("assignments", ()))
        d["targets"] = tuple(Target(**t) for t in d.get("targets", ()))
        if d.get("deadline") is not None:
            d["deadline"] = Deadline(**d["deadline"])
        return cls(**d)

    def to_export(self, *, doc_title: str, region: str) -> dict[str, Any]:
        """The flat per-measure form ``graphkit extract --format jsonl`` writes.

        Generic collectives are left out of ``agencies`` (they are not agencies)
        and listed under ``groups``.
        """
        named = [a for a in self.assignments if not a.collective]
        return {
            "id": self.id,
            "source": self.source,
            "doc_id": self.doc_id,
            "doc_title": doc_title,
            "region": region,
            "line": self.line,
            "locator": self.locator,
            "measure_no": self.number,
            "section": list(self.section),
            "text": self.text,
            "agencies": [
                {
                    "role": a.role,
                    "mention": a.mention,
                    "agency": a.agency,
                    "line": a.line,
                    "locator": a.locator,
                }
                | ({"inherited": True} if a.inherited else {})
                for a in named
            ],
            "groups": [
                {"role": a.role, "mention": a.mention, "line": a.line}
                for a in self.assignments
                if a.collective
            ],
            "deadline": self.deadline.text if self.deadline else "",
            "deadline_date": self.deadline.date if self.deadline else "",
            "deadline_period": self.deadline.period if self.deadline else "",
            "targets": [
                {"value": t.value, "unit": t.unit, "comparator": t.comparator, "phrase": t.phrase}
                for t in self.targets
            ],
        }


def _plain(obj: Any) -> dict[str, Any]:
    d = asdict(obj)
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}


def agency_key(label: str, scope: str = "") -> str:
    """The key of an agency: its label, with the document it is scoped to.

    >>> agency_key("拉萨市公安局"), agency_key("区司法局", "a.txt/d1")
    ('拉萨市公安局', '区司法局@a.txt/d1')
    """
    return f"{label}@{scope}" if scope else label


def _own(cls: type, d: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in d.items() if k in names}


Record = Document | Measure


def write_jsonl(records: Iterable[Document | Measure], out: IO[str]) -> int:
    """Write records as JSON Lines (one ``to_dict`` per line); return how many."""
    n = 0
    for r in records:
        out.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def read_jsonl(path: str | Path) -> Iterator[Document | Measure]:
    """Read records written by :func:`write_jsonl`."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            kind = d.get("kind")
            if kind == "document":
                yield Document.from_dict(d)
            elif kind == "measure":
                yield Measure.from_dict(d)
