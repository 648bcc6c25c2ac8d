"""Benchmark: SHACL engines for ``graphkit validate``: pyshacl (used) against pyrudof.

Times, best of ``--repeat``, the validation of a store (``--store``, default:
the corpus built in a temporary folder) with pyshacl, as
:func:`graphkit.store.validate` runs it, and with pyrudof's native Rust engine
(``pip install pyrudof``; not a graphkit dependency), then compares the two
reports on the broken graphs of ``tests/test_store_validate.py``: the same
number of violations for each. An engine is only worth taking if it gives the
same report.

    python bench/validate_engines.py [--repeat 1] [--store DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    from conftest import _sample
    from test_store_validate import BROKEN

    from graphkit.store import validate
    from graphkit.store.convert import graph_of
    from graphkit.store.disk import as_oxigraph

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "graphkit", "build", "--store", str(path),
                            str(ROOT / "data" / "corpus")], check=True, capture_output=True)
        store = ox.Store.read_only(str(path))
        shacl_s, report = best(lambda: validate(store), args.repeat)
        rudof_s, rudof_n = best(lambda: rudof_violations(store), args.repeat)
    print(f"pyshacl   {shacl_s:7.2f} s  {len(report.violations)} violations")
    print(f"pyrudof   {rudof_s:7.2f} s  {rudof_n} violations   {shacl_s / rudof_s:5.1f}x")
    sample = _sample()[0]
    differ = []
    for case, (breaking, _) in BROKEN.items():
        records = [breaking(sample)]
        a = len(validate(records).violations)
        b = rudof_violations(as_oxigraph(graph_of(records)))
        if a != b:
            differ.append(f"{case}: pyshacl {a}, pyrudof {b}")
    print(f"broken graphs with the same report: {len(BROKEN) - len(differ)} of {len(BROKEN)}")
    for line in differ:
        print("  differs:", line)


if __name__ == "__main__":
    main()
