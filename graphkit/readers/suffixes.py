"""The file suffixes graphkit reads, and the reader module of each (no imports: the folder walk uses it)."""

from __future__ import annotations

__all__ = ["SUFFIXES"]

_READERS = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".doc": "office",
    ".wps": "office",
    ".xls": "office",
    ".et": "office",
}
#: Every suffix read when a folder is given.
SUFFIXES: tuple[str, ...] = tuple(_READERS)
