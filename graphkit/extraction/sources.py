"""The source files a command reads: paths given, folders expanded.

:func:`scan_sources` walks the paths and says what it could not read: a
folder it may not list, a symlink that loops or points nowhere, a FIFO or
device where a text file was expected (never opened: reading a FIFO would
block), a file name that is not valid UTF-8. Nothing is left out silently.

Examples
--------
>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     for name in ("b.txt", "a.txt", "notes.md"):
...         _ = open(os.path.join(tmp, name), "w", encoding="utf-8").write("x")
...     os.symlink("loop", os.path.join(tmp, "loop"))
...     found = scan_sources([tmp])
...     names = [f.name for f in found.files]
...     problems = [p.split(": ", 1)[1] for p in found.problems]
>>> names
['a.txt', 'b.txt']
>>> problems
['symlink loop, skipped']
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import InputError
from graphkit.readers.suffixes import SUFFIXES

__all__ = [
    "TEXT_SUFFIXES",
    "Sources",
    "display_path",
    "iter_sources",
    "same_names",
    "scan_sources",
]

#: File endings read when a directory is given.
TEXT_SUFFIXES = (".txt", ".text")


@dataclass
class Sources:
    """What a walk of the paths found.

    ``files`` are the regular files to read, in order. ``problems`` name each
    entry that could not be read, one message each. ``unreadable`` are the
    folders (and symlinks) whose content is unknown: a build keeps the graphs
    of the files it had read under them.
    """

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)

    def __iter__(self):
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


def display_path(path: str | os.PathLike[str]) -> str:
    r"""A path as text that can always be printed or written as UTF-8.

    Bytes of a file name that are not UTF-8 are shown as ``\xNN`` escapes.

    >>> display_path(os.fsdecode(b"caf\xe9.txt"))
    'caf\\xe9.txt'
    >>> display_path("通知.txt")
    '通知.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _is_text_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in SUFFIXES


def _utf8_name(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scan_sources(paths: Iterable[str | os.PathLike[str]]) -> Sources:
    """The files named, with directories expanded to their text files (sorted).

    Symlinks are followed, to files and to folders; a folder reached twice
    (a symlink to a folder above it) is walked once. Paths given are read
    whatever their ending; a path given that is missing, a symlink loop or
    not a regular file is named in ``problems`` and the rest is still read.
    """
    out = Sources()
    for given in paths:
        p = Path(given)
        try:
            st = os.stat(p)
        except OSError as e:
            _not_followed(out, p, e)
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(out, p, {(st.st_dev, st.st_ino)})
        elif not stat.S_ISREG(st.st_mode):
            out.problems.append(f"{display_path(p)}: {_kind(st.st_mode)}, not a file: skipped")
        elif not _utf8_name(str(p)):
            out.problems.append(f"{display_path(p)}: file name is not valid UTF-8: rename it")
        else:
            out.files.append(p)
    return out


def iter_sources(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files of :func:`scan_sources` alone (what it could not read is dropped)."""
    return scan_sources(paths).files


def same_names(files: Iterable[str | os.PathLike[str]]) -> dict[int, InputError]:
    """The files (by position) refused because an earlier one has the same name.

    Records are named by file name, so two files of one name would give the
    same ids; ``extract`` and ``build`` both read the first and refuse the others.

    >>> {i: str(e) for i, e in same_names(["a/x.txt", "b/y.txt", "c/x.txt"]).items()}
    {2: 'c/x.txt: same file name as a/x.txt: records are named by file name, rename one'}
    """
    seen: dict[str, str] = {}
    refused: dict[int, InputError] = {}
    for i, f in enumerate(files):
        name = os.path.basename(os.fspath(f))
        if name in seen:
            refused[i] = InputError(
                f"same file name as {display_path(seen[name])}: records are named by file "
                "name, rename one",
                path=display_path(f),
            )
        else:
            seen[name] = os.fspath(f)
    return refused


def _walk(out: Sources, folder: Path, seen: set[tuple[int, int]]) -> None:
    """Add the text files under ``folder`` (sorted by path) to ``out``."""
    found: list[Path] = []
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            out.problems.append(
                f"{display_path(d)}: folder cannot be read ({e.strerror}): its files are not "
                "read, a build keeps their graphs"
            )
            out.unreadable.append(d)
            continue
        subdirs = []
        for e in entries:
            path = Path(e.path)
            try:
                st = os.stat(e.path)  # follows symlinks
            except OSError as err:
                if e.is_symlink():
                    _not_followed(out, path, err)
                else:
                    out.problems.append(f"{display_path(path)}: cannot be read ({err.strerror})")
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    out.problems.append(
                        f"{display_path(path)}: symlink to a folder already read, skipped"
                    )
                    continue
                seen.add(key)
                subdirs.append(path)
            elif not _is_text_name(e.name):
                continue
            elif not stat.S_ISREG(st.st_mode):
                out.problems.append(
                    f"{display_path(path)}: {_kind(st.st_mode)}, not a file: skipped"
                )
            elif not _utf8_name(e.path):
                out.problems.append(
                    f"{display_path(path)}: file name is not valid UTF-8: skipped (rename it)"
                )
            else:
                found.append(path)
        stack.extend(reversed(subdirs))
    out.files.extend(sorted(found))


def _not_followed(out: Sources, path: Path, err: OSError) -> None:
    """A path that cannot be stat'ed: a loop, a dangling symlink, or missing."""
    if err.errno == errno.ELOOP:
        why = "symlink loop"
    elif os.path.islink(path):
        why = f"dangling symlink (to {display_path(os.readlink(path))})"
    elif err.errno == errno.ENOENT:
        why = "no such file or folder"
    else:
        why = f"cannot be read ({err.strerror})"
    out.problems.append(f"{display_path(path)}: {why}, skipped")
    out.unreadable.append(path)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
