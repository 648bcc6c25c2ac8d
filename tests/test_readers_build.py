"""``graphkit build`` over a folder of mixed formats: one graph, locators in it, incremental per file."""

from __future__ import annotations

import shutil
from pathlib import Path

import fixtures_formats as F
import pytest
from test_incremental import graphs, of_source, union_of_named

from graphkit.store import build_files, query

XLSX = "ledger.xlsx"


@pytest.fixture(scope="module")
def mixed(tmp_path_factory) -> Path:
    """txt + html + pdf + docx + xlsx: the corpus's report, the plan as a page and a PDF, the ledger as a workbook."""
    d = tmp_path_factory.mktemp("mixed")
    shutil.copy(F.CORPUS / "004_abf73070d00dbf85.txt", d)
    F.write_plan_html(d / "plan.html")
    F.write_plan_docx(d / "plan.docx")
    F.write_ledger_xlsx(d / XLSX)
    if F.soffice() is not None:
        made = tmp_path_factory.mktemp("pdf")
        F.write_plan_docx(made / "plan_print.docx")
        F.convert(made / "plan_print.docx", "pdf", d)
    return d


def test_mixed_folder_builds_one_graph(mixed, tmp_path):
    kg = tmp_path / "kg"
    summary = build_files(kg, [mixed])
    assert not summary.skipped
    sources = set(
        query(kg, "SELECT DISTINCT ?s WHERE { ?d a gk:Document ; gk:sourceFile ?s }")["s"]
    )
    want = {"004_abf73070d00dbf85.txt", "plan.html", "plan.docx", XLSX}
    if F.soffice() is not None:
        want.add("plan_print.pdf")
    assert sources == want
    # one graph: the plan's lead agency is the same node whichever file named it
    rows = query(
        kg,
        "SELECT DISTINCT ?src WHERE { ?a skos:prefLabel ?l ; gk:leads ?m . "
        "?m gk:sourceFile ?src FILTER(str(?l) = '西藏自治区工商行政管理局') }",
    )
    assert {"plan.html", "plan.docx"} <= set(rows["src"])
    locs = query(
        kg,
        "SELECT ?loc ?aloc WHERE { ?m gk:sourceFile 'ledger.xlsx' ; gk:measureNumber '1' ; "
        "gk:locator ?loc ; prov:qualifiedAssociation ?a . ?a gk:locator ?aloc }",
    )
    assert set(locs["loc"]) == {"sheet 台账, row 4", "sheet 台账, row 5"}
    assert "sheet 台账, row 4, col D" in set(locs["aloc"])
    # the 信息公开 table gave the page's document its 文号
    num = query(kg, "SELECT ?n WHERE { ?d gk:sourceFile 'plan.html' ; gk:documentNumber ?n }")
    assert list(num["n"]) == ["藏政办发〔2017〕102号"]


def test_changed_xlsx_replaces_only_its_graphs(mixed, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(mixed, folder)
    kg = tmp_path / "kg"
    build_files(kg, [folder])
    before = graphs(kg)
    from openpyxl import load_workbook

    wb = load_workbook(folder / XLSX)
    ws = wb["台账"]
    assert ws["D4"].value == "市市场监管局"
    ws["D4"] = "市统计局"
    wb.save(folder / XLSX)
    summary = build_files(kg, [folder])
    assert summary.extracted == [XLSX]
    after = graphs(kg)
    others = {g for g in before if g and XLSX not in g}
    assert others and all(after[g] == before[g] for g in others)
    assert of_source(before, XLSX) != of_source(after, XLSX)
    assert after[""] == union_of_named(after)
    leads = query(
        kg,
        "SELECT ?label WHERE { ?a gk:leads ?m ; skos:prefLabel ?label . "
        "?m gk:sourceFile 'ledger.xlsx' ; gk:locator 'sheet 台账, row 4' }",
    )["label"].tolist()
    assert [str(x) for x in leads] == ["拉萨市统计局"]


def test_streamed_quads_equal_the_library_build(mixed, tmp_path):
    """The workers' N-Quads path writes the locators exactly as ``graphkit.store.build`` does."""
    from graphkit.extraction import extract_paths
    from graphkit.store import build

    build_files(tmp_path / "files", [mixed], jobs=2)
    build(tmp_path / "records", extract_paths([mixed]))
    assert graphs(tmp_path / "files") == graphs(tmp_path / "records")


def test_ledger_csv_and_extract_show_locators(mixed, tmp_path, run_cli):
    kg = tmp_path / "kg"
    build_files(kg, [mixed / XLSX])
    result = run_cli("export", "--store", str(kg), "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].endswith(",source,line,locator")
    assert any(ln.endswith(',ledger.xlsx,4,"sheet 台账, row 4"') for ln in lines)
    ex = run_cli("extract", str(mixed / XLSX))
    first = ex.stdout.splitlines()[0]
    assert (
        '"locator": "sheet 台账, row 4"' in first
        and '"locator": "sheet 台账, row 4, col D"' in first
    )
