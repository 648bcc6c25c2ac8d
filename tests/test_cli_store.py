"""The command line over the store: build, query, validate, export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.query import Result

from graphkit.cli import cli
from graphkit.store import build, run

ROOT = Path(__file__).resolve().parent.parent
LEADS = (
    "SELECT ?name (COUNT(DISTINCT ?m) AS ?n) WHERE { ?a gk:leads ?m ; skos:prefLabel ?name }"
    " GROUP BY ?name ORDER BY DESC(?n) ?name"
)


def invoke(*args, input=None, env=None):
    return CliRunner().invoke(
        cli, [str(a) for a in args], input=input, env=env, catch_exceptions=False
    )


@pytest.mark.parametrize("command", ["build", "query", "validate", "export"])
def test_help_shows_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"graphkit {command}" in result.output
    if command != "build":
        assert "--store" in result.output


def test_query_argument_table(sample_store):
    result = invoke("query", LEADS, "--store", sample_store)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["name", "n"]
    assert lines[2].split() == ["拉萨市市场监督管理局", "2"]
    assert lines[-1] == "(5 rows)"


def test_query_json_is_the_sparql_results_format(sample_store):
    result = invoke("query", LEADS, "--format", "json", "--store", sample_store)
    parsed = Result.parse(io.BytesIO(result.output.encode("utf-8")), format="json")
    rows = [(row["name"], row["n"]) for row in parsed]
    assert rows == [tuple(r) for r in run(sample_store, LEADS).rows]
    assert rows[0] == (Literal("拉萨市市场监督管理局", lang="zh"), Literal(2))
    ask = json.loads(
        invoke(
            "query", "ASK { ?m a gk:Measure }", "--format", "json", "--store", sample_store
        ).output
    )
    assert ask == {"head": {}, "boolean": True}


def test_query_tsv_and_csv(sample_store):
    tsv = invoke("query", LEADS, "--format", "tsv", "--store", sample_store).output
    parsed = Result.parse(io.BytesIO(tsv.encode("utf-8")), format="tsv")
    assert next((r["name"], r["n"]) for r in parsed) == (
        Literal("拉萨市市场监督管理局", lang="zh"),
        Literal(2),
    )
    text = invoke("query", LEADS, "--format", "csv", "--store", sample_store).output
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "n"] and rows[1] == ["拉萨市市场监督管理局", "2"]


def test_query_from_file_cookbook_and_stdin(sample_store, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text(LEADS, encoding="utf-8")
    from_file = invoke("query", "-f", q, "--format", "csv", "--store", sample_store).output
    from_stdin = invoke("query", "--format", "csv", "--store", sample_store, input=LEADS).output
    from_dash = invoke("query", "-", "--format", "csv", "--store", sample_store, input=LEADS).output
    assert from_file == from_stdin == from_dash
    named = invoke("query", "-f", "lead_agencies", "--format", "csv", "--store", sample_store)
    assert named.exit_code == 0 and "拉萨市市场监督管理局" in named.output


def test_query_params_and_list(sample_store):
    out = invoke(
        "query",
        "-f",
        "region_measures",
        "-p",
        "region=陕西省",
        "--format",
        "csv",
        "--store",
        sample_store,
    ).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["place"] for r in rows} == {"陕西省", "西安市"} and len(rows) == 3
    listing = invoke("query", "--list").output
    assert "lead_agencies" in listing and "citing_documents" in listing
    bad = invoke("query", "-f", "lead_agencies", "-p", "region", "--store", sample_store)
    assert bad.exit_code == 2 and "NAME=VALUE" in bad.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT ?x WHERE { ?x ?y }"], "SPARQL syntax error"),
        (["-f", "no_such_query"], "no file or cookbook query"),
        (["ASK {}", "-f", "lead_agencies"], "not both"),
    ],
)
def test_query_errors_are_messages_not_tracebacks(args, message, sample_store):
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", *args, "--store", str(sample_store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode in (1, 2)
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_store_is_a_message(tmp_path):
    result = invoke("query", "ASK {}", "--store", tmp_path / "none")
    assert result.exit_code == 1 and "no store" in result.output


def test_store_from_the_environment(sample_store):
    result = invoke("query", "ASK { ?m a gk:Measure }", env={"GRAPHKIT_STORE": str(sample_store)})
    assert result.output == "yes\n"


def test_validate_passes_on_the_sample(sample_store):
    result = CliRunner().invoke(cli, ["validate", "--store", str(sample_store)])
    assert result.exit_code == 0
    assert "0 violations" in result.output


def test_validate_fails_on_a_broken_store(tmp_path, sample_extractions):
    import dataclasses

    lhasa = sample_extractions[0]
    broken = dataclasses.replace(
        lhasa, measures=[dataclasses.replace(m, text="") for m in lhasa.measures]
    )
    build(tmp_path / "kg", [broken])
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "kg"), "--show", "2"])
    assert result.exit_code == 1
    assert result.output.count("Violation: <") == 2
    assert "4 violations" in result.output
    args = ["validate", "--store", str(tmp_path / "kg"), "--show", "0", "--engine"]
    fast, slow = (CliRunner().invoke(cli, [*args, e]) for e in ("sparql", "pyshacl"))
    assert (fast.exit_code, slow.exit_code) == (1, 1)
    assert fast.output == slow.output and fast.output.count("Violation: <") == 4


@pytest.mark.parametrize(
    ("name", "fmt", "marker"),
    [
        ("g.ttl", None, b"@prefix gk:"),
        ("g.nt", None, b"<https://w3id.org/graphkit/"),
        ("g.nq", None, b"<https://w3id.org/graphkit/id/graph/"),
        ("g.jsonld", None, b'"@context"'),
        ("ledger.csv", None, b"document,measure_no"),
        ("out.txt", "nq", b"<https://w3id.org/graphkit/id/graph/"),
    ],
)
def test_export_to_a_file(name, fmt, marker, sample_store, tmp_path):
    out = tmp_path / "sub" / name
    args = ["export", "-o", out, "--store", sample_store] + (["--format", fmt] if fmt else [])
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert marker in out.read_bytes()


def test_export_to_stdout_is_bytes_exactly(sample_store):
    from graphkit.store import export

    result = CliRunner().invoke(cli, ["export", "--format", "nt", "--store", str(sample_store)])
    assert result.stdout_bytes == export(sample_store, "nt")


# --- build: needs the extraction ----------------------------------------------------


def extraction_or_skip():
    extraction = pytest.importorskip("graphkit.extraction")
    if not hasattr(extraction, "extract_paths"):
        pytest.skip("graphkit.extraction has no extract_paths yet")
    return extraction


def test_build_one_file_then_query(tmp_path):
    extraction_or_skip()
    source = ROOT / "data" / "corpus" / "002_a353d1155dfef9ed.txt"
    result = CliRunner().invoke(cli, ["build", str(source), "--store", str(tmp_path / "kg")])
    assert result.exit_code == 0, result.output
    assert "documents" in result.output and "triples" in result.output
    ask = invoke("query", "ASK { ?a gk:leads ?m }", "--store", tmp_path / "kg")
    assert ask.output == "yes\n"


def test_build_with_base_and_update(tmp_path):
    extraction_or_skip()
    source = ROOT / "data" / "corpus" / "002_a353d1155dfef9ed.txt"
    kg = tmp_path / "kg"
    base = "https://example.org/kg/"
    assert (
        CliRunner()
        .invoke(cli, ["build", str(source), "--store", str(kg), "--base", base])
        .exit_code
        == 0
    )
    before = run(kg, "SELECT DISTINCT ?d WHERE { ?d a gk:Document }").rows
    assert before and all(str(d).startswith(base) for (d,) in before)
    again = CliRunner().invoke(
        cli, ["build", "--update", str(source), "--store", str(kg), "--base", base]
    )
    assert again.exit_code == 0, again.output
    assert run(kg, "SELECT DISTINCT ?d WHERE { ?d a gk:Document }").rows == before
    assert isinstance(before[0][0], URIRef)


def test_every_command_has_help_with_an_example():
    from click.testing import CliRunner

    from graphkit.cli import cli

    runner = CliRunner()
    for name in sorted(cli.commands):
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"graphkit {name} --help shows no example"
