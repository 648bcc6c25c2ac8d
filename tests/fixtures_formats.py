"""Files in other formats made from the corpus texts, for the readers' tests and bench.

Nothing here is third-party: every file is written by this code (openpyxl,
python-docx, LibreOffice headless, Pillow) from ``data/corpus``:

- the 拉萨 2021 ledger (``000``) as an .xlsx with merged 主题 / 事项 cells and
  a two-row header, and as a .docx table with merged 序号 / 主题 / 事项 cells;
  its rows are laid out from the text's own structure (the items of the
  flattened table and their responsibility clauses);
- the 西藏 2017 plan (``002``) as a .docx (one paragraph per line of the
  text), as a PDF (that .docx printed by LibreOffice) and as a gov-style web
  page with a 信息公开 table and ``<meta>`` tags;
- a PDF whose second page is a scanned image of the plan's first two tasks
  (drawn by Pillow with the WenQuanYi font).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
LEDGER = CORPUS / "000_75d57ed65029237d.txt"
PLAN = CORPUS / "002_a353d1155dfef9ed.txt"
LEDGER_TITLE = "拉萨市 2021 年优化营商环境重点工作任务落实台账"  # as the text file writes it
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


@dataclass(frozen=True)
class LedgerRow:
    theme: str  # （一）提升企业开办注销便利度
    number: str  # 1
    item: str  # 简化企业开办流程。
    text: str
    lead: str
    cooperate: str
    deadline: str


def _flat(s: str) -> str:
    return re.sub(r"\s+", "", s)


@lru_cache(maxsize=1)
def ledger_rows() -> tuple[LedgerRow, ...]:
    """The ledger's rows as the flattened text holds them (theme, item, text, agencies, deadline)."""
    from graphkit.extraction.build import extract_file
    from graphkit.extraction.segment import items_of, split_documents
    from graphkit.extraction.text import read_text

    t = read_text(LEDGER)
    items = items_of(t, split_documents(t)[0])
    ex = extract_file(LEDGER)
    lines = t.raw.split("\n")
    first_of: dict[int, int] = {}  # item index -> line of its first measure
    rows = []
    for m in ex.measures:
        k = max(i for i, it in enumerate(items) if it.line <= m.line and it.level == 3)
        first_of.setdefault(k, m.line)
        it = items[k]
        theme = items[it.parent]
        head = _flat("".join(lines[it.line - 1 : first_of[k] - 1]))
        head = re.sub(r"^\d+[.．、]", "", head) or it.title
        lead = "、".join(a.mention for a in m.assignments if a.role == "lead")
        coop = "、".join(a.mention for a in m.assignments if a.role == "cooperate")
        rows.append(
            LedgerRow(
                theme=f"{theme.number}{theme.title}",
                number=m.number,
                item=head,
                text=m.text,
                lead=lead,
                cooperate=coop,
                deadline=m.deadline.text if m.deadline else "",
            )
        )
    return tuple(rows)


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(first, last) indexes of runs of equal consecutive values."""
    out = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            out.append((start, i - 1))
            start = i
    return out


def write_ledger_xlsx(path: Path) -> Path:
    """The ledger as a workbook: title row, a two-row header, 主题 and 事项 merged over their rows."""
    from openpyxl import Workbook

    rows = ledger_rows()
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    wb.properties.title = LEDGER_TITLE
    ws.append([LEDGER_TITLE])
    ws.merge_cells("A1:H1")
    ws.append(["主题", "事项", "具体要求", "责任单位", None, "完成时限", "进展情况", "问题建议"])
    ws.append(
        ["主题", "事项", "具体要求", "牵头单位", "配合单位", "完成时限", "进展情况", "问题建议"]
    )
    for col in "ABCFGH":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    first = 4
    for r in rows:
        ws.append([r.theme, f"{r.number}.{r.item}", r.text, r.lead, r.cooperate, r.deadline])
    for col, key in (("A", lambda r: r.theme), ("B", lambda r: (r.theme, r.number))):
        for a, b in _runs([key(r) for r in rows]):
            if b > a:
                ws.merge_cells(f"{col}{first + a}:{col}{first + b}")
    wb.save(path)
    return path


def write_ledger_docx(path: Path) -> Path:
    """The ledger as a Word table: 序号, 主题 and 事项 merged over their rows; 责任单位 as labels."""
    import docx

    rows = ledger_rows()
    d = docx.Document()
    d.core_properties.title = LEDGER_TITLE
    d.add_paragraph("附件")
    d.add_paragraph(LEDGER_TITLE)
    table = d.add_table(rows=1 + len(rows), cols=6)
    table.style = "Table Grid"  # ruled, as printed ledgers are (and as PDF table finders need)
    for k, h in enumerate(["序号", "主题", "事项", "具体要求", "责任单位", "完成时限"]):
        table.cell(0, k).text = h
    for i, r in enumerate(rows, 1):
        units = f"牵头单位：{r.lead}" + (f"\n配合单位：{r.cooperate}" if r.cooperate else "")
        for k, v in enumerate([r.number, r.theme, r.item, r.text, units, r.deadline]):
            table.cell(i, k).text = v
    for col, key in (
        (0, lambda r: (r.theme, r.number)),
        (1, lambda r: r.theme),
        (2, lambda r: (r.theme, r.number)),
    ):
        for a, b in _runs([key(r) for r in rows]):
            if b > a:
                top = table.cell(1 + a, col)
                text = top.text
                merged = top.merge(table.cell(1 + b, col))
                merged.text = text  # merge() joins the cells' paragraphs; keep one
    d.save(path)
    return path


def plan_lines() -> list[str]:
    return PLAN.read_text(encoding="utf-8").split("\n")


def write_plan_docx(path: Path) -> Path:
    """The 2017 plan as a Word document, one paragraph per line of the text."""
    import docx

    d = docx.Document()
    d.core_properties.title = plan_lines()[0].strip()
    for ln in plan_lines():
        d.add_paragraph(ln)
    d.save(path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """``path`` converted by LibreOffice headless (``pdf``, ``doc``, ``xls``)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = out_dir / ".lo-profile"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return out_dir / f"{path.stem}.{to}"


def write_plan_html(path: Path) -> Path:
    """The 2017 plan as a gov-style article page: 信息公开 table, <meta> tags, navigation, scripts."""
    from html import escape

    lines = plan_lines()
    title = lines[0].strip()
    body = "\n".join(f"<p>{escape(ln)}</p>" for ln in lines[1:] if ln.strip())
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="ArticleTitle" content="{escape(title)}">
<meta name="PubDate" content="2017-08-07 10:30">
<meta name="ContentSource" content="西藏自治区人民政府办公厅">
<title>{escape(title)}_西藏自治区人民政府</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav {{ color: red }}</style></head>
<body>
<div class="header"><nav><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 通知公告</nav></div>
<table class="xxgk">
<tr><td>索引号：</td><td>000014349/2017-00123</td><td>主题分类：</td><td>综合政务</td></tr>
<tr><td>发文机关：</td><td>西藏自治区人民政府办公厅</td><td>成文日期：</td><td>2017年08月01日</td></tr>
<tr><td>标题：</td><td>{escape(title)}</td></tr>
<tr><td>发文字号：</td><td>藏政办发〔2017〕102号</td><td>发布日期：</td><td>2017年08月07日</td></tr>
</table>
<div class="article"><h1>{escape(title)}</h1>
<div class="TRS_Editor">
{body}
</div></div>
<div class="footer"><footer>主办：西藏自治区人民政府办公厅 版权所有 藏ICP备0000号</footer></div>
<script src="/js/share.js"></script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def render_text_image(lines: list[str], *, width: int = 1654, size: int = 40):
    """Lines of Chinese text drawn on a white A4-like page at 200 dpi (a 'scan')."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), size)
    height = max(2339, 160 + len(lines) * int(size * 1.8))
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    y = 120
    for ln in lines:
        draw.text((120, y), ln, font=font, fill=0)
        y += int(size * 1.8)
    return img


#: Lines of the 2017 plan on the text page of the scanned PDF; tasks 1 and 2 are on the scan.
SCAN_AFTER = 11


def scanned_lines(width: int = 24) -> list[str]:
    """What the scanned page shows: tasks 1 and 2 of the 2017 plan, as the text has them, in short lines."""
    lines = plan_lines()
    out: list[str] = []
    tasks: list[str] = []
    for ln in lines[SCAN_AFTER:]:
        if re.match(r"^\s*3[.．]", ln):
            break
        if re.match(r"^\s*\d+[.．]", ln):
            tasks.append("")
        tasks[-1] += _flat(ln)
    for task in tasks:
        out.extend(task[i : i + width] for i in range(0, len(task), width))
    return out


def write_scanned_pdf(path: Path) -> Path:
    """A two-page PDF: page 1 with a text layer (the plan's opening), page 2 a scanned image."""
    import pypdfium2 as pdfium

    tmp = path.with_suffix(".parts")
    tmp.mkdir(exist_ok=True)
    head = tmp / "head.docx"
    import docx

    d = docx.Document()
    for ln in plan_lines()[:SCAN_AFTER]:
        d.add_paragraph(ln)
    d.save(head)
    text_pdf = convert(head, "pdf", tmp)
    scan = tmp / "scan.pdf"
    render_text_image(scanned_lines()).save(scan, "PDF", resolution=200.0)
    out = pdfium.PdfDocument.new()
    for part in (text_pdf, scan):
        src = pdfium.PdfDocument(str(part))
        out.import_pages(src)
        src.close()
    out.save(str(path))
    out.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return path


def write_ledger_html(path: Path) -> Path:
    """The ledger as a web page's table: 主题 and 事项 cells with rowspan, 责任单位 with colspan."""
    from html import escape

    rows = ledger_rows()
    themes = _runs([r.theme for r in rows])
    items = _runs([(r.theme, r.number) for r in rows])
    starts_theme = {a: b - a + 1 for a, b in themes}
    starts_item = {a: b - a + 1 for a, b in items}
    out = [
        "<tr><th rowspan=2>主题</th><th rowspan=2>事项</th><th rowspan=2>具体要求</th>"
        "<th colspan=2>责任单位</th><th rowspan=2>完成时限</th></tr>",
        "<tr><th>牵头单位</th><th>配合单位</th></tr>",
    ]
    for i, r in enumerate(rows):
        cells = []
        if i in starts_theme:
            cells.append(f"<td rowspan={starts_theme[i]}>{escape(r.theme)}</td>")
        if i in starts_item:
            cells.append(f"<td rowspan={starts_item[i]}>{r.number}.{escape(r.item)}</td>")
        cells += [f"<td>{escape(v)}</td>" for v in (r.text, r.lead, r.cooperate, r.deadline)]
        out.append("<tr>" + "".join(cells) + "</tr>")
    page = (
        f'<html><head><meta charset="utf-8"><title>{LEDGER_TITLE}</title></head><body>'
        f'<div class="content"><p>附件</p><p>{LEDGER_TITLE}</p><table border="1">'
        + "\n".join(out)
        + "</table></div></body></html>"
    )
    path.write_text(page, encoding="utf-8")
    return path
