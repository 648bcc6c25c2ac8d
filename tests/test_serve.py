"""``graphkit serve``: a real SPARQL endpoint process, queried as researchers would."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import http.client
import io
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest
from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from bench.serve_burst import QUERIES, burst
from graphkit import store as kg
from graphkit.namespace import IRIs
from graphkit.serve import BUFFER_LIMIT, GRACE, start

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 2  # --timeout of the test server, seconds
STARTUP = 30.0  # bound on the wait for "SPARQL endpoint: URL"
LHASA = str(IRIs().graph("lhasa.txt/d1"))

PREFIXES = """\
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

#: The cookbook's queries (``graphkit query -f NAME``) and a few more.
SELECTS = {
    **kg.cookbook(),
    "documents": PREFIXES + "SELECT ?d ?title ?date WHERE { ?d a gk:Document ; dct:title ?title ;"
    " dct:issued ?date } ORDER BY ?d",
    "per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "optional": PREFIXES + "SELECT ?m ?text ?due WHERE { ?m a gk:Measure ; gk:text ?text "
    "OPTIONAL { ?m gk:hasDeadline/gk:dueDate ?due } } ORDER BY ?m",
}

# Cross products of the whole store with itself: far too long for TIMEOUT
# (the first would run for minutes on a 2-core machine).
LONG_QUERIES = {
    # Oxigraph's own time limit cancels this one; graphkit turns its broken 200 into 503.
    "cancelled by oxigraph": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    # Oxigraph does not cancel a sort: graphkit's gate stops it and replaces the process.
    "stopped by the gate": "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a",
}


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    query_url: str
    stderr: list[str]

    @property
    def port(self) -> int:
        return int(urllib.parse.urlsplit(self.url).port or 0)


def start_server(store: Path, *extra: str) -> Server:
    """``python -m graphkit serve --port 0`` with a bounded wait for its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", "0", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: queue.Queue[str] = queue.Queue()
    stderr: list[str] = []
    threading.Thread(target=lambda: [lines.put(x) for x in process.stdout], daemon=True).start()
    threading.Thread(target=lambda: [stderr.append(x) for x in process.stderr], daemon=True).start()
    urls: dict[str, str] = {}
    deadline = time.monotonic() + STARTUP
    while len(urls) < 2:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            stop_server(process)
            raise RuntimeError("graphkit serve did not start: " + "".join(stderr)) from None
        key, _, value = line.partition(":")
        urls[key.strip()] = value.strip()
    return Server(process, urls["query page"], urls["SPARQL endpoint"], stderr)


def stop_server(process: subprocess.Popen[str], sig: int = signal.SIGINT) -> int:
    """Signal the server and wait; kill it if it does not stop."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            return process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
    return process.returncode


@pytest.fixture(scope="module")
def server(sample_store: Path) -> Iterator[Server]:
    s = start_server(sample_store, "--timeout", str(TIMEOUT))
    try:
        yield s
    finally:
        stop_server(s.process)


def term_key(term: object) -> str:
    """A pyoxigraph or rdflib term (or None) as N-Triples, blank nodes unlabelled."""
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.BlankNode) or type(term).__name__ == "BNode":
        return "_:"
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.Literal):
        return str(term)
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        return str(pyoxigraph.NamedNode(str(term)))
    assert isinstance(term, Literal)
    datatype = pyoxigraph.NamedNode(str(term.datatype)) if term.datatype else None
    return str(pyoxigraph.Literal(str(term), language=term.language, datatype=datatype))


def endpoint_rows(solutions) -> tuple[list[str], list[tuple[str, ...]]]:
    """Variables and sorted rows of parsed SPARQL results."""
    names = [v.value for v in solutions.variables]
    return names, sorted(tuple(term_key(s[n]) for n in names) for s in solutions)


def library_rows(store: Path, query: str) -> tuple[list[str], list[tuple[str, ...]]]:
    """The same query through graphkit's own query function (``graphkit query``)."""
    results = kg.run(store, query)
    return list(results.variables), sorted(tuple(term_key(v) for v in row) for row in results.rows)


def request(
    url: str,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def get_query(server: Server, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    url = server.query_url + "?" + urllib.parse.urlencode({"query": query})
    return request(url, headers={"Accept": accept})


def post_query(server: Server, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    headers = {"Accept": accept, "Content-Type": "application/sparql-query"}
    return request(server.query_url, query.encode("utf-8"), headers)


def rows(solutions) -> list[tuple[str, ...]]:
    variables = [v.value for v in solutions.variables]
    return [tuple(str(s[v]) if s[v] is not None else "" for v in variables) for s in solutions]


def json_term(term) -> dict[str, str]:
    """A pyoxigraph term as SPARQL JSON results write it."""
    if isinstance(term, pyoxigraph.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, pyoxigraph.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


# --- results equal the library's, in every format ---------------------------------


@pytest.mark.parametrize("name", sorted(SELECTS))
@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/sparql-results+json", pyoxigraph.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", pyoxigraph.QueryResultsFormat.XML),
        ("text/tab-separated-values", pyoxigraph.QueryResultsFormat.TSV),
    ],
)
@pytest.mark.parametrize("send", [get_query, post_query], ids=["GET", "POST"])
def test_select_equals_library(server, sample_store, name, accept, fmt, send):
    status, headers, body = send(server, SELECTS[name], accept)
    assert status == 200, body
    assert headers["content-type"].startswith(accept)
    got = endpoint_rows(pyoxigraph.parse_query_results(body, format=fmt))
    expected = library_rows(sample_store, SELECTS[name])
    assert got == expected and expected[1]


@pytest.mark.parametrize("name", ["lead_agencies", "agency_pairs", "documents"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_results_equal_graphkit_query(server, sample_store, name, fmt):
    """The endpoint and the ``graphkit query`` command answer alike."""
    query = SELECTS[name]
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit",
            "query",
            "--store",
            str(sample_store),
            "--format",
            fmt,
            query,
        ],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=True,
    ).stdout
    accept = {"csv": "text/csv", "json": "application/sparql-results+json"}[fmt]
    status, _, body = get_query(server, query, accept)
    assert status == 200
    if fmt == "csv":

        def table(data: bytes) -> tuple[list[str], list[list[str]]]:
            header, *rows = csv.reader(io.StringIO(data.decode("utf-8")))
            return header, sorted(rows)

        assert table(body) == table(cli) and table(cli)[1]
    else:
        parse = pyoxigraph.QueryResultsFormat.JSON
        got = endpoint_rows(pyoxigraph.parse_query_results(body, format=parse))
        assert got == endpoint_rows(pyoxigraph.parse_query_results(cli, format=parse))


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", pyoxigraph.RdfFormat.TURTLE),
        ("application/n-triples", pyoxigraph.RdfFormat.N_TRIPLES),
    ],
)
def test_construct_equals_library(server, sample_store, accept, fmt):
    query = PREFIXES + "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a gk:Agency ;"
    query += " skos:prefLabel ?l }"
    status, headers, body = post_query(server, query, accept)
    assert status == 200 and headers["content-type"].startswith(accept)
    got = sorted(
        tuple(term_key(x) for x in (t.subject, t.predicate, t.object))
        for t in pyoxigraph.parse(body, format=fmt)
    )
    assert (["subject", "predicate", "object"], got) == library_rows(sample_store, query)
    assert len(got) == 13


def test_default_graph_is_the_union_each_triple_once(server, sample_store):
    """An agency described in several document graphs is counted once."""
    query = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT *) AS ?distinct) WHERE { ?s ?p ?o }"
    _, _, body = get_query(server, query, "application/sparql-results+json")
    row = json.loads(body)["results"]["bindings"][0]
    store = pyoxigraph.Store.read_only(str(sample_store))
    union = {
        (q.subject, q.predicate, q.object)
        for q in store
        if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)
    }
    assert int(row["n"]["value"]) == int(row["distinct"]["value"]) == len(union)
    label = PREFIXES + 'SELECT ?a WHERE { ?a skos:prefLabel "陕西省市场监督管理局"@zh }'
    _, _, body = get_query(server, label, "application/sparql-results+json")
    assert len(json.loads(body)["results"]["bindings"]) == 1


# --- SPARQLWrapper --------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select(server, sample_store, method):
    client = SPARQLWrapper(server.query_url)
    client.setMethod(method)
    client.setQuery(SELECTS["lead_agencies"])
    client.setReturnFormat(JSON)
    result = client.query().convert()
    names, expected = library_rows(sample_store, SELECTS["lead_agencies"])
    got = sorted(
        tuple(json_key(row.get(n)) for n in names) for row in result["results"]["bindings"]
    )
    assert result["head"]["vars"] == names
    assert got == expected and len(got) == 5
    assert {row["name"]["xml:lang"] for row in result["results"]["bindings"]} == {"zh"}


def json_key(value: dict[str, str] | None) -> str:
    """A binding of SPARQL JSON results as N-Triples (see term_key)."""
    if value is None:
        return ""
    if value["type"] == "uri":
        return str(pyoxigraph.NamedNode(value["value"]))
    if value["type"] == "bnode":
        return "_:"
    datatype = value.get("datatype")
    return str(
        pyoxigraph.Literal(
            value["value"],
            language=value.get("xml:lang"),
            datatype=pyoxigraph.NamedNode(datatype) if datatype else None,
        )
    )


def test_sparqlwrapper_construct_turtle(server, sample_store):
    query = PREFIXES + "CONSTRUCT WHERE { ?d a gk:Document ; dct:title ?t }"
    client = SPARQLWrapper(server.query_url)
    client.setQuery(query)
    client.setReturnFormat(TURTLE)
    graph = client.query().convert()  # Turtle bytes
    got = sorted(
        tuple(term_key(x) for x in (t.subject, t.predicate, t.object))
        for t in pyoxigraph.parse(graph, format=pyoxigraph.RdfFormat.TURTLE)
    )
    assert got == library_rows(sample_store, query)[1] and len(got) == 6


def test_sparqlwrapper_malformed_query(server):
    client = SPARQLWrapper(server.query_url)
    client.setQuery("SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_sparqlwrapper_update_refused(server):
    client = SPARQLWrapper(server.query_url, updateEndpoint=server.url + "update")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    with pytest.raises(urllib.error.HTTPError) as e:
        client.query()
    assert e.value.code == 403


# --- read-only, errors, time limit ------------------------------------------------

TRIPLE = b"<urn:x> <urn:y> <urn:z> ."
WRITES = {
    "update, direct POST": (
        "POST",
        "update",
        b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
        "application/sparql-update",
    ),
    "update, form POST": (
        "POST",
        "update",
        b"update=INSERT+DATA+%7B+%3Curn%3Ax%3E+%3Curn%3Ay%3E+%3Curn%3Az%3E+%7D",
        "application/x-www-form-urlencoded",
    ),
    "update at /sparql": (
        "POST",
        "sparql",
        b"update=CLEAR+ALL",
        "application/x-www-form-urlencoded",
    ),
    "GSP PUT": ("PUT", "store?graph=urn:g", TRIPLE, "application/n-triples"),
    "GSP POST": ("POST", "store?default", TRIPLE, "application/n-triples"),
    "GSP DELETE": (
        "DELETE",
        "store?" + urllib.parse.urlencode({"graph": LHASA}),
        None,
        None,
    ),
    "dataset PUT": ("PUT", "store", b"", "application/n-quads"),
}


@pytest.mark.parametrize("name", sorted(WRITES))
def test_writes_refused(server, sample_store, name):
    method, path, data, content_type = WRITES[name]
    headers = {"Content-Type": content_type} if content_type else {}
    status, headers, body = request(server.url + path, data, headers, method)
    assert status == 403
    assert b"read-only" in body
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    _, _, after = get_query(server, count, "application/sparql-results+json")
    quads = len(pyoxigraph.Store.read_only(str(sample_store))) - len(
        library_rows(sample_store, "SELECT * WHERE { ?s ?p ?o }")[1]
    )
    assert int(json.loads(after)["results"]["bindings"][0]["n"]["value"]) == quads > 0


@pytest.mark.parametrize(
    "query",
    ["SELEC * WHERE { ?s ?p ?o }", "SELECT ?x WHERE { ?x ", "SELECT * WHERE { ?s <bad iri> ?o }"],
)
def test_malformed_query_400_and_still_up(server, query):
    status, headers, body = get_query(server, query, "application/sparql-results+json")
    assert status == 400
    assert headers["content-type"].startswith("text/plain") and body.strip()
    status, _, body = get_query(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_graph_store_read(server, sample_store):
    graph = LHASA
    status, _, body = request(
        server.url + "store?" + urllib.parse.urlencode({"graph": graph}),
        headers={"Accept": "application/n-triples"},
    )
    assert status == 200
    got = {str(t) for t in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES)}
    store = pyoxigraph.Store.read_only(str(sample_store))
    node = pyoxigraph.NamedNode(graph)
    assert got == {str(q.triple) for q in store.quads_for_pattern(None, None, None, node)}
    assert any("拉萨市2021年优化营商环境重点工作任务落实台账" in t for t in got)


def test_query_page(server):
    status, headers, body = request(server.url)
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"yasgui" in body.lower()
    # The page's script is served by the endpoint itself: it works offline.
    status, headers, script = request(server.url + "yasgui.min.js")
    assert status == 200 and len(script) > 100_000


@pytest.mark.browser
def test_query_page_runs_a_query_in_a_browser(server):
    """The YASGUI page, in headless Chromium, sends a query through the endpoint."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (browser and driver):
        pytest.skip("needs chromium and chromedriver")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.binary_location = browser
    chrome = webdriver.Chrome(options=options, service=webdriver.ChromeService(driver))
    try:
        chrome.get(server.url)
        WebDriverWait(chrome, 30).until(lambda c: c.find_elements(By.CSS_SELECTOR, ".CodeMirror"))
        chrome.execute_script(
            "graphkitYasgui.getTab().getYasqe().setValue(arguments[0])",
            PREFIXES + "SELECT ?label WHERE { ?a a gk:Agency ; skos:prefLabel ?label }",
        )
        [button] = [
            b for b in chrome.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton") if b.is_displayed()
        ]
        button.click()

        def results(c) -> str:
            shown = [e for e in c.find_elements(By.CSS_SELECTOR, ".yasr") if e.is_displayed()]
            return shown[0].text if shown else ""

        WebDriverWait(chrome, 30).until(lambda c: "拉萨市行政审批局" in results(c))
        assert "13 results" in results(chrome)
    finally:
        chrome.quit()


def test_listens_on_loopback_only(server):
    assert urllib.parse.urlsplit(server.url).hostname == "127.0.0.1"
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("needs /proc/net/tcp")
    listening = [
        line.split()[1] for line in tcp.read_text().splitlines()[1:] if line.split()[3] == "0A"
    ]
    ours = [a for a in listening if int(a.split(":")[1], 16) == server.port]
    assert ours == [f"0100007F:{server.port:04X}"]


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.mark.parametrize("name", sorted(LONG_QUERIES))
def test_long_query_stopped_with_error_status(server, name):
    proc = Path("/proc").is_dir()
    before = children(server.process.pid) if proc else []
    started = time.monotonic()
    status, _, body = get_query(server, LONG_QUERIES[name], "application/sparql-results+json")
    elapsed = time.monotonic() - started
    assert status == 503, body[:200]
    assert b"limit" in body
    assert TIMEOUT <= elapsed < TIMEOUT + GRACE + 3
    # Still answering, and no runaway query left behind: one Oxigraph process, idle.
    status, _, body = get_query(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    if proc:
        after = children(server.process.pid)
        assert len(before) == len(after) == 1
        replaced = before != after
        assert replaced == (name == "stopped by the gate")
        ticks = cpu_ticks(after[0])
        time.sleep(1.0)
        assert cpu_ticks(after[0]) - ticks < os.sysconf("SC_CLK_TCK") * 0.3


@pytest.fixture(scope="module")
def patient_server(sample_store: Path) -> Iterator[Server]:
    """A server with the default time limit: a long answer has time to stream on a busy machine."""
    s = start_server(sample_store)
    try:
        yield s
    finally:
        stop_server(s.process)


def test_large_answer_streams(patient_server):
    """Answers beyond BUFFER_LIMIT stream out in chunks, complete."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 60000"
    status, headers, body = get_query(patient_server, query, "application/sparql-results+json")
    assert status == 200
    assert headers.get("transfer-encoding") == "chunked" and len(body) > BUFFER_LIMIT
    assert len(json.loads(body)["results"]["bindings"]) == 60000


def test_large_answer_past_the_limit_is_cut(server):
    """A streamed answer still running at the limit ends without its last chunk."""
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    url = server.query_url + "?" + urllib.parse.urlencode({"query": query})
    started = time.monotonic()
    with (
        urllib.request.urlopen(url, timeout=60) as response,
        pytest.raises(http.client.IncompleteRead),
    ):
        while response.read(1 << 20):
            pass
    assert time.monotonic() - started < TIMEOUT + GRACE + 3
    status, _, _ = get_query(server, "ASK { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200


def test_queries_during_a_stopped_query_all_answer(server):
    """A process replacement must not fail the other clients' requests."""
    results: list[int] = []
    long = threading.Thread(
        target=lambda: results.append(
            get_query(
                server, LONG_QUERIES["stopped by the gate"], "application/sparql-results+json"
            )[0]
        )
    )
    long.start()
    statuses = []
    while long.is_alive():
        statuses.append(get_query(server, SELECTS["documents"], "text/csv")[0])
    long.join()
    assert results == [503]
    assert statuses and set(statuses) == {200}


def test_updated_store_is_served(writable_sample_store, sample_extractions):
    """``graphkit.store.update`` swaps a new directory in; the endpoint follows."""
    query = PREFIXES + "SELECT ?text WHERE { ?m a gk:Measure ; gk:text ?text }"

    def texts(endpoint) -> set[str]:
        url = endpoint.query_url + "?" + urllib.parse.urlencode({"query": query})
        _, _, body = request(url, headers={"Accept": "application/sparql-results+json"})
        return {b["text"]["value"] for b in json.loads(body)["results"]["bindings"]}

    lhasa = sample_extractions[0]
    m1 = lhasa.measures[0]
    changed = dataclasses.replace(m1, text=m1.text.replace("4个工作日", "3个工作日"))
    edited = dataclasses.replace(lhasa, measures=[changed, *lhasa.measures[1:]])
    with start(writable_sample_store, port=0) as endpoint:
        before, pid = texts(endpoint), endpoint.oxigraph_pid
        assert m1.text in before
        kg.update(writable_sample_store, [edited])
        after = texts(endpoint)
        assert after == (before - {m1.text}) | {changed.text}
        assert endpoint.oxigraph_pid != pid


# --- concurrent clients -------------------------------------------------------------


def test_burst_of_concurrent_clients(server):
    result = burst(server.query_url, QUERIES, clients=8, per_client=50)
    print(f"\nburst: {result.summary()}")
    assert result.requests == 400
    assert result.failures == 0, result.errors[:5]


def readme_snippet() -> tuple[str, str]:
    """The SPARQLWrapper example of the README and the output shown under it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("From Python with SPARQLWrapper:") :]
    code, shown = re.findall(r"```(?:python)?\n(.*?)```", section, re.S)[:2]
    return code, shown


# --- the command itself ---------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_stops_cleanly(sample_store, sig):
    s = start_server(sample_store)
    oxigraphs = children(s.process.pid) if Path("/proc").is_dir() else []
    assert get_query(s, "ASK { ?s ?p ?o }", "application/sparql-results+json")[0] == 200
    assert stop_server(s.process, sig) == 0
    assert "stopping" in "".join(s.stderr)
    for pid in oxigraphs:
        assert not Path(f"/proc/{pid}").exists()


def test_missing_store_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit",
            "serve",
            "--store",
            str(tmp_path / "none"),
            "--port",
            "0",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "no graph store" in result.stderr and "graphkit build" in result.stderr


def test_port_in_use_is_a_clear_error(server, sample_store):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphkit",
            "serve",
            "--store",
            str(sample_store),
            "--port",
            str(server.port),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot listen" in result.stderr


# --- the bundled corpus (slow) --------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_server(corpus_store: Path) -> Iterator[Server]:
    s = start_server(corpus_store)
    try:
        yield s
    finally:
        stop_server(s.process)


@pytest.mark.slow
def test_readme_snippet_output(corpus_server):
    """The README's SPARQLWrapper example prints what the README shows."""
    code, shown = readme_snippet()
    assert "http://127.0.0.1:7878/query" in code
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code.replace("http://127.0.0.1:7878/query", corpus_server.query_url), {})
    assert out.getvalue() == shown


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(kg.cookbook()))
def test_corpus_cookbook_equals_library(corpus_server, corpus_store, name):
    status, _, body = get_query(corpus_server, SELECTS[name], "application/sparql-results+json")
    assert status == 200, body[:300]
    got = endpoint_rows(
        pyoxigraph.parse_query_results(body, format=pyoxigraph.QueryResultsFormat.JSON)
    )
    assert got == library_rows(corpus_store, SELECTS[name])


@pytest.mark.slow
def test_corpus_burst_of_concurrent_clients(corpus_server):
    result = burst(corpus_server.query_url, QUERIES, clients=8, per_client=50)
    print(f"\ncorpus burst: {result.summary()}")
    assert result.requests == 400
    assert result.failures == 0, result.errors[:5]
