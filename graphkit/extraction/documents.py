"""A document's metadata: title, issuers, region, type, year, date and citations."""

from __future__ import annotations

import itertools
import re

from graphkit.extraction import regions
from graphkit.extraction.hints import ManifestEntry
from graphkit.extraction.resolve import Context, resolve
from graphkit.extraction.segment import (
    DOC_TYPES,
    DocSpan,
    lines_of,
)
from graphkit.extraction.text import Text, written
from graphkit.records import Citation, Document, Region

_ISSUER_SPLIT = re.compile(r"关于|印发")
DATE_PAREN_END = re.compile(r"\(\s*\d{4}\s*年[^()]{0,12}\)\s*$")
_GOV = re.compile(r"(人民政府|政府办公厅|政府办公室|党委|省委|市委|区委|县委|委员会办公厅)$")


def make_document(
    t: Text, span: DocSpan, n: int, *, given: ManifestEntry | None = None, only: bool = False
) -> tuple[Document, Context]:
    """A document's record and the context its mentions are read in.

    ``given`` is the user's manifest row for the file: its region decides for
    a file of one document (``only``), and for the others where the document
    says none; its title, date and issuer fill what the document does not give.
    """
    # matching reads folded text; the record keeps the title as written
    folded = span.title.replace("(", "（").replace(")", "）")
    title = span.written_title or span.title
    inner, inner_written = _inner_title(t, span)
    if inner and re.search(r"印发|转发", span.title):
        folded, title = inner, inner_written
    issuer_text = (
        _ISSUER_SPLIT.split(span.title, maxsplit=1)[0] if _ISSUER_SPLIT.search(span.title) else ""
    )
    issuers = _split_issuers(issuer_text)
    if not issuers and given is not None and given.issuer:
        issuers = _split_issuers(given.issuer)
    if not issuers:
        # a page's own record of its issuer: 「发布机构: 广东省卫生健康委员会」
        m = _ISSUER_FIELD.search(t.fold[span.start : min(span.end, span.start + 600)])
        if m:
            issuers = _split_issuers(m.group(1))
    region, evidence = locate_document(
        t, span, issuers, inner, given=given.region if given else "", first=only
    )
    province = ""
    city = ""
    path: tuple[str, ...] = ()
    if region is not None:
        chain = regions.region_path(region.code)
        path = tuple(r.name for r in chain)
        province = chain[0].name
        city = next((r.name for r in chain if r.level == "city"), "")
    region_name = region.name if region else ""
    ctx = Context(region=region_name, province=province, city=city)
    issuer_label = ""
    if issuers and not _GOV.search(issuers[-1]) and len(issuers) == 1:
        issuer_label = resolve(issuers[0], ctx).label
        # an agency's 办公室 issues for the agency: its divisions are the agency's
        issuer_label = re.sub(r"(局|厅|委员会)(?:办公室|办公厅)$", r"\1", issuer_label)
    doc_type = _doc_type(span.title, inner)
    year = _year(span, folded)
    ctx = Context(
        region=region_name,
        province=province,
        issuer=issuer_label,
        city=city,
        year=year,
        national=evidence == NATIONAL,
    )
    date = span.date or (str(year) if year else "") or (given.date if given else "")
    if given is not None and not title.strip() and given.title:
        title = given.title
    doc = Document(
        id=f"{t.source}/d{n}",
        source=t.source,
        line=span.line,
        end_line=span.end_line,
        title=title,
        issuers=tuple(resolve(i, ctx).label for i in issuers),
        date=date,
        number=span.number,
        region=region_name,
        region_path=path,
        region_evidence=evidence,
        doc_type=doc_type,
        cites=tuple(_citations(t, span)),
    )
    return doc, ctx


def _inner_title(t: Text, span: DocSpan) -> tuple[str, str]:
    """The title of the plan a notice wraps, a title line before the first item:
    folded (with full-width brackets, as matching reads it) and as written."""
    from graphkit.extraction.segment import _is_title_line

    lines = lines_of(t, span.start, min(span.end, span.start + 6000))
    for ln in lines[1:60]:
        if ln.no <= span.title_end_line or DATE_PAREN_END.search(ln.fold):
            continue
        if re.match(r"^(一|\(一\)|1[.．、]|第一条)", ln.fold):
            break
        flat = re.sub(r"\s+", "", ln.fold)
        if _is_title_line(ln.fold) and not flat.endswith("通知"):
            folded = flat.replace("(", "（").replace(")", "）")
            return folded, written(t, flat, ln.start, ln.end) or folded
    return "", ""


def _split_issuers(s: str) -> list[str]:
    s = re.sub(r"\s+", "", s)
    if not s:
        return []
    # 中共陕西省委陕西省人民政府 / 中共延安市委延安市人民政府 / X、Y
    parts = re.split(r"、|(?<=委)(?=[\u4e00-\u9fff]{2,}(?:省|市|区|县|自治区)人民政府)", s)
    return [p for p in parts if p]


def _doc_region(issuers: list[str], title: str, inner: str, province: str) -> Region | None:
    for text in [*issuers, title, inner]:
        found = regions.regions_in(text[:30])
        if province:
            found = [r for r in found if regions.region_path(r.code)[0].short == province] or found
        if found:
            return max(
                found,
                key=lambda r: (
                    ("province", "city", "county").index(r.level)
                    if r.level in ("province", "city", "county")
                    else 0
                ),
            )
    if province:
        return regions.find_region(province)
    return None


#: Single-character province abbreviations that open a 文号 (鄂政发, 豫政, 浙政办发).
PROVINCE_ABBR = {
    "京": "北京市", "津": "天津市", "沪": "上海市", "渝": "重庆市", "冀": "河北省", "晋": "山西省",
    "辽": "辽宁省", "吉": "吉林省", "黑": "黑龙江省", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "琼": "海南省", "川": "四川省", "黔": "贵州省", "滇": "云南省", "云": "云南省",
    "陕": "陕西省", "甘": "甘肃省", "青": "青海省", "藏": "西藏自治区", "桂": "广西壮族自治区",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区", "蒙": "内蒙古自治区", "内蒙": "内蒙古自治区",
}  # fmt: skip
_NUMBER_HEAD = re.compile(r"([\u4e00-\u9fff]{1,8}?)(?:政|府|办|委|发|字|函)[\u4e00-\u9fff]{0,4}[〔\[(【]\s*\d{4}")
_NATIONAL_NUMBER = re.compile(r"国(?:办|发|函|令)|国务院")
_BRANCH_OF = re.compile(r"局([\u4e00-\u9fff]{2,3}?)分局")
_OWN_PLACE = re.compile(
    r"(?:结合|立足|根据)(?:我|全)?([\u4e00-\u9fff]{2,8}?)(?:实际|实情|市情|县情|区情|省情)"
)
_PREFIX_MENTION = re.compile(
    r"(?:^|[（(，,、；;：:\s]|牵头|配合|负责)(省|自治区|市|区|县|州|旗)"
    r"(?!场|民|级|直|委员会|属|内|外|域|里)[\u4e00-\u9fff]{1,14}?(?:局|厅|委|办|中心|院|部|会|队)"
)
_LEVEL_OF_CHAR = {
    "省": "province", "自治区": "province", "市": "city", "州": "city",
    "区": "county", "县": "county", "旗": "county",
}  # fmt: skip
#: The evidence of a national document (国务院, 国办发): it has no region.
NATIONAL = "中华人民共和国"


def locate_document(
    t: Text, span: DocSpan, issuers: list[str], inner: str, *, given: str = "", first: bool = False
) -> tuple[Region | None, str]:
    """The region that issued a document, with the evidence for it.

    Where the document says it, in order: its issuers in the heading, its title,
    the 文号 (鄂政发 → 湖北省; a county's or district's short name, 蔡政办 →
    蔡甸区, read among the regions the text names), an issuer named on a line of
    its own around the title or in the signature at its end, a signature over its
    date wherever it stands (before attachments: 某县人民政府办公室 / 2024年3月5日),
    「结合X实际」, and
    the file's name. The prefix its responsibility clauses use most (区X局, 县X局,
    省X厅) says the level wanted: a candidate of a higher level is walked down to
    the one region of that level the text names, or kept while better evidence is
    looked for. A national document (国务院, 国办发) has no region and the
    evidence :data:`NATIONAL`. ``given`` is the region a user's manifest gives:
    it decides when ``first`` (a file of one document), else it is the last resort.

    Examples
    --------
    >>> from graphkit.extraction.segment import split_documents
    >>> from graphkit.extraction.text import from_string
    >>> t = from_string("关于印发重点任务分工的通知\\n鄂政办发〔2023〕5号\\n"
    ...                 "1.优化服务。（省发展改革委牵头，省财政厅配合）\\n", source="a.txt")
    >>> region, why = locate_document(t, split_documents(t)[0], [], "")
    >>> region.name, why
    ('湖北省', '文号 鄂政办发〔2023〕5号')
    """
    manifest = regions.find_region(given) if given else None
    if manifest is not None and first:
        return manifest, f"manifest {given}"
    flat = re.sub(r"\s+", "", t.fold[span.start : min(span.end, span.start + 4000)])
    head = [ln.fold.strip() for ln in lines_of(t, span.start, min(span.end, span.start + 1500))]
    tail = [ln.fold.strip() for ln in lines_of(t, max(span.start, span.end - 800), span.end)]
    want = _wanted_level(t.fold[span.start : span.end])
    named = regions.regions_in(flat[:3000])
    candidates: list[tuple[str, str]] = [(text, "issuer " + text) for text in issuers]
    meta_issuer = getattr(t, "meta", {}).get("issuer", "")
    if meta_issuer:
        candidates.append((meta_issuer, "metadata issuer " + meta_issuer))
    candidates.append((span.title, "title"))
    if inner:
        candidates.append((inner, "title"))
    number = span.number or _number_in(flat[:600])
    if number:
        candidates.append((_number_place(number, named), "文号 " + number))
    for ln in head[:20] + tail[-12:]:
        if _is_issuer_line(ln):
            candidates.append((ln, "issuer line " + ln[:30]))
    # a signature over its date ends the notice, wherever the attachments after it end
    every = [ln.fold.strip() for ln in lines_of(t, span.start, span.end)]
    for ln, nxt in itertools.pairwise(every):
        if _is_issuer_line(ln) and _SIGNATURE_DATE.match(re.sub(r"\s+", "", nxt)):
            gm = re.match(r"^(.{2,12}?)人民政府", ln)
            place = regions.find_region(gm.group(1)) if gm else None
            # a short county name reads as a place before 人民政府: written out with its city
            text = "".join(r.name for r in regions.region_path(place.code)) if place else ln
            candidates.append((text, "signature " + ln[:30]))
    m = _OWN_PLACE.search(flat)
    if m:
        candidates.append((m.group(1), m.group(0)))
    for bm in _BRANCH_OF.finditer(flat):
        # 市生态环境局咸安分局: a city bureau's branch named after the county or district
        for suffix in ("区", "县", "市"):
            place = regions.find_region(bm.group(1) + suffix)
            if place is not None and place.level == "county":
                candidates.append((place.name, f"the branch {bm.group(0)}"))
                break
    candidates.append((t.source, "file name " + t.source))
    first_higher: tuple[Region, str] | None = None
    for text, why in candidates:
        found = regions.regions_in(text[:60]) if text else []
        if span.province:
            found = [
                r for r in found if regions.region_path(r.code)[0].short == span.province
            ] or found
        if not found:
            continue
        best = max(found, key=_depth)
        if want is None or _level_fits(best, want):
            return best, why
        lower = _walk_down(best, want, named)
        if lower is not None:
            return lower, f"{why}; {lower.name} named in the text"
        if first_higher is None and _depth(best) < _LEVELS.index(want):
            first_higher = (best, why)
    if _NATIONAL_NUMBER.search((span.number or "") + span.title[:40] + "".join(issuers)):
        return None, NATIONAL
    if want is None:
        bodies = _national_bodies_named(flat)
        if len(bodies) >= 3:
            return None, NATIONAL
    for r in named:
        if want is not None and _level_fits(r, want):
            return r, f"named in the text: {r.name}"
    if manifest is not None:
        return manifest, f"manifest {given}"
    if first_higher is not None:
        return first_higher
    if span.province:
        r = regions.find_region(span.province)
        return r, f"section heading {span.province}" if r else ""
    return None, ""


#: The State Council's ministries, which only national documents assign by these names.
_MINISTRIES = re.compile(
    r"(?<![省市区县州])(外交部|国防部|发展改革委|教育部|科技部|工业和信息化部|国家民委|公安部|民政部|司法部|财政部|"
    r"人力资源社会保障部|自然资源部|生态环境部|住房城乡建设部|交通运输部|水利部|农业农村部|商务部|"
    r"文化和旅游部|卫生健康委|退役军人部|应急部|审计署|海关总署|税务总局|市场监管总局|广电总局|"
    r"体育总局|统计局|医保局|国资委|证监会|银保监会|人民银行)"
)


def _national_bodies_named(text: str) -> set[str]:
    """The State Council bodies a text names by their national short names."""
    return {m.group(1) for m in _MINISTRIES.finditer(text)}


_LEVELS = ("province", "city", "county")


def _depth(r: Region) -> int:
    return _LEVELS.index(r.level) if r.level in _LEVELS else 0


def _level_fits(r: Region, want: str) -> bool:
    if want == "city":  # 市 is a city, or a county-level city
        return r.level == "city" or (r.level == "county" and r.name.endswith("市"))
    if want == "county":
        return r.level == "county"
    return r.level == want


def _walk_down(r: Region, want: str, named: list[Region]) -> Region | None:
    """The one region of level ``want`` under ``r`` that the text names."""
    if _depth(r) >= _LEVELS.index(want):
        return None
    under = [x for x in named if _level_fits(x, want) and r in regions.region_path(x.code)]
    return under[0] if len(set(under)) == 1 else None


def _wanted_level(text: str) -> str | None:
    """The level the responsibility clauses' prefixes point to (区X局 → county)."""
    counts: dict[str, int] = {}
    for m in _PREFIX_MENTION.finditer(text):
        lv = _LEVEL_OF_CHAR[m.group(1)]
        counts[lv] = counts.get(lv, 0) + 1
    if not counts:
        return None
    lv, n = max(counts.items(), key=lambda kv: kv[1])
    return lv if n >= 2 else None


def _number_in(text: str) -> str:
    m = re.search(r"[\u4e00-\u9fff]{1,10}[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,4}\s*号", text)
    return m.group(0) if m else ""


def _number_place(number: str, named: list[Region]) -> str:
    """The place a 文号 opens with: a region the text names, or a province's abbreviation."""
    m = _NUMBER_HEAD.match(number)
    head = m.group(1) if m else number[:2]
    for r in named:
        if r.short and (head == r.short or (len(head) >= 2 and r.name.startswith(head))):
            return r.name
    for n in (2, 1):
        if head[:n] in PROVINCE_ABBR:
            return PROVINCE_ABBR[head[:n]]
    for r in named:
        if r.level == "county" and r.name.startswith(head[:1]):
            return r.name
    return head


_ISSUER_FIELD = re.compile(
    r"^[ \t]*(?:发布机构|发文机关|发文单位)[ \t]*[:：][ \t]*([\u4e00-\u9fff]{4,30})[ \t]*$", re.M
)
_ISSUER_LINE = re.compile(
    r"^(?:来源[:：]|发文机关[:：|]?|发布机构[:：|]?|信息来源[:：]|发布单位[:：])?(中共)?"
    r"[\u4e00-\u9fff]{2,20}?(人民政府|人民政府办公室|人民政府办公厅|办公室|办公厅|委员会|局|厅)"
)


_SIGNATURE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


def _is_issuer_line(line: str) -> bool:
    flat = re.sub(r"\s+", "", line)
    return bool(flat) and len(flat) <= 40 and bool(_ISSUER_LINE.match(flat))


def region_codes(doc: Document) -> list[str]:
    out = []
    for name in doc.region_path:
        r = regions.find_region(name)
        if r is not None:
            out.append(r.code)
    return out


_TYPE_RE = re.compile("(" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + ")")


def _doc_type(title: str, inner: str) -> str:
    for text in (inner, re.sub(r"的通知$", "", title), title):
        if not text:
            continue
        found = _TYPE_RE.findall(text)
        if found:
            last = found[-1]
            for generic in ("方案", "意见", "要点", "措施", "清单"):
                if last.endswith(generic):
                    return generic
            return last
    return ""


def _year(span: DocSpan, title: str) -> int | None:
    if span.date:
        return int(span.date[:4])
    m = re.search(r"(20\d\d|19\d\d)\s*年", title) or re.search(r"〔(\d{4})〕", span.number)
    return int(m.group(1)) if m else None


_CITE = re.compile(r"《([^《》\n]{2,80}?)》")
_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}\s*[〔\[(【]\s*\d{4}\s*[〕\])】]\s*\d{1,4}\s*号")


def _citations(t: Text, span: DocSpan) -> list[Citation]:
    seen: dict[str, Citation] = {}
    flat_fold = t.fold[span.start : span.end]
    for m in _CITE.finditer(flat_fold):
        title = re.sub(r"\s+", "", t.raw[span.start + m.start(1) : span.start + m.end(1)])
        after = re.sub(r"\s+", "", flat_fold[m.end() : m.end() + 60])
        nm = _NUMBER.match(after.lstrip("(（")) if after[:1] in "(（" else None
        number = nm.group(0) if nm else ""
        if title in seen and (seen[title].number or not number):
            continue
        seen[title] = Citation(title, number, t.line_of(span.start + m.start()))
    return list(seen.values())
