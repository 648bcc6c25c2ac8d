"""Benchmark: SHACL engines for ``graphkit validate``: SPARQL on Oxigraph (used) against pyshacl.

Times, best of ``--repeat``, the validation of a store (``--store``, default:
the corpus built in a temporary folder) with graphkit's translation of the
shapes to SPARQL run by Oxigraph (``engine="sparql"``, the default) and with
pyshacl on an rdflib copy of the graph (``engine="pyshacl"``, the engine
graphkit used before), in the same process, prints the ratio and whether the
two reports are the same results. With pyrudof installed (``pip install
pyrudof``; not a graphkit dependency) its native Rust engine is timed too and
its number of violations on the broken graphs of ``tests/test_store_validate.py``
compared (it misses those of ``RegionCodeShape``, whose target is a SPARQL query).

    python bench/validate_engines.py [--repeat 1] [--store DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def union_ntriples(store: ox.Store) -> str:
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


def rudof_violations(store: ox.Store) -> int:
    import pyrudof

    from graphkit.store.ontology import shapes_text

    r = pyrudof.Rudof(pyrudof.RudofConfig())
    r.read_data(union_ntriples(store), format=pyrudof.RDFFormat.NTriples)
    r.read_shacl(shapes_text())
    return len(r.validate_shacl().violations)


def best(f, repeat: int):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def results(report) -> Counter:
    return Counter(dataclasses.astuple(v) for v in report.violations + report.warnings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()

    from graphkit.store import validate

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "graphkit", "build", "--store", str(path),
                            str(ROOT / "data" / "corpus")], check=True, capture_output=True)
        store = ox.Store.read_only(str(path))
        validate(store, engine="sparql")  # compiles the shapes once, as a long-lived process would
        fast_s, fast = best(lambda: validate(store, engine="sparql"), args.repeat)
        slow_s, slow = best(lambda: validate(store, engine="pyshacl"), args.repeat)
        try:
            rudof_s, rudof_n = best(lambda: rudof_violations(store), args.repeat)
        except ImportError:
            rudof_s = rudof_n = None
    print(f"{fast.triples} triples")
    print(f"pyshacl          {slow_s:7.2f} s  {len(slow.violations)} violations")
    print(f"SPARQL/Oxigraph  {fast_s:7.2f} s  {len(fast.violations)} violations"
          f"   {slow_s / fast_s:5.1f}x faster")
    print("same results:", results(fast) == results(slow) and fast.conforms == slow.conforms)
    if rudof_s is None:
        print("pyrudof          not installed")
        return
    print(f"pyrudof          {rudof_s:7.2f} s  {rudof_n} violations   {slow_s / rudof_s:5.1f}x faster")
    from conftest import _sample
    from test_store_validate import BROKEN

    from graphkit.store.convert import graph_of
    from graphkit.store.disk import as_oxigraph

    sample = _sample()[0]
    differ = []
    for case, (breaking, _) in BROKEN.items():
        records = [breaking(sample)]
        a = len(validate(records).violations)
        b = rudof_violations(as_oxigraph(graph_of(records)))
        if a != b:
            differ.append(f"{case}: graphkit {a}, pyrudof {b}")
    print(f"pyrudof, broken graphs with the same number of violations: "
          f"{len(BROKEN) - len(differ)} of {len(BROKEN)}")
    for line in differ:
        print("  differs:", line)


if __name__ == "__main__":
    main()
