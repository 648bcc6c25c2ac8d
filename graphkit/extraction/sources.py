"""The source files a command reads: paths given, folders expanded."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from graphkit.readers.suffixes import SUFFIXES

#: File endings read when a directory is given.
TEXT_SUFFIXES = (".txt", ".text")

def iter_sources(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with directories expanded to their text files (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            )
        else:
            out.append(p)
    return out
