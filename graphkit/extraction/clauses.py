"""Responsibility clauses located in a document's text: brackets, declared brackets, label blocks and the duties of articles."""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

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
    DocSpan,
    Item,
)
from graphkit.extraction.text import Text, written_chars, written_slice

DEADLINE_CELL = re.compile(
    r"^(\d{1,2}\s*月(底|中旬|上旬|下旬|末)?前?|\d{1,2}\s*月\s*底|\d{4}\s*年.{0,12}|常态(化)?(实施)?|实施|"
    r"长期(坚持|实施)?|持续(推进|实施)?|年底前?|年内|上半年|下半年|全年)$"
)
TRAILING_CELL = re.compile(r"\s+(\d{1,2}\s*月(底|中旬|上旬|下旬|末)?前?|常态实施|长期坚持)\s*$")


def starts_item(s: str) -> bool:
    return bool(
        re.match(r"^(\d{1,3}\s*[.．、]|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、)", s)
    )


@dataclass
class Clause:
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



def clip(s: str, most: int = 40) -> str:
    return s if len(s) <= most else s[: most - 1] + "…"


def covered(clauses: list[Clause]):
    """A test ``pos -> bool``: whether any of ``clauses`` spans ``pos`` (bisect, not a scan)."""
    spans = sorted((c.start, c.end) for c in clauses)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos)
        return k > 0 and reach[k - 1] > pos

    return inside



def bracket_clauses(t: Text, span: DocSpan) -> list[Clause]:
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
            Clause(
                start=s + a,
                end=s + b,
                parts=[
                    Part(p.role, p.mention, idx[p.start], idx[p.end - 1] + 1, p.collective, p.written)
                    for p in parts
                ],
                raw=written_slice(t, s + a, s + b),
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


def declared_clauses(t: Text, span: DocSpan) -> list[Clause]:
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
                Clause(
                    start=a,
                    end=span.start + m.end(),
                    parts=parts,
                    raw=written_slice(t, a, span.start + m.end()),
                )
            )
    return out


_LABEL_IN_LINE = re.compile(r"(?:^|(?<=\s)|(?<=[。；;]))(" + LABEL_RE.pattern + ")")
_STARTS_NAME = re.compile(r"^(省|市|区|县|自治区|国网|人行|中共|国家)")


def label_blocks(t: Text, lines, vertical: bool) -> list[Clause]:
    """Label lines (牵头单位：… / 配合单位：… / 完成时限：…) and their continuations.

    A label may also stand after a row's text on the same line (a flattened
    table). The block runs over continuation lines: lines ending a list with
    、 or ，, short lines that go on naming organisations, a name cut over two
    lines (暖心公 / 司). A deadline cell met inside or right after the block
    is its deadline.
    """
    out: list[Clause] = []
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
            if TRAILING_CELL.search(t.fold[pieces[-1][0] : pieces[-1][1]]):
                break  # the row's deadline closed the block
            joined = "".join(c for c, _ in cells) + cell
            if cells and len(cell) <= 2 and DEADLINE_CELL.match(joined):
                # a cell cut over lines: 12月 / 底, 常态 / 实施
                cells.append((cell, nxt.no))
                k += 1
                continue
            if DEADLINE_CELL.match(cell):
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
                if bleed and len(cell) <= 20 and not starts_item(nxt.fold[bleed.end() :]):
                    pieces.append((nxt.start + bleed.end(), nxt.end))
                    last_end = nxt.end
                    k += 1
                    continue
            if body_so_far.endswith(("、", "，", ",", "；")) or (
                len(cell) <= 16 and "。" not in cell and not starts_item(cell)
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
            tm = TRAILING_CELL.search(t.fold[a:b])
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
        body = _separate_labels(body)
        parts = parse_clause(body)
        dl = clause_deadline(body)
        if dl:
            deadline, dl_line = dl, lines[k - 1].no
        end = max(last_end, lines[k - 1].end)
        out.append(
            Clause(
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


def _separate_labels(body: str) -> str:
    """A ``；`` before every label after the first (牵头单位：X 责任单位：Y).

    Labels are found left to right, so 牵头责任单位 stays one label.
    """
    out, last = [], 0
    for m in LABEL_RE.finditer(body):
        if m.start() > 0:
            out.append(body[last : m.start()] + "；")
            last = m.start()
    out.append(body[last:])
    return "".join(out)


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
        found, n = p.mention, len(p.mention)
        at = flat.find(found, pos)
        if at < 0:
            at = flat.find(found)
        while at < 0 and p.written and n > 2:
            # a mention rebuilt from a shared ending (哈尔滨 + 市政府): where its place is written
            n -= 1
            at = flat.find(found[:n], pos)
        if at < 0:
            continue
        pos = at + n
        chars = idx[at : at + n]
        written = p.written or written_chars(t, chars)
        out.append(Part(p.role, p.mention, chars[0], chars[-1] + 1, p.collective, written))
    return out



def duty_clauses(t: Text, it: Item, items: list[Item]) -> list[Clause]:
    """Duties an article assigns in its own sentences, as one clause at its end."""
    end = items[it.children[0]].start if it.children else it.end
    idx = [i for i in range(it.body, end) if not t.fold[i].isspace()]
    flat = "".join(t.fold[i] for i in idx)
    out = []
    for a, b, ps in find_duty_sentences(flat):
        parts = [
            Part(p.role, p.mention, idx[p.start], idx[p.end - 1] + 1, p.collective, p.written) for p in ps
        ]
        raw = written_chars(t, idx[a:b])
        out.append(Clause(start=end, end=end, parts=parts, raw=raw))
    return out


#: A heading that names the lead of the items under it: 「（一）省监察厅牵头的工作」,
#: 「一、县示范区管委会牵头工作（8项）」.
_HEADING_LEAD = re.compile(
    r"^(?P<who>[^，,。；;：:、()]{2,40}?)(?:牵头|负责)的?(?:工作|任务|事项)"
    r"(?:\(\s*\d+\s*项\s*\))?[。：:]?$"
)


def heading_clause(t: Text, it: Item) -> Clause | None:
    """The lead an item's heading line names for the work under it, as a clause.

    The clause covers the heading line only; the items under the heading (or the
    lines after it, when nothing under it is numbered) are that lead's.

    >>> from graphkit.extraction.text import from_string
    >>> from graphkit.extraction.segment import items_of, split_documents
    >>> t = from_string("某省工作分工\\n（一）省统计局牵头的工作\\n1.完善统计制度。\\n")
    >>> it = items_of(t, split_documents(t)[0])[0]
    >>> [(p.role, p.mention) for p in heading_clause(t, it).parts]
    [('lead', '省统计局')]
    >>> t = from_string("某省工作分工\\n一、王某省长负责的工作\\n（一）省统计局牵头的工作\\n")
    >>> heading_clause(t, items_of(t, split_documents(t)[0])[0]) is None
    True
    """
    stop = t.fold.find("\n", it.body)
    stop = len(t.fold) if stop < 0 else stop
    idx = [i for i in range(it.body, stop) if not t.fold[i].isspace()]
    flat = "".join(t.fold[i] for i in idx)
    m = _HEADING_LEAD.match(flat)
    if not m or not looks_like_agency(m.group("who")):
        return None
    chars = idx[m.start("who") : m.end("who")]
    who = m.group("who")
    part = Part("lead", who, chars[0], chars[-1] + 1, False, written_chars(t, chars))
    return Clause(start=it.body, end=stop, parts=[part], raw=written_slice(t, it.body, stop))
