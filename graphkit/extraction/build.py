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
from typing import Any

from graphkit.errors import InputError
from graphkit.extraction import regions
from graphkit.extraction.aliases import short_to_full
from graphkit.extraction.documents import NATIONAL, make_document, region_codes
from graphkit.extraction.executors import map_files
from graphkit.extraction.hints import Hints
from graphkit.extraction.legends import first_is_lead
from graphkit.extraction.measures import measures_of, remember, scoped
from graphkit.extraction.resolve import resolve
from graphkit.extraction.segment import DocSpan, split_documents
from graphkit.extraction.sources import TEXT_SUFFIXES, iter_sources, same_names
from graphkit.extraction.text import MAX_BYTES, Text
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
    meta: dict = field(default_factory=dict)

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



def extract_file(
    path: str | Path, *, max_bytes: int = MAX_BYTES, ocr: bool = False, hints: Hints | None = None
) -> Extraction:
    """Extract the records of one file, in any format :func:`graphkit.readers.read_path` reads.

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read
    (missing, empty, binary, in an unknown encoding, damaged, or over
    ``max_bytes``). ``ocr`` reads scanned PDF pages by OCR. Records carry
    the locator of their line (page, sheet and row, table and cell), and the
    format's own metadata fills a document's missing title, date, 文号 and
    issuer. ``hints`` are the user's manifest and alias table
    (:mod:`graphkit.extraction.hints`).
    """
    from graphkit.readers import read_path

    t = read_path(path, max_bytes=max_bytes, ocr=ocr)
    return _with_format(extract_text(t, hints=hints, path=path), t)


def _with_format(ex: Extraction, t: Text) -> Extraction:
    """Locators on the records, and the format's metadata where the text gave none."""
    if t.locators:
        ex.measures = [
            replace(
                m,
                locator=m.locator or t.locate(m.line),
                assignments=tuple(
                    a if a.locator else replace(a, locator=t.locate(a.line)) for a in m.assignments
                ),
            )
            for m in ex.measures
        ]
    meta = {k: v for k, v in t.meta.items() if v}
    ex.meta = meta
    if len(ex.documents) == 1 and meta:
        d = ex.documents[0]
        fill: dict = {}
        for key in ("title", "date", "number"):
            if not getattr(d, key) and meta.get(key):
                fill[key] = meta[key]
        if not d.issuers and meta.get("issuer"):
            agency = resolve(meta["issuer"], _doc_context(d))
            remember(ex, agency)
            fill["issuers"] = (agency.label,)
        if fill:
            ex.documents[0] = replace(d, **fill)
    return ex


def _doc_context(d: Document):
    """The resolution context of a document's own region."""
    from graphkit.extraction.resolve import Context

    path = d.region_path
    return Context(region=d.region, province=path[0] if path else "", city=path[1] if len(path) > 1 else "")



def extract_paths(
    paths: Iterable[str | Path],
    *,
    jobs: int = 1,
    max_bytes: int = MAX_BYTES,
    ocr: bool = False,
    hints: Hints | None = None,
    executor: str = "local",
    scheduler: str | None = None,
    held: str | Path | None = None,
) -> Iterator[Any]:
    """Extract every file under ``paths``, yielding one result per file.

    A file that cannot be read yields its :class:`~graphkit.errors.InputError`
    instead of an :class:`Extraction`, so one broken file never stops a run.
    ``jobs`` > 1 extracts in that many processes, and ``executor="dask"`` on a
    Dask cluster (see :func:`~graphkit.extraction.executors.map_files`);
    results keep file order, and only a few files run ahead of the consumer,
    so memory stays bounded however many files there are.

    With ``held`` (a folder, for the local executor), a large plain-text file
    is extracted a piece at a time and yields a
    :class:`~graphkit.extraction.pieces.Held`: its pieces, held in a file in
    that folder, are read back one at a time by iterating it, so that neither
    its text nor all its records are in memory at once.
    """
    files = iter_sources(paths)
    refused = same_names(files)  # same ids: read the first, refuse the others (as build does)
    if held is not None and executor == "local":
        work = functools.partial(
            _safe_extract_held, max_bytes=max_bytes, ocr=ocr, hints=hints, folder=str(held)
        )
    else:
        work = functools.partial(_safe_extract, max_bytes=max_bytes, ocr=ocr, hints=hints)
    keep = [f for i, f in enumerate(files) if i not in refused]
    results = map_files(work, keep, executor=executor, jobs=jobs, scheduler=scheduler)
    for i in range(len(files)):
        yield refused[i] if i in refused else next(results)


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies (Linux), so a
    build killed with ``kill -9`` leaves no worker running (and holding its lock)."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _safe_extract_held(
    path: Path, *, folder: str, max_bytes: int = MAX_BYTES, ocr: bool = False,
    hints: Hints | None = None,
) -> Any:
    """:func:`_safe_extract`, but a large plain-text file is held a piece at a time in ``folder``."""
    from graphkit.extraction.pieces import hold, read_in_pieces

    stream = read_in_pieces(path, max_bytes=max_bytes, hints=hints)
    if stream is None:
        return _safe_extract(path, max_bytes=max_bytes, ocr=ocr, hints=hints)
    try:
        return hold(stream, folder)
    except Exception as e:  # a bug met on this file: report it and go on with the others
        return InputError(
            f"extraction failed ({type(e).__name__}: {e}); please report this file",
            path=str(path),
        )


def _safe_extract(
    path: Path, *, max_bytes: int = MAX_BYTES, ocr: bool = False, hints: Hints | None = None
) -> Extraction | InputError:
    try:
        return extract_file(path, max_bytes=max_bytes, ocr=ocr, hints=hints)
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


def extract_text(
    t: Text, *, hints: Hints | None = None, path: str | Path | None = None
) -> Extraction:
    """Extract the records of a decoded text.

    What stands in the way of a full extraction is reported in
    :attr:`Extraction.problems`, each naming the line where it applies:
    lines repaired while reading, lines too long to hold a structure, and a
    text without numbered items or responsibility clauses (no measures).
    """
    ex = Extraction(source=t.source)
    ex.problems.extend(t.notes)
    state = FileState(ex, hints=hints, path=path)
    spans = split_documents(t)
    state.add(t, spans, ex, only=len(spans) == 1)
    state.finish(t.line_count)
    return ex


class FileState:
    """What the extraction of one file carries from document to document.

    :func:`extract_text` feeds it a whole text; a large file read in pieces
    (:mod:`graphkit.extraction.pieces`) feeds it one piece at a time, and the
    records of each piece go to an :class:`Extraction` of their own, so that
    none but the file's agencies, regions and problems (in ``ex``) outlive
    their piece. The result is the same either way: the documents are
    numbered across the file, and what is decided over the whole file (short
    names of agencies, the regions agencies stand in, a file without
    measures) is decided from what is kept here.
    """

    def __init__(
        self, ex: Extraction, *, hints: Hints | None = None, path: str | Path | None = None
    ) -> None:
        self.ex = ex
        self.hints = hints
        self.path = path
        #: Documents and measures so far.
        self.documents = 0
        self.measures = 0
        #: The agencies the measures so far name.
        self.used: set[str] = set()
        #: Each document's region, in file order.
        self.doc_regions: list[str] = []

    def add(self, t: Text, spans: list[DocSpan], into: Extraction, *, only: bool = False) -> None:
        """Extract the documents ``spans`` of ``t`` (lines numbered as in the file) into ``into``.

        ``only``: the file has this one document.
        """
        ex, hints = self.ex, self.hints
        ex.problems.extend(_long_lines(t))
        for span in spans:
            self.documents += 1
            given = hints.entry(self.path or t.source) if hints else None
            doc, ctx = make_document(t, span, self.documents, given=given, only=only)
            into.documents.append(doc)
            self.doc_regions.append(doc.region)
            for code in region_codes(doc):
                r = regions.load_regions().get(code)
                if r is not None:
                    ex.regions[code] = r
            issuer_ctx = replace(ctx, issuer="")
            for name in doc.issuers:
                remember(ex, scoped(resolve(name, issuer_ctx), ctx, doc.id))
            if not doc.region and doc.region_evidence != NATIONAL:
                ex.problems.append(
                    f"line {doc.line}: no region found for the document {doc.title[:30]!r}: its "
                    "agencies without a place (区司法局) are kept to this document; give its "
                    "region in a --manifest to place them"
                )
            found = first_is_lead(
                list(measures_of(t, span, doc, ctx, ex)),
                lambda w, ctx=ctx: resolve(w, ctx, written=w).label,
            )
            merged = _merge_short_names(ex, found, self.used)
            into.measures.extend(merged)
            self.measures += len(merged)
            self.used.update(a.agency for m in merged for a in m.assignments)

    def finish(self, line_count: int) -> None:
        """What is decided over the whole file, once its last piece is in."""
        ex, hints = self.ex, self.hints
        if hints and hints.aliases:  # over all the measures: a file read whole
            _apply_aliases(ex, hints)
        _place_agencies(ex, self.doc_regions)
        if not self.measures:
            ex.problems.append(
                f"no measures: no numbered items or responsibility clauses in its {line_count} "
                f"line{'s' if line_count != 1 else ''}"
            )


def _apply_aliases(ex: Extraction, hints: Hints) -> None:
    """The user's own names (``--lexicon``): an assignment's agency renamed, the old name kept."""
    region_of = {d.id: d.region for d in ex.documents}
    renamed: dict[str, str] = {}
    out = []
    for m in ex.measures:
        moved = []
        for a in m.assignments:
            new = None if a.collective else hints.canonical(a.mention, a.agency, region_of[m.doc_id])
            if new and new != a.agency:
                key = f"{a.agency}@{a.scope}" if a.scope else a.agency
                renamed[key] = new
                a = replace(a, agency=new, scope="")
            moved.append(a)
        out.append(replace(m, assignments=tuple(moved)))
    ex.measures = out
    for key, new in renamed.items():
        old = ex.agencies.get(key)
        if old is None:
            continue
        alts = tuple(dict.fromkeys((*old.alt_labels, old.label)))
        mine = ex.agencies.get(new)
        if mine is not None:
            alts = tuple(dict.fromkeys((*mine.alt_labels, *alts)))
            ex.agencies[new] = replace(mine, alt_labels=tuple(x for x in alts if x != new))
        else:
            ex.agencies[new] = replace(old, label=new, alt_labels=alts, scope="")
    still = {a.agency for m in ex.measures for a in m.assignments}
    for key in renamed:
        if ex.agencies.get(key) is not None and ex.agencies[key].label not in still:
            ex.agencies.pop(key, None)


def _merge_short_names(ex: Extraction, measures: list[Measure], used: set[str]) -> list[Measure]:
    """One document's short names of a body named in full, moved to the full name.

    The full name may be written in the document itself or in an earlier
    document of the file: a body's full name, once written, is its region's
    name for the short forms that follow (银川市审批局 after 银川市审批服务管理局).
    ``used``: the agencies the file's earlier measures name (a short name they
    use stays among the agencies; their own measures are not renamed).
    """
    here = {a.agency for m in measures for a in m.assignments if not a.collective and not a.scope}
    pool = here | used
    mapping = short_to_full((ex.agencies[label] for label in pool if label in ex.agencies),
                            shorts=here)
    if not mapping:
        return measures
    for short, full in mapping.items():
        old = ex.agencies[full]
        alts = tuple(dict.fromkeys((*old.alt_labels, short, *ex.agencies[short].alt_labels)))
        ex.agencies[full] = replace(old, alt_labels=tuple(a for a in alts if a != full))
    out = []
    for m in measures:
        moved = tuple(
            replace(a, agency=mapping[a.agency]) if a.agency in mapping and not a.collective else a
            for a in m.assignments
        )
        out.append(replace(m, assignments=moved) if moved != m.assignments else m)
    for short in mapping:
        if short not in used:
            ex.agencies.pop(short, None)
    return out


def _place_agencies(ex: Extraction, doc_regions: list[str]) -> None:
    """Every region an agency belongs to, with the regions above it, among the regions.

    ``doc_regions``: the region of each document of the file, in order.
    """
    contexts = [regions.find_region(name) for name in doc_regions if name]
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
    raw, pos, no = t.raw, 0, t.lines[0] if t.lines else 1
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
