"""``graphkit push`` into a real, separate, writable Oxigraph server."""

from __future__ import annotations

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

from graphkit.errors import EndpointError
from graphkit.push import push
from graphkit.serve import oxigraph_executable, start

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
LASA = "https://w3id.org/graphkit/id/graph/lasa.txt/d1"
XA = "https://w3id.org/graphkit/id/graph/xa.txt/d1"


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
        req = urllib.request.Request(
            url + "/store?" + urllib.parse.urlencode({"graph": graph}),
            headers={"Accept": "application/n-triples"},
        )
        fmt = pyoxigraph.RdfFormat.N_TRIPLES
    with urllib.request.urlopen(req, timeout=30) as r:
        return {str(q) for q in pyoxigraph.parse(r.read(), format=fmt)}


def local_quads(store: Path, graph: str | None = None) -> set[str]:
    s = pyoxigraph.Store.read_only(str(store))
    if graph is None:
        return {str(q) for q in s}
    node = pyoxigraph.NamedNode(graph)
    return {str(q.triple) for q in s.quads_for_pattern(None, None, None, node)}


METHODS = {
    "graph store": lambda url: {"graph_store": url + "/store"},
    "update": lambda url: {"update": url + "/update"},
}


@pytest.mark.parametrize("method", sorted(METHODS))
def test_push_copies_every_document_graph(target, serve_store, method):
    report = push(serve_store, target + "/query", **METHODS[method](target))
    assert target_quads(target) == local_quads(serve_store)
    assert report.graphs == 2 and report.method == method
    assert report.triples == len(local_quads(serve_store)) > 0
    assert report.verified and report.default_triples == 0


@pytest.mark.parametrize("batch_size,requests", [(1, 2), (60, 2), (10_000, 1)])
def test_update_batches_never_split_a_graph(target, serve_store, batch_size, requests):
    report = push(serve_store, target + "/query", update=target + "/update", batch_size=batch_size)
    assert report.requests == requests
    assert target_quads(target) == local_quads(serve_store)


def change_lasa(store: Path) -> None:
    """Drop one fact of the 拉萨 document and add two (one through a blank node)."""
    s = pyoxigraph.Store(str(store))
    g = pyoxigraph.NamedNode(LASA)
    m1 = pyoxigraph.NamedNode("https://w3id.org/graphkit/id/measure/lasa.txt/d1/m1")
    gk = "https://w3id.org/graphkit/ontology#"
    text = pyoxigraph.NamedNode(gk + "text")
    for q in list(s.quads_for_pattern(m1, text, None, g)):
        s.remove(q)
    s.add(pyoxigraph.Quad(m1, text, pyoxigraph.Literal("压缩企业开办时间至0.5个工作日。"), g))
    note = pyoxigraph.BlankNode()
    s.add(pyoxigraph.Quad(m1, pyoxigraph.NamedNode(gk + "hasTarget"), note, g))
    s.add(
        pyoxigraph.Quad(
            note, pyoxigraph.NamedNode(gk + "phrase"), pyoxigraph.Literal("0.5个工作日"), g
        )
    )
    s.flush()
    del s


@pytest.mark.parametrize("method", sorted(METHODS))
def test_push_again_replaces_only_the_document_graphs(target, writable_store, method):
    local = writable_store
    # Something of someone else's on the target: it must survive our pushes.
    other = b'<urn:x:s> <urn:x:p> "kept" .'
    req = urllib.request.Request(
        target + "/store?graph=urn%3Ax%3Agraph",
        data=other,
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(req, timeout=30).close()
    push(local, target + "/query", **METHODS[method](target))
    xa_before = target_quads(target, XA)
    lasa_before = target_quads(target, LASA)

    change_lasa(local)
    report = push(local, target + "/query", **METHODS[method](target))

    lasa_after = target_quads(target, LASA)
    assert len(lasa_after) == len(local_quads(local, LASA)) == len(lasa_before) + 2
    assert any("0.5个工作日。" in t for t in lasa_after)
    assert not any("至1个工作日" in t for t in lasa_after)
    assert {t for t in lasa_after if "_:" not in t} == {
        t for t in local_quads(local, LASA) if "_:" not in t
    }
    assert target_quads(target, XA) == xa_before
    assert target_quads(target, "urn:x:graph") == {other.decode().rstrip(" .")}
    assert report.verified


def test_verify_catches_writes_that_went_elsewhere(target, serve_store, tmp_path):
    # Writes go to one server, the count query to another, empty one.
    elsewhere, process = start_target(tmp_path / "elsewhere")
    try:
        with pytest.raises(EndpointError, match="do not hold the triples"):
            push(serve_store, elsewhere + "/query", graph_store=target + "/store")
    finally:
        stop_target(process)
    assert (
        push(
            serve_store, elsewhere + "/query", graph_store=target + "/store", verify=False
        ).verified
        is False
    )


def test_read_only_endpoint_refuses_the_push(serve_store):
    with start(serve_store, port=0) as endpoint, pytest.raises(EndpointError) as e:
        push(serve_store, endpoint.query_url, graph_store=endpoint.url + "store")
    assert "403" in str(e.value) and "read-only" in str(e.value)


def test_unreachable_endpoint_is_a_clear_error(serve_store):
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EndpointError, match="cannot reach"):
        push(serve_store, url + "/query", update=url + "/update")


@pytest.mark.parametrize("method", sorted(METHODS))
def test_cli(target, serve_store, method):
    option = (
        ["--graph-store", target + "/store"]
        if method == "graph store"
        else ["--update", target + "/update"]
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit",
            "push",
            "--store",
            str(serve_store),
            "--endpoint",
            target + "/query",
            *option,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    n = len(local_quads(serve_store))
    assert f"pushed 2 graphs ({n} triples) by {method}" in result.stdout
    assert "counts checked" in result.stdout
    assert target_quads(target) == local_quads(serve_store)


def test_cli_error(serve_store):
    url = f"http://127.0.0.1:{free_port()}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit",
            "push",
            "--store",
            str(serve_store),
            "--endpoint",
            url + "/query",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cannot reach" in result.stderr
