"""The everyday commands start light: ``extract``, ``build``, ``query`` and ``serve``
never import pandas, pyshacl, networkx or pyvis, and ``query`` on a store (every
format, ``ASK`` and ``SELECT``, cookbook queries, ``-p`` parameters) not rdflib either.

Each command runs as a real ``graphkit`` process with ``PYTHONPROFILEIMPORTTIME``
set (the environment form of ``python -X importtime``), which makes the
interpreter itself list on stderr every module it imports, as it imports it;
the test reads that list. Nothing in graphkit is asked or patched.
"""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "pyshacl", "networkx", "pyvis")
#: What a query on a store does without: its answers are formatted from pyoxigraph terms.
QUERY_HEAVY = (*HEAVY, "rdflib", "graphkit.store.convert", "graphkit.extraction")
GRAPHKIT = [sys.executable, "-m", "graphkit"]

DOCUMENT = """关于印发某市优化营商环境实施方案的通知

一、简化企业开办流程，压减开办时间。（市市场监管局牵头，市税务局配合）
二、推行工程建设项目审批告知承诺制。（市住房城乡建设局负责）
"""

_IMPORT_LINE = re.compile(r"^import time:\s+\d+\s+\|\s+\d+\s+\|\s*(\S+)\s*$")


def imported(stderr: str) -> set[str]:
    """The modules a ``-X importtime`` report on ``stderr`` lists."""
    return {m.group(1) for line in stderr.splitlines() if (m := _IMPORT_LINE.match(line))}


def heavy(modules: set[str], names: tuple[str, ...] = HEAVY) -> list[str]:
    """The heavy packages among ``modules`` (a package or any of its submodules)."""
    return sorted({name for name in names for m in modules
                   if m == name or m.startswith(name + ".")})


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPROFILEIMPORTTIME": "1"}


def graphkit(*args: str, cwd: Path = ROOT) -> tuple[str, set[str]]:
    """Run ``graphkit ARGS``; its stdout and the modules it imported."""
    done = subprocess.run([*GRAPHKIT, *args], cwd=cwd, env=env(), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, imported(done.stderr)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A folder with one small document."""
    d = tmp_path_factory.mktemp("docs")
    (d / "plan.txt").write_text(DOCUMENT, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory) -> tuple[Path, set[str]]:
    """``graphkit build`` of the folder into a new store: the store and the imports."""
    store = tmp_path_factory.mktemp("kg") / "store"
    _, modules = graphkit("build", str(folder), "--store", str(store))
    return store, modules


def test_the_report_is_read():
    """The parse sees what the interpreter reports: a process that imports pandas (and
    rdflib) shows it."""
    done = subprocess.run([sys.executable, "-c", "import pandas, rdflib"], env=env(),
                          capture_output=True, text=True, timeout=120)
    modules = imported(done.stderr)
    assert "pandas" in modules and "pandas.core.frame" in modules
    assert heavy(modules) == ["pandas"]
    assert heavy(modules, QUERY_HEAVY) == ["pandas", "rdflib"]


def test_help():
    out, modules = graphkit("--help")
    assert "extract" in out
    assert heavy(modules) == []


#: What listing the commands needs none of: the command modules import the library
#: inside the commands' bodies.
LIBRARY = (*QUERY_HEAVY, "pyoxigraph", "graphkit.store", "graphkit.analysis", "graphkit.viz",
           "graphkit.serve", "graphkit.push", "graphkit.virtuoso", "graphkit.evaluation")


def test_help_loads_no_library():
    """``graphkit --help`` loads every command module of ``graphkit.cli`` and nothing the
    commands run."""
    out, modules = graphkit("--help")
    assert "view" in out
    assert {"graphkit.cli.extract", "graphkit.cli.store", "graphkit.cli.serve",
            "graphkit.cli.analysis", "graphkit.cli.view"} <= modules
    assert heavy(modules, LIBRARY) == []


def test_extract(folder, tmp_path):
    out = tmp_path / "records.jsonl"
    _, modules = graphkit("extract", str(folder), "--format", "jsonl", "-o", str(out))
    assert "市市场监督管理局" in out.read_text(encoding="utf-8")
    assert "graphkit.extraction.build" in modules
    assert heavy(modules) == []


def test_build(built):
    store, modules = built
    assert store.is_dir()
    assert "pyoxigraph" in modules
    assert heavy(modules) == []


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_query_select(built, fmt):
    store, _ = built
    out, modules = graphkit("query", "--store", str(store), "--format", fmt,
                            "SELECT ?t WHERE { ?m a gk:Measure ; gk:text ?t } ORDER BY ?t")
    assert "简化企业开办流程" in out
    assert heavy(modules, QUERY_HEAVY) == []


def test_query_ask_and_cookbook(built):
    store, _ = built
    out, modules = graphkit("query", "--store", str(store), "ASK { ?m a gk:Measure }")
    assert out == "yes\n"
    assert heavy(modules, QUERY_HEAVY) == []
    out, modules = graphkit("query", "--store", str(store), "-f", "lead_agencies",
                            "--format", "csv")
    assert out.startswith("agency,name,region,measures") and "市市场监督管理局" in out
    assert heavy(modules, QUERY_HEAVY) == []


def test_query_with_a_parameter(built):
    store, _ = built
    q = "SELECT ?m WHERE { ?a skos:prefLabel ?name ; gk:leads ?m }"
    out, modules = graphkit("query", "--store", str(store), "--format", "csv", q,
                            "-p", "name=市市场监督管理局")
    assert out.count("\n") == 2, out
    assert heavy(modules, QUERY_HEAVY) == []


def test_serve_help():
    out, modules = graphkit("serve", "--help")
    assert "--port" in out
    assert heavy(modules) == []


@pytest.mark.server
def test_serve_starts_and_stops(built):
    """``graphkit serve`` up to its listening lines and through Ctrl-C."""
    store, _ = built
    process = subprocess.Popen(
        [*GRAPHKIT, "serve", "--store", str(store), "--port", "0"],
        cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []
    assert process.stdout is not None and process.stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    reader = threading.Thread(target=lambda: stderr.extend(process.stderr), daemon=True)
    reader.start()
    seen: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while len(seen) < 2:
            seen.append(lines.get(timeout=max(0.1, deadline - time.monotonic())))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
    assert any(line.startswith("SPARQL endpoint: http://") for line in seen), seen
    modules = imported("".join(stderr))
    assert "graphkit.serve.endpoint" in modules
    assert heavy(modules) == []
