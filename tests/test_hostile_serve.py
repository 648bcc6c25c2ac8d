"""Hostile queries and requests against ``graphkit serve`` and ``graphkit query``.

Each attack is sent to a real server (the ``graphkit serve`` command, or
:func:`graphkit.serve.start` where a test needs short timeouts) and the test
asserts the safe outcome: refused with a clear status and message, nothing
sent out, the server up, other clients answered.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from test_serve import (
    ROOT,
    Server,
    children,
    get_query,
    post_query,
    request,
    start_server,
    stop_server,
)

from graphkit.serve import start
from graphkit.store.guard import Limits, measure

pytestmark = pytest.mark.server

JSON = "application/sparql-results+json"
ASK = "ASK { ?s ?p ?o }"
PROC = Path("/proc").is_dir()


# --- a loopback listener that records every connection -------------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that answers SPARQL JSON and counts what it receives."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(2)
                data = b""
                try:
                    while b"\r\n\r\n" not in data:
                        chunk = conn.recv(65536)
                        if not chunk:
                            break
                        data += chunk
                    body = json.dumps(
                        {
                            "head": {"vars": ["x"]},
                            "results": {"bindings": [{"x": {"type": "literal", "value": "far"}}]},
                        }
                    ).encode()
                    conn.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                        + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                        + body
                    )
                except OSError:
                    pass
                self.received.append(data)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    s = Listener()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def server(sample_store: Path) -> Iterator[Server]:
    s = start_server(sample_store, "--timeout", "5")
    try:
        yield s
    finally:
        stop_server(s.process)


def service_queries(url: str) -> dict[str, str]:
    """SERVICE written every way the grammar allows, all naming ``url``."""
    base, _, name = url.rpartition("/")
    return {
        "IRI": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "lower case, SILENT": f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "prefixed name": f"PREFIX r: <{base}/> SELECT * WHERE {{ SERVICE r:{name} {{ ?s ?p ?o }} }}",
        "relative to BASE": f"BASE <{base}/> SELECT * WHERE {{ SERVICE <{name}> {{ ?s ?p ?o }} }}",
        "escaped keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "escaped IRI": "SELECT * WHERE { SERVICE <"
        + url.replace("127", "\\u0031\\u0032\\u0037")
        + "> { ?s ?p ?o } }",
        "no space, in a sub-select": f"SELECT * {{ {{ SELECT * {{ ?s ?p ?o OPTIONAL{{SERVICE<{url}>{{?s ?p ?o}}}} }} }} }}",
        "after a comment and a string": f'SELECT * WHERE {{ BIND("}}#" AS ?x) # }}\n SERVICE <{url}> {{ ?s ?p ?o }} }}',
    }


# --- no outbound requests -------------------------------------------------------------


@pytest.mark.parametrize("how", ["GET", "POST query", "POST form"])
def test_service_refused_and_nothing_sent(server, listener, how):
    for name, query in service_queries(listener.url).items():
        if how == "GET":
            status, headers, body = get_query(server, query, JSON)
        elif how == "POST query":
            status, headers, body = post_query(server, query, JSON)
        else:
            form = urllib.parse.urlencode({"query": query}).encode()
            status, headers, body = request(
                server.query_url, form, {"Content-Type": "application/x-www-form-urlencoded"}
            )
        assert status == 400, (name, body)
        assert b"SERVICE" in body and b"--allow-service" in body, (name, body)
        assert headers["content-type"].startswith("text/plain")
    time.sleep(0.5)
    assert listener.received == []
    assert get_query(server, ASK, JSON)[0] == 200


def test_query_with_two_query_parameters_refused(server, listener):
    """The gate checks the query the engine runs: no second, unchecked one slips by."""
    evil = service_queries(listener.url)["IRI"]
    url = server.query_url + "?" + urllib.parse.urlencode([("query", ASK), ("query", evil)])
    status, _, body = request(url, headers={"Accept": JSON})
    assert status == 400 and b"one query" in body
    form = urllib.parse.urlencode({"query": evil}).encode()
    url = server.query_url + "?" + urllib.parse.urlencode({"query": ASK})
    status, _, _ = request(url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 400
    assert listener.received == []


def run_query(store: Path, query: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphkit", "query", "--store", str(store), *extra, "-"],
        input=query,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_query_command_refuses_service(sample_store, listener):
    for name, query in service_queries(listener.url).items():
        result = run_query(sample_store, query)
        assert result.returncode == 1, (name, result.stderr)
        assert "SERVICE" in result.stderr and "--allow-service" in result.stderr
        assert "Traceback" not in result.stderr
    time.sleep(0.3)
    assert listener.received == []


def test_allow_service_lets_the_named_host_through(sample_store, listener):
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
    result = run_query(sample_store, query, "--allow-service", "127.0.0.1", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == ["far"]
    assert len(listener.received) == 1 and b"POST" in listener.received[0]
    # Another host stays refused.
    other = query.replace("127.0.0.1", "localhost")
    result = run_query(sample_store, other, "--allow-service", "127.0.0.1")
    assert result.returncode == 1 and "localhost" in result.stderr


@pytest.fixture(scope="module")
def federated(sample_store: Path) -> Iterator[Server]:
    s = start_server(sample_store, "--timeout", "5", "--allow-service", "127.0.0.1")
    try:
        yield s
    finally:
        stop_server(s.process)


def test_serve_allow_service(federated, listener):
    query = f"SELECT ?x WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
    status, _, body = get_query(federated, query, JSON)
    assert status == 200, body
    assert json.loads(body)["results"]["bindings"] == [{"x": {"type": "literal", "value": "far"}}]
    assert len(listener.received) == 1


# --- errors are errors --------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", [JSON, "application/sparql-results+xml", "text/csv", "text/tab-separated-values"]
)
def test_failure_during_evaluation_is_an_error_status(federated, accept):
    """Oxigraph writes the error into a ``200`` body; the gate answers ``500`` instead."""
    query = "SELECT * WHERE { VALUES ?x { 1 2 } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    status, headers, body = get_query(federated, query, accept)
    assert status == 500, body
    assert headers["content-type"].startswith("text/plain")
    text = body.decode("utf-8")
    assert text.startswith("the query failed while its answer was written: ")
    assert "port 1" in text and "{" not in text
    assert get_query(federated, ASK, JSON)[0] == 200


# --- deep and huge queries ------------------------------------------------------------

P = "<https://w3id.org/graphkit/ontology#leads>"


def deep(kind: str, n: int) -> str:
    """A query ``n`` levels deep (or ``n`` long) of one construct."""
    return {
        "braces": "SELECT * WHERE " + "{" * n + "?s ?p ?o" + "}" * n,
        "parentheses": "SELECT * WHERE { ?s ?p ?o FILTER(" + "(" * n + "?o" + ")" * n + ") }",
        "OPTIONAL": "SELECT * WHERE " + "{ ?s ?p ?o OPTIONAL " * n + "{ ?s ?p ?o }" + "}" * n,
        "sub-SELECT": "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + "}" * n,
        "!": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * n + "?o) }",
        "path": "SELECT * WHERE { ?s " + "/".join([P] * n) + " ?o }",
        "nested path": "SELECT * WHERE { ?s " + "(" * n + P + ")" * n + " ?o }",
        "inverse path": "SELECT * WHERE { ?s " + "^" * n + P + " ?o }",
        "UNION": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
        "sum": "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * n) + " > 0) }",
        "BIND": "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?b{i})" for i in range(n)) + " }",
    }[kind]


KINDS = [
    "braces",
    "parentheses",
    "OPTIONAL",
    "sub-SELECT",
    "!",
    "path",
    "nested path",
    "inverse path",
    "UNION",
    "sum",
    "BIND",
]


@pytest.mark.parametrize("kind", KINDS)
def test_deep_query_refused_server_up(server, kind):
    pid = children(server.process.pid) if PROC else []
    query = deep(kind, 10_000)
    status, _, body = post_query(server, query, JSON)
    assert status == 400, body[:300]
    assert b"query refused" in body and b"limit" in body
    assert get_query(server, ASK, JSON)[0] == 200
    if PROC:
        assert children(server.process.pid) == pid  # no crash, no replacement


def test_huge_union_and_query_size_refused(server):
    union = deep("UNION", 200_000)
    status, _, body = post_query(server, union, JSON)
    assert status == 400 and b"bytes long" in body
    many = "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o ." for i in range(20_000)) + " }"
    status, _, body = post_query(server, many, JSON)
    assert status == 400 and b"query refused" in body


def test_deep_queries_do_not_disturb_other_clients(server):
    """Deep queries every 0.1 s while another client queries: every good query answers."""
    statuses: list[int] = []
    stop = threading.Event()

    def good() -> None:
        while not stop.is_set() and len(statuses) < 500:
            statuses.append(get_query(server, ASK, JSON)[0])

    t = threading.Thread(target=good)
    t.start()
    refused = []
    for kind in KINDS * 2:
        refused.append(post_query(server, deep(kind, 10_000), JSON)[0])
        time.sleep(0.1)
    stop.set()
    t.join(timeout=60)
    assert set(refused) == {400}
    assert statuses and set(statuses) == {200}


def test_largest_accepted_query_answers(server):
    """Just under the depth limit, every construct is accepted and evaluated."""
    limit = Limits().max_depth
    for kind in KINDS:
        if kind == "inverse path":
            continue  # ^^ is the datatype marker: Oxigraph reads no double inverse
        n = 1
        while measure(deep(kind, n * 2)).depth <= limit:
            n *= 2
        while measure(deep(kind, n + 1)).depth <= limit:
            n += 1
        status, _, body = post_query(server, deep(kind, n), JSON)
        assert status == 200, (kind, n, body[:300])


@pytest.mark.parametrize("kind", ["braces", "parentheses", "!", "UNION"])
def test_query_command_deep_query_is_a_clear_error(sample_store, kind):
    result = run_query(sample_store, deep(kind, 10_000))
    assert result.returncode == 1, result.returncode
    assert "query refused" in result.stderr and "Traceback" not in result.stderr


# --- memory -----------------------------------------------------------------------------

#: 27 million rows to sort: several GB in Oxigraph.
MEMORY_BOMB = (
    "SELECT ?a ?b ?c WHERE { VALUES ?a { "
    + " ".join(map(str, range(300)))
    + " } VALUES ?b { "
    + " ".join(map(str, range(300)))
    + " } VALUES ?c { "
    + " ".join(map(str, range(300)))
    + " } } ORDER BY ?c ?b ?a"
)


def test_memory_ceiling_is_a_503_and_the_server_carries_on(sample_store):
    s = start_server(sample_store, "--timeout", "120", "--max-memory", "1024")
    try:
        before = children(s.process.pid) if PROC else []
        started = time.monotonic()
        status, _, body = post_query(s, MEMORY_BOMB, JSON)
        assert status == 503, body[:300]
        assert b"memory limit" in body and b"--max-memory" in body
        assert time.monotonic() - started < 60
        assert get_query(s, ASK, JSON)[0] == 200
        if PROC:
            after = children(s.process.pid)
            assert len(after) == 1 and after != before
            rss = int(Path(f"/proc/{after[0]}/statm").read_text().split()[1]) * os.sysconf(
                "SC_PAGE_SIZE"
            )
            assert rss < 1024 * 2**20
    finally:
        stop_server(s.process)


# --- HTTP hygiene -----------------------------------------------------------------------


def raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Send ``data`` on a fresh connection; everything the server answers until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return out


def post(length_headers: str, body: bytes = b"query=ASK+%7B%7D") -> bytes:
    return (
        b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + length_headers.encode()
        + b"Connection: close\r\n\r\n"
        + body
    )


@pytest.mark.parametrize(
    "name,data",
    [
        ("Content-Length -1", post("Content-Length: -1\r\n")),
        ("Content-Length 6_0", post("Content-Length: 6_0\r\n", b"x" * 60)),
        ("Content-Length +16", post("Content-Length: +16\r\n")),
        ("two Content-Lengths", post("Content-Length: 16\r\nContent-Length: 5\r\n")),
        (
            "raw UTF-8 in the request line",
            'GET /query?query=ASK{?s ?p "拉萨"} HTTP/1.1\r\nHost: x\r\n\r\n'.encode(),
        ),
    ],
)
def test_malformed_requests_get_400(server, name, data):
    answer = raw(server.port, data)
    assert answer.startswith(b"HTTP/1.1 400"), (name, answer[:200])
    assert get_query(server, ASK, JSON)[0] == 200


def test_same_content_length_twice_is_accepted(server):
    answer = raw(server.port, post("Content-Length: 16\r\nContent-Length: 16\r\n"))
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]


def test_negative_content_length_reads_nothing_more(server):
    """``Content-Length: -1`` followed by a large body: refused at once, body not read."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(post("Content-Length: -1\r\n", b""))
        started = time.monotonic()
        answer = s.recv(4096)
        assert answer.startswith(b"HTTP/1.1 400") and time.monotonic() - started < 2


@pytest.fixture
def strict(sample_store) -> Iterator:
    with start(sample_store, port=0, idle_timeout=1.0, max_connections=8) as endpoint:
        yield endpoint


def test_idle_and_trickling_connections_are_closed(strict):
    idle = socket.create_connection(("127.0.0.1", strict.port), timeout=10)
    trickle = socket.create_connection(("127.0.0.1", strict.port), timeout=10)
    started = time.monotonic()
    closed_at = None
    for byte in b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n" * 10:
        try:
            trickle.sendall(bytes([byte]))
        except OSError:
            closed_at = time.monotonic() - started
            break
        time.sleep(0.05)
        if time.monotonic() - started > 6:
            break
    assert closed_at is not None and closed_at < 4
    assert idle.recv(100) == b""  # closed by the server
    assert time.monotonic() - started < 6
    idle.close()
    trickle.close()


def test_connections_are_capped_waiting_ones_make_room(strict):
    """At the cap, a new connection takes the place of the one idle longest."""
    held = [socket.create_connection(("127.0.0.1", strict.port), timeout=10) for _ in range(8)]
    time.sleep(0.3)
    status, _, _ = request(strict.query_url + "?query=ASK%7B%7D", headers={"Accept": JSON})
    assert status == 200
    assert held[0].recv(100) == b""  # the oldest was closed to make room
    assert strict._server.open_connections() <= 8
    for s in held:
        s.close()


@pytest.fixture
def busy(sample_store) -> Iterator:
    with start(sample_store, port=0, timeout=2, max_connections=3) as endpoint:
        yield endpoint


def test_connections_are_capped_when_all_run_queries(busy):
    long = "SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a"
    url = busy.query_url + "?" + urllib.parse.urlencode({"query": long})
    statuses: list[int] = []
    threads = [
        threading.Thread(target=lambda: statuses.append(request(url, headers={"Accept": JSON})[0]))
        for _ in range(3)
    ]
    for t in threads:
        t.start()
    time.sleep(1.0)
    extra = raw(busy.port, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
    assert extra.startswith(b"HTTP/1.1 503") and b"too many" in extra
    for t in threads:
        t.join(timeout=30)
    assert statuses == [503, 503, 503]  # stopped at the time limit
    status, _, _ = request(busy.query_url + "?query=ASK%7B%7D", headers={"Accept": JSON})
    assert status == 200


def test_slowloris_does_not_starve_clients(strict):
    """More trickling connections than the cap: good clients get through once they are reaped."""
    held = [socket.create_connection(("127.0.0.1", strict.port), timeout=10) for _ in range(8)]
    for s in held:
        s.sendall(b"GET /query?query=")
    deadline = time.monotonic() + 10
    status = 0
    while time.monotonic() < deadline:
        try:
            status, _, _ = request(strict.query_url + "?query=ASK%7B%7D", headers={"Accept": JSON})
        except OSError:
            status = 0
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200
    for s in held:
        s.close()


# --- HEAD, OPTIONS, access log --------------------------------------------------------------


def test_head_and_options(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request(
        "HEAD", "/query?" + urllib.parse.urlencode({"query": ASK}), headers={"Accept": JSON}
    )
    r = conn.getresponse()
    assert r.status == 200 and r.read() == b"" and int(r.getheader("Content-Length")) > 0
    assert r.getheader("Content-Type").startswith(JSON)
    conn.request("HEAD", "/")
    r = conn.getresponse()
    assert (
        r.status == 200 and r.read() == b"" and r.getheader("Content-Type").startswith("text/html")
    )
    conn.request("OPTIONS", "/query")
    r = conn.getresponse()
    assert r.status == 204 and "POST" in r.getheader("Allow")
    r.read()
    conn.close()


def test_access_log_one_line_per_request(sample_store, tmp_path):
    log = tmp_path / "access.log"
    s = start_server(sample_store, "--log", str(log))
    try:
        get_query(s, ASK, JSON)
        get_query(s, "SELEC nothing", JSON)
        request(s.url, method="OPTIONS")
        time.sleep(0.2)
    finally:
        stop_server(s.process)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3, lines
    assert lines[0].split()[1:3] == ["GET", "/query?query=ASK+%7B+%3Fs+%3Fp+%3Fo+%7D"]
    assert [line.split()[3] for line in lines] == ["200", "400", "204"]
    assert all(line.endswith("ms") for line in lines)


def test_access_log_to_stderr_by_default(server):
    get_query(server, ASK, JSON)
    time.sleep(0.2)
    assert any(" GET /query?query=ASK" in line and " 200 " in line for line in server.stderr)


# --- process lifetime ------------------------------------------------------------------------


def gone(pid: int, within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return True
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGQUIT], ids=["SIGKILL", "SIGQUIT"])
def test_oxigraph_dies_with_graphkit(sample_store, sig):
    s = start_server(sample_store)
    oxigraphs = children(s.process.pid)
    assert len(oxigraphs) == 1
    # After a replacement (started from another thread) too.
    s.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 20
    while children(s.process.pid) in ([], oxigraphs) and time.monotonic() < deadline:
        time.sleep(0.1)
    replaced = children(s.process.pid)
    assert replaced and replaced != oxigraphs
    s.process.send_signal(sig)
    s.process.wait(timeout=15)
    assert all(gone(pid) for pid in oxigraphs + replaced)


def test_sighup_reopens_the_store(sample_store):
    s = start_server(sample_store)
    try:
        before = children(s.process.pid) if PROC else []
        s.process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 20
        while PROC and children(s.process.pid) in ([], before) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert s.process.poll() is None
        assert get_query(s, ASK, JSON)[0] == 200
        if PROC:
            assert children(s.process.pid) != before
    finally:
        stop_server(s.process)


def test_serve_recovers_a_swap_cut_short(writable_sample_store):
    """A build killed between its two renames leaves ``.store.old-*`` and no store."""
    store = writable_sample_store
    old = store.parent / f".{store.name}.old-12345"
    os.rename(store, old)
    s = start_server(store)
    try:
        status, _, body = get_query(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON)
        assert status == 200
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 0
        assert (store / "CURRENT").is_file() and not old.exists()
    finally:
        stop_server(s.process)
    assert len(pyoxigraph.Store.read_only(str(store))) > 0


# --- the query page, in headless Chromium with the network blocked ----------------------


@pytest.mark.browser
def test_query_page_is_graphkits_and_stays_local(server, browser, sample_store):
    """Title, cookbook tabs, a cookbook query run, a readable parse error, no outside request."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from graphkit.store import cookbook

    browser.get_log("performance")
    browser.get(server.url)
    WebDriverWait(browser, 30).until(lambda c: c.find_elements(By.CSS_SELECTOR, ".CodeMirror"))
    assert browser.title == "graphkit SPARQL endpoint"
    names = browser.execute_script(
        "return Object.values(graphkitYasgui._tabs).map(t => t.getName())"
    )
    assert set(cookbook()) <= set(names)
    browser.execute_script(
        "const y = graphkitYasgui;"
        "const id = Object.keys(y._tabs).find(k => y._tabs[k].getName() === 'lead_agencies');"
        "y.selectTabId(id);"
    )
    assert (
        browser.execute_script("return graphkitYasgui.getTab().getYasqe().getValue()")
        == cookbook()["lead_agencies"]
    )

    def shown(selector: str) -> str:
        found = [e for e in browser.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
        return found[0].text if found else ""

    [button] = [
        b for b in browser.find_elements(By.CSS_SELECTOR, ".yasqe_queryButton") if b.is_displayed()
    ]
    button.click()
    WebDriverWait(browser, 30).until(lambda c: "results" in shown(".yasr"))
    from graphkit import store as kg

    expected = kg.run(sample_store, cookbook()["lead_agencies"])
    assert f"{len(expected.rows)} results" in shown(".yasr")
    assert str(expected.rows[0][1]) in shown(".yasr")
    # A malformed query: the server's message is shown.
    browser.execute_script("graphkitYasgui.getTab().getYasqe().setValue('SELEC ?x WHERE {}')")
    button.click()
    WebDriverWait(browser, 30).until(lambda c: "error" in shown(".yasr").lower())
    assert "error at 1:" in shown(".yasr") and "expected" in shown(".yasr")
    events = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = [
        e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"
    ]
    local = ("data:", "blob:", "about:", "chrome:", "chrome-untrusted:", "devtools:")
    assert any(u.startswith(server.url) for u in urls)
    assert [u for u in urls if not u.startswith((server.url, *local))] == []
    assert not any("/update" in u for u in urls)
    assert "/update" not in browser.page_source


# --- the guard's scan: no false alarms on ordinary queries ------------------------------


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
        "SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> {}''' }",
        "SELECT * WHERE { ?s <http://example.org/service> ?o }  # SERVICE <http://x/> {}",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:x ?o }",
        "SELECT ?service WHERE { ?service ?p ?o }",
        "SELECT * WHERE { VALUES ?x { " + " ".join(str(-i) for i in range(1000)) + " } }",
    ],
)
def test_guard_accepts_ordinary_queries(sample_store, query):
    from graphkit import store as kg

    kg.run(sample_store, query)  # no QueryError


def test_guard_accepts_every_cookbook_query_with_room_to_spare():
    from graphkit.store import cookbook

    depths = {name: measure(text).depth for name, text in cookbook().items()}
    assert max(depths.values()) * 10 < Limits().max_depth, depths


def test_request_body_is_bounded(server):
    """A body past the limit is refused from its Content-Length, before it is read."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(post(f"Content-Length: {1 << 30}\r\n", b"query=" + b"x" * 1000))
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413")
