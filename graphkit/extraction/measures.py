"""A document's items and clauses turned into measures, with their assignments, deadline and targets."""

from __future__ import annotations

import heapq
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from graphkit.extraction import quantities
from graphkit.extraction.clauses import (
    DEADLINE_CELL,
    Clause,
    bracket_clauses,
    clip,
    covered,
    declared_clauses,
    duty_clauses,
    heading_clause,
    label_blocks,
)
from graphkit.extraction.resolve import Context, resolve
from graphkit.extraction.roles import (
    Part,
)
from graphkit.extraction.segment import (
    DocSpan,
    Item,
    items_of,
    lines_of,
)
from graphkit.extraction.text import Text, as_written, fold_text, written_slice
from graphkit.records import Agency, Assignment, Deadline, Document, Measure

if TYPE_CHECKING:
    from graphkit.extraction.build import Extraction

# --------------------------------------------------------------------------- measures

def measures_of(t: Text, span: DocSpan, doc: Document, ctx: Context, ex: Extraction):
    """The measures of a document: its numbered items', then its tables' (one per row)."""
    from graphkit.extraction import layouts, tables

    found = tables.pipe_tables(t, span.start, span.end)
    mask = list(found)
    for more in (layouts.vertical_tables, layouts.spaced_tables, layouts.numbered_line_tables):
        for tb in more(t, span.start, span.end):
            if not any(tb.start < f.end and f.start < tb.end for f in found):
                found.append(tb)
                # the whole extent, with the section headings between its rows
                whole = tables.Row(tb.rows[0].line, tb.start, tb.end, ())
                mask.append(tables.Table((whole,), 0, (), ()))
    found.sort(key=lambda tb: tb.start)
    yield from _item_measures(tables.masked(t, mask) if mask else t, span, doc, ctx, ex)
    for k, table in enumerate(found, 1):
        yield from tables.table_measures(t, table, doc, ctx, ex, id_prefix=f"t{k}-")


def _item_measures(t: Text, span: DocSpan, doc: Document, ctx: Context, ex: Extraction):
    items = items_of(t, span)
    if not items:
        return
    lines = lines_of(t, span.start, span.end)
    vertical = _vertical_layout(lines)
    year = int(doc.date[:4]) if doc.date[:4].isdigit() else None
    brackets = bracket_clauses(t, span) + declared_clauses(t, span)
    for c in brackets:
        if c.unclosed:
            ex.problems.append(
                f"line {t.line_of(c.start)}: bracket not closed in the responsibility clause "
                f"{clip(c.raw)}; read to the end of the line"
            )
        elif c.unopened:
            ex.problems.append(
                f"line {t.line_of(c.end - 1)}: bracket closed but never opened after the "
                f"responsibility clause {clip(c.raw)}; read from the start of the sentence"
            )
    inside = covered(brackets)
    blocks = [b for b in label_blocks(t, lines, vertical) if not inside(b.start)]
    clauses = brackets + blocks
    clauses.sort(key=lambda c: c.start)
    own: dict[int, list[Clause]] = {}
    inherited: dict[int, list[Clause]] = {}
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
    heads = {i: c for i, it in enumerate(items) if (c := heading_clause(t, it)) is not None}
    head_ids = {id(c) for c in heads.values()}
    cut: dict[int, int] = {}  # where an item's text stops: before its group's clause
    for idx, c in heads.items():
        if items[idx].children:
            inherited.setdefault(idx, []).insert(0, c)
            group = _group_clause(t, items, idx, own, inherited)
            if group is not None:
                cut[items[idx].children[-1]] = group.start
    count = 0
    for idx, it in enumerate(items):
        inh = [c for a in _ancestors(items, idx) for c in inherited.get(a, [])]
        if idx in heads and not it.children:
            inh.append(heads[idx])  # the lines under the heading are its lead's
        if idx in inherited and not own.get(idx):
            continue  # a heading whose clause its children inherit
        mine = own.get(idx, [])
        if it.children and not mine:
            continue
        if it.children:
            # a heading whose own text carries a clause is a measure of its own text
            mine = [c for c in mine if c.start < items[it.children[0]].start]
        if not mine and not inh and (_in_article(items, idx) or not it.children):
            mine = duty_clauses(t, it, items)
        for seg_start, seg_end, seg_clauses in _segments(t, it, items, mine, vertical, lines):
            if idx in heads:
                seg_start = max(seg_start, min(heads[idx].end, seg_end))
            if idx in cut:
                seg_end = min(seg_end, cut[idx])
            seg_inh = inh
            if any(p.role == "lead" for c in seg_clauses for p in c.parts):
                # a lead of its own overrides the one its group's heading names
                seg_inh = [c for c in inh if id(c) not in head_ids]
            count += 1
            seg_end = _with_inline_clauses(t, seg_start, seg_end, seg_clauses, vertical)
            m = _measure(
                t,
                doc,
                ctx,
                idx,
                items,
                seg_start,
                seg_end,
                seg_clauses,
                seg_inh,
                vertical,
                year,
                count,
                ex,
            )
            if m is not None and not (not m.assignments and _not_a_task(items, idx)):
                yield m


def _group_clause(
    t: Text,
    items: list[Item],
    head: int,
    own: dict[int, list[Clause]],
    inherited: dict[int, list[Clause]],
) -> Clause | None:
    """A label block after the last item of a group headed by its lead: the group's.

    「（三）省编办牵头的工作 / 1.… / 2.… / 协同单位：省财政厅…」: when no other item
    of the group has a clause of its own, the block on its own line after the last
    item names the partners of every item, so it moves from that item to the heading
    (whose children inherit it). A block that names a lead stays where it is.
    """
    kids = items[head].children
    last = kids[-1]
    mine = own.get(last, [])
    if not mine or any(own.get(k) for k in kids[:-1]):
        return None
    c = mine[-1]
    if len(mine) > 1 or not c.label_block or any(p.role == "lead" for p in c.parts):
        return None
    line_start = t.fold.rfind("\n", 0, c.start) + 1
    if t.fold[line_start : c.start].strip() or _substance(t, items[last].body, c.start) == 0:
        return None
    own.pop(last)
    inherited.setdefault(head, []).append(c)
    return c


def _with_inline_clauses(t: Text, start: int, end: int, clauses: list[Clause], vertical: bool) -> int:
    """Where a measure's text ends: after the clauses written on its own last line.

    「（一）进一步加大投资力度。责任单位：省发改委牵头，…配合。」 is one measure as
    written, its clause part of its text; a clause on lines of its own (a
    ledger's label block) is not.
    """
    if vertical or not clauses or end <= start:
        return end
    inline = [c for c in clauses if c.end > c.start and t.line_of(c.start) == t.line_of(end - 1)]
    if not inline:
        return end
    stop = max(c.end for c in inline)
    # a bracket clause ends at its closing bracket; an unclosed one at its line's end
    return stop if t.raw[stop - 1 : stop] != "\n" else stop - 1


#: Headings of document parts that hold no tasks: what guides, aims and backs a
#: plan, and what a report says was done or went wrong.
NOT_TASKS = re.compile(
    r"(指导思想|基本原则|总体目标|主要目标|工作目标|发展目标|总体要求|工作要求|保障措施|组织保障|"
    r"组织领导|存在的?问题|问题和不足|不足之处|工作成效|主要成效|取得的?成效|工作开展情况|工作进展|"
    r"基本情况|工作回顾)"
)


def _not_a_task(items: list[Item], idx: int) -> bool:
    """An item without agencies under (or titled by) a heading of a part that holds no tasks.

    Its number is kept out of the measure ids' sequence, so the ids of the
    measures after it stay the same.
    """
    titles = [items[a].title for a in _ancestors(items, idx)] + [items[idx].title]
    return any(NOT_TASKS.search(title or "") for title in titles)


def _in_article(items: list[Item], idx: int) -> bool:
    return any(items[i].kind == "article" for i in [idx, *_ancestors(items, idx)])



def _vertical_layout(lines) -> bool:
    """A table flattened to text: many one-character lines (column labels)."""
    if len(lines) < 20:
        return False
    single = sum(1 for ln in lines if len(ln.fold) == 1)
    return single > 0.1 * len(lines)



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



def _segments(t, it: Item, items, clauses: list[Clause], vertical: bool, lines):
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
    groups: list[list[Clause]] = []
    for c in clauses:
        if groups and _substance(t, groups[-1][-1].end, c.start) < 4:
            groups[-1].append(c)
        else:
            groups.append([c])
    start = body_start
    for g in groups:
        yield start, g[0].start, g
        start = g[-1].end


def _after_title(t: Text, it: Item, clauses: list[Clause]) -> int:
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
    first_line, first_at = 0, start
    for ln in lines_of(t, start, end):
        if vertical and (
            len(ln.fold) <= 1 or re.fullmatch(r"\(\s*[一二三四五六七八九十]+\s*\)", ln.fold)
        ):
            continue
        if vertical and DEADLINE_CELL.match(ln.fold) and len(ln.fold) <= 6:
            continue
        seg = t.raw[max(ln.start, start) : min(ln.end, end)]
        if not seg.strip():
            continue
        if not first_line:
            first_at = max(ln.start, start)
            first_line = t.line_of(first_at)
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
                agency_label = re.sub(r"\s+", "", written)
            else:
                agency = resolve(
                    fold_text(written, traditional=True) if t.traditional else written,
                    ctx,
                    written=written,
                )
                agency = scoped(agency, ctx, doc.id)
                agency_label = agency.label
                remember(ex, agency)
            assignments.append(
                Assignment(
                    role=p.role,
                    mention=written,
                    agency=agency_label,
                    source=t.source,
                    line=t.line_of(p.start),
                    locator=t.position(p.start) if t.split else "",
                    clause=c.raw,
                    collective=p.collective,
                    scope="" if p.collective else agency.scope,
                    inherited=c in inherited,
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
    section = tuple(items[a].written or items[a].title for a in _ancestors(items, idx))
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
        locator=t.position(first_at) if t.split else "",
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
    """A mention as written (:func:`~graphkit.extraction.text.as_written`)."""
    return p.written or written_slice(t, p.start, p.end)


def _join_lines(parts: list[str]) -> str:
    """Join hard-wrapped lines as written: see :func:`~graphkit.extraction.text.as_written`."""
    return as_written("\n".join(parts))


def remember(ex: Extraction, agency: Agency) -> None:
    old = ex.agencies.get(agency.key)
    if old is None:
        ex.agencies[agency.key] = agency
        return
    alts = tuple(dict.fromkeys(old.alt_labels + agency.alt_labels))
    # a spelling written in one place and folded from another is an alternative label only
    hidden = tuple(
        h for h in dict.fromkeys(old.hidden_labels + agency.hidden_labels) if h not in alts
    )
    if alts != old.alt_labels or hidden != old.hidden_labels:
        ex.agencies[agency.key] = replace(old, alt_labels=alts, hidden_labels=hidden)


#: Names that place themselves nationally (no region needed to know them).
_NATIONAL_NAME = re.compile(r"^(国家|中国|中华|中共中央|中央|国务院|全国|共青团中央|国网|国家电网)")


def scoped(agency: Agency, ctx: Context, doc_id: str) -> Agency:
    """An agency scoped to its document when the document's region is unknown.

    In a document whose region could not be found, 区司法局 or 发改局 cannot be
    placed: it stays a node of that document alone.

    >>> from graphkit.records import Agency
    >>> scoped(Agency("区司法局"), Context(), "a.txt/d1").scope
    'a.txt/d1'
    >>> scoped(Agency("国家发展和改革委员会"), Context(), "a.txt/d1").scope
    ''
    >>> scoped(Agency("区司法局"), Context(region="钢城区"), "a.txt/d1").scope
    ''

    So is a body of a level below the document's whose place the text does
    not give (市工信局 in a province's plan, resolved to a level and no region):

    >>> scoped(Agency("市工业和信息化局", level="city"), Context(region="陕西省"), "a.txt/d1").scope
    'a.txt/d1'
    """
    if agency.region or ctx.national or _NATIONAL_NAME.match(agency.label):
        return agency
    if ctx.region and not (agency.level and _UNPLACED.match(agency.label)):
        return agency
    return replace(agency, scope=doc_id)


#: A body named by a level below its document's (市工信局 in a province's plan): no place.
_UNPLACED = re.compile(r"^[市区州县](?!场|容|貌)")
