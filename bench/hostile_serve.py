"""``graphkit serve`` under attack: a burst of good clients with slowloris and deep queries.

Prints, against ``graphkit serve`` on a store (default: $GRAPHKIT_STORE or
.graphkit/store):

- requests and failures of a burst of good clients, alone (the baseline) and
  again while slowloris connections trickle their requests and an attacker
  sends deep and ``SERVICE`` queries, with the ratio of their latencies;
- what happened to the attackers (statuses; how long the trickling
  connections were held);
- the largest query accepted (deepest nesting, most bytes);
- peak memory of the Oxigraph process per cookbook query, and what a query
  past ``--max-memory`` gets (on a second server with that ceiling).

Traffic goes to 127.0.0.1 only, and every loop is bounded in count and time::

    python bench/hostile_serve.py
    python bench/hostile_serve.py --store path/to/store --slow 200 --seconds 20
"""

from __future__ import annotations

import argparse
import collections
import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from serve_burst import QUERIES, burst

ROOT = Path(__file__).resolve().parent.parent
JSON = "application/sparql-results+json"


class Serve:
    """``graphkit serve --port 0`` as its own process."""

    def __init__(self, store: Path, *extra: str):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "graphkit",
                "serve",
                "--store",
                str(store),
                "--port",
                "0",
                *extra,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        lines: queue.Queue[str] = queue.Queue()
        assert self.process.stdout is not None
        stdout = self.process.stdout
        threading.Thread(target=lambda: [lines.put(x) for x in stdout], daemon=True).start()
        try:
            line = lines.get(timeout=60)
        except queue.Empty:
            line = ""
        if not line.startswith("SPARQL endpoint:"):
            self.close()
            raise RuntimeError("graphkit serve did not start")
        self.query_url = line.split(":", 1)[1].strip()
        self.port = int(urllib.parse.urlsplit(self.query_url).port or 0)

    def oxigraph(self) -> int | None:
        """Process id of the Oxigraph child (Linux /proc), None if there is none."""
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    return int(entry.name)
        return None

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=30)


def status_of(url: str, query: str, timeout: float = 120) -> int:
    data = query.encode("utf-8")
    req = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/sparql-query", "Accept": JSON}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code
    except OSError:
        return 0


def slowloris(port: int, count: int, seconds: float, held: list[float]) -> None:
    """``count`` connections trickling one byte a second, for at most ``seconds``."""
    socks: list[tuple[socket.socket, float]] = []
    for _ in range(count):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=2)
            s.sendall(b"GET /query?query=")
            socks.append((s, time.monotonic()))
        except OSError:
            break
    deadline = time.monotonic() + seconds
    while socks and time.monotonic() < deadline:
        time.sleep(1.0)
        alive = []
        for s, opened in socks:
            try:
                s.sendall(b"A")
                alive.append((s, opened))
            except OSError:
                held.append(time.monotonic() - opened)
                s.close()
        socks = alive
    for s, opened in socks:
        held.append(time.monotonic() - opened)
        s.close()


def attacker(url: str, seconds: float, statuses: collections.Counter[int]) -> None:
    """A deep query and a SERVICE query every 0.5 s, for ``seconds`` (at most 200 requests)."""
    deep = "SELECT * WHERE " + "{" * 10_000 + "?s ?p ?o" + "}" * 10_000
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    deadline = time.monotonic() + seconds
    for i in range(200):
        if time.monotonic() > deadline:
            break
        statuses[status_of(url, deep if i % 2 == 0 else service)] += 1
        time.sleep(0.5)


def largest(accepted, low: int, high: int) -> int:
    """The largest n in [low, high] with accepted(n), by bisection (at most 25 probes)."""
    if not accepted(low):
        return 0
    for _ in range(25):
        if high - low <= max(1, low // 100):
            break
        mid = (low + high) // 2
        if accepted(mid):
            low = mid
        else:
            high = mid
    return low


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--store", type=Path, default=Path(os.environ.get("GRAPHKIT_STORE", ".graphkit/store"))
    )
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--queries", type=int, default=50, help="requests per client")
    parser.add_argument("--slow", type=int, default=100, help="slowloris connections (≤ 500)")
    parser.add_argument("--seconds", type=float, default=20.0, help="attack duration (≤ 60)")
    parser.add_argument("--max-memory", type=int, default=1024, help="MiB, for the memory part")
    args = parser.parse_args(argv)
    if not (args.store / "CURRENT").is_file():
        print(
            f"hostile_serve: no graph store in {args.store}: run `graphkit build`", file=sys.stderr
        )
        return 1
    slow, seconds = min(args.slow, 500), min(args.seconds, 60.0)
    failed = False

    server = Serve(args.store)
    try:
        before = server.oxigraph()
        base = burst(server.query_url, QUERIES, clients=args.clients, per_client=args.queries)
        print(f"burst alone:         {base.summary()}")
        held: list[float] = []
        statuses: collections.Counter[int] = collections.Counter()
        threads = [
            threading.Thread(target=slowloris, args=(server.port, slow, seconds, held)),
            threading.Thread(target=attacker, args=(server.query_url, seconds, statuses)),
        ]
        for t in threads:
            t.start()
        time.sleep(1.0)
        hostile = burst(server.query_url, QUERIES, clients=args.clients, per_client=args.queries)
        for t in threads:
            t.join(timeout=seconds + 30)
        print(f"burst under attack:  {hostile.summary()}")
        for error in hostile.errors[:5]:
            print("  " + error)
        if base.latencies and hostile.latencies:
            print(
                f"under attack / alone: median x{hostile.percentile(50) / base.percentile(50):.2f},"
                f" p95 x{hostile.percentile(95) / base.percentile(95):.2f}"
            )
        print(f"attacker's deep and SERVICE queries: {dict(sorted(statuses.items()))}")
        if held:
            print(
                f"slowloris: {len(held)} connections held {statistics.median(held):.1f} s median, "
                f"{max(held):.1f} s at most"
            )
        print(f"Oxigraph process replaced during the attack: {server.oxigraph() != before}")
        failed |= bool(hostile.failures) or set(statuses) != {400}

        def depth_ok(n: int) -> bool:
            return status_of(server.query_url, "ASK " + "{" * n + "}" * n) == 200

        def bytes_ok(n: int) -> bool:
            values = " ".join(f"<urn:x:{i:08d}>" for i in range(n // 15))
            return status_of(server.query_url, f"ASK {{ VALUES ?x {{ {values} }} }}") == 200

        print(f"largest query accepted: {largest(depth_ok, 1, 5000)} nested groups, ", end="")
        size = largest(bytes_ok, 1000, 4_000_000)
        print(f"{size // 15 * 15 + 20:,} bytes (a VALUES list)")

        from graphkit.store import cookbook

        print("peak memory of the Oxigraph process per cookbook query:")
        for name, text in cookbook().items():
            pid = server.oxigraph()
            if pid is None:
                break
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the peak (VmHWM)
            started = time.perf_counter()
            status = status_of(server.query_url, text)
            took = time.perf_counter() - started
            print(f"  {name:28s} {status}  {peak_rss(pid) / 2**20:6.1f} MiB  {took * 1000:6.0f} ms")
    finally:
        server.close()
    # A query past the memory ceiling, on a server of its own with --max-memory.
    server = Serve(args.store, "--max-memory", str(args.max_memory), "--timeout", "120")
    try:
        bomb = (
            "SELECT ?a ?b ?c WHERE { "
            + " ".join(f"VALUES ?{v} {{ {' '.join(map(str, range(300)))} }}" for v in "abc")
            + " } ORDER BY ?c ?b ?a"
        )
        started = time.perf_counter()
        status = status_of(server.query_url, bomb)
        print(
            f"a 27-million-row sort with --max-memory {args.max_memory}: status {status} "
            f"after {time.perf_counter() - started:.1f} s; next query: "
            f"{status_of(server.query_url, 'ASK {}')}"
        )
        failed |= status != 503
    finally:
        server.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
