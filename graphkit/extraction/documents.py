"""A document's metadata: title, issuers, region, type, year, date and citations."""

from __future__ import annotations

import re

from graphkit.extraction import regions
from graphkit.extraction.resolve import Context, resolve
from graphkit.extraction.segment import (
    DOC_TYPES,
    DocSpan,
    lines_of,
)
from graphkit.extraction.text import Text
from graphkit.records import Citation, Document, Region

_ISSUER_SPLIT = re.compile(r"关于|印发")
DATE_PAREN_END = re.compile(r"\(\s*\d{4}\s*年[^()]{0,12}\)\s*$")
_GOV = re.compile(r"(人民政府|政府办公厅|政府办公室|党委|省委|市委|区委|县委|委员会办公厅)$")


def make_document(t: Text, span: DocSpan, n: int) -> tuple[Document, Context]:
    raw_title = _raw(t, span.line, span.title)
    title = raw_title
    inner = _inner_title(t, span)
    if inner and re.search(r"印发|转发", span.title):
        title = inner
    issuer_text = (
        _ISSUER_SPLIT.split(span.title, maxsplit=1)[0] if _ISSUER_SPLIT.search(span.title) else ""
    )
    issuers = _split_issuers(issuer_text)
    region = _doc_region(issuers, span.title, inner, span.province)
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
    doc_type = _doc_type(span.title, inner)
    year = _year(span, title)
    ctx = Context(region=region_name, province=province, issuer=issuer_label, city=city, year=year)
    date = span.date or (str(year) if year else "")
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
        doc_type=doc_type,
        cites=tuple(_citations(t, span)),
    )
    return doc, ctx


def _raw(t: Text, line: int, folded_title: str) -> str:
    """The title as written (the folded title mapped back to the raw text)."""
    return folded_title.replace("(", "（").replace(")", "）")


def _inner_title(t: Text, span: DocSpan) -> str:
    """The title of the plan a notice wraps: a title line before the first item."""
    from graphkit.extraction.segment import _is_title_line

    lines = lines_of(t, span.start, min(span.end, span.start + 6000))
    for ln in lines[1:60]:
        if ln.no <= span.title_end_line or DATE_PAREN_END.search(ln.fold):
            continue
        if re.match(r"^(一|\(一\)|1[.．、]|第一条)", ln.fold):
            break
        flat = re.sub(r"\s+", "", ln.fold)
        if _is_title_line(ln.fold) and not flat.endswith("通知"):
            return flat.replace("(", "（").replace(")", "）")
    return ""


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
