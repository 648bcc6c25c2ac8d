"""``graphkit push`` into a real, separate, writable Oxigraph server."""

from __future__ import annotations

import dataclasses
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest

from graphkit import store as kg
from graphkit.errors import EndpointError
from graphkit.namespace import IRIs
from graphkit.push import push
from graphkit.serve import oxigraph_executable, start

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
LHASA = str(IRIs().graph("lhasa.txt/d1"))
SHAANXI = [str(IRIs().graph("shaanxi.txt/d1")), str(IRIs().graph("shaanxi.txt/d2"))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited: {process.stderr.read() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def start_target(location: Path) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    process = subprocess.Popen(
        [
            str(oxigraph_executable()),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/", process)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return url, process


def stop_target(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[str]:
    """Base URL of a fresh writable ``oxigraph serve`` (query /query, update /update,
    Graph Store Protocol /store)."""
    url, process = start_target(tmp_path / "target")
    try:
        yield url
    finally:
        stop_target(process)


def target_quads(url: str, graph: str | None = None) -> set[str]:
    """Every quad on the target (or the triples of one graph), as N-Quads lines."""
    if graph is None:
        req = urllib.request.Request(url + "/store", headers={"Accept": "application/n-quads"})
        fmt = pyoxigraph.RdfFormat.N_QUADS
    else:
        query = "default" if graph == "default" else urllib.parse.urlencode({"graph": graph})
        req = urllib.request.Request(
            url + "/store?" + query, headers={"Accept": "application/n-triples"}
        )
        fmt = pyoxigraph.RdfFormat.N_TRIPLES
    with urllib.request.urlopen(req, timeout=60) as r:
        return {str(q) for q in pyoxigraph.parse(r.read(), format=fmt)}


def local_quads(store: Path, graph: str | None = None, *, named_only: bool = False) -> set[str]:
    """The store's quads (or one graph's triples; "default" for the default graph)."""
    s = pyoxigraph.Store.read_only(str(store))
    if graph is None:
        return {str(q) for q in s if not (named_only and q.graph_name == pyoxigraph.DefaultGraph())}
    node = pyoxigraph.DefaultGraph() if graph == "default" else pyoxigraph.NamedNode(graph)
    return {str(q.triple) for q in s.quads_for_pattern(None, None, None, node)}


METHODS = {
    "graph store": lambda url: {"graph_store": url + "/store"},
    "update": lambda url: {"update": url + "/update"},
}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_push_copies_every_named_graph(target, sample_store, method):
    report = push(sample_store, target + "/query", **METHODS[method](target))
    expected = local_quads(sample_store, named_only=True)
    assert target_quads(target) == expected
    assert target_quads(target, "default") == set()
    assert report.graphs == 4  # three documents and the ontology
    assert report.triples == len(expected) and report.method == method
    assert report.verified and not report.default_pushed
    assert report.default_triples == len(local_quads(sample_store, "default")) > 0


@pytest.mark.parametrize("method", sorted(METHODS))
def test_push_with_the_default_graph(target, sample_store, method):
    """--default-graph: the target's default graph becomes the union, as in the store."""
    report = push(
        sample_store,
        target + "/query",
        default_graph=True,
        batch_size=400,
        **METHODS[method](target),
    )
    assert target_quads(target) == local_quads(sample_store)
    assert report.default_pushed and report.verified
    # Queries on the target now answer as graphkit query does on the store.
    query = kg.cookbook()["lead_agencies"]
    url = target + "/query?" + urllib.parse.urlencode({"query": query})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        rows = json.loads(r.read())["results"]["bindings"]
    expected = kg.run(sample_store, query)
    assert [b["name"]["value"] for b in rows] == [str(row[1]) for row in expected.rows]


@pytest.mark.parametrize("batch_size,requests", [(1, 4), (10_000, 1)])
def test_update_batches_never_split_a_graph(target, sample_store, batch_size, requests):
    report = push(sample_store, target + "/query", update=target + "/update", batch_size=batch_size)
    assert report.requests == requests
    assert target_quads(target) == local_quads(sample_store, named_only=True)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_push_again_replaces_only_the_changed_graphs(
    target, writable_sample_store, sample_extractions, method
):
    local = writable_sample_store
    # Something of someone else's on the target: it must survive our pushes.
    other = b'<urn:x:s> <urn:x:p> "kept" .'
    req = urllib.request.Request(
        target + "/store?graph=urn%3Ax%3Agraph",
        data=other,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(req, timeout=30).close()
    options = {"default_graph": True, **METHODS[method](target)}
    push(local, target + "/query", **options)
    shaanxi_before = [target_quads(target, g) for g in SHAANXI]
    lhasa_before = target_quads(target, LHASA)

    # Re-extract the 拉萨 file with one measure changed and one gone, update the store.
    lhasa = sample_extractions[0]
    m1 = lhasa.measures[0]
    changed = dataclasses.replace(m1, text=m1.text.replace("4个工作日", "3个工作日"))
    kg.update(local, [dataclasses.replace(lhasa, measures=[changed, *lhasa.measures[1:3]])])
    report = push(local, target + "/query", **options)

    lhasa_after = target_quads(target, LHASA)
    assert lhasa_after == local_quads(local, LHASA) != lhasa_before
    assert any(changed.text in t for t in lhasa_after)
    assert not any(m1.text in t or lhasa.measures[3].text in t for t in lhasa_after)
    assert [target_quads(target, g) for g in SHAANXI] == shaanxi_before
    assert target_quads(target, "urn:x:graph") == {other.decode().rstrip(" .")}
    assert target_quads(target, "default") == local_quads(local, "default")
    assert report.verified


def test_verify_catches_writes_that_went_elsewhere(target, sample_store, tmp_path):
    # Writes go to one server, the count query to another, empty one.
    elsewhere, process = start_target(tmp_path / "elsewhere")
    try:
        with pytest.raises(EndpointError, match="do not hold the triples"):
            push(sample_store, elsewhere + "/query", graph_store=target + "/store")
        report = push(
            sample_store, elsewhere + "/query", graph_store=target + "/store", verify=False
        )
        assert report.verified is False
    finally:
        stop_target(process)


def test_read_only_endpoint_refuses_the_push(sample_store):
    with start(sample_store, port=0) as endpoint, pytest.raises(EndpointError) as e:
        push(sample_store, endpoint.query_url, graph_store=endpoint.url + "store")
    assert "403" in str(e.value) and "read-only" in str(e.value)


def test_unreachable_endpoint_is_a_clear_error(sample_store):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError, match="cannot reach"):
        push(sample_store, url + "/query", update=url + "/update")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphkit", "push", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("default", [False, True], ids=["named graphs", "with default graph"])
def test_cli(target, sample_store, method, default):
    option = (
        ["--graph-store", target + "/store"]
        if method == "graph store"
        else ["--update", target + "/update"]
    )
    extra = ["--default-graph"] if default else []
    result = run_cli("--store", str(sample_store), "--endpoint", target + "/query", *option, *extra)
    assert result.returncode == 0, result.stderr
    n = len(local_quads(sample_store, named_only=True))
    union = f" and the default graph ({len(local_quads(sample_store, 'default'))})"
    assert f"pushed 4 graphs ({n} triples){union if default else ''} by {method}" in result.stdout
    assert "counts checked" in result.stdout
    assert target_quads(target) == local_quads(sample_store, named_only=not default)


def test_cli_error(sample_store):
    url = f"http://127.0.0.1:{free_port()}"
    result = run_cli("--store", str(sample_store), "--endpoint", url + "/query")
    assert result.returncode == 1
    assert "cannot reach" in result.stderr


@pytest.mark.slow
def test_push_the_corpus(target, corpus_store):
    result = run_cli(
        "--store",
        str(corpus_store),
        "--endpoint",
        target + "/query",
        "--graph-store",
        target + "/store",
        "--default-graph",
    )
    assert result.returncode == 0, result.stderr
    print("\n" + result.stdout.strip())
    assert target_quads(target) == local_quads(corpus_store)
