"""Benchmark: ``agency_pairs`` read from the materialised cooperation ties, and their cost.

For the corpus and perturbed copies of it (``bench/scale.py``'s collection,
1x and 10x unless told), in one process:

* the records are extracted once; the library build (``graphkit.store.build``)
  of them is timed (CPU, all threads; after one build to warm up, alternated,
  the best of ``--builds``) with the cooperation ties and without them (the
  writer's ``ties`` step left out), and the quads of both stores counted;
* ``agency_pairs`` as it was, a self-join of the agencies' role properties
  counting distinct measures, runs on the store without ties, and the cookbook
  query, a sum of the ties' weights, on the store with them (best of
  ``--repeat`` runs each); the answers must be equal.

It prints, per size, ``old query / new query``, ``build with ties / build
without`` and ``quads with ties / quads without``.

    python bench/pairs.py [--sizes 1,10] [--repeat 3] [--builds 2]

It prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

#: ``agency_pairs`` before the ties: every pair of role assignments on a measure, counted.
OLD_AGENCY_PAIRS = """\
PREFIX gk:   <https://w3id.org/graphkit/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?first ?second (COUNT(DISTINCT ?measure) AS ?measures)
WHERE {
  ?a a gk:Agency ; gk:leads|gk:cooperatesOn|gk:responsibleFor ?measure .
  ?b a gk:Agency ; gk:leads|gk:cooperatesOn|gk:responsibleFor ?measure .
  FILTER (STR(?a) < STR(?b))
  ?a skos:prefLabel ?first .
  ?b skos:prefLabel ?second .
}
GROUP BY ?a ?b ?first ?second
ORDER BY DESC(?measures) ?first ?second
LIMIT 100
"""


def cpu(fn):
    """(CPU seconds of this process, all threads; result) of ``fn()``."""
    c0 = time.process_time()
    out = fn()
    return time.process_time() - c0, out


def best_of(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def measure(folder: Path, work: Path, repeat: int, builds: int) -> dict:
    from graphkit.extraction import extract_paths
    from graphkit.store import build, cookbook_query, open_store, query
    from graphkit.store.writer import _GraphWriter

    row: dict = {}
    extractions = [x for x in extract_paths([folder]) if hasattr(x, "documents")]
    row["files"] = len(extractions)

    real_ties = _GraphWriter.ties

    def without_ties(self) -> None:
        self._ties.clear()

    def timed_build(name: str, ties: bool) -> float:
        _GraphWriter.ties = real_ties if ties else without_ties  # type: ignore[method-assign]
        try:
            took, _ = cpu(lambda: build(work / name, extractions))
        finally:
            _GraphWriter.ties = real_ties  # type: ignore[method-assign]
        return took

    timed_build("warm", True)  # tables, caches and imports paid before either is timed
    shutil.rmtree(work / "warm", ignore_errors=True)
    plain_runs, ties_runs = [], []
    for _ in range(builds):  # alternated, the best of each kept
        plain_runs.append(timed_build("plain", False))
        ties_runs.append(timed_build("ties", True))
    row["build_plain"], row["build_ties"] = min(plain_runs), min(ties_runs)

    plain_db, ties_db = open_store(work / "plain"), open_store(work / "ties")
    row["quads_plain"], row["quads_ties"] = len(plain_db), len(ties_db)
    new_text = cookbook_query("agency_pairs")
    row["old"], old = best_of(lambda: query(plain_db, OLD_AGENCY_PAIRS), repeat)
    row["new"], new = best_of(lambda: query(ties_db, new_text), repeat)
    row["old_on_ties"], _ = best_of(lambda: query(ties_db, OLD_AGENCY_PAIRS), repeat)
    old_rows = list(zip(old["first"], old["second"], old["measures"], strict=True))
    new_rows = list(zip(new["first"], new["second"], new["measures"], strict=True))
    row["same"] = old_rows == new_rows and len(new_rows) > 0
    for name in ("plain", "ties"):
        shutil.rmtree(work / name, ignore_errors=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10", help="multiples of the corpus (default 1,10)")
    ap.add_argument("--repeat", type=int, default=3, help="query runs, the best kept")
    ap.add_argument("--builds", type=int, default=2, help="builds of each kind, the best kept")
    args = ap.parse_args()

    from scale import sized_corpora

    tmp = Path(tempfile.mkdtemp(prefix="graphkit-pairs-"))
    try:
        print(f"{'size':>5} {'files':>6} {'old s':>8} {'new s':>8} {'old/new':>8} "
              f"{'build+ties/build':>17} {'quads+ties/quads':>17} same")
        for k, folder in sized_corpora(args.sizes, tmp / "in"):
            work = tmp / f"work{k}"
            work.mkdir(parents=True)
            r = measure(folder, work, args.repeat, args.builds)
            print(f"{k:>4}x {r['files']:>6} {r['old']:>8.3f} {r['new']:>8.3f} "
                  f"{r['old'] / r['new']:>8.1f} {r['build_ties'] / r['build_plain']:>17.3f} "
                  f"{r['quads_ties'] / r['quads_plain']:>17.3f} {r['same']}", flush=True)
            print(f"      (the old query on the store with ties: {r['old_on_ties']:.3f} s; "
                  f"build CPU {r['build_plain']:.1f} s without ties, {r['build_ties']:.1f} s with)",
                  flush=True)
            if k != 1:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
