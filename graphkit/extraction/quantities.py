"""Deadlines and quantified targets in the text of a measure.

Besides who does it, a measure can say *by when* (「完成时限：2023年底前」,
「6月底」, 「常态实施」) and *how much* (「全流程审批时间最长不超过90个工作日」,
「网上可办率保持在90%以上」).

:func:`parse_deadline` reads one completion-time phrase; :func:`find_deadline`
picks, conservatively, the completion time a measure's own text gives;
:func:`find_targets` lists the quantified commitments. Standard library only.

Input may be raw or folded text: full-width digits and punctuation are folded
here, whitespace and ``# Page N:`` markers are ignored (a hard-wrapped
「2023\\n年底前」 reads as 「2023年底前」), a measure number the text still
starts with is skipped, and the few Traditional characters the patterns need
are read as Simplified. Phrases and deadline texts come back as written, less
whitespace.

Examples
--------
>>> d = find_deadline("简化流程。（省住建厅负责，6 月底前完成）", year=2023)
>>> d.text, d.date, d.period
('6月底前', '2023-06-30', 'month')
>>> [(t.value, t.unit, t.comparator) for t in find_targets("审批时间压缩至15个工作日以内")]
[('15', '个工作日', 'le')]
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from typing import NamedTuple

from graphkit.records import Deadline, Target

__all__ = ["find_deadline", "find_targets", "parse_deadline"]

# ---------------------------------------------------------------------------
# Normal form: folded, no whitespace, and the same characters as written.

_PAGE = re.compile(r"#\s*Page\s*\d+\s*[:：]?")
_SPACE = re.compile(r"\s+")
#: A measure number the text may still start with: 「1.」「（三）」「二、」「11.2017年…」.
_LEADING_NO = re.compile(
    r"^\s*(?:[0-9０-９]{1,3}\s*[.．、](?=\s|[^0-9０-９]|(?:19|20)\d\d\s*年)"
    r"|[(（][一二三四五六七八九十0-9０-９]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)"
)
#: Traditional characters the patterns rely on, each followed by its Simplified form.
_TRADITIONAL = (
    "個个項项時时內内壓压縮缩減减達达於于將将為为後后過过實实長长堅坚續续進进態态開开"
    "萬万戶户鐘钟週周節节點点簡简調调擴扩規规辦办務务門门單单億亿圓圆與与兩两無无處处"
    "級级種种條条類类場场員员輛辆臺台並并復复負负責责協协頭头"
)
_FOLD = {0x3000: " ", 0xFE6A: "%"}
_FOLD.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F)})
_FOLD.update({ord(_TRADITIONAL[i]): _TRADITIONAL[i + 1] for i in range(0, len(_TRADITIONAL), 2)})
_FOLD_TABLE = str.maketrans(_FOLD)
#: Sentinels for "no character" before the start and after the end of a text.
_START, _END = "\x02", "\x03"


class _Norm(NamedTuple):
    fold: str  # what the patterns match
    raw: str  # the same characters as written (same length)


def _normalize(text: str) -> _Norm:
    if "#" in text:
        text = _PAGE.sub(" ", text)
    if (lead := _LEADING_NO.match(text)) is not None:
        text = text[lead.end() :]
    # folding maps no character to or from whitespace, so both lose the same positions
    return _Norm(_SPACE.sub("", text.translate(_FOLD_TABLE)), _SPACE.sub("", text))


_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def _cn_int(s: str) -> int | None:
    """「十二」 -> 12, 「两」 -> 2, 「一百二十」 -> 120, 「3」 -> 3; None otherwise."""
    if s.isdigit():
        return int(s)
    total = digit = 0
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit if s else None


# ---------------------------------------------------------------------------
# Deadlines.

_BEFORE = r"(?:前|之前|以前)"


def _year(name: str) -> str:
    return rf"(?<![\d.])(?P<{name}>(?:19|20)\d{{2}})年"


_MONTH = r"(?P<{}>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"

#: One completion-time phrase (folded, no whitespace); the named groups tell the form.
_CORE = (
    # 2023-2025年, 2023年—2025年底
    rf"(?<![\d.])(?P<y0>(?:19|20)\d{{2}})年?[-—–~至到](?P<y1>(?:19|20)\d{{2}})年"
    rf"(?P<rend>底|末)?(?P<rb>{_BEFORE})?"
    # (2023年)6月30日(前)
    rf"|(?:{_year('yd')})?{_MONTH.format('md')}(?P<d>3[01]|[12]\d|0?[1-9])日(?P<db>{_BEFORE})?"
    # (2023年)6月底(前), 6月末, 6月份, 6月中旬, 6月前
    rf"|(?:{_year('ym')})?{_MONTH.format('m')}"
    rf"(?:(?P<mend>底|末|份底|份|上旬|中旬|下旬)(?P<mb>{_BEFORE})?|(?P<mbefore>{_BEFORE}))?"
    # (2023年)上半年, 下半年
    rf"|(?:{_year('yh')})?(?P<half>上半年|下半年)(?:底|末)?(?P<hb>{_BEFORE})?"
    # (2023年)第三季度(末)
    rf"|(?:{_year('yq')})?第?(?P<q>[一二三四1-4])季度(?:末|底)?(?P<qb>{_BEFORE})?"
    # 2023年底(前), 2023年年底, 2027年末
    rf"|{_year('ye')}(?:年|年度)?(?P<yend>底|末|终)(?P<yeb>{_BEFORE})?"
    # 年底前, 年内, 今年底: the year is the document's
    r"|(?P<rel>(?:今年|本年|当年)?(?:年底|年末|年终)|今年底|本年底"
    rf"|(?:今年|本年度|年度|当年)?年内)(?P<relb>{_BEFORE})?"
    # 2025年(前)
    rf"|{_year('yo')}(?P<yob>{_BEFORE})?"
)
_CORE_RE = re.compile(_CORE)

_ONGOING = (
    r"常态化实施|常态实施|常态化推进|常态化开展|常态化|长期坚持|长期实施|长期推进|长期开展|长期有效"
    r"|持续推进|持续实施|持续开展|持续落实|长期"
)
_LABEL = r"(?:完成时限|完成时间|完成期限|时间节点|时限要求|时间要求)[:：]?"
_LEAD = r"(?:到|于|在|力争在|力争到|力争|确保在|确保到|确保|争取在|争取|计划|预计)"
_DONE = r"(?:完成|全面完成|落实到位|办结)"

#: A whole cell: 「完成时限：2023年6月底前并长期坚持」, 「到2027年末」, 「常态实施」.
_PHRASE_RE = re.compile(
    rf"(?:{_LABEL})?(?:{_LEAD})?(?P<core>{_CORE})"
    rf"(?P<tail>(?:[,，、]?(?:并且|并|且|和|及|以及))?(?:{_ONGOING}))?{_DONE}?"
    rf"|(?:{_LABEL})?(?P<ongoing>{_ONGOING}){_DONE}?"
)
#: The same inside running text (no comma before a tail: 「2023年底前，持续推进…」).
_SEARCH_RE = re.compile(
    # the lookahead only makes the scan fast: every match starts with one of these
    r"(?=[0-9到于在力确争计预一二三四五六七八九十第上下今本当年常长持])"
    rf"(?:(?:{_LEAD})?(?P<core>{_CORE})"
    rf"(?P<tail>(?:并且|并|且|和|及|以及)(?:{_ONGOING}))?{_DONE}?"
    rf"|(?P<ongoing>{_ONGOING}))"
)
_STRIP = " \t\r\n,，.。;；:：、()（）〔〕[]【】「」“”\"'"


def _month_end(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"


def _resolve(g: re.Match[str], year: int | None) -> tuple[str, str]:
    """(date, period) for a match of ``_CORE``; the date is "" when the year is unknown."""

    def y_of(name: str) -> int | None:
        return int(g[name]) if g[name] else year

    if g["y1"]:
        y = int(g["y1"]) - (1 if g["rb"] and not g["rend"] else 0)
        return f"{y:04d}-12-31", "year"
    if g["d"]:
        y, m, d = y_of("yd"), _cn_int(g["md"]), int(g["d"])
        if y is None or not m or d > calendar.monthrange(y, m)[1]:
            return "", "date"
        return f"{y:04d}-{m:02d}-{d:02d}", "date"
    if g["m"]:
        y, m = y_of("ym"), _cn_int(g["m"])
        if y is None or not m:
            return "", "month"
        if g["mbefore"]:  # 「7月前」: before July begins
            return (_month_end(y - 1, 12) if m == 1 else _month_end(y, m - 1)), "month"
        if g["mend"] in ("上旬", "中旬"):
            return f"{y:04d}-{m:02d}-{10 if g['mend'] == '上旬' else 20}", "date"
        return _month_end(y, m), "month"
    if g["half"]:
        y = y_of("yh")
        if y is None:
            return "", "quarter"
        return (f"{y:04d}-06-30" if g["half"] == "上半年" else f"{y:04d}-12-31"), "quarter"
    if g["q"]:
        y, q = y_of("yq"), _cn_int(g["q"])
        return ("" if y is None or not q else _month_end(y, 3 * q)), "quarter"
    if g["ye"]:
        return f"{int(g['ye']):04d}-12-31", "year"
    if g["rel"]:
        return (f"{year:04d}-12-31" if year else ""), "year"
    y = int(g["yo"]) - (1 if g["yob"] else 0)
    return f"{y:04d}-12-31", "year"


def _deadline(m: re.Match[str], raw: str, year: int | None, line: int = 0) -> Deadline:
    """A Deadline for a match of ``_PHRASE_RE`` / ``_SEARCH_RE`` on a text and its raw twin."""
    if m["ongoing"]:
        return Deadline(
            text=raw[m.start("ongoing") : m.end("ongoing")], period="ongoing", line=line
        )
    g = _CORE_RE.fullmatch(m["core"])
    assert g is not None
    date, period = _resolve(g, year)
    end = m.end("tail") if m["tail"] else m.end("core")
    return Deadline(text=raw[m.start("core") : end], date=date, period=period, line=line)


def parse_deadline(text: str, *, year: int | None = None, line: int = 0) -> Deadline | None:
    """Read one completion-time phrase as written.

    Parameters
    ----------
    text
        The phrase, e.g. a 完成时限 cell: ``6月底``, ``2023 年底前``, ``第三季度``,
        ``完成时限：2023年6月底前并长期坚持``, ``常态实施``.
    year
        The year of the document, for phrases that name none (``6月底``,
        ``年内``, ``上半年``).
    line
        Source line, kept on the record.

    Returns
    -------
    Deadline or None
        ``text`` is the phrase as written, less whitespace, a leading label or
        到/于/在 and a trailing 完成; ``date`` is ISO 8601, "" when the year is
        unknown or the phrase names no date; ``period`` is the precision of
        ``date`` (``date``, ``month``, ``quarter``, ``year``) or ``ongoing``.
        ``None`` when ``text`` is not a completion-time phrase. 「7月前」 means
        before July begins (06-30); a range (2023-2025年) ends with its last year.

    Examples
    --------
    >>> parse_deadline("6月底", year=2021)
    Deadline(text='6月底', date='2021-06-30', period='month', line=0)
    >>> parse_deadline("2023 年底前").date
    '2023-12-31'
    >>> d = parse_deadline("第三季度", year=2022)
    >>> d.date, d.period
    ('2022-09-30', 'quarter')
    >>> parse_deadline("2023-2025年").date
    '2025-12-31'
    >>> parse_deadline("常态实施").period
    'ongoing'
    >>> parse_deadline("加强监管") is None
    True
    """
    norm = _normalize(text)
    fold = norm.fold.strip(_STRIP)
    start = len(norm.fold) - len(norm.fold.lstrip(_STRIP))
    m = _PHRASE_RE.fullmatch(fold)
    if m is None:
        return None
    return _deadline(m, norm.raw[start : start + len(fold)], year, line)


# -- the deadline of a measure ----------------------------------------------

_LABELED_RE = re.compile(rf"{_LABEL}(?P<value>[^)）〕\]】;；。]{{1,40}})")
_RECURRING = re.compile(r"(?:每年|每月|每季度|每季|每半年|每周|次年|逐年|按年度|按季度|按季|按月)$")
_OPENERS, _CLOSERS = "(（〔[【", ")）〕]】"
_SEGMENT_START = ",，;；。(（〔[【:："
_ROLE_END = re.compile(r"(?:负责|牵头|配合|协作|协办|参与|落实)$")
_SENTENCE_START = "。;；!！?？:："
_CN_NUMERALS = "〇零一二两三四五六七八九十百千年"
_AGENCY_LABEL = re.compile(r"单位|牵头|负责|部门")
_CELL_ONGOING = re.compile(r"常态化实施|常态实施|长期坚持|长期实施|长期推进|持续推进|长期")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_BY_YEAR = ("到", "力争", "确保", "争取")
_MUST_BY = ("要在", "应在", "须在", "要于", "应于")


def _inside_brackets(fold: str, pos: int) -> bool:
    depth = 0
    for ch in fold[max(0, pos - 200) : pos]:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
    return depth > 0


def _labeled(fold: str, raw: str, year: int | None) -> Deadline | None:
    """「完成时限：2023 年底前」: the value of a 完成时限 / 时间节点 label."""
    for m in _LABELED_RE.finditer(fold):
        value = m["value"]
        a = m.start("value") + len(value) - len(value.lstrip(_STRIP))
        b = m.start("value") + len(value.rstrip(_STRIP))
        if a < b and (d := parse_deadline(raw[a:b], year=year)) is not None:
            return d
    return None


def _closing(fold: str, candidates: list[re.Match[str]]) -> re.Match[str] | None:
    """The time that closes a responsibility clause: （X负责，8月底前完成）, （长期坚持）."""
    found = None
    for m in candidates:
        a, b = m.span()
        prev = fold[a - 1] if a else _START
        nxt = fold[b] if b < len(fold) else _END
        if prev not in _OPENERS + ",，;；":
            continue
        lo = max(0, a - 60)
        seg_start = max(lo - 1, *(fold.rfind(c, lo, a - 1) for c in _SEGMENT_START)) + 1
        role_before = prev in ",，;；" and _ROLE_END.search(fold[seg_start : a - 1]) is not None
        if nxt in _CLOSERS and _inside_brackets(fold, a):
            # alone in brackets only when it says it is a deadline: 前, 完成, 长期坚持
            says_so = m["ongoing"] or re.search(rf"(?:{_BEFORE}|完成)$", m[0]) is not None
            if role_before or (prev in _OPENERS and says_so):
                found = m
        elif role_before and nxt in "。;；" + _END:
            found = m
    return found


def _ledger_cell(fold: str, candidates: list[re.Match[str]]) -> re.Match[str] | None:
    """A time cell ending a flattened ledger row: 「…配合单位：市税务局6月底」."""
    if not candidates or candidates[-1].end() != len(fold) or not _AGENCY_LABEL.search(fold):
        return None
    m = candidates[-1]
    a = m.start()
    if a == 0 or not (_CJK.match(fold[a - 1]) or fold[a - 1] in _CLOSERS):
        return None
    if m["ongoing"]:
        return m if _CELL_ONGOING.fullmatch(m["ongoing"]) else None
    g = _CORE_RE.fullmatch(m["core"])
    return m if g is not None and not g["d"] and m[0] == m["core"] else None


def _opening(fold: str, candidates: list[re.Match[str]], year: int | None) -> list[re.Match[str]]:
    """Times that open a sentence or clause (「2023年底前，…」, 「到2027年末，…」)
    or say by when something is done (「于7月30日前上报」)."""
    out = []
    for m in candidates:
        if m["ongoing"]:
            continue
        a, b = m.span()
        g = _CORE_RE.fullmatch(m["core"])
        assert g is not None
        prev = fold[a - 1] if a else _START
        nxt = fold[b] if b < len(fold) else _END
        lead = fold[a : m.start("core")]
        comma = nxt in ",，"
        before = re.search(rf"{_BEFORE}$", m["core"]) is not None
        sentence_start = a == 0 or prev in _SENTENCE_START
        if g["rel"]:
            # 年底前 / 年内 name no year: only where they lead in
            ok = prev not in _CN_NUMERALS and (
                bool(lead)
                or comma
                or (sentence_start and before)
                or (a == 0 and "年内" in g["rel"])
            )
        elif lead in ("在", "于") or fold[max(0, a - 2) : a] in _MUST_BY:
            ok = before  # 「于7月30日前上报」
        elif g["yo"] and not g["yob"]:
            # 「到2025年，」
            ok = (sentence_start or prev in ",，") and lead.startswith(_BY_YEAR) and comma
        elif g["d"] and not g["db"]:
            ok = False  # 「1月4日，市委书记…」: a day, not a deadline
        elif sentence_start:
            ok = before or comma or bool(lead)
        else:
            ok = prev in ",，" and (before or bool(lead))
        if ok:
            out.append(m)
    return out


def find_deadline(text: str, *, year: int | None = None) -> Deadline | None:
    """The completion time a measure's own text gives, or None.

    In order of preference:

    1. a labelled value: 「完成时限：2023年底前」;
    2. a time closing a responsibility clause: 「（省水利厅负责，8月底前完成）」,
       「（省工改办负责，长期坚持）」, 「（2023年12月前完成）」;
    3. a time cell ending the text right after an agency (a flattened ledger
       row: 「…配合单位：市税务局6月底」);
    4. a time opening a sentence (「2023年底前，…要率先实施」, 「到2027年末，全区
       新增…」, 「2017年10月底前与全国同步实现…」) or saying by when a step is
       done (「于7月30日前上报」): the latest of them when there are several,
       one naming its year or month before a bare 年内 / 年底前.

    Not taken, as they do not say when the measure is due: recurring times
    (每年12月底前), times inside a sentence (「工作方案2023年5月底前报…」),
    days without 前 (「1月4日，…」), bare ongoing words in running text
    (「持续推进…」) and, when ``year`` is given, times before that year.

    Parameters
    ----------
    text
        The measure's text, raw or folded.
    year
        The year of the document, for times that name none.

    Examples
    --------
    >>> find_deadline("简化流程。（登记指导处负责，完成时限：2023 年底前）").text
    '2023年底前'
    >>> find_deadline("2023年底前，重点领域要率先实施跨部门综合监管。").date
    '2023-12-31'
    >>> find_deadline("到2027 年末，全区新增“个转企”500 户。").text
    '2027年末'
    >>> find_deadline("每年12月底前报送工作进展。") is None
    True
    """
    fold, raw = _normalize(text)
    if not fold:
        return None
    if (labeled := _labeled(fold, raw, year)) is not None:
        return labeled
    candidates = [
        m
        for m in _SEARCH_RE.finditer(fold)
        if not (m.start() and fold[m.start() - 1].isdigit())
        and not _RECURRING.search(fold[max(0, m.start() - 3) : m.start()])
    ]
    m = _closing(fold, candidates) or _ledger_cell(fold, candidates)
    if m is not None:
        return _deadline(m, raw, year)
    best, best_key = None, ""
    opening = _opening(fold, candidates, year)
    named = [m for m in opening if re.search(r"\d|月", m["core"])] or opening
    for m in named:
        d = _deadline(m, raw, year)
        key = d.date or _deadline(m, raw, 2000).date  # compare month and day all the same
        if year and d.date and d.date[:4] < f"{year:04d}":
            continue  # before the document's year: history, not a deadline
        if best is None or key > best_key:
            best, best_key = d, key
    return best


# ---------------------------------------------------------------------------
# Targets.

_UNITS = (
    "万亿元|亿美元|万美元|亿元|万元|元|公里|千米|万亩|亩|万吨标准煤|万吨|吨|万平方米|平方米|万千瓦"
    "|个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|个百分点|百分点|天|日|周|年|%|‰"
    "|万户|万家|万人次|万人|万个|万件|万项|户次|家次|人次|场次|批次|件次"
    "|户|家|人|名|项|件|次|个|类|种|所|场|批|套|条|份|辆|台|宗|处"
)
_TARGET_RE = re.compile(
    r"(?:(?<![\d.A-Za-z])(?P<num>\d+(?:\.\d+)?)|(?P<cn>[一二两三四五六七八九十百]+))"
    rf"(?P<approx>余|多)?(?P<unit>{_UNITS})"
    r"(?P<post>及以内|以内|之内|内|及以下|以下|及以上|以上|左右)?"
)
#: What a unit must not run into: 「60周岁」「2022年版」「条例」「台账」「名单」…
_UNIT_BLOCK = {
    "周": "岁年", "年": "度份版级底末前", "条": "例", "台": "账", "处": "理置罚", "名": "称单",
    "人": "民员", "所": "有在属", "场": "所景", "种": "类", "类": "型", "件": "事",
    "元": "素旦宵", "吨": "位",
}  # fmt: skip
#: Money units, and the words that make an amount a grant, subsidy, reward or fine.
_MONEY = {"万亿元", "亿美元", "万美元", "亿元", "万元", "元"}
_GRANT = re.compile(
    r"给予|补助|补贴|奖励|奖补|资助|扶持|贴息|补偿|罚款|罚没|处以|罚|上限|最高|每件|每家|每户|每人|每个|"
    r"一次性|分别|予以"
)
#: 「8个重点行业主管部门」: a count of agencies themselves is no commitment.
_AGENCY_NOUN = re.compile(r"[\u4e00-\u9fff]{0,8}?(部门|单位|机关|处室|科室|委办局)")
#: Counts of the parts of a text, not commitments: 「5个方面」.
_LIST_NOUN = re.compile(r"方面|部分|阶段|步骤|层面|维度|板块|原则")
#: Units a Chinese numeral may carry when a comparator governs it (「不得超过两次」).
_CN_UNITS_OK = {"次", "个", "项", "件", "家", "天", "日", "个工作日", "工作日", "个月", "小时",
                "户", "人", "名"}  # fmt: skip

_LE = (
    "不得超过|不超过|不多于|不高于|不得高于|不大于|最长|最多|至多|最高|压缩至|压缩到|压缩为|压缩在"
    "|压减至|压减到|压减为|缩短至|缩短到|缩短为|缩短在|缩减至|缩减为|减少至|减少到|减少为|减至|减到"
    "|减为|降至|降到|降低至|降低到|降低为|下降至|下降到|精简为|精简至|精简到|简化为|简化至|控制在"
    "|低于|少于|延长至|延长到|限定在|限于"
)
_GE = (
    "不少于|不低于|不得少于|不得低于|不小于|至少|最少|最低|达到|达|超过|突破|高于|多于"
    "|提高到|提高至|提升至|提升到|增至|增加到|增加至|增长到|增长至|扩大到|扩大至|放宽到|放宽至"
)
_EQ = "调整为|确定为|统一为|保持在|稳定在|均为"
_CMP_RE = re.compile(rf"(?P<le>{_LE})|(?P<ge>{_GE})|(?P<eq>{_EQ})")
_POST_LE = {"以内", "之内", "内", "及以内", "以下", "及以下"}
_POST_GE = {"以上", "及以上"}
#: 「由4天压缩至4小时」: what follows a starting value.
_BASELINE_AFTER = re.compile(
    r"[^,，。;；]{0,6}?(?:压缩|压减|缩短|减少|降低|降|调整|精简|简化|提高|提升|增加|扩大|延长|放宽|减)"
    r"(?:至|到|为)"
)
_CLAUSE_BREAK = ",，。;；:：!！?？、()（）"
_SHARED_UNIT_JOIN = {"和", "、", "与", "及", "或", "至", "到", "-", "—", "~"}
#: Quoted slogans, titles, 文号 brackets: numbers inside them are names, not targets.
_SHIELD = re.compile(
    r"“[^“”。；;]{0,30}”|「[^「」。]{0,30}」|\"[^\"。；;]{0,30}\"|《[^《》]{0,80}》|〈[^〈〉]{0,60}〉"
    r"|〔[^〔〕]{0,12}〕"
)


def _comparator(fold: str, start: int, clause_start: int) -> tuple[str, int]:
    """The comparator word before a number at ``start``: (kind, characters between)."""
    window = fold[max(clause_start, start - 10) : start]
    last = None
    for last in _CMP_RE.finditer(window):  # noqa: B007 - the last one is wanted
        pass
    if last is None:
        return "", 99
    return last.lastgroup or "", len(window) - last.end()


def find_targets(text: str, *, line: int = 0) -> list[Target]:
    """The quantified commitments in a measure's text.

    Each target has the value as written (Chinese numerals as digits), its
    unit (个工作日, 天, 小时, 个月, %, 项, 个, 家, 户, 件, 次 …; 万户 keeps its
    万), a comparator (``le`` for 不超过 / 压缩至 / 缩短至 / 控制在 / 精简为 /
    以内 / 以下, ``ge`` for 达到 / 不少于 / 不低于 / 超过 / 以上, ``eq`` for
    调整为 / 保持在, "" where the text states none) and the phrase it comes from.

    Amounts of money (1.65万亿元 of investment), distances (55公里), areas and
    weights (5万亩, 10万吨) are targets, but not grants, subsidies, rewards
    and fines (给予50万元补助, 罚款3000元以下). Not targets: dates and years, 文号,
    ordinals (第3条), physical specifications (10千伏, 200米), ages (60周岁),
    counts of the parts of a text (5个方面, 三个方面) or of the agencies
    themselves (8个重点行业主管部门), numbers inside quoted slogans or titles
    (“最多跑一次”, 《…50条措施》), a starting value (「由4天压缩至4小时」 gives
    only 4 小时), years as conditions (「离校2年内」, 「拖欠5年以上」; a duration
    in years needs a comparator: 「延长至3年」), and Chinese numerals that no
    comparator governs (「一窗受理」, 「三级以上」).

    Parameters
    ----------
    text
        The measure's text, raw or folded.
    line
        Source line, kept on the records.

    Examples
    --------
    >>> t = find_targets("全流程审批时间最长不超过90个工作日")[0]
    >>> t.value, t.unit, t.comparator, t.phrase
    ('90', '个工作日', 'le', '全流程审批时间最长不超过90个工作日')
    >>> [(t.value, t.unit) for t in find_targets("时间分别不超过40个和11个工作日")]
    [('40', '个工作日'), ('11', '个工作日')]
    >>> [(t.value, t.unit, t.comparator) for t in find_targets("延期开庭次数不得超过两次")]
    [('2', '次', 'le')]
    >>> find_targets("6月底前推行“最多跑一次”，由8个行业主管部门负责")
    []
    >>> [(t.value, t.unit) for t in find_targets("公路投资1.65万亿元，建设农村公路55公里")]
    [('1.65', '万亿元'), ('55', '公里')]
    """
    fold, raw = _normalize(text)
    shields = [m.span() for m in _SHIELD.finditer(fold)]
    shield_starts = [a for a, _ in shields]

    def shielded(pos: int) -> bool:
        i = bisect_right(shield_starts, pos) - 1
        return i >= 0 and shields[i][0] < pos < shields[i][1]

    hits: list[tuple[int, int, Target]] = []
    for m in _TARGET_RE.finditer(fold):
        a, b = m.span()
        unit, post = m["unit"], m["post"] or ""
        nxt = fold[b] if b < len(fold) else _END
        before = _START + fold[max(0, a - 3) : a]
        if shielded(a) or before.endswith("第"):
            continue
        if not post and nxt in _UNIT_BLOCK.get(unit, ""):
            continue
        if unit == "个" and _LIST_NOUN.match(fold, b):
            continue
        if unit in ("个", "家") and _AGENCY_NOUN.match(fold, b) and "企业" not in fold[b : b + 8]:
            continue  # 「8个重点行业主管部门」 counts the agencies, not what they deliver
        lo = max(0, a - 40)
        clause_start = max(lo - 1, *(fold.rfind(c, lo, a) for c in _CLAUSE_BREAK)) + 1
        sentence_start = max(max(0, a - 60) - 1, *(fold.rfind(c, max(0, a - 60), a) for c in "。;；")) + 1
        if unit in _MONEY and (
            _GRANT.search(fold, sentence_start, a) or _GRANT.match(fold, b, b + 6)
        ):
            continue  # a grant, subsidy or fine: what a body pays or charges, not delivers
        kind, gap = _comparator(fold, a, clause_start)
        if m["num"] is not None:
            value = m["num"]
            if unit == "年" and (float(value) >= 100 or not kind or gap > 2):
                continue  # a year, or a condition: 「2年内未就业」「拖欠5年以上」
            if unit in ("日", "天") and (
                before[-1] == "月"
                or (before[-1] in "-—~" and before[-2].isdigit())
                or before.endswith(("每月", "次月", "当月", "每日"))
            ):
                continue  # a day of a month: 「12月30日」「每月1-25日」
        else:
            n = _cn_int(m["cn"])
            if n is None or not kind or gap > 2 or unit not in _CN_UNITS_OK:
                continue  # 「一窗受理」「三个方面」「三级以上」
            if before.endswith("跑"):
                continue  # 「最多跑一次」 and its kin name a reform
            value = str(n)
        if before.endswith(("由", "从")) and _BASELINE_AFTER.match(fold, b):
            continue  # 「由4天压缩至…」: where it starts from
        if post in _POST_LE:
            comparator = "le"
        elif post in _POST_GE or m["approx"]:
            comparator = "ge"
        elif gap <= (8 if unit == "%" else 4):
            comparator = kind
        else:
            comparator = ""
        phrase = raw[max(clause_start, a - 12) : b]
        hits.append((a, b, Target(value, unit, comparator, phrase, line)))

    # 「40个和11个工作日」: the unit they share goes back to the first number
    out = []
    for i, (_, b, t) in enumerate(hits):
        if t.unit == "个" and i + 1 < len(hits):
            a2, _, t2 = hits[i + 1]
            if t2.unit.startswith("个") and len(t2.unit) > 1 and fold[b:a2] in _SHARED_UNIT_JOIN:
                t = Target(t.value, t2.unit, t.comparator or t2.comparator, t.phrase, t.line)
        out.append(t)
    return out
