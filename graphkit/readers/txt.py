"""Plain text files (``.txt``, ``.text``): decoded as :func:`graphkit.extraction.text.read_text` does."""

from __future__ import annotations

from pathlib import Path

from graphkit.extraction.text import MAX_BYTES, Text, read_text

__all__ = ["read_txt"]


def read_txt(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Text:
    """Read a text file; its lines have no locators (the line number says it all)."""
    return read_text(path, max_bytes=max_bytes)
