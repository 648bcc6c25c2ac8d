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

A plain-text file of UTF-8 over :data:`STREAM_BYTES` is read in pieces,
repaired as :func:`~graphkit.extraction.text.read_text` repairs it whole: a
byte-order mark dropped, ``\\r\\n`` and ``\\r`` line ends read as ``\\n``,
characters XML forbids replaced one for one (with the same note, naming
their lines). Only a file given without an alias table (its renaming is
decided over all of a file's measures) is read so. Anything else is read
whole, with the errors and notes that gives: another encoding, UTF-16, NUL bytes near its start or many control characters
(binary data), and a line that holds half of the file (a page that lost its
line breaks, split at its item markers when read whole).

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
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.extraction.build import Extraction, FileState
from graphkit.extraction.hints import Hints
from graphkit.extraction.segment import (
    DocSpan,
    compilation_headings,
    lines_of,
    split_documents,
)
from graphkit.extraction.text import (
    _CONTROL,
    _TRADITIONAL_HINTS,
    MAX_BYTES,
    XML_FORBIDDEN,
    Text,
    from_string,
)

__all__ = ["PIECE_CHARS", "STREAM_BYTES", "Held", "Pieces", "hold", "read_in_pieces"]

#: A plain-text file larger than this (in bytes) is read in pieces.
STREAM_BYTES = 4 * 2**20
#: Characters of text in a piece (more when one document is longer).
PIECE_CHARS = 2**20
_BLOCK = 2**20
_SAMPLE = 1_000_000  # characters reading whole looks at for control characters (binary data)


@dataclass(frozen=True)
class _Scan:
    """What is decided over a whole file: its length in characters (as read, line ends
    made ``\\n``), its script, and the note on characters XML forbids (empty if none)."""

    chars: int
    traditional: bool
    note: str = ""


class _Forbidden:
    """The characters XML forbids in a file, gathered block by block as
    :func:`~graphkit.extraction.text.xml_safe` would over the whole text."""

    def __init__(self, most: int = 6) -> None:
        self.most = most
        self.count = 0
        self.codes: set[str] = set()
        self.runs: list[list[int]] = []  # the first ``most + 1`` runs of lines
        self.lines = 0  # lines holding one
        self._last = 0

    def add(self, s: str, first_line: int) -> None:
        """The forbidden characters of ``s``, whose first line is ``first_line``."""
        line, pos = first_line, 0
        for m in XML_FORBIDDEN.finditer(s):
            line += s.count("\n", pos, m.start())
            pos = m.start()
            self.count += 1
            self.codes.add(m.group(0))
            if line == self._last:
                continue
            self.lines += 1
            if self.runs and line == self.runs[-1][1] + 1:
                self.runs[-1][1] = line
            elif len(self.runs) <= self.most:
                self.runs.append([line, line])
            self._last = line

    def note(self) -> str:
        """The note :func:`~graphkit.extraction.text.xml_safe` gives (empty if none)."""
        if not self.count:
            return ""
        shown = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in self.runs[: self.most])
        if len(self.runs) > self.most:
            shown += f", … ({self.lines} lines)"
        where = ("line " if self.lines == 1 else "lines ") + shown
        codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(self.codes)[:6])
        n = self.count
        return f"{where}: {n} character{'s' if n != 1 else ''} XML does not allow ({codes}) replaced"


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


def _decoded(path: Path) -> Iterator[str]:
    """The file's text in blocks as UTF-8 decodes it (a leading byte-order mark dropped)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")("strict")
    with open(path, "rb") as fh:
        while True:
            block = fh.read(_BLOCK)
            s = decoder.decode(block, final=not block)
            if s or not block:
                yield s
            if not block:
                return


def _repaired(blocks: Iterable[str]) -> Iterator[str]:
    """Blocks of text as :func:`~graphkit.extraction.text.read_text` gives the whole:
    characters XML forbids replaced one for one, ``\\r\\n`` and ``\\r`` made ``\\n``,
    byte-order marks at the start dropped. A ``\\r`` that ends a block waits for the next."""
    held, start = "", True
    for s in blocks:
        s = held + s
        held = ""
        if s.endswith("\r"):
            s, held = s[:-1], "\r"
        if XML_FORBIDDEN.search(s):
            s = XML_FORBIDDEN.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "\ufffd", s)
        if "\r" in s:
            s = s.replace("\r\n", "\n").replace("\r", "\n")
        if start:
            s = s.lstrip("\ufeff")
            start = not s
        if s:
            yield s
    if held:
        yield "\n"


def _scan(path: Path) -> _Scan | None:
    """One pass over the file in blocks: None unless it is UTF-8 with some text that
    reading whole would decode as UTF-8 and accept (see the module's docstring)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096 + len(codecs.BOM_UTF8))
    except OSError:
        return None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head[:4096]:
        return None  # UTF-16, or binary: read whole
    chars = hits = longest = run = 0
    text = False
    forbidden = _Forbidden()
    sample, line = 0, 1  # characters looked at for controls, and the line the raw text is at
    controls = 0

    def raw() -> Iterator[str]:
        nonlocal sample, controls, line
        for s in _decoded(path):
            if sample < _SAMPLE:
                part = s[: _SAMPLE - sample]
                controls += len(_CONTROL.findall(part))
                sample += len(part)
            forbidden.add(s, line)
            line += s.count("\n")
            yield s

    try:
        for s in _repaired(raw()):
            chars += len(s)
            for seg in s.split("\n")[:-1]:
                longest, run = max(longest, run + len(seg)), 0
            run += len(s) - s.rfind("\n") - 1
            hits += sum(s.count(c) for c in _TRADITIONAL_HINTS.intersection(s))
            text = text or bool(s.strip())
    except (OSError, UnicodeDecodeError):
        return None
    longest = max(longest, run)
    if controls and controls * 100 > sample:  # binary: reading whole says so
        return None
    if not text or 2 * longest >= chars:  # a line that lost its breaks: read whole
        return None
    return _Scan(chars, hits >= 3 or (hits > 0 and hits * 4 >= chars), forbidden.note())


def _line_blocks(path: Path) -> Iterator[str]:
    """The file's text, as read, in blocks of whole lines (the last block as it ends)."""
    rest = ""
    for block in _repaired(_decoded(path)):
        s = rest + block
        cut = s.rfind("\n") + 1
        if cut:
            yield s[:cut]
        rest = s[cut:]
    if rest:
        yield rest


def _is_compilation(path: Path, scan: _Scan, piece_chars: int) -> bool:
    """Whether the whole file is a compilation (two compilation headings or more),
    found a piece at a time: the last lines of a piece are looked at with the next."""
    found, pending, line = 0, "", 1
    blocks = _line_blocks(path)
    block = next(blocks, None)
    while block is not None:
        pending += block
        block = next(blocks, None)
        if block is not None and len(pending) < piece_chars:
            continue
        t = from_string(pending, first_line=line, whole=scan.chars, traditional=scan.traditional)
        lines = lines_of(t)
        keep = len(lines) if block is None else max(len(lines) - 8, 0)
        found += compilation_headings(lines, upto=keep)
        if found >= 2:
            return True
        if keep < len(lines):
            cut = t.raw.rfind("\n", 0, lines[keep].start) + 1
            line += pending.count("\n", 0, cut)
            pending = pending[cut:]
        else:
            line += pending.count("\n")
            pending = ""
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
        if scan.note:  # the repair a whole read notes first
            self.whole.problems.append(scan.note)
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
        blocks = _repaired(_decoded(self.path))
        pending, line, want, eof, first = "", 1, self._piece_chars, False, True
        province = ""
        while True:
            if not eof and len(pending) < want:
                block = next(blocks, None)
                pending += block or ""
                eof = block is None
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


class Held:
    """A file's extraction made a piece at a time and held in a file, to be read back a
    piece at a time once the file's agencies and regions are all known.

    Iterating gives each piece as an :class:`~graphkit.extraction.Extraction`
    with the file's final agencies and regions, and removes the file at the
    end. It can be sent to another process (a worker's result): only its
    path, counts and the file's agencies, regions and problems go with it.

    >>> import tempfile, pathlib
    >>> plan = "拉萨市人民政府关于印发第{}号方案的通知\\n拉政发〔2021〕{}号\\n一、任务\\n1.加强监管。（市公安局牵头）\\n"
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = pathlib.Path(tmp, "plans.txt")
    ...     _ = p.write_text("".join(plan.format(i, i) for i in range(1, 301)), encoding="utf-8")
    ...     held = hold(read_in_pieces(p, stream_bytes=1000, piece_chars=2000), tmp)
    ...     counts = (held.documents, held.measures, held.assignments)
    ...     parts = [len(part.measures) for part in held]
    ...     gone = not held.path.exists()
    >>> counts, sum(parts), len(parts) > 1, gone
    ((300, 300, 300), 300, True, True)
    """

    def __init__(self, path: Path, whole: Extraction, documents: int, measures: int,
                 assignments: int) -> None:
        self.path = path
        #: The file's agencies, regions and problems (no documents or measures).
        self.whole = whole
        self.documents = documents
        self.measures = measures
        self.assignments = assignments

    @property
    def source(self) -> str:
        return self.whole.source

    @property
    def problems(self) -> list[str]:
        return self.whole.problems

    def __iter__(self) -> Iterator[Extraction]:
        whole = self.whole
        try:
            for documents, measures in self._read():
                yield Extraction(
                    source=whole.source,
                    documents=documents,
                    measures=measures,
                    agencies=whole.agencies,
                    regions=whole.regions,
                )
                del documents, measures
        finally:
            self.discard()

    def records(self) -> Iterator[Any]:
        """The file's documents, then its measures, as a whole read lists them (the
        held file is read twice, a piece at a time, then removed)."""
        try:
            for documents, _ in self._read():
                yield from documents
            for _, measures in self._read():
                yield from measures
        finally:
            self.discard()

    def _read(self) -> Iterator[tuple[list, list]]:
        with open(self.path, "rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def discard(self) -> None:
        """Remove the held pieces without reading them."""
        self.path.unlink(missing_ok=True)


def hold(stream: Pieces, folder: str | os.PathLike[str]) -> Held:
    """Extract ``stream`` a piece at a time into a file in ``folder``: its pieces held
    until the whole file is read (see :class:`Held`)."""
    fd, name = tempfile.mkstemp(prefix=f"{stream.path.name[:40]}.", suffix=".pieces", dir=folder)
    path = Path(name)
    assignments = 0
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in stream:
                assignments += part.assignments
                pickle.dump((part.documents, part.measures), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    state = stream.state
    return Held(path, stream.whole, state.documents, state.measures, assignments)
