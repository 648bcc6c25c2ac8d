"""Word documents (``.docx``): paragraphs and tables in document order.

python-docx gives the body's paragraphs and tables as they stand; a table
row is one line (see :mod:`graphkit.readers.assemble`), a cell merged over
several rows gives its text to each of them, one merged over several columns
only to its first. The core properties go to ``meta`` (the title as the
document's title; author and created only as they are).

Locators: ``paragraph 12`` for a paragraph, ``table 2, row 4`` for a row's
line and ``table 2, row 4, cell 3`` for its cells.
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text
from graphkit.readers.assemble import Unit, assemble, check_size, check_zip, need, row_unit

__all__ = ["read_docx"]


def read_docx(path: str | Path, *, max_bytes: int = MAX_BYTES, source: str | None = None) -> Text:
    """Read a .docx file into a :class:`Text` (tables as rows of cells)."""
    p = Path(path)
    check_size(p, max_bytes)
    check_zip(p, max_bytes, kind="Word (.docx)")
    docx = need("docx", "docx", p)
    try:
        doc = docx.Document(str(p))
    except Exception as e:  # python-docx raises KeyError, ValueError, lxml errors on damage
        raise InputError(
            f"not a readable Word document ({type(e).__name__}: {e})", path=str(p)
        ) from e
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    units: list[Unit] = []
    para_no = table_no = 0
    for el in doc.element.body.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para_no += 1
            units.append(Unit(Paragraph(el, doc).text, f"paragraph {para_no}"))
        elif tag == "tbl":
            table_no += 1
            units.extend(_table(Table(el, doc), table_no))
    return assemble(units, source=source or p.name, meta=_meta(doc), path=str(p))


def _table(table, no: int) -> list[Unit]:
    units = []
    for r, row in enumerate(table.rows, 1):
        cells: list[str] = []
        prev = None
        for cell in row.cells:
            # a cell spanning columns comes once per column: its text in the first only
            cells.append("" if prev is not None and cell._tc is prev else cell.text)
            prev = cell._tc
        units.append(row_unit(cells, f"table {no}, row {r}"))
    return units


def _meta(doc) -> dict:
    meta: dict = {"evidence": {}}
    cp = doc.core_properties
    if cp.title and cp.title.strip():
        meta["title"] = cp.title.strip()
        meta["evidence"]["title"] = "DOCX core properties: title"
    # author and created name who saved the file and when, not the issuer and the date
    # of the document: kept for the record, never used as them
    if cp.author and cp.author.strip():
        meta["author"] = cp.author.strip()
    if cp.created is not None:
        meta["created"] = cp.created.date().isoformat()
    return meta
