"""``graphkit push --virtuoso``: the bulk path into a live Virtuoso started here."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.errors import EndpointError
from graphkit.virtuoso import push_virtuoso

pytestmark = pytest.mark.server

CHANGED = "002_a353d1155dfef9ed.txt"
QUERIES = Path(__file__).resolve().parent.parent / "graphkit" / "data" / "queries"
#: Where Virtuoso 7.2's answers are right but not in the same row order.
ROW_ORDER = {
    "region_measures": "it repeats rows despite SELECT DISTINCT when there is an ORDER BY",
    "lead_agencies": "rows tied on the ORDER BY keys come in another order",
    "reform_chains": "it orders Chinese names by its own collation, not by code point",
}
#: Cookbook queries whose answers on Virtuoso 7.2 differ from the embedded store's.
DIFFERENT = {
    "topic_leads": "GROUP BY with a COUNT per topic and region gives other rows: not yet explained",
}

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {load}
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
MaxQueryMem = 500M

[HTTPServer]
ServerPort = 127.0.0.1:{http}
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 400
"""


@dataclass(frozen=True)
class Virtuoso:
    isql: str
    sparql: str
    load_dir: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory) -> Virtuoso:
    """A Virtuoso of its own on loopback ports, with an empty database; stopped at the end."""
    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        pytest.skip("Virtuoso is not installed (Debian: virtuoso-opensource; tools/setup.sh)")
    root = tmp_path_factory.mktemp("virtuoso")
    db, load = root / "db", root / "load"
    db.mkdir()
    load.mkdir()
    sql, http = free_port(), free_port()
    ini = root / "virtuoso.ini"
    ini.write_text(INI.format(db=db, load=load, sql=sql, http=http), encoding="utf-8")
    log = open(root / "server.log", "wb")
    proc = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    address = f"127.0.0.1:{sql}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"virtuoso-t exited: {(root / 'server.log').read_text('utf-8')[-2000:]}"
                )
            probe = subprocess.run(
                ["isql-vt", address, "dba", "dba", "VERBOSE=OFF", "BANNER=OFF"],
                input="SELECT 1;\n",
                capture_output=True,
                text=True,
            )
            if probe.returncode == 0 and "Error" not in probe.stdout + probe.stderr:
                try:
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", timeout=5
                    )
                    break
                except OSError:
                    pass
            if time.monotonic() > deadline:
                pytest.fail("Virtuoso did not come up within 90 s")
            time.sleep(0.5)
        yield Virtuoso(address, f"http://127.0.0.1:{http}/sparql", load)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def kg(tmp_path_factory, corpus_dir) -> Path:
    """The corpus built into an embedded store."""
    from graphkit.store import build_files

    path = tmp_path_factory.mktemp("kg") / "kg"
    build_files(path, [corpus_dir])
    return path


def sparql(endpoint: str, query: str) -> tuple[list[str], list[tuple]]:
    data = urllib.parse.urlencode({"query": query}).encode("utf-8")
    req = urllib.request.Request(
        endpoint, data=data, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(req, timeout=300) as r:
        body = json.loads(r.read())
    names = body["head"]["vars"]
    return names, [
        tuple(b.get(v, {}).get("value") for v in names) for b in body["results"]["bindings"]
    ]


def embedded(store: Path, query: str, names: list[str]) -> list[tuple]:
    db = ox.Store.read_only(str(store))
    return [tuple(None if s[v] is None else s[v].value for v in names) for s in db.query(query)]


def graph_counts(store: Path) -> Counter:
    db = ox.Store.read_only(str(store))
    return Counter(q.graph_name.value for q in db if not isinstance(q.graph_name, ox.DefaultGraph))


def server_counts(v: Virtuoso) -> Counter:
    _, rows = sparql(
        v.sparql, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    return Counter({g: int(n) for g, n in rows})


@pytest.fixture(scope="module")
def loaded(virtuoso, kg) -> str:
    """The corpus pushed by the command line; its report line."""
    from click.testing import CliRunner

    from graphkit.cli import cli

    args = ["push", "--store", str(kg), "--virtuoso", virtuoso.isql]
    args += ["--load-dir", str(virtuoso.load_dir)]
    r = CliRunner().invoke(cli, args, env={"GRAPHKIT_PUSH_PASSWORD": "dba"})
    assert r.exit_code == 0, r.output
    return r.stdout


def test_every_graph_holds_the_triples_of_the_store(loaded, virtuoso, kg):
    assert "counts checked on the server" in loaded
    local = graph_counts(kg)
    assert len(local) > 40 and sum(local.values()) > 50_000
    found = server_counts(virtuoso)
    assert {g: found[g] for g in local} == dict(local)
    assert not list(virtuoso.load_dir.iterdir())  # the files are gone


@pytest.mark.parametrize(
    "rq",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=DIFFERENT[p.stem], strict=False))
        if p.stem in DIFFERENT else p
        for p in sorted(QUERIES.glob("*.rq"))
    ],
    ids=lambda p: p.stem,
)
def test_cookbook_queries_give_the_same_answers(loaded, virtuoso, kg, rq):
    query = rq.read_text(encoding="utf-8")
    names, there = sparql(virtuoso.sparql, query)
    here = embedded(kg, query, names)
    assert here, f"{rq.name} has no answer on the corpus"
    assert set(there) == set(here)
    if rq.stem not in ROW_ORDER:
        assert there == here


def test_pushing_again_replaces_each_graph(loaded, virtuoso, kg, corpus_dir, tmp_path):
    from graphkit.store import build_files

    before = server_counts(virtuoso)
    # a store of one changed document: its graphs are replaced, the other documents' stay
    src = tmp_path / "in"
    src.mkdir()
    text = (corpus_dir / CHANGED).read_text(encoding="utf-8")
    assert "加强" in text and "增强" not in text
    (src / CHANGED).write_text(text.replace("加强", "增强"), encoding="utf-8")
    one = tmp_path / "one"
    build_files(one, [src])
    report = push_virtuoso(one, isql=virtuoso.isql, load_dir=virtuoso.load_dir, loaders=1)
    assert report.verified and report.files == 1
    after = server_counts(virtuoso)
    mine = graph_counts(one)
    assert {g: after[g] for g in mine} == dict(mine)
    others = {g: n for g, n in before.items() if g not in mine}
    assert {g: after[g] for g in others} == others
    assert measures_saying(virtuoso, "增强", mine) >= 1
    assert measures_saying(virtuoso, "加强", mine) == 0
    # and back to the whole corpus
    push_virtuoso(kg, isql=virtuoso.isql, load_dir=virtuoso.load_dir)
    assert server_counts(virtuoso) == before
    assert measures_saying(virtuoso, "加强", mine) >= 1
    assert measures_saying(virtuoso, "增强", mine) == 0


def measures_saying(v: Virtuoso, words: str, graphs) -> int:
    values = " ".join(f"<{g}>" for g in graphs)
    _, rows = sparql(
        v.sparql,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ "
        f"?m <https://w3id.org/graphkit/ontology#text> ?t FILTER(CONTAINS(STR(?t), '{words}')) }} }}",
    )
    return int(rows[0][0])


def test_files_the_server_does_not_see_lose_nothing(loaded, virtuoso, kg, tmp_path):
    before = server_counts(virtuoso)
    with pytest.raises(EndpointError, match="else give --server-dir"):
        push_virtuoso(
            kg, isql=virtuoso.isql, load_dir=virtuoso.load_dir, server_dir=str(tmp_path / "no")
        )
    assert not list(virtuoso.load_dir.iterdir())
    assert server_counts(virtuoso) == before


def test_a_wrong_password_is_refused(virtuoso, kg, tmp_path):
    with pytest.raises(EndpointError, match=virtuoso.isql):
        push_virtuoso(kg, isql=virtuoso.isql, load_dir=virtuoso.load_dir, password="wrong")


def test_push_needs_an_endpoint_or_virtuoso(run_cli, kg):
    r = run_cli("push", "--store", kg)
    assert r.exit_code == 2 and "--endpoint is needed" in r.stderr
    r = run_cli("push", "--store", kg, "--virtuoso", "127.0.0.1:1111")
    assert r.exit_code == 2 and "--load-dir" in r.stderr
    assert os.environ.get("GRAPHKIT_PUSH_PASSWORD") is None
