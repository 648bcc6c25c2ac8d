"""CSV formula injection: ledger and table cells that a spreadsheet would run are quoted."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from graphkit.store import build_files
from graphkit.store.export import FORMULA_STARTS, export, spreadsheet_safe

HOSTILE = (
    "拉萨市人民政府关于印发某某方案的通知\n一、任务\n"
    "1.=cmd|' /C calc'!A0 加强监管。（市公安局牵头）\n"
    "2.@SUM(1+1)优化服务。（市税务局负责）\n"
    "3.-2+3完善制度。（市财政局负责）\n"
    "4.+1加强执法。（市商务局负责）\n"
)


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_quoted(start):
    assert spreadsheet_safe(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_safe(f"a{start}1") == f"a{start}1"


def test_ledger_cells_that_would_run_are_quoted(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "inj.txt").write_text(HOSTILE, encoding="utf-8")
    build_files(tmp_path / "kg", [src])
    rows = list(csv.DictReader(io.StringIO(export(tmp_path / "kg", "csv").decode("utf-8"))))
    measures = [r["measure"] for r in rows]
    assert measures == [
        "'=cmd|' /C calc'!A0 加强监管。（市公安局牵头）",  # as written
        "'@SUM(1+1)优化服务。（市税务局负责）",
        "'-2+3完善制度。（市财政局负责）",
        "'+1加强执法。（市商务局负责）",
    ]
    for r in rows:
        assert not any(v.startswith(FORMULA_STARTS) for v in r.values())
        assert r["line"].isdigit()  # numbers stay numbers


def test_table_csv_quotes_text_and_leaves_numbers(tmp_path):
    from graphkit.cli import emit_table

    table = pd.DataFrame(
        {"agency": ["=HYPERLINK(\"http://x\")", "市公安局", "\tcmd"], "delta": [-1, 2, -0.5],
         "note": ["-minus", "@at", "ok"]},
        index=pd.Index(["+a", "b", "c"], name="key"),
    )
    out = tmp_path / "t.csv"
    emit_table(table, "csv", out)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["key", "agency", "delta", "note"]
    assert rows[1] == ["'+a", "'=HYPERLINK(\"http://x\")", "-1.0", "'-minus"]
    assert rows[2] == ["b", "市公安局", "2.0", "'@at"]
    assert rows[3] == ["c", "'\tcmd", "-0.5", "ok"]
