"""A burst of concurrent SPARQL clients against ``graphkit serve``.

Prints how many requests were made, how many failed, and the median and
95th-percentile latency. Either give a running endpoint, or a store directory
(default: $GRAPHKIT_STORE or .graphkit/store): then the burst runs against
``graphkit serve`` and, as the baseline, against Oxigraph's server alone on the
same store, and the ratio of their latencies is printed::

    python bench/serve_burst.py                # .graphkit/store, graphkit serve and bare Oxigraph
    python bench/serve_burst.py --endpoint http://127.0.0.1:7878/query
    python bench/serve_burst.py --clients 16 --queries 100

Each client is a thread making its requests one after another over plain
HTTP (GET and POST, JSON, XML, CSV and TSV results, Turtle graphs). A request
fails when it raises, answers another status than 200, or answers an empty
or unparsable body.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PREFIXES = (
    "PREFIX gk: <https://w3id.org/graphkit/ontology#>\n"
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)

#: (query, Accept) pairs the clients cycle through: the questions the graph is for.
QUERIES: list[tuple[str, str]] = [
    (
        PREFIXES + "SELECT ?d ?title WHERE { ?d a gk:Document ; dct:title ?title } ORDER BY ?d",
        "application/sparql-results+json",
    ),
    (
        PREFIXES
        + "SELECT ?label (COUNT(?m) AS ?n) WHERE { ?a gk:leads ?m ; skos:prefLabel ?label }"
        " GROUP BY ?label ORDER BY DESC(?n) LIMIT 20",
        "application/sparql-results+xml",
    ),
    (
        PREFIXES + "SELECT ?lead ?partner (COUNT(?m) AS ?n) WHERE { ?a gk:leads ?m ;"
        " skos:prefLabel ?lead . ?b gk:cooperatesOn ?m ; skos:prefLabel ?partner }"
        " GROUP BY ?lead ?partner ORDER BY DESC(?n) LIMIT 20",
        "text/csv",
    ),
    (
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        "text/tab-separated-values",
    ),
    (
        PREFIXES
        + "CONSTRUCT { ?a skos:prefLabel ?l } WHERE { ?a a gk:Agency ; skos:prefLabel ?l }",
        "text/turtle",
    ),
    ("ASK { ?s ?p ?o }", "application/sparql-results+json"),
]


@dataclass
class BurstResult:
    """Figures of one burst; latencies in seconds."""

    clients: int
    per_client: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def failures(self) -> int:
        return len(self.errors)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency (nearest rank), 0 when nothing succeeded."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
        return ordered[rank - 1]

    def summary(self) -> str:
        median = statistics.median(self.latencies) if self.latencies else 0.0
        return (
            f"{self.clients} clients x {self.per_client} queries: {self.requests} requests, "
            f"{self.failures} failures, median {median * 1000:.1f} ms, "
            f"p95 {self.percentile(95) * 1000:.1f} ms, "
            f"{self.requests / self.seconds if self.seconds else 0:.0f} requests/s"
        )


def one_request(query_url: str, query: str, accept: str, post: bool, timeout: float) -> None:
    """Make one query request; raise unless it succeeded with a usable body."""
    if post:
        data = urllib.parse.urlencode({"query": query}).encode("utf-8")
        req = urllib.request.Request(
            query_url,
            data=data,
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        url = query_url + "?" + urllib.parse.urlencode({"query": query})
        req = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"status {response.status}")
    if not body:
        raise RuntimeError("empty answer")
    if accept.endswith("json"):
        json.loads(body)


def burst(
    query_url: str,
    queries: list[tuple[str, str]] = QUERIES,
    *,
    clients: int = 8,
    per_client: int = 50,
    timeout: float = 60.0,
) -> BurstResult:
    """Run ``clients`` threads of ``per_client`` requests each; collect the figures."""
    result = BurstResult(clients, per_client)
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(number: int) -> None:
        start.wait()
        for i in range(per_client):
            query, accept = queries[(number + i) % len(queries)]
            began = time.perf_counter()
            try:
                one_request(query_url, query, accept, post=(i % 2 == 1), timeout=timeout)
            except (OSError, RuntimeError, ValueError) as e:
                message = e.read()[:200] if isinstance(e, urllib.error.HTTPError) else e
                with lock:
                    result.errors.append(f"client {number} request {i}: {message!r}")
                continue
            took = time.perf_counter() - began
            with lock:
                result.latencies.append(took)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    return result


@contextlib.contextmanager
def graphkit_serve(store: Path) -> Iterator[str]:
    """``graphkit serve --port 0`` as its own process; yields the query URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "serve", "--store", str(store), "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        line = process.stdout.readline()  # "SPARQL endpoint: URL", or "" if it failed
        if not line.startswith("SPARQL endpoint:"):
            raise RuntimeError("graphkit serve did not start: " + process.stderr.read())
        yield line.split(":", 1)[1].strip()
    finally:
        if process.poll() is None:
            process.terminate()  # graphkit serve stops cleanly on SIGTERM
        process.wait(timeout=30)


@contextlib.contextmanager
def bare_oxigraph(store: Path) -> Iterator[str]:
    """The Oxigraph server alone on the same store, run as graphkit serve runs it (the
    baseline); yields the query URL."""
    from graphkit.serve import oxigraph_executable

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [
            str(oxigraph_executable()),
            "serve-read-only",
            "--location",
            str(store),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout-s",
            "30",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
                break
            except OSError as e:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve-read-only did not start on {store}") from e
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        process.terminate()
        process.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", help="query URL of a running endpoint")
    parser.add_argument(
        "--store",
        type=Path,
        default=Path(os.environ.get("GRAPHKIT_STORE", ".graphkit/store")),
        help="store to serve when no --endpoint is given",
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--queries", type=int, default=50, help="requests per client")
    args = parser.parse_args(argv)
    runs: list[tuple[str, BurstResult]] = []
    if args.endpoint:
        runs.append(
            (args.endpoint, burst(args.endpoint, clients=args.clients, per_client=args.queries))
        )
    else:
        if not (args.store / "CURRENT").is_file():
            print(
                f"serve_burst: no graph store in {args.store}: run `graphkit build` first",
                file=sys.stderr,
            )
            return 1
        for name, server in (
            ("graphkit serve", graphkit_serve),
            ("oxigraph serve-read-only (baseline)", bare_oxigraph),
        ):
            with server(args.store) as url:
                runs.append((name, burst(url, clients=args.clients, per_client=args.queries)))
    width = max(len(name) for name, _ in runs)
    for name, result in runs:
        print(f"{name:<{width}}  {result.summary()}")
        for error in result.errors[:10]:
            print("  " + error)
    if len(runs) == 2 and runs[1][1].latencies and runs[0][1].latencies:
        ours, base = runs[0][1], runs[1][1]
        print(
            f"graphkit serve / baseline: median x{ours.percentile(50) / base.percentile(50):.2f}, "
            f"p95 x{ours.percentile(95) / base.percentile(95):.2f}"
        )
    return 1 if any(result.failures for _, result in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
