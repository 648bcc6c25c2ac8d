"""Lines and table rows with their locators, put together into one :class:`~graphkit.extraction.text.Text`.

Every reader turns its format into a list of :class:`Unit` (a paragraph, a
heading or one table row, each with where it came from) and calls
:func:`assemble`. A table row becomes one line: its cells joined by
`` | `` (a cell's own line breaks made spaces, a ``|`` inside a cell made
``｜``), so the row reader of :mod:`graphkit.extraction.tables` finds it.

Examples
--------
>>> t = assemble([Unit("某市工作台账", "p. 1"),
...               row_unit(["序号", "工作任务", "牵头单位"], "table 1, row 1"),
...               row_unit(["1", "简化\\n流程", "市发改委|市财政局"], "table 1, row 2")],
...              source="a.docx")
>>> t.raw.splitlines()[2]
'1 | 简化 流程 | 市发改委｜市财政局'
>>> t.locate(3), t.locate(3, 2)
('table 1, row 2', 'table 1, row 2, cell 3')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import Text, check_size, from_string

__all__ = [
    "CELL_SEP",
    "Unit",
    "assemble",
    "cell_text",
    "check_size",
    "check_zip",
    "need",
    "row_unit",
]

#: What separates the cells of a table row's line.
CELL_SEP = " | "


@dataclass(frozen=True)
class Unit:
    """One piece of a document: its text, its locator, and its cells' locators (rows only)."""

    text: str
    locator: str = ""
    cells: tuple[str, ...] | None = None


def cell_text(value: object) -> str:
    """A cell's text on one line: white space runs made one space, ``|`` made ``｜``.

    >>> cell_text(" 市发改委\\n市财政局|x ")
    '市发改委 市财政局｜x'
    """
    s = "" if value is None else str(value)
    return re.sub(r"\s+", " ", s.replace("|", "｜")).strip()


def row_unit(
    cells: Sequence[object], locator: str, *, cell_locators: Sequence[str] | None = None
) -> Unit:
    """A table row as one :class:`Unit`; trailing empty cells dropped.

    A row with one cell left is a plain line (a title or a heading spanning
    the table). Cell locators default to ``<locator>, cell N``.
    """
    texts = [cell_text(c) for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    if cell_locators is None:
        cell_locators = [f"{locator}, cell {i}" for i in range(1, len(texts) + 1)]
    if sum(1 for x in texts if x) <= 1:
        return Unit("".join(texts), locator)
    return Unit(CELL_SEP.join(texts), locator, tuple(cell_locators[: len(texts)]))


def assemble(
    units: Iterable[Unit],
    *,
    source: str,
    meta: dict | None = None,
    notes: Sequence[str] = (),
    path: str = "",
) -> Text:
    """One :class:`Text` of ``units`` in order, each line knowing its locator.

    Empty units are left out; a unit's own line breaks make several lines
    with the same locator. Raises :class:`~graphkit.errors.InputError`
    (naming ``path``) when no unit has text.
    """
    lines: list[str] = []
    locators: list[str] = []
    cells: dict[int, tuple[str, ...]] = {}
    for u in units:
        parts = [p.rstrip() for p in u.text.replace("\r", "\n").split("\n")]
        parts = [p for p in parts if p.strip()]
        for p in parts:
            lines.append(p)
            locators.append(u.locator)
            if u.cells is not None and len(parts) == 1:
                cells[len(lines)] = u.cells
    if not lines:
        raise InputError("no text in file", path=path or source)
    t = from_string("\n".join(lines), source=source)
    return replace(
        t,
        locators=tuple(locators),
        cell_locators=cells,
        meta=dict(meta or {}),
        notes=tuple(notes),
    )


def check_zip(path: str | Path, max_bytes: int, *, kind: str) -> None:
    """Refuse a file that is not a zip archive, or whose members unpack past ``max_bytes``.

    Office Open XML files (.docx, .xlsx) are zip archives; the sizes their
    directory declares are checked before anything is unpacked, so a zip bomb
    costs nothing. (Reading a member stops at its declared size, so a lying
    directory gains nothing either.)
    """
    import zipfile

    p = str(path)
    if not zipfile.is_zipfile(p):
        raise InputError(
            f"not a {kind} file (not a zip archive; damaged, or another format?)", path=p
        )
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"not a readable {kind} file ({e})", path=p) from e
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > 8 * max_bytes or (total > 64 * 2**20 and total > 200 * packed):
        raise InputError(
            f"refused: its parts unpack to {total / 2**20:.0f} MB from {packed / 2**20:.1f} MB "
            "(a zip bomb, or a file too large to read)",
            path=p,
        )


def need(module: str, extra: str, path: str | Path | None = None):
    """Import an optional library, or raise an InputError naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise InputError(
            f"reading this format needs the {extra} extra: pip install graphkit[{extra}]",
            path=None if path is None else str(path),
        ) from e
