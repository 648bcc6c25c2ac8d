"""``graphkit view``: titles, refusals and the ledger, run on the contract store."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from graphkit.analysis import merge_types
from graphkit.cli import cli
from graphkit.viz.page import network_page
from graphkit.viz.styles import NONE, OTHER, colour_categories


@pytest.fixture
def run(contract_store):
    def run(*args):
        return CliRunner().invoke(cli, [*map(str, args), "--store", str(contract_store)])
    return run


def payload(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_empty_result_is_an_error_not_a_blank_page(run, tmp_path):
    out = tmp_path / "c.html"
    result = run("view", "cooperation", "--year", "2019", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "has no nodes" in result.stderr and "2019" in result.stderr


def test_unknown_size_by_is_refused_by_click(run, tmp_path):
    result = run("view", "cooperation", "--size-by", "nonsense", "-o", tmp_path / "c.html")
    assert result.exit_code == 2 and "'nonsense' is not one of" in result.stderr


@pytest.mark.parametrize(
    ("args", "title"),
    [(["cooperation", "--region", "拉萨市", "--year", "2021"],
      "合作网络 cooperation network · 拉萨市 · 2021"),
     (["region", "陕西省"], "合作网络 cooperation network · 陕西省"),
     (["ledger", "--region", "西藏自治区"], "台账 ledger · 西藏自治区")],
)
def test_title_names_the_filters(run, tmp_path, args, title):
    out = tmp_path / "p.html"
    result = run("view", *args, "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert f"<title>{title}</title>" in html and payload(html)["meta"]["title"] == title


def test_ledger_holds_every_measure_with_its_source(run, tmp_path, contract_records):
    out = tmp_path / "ledger.html"
    assert run("view", "ledger", "-o", out).exit_code == 0
    data = payload(out.read_text(encoding="utf-8"))
    measures = contract_records.measures
    assert len(data["rows"]) == len(measures)
    fields = data["meta"]["fields"]
    sources = {(r[fields.index("source")], r[fields.index("line")]) for r in data["rows"]}
    assert sources == {(m.source, m.line) for m in measures}


def test_rare_colour_categories_are_grouped():
    values = [f"type{i}" for i in range(19)] + ["big"] * 30 + ["mid"] * 5 + [""] * 8
    colours, legend = colour_categories(values)
    labels = [k["label"] for k in legend]
    assert labels == ["big", "mid", "other", "(none)"]
    assert colours["type3"] == OTHER and colours[""] == NONE
    assert next(k for k in legend if k["label"] == "other")["count"] == 19


def test_page_lists_shared_measures_on_edges(contract_bipartite):
    from graphkit.analysis import cooperation_graph

    C = cooperation_graph(contract_bipartite, isolates=False)
    data = payload(network_page(C, measures=contract_bipartite))
    for e, (_, _, d) in zip(data["edges"], C.edges(data=True), strict=True):
        texts = sorted(data["measures"][i]["t"] for i in e["ms"])
        assert texts == sorted(contract_bipartite.nodes[m]["text"] for m in d["measures"])
    assert all(not n["vis"]["label"].startswith("http") for n in data["nodes"])


def test_traditional_characters_map_to_the_page_text(contract_bipartite):
    data = payload(network_page(contract_bipartite))
    assert data["t2s"]["場"] == "场" and data["t2s"]["監"] == "监"


def test_contracted_type_merges_into_the_full_one():
    merged = merge_types(["金融监管", "金融监督管理", "金融", "交通运输", "交通"])
    assert merged["金融监管"] == "金融监督管理"
    assert merged["金融"] == "金融" and merged["交通"] == "交通"


@pytest.mark.slow
def test_corpus_has_one_financial_regulation_type(corpus_store):
    from graphkit.analysis import bipartite_graph

    types = {t for _, t in bipartite_graph(corpus_store).nodes(data="functional_type") if t}
    assert "金融监督管理" in types and "金融监管" not in types
