"""Tables that text extraction flattened: the rows of cells they were, found again.

A table copied out of a PDF or a web page reaches a text file in one of a few
layouts, and each is turned back into :class:`~graphkit.extraction.tables.Row`
objects for the header-driven reader of :mod:`graphkit.extraction.tables`:

- **one cell per line** (:func:`vertical_tables`): the header's cells on lines
  of their own (序号 / 工作任务 / 牵头单位 / 完成时限), blank lines or lone ``|``
  lines between cells, then each row's cells the same way, a row opening with
  its number (1, 2, …) when the header has a 序号 column;
- **space-separated rows** (:func:`spaced_tables`): a header line and rows whose
  cells are two or more spaces (or tabs) apart.

Rows keep their source lines and offsets, so measures and assignments point
to where they were written.

Examples
--------
>>> from graphkit.extraction.text import from_string
>>> t = from_string('''附件
... 序号
... 民生实事
... 责任单位
... 完成时限
... 1
... 启动建设东湖湿地公园。
... 县水务局
... 县住建局
... 12月底前
... 2
... 新建2座人行天桥。
... 县住建局
... 9月投入使用''')
>>> [tb.roles for tb in vertical_tables(t, 0, len(t.raw))]
[('number', 'text', 'responsible', 'deadline')]
>>> [[c.text for c in r.cells] for r in vertical_tables(t, 0, len(t.raw))[0].rows[1:]]
[['1', '启动建设东湖湿地公园。', '县水务局、县住建局', '12月底前'], ['2', '新建2座人行天桥。', '县住建局', '9月投入使用']]
"""

from __future__ import annotations

import re

from graphkit.extraction.lexicon import complete_cut_name
from graphkit.extraction.roles import COLLECTIVE, looks_like_agency
from graphkit.extraction.tables import Cell, Row, Table, _is_header, column_roles, find_tables
from graphkit.extraction.text import Text

__all__ = ["spaced_tables", "vertical_tables"]

#: A lone cell separator line (``|``, ``||||``) between cells of a flattened table.
_SEPARATOR = re.compile(r"^[\s|｜]*$")
#: A cell that is a row's number.
_ROW_NUMBER = re.compile(r"^\s*(\d{1,3})\s*[.．、]?\s*$")
#: A section heading between rows (一、…, （二）…): it opens a group of rows.
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
_DEADLINE = re.compile(
    r"^(?:\d{4}\s*年)?\s*(?:\d{1,2}\s*月(?:底|中旬|上旬|下旬|末|份)?|年底|年内|全年|上半年|下半年|"
    r"长期|持续|常态|每年|每季度|\d{4}\s*年(?:底|内)?)"
)
_PERSON = re.compile(r"^[\u4e00-\u9fff]{1,2}\s?[\u4e00-\u9fff]{1,2}(?:[、，,][\u4e00-\u9fff\s]{2,5})*$")
_MARKS = "▲★☆●◆*"
#: A table header has a line of its own holding one of these words.
_HEADER_HINT = re.compile(r"(?m)^\s*(?:序号|编号|牵头单位|牵头部门|责任单位|责任部门|配合单位|主办单位)\s*$")
#: A sub-item's own number opening a cell (2.一般公共预算收入…): a row under a merged 序号.
_ITEM = re.compile(r"^\s*(?:\d{1,3}\s*[.．、](?!\d)|[（(]\d{1,3}[）)])")


def _lines(t: Text, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, folded text) of each non-blank line in ``t[start:end]``."""
    out = []
    pos = start
    while pos < end:
        nl = t.raw.find("\n", pos, end)
        stop = end if nl < 0 else nl
        text = t.fold[pos:stop].strip()
        if text and not _SEPARATOR.match(text):
            lead = len(t.fold[pos:stop]) - len(t.fold[pos:stop].lstrip())
            out.append((pos + lead, pos + lead + len(text), text))
        pos = stop + 1
    return out


def _joined_header_cells(lines: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A header cell wrapped onto two short lines (责任 / 科室) made one line again: two
    lines of at most four characters, neither a header word, that together are one."""
    out: list[tuple[int, int, str]] = []
    k = 0
    while k < len(lines):
        a = lines[k]
        if k + 1 < len(lines):
            b = lines[k + 1]
            if (
                len(a[2]) <= 4 and len(b[2]) <= 4
                and not _role_of(a[2]) and not _role_of(b[2]) and _role_of(a[2] + b[2])
            ):
                out.append((a[0], b[1], a[2] + b[2]))
                k += 2
                continue
        out.append(a)
        k += 1
    return out


def _role_of(text: str) -> str:
    """The header role of a line that could be a header cell ("" otherwise)."""
    return column_roles([text])[0] if len(text) <= 12 else ""


def _header_run(lines: list[tuple[int, int, str]], i: int, roles_of: list[str] | None = None) -> int:
    """How many lines from ``i`` are one table header's cells, one a line (0: none)."""
    n = 0
    roles = []
    while i + n < len(lines):
        text = lines[i + n][2]
        role = roles_of[i + n] if roles_of is not None else _role_of(text)
        if not role and not (len(re.sub(r"\s", "", text)) <= 4 and not _ROW_NUMBER.match(text)):
            break
        if role and role in roles and role not in ("text", "section"):
            break
        roles.append(role)
        n += 1
    while n and not roles[n - 1]:
        n -= 1  # a short line after the header is the first row's, not the header's
    return n if n >= 3 and _is_header(_with_text(roles[:n])) else 0


def _leading_unknown(lines: list[tuple[int, int, str]], i: int) -> int:
    """Short lines before a header's first known cell (附件, a title word): not the header's."""
    k = 0
    while i + k < len(lines) and not column_roles([lines[i + k][2]])[0]:
        k += 1
    return k


def _with_text(roles: list[str]) -> list[str]:
    """A header without a named text column: the unnamed column after 序号 holds the text
    (序号 / 民生实事 / 责任单位), else the last unnamed one before the agencies."""
    if "text" in roles:
        return roles
    out = list(roles)
    if "number" in out:
        k = out.index("number") + 1
        if k < len(out) and not out[k]:
            out[k] = "text"
            return out
    first_agency = next(
        (k for k, r in enumerate(out) if r in ("lead", "cooperate", "responsible")), len(out)
    )
    for k in range(first_agency - 1, -1, -1):
        if not out[k]:
            out[k] = "text"
            break
    return out


#: A short cell of one body cut to its level and function (省人口计生, 省新闻出版).
_CUT_NAME = re.compile(r"^(?:省|市|县|区|自治区|州)[\u4e00-\u9fff]{2,6}$")


def _kind(text: str, before: str = "") -> str:
    """What a cell line looks like: number, deadline, agencies, person or text.

    ``before`` is the kind of the line above: among a row's agency cells, a short
    cell of a level and a function is one more body, even with its name cut.

    >>> _kind("省人口计生"), _kind("省人口计生", before="agencies"), _kind("省财政厅")
    ('text', 'agencies', 'agencies')
    >>> _kind("人口计生", before="agencies"), _kind("加强妇女健康服务。", before="agencies")
    ('agencies', 'text')
    """
    flat = re.sub(r"\s+", "", text)
    if before == "agencies" and (_CUT_NAME.match(flat) or complete_cut_name(flat)):
        return "agencies"
    if _ROW_NUMBER.match(text):
        return "number"
    if len(flat) <= 14 and _DEADLINE.match(flat):
        return "deadline"
    names = [n for n in re.split(r"[、，,;；/]", flat.strip(_MARKS)) if n]
    if names and len(flat) <= 120 and all(
        looks_like_agency(n.lstrip(_MARKS)) or COLLECTIVE.search(n.lstrip(_MARKS)) for n in names
    ):
        return "agencies"
    if _PERSON.match(text.strip()) and not looks_like_agency(flat):
        return "person"
    return "text"


def vertical_tables(t: Text, start: int, end: int) -> list[Table]:
    """Tables laid out one cell per line in ``t[start:end]`` (see the module notes)."""
    if not _HEADER_HINT.search(t.fold, start, end):
        return []
    lines = _joined_header_cells(_lines(t, start, end))
    roles_of = [_role_of(x[2]) for x in lines]
    out: list[Table] = []
    i = 0
    while i < len(lines):
        if not roles_of[i] and (i + 1 >= len(lines) or not roles_of[i + 1]):
            i += 1  # a header starts at a header word (or one line before it)
            continue
        n = _header_run(lines, i, roles_of)
        if n and _leading_unknown(lines, i):
            i += _leading_unknown(lines, i)
            continue
        if not n:
            i += 1
            continue
        header = lines[i : i + n]
        roles = _with_text(column_roles([h[2] for h in header]))
        i += n
        rows, i = _vertical_rows(t, lines, i, roles)
        if rows:
            head = Row(t.line_of(header[0][0]), header[0][0], header[-1][1],
                       tuple(Cell(h[2], h[0], h[1]) for h in header))
            out.append(Table((head, *rows), 1, tuple(roles), tuple(h[2] for h in header)))
    return out


def _vertical_rows(
    t: Text, lines: list[tuple[int, int, str]], i: int, roles: list[str]
) -> tuple[list[Row], int]:
    """The rows after a header, until the lines stop looking like rows of it."""
    numbered = "number" in roles
    groups: list[list[tuple[int, int, str]]] = []
    expect = None
    skipped = 0
    while i < len(lines):
        text = lines[i][2]
        m = _ROW_NUMBER.match(text)
        if numbered and m and (expect is None or int(m.group(1)) == expect):
            groups.append([lines[i]])
            expect = int(m.group(1)) + 1
        elif _SECTION.match(text) and len(text) <= 40:
            groups.append([])  # a section heading between rows closes the row before it
        elif (
            _kind(text, _kind(lines[i - 1][2]) if i else "") == "text"
            and groups
            and any(_kind(x[2]) == "agencies" for x in groups[-1])
            and (not numbered or _ITEM.match(text))
        ):
            # text after a row's agencies opens the next row: a row without numbers, or
            # one under a merged number cell (1 | 项目 | 1.… | 2.…)
            groups.append([lines[i]])
        elif groups and groups[-1]:
            groups[-1].append(lines[i])
        elif not numbered and not groups:
            groups.append([lines[i]])
        elif column_roles([text])[0]:
            break  # another header
        elif not groups and len(text) <= 6 and skipped < 2:
            skipped += 1  # a header cell of a column not read (备注) before the first row
        elif not groups:
            break
        i += 1
        if groups and len(groups[-1]) > 4 * len(roles):
            groups[-1] = groups[-1][: 4 * len(roles)]
            break  # no table row runs this long: the table has ended
    rows = [r for r in (_row(t, g, roles) for g in groups if g) if r is not None]
    agency_cols = [k for k, r in enumerate(roles) if r in ("lead", "cooperate", "responsible")]
    if not any(r.cells[k].text for r in rows for k in agency_cols):
        return [], i  # no row names an agency: not a task table
    return rows, i


def _row(t: Text, group: list[tuple[int, int, str]], roles: list[str]) -> Row | None:
    """A row's lines given to its columns by what each line looks like, in header order."""
    cells: list[list[tuple[int, int, str]]] = [[] for _ in roles]
    agency_cols = [k for k, r in enumerate(roles) if r in ("lead", "cooperate", "responsible")]
    text_cols = [k for k, r in enumerate(roles) if r == "text"] or [
        k for k, r in enumerate(roles) if r == "section"
    ]
    section_cols = [k for k, r in enumerate(roles) if r == "section" and k not in text_cols]
    seen_agency = 0
    last = -1  # cells come in the header's order
    before = ""
    for line in group:
        kind = before = _kind(line[2], before)
        col = None
        if kind == "number" and "number" in roles and not cells[roles.index("number")]:
            col = roles.index("number")
        elif kind == "deadline" and "deadline" in roles:
            col = roles.index("deadline")
        elif kind == "person" and "person" in roles:
            col = roles.index("person")
        elif (
            kind == "agencies"
            and "scorer" in roles
            and _level(line[2])
            and {_level(x[2]) for k in agency_cols for x in cells[k]} - {"", _level(line[2])}
        ):
            # a body of another level after the row's own (县X, 县Y, then 市Z): the scorer's
            col = roles.index("scorer")
        elif kind == "agencies" and agency_cols:
            # the first agency line is the first agency column's; more lines are the
            # next column's when there is one, or the same cell's
            col = agency_cols[min(seen_agency, len(agency_cols) - 1)]
            seen_agency += 1
        elif (
            section_cols
            and section_cols[0] > last
            and not cells[section_cols[0]]
            and not any(cells[k] for k in text_cols)
            and len(line[2]) <= 12
            and not re.search("[。；;]", line[2])
        ):
            col = section_cols[0]  # a short line before the text: the 项目 / 类别 cell
        elif text_cols:
            col = text_cols[0] if not cells[text_cols[0]] or kind == "text" else text_cols[-1]
        if col is not None:
            cells[col].append(line)
            last = max(last, col)
    if not any(cells[k] for k in agency_cols) and not any(cells[k] for k in text_cols):
        return None
    out = []
    for k, parts in enumerate(cells):
        if not parts:
            out.append(Cell("", group[-1][1], group[-1][1]))
            continue
        sep = "、" if roles[k] in ("lead", "cooperate", "responsible") else ""
        text = sep.join(re.sub(r"\s+", "" if roles[k] != "person" else " ", p[2]) for p in parts)
        out.append(Cell(text, parts[0][0], parts[-1][1]))
    return Row(t.line_of(group[0][0]), group[0][0], group[-1][1], tuple(out))


def _level(name: str) -> str:
    """The level word a body's name opens with (省, 市, 县, 区 …; "" if none)."""
    m = re.match(r"(省|市|县|区|州|镇|乡)", name)
    return m.group(1) if m else ""


_GAP = re.compile(r"\s{2,}|\t")
_ROLE_HINT = re.compile(r"序\s*号|牵\s*头|责\s*任\s*单\s*位")


def spaced_tables(t: Text, start: int, end: int) -> list[Table]:
    """Tables whose rows are lines of cells two or more spaces (or a tab) apart."""
    if not _ROLE_HINT.search(t.fold, start, end):
        return []
    rows: list[Row] = []
    pos = start
    while pos < end:
        nl = t.raw.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = t.fold[pos:stop]
        if _GAP.search(line.strip()):
            cells, a = [], pos
            for piece in re.split(r"(\s{2,}|\t)", line):
                if piece and not _GAP.fullmatch(piece):
                    lead = len(piece) - len(piece.lstrip())
                    cells.append(Cell(piece.strip(), a + lead, a + lead + len(piece.strip())))
                a += len(piece)
            cells = [c for c in cells if c.text]
            if len(cells) >= 3:
                rows.append(Row(t.line_of(pos), pos, stop, tuple(cells)))
        pos = stop + 1
    if not rows:
        return []
    return [tb for tb in find_tables(rows) if len(tb.roles) >= 3]


_NUMBERED_LINE = re.compile(r"^(\s*)(\d{1,3})(\s+)(.+?)(\s+)([^\s]+)\s*$")


def numbered_line_tables(t: Text, start: int, end: int) -> list[Table]:
    """Tables of single-spaced rows under a header line: ``序号 工作任务 牵头部门`` then
    ``1 居民消费价格涨幅3%左右 发展改革委``: number, text, and the agencies last."""
    if "序" not in t.fold[start:end]:
        return []
    out: list[Table] = []
    pos = start
    header: Row | None = None
    roles: list[str] = []
    rows: list[Row] = []

    def close() -> None:
        if header is not None and rows:
            out.append(Table((header, *rows), 1, tuple(roles), tuple(c.text for c in header.cells)))

    while pos < end:
        nl = t.raw.find("\n", pos, end)
        stop = end if nl < 0 else nl
        line = t.fold[pos:stop]
        flat = re.sub(r"\s+", "", line)
        m = _NUMBERED_LINE.match(line)
        if flat.startswith("序号") and len(flat) <= 30:
            close()
            words = _header_words(flat)
            header = Row(t.line_of(pos), pos, stop, tuple(Cell(w, pos, stop) for w in words))
            roles, rows = _with_text(column_roles(words)), []
        elif header is not None and m and _kind(m.group(6)) == "agencies" and len(roles) == 3:
            a = pos + len(m.group(1))
            b = a + len(m.group(2)) + len(m.group(3))
            c = b + len(m.group(4)) + len(m.group(5))
            cells = (Cell(m.group(2), a, a + len(m.group(2))), Cell(m.group(4), b, b + len(m.group(4))),
                     Cell(m.group(6), c, c + len(m.group(6))))
            rows.append(Row(t.line_of(pos), pos, stop, cells))
        elif flat and header is not None and rows:
            close()
            header, rows = None, []
        pos = stop + 1
    close()
    return out


def _header_words(flat: str) -> list[str]:
    """A header line written without cell breaks, cut at its header words: 序号工作任务牵头负责部门."""
    from graphkit.extraction.tables import HEADER_ROLES

    words = sorted({w for _, ws in HEADER_ROLES for w in ws}, key=len, reverse=True)
    out, i = [], 0
    pending = ""
    while i < len(flat):
        for w in words:
            if flat.startswith(w, i):
                if pending:
                    out.append(pending)
                    pending = ""
                j = i + len(w)
                # the rest of a header word (牵头负责部门 after 牵头): up to the next one
                while j < len(flat) and not any(flat.startswith(x, j) for x in words):
                    j += 1
                out.append(flat[i:j])
                i = j
                break
        else:
            pending += flat[i]
            i += 1
    if pending:
        out.append(pending)
    return out
