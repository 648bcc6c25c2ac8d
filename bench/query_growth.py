"""Benchmark: how cookbook queries' time grows with the data, size by size.

Builds a store at each multiple of ``--sizes`` (1x, 3x and 10x unless told)
from the perturbed copies of the corpus of ``bench/scale.py``, or reuses the
stores of ``--keep DIR`` built by an earlier run, then times each query of
``--queries`` (best of ``--repeat`` runs) through graphkit's query path, with
its cookbook parameter (the ``--param`` of its comment) and without it. For
each step from one size to the next it prints the query's growth against the
data's (characters of the collection): a ratio above 1 means the query grows
faster than the data.

``--file NAME=PATH`` adds a query from a file (for example a rewrite of a
cookbook query), timed the same way beside the others, its answers compared
with those of the cookbook query ``NAME`` at every size.

    python bench/query_growth.py [--sizes 1,3,10] [--queries region_measures,reform_chains]
                                 [--keep DIR] [--repeat 3] [--file region_measures=new.rq]
"""

from __future__ import annotations

import argparse
import itertools
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CORPUS, sized_corpora  # noqa: E402


def chars_of(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt")))


def stores(sizes: str, work: Path) -> list[tuple[int, Path, int]]:
    """``(k, store, characters)`` for each size, building the stores ``work`` lacks."""
    from graphkit.store import build_files

    out = []
    for k in (int(s) for s in sizes.split(",")):
        store, folder = work / f"kg{k}", (CORPUS if k == 1 else work / f"x{k}")
        if not (store.exists() and (k == 1 or folder.exists())):
            shutil.rmtree(store, ignore_errors=True)
            _, folder = next(sized_corpora(str(k), work))
            t0 = time.perf_counter()
            s = build_files(store, [folder], full=True)
            print(f"  built {k}x: {s.quads} quads in {time.perf_counter() - t0:.1f} s", flush=True)
        out.append((k, store, chars_of(folder)))
    return out


def best(fn, repeat: int) -> tuple[float, object]:
    low, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        low = min(low, time.perf_counter() - t0)
    return low, out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,3,10")
    ap.add_argument("--queries", default="region_measures,reform_chains")
    ap.add_argument("--keep", help="folder of the collections and stores, kept for later runs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--file", action="append", default=[], metavar="NAME=PATH")
    args = ap.parse_args()

    from graphkit.store import cookbook, open_store, run

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="query-growth-"))
    work.mkdir(parents=True, exist_ok=True)
    sized = stores(args.sizes, work)
    dbs = [(k, open_store(path), chars) for k, path, chars in sized]
    book = cookbook()
    texts = [(name, name, book[name]) for name in args.queries.split(",") if name]
    for spec in args.file:
        name, path = spec.split("=", 1)
        texts.append((f"{name} ({Path(path).name})", name, Path(path).read_text(encoding="utf-8")))

    sizes = [k for k, _, _ in dbs]
    print(f"== query time by size, best of {args.repeat} (ms), and growth over the data's "
          "from each size to the next")
    head = "".join(f"{f'{k}x':>9s}" for k in sizes)
    steps = "".join(f"{f'{a}x>{b}x':>10s}" for a, b in itertools.pairwise(sizes))
    print(f"  {'query':44s}{head}{steps}")
    data = [c for _, _, c in dbs]
    print(f"  {'(data: characters)':44s}{''.join(f'{c / 1e6:8.2f}M' for c in data)}"
          + "".join(f"{b / a:9.2f}x" for a, b in itertools.pairwise(data)))
    answers: dict[tuple[str, str, int], object] = {}
    for label, base, text in texts:
        found = re.findall(r"--param (\w+)=(\S+)", book[base])[:1]
        for params in ([dict(found)] if found else []) + [None]:
            shown = f"{label} {params}" if params else label
            times = []
            for k, db, _ in dbs:
                t, result = best(lambda db=db, p=params, q=text: run(db, q, params=p), args.repeat)
                times.append(t)
                rows = sorted(map(repr, result.rows))
                key = (base, repr(params), k)
                if key in answers and answers[key] != rows:
                    raise SystemExit(f"{shown} at {k}x answers differently from {base}")
                answers.setdefault(key, rows)
            line = "".join(f"{t * 1000:9.0f}" for t in times)
            line += "".join(
                f"{(tb / ta) / (cb / ca):9.2f} "
                for ta, tb, ca, cb in zip(times, times[1:], data, data[1:], strict=False)
            )
            print(f"  {shown:44s}{line}", flush=True)
    print("  (each step: the query's growth over the data's; above 1, faster than the data)")


if __name__ == "__main__":
    main()
