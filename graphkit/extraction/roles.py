"""Responsibility clauses → (role, mention) pairs.

Policy documents assign agencies to a measure in a clause, usually at its
end: 〔X牵头，Y配合协作，Z按职责分工负责〕, （牵头单位：X；责任单位：Y）,
（X负责）, or label lines 牵头单位：/配合单位：/责任单位： in a ledger. This
module finds such clauses and splits them into mentions with roles. It works
on folded text (see :mod:`graphkit.extraction.text`) and reports offsets, so
callers slice the original text for the mention as written.

Examples
--------
>>> [(p.role, p.mention, p.collective) for p in parse_clause("区发展改革委牵头,民政厅、财政厅配合协作,区政府相关部门按职责分工负责")]
[('lead', '区发展改革委', False), ('cooperate', '民政厅', False), ('cooperate', '财政厅', False), ('responsible', '区政府相关部门', True)]
>>> [(p.role, p.mention) for p in parse_clause("牵头单位:市政府办公室、市司法局;责任单位:县、区政府,金昌经开区管委会")]
[('lead', '市政府办公室'), ('lead', '市司法局'), ('responsible', '县、区政府'), ('responsible', '金昌经开区管委会')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ROLE_WORDS",
    "Part",
    "find_bracket_clauses",
    "is_collective",
    "is_role_clause",
    "looks_like_agency",
    "parse_clause",
]

OPEN = "(〔[【〈<{"
CLOSE = ")〕]】〉>}"
PAIR = dict(zip(OPEN, CLOSE, strict=True))

#: Role keywords, longest first within each role.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "lead": ("按职责分别牵头", "分别牵头", "牵头负责", "牵头落实", "牵头"),
    "cooperate": ("配合协作", "协同配合", "配合", "协作", "协同", "参与", "参加", "协办"),
    "responsible": (
        "按职责分工负责",
        "按职责分工落实",
        "按职责负责",
        "分工负责",
        "分别负责",
        "负责落实",
        "组织落实",
        "具体负责",
        "负责",
        "落实",
    ),
}

LABELS: tuple[tuple[str, str], ...] = (
    ("指标牵头单位", "lead"),
    ("指标牵头部门", "lead"),
    ("牵头责任单位", "lead"),
    ("主要责任单位", "lead"),
    ("主办单位", "lead"),
    ("主办部门", "lead"),
    ("牵头单位", "lead"),
    ("牵头部门", "lead"),
    ("牵头领导", ""),
    ("责任单位", "responsible"),
    ("责任部门", "responsible"),
    ("负责单位", "responsible"),
    ("实施单位", "responsible"),
    ("主责单位", "responsible"),
    ("配合单位", "cooperate"),
    ("配合部门", "cooperate"),
    ("协办单位", "cooperate"),
    ("参与单位", "cooperate"),
    ("协同单位", "cooperate"),
    ("协同责任单位", "cooperate"),
    ("协同部门", "cooperate"),
    ("参加单位", "cooperate"),
    ("协办部门", "cooperate"),
    ("部门分工", "responsible"),  # 部门分工：X牵头，各部门配合 (the verbs give the roles)
    ("责任分工", "responsible"),
    ("牵头负责领导", ""),
    ("责任领导", ""),
    ("分管领导", ""),
    ("分管省领导", ""),
    ("分管市领导", ""),
    ("分管县领导", ""),
    ("分管区领导", ""),
    ("完成时限", "deadline"),
    ("完成时间", "deadline"),
    ("时间节点", "deadline"),
    ("时限要求", "deadline"),
)
LABEL_RE = re.compile(
    r"(?:" + "|".join(re.escape(lbl) for lbl, _ in sorted(LABELS, key=lambda x: -len(x[0]))) + r")\s*[:：]"
)
LABEL_ROLE = dict(LABELS)

_ALL_ROLE_WORDS = sorted(
    ((w, r) for r, ws in ROLE_WORDS.items() for w in ws), key=lambda x: -len(x[0])
)
ROLE_WORD_RE = re.compile("|".join(re.escape(w) for w, _ in _ALL_ROLE_WORDS))
ROLE_OF_WORD = dict(_ALL_ROLE_WORDS)

#: Endings of organisation names (checked on the part before any bracket).
ORG_SUFFIX = re.compile(
    r"(局|厅|委|办|室|处|科|中心|公司|支行|分行|银行|院|会|部|所|站|队|政府|管委会|集团|"
    r"法院|检察院|馆|社|台|联|协|大学|学院|学校|中法|办事处|署|组|团|盟|监狱|基地|营业部|海关|"
    r"团中央|(?:民革|民盟|民建|民进|农工党|致公党|九三学社|台盟)中央|"
    r"开发区|高新区|经开区|园区|产业园|物流园|工业园|示范区|保税区|综保区|试验区|合作区)$"
)
#: Mentions that are groups, not one organisation.
COLLECTIVE = re.compile(
    r"^(各|全市|全区|全省|全州|有关|相关|其他|其它|所属|直属)|有关|相关|其他|其它|成员单位|"
    r"各级|主管部门|(部门|单位|处室|机构|企业|科室|组织|人员|方面)$|^(县|区|市|乡|镇|乡镇|街道|州|盟|旗)"
    r"(政府|人民政府|党委)?$"
)
_LEVEL_ONLY = re.compile(r"^(县|区|市|乡|镇|乡镇|街道|州|盟|旗|县区|县市区)$")
_SPLIT_ITEMS = re.compile(r"[、，,/／]|及|以及")
_TRAIL_NOISE = re.compile(
    r"(等|等有关部门|等相关部门|等部门|等单位|按职责|分别|具体|共同|要|牵头|为|做好|组织)+$"
)
_ROLE_TAG = re.compile(r"[(（](牵头|配合|负责)[)）]\s*$")
_LEAD_NOISE = re.compile(r"^(由|请|并|和|与|以及|及|会同|并由)+")


@dataclass(frozen=True)
class Part:
    """One mention found in a clause, with offsets into the clause string."""

    role: str
    mention: str
    start: int
    end: int
    collective: bool = False
    written: str = ""


_ANY_CLOSE = re.compile("[" + re.escape(CLOSE) + "]")
_UNCLOSED_END = re.compile(
    r"\n\s*(\d{1,3}\s*[.．、]|\(\s*[一二三四五六七八九十]+\s*\)|[一二三四五六七八九十]+、)"
)


def find_bracket_clauses(s: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of top-level bracket groups holding a role word.

    ``start`` is the opening bracket, ``end`` one past the closing one. Nested
    brackets (区编办（审改办）) stay inside. An unclosed group is cut at the
    end of its line (its span then ends after the line break, not at a closing
    bracket), so one stray bracket cannot swallow a document.

    >>> s = "加快推进。(区工商局牵头,区编办(审改办)配合协作)下一句"
    >>> [s[a:b] for a, b in find_bracket_clauses(s)]
    ['(区工商局牵头,区编办(审改办)配合协作)']
    >>> s = "1.加快推进。(区工商局牵头,区编办配合\\n2.优化服务。(区税务局牵头)\\n"
    >>> [s[a:b] for a, b in find_bracket_clauses(s)]
    ['(区工商局牵头,区编办配合\\n', '(区税务局牵头)']
    """
    out: list[tuple[int, int]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in PAIR and c not in "<{":
            depth, j = 0, i
            limit = min(n, i + 400)
            if _ANY_CLOSE.search(s, i + 1, limit) is None:
                depth = 1  # nothing within reach closes it (a run of open brackets)
            else:
                while j < limit:
                    ch = s[j]
                    if ch in PAIR:
                        depth += 1
                    elif ch in CLOSE:
                        depth -= 1
                        if depth == 0:
                            break
                    j += 1
            if depth == 0 and _UNCLOSED_END.search(s, i + 1, j) is not None:
                depth = 1  # closed only after a new item began: left open, closed by a stray
            if depth == 0 and j < limit:
                inner = s[i + 1 : j]
                if is_role_clause(inner) or (_after_sentence(s, i) and is_name_list(inner)):
                    out.append((i, j + 1))
                    i = j + 1
                    continue
            elif depth > 0:
                # never closed (a typo in the source): a labelled clause runs to the
                # next item, a plain one to the end of its line
                stop = _UNCLOSED_END.search(s, i + 1, min(n, i + 300))
                j = stop.start() if stop else min(n, i + 300)
                inner = s[i + 1 : j]
                if LABEL_RE.match(re.sub(r"\s+", "", inner)) and is_role_clause(inner):
                    out.append((i, j))
                    i = j
                    continue
                eol = s.find("\n", i + 1, min(n, j + 1))
                if eol > 0:
                    inner = s[i + 1 : eol]
                    if not any(ch in PAIR for ch in inner) and is_role_clause(inner):
                        out.append((i, eol + 1))
                        i = eol + 1
                        continue
        elif c in CLOSE:
            found = _unopened(s, i)
            if found is not None:
                out.append(found)
        i += 1
    return out


def _after_sentence(s: str, i: int) -> bool:
    """Whether the bracket at ``i`` follows the end of a sentence (。 ； ！)."""
    k = i - 1
    while k >= 0 and s[k] in " \t\u3000":
        k -= 1
    return k >= 0 and s[k] in "。；;！!"


def _unopened(s: str, i: int) -> tuple[int, int] | None:
    """A clause closed at ``i`` by a bracket that was never opened (a typo).

    It starts after the sentence before it (。 or ；) on the same line (looking
    back at most 200 characters); its span then starts at its first
    character, not at an opening bracket.

    >>> s = "推行告知承诺制。市市场监管局牵头,市税务局配合)"
    >>> a, b = _unopened(s, len(s) - 1)
    >>> s[a:b]
    '市市场监管局牵头,市税务局配合)'
    """
    line_start = max(s.rfind("\n", max(0, i - 200), i) + 1, i - 200)
    seg = s[line_start:i]
    if sum(ch in PAIR for ch in seg) > sum(ch in CLOSE for ch in seg):
        return None  # opened earlier on the line
    cut = max(seg.rfind("。"), seg.rfind("；"), seg.rfind(";"))
    start = line_start + cut + 1
    inner = s[start:i]
    if not inner.strip() or len(inner) > 120 or any(ch in PAIR or ch in CLOSE for ch in inner):
        return None
    return (start, i + 1) if is_role_clause(inner) else None


def is_role_clause(inner: str) -> bool:
    """Whether a bracket's content assigns agencies (not a note or an abbreviation).

    >>> is_role_clause("省市场监管局牵头,各市(区)按职责分工负责")
    True
    >>> is_role_clause("以下简称综合监管清单")
    False
    >>> is_role_clause("括号中为牵头负责部门、人员、电话,下同")
    False
    """
    flat = strip_note(re.sub(r"\s+", "", inner))
    if not flat or len(flat) > 300:
        return False
    if re.search(r"以下简称|下同|括号|简称|详见|见附件", flat):
        return False
    if LABEL_RE.search(flat):
        return True
    m = ROLE_WORD_RE.search(flat)
    if not m:
        return False
    head = flat[: m.start()]
    # the role word must follow names, not start a sentence of prose
    if not head:
        return False
    if "。" in flat:
        return False
    return any(looks_like_agency(x) or is_collective(x) for x in _items(head))


_NOTE = re.compile(r"[。;；](?=[^。]*(以下|下同|不再|其余|后同))[^)]*$")


def strip_note(inner: str) -> str:
    """A clause without a trailing note: 「…负责，6月底前完成。以下各项均需…落实，不再一一列出」.

    >>> strip_note("省工改办按职责分工负责,6月底前完成。以下各项均需各市州政府落实,不再一一列出")
    '省工改办按职责分工负责,6月底前完成'
    """
    return _NOTE.sub("", inner)


def is_name_list(inner: str) -> bool:
    """Whether a bracket holds only organisations' names, with no role word.

    A plan may close a measure with its responsible bodies alone:
    「……给予支持。（省工信厅、省财政厅）」.

    >>> is_name_list("省工信厅、省财政厅,各市(地)政府"), is_name_list("含设备投资和软件")
    (True, False)
    >>> is_name_list("各有关部门")
    False
    """
    flat = re.sub(r"\s+", "", inner)
    if not flat or len(flat) > 200 or ROLE_WORD_RE.search(flat) or LABEL_RE.search(flat):
        return False
    if re.search(r"以下简称|下同|括号|简称|详见|见附件|。", flat):
        return False
    items = [x for a, b in _split_depth0(flat, ",，、") if (x := _clean(flat[a:b]))]
    return (
        bool(items)
        and all(looks_like_agency(x) or is_collective(x) for x in items)
        and any(looks_like_agency(x) for x in items)
    )


def _items(group: str) -> list[str]:
    return [x for x in (_clean(p) for p in _SPLIT_ITEMS.split(group)) if x]


def _clean(x: str) -> str:
    x = re.sub(r"\s+", "", x)
    x = _LEAD_NOISE.sub("", x)
    prev = None
    while prev != x:
        prev = x
        # 省林业局等。: the sentence's stop comes off before the 等 it closes
        x = _TRAIL_NOISE.sub("", x.rstrip("。.;；:："))
    return x.strip("。.;；:：")


def _bare(x: str) -> str:
    """The name without a trailing bracketed note: 区编办(审改办) → 区编办."""
    return re.sub(r"[(〔\[【〈][^()〔〕\[\]【】〈〉]*[)〕\]】〉]$", "", x)


def looks_like_agency(x: str) -> bool:
    """Whether a string reads as one organisation's name.

    >>> looks_like_agency("省政府办公厅〔省大数据管理局〕"), looks_like_agency("加强监管")
    (True, False)
    """
    b = _bare(x)
    if len(b) < 2 or len(b) > 40:
        return False
    if re.search(r"[。，,；;:：！？!?\d%]", b):
        return False
    return bool(ORG_SUFFIX.search(b)) and not is_collective(x)


def is_collective(x: str) -> bool:
    """Whether a mention names a group rather than one organisation.

    Groups joined by 和 / 及 / 与 are a group too (省直各部门和各市人民政府).

    >>> [is_collective(x) for x in ["各县区政府", "市级有关部门", "区政府相关部门", "省司法厅"]]
    [True, True, True, False]
    >>> is_collective("省直各部门和各市人民政府"), is_collective("省财政厅和各市人民政府")
    (True, False)
    """
    if bool(COLLECTIVE.search(_bare(x))) or bool(_LEVEL_ONLY.match(x)):
        return True
    parts = re.split(r"和|及|与", x)
    return len(parts) > 1 and all(
        p and (COLLECTIVE.search(_bare(p)) or _LEVEL_ONLY.match(p)) for p in parts
    )


def _split_depth0(s: str, seps: str) -> list[tuple[int, int]]:
    """Split at top-level separators; return (start, end) spans."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(s):
        if ch in PAIR:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in seps:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(s)))
    return spans


def _mentions(s: str, a: int, b: int, role: str) -> list[Part]:
    """Mentions in ``s[a:b]`` (a 、-list, maybe with 及 and 等)."""
    text = s[a:b]
    parts: list[Part] = []
    # split on 、 and 及/以及 at depth 0, and on 等 when a collective follows
    pieces: list[tuple[int, int]] = []
    for x, y in _split_depth0(text, "、,，/／"):
        seg = text[x:y]
        cut = [
            m.span()
            for m in re.finditer(r"以及|及(?!时)|(?<=[局厅委办室处心会府])和(?=[各省市区县])", seg)
        ]
        prev = 0
        for cs, ce in cut:
            pieces.append((x + prev, x + cs))
            prev = ce
        pieces.append((x + prev, y))
    distributive = False
    shared = _shared_suffix([_clean(text[x:y]) for x, y in pieces])
    for x, y in pieces:
        raw = text[x:y]
        m = re.search(r"等(?=[^等]*(有关|相关|部门|单位|各))", raw)
        subs = [(x, x + m.start()), (x + m.end(), y)] if m else [(x, y)]
        if m and re.fullmatch(r"\s*(部门|单位|部门单位)\s*", text[x + m.end() : y]):
            subs = subs[:1]  # 「X、Y等部门」: the list, not a group called 部门
        for sx, sy in subs:
            seg = text[sx:sy]
            own_role = role
            tag = _ROLE_TAG.search(seg)
            if tag:
                # 县市场监管局(牵头) in a 责任单位 list
                own_role = ROLE_OF_WORD.get(tag.group(1), role)
                sy = sx + tag.start()
                seg = text[sx:sy]
            cleaned = _clean(seg)
            if not cleaned:
                continue
            span = _locate(text, sx, sy, cleaned)
            if span is None:
                continue
            if shared and cleaned in shared:
                # 哈尔滨、黑河、绥芬河市政府: each place with the list's shared ending
                name = cleaned + shared[cleaned]
                parts.append(Part(own_role, name, a + span[0], a + span[1], False, written=name))
                continue
            coll = is_collective_strict(cleaned) or (distributive and not _has_prefix(cleaned))
            if cleaned.startswith("各"):
                distributive = True
            if not coll and not looks_like_agency(cleaned) and not is_function_department(cleaned):
                if not ORG_SUFFIX.search(_bare(cleaned)):
                    continue
            parts.append(Part(own_role, cleaned, a + span[0], a + span[1], coll))
    return _merge_groups(s, parts)


def _shared_suffix(names: list[str]) -> dict[str, str]:
    """Places of a list that share its last member's ending: {哈尔滨: 市政府, 黑河: 市政府}.

    >>> _shared_suffix(["哈尔滨", "黑河", "绥芬河市政府"])
    {'哈尔滨': '市政府', '黑河': '市政府'}
    >>> _shared_suffix(["市发改委", "市财政局"])
    {}
    >>> _shared_suffix(["哈爾濱", "黑河", "綏芬河市政府"])  # Traditional script
    {'哈爾濱': '市政府', '黑河': '市政府'}
    """
    from graphkit.extraction import regions
    from graphkit.extraction.text import fold_text

    if len(names) < 2 or not names[-1]:
        return {}
    # places are looked up in Simplified script: 哈爾濱、黑河、綏芬河市政府 as 哈尔滨、…
    last = fold_text(names[-1], traditional=True)
    head = regions.leading_region(last) or regions.leading_region(last, shorts=True)
    if not head or head == last:
        return {}
    place = regions.find_region(head)
    short = place.short if place is not None and place.short and head.startswith(place.short) else head
    if not ORG_SUFFIX.search(last[len(short) :]):
        return {}
    ending = names[-1][len(short) :]  # as written (one character folds to one)
    out = {}
    for written in names[:-1]:
        n = fold_text(written, traditional=True)
        r = regions.find_region(n)
        if r is None or regions.leading_region(n, shorts=True) != n:
            return {}
        out[written] = ending if n == r.short or not n.endswith(ending[:1]) else ending[1:]
    return out


def _merge_groups(s: str, parts: list[Part]) -> list[Part]:
    """One group for a 、-run of group words: 县、区政府 and 市直有关部门、单位 are one each."""
    out: list[Part] = []
    for p in parts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.collective
            and p.collective
            and prev.role == p.role
            and re.fullmatch(r"\s*[、]\s*", s[prev.end : p.start])
            and (_LEVEL_ONLY.match(prev.mention) or re.fullmatch(r"(单位|部门|机构)", p.mention))
        ):
            merged = re.sub(r"\s+", "", s[prev.start : p.end])
            out[-1] = Part(p.role, merged, prev.start, p.end, True)
            continue
        out.append(p)
    return out


def _locate(text: str, a: int, b: int, flat: str) -> tuple[int, int] | None:
    """Offsets in ``text[a:b]`` of ``flat``, a whitespace-free piece of it."""
    idx = [i for i in range(a, b) if not text[i].isspace()]
    joined = "".join(text[i] for i in idx)
    at = joined.find(flat)
    if at < 0:
        return None
    return idx[at], idx[at + len(flat) - 1] + 1


def _has_prefix(x: str) -> bool:
    """Whether a name carries its own place (省…, 市…, 兰州新区…), so 各 does not reach it."""
    if re.match(r"^(省|市|自治区|国家|中共|中国|国网|人行)", x):
        return True
    from graphkit.extraction.regions import leading_region

    return bool(leading_region(x, shorts=True))


def parse_clause(clause: str) -> list[Part]:
    """Split a responsibility clause (without its outer brackets) into mentions.

    Label forms (牵头单位：…；责任单位：…) take their role from the label; verb
    forms (X牵头，Y配合，Z按职责分工负责) from the verb ending each group. A
    group with no role word takes the role of the next group that has one.
    ``完成时限`` parts are not mentions (see :func:`clause_deadline`). Those
    who join a lead (由X牵头，会同Y等单位负责落实) cooperate.

    >>> [(p.role, p.mention) for p in parse_clause("由省财政厅牵头,会同省民政厅、物价局等单位负责落实")]
    [('lead', '省财政厅'), ('cooperate', '省民政厅'), ('cooperate', '物价局')]
    """
    parts: list[Part] = []
    clause = strip_note(clause)
    for a, b in _split_depth0(clause, ";；"):
        seg = clause[a:b]
        labels = list(LABEL_RE.finditer(seg))
        if labels:
            if labels[0].start() > 0:
                # 登记指导处负责，完成时限：2023年底前
                parts.extend(_verb_groups(seg[: labels[0].start()], a, default=""))
            for k, lm in enumerate(labels):
                lbl = re.sub(r"\s|[:：]", "", lm.group(0))
                role = LABEL_ROLE.get(lbl, "")
                cs = lm.end()
                ce = labels[k + 1].start() if k + 1 < len(labels) else len(seg)
                if role in ("lead", "cooperate", "responsible"):
                    body = seg[cs:ce]
                    # a verb inside a label body: 市发改委、市住建局按职责分别牵头
                    parts.extend(_verb_groups(body, a + cs, default=role))
            continue
        parts.extend(_verb_groups(seg, a, default="responsible" if is_name_list(seg) else ""))
    return parts


def _role_word(group: str) -> re.Match[str] | None:
    """The first role word outside brackets: 区市场监管局(牵头) has none."""
    for m in ROLE_WORD_RE.finditer(group):
        depth = 0
        for ch in group[: m.start()]:
            if ch in PAIR:
                depth += 1
            elif ch in CLOSE:
                depth = max(0, depth - 1)
        if depth == 0:
            return m
    return None


#: A group that joins the lead named before it: 会同Y负责落实.
_JOINS_LEAD = re.compile(r"^\s*(?:并)?会同")
#: 会同 inside a group: the unit before it is joined by those after it.
_JOINED_BY = re.compile(r"会同|會同")


def _verb_groups(seg: str, base: int, *, default: str) -> list[Part]:
    out: list[Part] = []
    pending: list[tuple[int, int]] = []
    for x, y in _split_depth0(seg, ",，"):
        group = seg[x:y]
        m = _role_word(group)
        if m is None:
            if default:
                out.extend(_mentions(seg, x, y, default))
            elif not _is_time(group):
                pending.append((x, y))
            continue
        role = ROLE_OF_WORD[m.group(0)]
        if default and role != "lead" and default != "responsible":
            # 牵头单位：X、Y按职责分工负责 keeps the label's role; under 责任单位 the verbs
            # say it (责任单位：X牵头，Y配合)
            role = default
        if role == "responsible" and _JOINS_LEAD.match(group) and any(p.role == "lead" for p in out):
            # 由X牵头，会同Y等单位负责落实: those who join the lead cooperate
            role = "cooperate"
        for px, py in pending:
            out.extend(_mentions(seg, px, py, role))
        pending = []
        joins = _JOINED_BY.search(group[: m.start()])
        if role == "responsible" and joins and joins.start() > 0:
            # 由X会同Y等部门负责落实: X leads, those it is joined by cooperate
            out.extend(_mentions(seg, x, x + joins.start(), "lead"))
            out.extend(_mentions(seg, x + joins.end(), x + m.start(), "cooperate"))
            continue
        out.extend(_mentions(seg, x, x + m.start(), role))
    for px, py in pending:
        if default:
            out.extend(_mentions(seg, px, py, default))
    return [Part(p.role, p.mention, p.start + base, p.end + base, p.collective, p.written) for p in out]


_TIME = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|年底|年内|季度|长期|持续|常态")


def _is_time(s: str) -> bool:
    return bool(_TIME.search(s))


def clause_deadline(clause: str) -> str | None:
    """The completion time a clause gives (完成时限：…, or a trailing time group).

    >>> clause_deadline("登记指导处负责,完成时限:2023 年底前")
    '2023 年底前'
    >>> clause_deadline("省工改办按职责分工负责,10月底前完成")
    '10月底前'
    """
    m = re.search(r"(?:完成时限|完成时间|时间节点|时限要求)\s*[:：]\s*(.+)$", clause)
    if m:
        return m.group(1).strip(" ;；,，。")
    for x, y in _split_depth0(clause, ",，;；"):
        g = clause[x:y].strip()
        if _is_time(g) and not ROLE_WORD_RE.search(g):
            return re.sub(r"(完成|落实)$", "", g).strip()
    return None


#: Functions named in 「X部门负责…」 that make X部门 one organisation, not a group.
FUNCTION_WORDS = (
    "城市管理",
    "城管",
    "发改",
    "发展改革",
    "财政",
    "公安",
    "环保",
    "生态环境",
    "农牧",
    "农业农村",
    "商务",
    "食品药品",
    "物价",
    "价格",
    "规划",
    "自然资源",
    "住建",
    "住房城乡建设",
    "水务",
    "水利",
    "统计",
    "税务",
    "交通运输",
    "交通",
    "教育",
    "民政",
    "卫生",
    "卫生健康",
    "人社",
    "人力资源社会保障",
    "市场监管",
    "工商",
    "质监",
    "司法",
    "审计",
    "文化",
    "旅游",
    "林业",
    "国土",
    "应急管理",
    "安监",
    "消防",
    "科技",
    "工信",
    "经信",
    "民宗",
    "外事",
    "档案",
    "编办",
    "法制",
    "人防",
    "气象",
)
_FUNCTION_DEPT = re.compile(
    r"^(市|区|县|省|自治区)?(" + "|".join(FUNCTION_WORDS) + r")(行政)?(主管)?(部门|机关|机构)$"
)
_DUTY = re.compile(
    r"(?:(?:^|(?<=[。；;]))\s*(?:由)?|(?<=[,，、])\s*由|(?<=工作)由)(?P<who>[^。；;,，:：()\s由]{2,40}?)"
    r"(?P<verb>牵头负责|负责|牵头|配合做好|配合)(?!解释)"  # 「由X负责解释」 is no task
)
_COOPERATE_LIST = re.compile(
    r"(?:^|(?<=[。；;]))\s*(?P<who>[^。；;:：()]{2,80}?)等有关部门(?:各司其职)?[,，]?\s*(?:配合|协同|协助)"
)


def is_function_department(x: str) -> bool:
    """「市城市管理部门」, 「发改部门」: one organisation named by its function.

    >>> is_function_department("市城市管理部门"), is_function_department("行业主管部门")
    (True, False)
    """
    return bool(_FUNCTION_DEPT.match(x))


def find_duty_sentences(s: str) -> list[tuple[int, int, list[Part]]]:
    """Duties assigned in running text: 「市城市管理部门负责…」, 「市发改、财政…等有关部门
    各司其职，配合做好…」. Only sentence-initial subjects that name organisations.

    Returns (start, end, parts) per sentence found, offsets into ``s``.

    >>> s = "市城市管理部门负责餐厨垃圾的监督管理工作。市发改、财政、公安等有关部门各司其职,配合做好工作。"
    >>> [(p.role, p.mention) for _, _, ps in find_duty_sentences(s) for p in ps]
    [('responsible', '市城市管理部门'), ('cooperate', '市发改'), ('cooperate', '财政'), ('cooperate', '公安')]
    >>> s = "完善机制，由省发展改革委负责。具体工作由省政务服务中心牵头负责。"
    >>> [(p.role, p.mention) for _, _, ps in find_duty_sentences(s) for p in ps]
    [('responsible', '省发展改革委'), ('lead', '省政务服务中心')]
    """
    out: list[tuple[int, int, list[Part]]] = []
    for m in _COOPERATE_LIST.finditer(s):
        names = _SPLIT_ITEMS.split(m.group("who"))
        if len(names) < 2 or not all(1 <= len(n.strip()) <= 10 for n in names):
            continue
        parts, pos = [], m.start("who")
        for n in names:
            n = n.strip()
            at = s.find(n, pos)
            pos = at + len(n)
            parts.append(Part("cooperate", n, at, at + len(n)))
        out.append((m.start(), m.end(), parts))
    for m in _DUTY.finditer(s):
        who = _clean(m.group("who"))
        if not who or any(a <= m.start() < b for a, b, _ in out):
            continue
        role = ROLE_OF_WORD.get(
            m.group("verb"), "cooperate" if "配合" in m.group("verb") else "responsible"
        )
        joins = _JOINED_BY.search(who)
        if role == "responsible" and joins and joins.start() > 0:
            # 由X会同Y、Z等部门负责: X leads, those it is joined by cooperate
            after = re.sub(r"等(有关)?(部门|单位)$", "", who[joins.end() :])
            groups = [("lead", [who[: joins.start()]]), ("cooperate", re.split(r"、", after))]
        else:
            groups = [(role, re.split(r"、", who))]
        named = [(r, _clean(x)) for r, xs in groups for x in xs]
        ok = all(
            (looks_like_agency(n) or is_function_department(n)) and not is_collective_strict(n)
            for _, n in named
        )
        if not ok:
            continue
        parts, pos = [], m.start("who")
        for r, n in named:
            at = s.find(n, pos)
            pos = at + len(n)
            parts.append(Part(r, n, at, at + len(n)))
        out.append((m.start(), m.end(), parts))
    return sorted(out, key=lambda x: x[0])


def is_collective_strict(x: str) -> bool:
    """A group even when it ends like an organisation (各县区政府, 有关部门)."""
    return is_collective(x) and not is_function_department(x)
