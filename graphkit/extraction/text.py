"""Reading source files: decode, drop page markers, fold forms, map back to lines.

A :class:`Text` keeps three strings of the same length: ``raw`` (the text as
written, page markers blanked), ``fold`` (full-width forms folded and
Traditional characters converted to Simplified, for matching) and the line
number of every character, so any match in ``fold`` slices back to the
original and to its source line. Records take their text from ``raw``
through :func:`as_written` (:func:`written` finds folded text there): folding
is for matching only.

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
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from graphkit.errors import DecodeError, InputError
from graphkit.limits import MAX_BYTES

__all__ = [
    "MAX_BYTES",
    "Text",
    "as_written",
    "check_size",
    "decode",
    "decode_lines",
    "fold_char",
    "fold_text",
    "from_string",
    "read_text",
    "written",
    "written_chars",
    "written_slice",
]

PAGE_MARKER = re.compile(r"^[ \t]*#[ \t]*Page[ \t]*\d+[ \t]*:?[ \t]*$", re.MULTILINE)

#: Characters that only occur in Traditional script; a few of them mark a Traditional text.
_TRADITIONAL_HINTS = set(
    "們這個來時對會與發經關國區縣辦務機構門實現單負責鎮設監環節進劃條導規範體數據處廳"
)


def decode(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 or GB18030.

    Raises :class:`~graphkit.errors.DecodeError` naming ``name`` when the bytes
    are not text in any of these. See :func:`decode_lines` for files that mix
    encodings or carry a few broken bytes.

    Examples
    --------
    >>> decode("拉萨市".encode("gb18030"))
    '拉萨市'
    >>> decode(codecs.BOM_UTF8 + "台账".encode())
    '台账'
    >>> decode("方案".encode("utf-16"))
    '方案'
    """
    return decode_lines(data, name=name)[0]


def decode_lines(data: bytes, *, name: str = "<bytes>") -> tuple[str, list[str]]:
    """Decode bytes like :func:`decode`, saying which lines needed help.

    A file that is neither UTF-8 nor GB18030 as a whole is read line by line:
    each line in the encoding it is valid in (a GB18030 paragraph pasted into
    a UTF-8 file), and bytes valid in neither replaced by U+FFFD. The notes
    name those lines. When more than a few lines (or more than 1% of the
    bytes) cannot be read, the file is not text in a known encoding (Latin-1,
    say) and :class:`~graphkit.errors.DecodeError` names its first bad line.

    Examples
    --------
    >>> mixed = "一、任务\\n".encode() + "二、措施\\n".encode("gb18030") + "三、保障\\n".encode()
    >>> text, notes = decode_lines(mixed)
    >>> text.splitlines()
    ['一、任务', '二、措施', '三、保障']
    >>> notes
    ['line 2: not UTF-8, read as GB18030']
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_controls(data.decode("utf-16", errors="replace"), name), []
    if b"\x00" in data[:4096]:
        text = _as_utf16(data)
        if text is None:
            raise DecodeError("binary file, not text (NUL bytes)", path=name)
        return _check_controls(text, name), []
    try:
        return _check_controls(data.decode("utf-8"), name), []
    except UnicodeDecodeError:
        pass
    text = _as_utf16(data)
    if text is not None:
        return _check_controls(text, name), []
    raw_lines = data.split(b"\n")
    clear_utf8 = 0
    for ln in raw_lines:
        if not ln.isascii() and _utf8_line(ln, clear=True) is not None:
            clear_utf8 += 1
    if not clear_utf8:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            if _plausible_gb(text):
                return _check_controls(text, name), []
    return _decode_mixed(raw_lines, clear_utf8, len(data), name)


def _utf8_line(ln: bytes, *, clear: bool = False) -> str | None:
    """A line as UTF-8; with ``clear``, only if it has a character beyond U+07FF.

    GB18030 text can pass as UTF-8 only in two-byte sequences (U+0080..U+07FF),
    so a line with a three-byte character in it is UTF-8 for certain.
    """
    try:
        s = ln.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if clear and not any(c >= "\u0800" for c in s):
        return None
    return s


def _plausible_gb(text: str) -> bool:
    """Whether text decoded as GB18030 reads as Chinese, not as Latin-1 read wrongly.

    Latin-1 letters before ASCII letters pass as GBK characters whose second
    byte is below 0x80; real Chinese text has few of those (none in GB2312).
    """
    wide = low = 0
    for c in text[:200_000]:
        if c < "\x80":
            continue
        wide += 1
        b = c.encode("gb18030")
        if len(b) == 2 and b[1] < 0x80:
            low += 1
    return wide == 0 or low * 2 <= wide


def _decode_mixed(
    raw_lines: list[bytes], clear_utf8: int, size: int, name: str
) -> tuple[str, list[str]]:
    wide_lines = sum(1 for ln in raw_lines if not ln.isascii())
    primary_utf8 = clear_utf8 * 2 >= wide_lines
    out: list[str] = []
    as_gb: list[int] = []
    as_utf8: list[int] = []
    repaired: list[int] = []
    bad_bytes = 0
    for no, ln in enumerate(raw_lines, 1):
        if ln.isascii():
            out.append(ln.decode("ascii"))
            continue
        s = _utf8_line(ln, clear=not primary_utf8)
        if s is not None:
            out.append(s)
            if not primary_utf8:
                as_utf8.append(no)
            continue
        loose = ln.decode("utf-8", errors="replace")
        broken = loose.count("\ufffd")
        if primary_utf8 and sum(1 for c in loose if c >= "\u0800") >= 2 * broken:
            out.append(loose)  # UTF-8 with a few damaged bytes
            repaired.append(no)
            bad_bytes += broken
            continue
        try:
            s = ln.decode("gb18030")
        except UnicodeDecodeError:
            s = None
        if s is not None and _plausible_gb(s):
            out.append(s)
            if primary_utf8:
                as_gb.append(no)
            continue
        s = _utf8_line(ln)
        if s is not None:
            out.append(s)
            if not primary_utf8:
                as_utf8.append(no)
            continue
        out.append(loose)
        repaired.append(no)
        bad_bytes += broken
    if repaired and (
        bad_bytes > max(8, size // 100) or (len(repaired) >= 3 and len(repaired) * 10 > wide_lines)
    ):
        raise DecodeError(
            f"not UTF-8, UTF-16 or GB18030 text: {len(repaired)} lines have bytes that are "
            "none of these (Latin-1 or another single-byte encoding?); convert the file to "
            "UTF-8, e.g. with iconv",
            path=name,
            line=repaired[0],
        )
    notes = []
    if as_gb:
        notes.append(f"{_line_list(as_gb)}: not UTF-8, read as GB18030")
    if as_utf8:
        notes.append(f"{_line_list(as_utf8)}: not GB18030, read as UTF-8")
    if repaired:
        notes.append(f"{_line_list(repaired)}: bytes that are not text replaced by U+FFFD")
    return _check_controls("\n".join(out), name), notes


def _line_list(nos: list[int], most: int = 6) -> str:
    """``line 4`` / ``lines 4-6, 9`` / ``lines 4-6, 9, … (12 lines)``.

    >>> _line_list([4, 5, 6, 9])
    'lines 4-6, 9'
    """
    runs: list[list[int]] = []
    for n in nos:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    shown = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs[:most])
    if len(runs) > most:
        shown += f", … ({len(nos)} lines)"
    return ("line " if len(nos) == 1 else "lines ") + shown


_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _check_controls(text: str, name: str) -> str:
    """Reject decoded text full of control characters: binary data that passed as text."""
    sample = text[:1_000_000]
    found = _CONTROL.findall(sample)
    if found and len(found) * 100 > len(sample):
        first = _CONTROL.search(sample)
        line = sample.count("\n", 0, first.start() if first else 0) + 1
        raise DecodeError(
            f"binary file, not text ({len(found)} control characters)", path=name, line=line
        )
    return text


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
    # one table for the characters present, applied by str.translate: linear and fast
    out = s.translate({ord(c): fold_char(c) for c in set(s)})
    if traditional:
        out = out.translate({ord(c): _to_simplified(c) for c in set(out) if ord(c) > 0x2E80})
    if "(" in out:
        out = drop_glosses(out)
    return out


#: An inline pinyin gloss after a character, as some pages print them: 經(jīng).
PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\((?:[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ][a-zü]*)\)")


def drop_glosses(s: str) -> str:
    """Inline pinyin glosses blanked to spaces (the length is kept).

    >>> drop_glosses("湘西經(jīng)開區(qū)管委會")
    '湘西經      開區    管委會'
    >>> drop_glosses("市場監管局(牽頭)")
    '市場監管局(牽頭)'
    """
    return PINYIN_GLOSS.sub(lambda m: " " * len(m.group(0)), s)


def is_traditional(s: str) -> bool:
    """Whether a text looks Traditional-script (several Traditional-only characters).

    >>> is_traditional("國務院辦公廳關於"), is_traditional("国务院办公厅关于")
    (True, False)
    """
    hits = sum(s.count(c) for c in _TRADITIONAL_HINTS.intersection(s))
    return hits >= 3 or (hits > 0 and hits * 4 >= len(s))


_WIDE_GAP = re.compile(r"(?<=[^\x00-\x7f])[^\S\n]+(?=[^\x00-\x7f])")
_GAP = re.compile(r"[^\S\n]+")


def as_written(s: str) -> str:
    """Text for a record as the document wrote it, its layout dropped.

    Nothing is folded: brackets, quotes, digits and script stay as written.
    Only layout goes: each line is stripped, a line break is dropped (one
    space where it splits two Latin words or numbers), spaces between two
    characters that are not ASCII are dropped (Chinese text is not spaced:
    those come from justified or letter-spaced lines), and any other run of
    white space becomes one space.

    Examples
    --------
    >>> as_written("关于印发 alert('title')  方案 (试行) 的通知")
    "关于印发 alert('title') 方案 (试行) 的通知"
    >>> as_written("通 知 （试行）")
    '通知（试行）'
    >>> as_written("加快5G\\n网络建设，open\\nsource 社区")
    '加快5G网络建设，open source 社区'
    """
    out = ""
    for line in s.split("\n"):
        line = line.strip()
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return _GAP.sub(" ", _WIDE_GAP.sub("", out))


def written(
    t: Text, flat: str, start: int, end: int | None = None, *, at_start: bool = False
) -> str | None:
    """Where the folded ``flat`` text lies in ``t[start:end]``, as written there.

    ``flat`` is folded text with its white space removed, as the splitters
    compare it (a title, a heading); the first place in ``t[start:end]`` whose
    folded, unspaced characters are ``flat`` is returned through
    :func:`as_written`, or None when there is none. With ``at_start``, only
    a place at ``start`` counts (and only as much text is read as ``flat``
    needs). What folding blanks (a pinyin gloss) stays out.

    Examples
    --------
    >>> t = from_string("１. 关于印发 alert（'x'）方案\\n(试行) 的 5G\\n通知\\n")
    >>> written(t, "关于印发alert('x')方案(试行)的5G通知", 0)
    "关于印发 alert（'x'）方案(试行) 的 5G通知"
    >>> written(t, "不在此处", 0) is None, written(t, "方案", 0, at_start=True) is None
    (True, True)
    """
    if not flat:
        return None
    end = len(t.fold) if end is None else min(end, len(t.fold))
    fold = t.fold
    if at_start:
        idx = []
        for i in range(start, end):
            if not fold[i].isspace():
                idx.append(i)
                if len(idx) == len(flat):
                    break
        at = 0 if "".join(fold[i] for i in idx) == flat else -1
    else:
        idx = [i for i in range(start, end) if not fold[i].isspace()]
        at = "".join(fold[i] for i in idx).find(flat)
    if at < 0:
        return None
    return written_slice(t, idx[at], idx[at + len(flat) - 1] + 1)


def written_chars(t: Text, chars: Sequence[int]) -> str:
    """The characters at offsets ``chars`` (ascending) as written, with the white space
    between neighbours kept; text between two that is not white space (a cell of
    another column) is left out, as a line break.

    >>> t = from_string("市金融服务和事业发 | 常态实施\\n展中心 A 公司")
    >>> chars = [*range(0, 9), *range(17, 25)]
    >>> written_chars(t, chars)
    '市金融服务和事业发展中心 A 公司'
    """
    fold, raw = t.fold, t.raw
    out: list[str] = []
    prev = -1
    for i in chars:
        if prev >= 0 and i > prev + 1:
            gap = range(prev + 1, i)
            if all(fold[j].isspace() for j in gap):
                out.extend(raw[j] if raw[j] == "\n" else " " for j in gap)
            else:
                out.append("\n")
        out.append(raw[i])
        prev = i
    return as_written("".join(out))


def written_slice(t: Text, start: int, end: int) -> str:
    """``t[start:end]`` as written (:func:`as_written`), with what folding blanks left out.

    >>> t = from_string("湘西經(jīng)開區 AB 公司")
    >>> written_slice(t, 0, len(t.raw))
    '湘西經開區 AB 公司'
    """
    fold, raw = t.fold, t.raw
    return as_written(
        "".join(raw[i] if raw[i] == "\n" or not fold[i].isspace() else " " for i in range(start, end))
    )


@dataclass(frozen=True)
class Text:
    """A decoded source with its folded form and a character → line map.

    ``lines`` holds, for every character of ``raw``, its 1-based source line
    (a compact ``array``). ``notes`` are what reading the file had to repair
    (lines read in another encoding, bytes replaced), for the problem report.

    Texts read from other formats (see :mod:`graphkit.readers`) say where each
    line came from: ``locators`` holds the locator of every line (``p. 3``,
    ``sheet 台账, row 5``), ``cell_locators`` those of the cells of a table
    row's line, and ``meta`` what the format itself says of the document
    (``title``, ``issuer``, ``date``, ``number``, and under ``evidence``
    where each came from). A plain text has none of them.
    """

    source: str
    raw: str
    fold: str
    lines: Sequence[int]
    traditional: bool = False
    notes: tuple[str, ...] = ()
    locators: tuple[str, ...] = ()
    cell_locators: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)
    meta: dict = field(default_factory=dict, compare=False)
    #: Source lines read as several (a page that lost its line breaks, split at its items):
    #: their pieces share the line's number, :meth:`position` tells them apart.
    split: frozenset[int] = frozenset()

    def position(self, offset: int) -> str:
        """Where the character at ``offset`` stands in a source line that was split.

        ``line N, character C`` (C 1-based, counted in the line as the file has
        it, without the breaks put in) for a line in :attr:`split`; "" for any
        other line, whose number alone places it.

        >>> run = "通知如下。" + "".join(f"{i}.落实任务{'，细化措施' * 15}。" for i in range(1, 5))
        >>> t = from_string("标题\\n" + run)
        >>> start = t.raw.index("3.落实")
        >>> t.line_of(start), t.position(start), run.index("3.落实") + 1
        (2, 'line 2, character 170', 170)
        >>> t.position(0)
        ''
        """
        n = self.line_of(offset)
        if n not in self.split:
            return ""
        offset = min(max(offset, 0), len(self.raw))
        start = bisect_left(self.lines, n)
        return f"line {n}, character {offset - start - self.raw.count(chr(10), start, offset) + 1}"

    def locate(self, line: int, cell: int | None = None) -> str:
        """The locator of a line (1-based), or of one cell (0-based) of a table row's line.

        "" for a plain text, and for a line or cell the reader gave no locator.

        >>> t = replace(from_string("a\\nb | c"), locators=("p. 1", "p. 2"),
        ...             cell_locators={2: ("p. 2, cell 1", "p. 2, cell 2")})
        >>> t.locate(2), t.locate(2, 1), t.locate(9), from_string("x").locate(1)
        ('p. 2', 'p. 2, cell 2', '', '')
        """
        if cell is not None:
            cells = self.cell_locators.get(line, ())
            if 0 <= cell < len(cells):
                return cells[cell]
        if 1 <= line <= len(self.locators):
            return self.locators[line - 1]
        return ""

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


def from_string(
    content: str,
    *,
    source: str = "<string>",
    first_line: int = 1,
    whole: int | None = None,
    traditional: bool | None = None,
) -> Text:
    """Build a :class:`Text` from a decoded string.

    Page markers (``# Page N:``) are blanked to spaces, keeping offsets and
    lines; ``\\r\\n`` and ``\\r`` count as line ends.

    A piece of a larger text (see :mod:`graphkit.extraction.pieces`) says
    where it stands in it: the number of its ``first_line``, the length of the
    ``whole`` text (a line holding most of it is a page that lost its breaks)
    and whether the whole is ``traditional`` (decided from the piece when None).

    >>> t = from_string("一、任务\\n二、措施", first_line=41)
    >>> t.line_of(0), t.line_count
    (41, 42)
    """
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if first_line == 1:  # byte-order marks open a file; a later piece keeps what it starts with
        content = content.lstrip("\ufeff")
    content = PAGE_MARKER.sub(lambda m: " " * len(m.group(0)), content)
    lines = array("I")
    pieces: list[str] = []
    notes: list[str] = []
    total = len(content) if whole is None else whole
    split: set[int] = set()
    for n, seg in enumerate(content.split("\n"), first_line):
        # only a line that holds most of its file is a page that lost its breaks
        parts = split_run_on_line(seg) if 2 * len(seg) >= total else [seg]
        if len(parts) > 1:
            notes.append(f"line {n}: {len(seg):,} characters on one line, read as {len(parts)} lines "
                         "split at its item markers")
            split.add(n)
        for part in parts:
            pieces.append(part)
            lines += array("I", [n]) * (len(part) + 1)  # the line's characters and its newline
    lines.pop()  # the last line has no newline
    content = "\n".join(pieces)
    if traditional is None:
        traditional = is_traditional(content)
    return Text(
        source=source,
        raw=content,
        fold=fold_text(content, traditional=traditional),
        lines=lines,
        traditional=traditional,
        notes=tuple(notes),
        split=frozenset(split),
    )


#: A line at least this long that holds several item markers lost its line breaks.
RUN_ON = 300
_ITEM_START = re.compile(
    r"(?<=[。；;！!？?）)\s])\s*(?=(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|(?<![\d.])\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十百]{1,4}条))"
)
#: The 文号 of the heading (豫政〔2023〕5号), between the title and the text, in the first characters.
_HEAD_NUMBER = re.compile(r"\s[\u4e00-\u9fff]{1,10}\s*[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,4}\s*号\s")


def split_run_on_line(line: str) -> list[str]:
    """A line that lost its breaks (a page scraped as one line), split before its items.

    Only a line of :data:`RUN_ON` characters or more with three item markers or
    more (一、 （一） 1. 第一条) after a sentence end is split; the text is kept as
    written, with a line break before each item. :func:`from_string` applies it
    to a line that holds at least half of its file's text, so an enumeration
    inside one paragraph (1.…；2.…；3.…) of an ordinary file stays one line.

    Examples
    --------
    >>> run = "通知全文如下。" + "".join(f"{i}.落实任务{'，细化措施' * 15}。" for i in range(1, 5))
    >>> [p[:6] for p in split_run_on_line(run)]
    ['通知全文如下', '1.落实任务', '2.落实任务', '3.落实任务', '4.落实任务']
    >>> head = "某省人民政府关于某事的通知 某政〔2023〕5号 现将任务通知如下。"
    >>> [p[:6] for p in split_run_on_line(head + run[6:])][:4]
    ['某省人民政府', '某政〔202', '现将任务通知', '1.落实任务']
    >>> split_run_on_line("1.短句。2.短句。3.短句。")
    ['1.短句。2.短句。3.短句。']
    """
    if len(line) < RUN_ON:
        return [line]
    cuts = [m.end() for m in _ITEM_START.finditer(line) if m.end() > 0]
    if len(cuts) < 3:
        return [line]
    head = _HEAD_NUMBER.search(line, 0, min(cuts[0], 300))
    if head:  # the title, its 文号 and the text each on a line of their own
        cuts = sorted({head.start() + 1, head.end(), *cuts})
    out, last = [], 0
    for c in cuts:
        out.append(line[last:c])
        last = c
    out.append(line[last:])
    return [p for p in out if p] or [line]


#: Characters XML 1.0 forbids (C0 controls but tab and line ends, surrogates, U+FFFE/F):
#: SPARQL XML results and RDF/XML holding one are not well-formed.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(content: str) -> tuple[str, str]:
    r"""``content`` with each character XML 1.0 forbids replaced by one character, and a
    note naming the lines (empty when there were none).

    A vertical tab or form feed becomes a space, anything else U+FFFD: one
    character for one, so offsets and the line map stay as they were.

    >>> text, note = xml_safe("第一行\n加强\x00监管\x0c。\n")
    >>> text == "第一行\n加强\ufffd监管 。\n", note
    (True, 'line 2: 2 characters XML does not allow (U+0000, U+000C) replaced')
    >>> text == "第一行\n加强\x00监管 。\n"
    False
    >>> xml_safe("干净")
    ('干净', '')
    """
    first = XML_FORBIDDEN.search(content)
    if first is None:
        return content, ""
    found = XML_FORBIDDEN.findall(content)
    nos = sorted({content.count("\n", 0, m.start()) + 1 for m in XML_FORBIDDEN.finditer(content)})
    codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:6])
    cleaned = XML_FORBIDDEN.sub(lambda m: " " if m.group(0) in "\x0b\x0c" else "\ufffd", content)
    n = len(found)
    return cleaned, (
        f"{_line_list(nos)}: {n} character{'s' if n != 1 else ''} XML does not allow "
        f"({codes}) replaced"
    )


def check_size(path: str | Path, max_bytes: int) -> int:
    """The size of a file, after checking that it exists, is not empty and not over ``max_bytes``.

    Raises :class:`~graphkit.errors.InputError` naming the file otherwise;
    every reader checks a file this way before it opens it.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=str(p)) from e
    if size == 0:
        raise InputError("empty file", path=str(p))
    if size > max_bytes:
        raise InputError(
            f"too large ({size / 2**20:.1f} MB, the limit is {max_bytes / 2**20:.0f} MB): "
            "split it, or raise the limit (--max-file-size)",
            path=str(p),
        )
    return size


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Text:
    """Read and decode a file into a :class:`Text` named by its file name.

    Raises :class:`~graphkit.errors.InputError` for a missing, empty, too large
    or binary file, or one in an encoding graphkit does not read. Lines that
    needed repair are listed in :attr:`Text.notes`.
    """
    p = Path(path)
    check_size(p, max_bytes)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=str(p)) from e
    content, notes = decode_lines(data, name=str(p))
    del data
    content, replaced = xml_safe(content)
    if replaced:
        notes.append(replaced)
    if not content.strip():
        raise InputError("no text in file (only white space)", path=str(p))
    t = from_string(content, source=p.name)
    return replace(t, notes=tuple(notes)) if notes else t
