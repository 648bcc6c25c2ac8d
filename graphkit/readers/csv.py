"""Comma-separated tables (``.csv``): one line per row, cells located by row and column.

Examples
--------
>>> import tempfile, os
>>> d = tempfile.mkdtemp()
>>> p = os.path.join(d, "台账.csv")
>>> _ = open(p, "w", encoding="gb18030").write("序号,工作任务,牵头单位\\n1,简化流程,市发改委\\n")
>>> t = read_csv(p)
>>> t.raw.splitlines()[1], t.locate(2), t.locate(2, 2)
('1 | 简化流程 | 市发改委', 'row 2', 'row 2, col C')
"""

from __future__ import annotations

import csv as _csv
import io
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text, decode_lines
from graphkit.readers.assemble import assemble, check_size, row_unit

__all__ = ["column_letter", "read_csv"]


def column_letter(n: int) -> str:
    """Spreadsheet column name of the 1-based column ``n``.

    >>> column_letter(1), column_letter(26), column_letter(28)
    ('A', 'Z', 'AB')
    """
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def read_csv(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Text:
    """Read a CSV file (UTF-8, UTF-16 or GB18030; comma, tab or semicolon separated)."""
    p = Path(path)
    check_size(p, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=str(p)) from e
    content, notes = decode_lines(data, name=str(p))
    try:
        dialect = _csv.Sniffer().sniff(content[:8192], delimiters=",\t;")
    except _csv.Error:
        dialect = _csv.excel
    units = []
    try:
        for no, row in enumerate(_csv.reader(io.StringIO(content), dialect), 1):
            loc = f"row {no}"
            units.append(
                row_unit(
                    row,
                    loc,
                    cell_locators=[
                        f"{loc}, col {column_letter(i)}" for i in range(1, len(row) + 1)
                    ],
                )
            )
    except _csv.Error as e:
        raise InputError(f"not a readable CSV file ({e})", path=str(p)) from e
    return assemble(units, source=p.name, notes=notes, path=str(p))
