"""Put the extraction stages together: a file in, its records out.

Examples
--------
>>> from graphkit.extraction.text import from_string
>>> src = '''拉萨市人民政府关于印发某某工作方案的通知
... 拉政发〔2021〕9号
... 各县（区）人民政府，市直各部门：
... 一、重点任务
... 1.压缩企业开办时间，全程网办，3个工作日办结。（市市场监管局牵头，市公安局、市税务局配合）
... 2.加强监管。（各县区政府负责）
... '''
>>> ex = extract_text(from_string(src, source="demo.txt"))
>>> d = ex.documents[0]
>>> d.number, d.region, d.doc_type
('拉政发〔2021〕9号', '拉萨市', '方案')
>>> m = ex.measures[0]
>>> m.line, [(a.role, a.agency) for a in m.assignments]
(5, [('lead', '拉萨市市场监督管理局'), ('cooperate', '拉萨市公安局'), ('cooperate', '国家税务总局拉萨市税务局')])
>>> [(a.mention, a.collective) for a in ex.measures[1].assignments]
[('各县区政府', True)]
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction import regions
from graphkit.extraction.documents import make_document, region_codes
from graphkit.extraction.executors import map_files
from graphkit.extraction.measures import measures_of, remember
from graphkit.extraction.resolve import resolve
from graphkit.extraction.segment import (
    split_documents,
)
from graphkit.extraction.sources import TEXT_SUFFIXES, iter_sources
from graphkit.extraction.text import MAX_BYTES, Text, read_text
from graphkit.records import Agency, Document, Measure, Region

__all__ = [
    "LONG_LINE",
    "TEXT_SUFFIXES",
    "Extraction",
    "extract_file",
    "extract_paths",
    "extract_text",
    "iter_sources",
]


@dataclass
class Extraction:
    """What one source file gave: its records and the problems met on the way."""

    source: str
    documents: list[Document] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    agencies: dict[str, Agency] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def assignments(self) -> int:
        """Number of assignments (named agencies and groups) over all measures."""
        return sum(len(m.assignments) for m in self.measures)

    def rows(self) -> Iterator[dict]:
        """The per-measure export rows (see :meth:`graphkit.records.Measure.to_export`)."""
        docs = {d.id: d for d in self.documents}
        for m in self.measures:
            d = docs.get(m.doc_id)
            yield m.to_export(doc_title=d.title if d else "", region=d.region if d else "")

    def title_of(self, doc_id: str) -> str:
        """Title of a document of this file."""
        for d in self.documents:
            if d.id == doc_id:
                return d.title
        return ""

    def region_of(self, doc_id: str) -> str:
        """Region of a document of this file."""
        for d in self.documents:
            if d.id == doc_id:
                return d.region
        return ""



def extract_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Extraction:
    """Extract the records of one file.

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read
    (missing, empty, binary, in an unknown encoding, or over ``max_bytes``).
    """
    return extract_text(read_text(path, max_bytes=max_bytes))



def extract_paths(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    max_bytes: int = MAX_BYTES,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[Extraction | InputError]:
    """Extract every file under ``paths``, yielding one result per file.

    A file that cannot be read yields its :class:`~graphkit.errors.InputError`
    instead of an :class:`Extraction`, so one broken file never stops a run.
    ``jobs`` > 1 extracts in that many processes, and ``executor="dask"`` on a
    Dask cluster (see :func:`~graphkit.extraction.executors.map_files`);
    results keep file order, and only a few files run ahead of the consumer,
    so memory stays bounded however many files there are.
    """
    files = iter_sources(paths)
    work = functools.partial(_safe_extract, max_bytes=max_bytes)
    yield from map_files(work, files, executor=executor, jobs=jobs, scheduler=scheduler)


def _safe_extract(path: Path, *, max_bytes: int = MAX_BYTES) -> Extraction | InputError:
    try:
        return extract_file(path, max_bytes=max_bytes)
    except InputError as e:
        return e
    except Exception as e:  # a bug met on this file: report it and go on with the others
        return InputError(
            f"extraction failed ({type(e).__name__}: {e}); please report this file",
            path=str(path),
        )


# --------------------------------------------------------------------------- documents


#: A line longer than this is reported: its file has probably lost its line breaks.
LONG_LINE = 10_000


def extract_text(t: Text) -> Extraction:
    """Extract the records of a decoded text.

    What stands in the way of a full extraction is reported in
    :attr:`Extraction.problems`, each naming the line where it applies:
    lines repaired while reading, lines too long to hold a structure, and a
    text without numbered items or responsibility clauses (no measures).
    """
    ex = Extraction(source=t.source)
    ex.problems.extend(t.notes)
    ex.problems.extend(_long_lines(t))
    spans = split_documents(t)
    for n, span in enumerate(spans, 1):
        doc, ctx = make_document(t, span, n)
        ex.documents.append(doc)
        for code in region_codes(doc):
            r = regions.load_regions().get(code)
            if r is not None:
                ex.regions[code] = r
        issuer_ctx = replace(ctx, issuer="")
        for name in doc.issuers:
            remember(ex, resolve(name, issuer_ctx))
        for m in measures_of(t, span, doc, ctx, ex):
            ex.measures.append(m)
    _place_agencies(ex)
    if not ex.measures:
        ex.problems.append(
            f"no measures: no numbered items or responsibility clauses in its {t.line_count} "
            f"line{'s' if t.line_count != 1 else ''}"
        )
    return ex


def _place_agencies(ex: Extraction) -> None:
    """Every region an agency belongs to, with the regions above it, among the regions."""
    contexts = [regions.find_region(d.region) for d in ex.documents if d.region]
    codes = [r.code for r in contexts if r is not None]
    for agency in ex.agencies.values():
        if not agency.region:
            continue
        found = None
        for within in [*codes, None]:
            found = regions.find_region(agency.region, within=within)
            if found is not None:
                break
        if found is None:
            continue
        for r in regions.region_path(found.code):
            ex.regions.setdefault(r.code, r)


def _long_lines(t: Text) -> Iterator[str]:
    """A problem for each line over :data:`LONG_LINE` characters."""
    raw, pos, no = t.raw, 0, 1
    while pos < len(raw):
        nl = raw.find("\n", pos)
        stop = len(raw) if nl < 0 else nl
        if stop - pos > LONG_LINE:
            yield (
                f"line {no}: {stop - pos:,} characters on one line (line breaks lost?); "
                "items and clauses are found at line starts, so this line may give no measures"
            )
        pos, no = stop + 1, no + 1



def cpu_jobs() -> int:
    """A sensible default for ``--jobs``: the machine's cores."""
    return os.cpu_count() or 1
