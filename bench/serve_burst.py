"""A burst of concurrent SPARQL clients against ``graphkit serve``.

Prints how many requests were made, how many failed, and the median and
95th-percentile latency. Either give a running endpoint, or a store directory
(default: $GRAPHKIT_STORE or .graphkit/store) to serve for the run::

    python bench/serve_burst.py                       # serve .graphkit/store on a free port
    python bench/serve_burst.py --endpoint http://127.0.0.1:7878/query
    python bench/serve_burst.py --clients 16 --queries 100

Each client is a thread making its requests one after another over plain
HTTP (GET and POST, JSON, XML, CSV and TSV results, Turtle graphs). A request
fails when it raises, answers another status than 200, or answers an empty
or unparsable body.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

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
    if args.endpoint:
        result = burst(args.endpoint, clients=args.clients, per_client=args.queries)
        where = args.endpoint
    else:
        from graphkit.errors import GraphkitError
        from graphkit.serve import start

        try:
            endpoint = start(args.store, port=0)
        except GraphkitError as e:
            print(f"serve_burst: {e}", file=sys.stderr)
            return 1
        with endpoint:
            result = burst(endpoint.query_url, clients=args.clients, per_client=args.queries)
        where = f"graphkit serve --store {args.store}"
    print(f"{where}: {result.summary()}")
    for error in result.errors[:10]:
        print("  " + error)
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
