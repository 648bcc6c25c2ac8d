"""The user's manifest and alias table, through extract, build and the records."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.errors import InputError
from graphkit.extraction import extract_paths
from graphkit.extraction.hints import load_hints

PLAN = "重点任务分工方案\n1.优化服务。（区发改局牵头，区财政局配合）\n2.加强监管。（区市场监管局负责）\n"


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    (d / "caidian.txt").write_text(PLAN, encoding="utf-8")
    (d / "other.txt").write_text(PLAN, encoding="utf-8")
    (tmp_path / "m.csv").write_text(
        "file,region,title,date,issuer\ncaidian.txt,蔡甸区,蔡甸区分工方案,2023-03-01,\n", encoding="utf-8"
    )
    (tmp_path / "a.tsv").write_text(
        "mention\tregion\tcanonical\n区发改局\t蔡甸区\t武汉市蔡甸区发展和改革局（蔡甸区物价局）\n",
        encoding="utf-8",
    )
    return d


def test_the_manifest_places_a_document_that_does_not_say_where_it_is_from(folder, tmp_path):
    hints = load_hints(manifest=tmp_path / "m.csv")
    got = {ex.source: ex for ex in extract_paths([folder], hints=hints)}
    doc = got["caidian.txt"].documents[0]
    assert (doc.region, doc.region_evidence, doc.date) == ("蔡甸区", "manifest 蔡甸区", "2023-03-01")
    agencies = [a.agency for a in got["caidian.txt"].measures[0].assignments]
    assert agencies == ["武汉市蔡甸区发展和改革局", "武汉市蔡甸区财政局"]
    # the file the manifest does not name keeps its agencies to itself
    assert {a.scope for a in got["other.txt"].measures[0].assignments} == {"other.txt/d1"}


def test_the_alias_table_renames_and_keeps_the_old_name(folder, tmp_path):
    hints = load_hints(manifest=tmp_path / "m.csv", lexicon=tmp_path / "a.tsv")
    ex = next(e for e in extract_paths([folder], hints=hints) if e.source == "caidian.txt")
    lead = ex.measures[0].assignments[0]
    assert lead.agency == "武汉市蔡甸区发展和改革局（蔡甸区物价局）"
    assert "武汉市蔡甸区发展和改革局" in ex.agencies[lead.agency].alt_labels


def test_a_malformed_alias_table_names_its_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("mention\tregion\tcanonical\n区发改局 蔡甸区\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv: line 2"):
        load_hints(lexicon=bad)


def test_cli_takes_the_hints_and_a_build_with_other_hints_is_full(folder, tmp_path):
    runner = CliRunner()
    out = runner.invoke(cli, ["agencies", str(folder), "--format", "csv", "--manifest",
                              str(tmp_path / "m.csv"), "--lexicon", str(tmp_path / "a.tsv")])
    assert out.exit_code == 0, out.output
    names = {r["agency"] for r in csv.DictReader(io.StringIO(out.stdout))}
    assert "武汉市蔡甸区发展和改革局（蔡甸区物价局）" in names
    store = str(tmp_path / "store")
    args = ["build", str(folder), "--store", store, "--manifest", str(tmp_path / "m.csv")]
    assert runner.invoke(cli, args).exit_code == 0
    again = runner.invoke(cli, args)
    assert "0 extracted, 2 unchanged" in again.stderr
    plain = runner.invoke(cli, ["build", str(folder), "--store", store])
    assert "2 extracted, 0 unchanged" in plain.stderr
    broken = runner.invoke(cli, ["extract", str(folder), "--lexicon", str(tmp_path / "m.csv")])
    assert broken.exit_code != 0 and "m.csv: line" in broken.output
