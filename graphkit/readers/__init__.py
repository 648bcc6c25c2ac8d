"""Files to line-addressed text, one module per format.

:func:`read_path` reads any file graphkit knows by its suffix into a
:class:`~graphkit.extraction.text.Text`: plain text, web pages, PDF (with
OCR of scanned pages on request), Word, Excel and CSV, the older office
formats through LibreOffice. Table rows become lines of cells joined by
`` | ``; every line knows where in its page, sheet or table it was
(:meth:`~graphkit.extraction.text.Text.locate`) and ``Text.meta`` holds what
the format says of the document.

Optional libraries come with extras: ``pip install graphkit[html,pdf,docx,xlsx,ocr]``
or ``graphkit[all]``; a missing one is named in the error.

Examples
--------
>>> import tempfile, os
>>> p = os.path.join(tempfile.mkdtemp(), "a.txt")
>>> _ = open(p, "w", encoding="utf-8").write("某市工作方案\\n")
>>> read_path(p).raw.strip()
'某市工作方案'
>>> ".docx" in SUFFIXES and ".txt" in SUFFIXES
True
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text
from graphkit.readers.suffixes import _READERS, SUFFIXES

__all__ = ["SUFFIXES", "read_path"]


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES, ocr: bool = False) -> Text:
    """Read a file by its suffix; unknown suffixes are read as plain text.

    Raises :class:`~graphkit.errors.InputError` naming the file when it cannot
    be read (damaged, encrypted, empty, too large, a missing extra).
    """
    p = Path(path)
    kind = _READERS.get(p.suffix.lower(), "txt")
    if kind == "txt":
        from graphkit.readers.txt import read_txt

        return read_txt(p, max_bytes=max_bytes)
    if kind == "pdf":
        from graphkit.readers.pdf import read_pdf

        return read_pdf(p, max_bytes=max_bytes, ocr=ocr)
    if kind == "html":
        from graphkit.readers.html import read_html

        return read_html(p, max_bytes=max_bytes)
    if kind == "docx":
        from graphkit.readers.docx import read_docx

        return read_docx(p, max_bytes=max_bytes)
    if kind == "xlsx":
        from graphkit.readers.xlsx import read_xlsx

        return read_xlsx(p, max_bytes=max_bytes)
    if kind == "csv":
        from graphkit.readers.csv import read_csv

        return read_csv(p, max_bytes=max_bytes)
    if kind == "office":
        from graphkit.readers.office import read_office

        return read_office(p, max_bytes=max_bytes)
    raise InputError(f"no reader for {p.suffix} files", path=str(p))  # pragma: no cover
