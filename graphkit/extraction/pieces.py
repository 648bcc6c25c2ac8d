"""A large plain-text file, read and extracted a piece at a time.

A file of many documents (a compilation, a dump of a website) can be far
larger than any of them. Read whole, its text, the folded copy, the line map
and every record would be held at once: about ten times the file's size.
:func:`read_in_pieces` reads such a file instead in pieces of about
:data:`PIECE_CHARS` characters, each ending where a document begins (a
document longer than that makes its piece longer), and extracts each piece as
it comes: only the piece's text and records, and the file's agencies, regions
and problems, are held. Documents are numbered and lines counted across the
file, as when it is read whole.

Only what :func:`~graphkit.extraction.text.read_text` would read unchanged is
read in pieces: a plain-text file of clean UTF-8 (no byte-order mark,
carriage returns or characters XML forbids, which would be repaired with a
note), over :data:`STREAM_BYTES`, without an alias table (its renaming is
decided over all of a file's measures). Anything else is read whole, with
the errors and notes that gives.

Examples
--------
>>> import tempfile, pathlib
>>> plan = "拉萨市人民政府关于印发第{}号方案的通知\\n拉政发〔2021〕{}号\\n一、任务\\n1.加强监管。（市公安局牵头）\\n"
>>> with tempfile.TemporaryDirectory() as tmp:
...     p = pathlib.Path(tmp, "plans.txt")
...     _ = p.write_text("".join(plan.format(i, i) for i in range(1, 301)), encoding="utf-8")
...     stream = read_in_pieces(p, stream_bytes=1000, piece_chars=2000)
...     sizes = [len(part.documents) for part in stream]
>>> len(sizes) > 1, max(sizes) < 300, sum(sizes), stream.whole.documents
(True, True, 300, [])
>>> stream.state.measures, sorted(stream.whole.agencies)
(300, ['拉萨市人民政府', '拉萨市公安局'])
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphkit.extraction.build import Extraction, FileState
from graphkit.extraction.hints import Hints
from graphkit.extraction.segment import (
    DocSpan,
    compilation_headings,
    lines_of,
    split_documents,
)
from graphkit.extraction.text import (
    _TRADITIONAL_HINTS,
    MAX_BYTES,
    XML_FORBIDDEN,
    Text,
    from_string,
)

__all__ = ["PIECE_CHARS", "STREAM_BYTES", "Pieces", "read_in_pieces"]

#: A plain-text file larger than this (in bytes) is read in pieces.
STREAM_BYTES = 4 * 2**20
#: Characters of text in a piece (more when one document is longer).
PIECE_CHARS = 2**20
_BLOCK = 2**20
_REPAIRED = ("\r", "\ufeff", "\x7f")  # what reading a whole text would change or check


@dataclass(frozen=True)
class _Scan:
    """What is decided over a whole file: its length in characters and its script."""

    chars: int
    traditional: bool


def read_in_pieces(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_BYTES,
    hints: Hints | None = None,
    stream_bytes: int | None = None,
    piece_chars: int | None = None,
) -> Pieces | None:
    """The file at ``path`` to extract a piece at a time, or None when it is read whole.

    None for a file of another format, one of :data:`STREAM_BYTES` (or
    ``stream_bytes``) or less, one over ``max_bytes`` (reading it whole says
    why it is refused), one that reading would repair (see the module's
    docstring) and with ``hints`` that hold an alias table.
    """
    from graphkit.readers.suffixes import _READERS

    p = Path(path)
    limit = STREAM_BYTES if stream_bytes is None else stream_bytes
    if _READERS.get(p.suffix.lower(), "txt") != "txt" or (hints is not None and hints.aliases):
        return None
    try:
        size = p.stat().st_size
    except OSError:
        return None
    if size <= limit or size > max_bytes:
        return None
    scan = _scan(p)
    if scan is None:
        return None
    return Pieces(p, scan, hints=hints, piece_chars=piece_chars or PIECE_CHARS)


def _scan(path: Path) -> _Scan | None:
    """One pass over the file in blocks: None unless it is clean UTF-8 with some text."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    chars = hits = longest = run = 0
    text = False
    try:
        with open(path, "rb") as fh:
            while True:
                block = fh.read(_BLOCK)
                s = decoder.decode(block, final=not block)
                if any(c in s for c in _REPAIRED) or XML_FORBIDDEN.search(s):
                    return None
                chars += len(s)
                for seg in s.split("\n")[:-1]:
                    longest, run = max(longest, run + len(seg)), 0
                run += len(s) - s.rfind("\n") - 1
                hits += sum(s.count(c) for c in _TRADITIONAL_HINTS.intersection(s))
                text = text or bool(s.strip())
                if not block:
                    break
    except (OSError, UnicodeDecodeError):
        return None
    longest = max(longest, run)
    if not text or 2 * longest >= chars:  # a line that lost its breaks: read whole
        return None
    return _Scan(chars, hits >= 3 or (hits > 0 and hits * 4 >= chars))


def _line_blocks(path: Path) -> Iterator[str]:
    """The file's text in blocks of whole lines (the last block as it ends)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    rest = ""
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            s = rest + decoder.decode(block, final=not block)
            if not block:
                if s:
                    yield s
                return
            cut = s.rfind("\n") + 1
            if cut:
                yield s[:cut]
            rest = s[cut:]


def _is_compilation(path: Path, scan: _Scan, piece_chars: int) -> bool:
    """Whether the whole file is a compilation (two compilation headings or more),
    found a piece at a time: the last lines of a piece are looked at with the next."""
    found, pending = 0, ""
    blocks = _line_blocks(path)
    block = next(blocks, None)
    while block is not None:
        pending += block
        block = next(blocks, None)
        if block is not None and len(pending) < piece_chars:
            continue
        t = from_string(pending, whole=scan.chars, traditional=scan.traditional)
        lines = lines_of(t)
        keep = len(lines) if block is None else max(len(lines) - 8, 0)
        found += compilation_headings(lines, upto=keep)
        if found >= 2:
            return True
        pending = pending[t.raw.rfind("\n", 0, lines[keep].start) + 1 :] if keep < len(lines) else ""
    return False


class Pieces:
    """A file's extraction, a piece at a time.

    Iterating gives, for each piece, an :class:`~graphkit.extraction.Extraction`
    of its documents and measures; its ``agencies`` and ``regions`` are the
    file's as they stand. Once the iteration is over, :attr:`whole` holds the
    file's agencies, regions and problems as a whole-file extraction would
    (its documents and measures stay empty: they were the pieces'), and
    :attr:`state` the counts. A piece is not kept once the next is asked for.
    """

    def __init__(
        self, path: Path, scan: _Scan, *, hints: Hints | None = None, piece_chars: int = PIECE_CHARS
    ) -> None:
        self.path = path
        self.whole = Extraction(source=path.name)
        self.state = FileState(self.whole, hints=hints, path=path)
        self._scan = scan
        self._piece_chars = piece_chars
        #: Whether the file is a compilation, found by a first pass when iterating.
        self.compilation: bool | None = None

    def __iter__(self) -> Iterator[Extraction]:
        last = 0
        for t, spans, only in self._texts():
            part = Extraction(
                source=self.whole.source, agencies=self.whole.agencies, regions=self.whole.regions
            )
            self.state.add(t, spans, part, only=only)
            last = t.line_count
            del t, spans
            yield part
            del part
        self.state.finish(last)

    def _texts(self) -> Iterator[tuple[Text, list[DocSpan], bool]]:
        """Each piece's text and documents, and whether it is the file's one document."""
        self.compilation = _is_compilation(self.path, self._scan, self._piece_chars)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        pending, line, want, eof, first = "", 1, self._piece_chars, False, True
        province = ""
        with open(self.path, "rb") as fh:
            while True:
                if not eof and len(pending) < want:
                    block = fh.read(_BLOCK)
                    pending += decoder.decode(block, final=not block)
                    eof = not block
                    continue
                cut = pending.rfind("\n", 0, want) + 1 if len(pending) >= want else len(pending)
                if cut == 0:  # one line so far
                    want *= 2
                    continue
                last = eof and cut == len(pending)
                t = from_string(
                    pending[:cut],
                    source=self.path.name,
                    first_line=line,
                    whole=self._scan.chars,
                    traditional=self._scan.traditional,
                )
                spans = split_documents(t, compilation=self.compilation, province=province)
                if last:
                    yield t, spans, first and len(spans) == 1
                    return
                if len(spans) < 2:  # a document not over yet: a longer piece
                    want *= 2
                    continue
                # the last document may go on past the piece: it opens the next one
                start = t.raw.rfind("\n", 0, spans[-1].start) + 1
                line, province = t.line_of(start), spans[-1].province
                yield t, spans[:-1], False
                pending = pending[start:]
                want, first = self._piece_chars, False
                del t, spans
