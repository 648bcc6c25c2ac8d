"""Tables read row by row: the header says each column's role, each data row is one measure.

A ledger (台账) or a task-division table has one task per row and columns
whose header says what they hold: 序号 (the number), 工作任务 / 具体措施
(the text), 主题 / 事项 (the section), 牵头单位 / 配合单位 / 责任单位 (the
agencies, with their role), 完成时限 (the deadline), 责任领导 (a person,
never an agency). The core, :func:`table_measures`, takes rows of
:class:`Cell` (each cell's text and offsets into the
:class:`~graphkit.extraction.text.Text`), whatever layout they were found
in; :func:`pipe_tables` is one front end, the rows that the readers of
:mod:`graphkit.readers` write as cells joined by `` | ``.

Examples
--------
>>> from graphkit.extraction.text import from_string
>>> from graphkit.extraction.resolve import Context
>>> from graphkit.records import Document
>>> t = from_string('''某市任务台账
... 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限
... 1 | 简化企业开办流程，3个工作日办结。 | 市市场监管局 | 市公安局、市税务局 | 6月底
... 2 | 推行证照分离改革。 | 市行政审批局 | | 常态实施''')
>>> [len(b.rows) for b in pipe_tables(t, 0, len(t.raw))]
[3]
>>> doc = Document(id="a/d1", source="a", line=1, end_line=4, title="某市任务台账", date="2021")
>>> ctx = Context(region="拉萨市", province="西藏自治区", city="拉萨市")
>>> ms = table_measures(t, pipe_tables(t, 0, len(t.raw))[0], doc, ctx)
>>> [(m.number, m.line, m.deadline.text) for m in ms]
[('1', 3, '6月底'), ('2', 4, '常态实施')]
>>> [(a.role, a.agency) for a in ms[0].assignments]
[('lead', '拉萨市市场监督管理局'), ('cooperate', '拉萨市公安局'), ('cooperate', '国家税务总局拉萨市税务局')]
>>> ms[0].assignments[0].clause
'牵头单位：市市场监管局'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from graphkit.extraction import lexicon, quantities
from graphkit.extraction.resolve import Context, resolve
from graphkit.extraction.roles import LABEL_RE, ROLE_WORD_RE, Part, is_collective, parse_clause
from graphkit.extraction.text import Text, as_written, fold_text
from graphkit.records import Agency, Assignment, Deadline, Document, Measure

if TYPE_CHECKING:
    from graphkit.extraction.build import Extraction

__all__ = [
    "Cell",
    "Row",
    "Table",
    "column_roles",
    "masked",
    "pipe_tables",
    "table_measures",
]

#: Header words and the role of their column, most specific first.
HEADER_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # the bodies that score a task, not those that do it: read as no assignment
    ("scorer", ("评分部门", "评分单位", "考核部门", "考核单位", "考评单位", "考评部门")),
    ("person", ("责任领导", "牵头领导", "分管领导", "责任人", "联系人")),
    ("lead", ("牵头单位", "牵头部门", "主办单位", "牵头责任单位", "牵头负责部门", "牵头负责单位",
              "主要责任单位")),
    ("cooperate", ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位")),
    ("responsible", ("责任单位", "责任部门", "负责单位", "实施单位", "主责单位", "责任处室",
                     "责任科室", "责任股室")),
    ("deadline", ("完成时限", "时间节点", "完成时间", "时限", "完成期限")),
    ("number", ("序号", "编号")),
    (
        "text",
        (
            "工作任务",
            "重点任务",
            "主要任务",
            "具体措施",
            "工作内容",
            "任务内容",
            "具体要求",
            "重点工作",
            "改革举措",
            "工作措施",
            "主要内容",
            "主要工作",
            "目标任务",
            "工作目标",
            "项目内容",
            "细化分工",
        ),
    ),
    ("section", ("主题", "事项", "类别", "领域", "板块", "任务类别", "项目", "分块", "分类")),
)
#: The label a role's cell is read under when it carries none itself.
_LABEL = {"lead": "牵头单位", "cooperate": "配合单位", "responsible": "责任单位"}
#: Lines between two blocks of rows of the same width that still make one table (a page break).
_PAGE_GAP = 4
_NUMBER = re.compile(r"^\s*(?:\(\s*([一二三四五六七八九十]+)\s*\)|(\d{1,3})\s*[.．、]?)(?=\D|$)")
_MARKER = re.compile(
    r"^\s*(?:[(（]\s*[一二三四五六七八九十]+\s*[)）]|[一二三四五六七八九十]+、|\d{1,3}\s*[.．、])\s*"
)


@dataclass(frozen=True)
class Cell:
    """One cell: its text and offsets into the Text (``end`` exclusive)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Row:
    """One row of cells on a source line."""

    line: int
    start: int
    end: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A block of rows whose first ``header`` rows name the columns' roles."""

    rows: tuple[Row, ...]
    header: int
    roles: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def start(self) -> int:
        return self.rows[0].start

    @property
    def end(self) -> int:
        return self.rows[-1].end


def column_roles(cells: Sequence[str]) -> list[str]:
    """The role of each header cell: number, text, section, lead, cooperate, responsible,
    deadline, person, or "" (a column not read: 进展情况, 备注).

    >>> column_roles(["序号", "重点任务", "牵头单位", "配合单位", "完成时限", "责任领导", "备注"])
    ['number', 'text', 'lead', 'cooperate', 'deadline', 'person', '']
    """
    out = []
    for c in cells:
        flat = re.sub(r"[\s()（）]", "", fold_text(c)).rstrip(":")
        role = ""
        if len(flat) <= 10 and ":" not in flat:
            for r, words in HEADER_ROLES:
                if any(w in flat for w in words):
                    role = r
                    break
        out.append(role)
    return out


def _is_header(roles: list[str]) -> bool:
    known = [r for r in roles if r]
    return len(set(known)) >= 2 and any(
        r in ("text", "lead", "responsible", "cooperate") for r in known
    )


def find_tables(rows: Sequence[Row], bridge: frozenset[int] = frozenset()) -> list[Table]:
    """Tables among consecutive rows: a header row (or several) and the data rows below it.

    Rows before a header, and blocks with no header, are no table: their
    lines are left to the item-based reading. Lines in ``bridge`` (a lone ``|`` that
    closes a row) do not break the run of rows.
    """
    out: list[Table] = []

    def next_to(a: Row, b: Row) -> bool:
        return b.line > a.line and all(n in bridge for n in range(a.line + 1, b.line))

    i = 0
    while i < len(rows):
        roles = column_roles([c.text for c in rows[i].cells])
        if not _is_header(roles):
            prev = out[-1] if out else None
            if (
                prev is not None
                and len(rows[i].cells) == len(prev.rows[-1].cells)
                and 0 < rows[i].line - prev.rows[-1].line <= _PAGE_GAP
            ):
                # the table goes on after a page break (a page footer, the next page's header
                # line), its header not repeated: the rows below take the columns' roles
                start = i
                i += 1
                while i < len(rows) and next_to(rows[i - 1], rows[i]):
                    i += 1
                out.append(Table(tuple(rows[start:i]), 0, prev.roles, prev.labels))
                continue
            i += 1
            continue
        start = i
        labels = [c.text for c in rows[i].cells]
        i += 1
        # a second header row under the first (责任单位 over 牵头单位 | 配合单位) refines it
        while i < len(rows) and next_to(rows[i - 1], rows[i]):
            more = column_roles([c.text for c in rows[i].cells])
            if not _refines(rows[i], more, rows[i - 1]):
                break
            for k, r in enumerate(more):
                if r:
                    while len(roles) <= k:
                        roles.append("")
                        labels.append("")
                    roles[k] = r
                    labels[k] = rows[i].cells[k].text
            i += 1
        header = i - start
        while i < len(rows) and next_to(rows[i - 1], rows[i]):
            i += 1
        if i - start > header:
            out.append(Table(tuple(rows[start:i]), header, tuple(roles), tuple(labels)))
    return out


def _refines(row: Row, more: list[str], above: Row) -> bool:
    """Whether a row under a header row is more of the header: every cell a header word or
    the cell above carried down (a merged header cell)."""
    if not any(more):
        return False
    for k, c in enumerate(row.cells):
        if not c.text or more[k]:
            continue
        if k >= len(above.cells) or above.cells[k].text != c.text:
            return False
    return True


def pipe_rows(t: Text, start: int, end: int) -> list[Row]:
    """The lines of ``t[start:end]`` that are rows of cells joined by `` | ``."""
    out: list[Row] = []
    raw = t.raw
    pos = start
    while pos < end:
        nl = raw.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = raw[pos:stop]
        if " | " in line:
            cells = []
            a = pos
            for piece in line.split("|"):
                lead = len(piece) - len(piece.lstrip())
                cells.append(Cell(piece.strip(), a + lead, a + lead + len(piece.strip())))
                a += len(piece) + 1
            if line.lstrip().startswith("|") and not cells[0].text:
                cells.pop(0)  # a Markdown row: | a | b |
            if line.rstrip().endswith("|") and cells and not cells[-1].text:
                cells.pop()
            out.append(Row(t.line_of(pos), pos, stop, tuple(cells)))
        pos = stop + 1
    return out


def pipe_tables(t: Text, start: int, end: int) -> list[Table]:
    """The tables of pipe rows in a span of ``t``."""
    if " | " not in t.raw[start:end]:
        return []
    bridge: set[int] = set()
    pos = start
    for line in t.raw[start:end].split("\n"):
        if line.strip() == "|":
            bridge.add(t.line_of(pos))
        pos += len(line) + 1
    return find_tables(pipe_rows(t, start, end), frozenset(bridge))


def masked(t: Text, tables: Sequence[Table]) -> Text:
    """``t`` with the tables' lines blanked (same offsets and lines), for the item-based reading."""
    raw, fold = list(t.raw), list(t.fold)
    for tb in tables:
        for r in tb.rows:
            for k in range(r.start, r.end):
                raw[k] = fold[k] = " "
    return replace(t, raw="".join(raw), fold="".join(fold))


def table_measures(
    t: Text,
    table: Table,
    doc: Document,
    ctx: Context,
    ex: Extraction | None = None,
    *,
    first: int = 1,
    id_prefix: str = "t1-",
) -> list[Measure]:
    """One measure per data row of ``table`` (rows with neither text nor agencies are skipped)."""
    from graphkit.extraction.measures import remember

    year = int(doc.date[:4]) if doc.date[:4].isdigit() else None
    keep: Callable[[Agency], None] = (
        (lambda a: remember(ex, a)) if ex is not None else (lambda a: None)
    )
    roles = table.roles
    out: list[Measure] = []
    n = first - 1
    body = table.rows[table.header :]
    width = max((len(r.cells) for r in body), default=0)
    for row in body:
        cells = list(row.cells)
        if roles[:1] == ("number",) and 2 <= len(cells) < width and _NUMBER_CELL.match(cells[0].text):
            # a row short of cells whose text cells are merged with the row above's: its
            # number is the first column and its last cells the table's last columns
            gap = width - len(cells)
            cells = [cells[0], *[Cell("", cells[1].start, cells[1].start)] * gap, *cells[1:]]
        get = {
            k: (cells[k] if k < len(cells) else Cell("", row.end, row.end))
            for k in range(len(roles))
        }
        texts = [get[k].text for k, r in enumerate(roles) if r == "text" and get[k].text]
        text = _join(texts)
        sections = [get[k].text for k, r in enumerate(roles) if r == "section" and get[k].text]
        number = next(
            (get[k].text for k, r in enumerate(roles) if r == "number" and get[k].text), ""
        )
        if not number:
            for s in [*reversed(sections), text]:
                m = _NUMBER.match(fold_text(s))
                if m:
                    number = (m.group(1) and f"（{m.group(1)}）") or m.group(2)
                    break
        number = re.sub(r"[.．、\s]+$", "", number)
        assignments: list[Assignment] = []
        seen: set[tuple[str, str]] = set()
        deadline: Deadline | None = None
        for k, role in enumerate(roles):
            cell = get[k]
            if not cell.text:
                continue
            if role == "deadline" and deadline is None:
                deadline = quantities.parse_deadline(
                    cell.text, year=year, line=row.line
                ) or Deadline(cell.text, line=row.line)
            if role not in _LABEL:
                continue
            for a in _cell_assignments(
                t, cell, role, table.labels[k], row, k, ctx, keep, seen, doc.id
            ):
                assignments.append(a)
        if not text and not assignments:
            continue
        if deadline is None and text:
            deadline = quantities.find_deadline(text, year=year)
            if deadline is not None and not deadline.line:
                deadline = replace(deadline, line=row.line)
        n += 1
        out.append(
            Measure(
                id=f"{doc.id}/{id_prefix}{n}",
                doc_id=doc.id,
                source=t.source,
                line=row.line,
                number=number,
                text=text,
                section=tuple(_MARKER.sub("", s).rstrip("。") for s in sections),
                assignments=tuple(assignments),
                deadline=deadline,
                targets=tuple(quantities.find_targets(text, line=row.line)) if text else (),
                end_line=row.line,
                locator=t.locate(row.line),
            )
        )
    return out


_NUMBER_CELL = re.compile(r"^\d{1,3}[.．、]?$")


def _join(texts: list[str]) -> str:
    out = ""
    for s in dict.fromkeys(texts):
        if out and not re.search(r"[。；;！!？?：:]$", out):
            out += "；"
        out += s
    return as_written(out)


#: Marks before a name that make it the lead of its list.
#: A list item of an agency cell cut before its ending: 省人口计生, 人口计生 (with or without its level).
_CUT_ITEM = re.compile(r"^(省|市|县|区|自治区|州)?([\u4e00-\u9fff]{2,6})$")


def _cut_names(text: str, parts: list[Part], role: str, shift: int,
               completed: dict[str, str]) -> list[Part]:
    """The names of an agency cell that lost their ending (省人口计生, 省新闻出版), as parts.

    A table's agency column holds names only, so an item of its list left out as
    not looking like a name may be a name cut short: kept when the lexicon
    completes it to one body (人口计生 → 人口计生委; not 县民生实事, a note of
    another column). The completion, with the level, goes into ``completed``
    under the item as written.

    >>> got: dict[str, str] = {}
    >>> [p.mention for p in _cut_names("省人口计生、人口计生、县民生实事", [], "lead", 0, got)]
    ['省人口计生', '人口计生']
    >>> got
    {'省人口计生': '省人口计生委', '人口计生': '人口计生委'}
    """
    covered = [(p.start - shift, p.end - shift) for p in parts]
    out = []
    for m in re.finditer(r"[^、，,；;\s]+", text):
        item = m.group(0)
        if any(a < m.end() and m.start() < b for a, b in covered):
            continue
        cm = _CUT_ITEM.match(item)
        if cm is None or is_collective(item):
            continue
        full = lexicon.complete_cut_name(cm.group(2))
        if full is None:
            continue
        completed[item] = (cm.group(1) or "") + full
        out.append(Part(role=role, mention=item, start=m.start() + shift, end=m.end() + shift))
    return out


LEAD_MARKS = "▲★☆●◆"
_BLANK_MARKS = str.maketrans({m: " " for m in LEAD_MARKS})


def _cell_assignments(
    t, cell: Cell, role: str, label: str, row: Row, k: int, ctx, keep, seen, doc_id: str = ""
):
    """The assignments of one agency cell: the cell's own clause, or its names under its column's role.

    A 责任单位 cell saying 「X牵头，Y配合」 is read as that clause; a plain
    list of names takes the column's role.
    """
    own = bool(LABEL_RE.search(cell.text) or ROLE_WORD_RE.search(cell.text))
    # ▲ or ★ before a name in a list marks its lead (「带▲的为牵头单位」): blanked for parsing
    marked = cell.text.translate(_BLANK_MARKS)
    parts = parse_clause(marked) if own else []
    prefix = ""
    if not parts:
        prefix = _LABEL[role] + "："
        parts = parse_clause(prefix + marked)
    completed: dict[str, str] = {}
    parts = [*parts, *_cut_names(cell.text.translate(_BLANK_MARKS), parts, role, len(prefix),
                                 completed)]
    parts.sort(key=lambda p: p.start)
    clause = prefix + cell.text if prefix else cell.text
    if prefix and label and column_roles([label]) == [role]:
        clause = re.sub(r"\s+", "", label) + "：" + cell.text
    for p in parts:
        r = p.role or role
        a, b = p.start - len(prefix), p.end - len(prefix)
        if a > 0 and cell.text[:a].rstrip()[-1:] in LEAD_MARKS and r != "lead":
            r = "lead"
        written = p.written or as_written(cell.text[max(a, 0) : max(b, 0)])
        if not written or (r, written) in seen:
            continue
        seen.add((r, written))
        if p.collective:
            agency_label = re.sub(r"\s+", "", written)
        else:
            agency = resolve(
                completed.get(written)
                or (fold_text(written, traditional=True) if t.traditional else written),
                ctx,
                written=written,
            )
            from graphkit.extraction.measures import scoped

            agency = scoped(agency, ctx, doc_id)
            agency_label = agency.label
            keep(agency)
        yield Assignment(
            role=r,
            mention=written,
            agency=agency_label,
            source=t.source,
            line=row.line,
            clause=clause,
            collective=p.collective,
            scope="" if p.collective else agency.scope,
            locator=t.locate(row.line, k),
        )
