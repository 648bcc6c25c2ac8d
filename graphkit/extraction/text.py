"""Reading source files: decode, drop page markers, fold forms, map back to lines.

A :class:`Text` keeps three strings of the same length: ``raw`` (the text as
written, page markers blanked), ``fold`` (full-width forms folded and
Traditional characters converted to Simplified, for matching) and the line
number of every character, so any match in ``fold`` slices back to the
original and to its source line.

Examples
--------
>>> t = from_string("# Page 3:\\n（一）加快推进\\n改革。（市发改委牵头）\\n")
>>> t.fold[t.raw.index("（一）"):][:3]
'(一)'
>>> t.line_of(t.raw.index("改革"))
3
>>> "Page" in t.raw
False
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graphkit.errors import DecodeError, InputError

__all__ = ["Text", "decode", "fold_char", "fold_text", "from_string", "read_text"]

PAGE_MARKER = re.compile(r"^[ \t]*#[ \t]*Page[ \t]*\d+[ \t]*:?[ \t]*$", re.MULTILINE)

#: Characters that only occur in Traditional script; a few of them mark a Traditional text.
_TRADITIONAL_HINTS = set(
    "們這個來時對會與發經關國區縣辦務機構門實現單負責鎮設監環節進劃條導規範體數據處廳"
)


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 or GB18030.

    Raises :class:`~graphkit.errors.DecodeError` naming ``name`` when the bytes
    are not text in any of these.

    Examples
    --------
    >>> decode("拉萨市".encode("gb18030"))
    '拉萨市'
    >>> decode(codecs.BOM_UTF8 + "台账".encode())
    '台账'
    >>> decode("方案".encode("utf-16"))
    '方案'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        text = _as_utf16(data)
        if text is None:
            raise DecodeError("binary file, not text", path=name)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    text = _as_utf16(data)
    if text is not None:
        return text
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes: keep the text, mark the damage.
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    if bad <= max(8, len(data) // 1000):
        return data.decode("utf-8", errors="replace")
    raise DecodeError(
        f"not UTF-8, UTF-16 or GB18030 text (first bad byte at offset {utf8_error.start})",
        path=name,
    )


def _readable(text: str) -> bool:
    """Whether decoded text is mostly CJK, printable ASCII and line breaks."""
    sample = text[:4000]
    if not sample:
        return False
    good = sum(
        1
        for c in sample
        if c in "\n\r\t"
        or " " <= c <= "~"
        or "\u3000" <= c <= "\u9fff"
        or "\uff00" <= c <= "\uffef"
    )
    return good >= 0.95 * len(sample)


def _as_utf16(data: bytes) -> str | None:
    """The text of BOM-less UTF-16 data, or None when it does not read as text."""
    if len(data) % 2:
        return None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _readable(text) and ("\n" in text[:4000] or len(text) < 4000):
            return text
    return None


@lru_cache(maxsize=1)
def _t2s():  # pragma: no cover - depends on an optional package
    try:
        from opencc import OpenCC
    except ImportError:
        return None
    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def _to_simplified(ch: str) -> str:
    cc = _t2s()
    if cc is None:
        return ch
    out = cc.convert(ch)
    return out if len(out) == 1 else ch


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """One character folded for matching: NFKC where it stays one character.

    >>> fold_char("（"), fold_char("１"), fold_char("％")
    ('(', '1', '%')
    """
    out = unicodedata.normalize("NFKC", ch)
    if len(out) != 1:
        return ch
    return out


def fold_text(s: str, *, traditional: bool | None = None) -> str:
    """Fold a string for matching (same length as ``s``).

    >>> fold_text("辦理時間壓縮至３個工作日")
    '办理时间压缩至3个工作日'
    """
    if traditional is None:
        traditional = is_traditional(s)
    out = "".join(fold_char(c) for c in s)
    if traditional:
        out = "".join(_to_simplified(c) if ord(c) > 0x2E80 else c for c in out)
    return out


def is_traditional(s: str) -> bool:
    """Whether a text looks Traditional-script (several Traditional-only characters).

    >>> is_traditional("國務院辦公廳關於"), is_traditional("国务院办公厅关于")
    (True, False)
    """
    hits = 0
    for c in s:
        if c in _TRADITIONAL_HINTS:
            hits += 1
            if hits >= 3:
                return True
    return hits > 0 and hits * 4 >= len(s)


@dataclass(frozen=True)
class Text:
    """A decoded source with its folded form and a character → line map.

    ``lines`` holds, for every character of ``raw``, its 1-based source line.
    """

    source: str
    raw: str
    fold: str
    lines: tuple[int, ...]
    traditional: bool = False

    def line_of(self, offset: int) -> int:
        """Source line of the character at ``offset`` (clamped to the text)."""
        if not self.lines:
            return 1
        offset = min(max(offset, 0), len(self.lines) - 1)
        return self.lines[offset]

    @property
    def line_count(self) -> int:
        """Number of source lines."""
        return self.lines[-1] if self.lines else 0


def from_string(content: str, *, source: str = "<string>") -> Text:
    """Build a :class:`Text` from a decoded string.

    Page markers (``# Page N:``) are blanked to spaces, keeping offsets and
    lines; ``\\r\\n`` and ``\\r`` count as line ends.
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    content = PAGE_MARKER.sub(lambda m: " " * len(m.group(0)), content)
    lines: list[int] = []
    n = 1
    for ch in content:
        lines.append(n)
        if ch == "\n":
            n += 1
    traditional = is_traditional(content)
    return Text(
        source=source,
        raw=content,
        fold=fold_text(content, traditional=traditional),
        lines=tuple(lines),
        traditional=traditional,
    )


def read_text(path: str | Path, *, max_bytes: int = 64 * 1024 * 1024) -> Text:
    """Read and decode a file into a :class:`Text` named by its file name.

    Raises :class:`~graphkit.errors.InputError` for a missing, empty, too large
    or binary file.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=str(p)) from e
    if size == 0:
        raise InputError("empty file", path=str(p))
    if size > max_bytes:
        raise InputError(f"too large ({size} bytes, limit {max_bytes})", path=str(p))
    content = decode(p.read_bytes(), name=str(p))
    if not content.strip():
        raise InputError("no text in file", path=str(p))
    return from_string(content, source=p.name)
