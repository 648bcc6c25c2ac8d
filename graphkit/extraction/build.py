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

import bisect
import functools
import heapq
import itertools
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction import quantities, regions
from graphkit.extraction.resolve import Context, resolve
from graphkit.extraction.roles import (
    CLOSE,
    LABEL_RE,
    ORG_SUFFIX,
    PAIR,
    Part,
    clause_deadline,
    find_bracket_clauses,
    find_duty_sentences,
    looks_like_agency,
    parse_clause,
)
from graphkit.extraction.segment import (
    DOC_TYPES,
    DocSpan,
    Item,
    items_of,
    lines_of,
    split_documents,
)
from graphkit.extraction.text import MAX_BYTES, Text, fold_text, read_text
from graphkit.records import Agency, Assignment, Citation, Deadline, Document, Measure, Region

__all__ = [
    "LONG_LINE",
    "TEXT_SUFFIXES",
    "Extraction",
    "extract_file",
    "extract_paths",
    "extract_text",
    "iter_sources",
]

#: File endings read when a directory is given.
TEXT_SUFFIXES = (".txt", ".text")


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


@dataclass
class _Clause:
    start: int
    end: int
    parts: list[Part]
    raw: str
    deadline: str | None = None
    deadline_line: int = 0
    label_block: bool = False
    indicator: bool = False
    unclosed: bool = False
    unopened: bool = False


def extract_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Extraction:
    """Extract the records of one file.

    Raises :class:`~graphkit.errors.InputError` when the file cannot be read
    (missing, empty, binary, in an unknown encoding, or over ``max_bytes``).
    """
    return extract_text(read_text(path, max_bytes=max_bytes))


def iter_sources(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with directories expanded to their text files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in TEXT_SUFFIXES)
            )
        else:
            out.append(p)
    return out


def extract_paths(
    paths: Iterable[str | Path], *, jobs: int = 1, max_bytes: int = MAX_BYTES
) -> Iterator[Extraction | InputError]:
    """Extract every file under ``paths``, yielding one result per file.

    A file that cannot be read yields its :class:`~graphkit.errors.InputError`
    instead of an :class:`Extraction`, so one broken file never stops a run.
    ``jobs`` > 1 extracts in that many processes; results keep file order,
    and only a few files run ahead of the consumer, so memory stays bounded
    however many files there are.
    """
    files = iter_sources(paths)
    work = functools.partial(_safe_extract, max_bytes=max_bytes)
    if jobs > 1 and len(files) > 1:
        yield from _in_processes(work, files, jobs)
        return
    for f in files:
        yield work(f)


def _in_processes(work, files: list[Path], jobs: int) -> Iterator[Extraction | InputError]:
    """``map(work, files)`` in ``jobs`` processes, at most ``4 * jobs`` files in flight.

    Enough for a large file at the head to leave the other workers busy, few
    enough that results waiting for it stay small.
    """
    from collections import deque
    from concurrent.futures import Future, ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs)
    pending: deque[Future] = deque()
    try:
        for f in files:
            pending.append(pool.submit(work, f))
            if len(pending) >= 4 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
        doc, ctx = _document(t, span, n)
        ex.documents.append(doc)
        for code in _region_codes(doc):
            r = regions.load_regions().get(code)
            if r is not None:
                ex.regions[code] = r
        issuer_ctx = replace(ctx, issuer="")
        for name in doc.issuers:
            _remember(ex, resolve(name, issuer_ctx))
        for m in _measures(t, span, doc, ctx, ex):
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


_ISSUER_SPLIT = re.compile(r"关于|印发")
DATE_PAREN_END = re.compile(r"\(\s*\d{4}\s*年[^()]{0,12}\)\s*$")
_GOV = re.compile(r"(人民政府|政府办公厅|政府办公室|党委|省委|市委|区委|县委|委员会办公厅)$")


def _document(t: Text, span: DocSpan, n: int) -> tuple[Document, Context]:
    raw_title = _raw(t, span.line, span.title)
    title = raw_title
    inner = _inner_title(t, span)
    if inner and re.search(r"印发|转发", span.title):
        title = inner
    issuer_text = (
        _ISSUER_SPLIT.split(span.title, maxsplit=1)[0] if _ISSUER_SPLIT.search(span.title) else ""
    )
    issuers = _split_issuers(issuer_text)
    region = _doc_region(issuers, span.title, inner, span.province)
    province = ""
    city = ""
    path: tuple[str, ...] = ()
    if region is not None:
        chain = regions.region_path(region.code)
        path = tuple(r.name for r in chain)
        province = chain[0].name
        city = next((r.name for r in chain if r.level == "city"), "")
    region_name = region.name if region else ""
    ctx = Context(region=region_name, province=province, city=city)
    issuer_label = ""
    if issuers and not _GOV.search(issuers[-1]) and len(issuers) == 1:
        issuer_label = resolve(issuers[0], ctx).label
    ctx = Context(region=region_name, province=province, issuer=issuer_label, city=city)
    doc_type = _doc_type(span.title, inner)
    year = _year(span, title)
    date = span.date or (str(year) if year else "")
    doc = Document(
        id=f"{t.source}/d{n}",
        source=t.source,
        line=span.line,
        end_line=span.end_line,
        title=title,
        issuers=tuple(resolve(i, ctx).label for i in issuers),
        date=date,
        number=span.number,
        region=region_name,
        region_path=path,
        doc_type=doc_type,
        cites=tuple(_citations(t, span)),
    )
    return doc, ctx


def _raw(t: Text, line: int, folded_title: str) -> str:
    """The title as written (the folded title mapped back to the raw text)."""
    return folded_title.replace("(", "（").replace(")", "）")


def _inner_title(t: Text, span: DocSpan) -> str:
    """The title of the plan a notice wraps: a title line before the first item."""
    from graphkit.extraction.segment import _is_title_line

    lines = lines_of(t, span.start, min(span.end, span.start + 6000))
    for ln in lines[1:60]:
        if ln.no <= span.title_end_line or DATE_PAREN_END.search(ln.fold):
            continue
        if re.match(r"^(一|\(一\)|1[.．、]|第一条)", ln.fold):
            break
        flat = re.sub(r"\s+", "", ln.fold)
        if _is_title_line(ln.fold) and not flat.endswith("通知"):
            return flat.replace("(", "（").replace(")", "）")
    return ""


def _split_issuers(s: str) -> list[str]:
    s = re.sub(r"\s+", "", s)
    if not s:
        return []
    # 中共陕西省委陕西省人民政府 / 中共延安市委延安市人民政府 / X、Y
    parts = re.split(r"、|(?<=委)(?=[\u4e00-\u9fff]{2,}(?:省|市|区|县|自治区)人民政府)", s)
    return [p for p in parts if p]


def _doc_region(issuers: list[str], title: str, inner: str, province: str) -> Region | None:
    for text in [*issuers, title, inner]:
        found = regions.regions_in(text[:30])
        if province:
            found = [r for r in found if regions.region_path(r.code)[0].short == province] or found
        if found:
            return max(
                found,
                key=lambda r: (
                    ("province", "city", "county").index(r.level)
                    if r.level in ("province", "city", "county")
                    else 0
                ),
            )
    if province:
        return regions.find_region(province)
    return None


def _region_codes(doc: Document) -> list[str]:
    out = []
    for name in doc.region_path:
        r = regions.find_region(name)
        if r is not None:
            out.append(r.code)
    return out


_TYPE_RE = re.compile("(" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + ")")


def _doc_type(title: str, inner: str) -> str:
    for text in (inner, re.sub(r"的通知$", "", title), title):
        if not text:
            continue
        found = _TYPE_RE.findall(text)
        if found:
            last = found[-1]
            for generic in ("方案", "意见", "要点", "措施", "清单"):
                if last.endswith(generic):
                    return generic
            return last
    return ""


def _year(span: DocSpan, title: str) -> int | None:
    if span.date:
        return int(span.date[:4])
    m = re.search(r"(20\d\d|19\d\d)\s*年", title) or re.search(r"〔(\d{4})〕", span.number)
    return int(m.group(1)) if m else None


_CITE = re.compile(r"《([^《》\n]{2,80}?)》")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,4}\s*号")


def _citations(t: Text, span: DocSpan) -> list[Citation]:
    seen: dict[str, Citation] = {}
    flat_fold = t.fold[span.start : span.end]
    for m in _CITE.finditer(flat_fold):
        title = re.sub(r"\s+", "", t.raw[span.start + m.start(1) : span.start + m.end(1)])
        after = re.sub(r"\s+", "", flat_fold[m.end() : m.end() + 60])
        nm = _NUMBER.match(after.lstrip("(（")) if after[:1] in "(（" else None
        number = nm.group(0) if nm else ""
        if title in seen and (seen[title].number or not number):
            continue
        seen[title] = Citation(title, number, t.line_of(span.start + m.start()))
    return list(seen.values())


# --------------------------------------------------------------------------- measures

_DEADLINE_CELL = re.compile(
    r"^(\d{1,2}\s*月(底|中旬|上旬|下旬|末)?前?|\d{1,2}\s*月\s*底|\d{4}\s*年.{0,12}|常态(化)?(实施)?|实施|"
    r"长期(坚持|实施)?|持续(推进|实施)?|年底前?|年内|上半年|下半年|全年)$"
)
_TRAILING_CELL = re.compile(r"\s+(\d{1,2}\s*月(底|中旬|上旬|下旬|末)?前?|常态实施|长期坚持)\s*$")


def _measures(t: Text, span: DocSpan, doc: Document, ctx: Context, ex: Extraction):
    items = items_of(t, span)
    if not items:
        return
    lines = lines_of(t, span.start, span.end)
    vertical = _vertical_layout(lines)
    year = int(doc.date[:4]) if doc.date[:4].isdigit() else None
    brackets = _bracket_clauses(t, span) + _declared_clauses(t, span)
    for c in brackets:
        if c.unclosed:
            ex.problems.append(
                f"line {t.line_of(c.start)}: bracket not closed in the responsibility clause "
                f"{_clip(c.raw)}; read to the end of the line"
            )
        elif c.unopened:
            ex.problems.append(
                f"line {t.line_of(c.end - 1)}: bracket closed but never opened after the "
                f"responsibility clause {_clip(c.raw)}; read from the start of the sentence"
            )
    inside = _covered(brackets)
    blocks = [b for b in _label_blocks(t, lines, vertical) if not inside(b.start)]
    clauses = brackets + blocks
    clauses.sort(key=lambda c: c.start)
    own: dict[int, list[_Clause]] = {}
    inherited: dict[int, list[_Clause]] = {}
    for c, idx in zip(clauses, _innermost_each(items, [c.start for c in clauses]), strict=True):
        if idx is None:
            continue
        it = items[idx]
        if (
            it.children
            and c.start < items[it.children[0]].start
            and (c.indicator or _substance(t, it.body, c.start) <= 30)
        ):
            # a heading's own clause (指标牵头单位, or right after its title): its children's
            inherited.setdefault(idx, []).append(c)
        else:
            own.setdefault(idx, []).append(c)
    count = 0
    for idx, it in enumerate(items):
        inh = [c for a in _ancestors(items, idx) for c in inherited.get(a, [])]
        if idx in inherited and not own.get(idx):
            continue  # a heading whose clause its children inherit
        mine = own.get(idx, [])
        if it.children and not mine:
            continue
        if it.children:
            # a heading whose own text carries a clause is a measure of its own text
            mine = [c for c in mine if c.start < items[it.children[0]].start]
        if not mine and not inh and (_in_article(items, idx) or not it.children):
            mine = _duty_clauses(t, it, items)
        for seg_start, seg_end, seg_clauses in _segments(t, it, items, mine, vertical, lines):
            count += 1
            m = _measure(
                t,
                doc,
                ctx,
                idx,
                items,
                seg_start,
                seg_end,
                seg_clauses,
                inh,
                vertical,
                year,
                count,
                ex,
            )
            if m is not None:
                yield m


def _in_article(items: list[Item], idx: int) -> bool:
    return any(items[i].kind == "article" for i in [idx, *_ancestors(items, idx)])


def _duty_clauses(t: Text, it: Item, items: list[Item]) -> list[_Clause]:
    """Duties an article assigns in its own sentences, as one clause at its end."""
    end = items[it.children[0]].start if it.children else it.end
    idx = [i for i in range(it.body, end) if not t.fold[i].isspace()]
    flat = "".join(t.fold[i] for i in idx)
    out = []
    for a, b, ps in find_duty_sentences(flat):
        parts = [
            Part(p.role, p.mention, idx[p.start], idx[p.end - 1] + 1, p.collective) for p in ps
        ]
        raw = "".join(t.raw[i] for i in idx[a:b])
        out.append(_Clause(start=end, end=end, parts=parts, raw=raw))
    return out


def _vertical_layout(lines) -> bool:
    """A table flattened to text: many one-character lines (column labels)."""
    if len(lines) < 20:
        return False
    single = sum(1 for ln in lines if len(ln.fold) == 1)
    return single > 0.1 * len(lines)


def _clip(s: str, most: int = 40) -> str:
    return s if len(s) <= most else s[: most - 1] + "…"


def _covered(clauses: list[_Clause]):
    """A test ``pos -> bool``: whether any of ``clauses`` spans ``pos`` (bisect, not a scan)."""
    spans = sorted((c.start, c.end) for c in clauses)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos)
        return k > 0 and reach[k - 1] > pos

    return inside


def _innermost_each(items: list[Item], positions: list[int]) -> list[int | None]:
    """The innermost item (highest level, then latest) open at each of ``positions``.

    ``positions`` must be ascending: they are met in one sweep. The items open at a position are kept in a heap by their end, so a
    document with thousands of items costs no more per clause than one with ten.
    """
    order = sorted(range(len(items)), key=lambda i: items[i].start)
    active: list[tuple[int, int]] = []
    out: list[int | None] = []
    k = 0
    for pos in positions:
        while k < len(order) and items[order[k]].start <= pos:
            i = order[k]
            heapq.heappush(active, (items[i].end, i))
            k += 1
        while active and active[0][0] <= pos:
            heapq.heappop(active)
        best = max(active, key=lambda e: (items[e[1]].level, e[1]), default=None)
        out.append(None if best is None else best[1])
    return out


def _ancestors(items: list[Item], idx: int) -> list[int]:
    out = []
    p = items[idx].parent
    while p is not None:
        out.append(p)
        p = items[p].parent
    return list(reversed(out))


def _bracket_clauses(t: Text, span: DocSpan) -> list[_Clause]:
    fold = t.fold[span.start : span.end]
    out = []
    for a, b in find_bracket_clauses(fold):
        s = span.start
        opened, closed = fold[a] in PAIR, fold[b - 1] in CLOSE
        idx = [
            s + i
            for i in range(a + 1 if opened else a, b - 1 if closed else b)
            if not fold[i].isspace()
        ]
        flat = "".join(t.fold[i] for i in idx)
        parts = parse_clause(flat)
        dl = clause_deadline(flat)
        if not parts and not dl:
            continue
        out.append(
            _Clause(
                start=s + a,
                end=s + b,
                parts=[
                    Part(p.role, p.mention, idx[p.start], idx[p.end - 1] + 1, p.collective)
                    for p in parts
                ],
                raw=re.sub(r"\s+", "", t.raw[s + a : s + b]),
                deadline=dl,
                deadline_line=t.line_of(s + a),
                indicator="指标牵头" in flat,
                unclosed=not closed,
                unopened=not opened,
            )
        )
    return out


_DECLARATION = re.compile(r"括号[中内]为(牵头)?(负责)?(部门|单位|处室)")
_CONTACT = re.compile(
    r"^\(\s*(?P<who>[^()，,]{2,60}?)\s*[，,]\s*[\u4e00-\u9fff·、\s]{2,20}[，,]\s*[\d\-、\s]{7,40}\)$"
)


def _declared_clauses(t: Text, span: DocSpan) -> list[_Clause]:
    """Brackets given a meaning by a note of the document itself.

    「（括号中为牵头负责部门、人员、电话……下同）」 makes every later
    「（运用促进处，蔺朝阳，63916862）」 name the measure's lead unit.
    """
    fold = t.fold[span.start : span.end]
    flat_fold = re.sub(r"\s+", "", fold)
    note = _DECLARATION.search(flat_fold)
    if not note:
        return []
    role = "lead" if note.group(1) else "responsible"
    out = []
    for m in re.finditer(r"\([^()]{4,120}\)", fold):
        cm = _CONTACT.match(re.sub(r"\s+", "", m.group(0)))
        if not cm:
            continue
        a = span.start + m.start()
        idx = [i for i in range(a + 1, span.start + m.end() - 1) if not t.fold[i].isspace()]
        flat = "".join(t.fold[i] for i in idx)
        parts = []
        pos = 0
        for name in re.split(r"、", cm.group("who")):
            if not looks_like_agency(name):
                continue
            at = flat.find(name, pos)
            pos = at + len(name)
            parts.append(Part(role, name, idx[at], idx[at + len(name) - 1] + 1))
        if parts:
            out.append(
                _Clause(
                    start=a,
                    end=span.start + m.end(),
                    parts=parts,
                    raw=re.sub(r"\s+", "", t.raw[a : span.start + m.end()]),
                )
            )
    return out


_LABEL_IN_LINE = re.compile(r"(?:^|(?<=\s))(" + LABEL_RE.pattern + ")")
_STARTS_NAME = re.compile(r"^(省|市|区|县|自治区|国网|人行|中共|国家)")


def _label_blocks(t: Text, lines, vertical: bool) -> list[_Clause]:
    """Label lines (牵头单位：… / 配合单位：… / 完成时限：…) and their continuations.

    A label may also stand after a row's text on the same line (a flattened
    table). The block runs over continuation lines: lines ending a list with
    、 or ，, short lines that go on naming organisations, a name cut over two
    lines (暖心公 / 司). A deadline cell met inside or right after the block
    is its deadline.
    """
    out: list[_Clause] = []
    k = 0
    while k < len(lines):
        ln = lines[k]
        lm = _LABEL_IN_LINE.search(ln.fold)
        if not lm or _inside_brackets(ln.fold, lm.start(1)):
            k += 1
            continue
        start = ln.start + lm.start(1)
        pieces: list[tuple[int, int]] = [(start, ln.end)]
        cells: list[tuple[str, int]] = []
        skipped = 0
        last_end = ln.end
        k += 1
        while k < len(lines):
            nxt = lines[k]
            cell = re.sub(r"\s+", "", nxt.fold)
            body_so_far = re.sub(r"\s+", "", "".join(t.fold[a:b] for a, b in pieces))
            if LABEL_RE.match(nxt.fold):
                pieces.append((nxt.start, nxt.end))
                last_end = nxt.end
                k += 1
                continue
            if _TRAILING_CELL.search(t.fold[pieces[-1][0] : pieces[-1][1]]):
                break  # the row's deadline closed the block
            joined = "".join(c for c, _ in cells) + cell
            if cells and len(cell) <= 2 and _DEADLINE_CELL.match(joined):
                # a cell cut over lines: 12月 / 底, 常态 / 实施
                cells.append((cell, nxt.no))
                k += 1
                continue
            if _DEADLINE_CELL.match(cell):
                if not cells:
                    cells.append((cell, nxt.no))
                    k += 1
                    continue
                break
            if vertical and len(cell) == 1:
                last = re.split(r"[、，,；;：:]", body_so_far)[-1]
                if (
                    last
                    and not ORG_SUFFIX.search(last)
                    and (ORG_SUFFIX.search(last + cell) or re.search(r"(单位|部门)$", last + cell))
                ):
                    pieces.append((nxt.start, nxt.end))
                    last_end = nxt.end
                    k += 1
                    continue
                if skipped < 2 and not cells:
                    skipped += 1  # a column label of the flattened table
                    k += 1
                    continue
                break
            if vertical:
                bleed = re.match(r"^\S\s+", nxt.fold)
                if bleed and len(cell) <= 20 and not _starts_item(nxt.fold[bleed.end() :]):
                    pieces.append((nxt.start + bleed.end(), nxt.end))
                    last_end = nxt.end
                    k += 1
                    continue
            if body_so_far.endswith(("、", "，", ",", "；")) or (
                len(cell) <= 16 and "。" not in cell and not _starts_item(cell)
            ):
                pieces.append((nxt.start, nxt.end))
                last_end = nxt.end
                k += 1
                continue
            break
        body = ""
        for a, b in pieces:
            seg = re.sub(r"\s+", "", t.fold[a:b])
            if (
                body
                and ORG_SUFFIX.search(body)
                and _STARTS_NAME.match(seg)
                and not LABEL_RE.match(seg)
            ):
                body += "、"
            body += seg
        deadline, dl_line = None, 0
        for a, b in pieces:
            tm = _TRAILING_CELL.search(t.fold[a:b])
            if tm:
                deadline = re.sub(r"\s+", "", tm.group(1))
                dl_line = t.line_of(a + tm.start(1))
                body = (
                    body.replace(re.sub(r"\s+", "", tm.group(1)), "", 1)
                    if body.endswith(re.sub(r"\s+", "", tm.group(1)))
                    else body
                )
        if cells and deadline is None:
            deadline = "".join(c for c, _ in cells)
            dl_line = cells[0][1]
        body = re.sub(r"(?<!^)(?=(" + LABEL_RE.pattern + "))", "；", body)
        parts = parse_clause(body)
        dl = clause_deadline(body)
        if dl:
            deadline, dl_line = dl, lines[k - 1].no
        end = max(last_end, lines[k - 1].end)
        out.append(
            _Clause(
                start=start,
                end=end,
                parts=_relocate(t, pieces, parts),
                raw=body,
                deadline=deadline,
                deadline_line=dl_line,
                label_block=True,
                indicator="指标牵头" in body,
            )
        )
    return out


def _inside_brackets(s: str, pos: int) -> bool:
    depth = 0
    for ch in s[:pos]:
        if ch in "(〔[【":
            depth += 1
        elif ch in ")〕]】":
            depth = max(0, depth - 1)
    return depth > 0


def _relocate(t: Text, pieces: list[tuple[int, int]], parts: list[Part]) -> list[Part]:
    """Offsets of parts found in a whitespace-free copy of ``pieces``, mapped back."""
    idx = [i for a, b in pieces for i in range(a, b) if not t.fold[i].isspace()]
    flat = "".join(t.fold[i] for i in idx)
    out, pos = [], 0
    for p in parts:
        at = flat.find(p.mention, pos)
        if at < 0:
            at = flat.find(p.mention)
        if at < 0:
            continue
        pos = at + len(p.mention)
        chars = idx[at : at + len(p.mention)]
        out.append(
            Part(
                p.role,
                p.mention,
                chars[0],
                chars[-1] + 1,
                p.collective,
                "".join(t.raw[i] for i in chars),
            )
        )
    return out


def _starts_item(s: str) -> bool:
    return bool(
        re.match(r"^(\d{1,3}\s*[.．、]|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)", s)
    )


def _segments(t, it: Item, items, clauses: list[_Clause], vertical: bool, lines):
    """Split an item at its clauses: each clause closes one measure.

    Yields (text start, text end, clauses). Two clauses with no text between
    them close the same measure.
    """
    child_start = items[it.children[0]].start if it.children else it.end
    body_start = it.body
    if vertical:
        body_start = _after_title(t, it, clauses)
    if not clauses:
        yield body_start, min(it.end, child_start), []
        return
    groups: list[list[_Clause]] = []
    for c in clauses:
        if groups and _substance(t, groups[-1][-1].end, c.start) < 4:
            groups[-1].append(c)
        else:
            groups.append([c])
    start = body_start
    for g in groups:
        yield start, g[0].start, g
        start = g[-1].end


def _after_title(t: Text, it: Item, clauses: list[_Clause]) -> int:
    """Where the text of a ledger row starts: after the item's short title."""
    limit = clauses[0].start if clauses else it.end
    seg = t.fold[it.body : limit]
    m = re.search(r"[。]", seg[:40])
    if m and len(re.sub(r"\s+", "", seg[: m.start()])) <= 20:
        return it.body + m.end()
    return it.body


def _substance(t: Text, a: int, b: int) -> int:
    return len(re.sub(r"[\s\W]", "", t.fold[a:b])) if b > a else 0


def _measure(
    t, doc, ctx, idx, items, start, end, clauses, inherited, vertical, year, count, ex
) -> Measure | None:
    it = items[idx]
    raw_lines = []
    line_nos: list[int] = []
    first_line = 0
    for ln in lines_of(t, start, end):
        if vertical and (
            len(ln.fold) <= 1 or re.fullmatch(r"\(\s*[一二三四五六七八九十]+\s*\)", ln.fold)
        ):
            continue
        if vertical and _DEADLINE_CELL.match(ln.fold) and len(ln.fold) <= 6:
            continue
        seg = t.raw[max(ln.start, start) : min(ln.end, end)]
        if not seg.strip():
            continue
        if not first_line:
            first_line = t.line_of(max(ln.start, start))
        raw_lines.append(seg.strip())
        line_nos.append(t.line_of(max(ln.start, start)))
    text = _join_lines(raw_lines)
    if not text and not clauses:
        return None
    assignments: list[Assignment] = []
    seen: set[tuple[str, str]] = set()
    deadline_text, deadline_line = None, 0
    for c in [*inherited, *clauses]:
        for p in c.parts:
            written = _written(t, p)
            key = (p.role, written)
            if key in seen or not written:
                continue
            seen.add(key)
            if p.collective:
                agency_label = written
            else:
                agency = resolve(
                    fold_text(written, traditional=True) if t.traditional else written, ctx
                )
                agency_label = agency.label
                _remember(ex, agency)
            assignments.append(
                Assignment(
                    role=p.role,
                    mention=written,
                    agency=agency_label,
                    source=t.source,
                    line=t.line_of(p.start),
                    clause=c.raw,
                    collective=p.collective,
                )
            )
        if c.deadline and c in clauses:
            deadline_text, deadline_line = c.deadline, c.deadline_line
    deadline: Deadline | None = None
    if deadline_text:
        deadline = quantities.parse_deadline(deadline_text, year=year, line=deadline_line)
        if deadline is None:
            deadline = Deadline(deadline_text, line=deadline_line)
    elif text:
        found = quantities.find_deadline(text, year=year)
        if found is not None:
            deadline = found
            if not found.line:
                line = _line_of_phrase(raw_lines, line_nos, found.text) or first_line
                deadline = replace(found, line=line)
    targets = tuple(quantities.find_targets(text, line=first_line)) if text else ()
    section = tuple(items[a].title for a in _ancestors(items, idx))
    last_line = t.line_of(max(end, clauses[-1].end if clauses else end) - 1)
    return Measure(
        id=f"{doc.id}/m{count}",
        doc_id=doc.id,
        source=t.source,
        line=first_line or it.line,
        number=it.number,
        text=text,
        section=section,
        assignments=tuple(assignments),
        deadline=deadline,
        targets=targets,
        end_line=last_line,
    )


def _line_of_phrase(parts: list[str], line_nos: list[int], phrase: str) -> int:
    """The line where ``phrase`` ends in the text joined from ``parts``, or 0.

    A binary search over prefixes: the first prefix holding the phrase ends on its line.
    """
    want = re.sub(r"\s+", "", phrase)
    if not want or want not in re.sub(r"\s+", "", _join_lines(parts)):
        return 0
    lo, hi = 0, len(parts) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if want in re.sub(r"\s+", "", _join_lines(parts[: mid + 1])):
            hi = mid
        else:
            lo = mid + 1
    return line_nos[lo]


def _written(t: Text, p: Part) -> str:
    """A mention as written (raw text, whitespace and page markers removed)."""
    return p.written or re.sub(r"\s+", "", t.raw[p.start : p.end])


def _join_lines(parts: list[str]) -> str:
    """Join hard-wrapped lines: no space between CJK text, one between Latin words."""
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", out)


def _remember(ex: Extraction, agency: Agency) -> None:
    old = ex.agencies.get(agency.label)
    if old is None:
        ex.agencies[agency.label] = agency
        return
    alts = tuple(dict.fromkeys(old.alt_labels + agency.alt_labels))
    hidden = tuple(dict.fromkeys(old.hidden_labels + agency.hidden_labels))
    if alts != old.alt_labels or hidden != old.hidden_labels:
        ex.agencies[agency.label] = replace(old, alt_labels=alts, hidden_labels=hidden)


def cpu_jobs() -> int:
    """A sensible default for ``--jobs``: the machine's cores."""
    return os.cpu_count() or 1
