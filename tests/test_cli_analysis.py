from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from test_viz import payload

from graphkit.cli import cli

COMMANDS = ["centrality", "brokers", "communities", "compare", "view", "network"]


@pytest.fixture()
def run(contract_store):
    def invoke(*args: str):
        return CliRunner().invoke(cli, [*args, "--store", str(contract_store)])

    return invoke


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--store" in result.output


def test_metric_choices_are_the_library_metrics():
    from graphkit.analysis import METRICS

    option = next(p for p in cli.commands["centrality"].params if p.name == "metric")
    assert tuple(option.type.choices) == METRICS


def test_centrality_json(run):
    result = run("centrality", "--format", "json", "--top", "3")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["agency"] == "拉萨市市场监督管理局" and rows[0]["led"] == 2
    assert "…" not in result.stderr  # no progress lines outside a terminal


def test_centrality_table_and_csv(run, tmp_path):
    table = run("centrality", "--role", "cooperate", "--metric", "pagerank")
    assert table.exit_code == 0 and "pagerank" in table.stdout.splitlines()[0]
    out = tmp_path / "c.csv"
    result = run("centrality", "--region", "陕西省", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["agency"][:3] for r in rows} == {"陕西省"}


def test_centrality_by_province(run):
    result = run("centrality", "--by", "province", "--top", "1", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["province_group"] for r in rows} == {"西藏自治区", "陕西省", "甘肃省"}


def test_brokers(run):
    result = run("brokers", "--format", "json", "--top", "1")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)
    assert row["agency"] == "拉萨市市场监督管理局" and row["effective_size"] > 3


def test_communities(run):
    result = run("communities", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert sum(r["size"] for r in rows) == 15 and all(r["leading_agency"] for r in rows)


@pytest.mark.parametrize(
    ("what", "expect"),
    [("types", "市场监督管理"), ("concentration", "top_share"), ("targets", "企业开办"),
     ("target-list", "压缩至2个工作日")],
)
def test_compare(run, what, expect):
    result = run("compare", "--what", what)
    assert result.exit_code == 0, result.output
    assert expect in result.stdout


@pytest.mark.parametrize(
    ("args", "nodes"),
    [(["cooperation"], 14), (["bipartite"], 27), (["agency", "市市场监管局"], 10),
     (["region", "540000"], 9)],
)
def test_view(run, tmp_path, args, nodes):
    out = tmp_path / "v.html"
    result = run("view", *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(payload(out.read_text(encoding="utf-8"))["nodes"]) == nodes
    assert f"({nodes} nodes" in result.stderr


def test_view_colour_by_community(run, tmp_path):
    out = tmp_path / "v.html"
    assert run("view", "cooperation", "--color-by", "community", "-o", str(out)).exit_code == 0
    legend = payload(out.read_text(encoding="utf-8"))["meta"]["legend"]
    assert {k["label"] for k in legend} == {"C1", "C2", "C3", "C4", "C5"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["view", "agency"], 2, "needs a NAME"),
        (["view", "agency", "火星局"], 1, "no agency named"),
        (["view", "region", "城关区"], 1, "give its division code"),
        (["centrality", "--year", "1999"], 0, "(no rows)"),
        (["network", "-o", "x.dot"], 2, "--format"),
    ],
)
def test_errors_are_messages(run, args, code, message):
    result = run(*args)
    assert result.exit_code == code and message in result.output
    assert "Traceback" not in result.output


def test_missing_store(tmp_path):
    result = CliRunner().invoke(cli, ["centrality", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "no store" in result.output


@pytest.mark.parametrize(
    ("graph", "fmt", "read", "edges"),
    [("cooperation", "gexf", nx.read_gexf, 17), ("collaboration", "graphml", nx.read_graphml, 16),
     ("bipartite", "gexf", nx.read_gexf, 31), ("regions", "graphml", nx.read_graphml, 4),
     ("citations", "gexf", nx.read_gexf, 3)],
)
def test_network_export(run, tmp_path, graph, fmt, read, edges):
    out = tmp_path / f"g.{fmt}"
    result = run("network", "--graph", graph, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert read(out).number_of_edges() == edges


def test_network_csv_with_filters(run, tmp_path):
    out = tmp_path / "g.csv"
    result = run("network", "--format", "csv", "-o", str(out), "--region", "甘肃省")
    assert result.exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,target,weight,cooperate,lead,measures,responsible,role"
    assert lines[1].startswith("甘肃省市场监督管理局,甘肃省发展和改革委员会,1,1,0,")
    assert len(lines) == 2 and (tmp_path / "g.nodes.csv").exists()
