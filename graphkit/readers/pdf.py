"""PDF files: each page's text layer and tables by pdfplumber; scanned pages detected and, on request, read by OCR.

pdfplumber (on pdfminer.six) was measured against pypdfium2 and pdfminer.six
alone on the 2017 plan printed to PDF by LibreOffice (``bench/readers.py``):
pdfplumber gives the text exactly (similarity 1.000 to the source, white
space aside), pypdfium2 moves full-width quotation marks set in a fallback
font one character on (0.994; 「“多证合一”」 comes out as 「多“证合一」),
and pdfminer.six's own layout does the same (0.990). pypdfium2 reads about
38 times more pages a second, but a measure whose text is wrong is no
measure: correctness decides, and pdfplumber also finds ruled tables, whose
rows are read as cells (see :mod:`graphkit.readers.assemble`), in their
place among the lines of the page.

A page with no text but with an image is a scanned page: without ``ocr`` it
is reported in :attr:`~graphkit.extraction.text.Text.notes` by its number;
with ``ocr`` it is rendered by pypdfium2 and read by Tesseract (see
:mod:`graphkit.readers.ocr`) and its lines are marked as read by OCR.

Locators: ``p. 3`` for a line of page 3, ``p. 3 (OCR)`` for one read by OCR,
``p. 3, table 1, row 2`` (and ``…, cell 4``) for a table's rows. The
document information's Title goes to ``meta``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text
from graphkit.readers.assemble import Unit, assemble, check_size, need, row_unit

__all__ = ["read_pdf"]

#: A page whose text layer holds fewer characters than this (not counting white space)
#: and that shows an image is taken as scanned.
_SCANNED_CHARS = 10
#: A line that is only a page number (第 3 页, - 3 -, 3/12) is left out.
_PAGE_NUMBER = re.compile(
    r"^\s*(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|[-—–]\s*\d+\s*[-—–]|\d+\s*/\s*\d+|\d{1,4})\s*$"
)


def read_pdf(path: str | Path, *, max_bytes: int = MAX_BYTES, ocr: bool = False) -> Text:
    """Read a PDF into a :class:`Text`, one locator per line naming its page."""
    p = Path(path)
    check_size(p, max_bytes)
    pdfplumber = need("pdfplumber", "pdf", p)
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(str(p))
        pages = pdf.pages
    except Exception as e:  # pdfminer raises PSEOF, PDFSyntaxError, TypeError... on damage
        # pdfplumber wraps pdfminer's errors: the cause is its first argument
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise InputError("encrypted PDF (needs a password); not read", path=str(p)) from e
        why = f"{type(cause).__name__}: {cause}".rstrip(": ")
        raise InputError(f"not a readable PDF ({why})", path=str(p)) from e
    units: list[Unit | _Row] = []
    notes: list[str] = []
    scanned: list[int] = []
    try:
        meta = _meta(pdf.metadata or {})
        for no, page in enumerate(pages, 1):
            try:
                lines = _page_units(page, no)
                if (
                    sum(len(re.sub(r"\s+", "", _text_of(u))) for u in lines) < _SCANNED_CHARS
                    and page.images
                ):
                    if ocr:
                        from graphkit.readers.ocr import ocr_pdf_page

                        for ln in ocr_pdf_page(p, no).splitlines():
                            units.append(Unit(ln, f"p. {no} (OCR)"))
                        notes.append(f"p. {no}: scanned page, read by OCR")
                    else:
                        scanned.append(no)
                    continue
                if (
                    lines
                    and units
                    and isinstance(lines[0], _Row)
                    and isinstance(units[-1], _Row)
                    and _continues(lines[0], units[-1])
                ):
                    units[-1] = _joined(units[-1], lines.pop(0))
                units.extend(lines)
            finally:
                page.close()
    except InputError:
        raise
    except Exception as e:  # a page that cannot be parsed: the file is damaged
        raise InputError(f"not a readable PDF ({type(e).__name__}: {e})", path=str(p)) from e
    finally:
        pdf.close()
    if scanned:
        pages_ = ", ".join(map(str, scanned))
        notes.append(
            f"p. {pages_}: scanned page{'s' if len(scanned) > 1 else ''} without a text layer, "
            "not read (--ocr reads them)"
        )
    if not units:
        if scanned:
            raise InputError(
                f"no text layer: all {len(scanned)} pages are scanned images (--ocr reads them)",
                path=str(p),
            )
        raise InputError("no text in the PDF", path=str(p))
    out = [row_unit(u.values, u.locator) if isinstance(u, _Row) else u for u in units]
    return assemble(out, source=p.name, meta=meta, notes=notes, path=str(p))


@dataclass
class _Row:
    """A table row as read from a page: its cells' text and horizontal extents."""

    values: list[str]
    spans: list[tuple[float, float] | None]
    locator: str


def _text_of(u: Unit | _Row) -> str:
    return "".join(u.values) if isinstance(u, _Row) else u.text


def _continues(first: _Row, last: _Row) -> bool:
    """Whether a page's first table row is the rest of the previous page's last row (a row
    broken by the page break): its leftmost column (序号, 主题) is empty where the row above
    had text there."""
    if not last.values or not last.values[0] or last.spans[0] is None:
        return False
    x0, x1 = last.spans[0]
    for v, sp in zip(first.values, first.spans, strict=False):
        if v and sp is not None and min(x1, sp[1]) - max(x0, sp[0]) > 1:
            return False
    return any(first.values)


def _joined(last: _Row, first: _Row) -> _Row:
    """The two parts of a broken row, cell by cell (matched by their horizontal overlap)."""
    values = list(last.values)
    for v, sp in zip(first.values, first.spans, strict=False):
        if not v or sp is None:
            continue
        best, overlap = None, 0.0
        for k, lsp in enumerate(last.spans):
            if lsp is not None:
                o = min(sp[1], lsp[1]) - max(sp[0], lsp[0])
                if o > overlap:
                    best, overlap = k, o
        if best is not None and v not in values[best]:
            values[best] = (values[best] + v) if values[best] else v
    return _Row(values, last.spans, last.locator)


#: A line that starts an item (1. （一） 一、 第三条) starts a paragraph of its own.
_ITEM_START = re.compile(
    r"^\s*(\d{1,3}\s*[.．、]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|[一二三四五六七八九十]+、|"
    r"第[一二三四五六七八九十百零]+[章节条])"
)


def _paragraphs(page) -> list[tuple[float, str]]:
    """A page's text lines joined into paragraphs: a line that runs to the right margin goes on
    in the next line (the page's wrapping, not the writer's line break).

    Lines that end short of the margin, and lines that start an item, end or start a
    paragraph; lines of Chinese are joined without a space.
    """
    lines = [
        ln
        for ln in page.extract_text_lines(return_chars=False)
        if not _PAGE_NUMBER.match(ln["text"])
    ]
    if not lines:
        return []
    right = max(ln["x1"] for ln in lines)
    heights = sorted(ln["bottom"] - ln["top"] for ln in lines)
    em = heights[len(heights) // 2] or 10.0
    out: list[tuple[float, str]] = []
    prev = None
    for ln in lines:
        text = ln["text"]
        if (
            prev is not None
            and right - prev["x1"] < 1.5 * em
            and 0 <= ln["top"] - prev["bottom"] < em
            and not _ITEM_START.match(text)
        ):
            top, joined = out[-1]
            sep = (
                " "
                if joined[-1:].isascii() and joined[-1:].isalnum() and text[:1].isascii()
                else ""
            )
            out[-1] = (top, joined + sep + text.lstrip())
        else:
            out.append((ln["top"], text))
        prev = ln
    return out


def _page_units(page, no: int) -> list[Unit | _Row]:
    """A page's lines and table rows (as :class:`_Row`), top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_page = page.filter(outside) if boxes else page
    placed: list[tuple[float, Unit | _Row]] = [
        (top, Unit(text, f"p. {no}")) for top, text in _paragraphs(text_page)
    ]
    for k, table in enumerate(tables, 1):
        above: list[str] = []
        for r, (row, cells) in enumerate(zip(table.rows, table.extract(), strict=False), 1):
            # a cell merged over several rows exists in its first row only: carried down
            values = [
                (c if c is not None else (above[i] if i < len(above) else ""))
                for i, c in enumerate(cells)
            ]
            above = values
            top = row.bbox[1] if row.bbox else table.bbox[1]
            spans = [None if c is None else (c[0], c[2]) for c in row.cells]
            placed.append((top, _Row(values, spans, f"p. {no}, table {k}, row {r}")))
    placed.sort(key=lambda x: x[0])
    return [u for _, u in placed]


def _meta(info: dict) -> dict:
    meta: dict = {"evidence": {}}
    info = {
        k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
        for k, v in info.items()
    }
    title = (info.get("Title") or "").strip()
    if title and not re.fullmatch(
        r"(?i)(untitled|无标题|microsoft word - .*|.*\.(docx?|wps))", title
    ):
        meta["title"] = title
        meta["evidence"]["title"] = "PDF document information: Title"
    if info.get("Author"):
        meta["author"] = info["Author"].strip()
    m = re.match(r"D:(\d{4})(\d{2})(\d{2})", info.get("CreationDate") or "")
    if m:
        meta["created"] = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return meta
