"""Benchmark: how long ``graphkit --help`` and a trivial ``graphkit query`` take to start.

Times, as fresh processes, the bare interpreter (``python -c pass``), the
interpreter with pyoxigraph loaded (``python -c "import pyoxigraph"``, the floor
of any query) and with rdflib loaded (the floor of today's query path, whose
answers are rdflib terms), then ``graphkit --help``, and an ``ASK`` and a
one-row ``SELECT`` on a one-document store built here first (or on ``--store
DIR``). Each is run ``--repeat`` times in turn and the best wall time kept; the
figures are printed in seconds and as ratios to the three baselines. The aim is
0.3 s or less for ``--help`` and the trivial query.

    python bench/startup.py [--repeat 10] [--store DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AIM = 0.3  # seconds

DOCUMENT = """关于印发某市优化营商环境实施方案的通知

一、简化企业开办流程，压减开办时间。（市市场监管局牵头，市税务局配合）
"""


def graphkit_command() -> list[str]:
    """The ``graphkit`` console script beside this interpreter, as a user runs it."""
    script = Path(sys.executable).parent / "graphkit"
    if script.is_file():
        return [str(script)]
    found = shutil.which("graphkit")
    return [found] if found else [sys.executable, "-m", "graphkit"]


def wall(command: list[str]) -> float:
    """Seconds from start to exit of one run of ``command`` (which must succeed)."""
    t = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="Runs of each command.")
    parser.add_argument("--store", type=Path, help="Query this store instead of a new one.")
    args = parser.parse_args()
    gk = graphkit_command()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            (Path(tmp) / "docs").mkdir()
            (Path(tmp) / "docs" / "plan.txt").write_text(DOCUMENT, encoding="utf-8")
            store = Path(tmp) / "store"
            subprocess.run([*gk, "build", str(Path(tmp) / "docs"), "--store", str(store)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import pyoxigraph'": [sys.executable, "-c", "import pyoxigraph"],
            "python -c 'import rdflib'": [sys.executable, "-c", "import rdflib"],
            "graphkit --help": [*gk, "--help"],
            "graphkit query ASK": [*gk, "query", "--store", str(store), "ASK { ?s ?p ?o }"],
            "graphkit query SELECT 1 row": [
                *gk, "query", "--store", str(store), "--format", "csv",
                "SELECT ?m WHERE { ?m a gk:Measure } LIMIT 1",
            ],
        }
        for command in commands.values():  # warm the file cache
            wall(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(wall(command))
    best = {name: min(ts) for name, ts in times.items()}
    bare = best["python -c pass"]
    ox = best["python -c 'import pyoxigraph'"]
    rdf = best["python -c 'import rdflib'"]
    print(f"best of {args.repeat} runs; aim: --help and a trivial query in <= {AIM} s")
    print(f"{'command':30s} {'seconds':>8s} {'/ python':>9s} {'/ +pyoxigraph':>14s} "
          f"{'/ +rdflib':>10s}")
    for name, t in best.items():
        mark = ""
        if name.startswith("graphkit"):
            mark = "  ok" if t <= AIM else f"  over {AIM} s"
        print(f"{name:30s} {t:8.3f} {t / bare:8.1f}x {t / ox:13.2f}x {t / rdf:9.2f}x{mark}")

if __name__ == "__main__":
    main()
