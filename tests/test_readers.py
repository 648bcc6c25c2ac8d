"""Web pages, PDF, Word, Excel and CSV files reach the same records as the text they were made from."""

from __future__ import annotations

import csv
import re
import shutil
import sys
import zipfile
from pathlib import Path

import fixtures_formats as F
import pytest

from graphkit.errors import InputError
from graphkit.extraction.build import extract_file, extract_paths
from graphkit.readers import SUFFIXES, read_path

needs_office = pytest.mark.skipif(F.soffice() is None, reason="LibreOffice not installed")
needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract not installed")


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """Every fixture format, made once for the module."""
    d = tmp_path_factory.mktemp("formats")
    F.write_ledger_xlsx(d / "ledger.xlsx")
    F.write_ledger_docx(d / "ledger.docx")
    F.write_plan_docx(d / "plan.docx")
    F.write_plan_html(d / "plan.html")
    F.write_ledger_html(d / "ledger.html")
    with open(d / "ledger.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([F.LEDGER_TITLE])
        w.writerow(["主题", "事项", "具体要求", "牵头单位", "配合单位", "完成时限"])
        for r in F.ledger_rows():
            w.writerow([r.theme, f"{r.number}.{r.item}", r.text, r.lead, r.cooperate, r.deadline])
    if F.soffice() is not None:
        F.convert(d / "plan.docx", "pdf", d)
    return d


def _measures(ex) -> set:
    return {(m.number, m.text, m.deadline.text if m.deadline else "") for m in ex.measures}


def _assignments(ex) -> set:
    return {
        (m.number, m.text, a.role, a.agency, a.collective)
        for m in ex.measures
        for a in m.assignments
    }


def _targets(ex) -> set:
    return {
        (m.number, m.text, t.value, t.unit, t.comparator, t.phrase)
        for m in ex.measures
        for t in m.targets
    }


@pytest.fixture(scope="module")
def ledger_text():
    return extract_file(F.LEDGER)


@pytest.fixture(scope="module")
def plan_text():
    return extract_file(F.PLAN)


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.docx", "ledger.csv", "ledger.html"])
def test_ledger_forms_give_the_text_forms_measures(made, ledger_text, name):
    ex = extract_file(made / name)
    assert len(ex.measures) == len(ledger_text.measures) == 106
    assert _measures(ex) == _measures(ledger_text)
    assert _assignments(ex) == _assignments(ledger_text)
    assert _targets(ex) == _targets(ledger_text)
    assert ex.documents[0].title == ledger_text.documents[0].title
    assert ex.documents[0].region == "拉萨市"


@pytest.mark.parametrize(
    "name", ["plan.docx", "plan.html", pytest.param("plan.pdf", marks=needs_office)]
)
def test_plan_forms_give_the_text_forms_measures(made, plan_text, name):
    ex = extract_file(made / name)
    assert _measures(ex) == _measures(plan_text)
    assert _assignments(ex) == _assignments(plan_text)


def test_merged_cells_reach_every_row_they_span(made):
    t = read_path(made / "ledger.xlsx")
    rows = [ln.split(" | ") for ln in t.raw.splitlines() if ln.startswith("（一）")]
    # 主题 (一) spans the four rows of its three tasks; 事项 1 spans its two rows
    assert len(rows) == 4
    assert [r[1] for r in rows[:2]] == ["1.简化企业开办流程。"] * 2
    d = read_path(made / "ledger.docx")
    rows = [ln.split(" | ") for ln in d.raw.splitlines() if ln.startswith("1 | ")]
    assert len(rows) == 2 and rows[0][:3] == rows[1][:3]


def test_locators_follow_the_format(made):
    ex = extract_file(made / "ledger.xlsx")
    m = ex.measures[0]
    assert m.locator == "sheet 台账, row 4"
    assert [(a.role, a.locator) for a in m.assignments][:2] == [
        ("lead", "sheet 台账, row 4, col D"),
        ("cooperate", "sheet 台账, row 4, col E"),
    ]
    d = extract_file(made / "ledger.docx").measures[0]
    assert d.locator == "table 1, row 2" and d.assignments[0].locator == "table 1, row 2, cell 5"
    c = extract_file(made / "ledger.csv").measures[0]
    assert c.locator == "row 3" and c.assignments[0].locator == "row 3, col D"
    w = extract_file(made / "ledger.html").measures[0]
    assert w.locator == "table 1, row 3" and w.assignments[0].locator == "table 1, row 3, cell 4"
    h = extract_file(made / "plan.html").measures[0]
    assert re.fullmatch(r"paragraph \d+", h.locator)
    assert extract_file(F.PLAN).measures[0].locator == ""
    row = extract_file(made / "ledger.xlsx").rows().__next__()
    assert row["locator"] == "sheet 台账, row 4"
    assert row["agencies"][0]["locator"] == "sheet 台账, row 4, col D"


@needs_office
def test_pdf_lines_are_located_by_page(made):
    ex = extract_file(made / "plan.pdf")
    pages = {m.locator for m in ex.measures}
    assert pages <= {f"p. {n}" for n in range(1, 10)} and len(pages) > 1


def test_html_metadata_fills_the_document(made, plan_text):
    t = read_path(made / "plan.html")
    assert t.meta["number"] == "藏政办发〔2017〕102号"
    assert t.meta["date"] == "2017-08-01"
    assert t.meta["issuer"] == "西藏自治区人民政府办公厅"
    assert t.meta["evidence"]["number"] == "信息公开 table: 发文字号"
    assert "统计代码" not in t.raw and "版权所有" not in t.raw and "首页" not in t.raw
    assert "索引号" not in t.raw  # the 信息公开 table is metadata, not text
    d = extract_file(made / "plan.html").documents[0]
    assert plan_text.documents[0].number == "" and d.number == "藏政办发〔2017〕102号"
    # the text dates it (its 发布日期 line); the metadata fills only what the text lacks
    assert d.date == plan_text.documents[0].date == "2017-08-07"
    assert d.issuers == ("西藏自治区人民政府办公厅",)
    assert d.title == plan_text.documents[0].title


def test_docx_core_title_kept_and_author_not_taken_for_issuer(made):
    t = read_path(made / "plan.docx")
    assert t.meta["title"].startswith("西藏自治区深化简政放权")
    assert "issuer" not in t.meta and "date" not in t.meta


# --- old formats through LibreOffice ---------------------------------------


@needs_office
def test_doc_and_xls_read_through_libreoffice(made, tmp_path, ledger_text, plan_text):
    doc = F.convert(made / "plan.docx", "doc", tmp_path)
    xls = F.convert(made / "ledger.xlsx", "xls", tmp_path)
    wps = tmp_path / "plan.wps"
    shutil.copy(doc, wps)  # WPS Writer saves .wps files in the Word 97 format
    for path, base in ((doc, plan_text), (wps, plan_text), (xls, ledger_text)):
        ex = extract_file(path)
        assert ex.source == path.name
        assert _measures(ex) == _measures(base), path.name
        assert _assignments(ex) == _assignments(base), path.name


def test_old_format_without_libreoffice_names_it(tmp_path, monkeypatch):
    from graphkit.readers import office

    p = tmp_path / "a.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(InputError, match=r"a\.doc: .*needs LibreOffice"):
        read_path(p)


# --- scanned pages ----------------------------------------------------------


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> Path:
    if F.soffice() is None:
        pytest.skip("LibreOffice not installed")
    return F.write_scanned_pdf(tmp_path_factory.mktemp("scan") / "scan.pdf")


def test_scanned_page_reported_by_page_without_ocr(scanned):
    t = read_path(scanned)
    assert any(n.startswith("p. 2: scanned page") and "--ocr" in n for n in t.notes)
    assert set(t.locators) == {"p. 1"}
    ex = extract_file(scanned)
    assert any("p. 2: scanned page" in p for p in ex.problems)
    assert {m.number for m in ex.measures} == {"（一）"}  # tasks 1 and 2 are on the scanned page


@needs_ocr
def test_scanned_page_read_by_ocr(scanned, plan_text):
    ex = extract_file(scanned, ocr=True)
    by_no = {m.number: m for m in ex.measures}
    base = {m.number: m for m in plan_text.measures}
    assert set(by_no) == {"1", "2"}
    from graphkit.extraction.text import fold_text

    def task(m) -> str:  # the task's own words, before its responsibility clause
        return re.split(r"[(〔\[]", fold_text(m.text))[0].strip()

    for no in ("1", "2"):
        assert by_no[no].locator == "p. 2 (OCR)"
        assert task(by_no[no]) == task(base[no])
    assert {(a.role, a.agency) for a in by_no["1"].assignments} == {
        (a.role, a.agency) for a in base["1"].assignments
    }
    assert all(a.locator == "p. 2 (OCR)" for a in by_no["1"].assignments)


# --- bad files --------------------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "报告.docx"
    p.write_text("这不是一个 Word 文件", encoding="utf-8")
    with pytest.raises(InputError, match=r"报告\.docx: not a Word \(\.docx\) file \(not a zip"):
        read_path(p)


def test_zip_bomb_refused_before_unpacking(tmp_path):
    p = _zip(tmp_path / "bomb.xlsx", {"xl/worksheets/sheet1.xml": b"\0" * (40 * 2**20)})
    assert p.stat().st_size < 2**20
    with pytest.raises(InputError, match=r"bomb\.xlsx: refused: its parts unpack to 40 MB"):
        read_path(p, max_bytes=2**20)


@needs_office
def test_encrypted_and_truncated_pdf(made, tmp_path):
    enc = tmp_path / "enc"
    enc.mkdir()
    opts = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    F.convert(made / "plan.docx", opts, enc)
    locked = next(enc.glob("*.pdf*"))
    locked = locked.rename(enc / "locked.pdf")
    with pytest.raises(InputError, match=r"locked\.pdf: encrypted PDF"):
        read_path(locked)
    data = (made / "plan.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(InputError, match=r"cut\.pdf: not a readable PDF \(PSEOF"):
        read_path(cut)


def test_xlsx_of_a_million_empty_rows_is_bounded(tmp_path):
    from openpyxl import Workbook

    p = tmp_path / "big.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "工作任务", "牵头单位"])
    ws.append([1, "简化企业开办流程。", "市市场监管局"])
    wb.save(p)
    with zipfile.ZipFile(p) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    empty = "".join(f'<row r="{r}"><c r="A{r}" s="0"/></row>' for r in range(3, 1_000_003))
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        "</sheetData>", empty + "</sheetData>"
    ).encode()
    _zip(p, parts)
    t = read_path(p)
    assert t.raw.splitlines() == [
        "序号 | 工作任务 | 牵头单位",
        "1 | 简化企业开办流程。 | 市市场监管局",
    ]


def test_html_of_scripts_only(tmp_path):
    p = tmp_path / "空.html"
    p.write_text(
        "<html><head><script>var a = '拉萨市人民政府';</script><style>p{}</style></head>"
        "<body><script>document.write('通知')</script></body></html>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"空\.html: no text in the page"):
        read_path(p)


def test_missing_extra_names_it(tmp_path, monkeypatch, made):
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as when it is not installed
    with pytest.raises(InputError, match=r"ledger\.xlsx: .*pip install graphkit\[xlsx\]"):
        read_path(made / "ledger.xlsx")


def test_bad_files_cost_only_themselves(made, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("ledger.xlsx", "plan.html", "plan.docx"):
        shutil.copy(made / name, folder / name)
    shutil.copy(F.PLAN, folder / F.PLAN.name)
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "scripts.htm").write_text("<script>x()</script>", encoding="utf-8")
    (folder / "cut.xlsx").write_bytes((made / "ledger.xlsx").read_bytes()[:500])
    results = {
        Path(r.path if isinstance(r, InputError) else r.source).name: r
        for r in extract_paths([folder])
    }
    bad = {k for k, v in results.items() if isinstance(v, InputError)}
    assert bad == {"broken.docx", "scripts.htm", "cut.xlsx"}
    assert all(k in str(results[k]) for k in bad)
    good = {k: len(v.measures) for k, v in results.items() if k not in bad}
    plan = len(extract_paths_one(F.PLAN).measures)  # the text form's own count
    ledger = len(extract_paths_one(F.LEDGER).measures)
    assert plan > 0 and ledger > 0
    assert good == {"ledger.xlsx": ledger, "plan.html": plan, "plan.docx": plan, F.PLAN.name: plan}


def extract_paths_one(path):
    return next(iter(extract_paths([path])))


def test_every_suffix_is_read_from_a_folder(tmp_path):
    from graphkit.extraction.sources import iter_sources

    for s in SUFFIXES:
        (tmp_path / f"a{s}").write_bytes(b"x")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    assert sorted(p.suffix for p in iter_sources([tmp_path])) == sorted(SUFFIXES)


@pytest.mark.parametrize("name", ["ledger.xlsx", "ledger.docx", "ledger.csv"])
def test_dev_gold_scores_of_each_form_equal_the_texts(made, name, test_data):
    """Scored by text match only: the gold's lines are the text file's, so the form's rows
    are given the text file's name and no line."""
    from graphkit.evaluation import load_jsonl, score

    gold = load_jsonl(test_data / "gold" / "lhasa_ledger_2021.jsonl")

    def rows(path):
        return [
            {**{k: v for k, v in r.items() if k != "line"}, "source": F.LEDGER.name}
            for r in extract_file(path).rows()
        ]

    text, form = score(gold, rows(F.LEDGER)).figures(), score(gold, rows(made / name)).figures()
    assert form == text
    assert form["measure_recall"] == 1.0 and form["assignment_f1"] == 1.0


@needs_office
def test_ledger_printed_to_pdf_reads_its_table_across_pages(made, tmp_path, test_data):
    """The ledger's Word table printed to PDF (47 pages): rows broken by a page break are
    joined again; scored against the dev gold by text match."""
    from graphkit.evaluation import load_jsonl, score

    docx = F.write_ledger_docx(tmp_path / "ledger_print.docx")
    pdf = F.convert(docx, "pdf", tmp_path)
    ex = extract_file(pdf)
    assert ex.measures[0].locator == "p. 1, table 1, row 2"
    assert ex.measures[0].assignments[0].locator == "p. 1, table 1, row 2, cell 5"
    gold = load_jsonl(test_data / "gold" / "lhasa_ledger_2021.jsonl")
    rows = [
        {**{k: v for k, v in r.items() if k != "line"}, "source": F.LEDGER.name} for r in ex.rows()
    ]
    s = score(gold, rows)
    assert s.measure_recall >= 0.95 and s.assignment_f1 >= 0.97
