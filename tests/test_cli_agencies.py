"""``graphkit agencies``: the review of the agencies a user's own texts resolve to."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from graphkit.cli import cli


def _folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "yinchuan.txt").write_text(
        "银川市人民政府关于印发工作方案的通知\n1.压缩时限。（市审批局牵头，市公安局配合）\n", encoding="utf-8"
    )
    (d / "yinchuan2.txt").write_text(
        "银川市人民政府关于印发实施意见的通知\n1.一窗办理。（市审批服务管理局牵头）\n", encoding="utf-8"
    )
    (d / "unknown.txt").write_text(
        "重点任务分工方案\n1.优化服务。（区司法局牵头，区财政局配合）\n", encoding="utf-8"
    )
    return d


def test_agencies_lists_and_flags(tmp_path):
    result = CliRunner().invoke(cli, ["agencies", str(_folder(tmp_path)), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = {r["agency"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["银川市公安局"]["flags"] == ""
    assert "possible duplicate of 银川市审批服务管理局" in rows["银川市审批局"]["flags"]
    assert "scoped to its document" in rows["区司法局"]["flags"]
    assert rows["区司法局"]["scope"] == "unknown.txt/d1"


def test_agencies_flagged_only(tmp_path):
    result = CliRunner().invoke(
        cli, ["agencies", str(_folder(tmp_path)), "--flagged", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    names = {r["agency"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert "银川市公安局" not in names and "区司法局" in names
