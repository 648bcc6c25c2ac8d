"""PDF files: each page's text layer by pypdfium2, scanned pages detected and, on request, read by OCR.

pypdfium2 (PDFium, the PDF engine of Chromium) was measured against
pdfplumber and pdfminer.six on CJK PDFs made by LibreOffice: all three give
the same characters, PDFium in reading order with line breaks where the page
has them, and it reads many times more pages a second (``bench/readers.py``).

A page with no text but with an image is a scanned page: without ``ocr`` it
is reported in :attr:`~graphkit.extraction.text.Text.notes` by its number;
with ``ocr`` it is rendered and read by Tesseract (see
:mod:`graphkit.readers.ocr`) and its lines are marked as read by OCR.

Locators: ``p. 3`` for a line of page 3, ``p. 3 (OCR)`` for one read by OCR.
The document information (Title, Author, CreationDate) goes to ``meta``
(the title only is used as the document's).
"""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text
from graphkit.readers.assemble import Unit, assemble, check_size, need

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
    pdfium = need("pypdfium2", "pdf", p)
    try:
        pdf = pdfium.PdfDocument(str(p))
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            raise InputError("encrypted PDF (needs a password); not read", path=str(p)) from e
        raise InputError(f"not a readable PDF ({msg})", path=str(p)) from e
    units: list[Unit] = []
    notes: list[str] = []
    scanned: list[int] = []
    try:
        meta = _meta(pdf)
        for no in range(1, len(pdf) + 1):
            page = pdf[no - 1]
            try:
                text = _page_text(page)
                if len(re.sub(r"\s+", "", text)) < _SCANNED_CHARS and _has_image(page, pdfium):
                    if ocr:
                        from graphkit.readers.ocr import ocr_page

                        for ln in ocr_page(page, path=str(p), page_no=no).splitlines():
                            units.append(Unit(ln, f"p. {no} (OCR)"))
                        notes.append(f"p. {no}: scanned page, read by OCR")
                    else:
                        scanned.append(no)
                    continue
                for ln in text.splitlines():
                    if not _PAGE_NUMBER.match(ln):
                        units.append(Unit(ln, f"p. {no}"))
            finally:
                page.close()
    except pdfium.PdfiumError as e:
        raise InputError(f"not a readable PDF ({e})", path=str(p)) from e
    finally:
        pdf.close()
    if scanned:
        pages = ", ".join(map(str, scanned))
        notes.append(
            f"p. {pages}: scanned page{'s' if len(scanned) > 1 else ''} without a text layer, "
            "not read (--ocr reads them)"
        )
    if not units:
        if scanned:
            raise InputError(
                f"no text layer: all {len(scanned)} pages are scanned images (--ocr reads them)",
                path=str(p),
            )
        raise InputError("no text in the PDF", path=str(p))
    return assemble(units, source=p.name, meta=meta, notes=notes, path=str(p))


def _page_text(page) -> str:
    tp = page.get_textpage()
    try:
        return tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
    finally:
        tp.close()


def _has_image(page, pdfium) -> bool:
    import pypdfium2.raw as raw

    return any(obj.type == raw.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def _meta(pdf) -> dict:
    meta: dict = {"evidence": {}}
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # a damaged info dictionary is no reason to refuse the text
        info = {}
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
