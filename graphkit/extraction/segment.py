"""Split a source into documents, and documents into numbered items.

A file may hold one document (a ledger, a plan) or many (a compilation whose
documents open with ``N. <issuer>关于…的通知（2023年6月3日）``, a gazette
whose documents open with a title line and a 文号). Inside a document, items
are numbered at several levels — 一、 （一） 1. （1） ① 第X条 — and form a
tree; each item knows its section path (the titles of the items above it).

Everything here works on the folded text of a
:class:`~graphkit.extraction.text.Text` and keeps offsets into it; titles
and headings are also kept as written (``written_title``, ``written``) for
the records.

Examples
--------
>>> from graphkit.extraction.text import from_string
>>> t = from_string("某市工作方案\\n一、总体要求\\n（一）加快改革。\\n1.简化流程。\\n2.压缩时间。\\n")
>>> docs = split_documents(t)
>>> [d.title for d in docs]
['某市工作方案']
>>> [(i.number, i.level, i.title) for i in items_of(t, docs[0])]
[('一', 1, '总体要求'), ('（一）', 2, '加快改革'), ('1', 3, '简化流程'), ('2', 3, '压缩时间')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphkit.extraction.text import Text, written

__all__ = ["DocSpan", "Item", "Line", "items_of", "lines_of", "split_documents"]

CN_NUM = "一二三四五六七八九十百零〇两"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}

DOC_TYPES = (
    "实施意见",
    "指导意见",
    "若干措施",
    "工作要点",
    "实施方案",
    "行动方案",
    "工作方案",
    "分工方案",
    "任务清单",
    "台账",
    "通知",
    "办法",
    "方案",
    "意见",
    "决定",
    "规定",
    "要点",
    "报告",
    "制度",
    "细则",
    "计划",
    "规划",
    "批复",
    "公告",
    "通报",
    "纪要",
    "措施",
    "条例",
    "规则",
    "清单",
    "情况",
    "大事记",
    "公报",
)
_TYPE_RE = re.compile("(" + "|".join(DOC_TYPES) + r")(\(.{1,12}\))?$")
DATE_PAREN = re.compile(r"\(\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日?)?\s*\)")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[(【]\s*(\d{4})\s*[〕\])】]\s*\d{1,4}\s*号")
PROVINCE_HEAD = re.compile(
    r"^\(\s*[一二三四五六七八九十]+\s*\)\s*(北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|"
    r"浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|"
    r"青海|宁夏|新疆)\s*$"
)
_NUMBER_LINE = re.compile(r"^\s*(" + DOC_NUMBER.pattern + r")\s*$")
_ORDER = re.compile(r"^[\u4e00-\u9fff]{2,20}(人民政府|政府)令$")
_ORDER_NO = re.compile(r"^第\d+号$")
_CHRONICLE = re.compile(r"^(\d{1,2}月)?大事记$")
COMPILATION_START = re.compile(r"^(\d{1,2})\s*[.．]\s*(.*)$")
ISSUER_HINT = re.compile(r"关于|印发|通知|意见|方案|决定|措施|要点|办法")

# item markers on a folded line start; groups: number text
MARKERS: tuple[tuple[int, str, re.Pattern[str]], ...] = (
    (0, "chapter", re.compile(r"^第\s*([" + CN_NUM + r"]+)\s*[章节]\s*")),
    (1, "cn", re.compile(r"^([" + CN_NUM + r"]{1,3})\s*[、.．]\s*")),
    (2, "pcn", re.compile(r"^\(\s*([" + CN_NUM + r"]{1,3})\s*\)\s*")),
    (3, "article", re.compile(r"^第\s*([" + CN_NUM + r"]{1,4})\s*条\s*")),
    (3, "arabic", re.compile(r"^(\d{1,3})\s*[.．、](?!\d{1,3}(?!\d))\s*")),
    (4, "parabic", re.compile(r"^\(\s*(\d{1,2})\s*\)\s*")),
    (5, "circled", re.compile(r"^([①-⑳])\s*")),
)


@dataclass(frozen=True)
class Line:
    """A non-blank source line: its number and offsets into the text."""

    no: int
    start: int
    end: int
    fold: str


@dataclass
class DocSpan:
    """A document's extent in a text, with what its heading says."""

    start: int
    end: int
    line: int
    end_line: int
    title: str
    heading: str = ""
    date: str = ""
    number: str = ""
    province: str = ""
    inner_title: str = ""
    title_end_line: int = 0
    #: The title as written (:func:`~graphkit.extraction.text.written`); ``title`` is folded.
    written_title: str = ""
    #: Offset where the title line starts (-1: not known, the title is the line ``line``): a
    #: page that lost its line breaks holds its title and its items on one source line.
    title_start: int = -1


@dataclass
class Item:
    """A numbered item: its marker, level, offsets, and place in the tree."""

    number: str
    value: int
    kind: str
    level: int
    start: int
    body: int
    end: int
    line: int
    title: str
    parent: int | None = None
    children: list[int] = field(default_factory=list)
    #: The title as written (:func:`~graphkit.extraction.text.written`); ``title`` is folded.
    written: str = ""


def lines_of(t: Text, start: int = 0, end: int | None = None) -> list[Line]:
    """Non-blank lines of ``t`` between two offsets."""
    end = len(t.raw) if end is None else end
    out: list[Line] = []
    if start >= end:
        return out
    pos = start
    # fold has its line breaks where raw has them (no character folds to or from one)
    for seg in t.fold[start:end].split("\n"):
        text = seg.strip()
        if text:
            lead = len(seg) - len(seg.lstrip())
            out.append(Line(t.lines[pos], pos + lead, pos + len(seg), text))
        pos += len(seg) + 1
    return out


def cn_value(s: str) -> int:
    """Value of a Chinese or Arabic numeral, circled digits included.

    >>> cn_value("十二"), cn_value("二十"), cn_value("7"), cn_value("③")
    (12, 20, 7, 3)
    """
    s = s.strip()
    if s.isascii() and s.isdigit():
        return int(s)
    if len(s) == 1 and "①" <= s <= "⑳":
        return ord(s) - ord("①") + 1
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
    return total + cur


def _join(lines: list[Line], k: int, n: int) -> str:
    return "".join(x.fold for x in lines[k : k + n])


def _title_at(lines: list[Line], k: int) -> tuple[str, int] | None:
    """A compilation document heading starting at line k: (title, lines used)."""
    m = COMPILATION_START.match(lines[k].fold)
    if not m:
        return None
    text = m.group(2)
    for used in range(1, 6):
        dm = DATE_PAREN.search(text)
        if dm and len(text) - dm.end() <= 1:
            if not ISSUER_HINT.search(text) or len(text) > 160:
                return None
            return re.sub(r"\s+", "", text), used
        if k + used >= len(lines) or "。" in text:
            return None
        nxt = lines[k + used].fold
        if (
            re.match(r"^\d{1,2}\s*[.．]", nxt)
            or PROVINCE_HEAD.match(nxt)
            or re.match(r"^\(\s*[一二三四五六七八九十]+\s*\)", nxt)
        ):
            return None
        text += nxt
    return None


def _is_title_line(s: str) -> bool:
    flat = re.sub(r"\s+", "", s)
    if not 6 <= len(flat) <= 80 or "……" in flat or "..." in flat:
        return False
    if re.search(r"[。；;：:，,！？]$", flat) or re.match(r"^[\d(（一二三四五六七八九十第]", flat):
        return False
    if flat.count("，") + flat.count(",") > 1:
        return False
    return bool(_TYPE_RE.search(flat)) and not flat.startswith(("《", "关于"))


def compilation_headings(lines: list[Line], *, upto: int | None = None) -> int:
    """How many compilation headings (``N. …（date）``) start among ``lines``
    (before index ``upto``: the lines after it are there to look ahead)."""
    end = len(lines) if upto is None else upto
    return sum(
        1 for k in range(end) if not PROVINCE_HEAD.match(lines[k].fold) and _title_at(lines, k)
    )


def split_documents(
    t: Text, *, compilation: bool | None = None, province: str = ""
) -> list[DocSpan]:
    """The documents of a text, in order, covering it without overlap.

    A compilation (two or more ``N. …（date）`` headings) splits at those
    headings; otherwise at title lines followed by a 文号 or an addressee line;
    otherwise the whole text is one document titled by its first title line.
    A piece of a larger text is split as the whole is: ``compilation`` says
    whether the whole is one (see :func:`compilation_headings`), ``province``
    which section heading (``PROVINCE_HEAD``) is in force where it begins.
    """
    lines = lines_of(t)
    if not lines:
        return []
    starts: list[tuple[int, str, int]] = []  # (line index, title, lines used)
    provinces: dict[int, str] = {}
    for k, ln in enumerate(lines):
        pm = PROVINCE_HEAD.match(ln.fold)
        if pm:
            province = pm.group(1)
            continue
        got = _title_at(lines, k)
        if got:
            starts.append((k, got[0], got[1]))
            provinces[k] = province
    if compilation is None:
        compilation = len(starts) >= 2
    if not compilation:
        starts = []
        for k, ln in enumerate(lines):
            flat = re.sub(r"\s+", "", ln.fold)
            if _is_title_line(ln.fold) and _followed_by_heading_matter(lines, k):
                starts.append((k, flat, 1))
            elif (
                _ORDER.match(flat)
                and k + 1 < len(lines)
                and _ORDER_NO.match(re.sub(r"\s+", "", lines[k + 1].fold))
            ):
                starts.append((k, flat, 2))
            elif (
                _CHRONICLE.match(flat)
                and k + 1 < len(lines)
                and re.match(r"^\d{1,2}\s*月\s*\d{1,2}\s*日", lines[k + 1].fold)
            ):
                starts.append((k, flat, 1))
    if not starts:
        first = next((k for k, ln in enumerate(lines[:40]) if _is_title_line(ln.fold)), 0)
        starts = [(first, re.sub(r"\s+", "", lines[first].fold), 1)]
    docs: list[DocSpan] = []
    for j, (k, title, used) in enumerate(starts):
        start = lines[k].start if j else 0
        nxt = starts[j + 1][0] if j + 1 < len(starts) else None
        end = lines[nxt].start if nxt is not None else len(t.raw)
        last = lines[nxt - 1] if nxt is not None else lines[-1]
        head = _join(lines, k, used + 3)
        dm = DATE_PAREN.search(title)
        date = ""
        if dm:
            title = title[: dm.start()]
            date = _iso(dm.group(1), dm.group(2), dm.group(3))
        if not date:  # a web page's 「发布日期 :2017-08-07」 under the title
            pm = _PUBLISHED.search(_join(lines, k + used, 2))
            date = _iso(pm.group(1), pm.group(2), pm.group(3)) if pm else ""
        title = COMPILATION_START.sub(r"\2", title) if compilation else title
        nm = None
        for ln in lines[k + used : k + used + 3]:
            nm = _NUMBER_LINE.match(ln.fold)
            if nm:
                break
        docs.append(
            DocSpan(
                start=start,
                end=end,
                line=lines[k].no,
                end_line=last.no,
                title=title,
                heading=head,
                date=date,
                number=re.sub(r"\s+", "", nm.group(1)) if nm else "",
                province=provinces.get(k, ""),
                title_end_line=lines[k + used - 1].no,
                title_start=lines[k].start,
                written_title=written(t, title, lines[k].start, lines[k + used - 1].end) or title,
            )
        )
    return docs


_PUBLISHED = re.compile(r"^\s*发布日期\s*[:：]\s*(\d{4})-(\d{1,2})-(\d{1,2})")


def _followed_by_heading_matter(lines: list[Line], k: int) -> bool:
    """A title line is a document start when a 文号, an addressee line or a
    publication date follows it closely."""
    nxt = _join(lines, k + 1, 3)
    if DOC_NUMBER.search(nxt[:40]) or "发布日期" in nxt[:20]:
        return True
    if k + 1 < len(lines) and re.match(r"^各.{2,60}[:：]$", lines[k + 1].fold):
        return True
    return False


def _iso(y: str, m: str | None, d: str | None) -> str:
    if not m:
        return y
    if not d:
        return f"{int(y):04d}-{int(m):02d}"
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


_ITEM_TITLE_END = re.compile(r"[。；;:：!！?？]")


def items_of(t: Text, doc: DocSpan) -> list[Item]:
    """Numbered items of a document, as a tree (parents and children by index).

    An item's number must continue the sequence of its kind at its level
    (the next value, or 1 to restart), so a wrapped line that happens to
    begin with a digit does not open an item.
    """
    lines = lines_of(t, doc.start, doc.end)
    items: list[Item] = []
    last: dict[tuple[str, int | None], int] = {}
    last_any: dict[str, int] = {}
    stack: list[int] = []
    for k, ln in enumerate(lines):
        if (ln.start == doc.title_start) if doc.title_start >= 0 else (ln.no == doc.line):
            continue  # the title line (by offset: a split page's items share its line number)
        for level, kind, rx in MARKERS:
            m = rx.match(ln.fold)
            if not m:
                continue
            value = cn_value(m.group(1))
            same = [pos for pos, i in enumerate(stack) if items[i].kind == kind]
            if same:
                new_stack = stack[: same[-1]]
            else:
                new_stack = list(stack)
                while new_stack and items[new_stack[-1]].level >= level:
                    new_stack.pop()
            parent = new_stack[-1] if new_stack else None
            prev = last.get((kind, parent))
            if not _plausible(prev, value, kind) and not (
                prev is None and value == last_any.get(kind, -1) + 1
            ):
                break  # numbering that continues across sections is accepted too
            stack = new_stack
            body = ln.start + m.end()
            rest = ln.fold[m.end() :]
            if not rest.strip():
                # a heading written down a table column, one character a line
                column = []
                for nxt in lines[k + 1 : k + 30]:
                    if len(nxt.fold) != 1:
                        break
                    column.append(nxt.fold)
                if len(column) >= 2:
                    rest = "".join(column)
            tm = _ITEM_TITLE_END.search(rest)
            reach = lines[min(k + 30, len(lines) - 1)].end
            nxt_marker = k + 1 < len(lines) and any(
                rx2.match(lines[k + 1].fold) for _, _, rx2 in MARKERS
            )
            if tm is None and k + 1 < len(lines) and len(rest) < 30 and not nxt_marker:
                rest2 = rest + lines[k + 1].fold
                tm2 = _ITEM_TITLE_END.search(rest2)
                title = rest2[: tm2.start()] if tm2 and tm2.start() < 40 else rest
            else:
                title = rest[: tm.start()] if tm else rest
            title = re.sub(r"\s+", "", title)[:60]
            it = Item(
                number=_display_number(kind, ln.fold[: m.end()]),
                value=value,
                kind=kind,
                level=level,
                start=ln.start,
                body=body,
                end=doc.end,
                line=ln.no,
                title=title,
                parent=parent,
                written=written(t, title, body, reach, at_start=True) or title,
            )
            items.append(it)
            idx = len(items) - 1
            if parent is not None:
                items[parent].children.append(idx)
            last[(kind, parent)] = value
            last_any[kind] = value
            stack.append(idx)
            break
    # ends: an item ends where the next item at the same or a higher level starts
    for i, it in enumerate(items):
        for j in range(i + 1, len(items)):
            if items[j].level <= it.level or not _descends(items, j, i):
                it.end = items[j].start
                break
    return items


def _descends(items: list[Item], j: int, i: int) -> bool:
    p = items[j].parent
    while p is not None:
        if p == i:
            return True
        p = items[p].parent
    return False


def _plausible(prev: int | None, value: int, kind: str) -> bool:
    if prev is None:
        return value <= 3 or kind in ("article", "arabic")
    return prev < value <= prev + 3


def _display_number(kind: str, marker: str) -> str:
    """The number as the gold sets write it: ``1``, ``（三）``, ``一``."""
    flat = re.sub(r"\s+", "", marker)
    if kind == "arabic":
        return re.sub(r"[.．、]$", "", flat)
    if kind in ("pcn", "parabic"):
        inner = flat.strip("()（）")
        return f"（{inner}）"
    if kind == "cn":
        return re.sub(r"[、.．]$", "", flat)
    return flat
