"""Benchmark: the query cookbook on the Oxigraph store against rdflib, and ways to load it.

One run, on the graph of ``data/corpus`` (or the PATHS given):

1. loading the records into a store, four ways: pyoxigraph ``bulk_extend`` of
   converted terms (what ``graphkit build`` does), pyoxigraph ``bulk_load`` of
   N-Quads text, rdflib ``Dataset.addN`` through oxrdflib into an on-disk
   Oxigraph store, and ``addN`` into rdflib's in-memory store;
2. each cookbook query (best of N runs) on the on-disk Oxigraph store through
   pyoxigraph (what ``graphkit query`` does), on the same store through rdflib's
   API (oxrdflib), and on the same graph in rdflib's Memory store; the answers
   must agree. Ratios are rdflib time / Oxigraph time.

    python bench/store_queries.py [--repeat N] [PATHS...]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(ROOT / "data" / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated cookbook queries to leave out of the rdflib runs",
    )
    args = ap.parse_args()

    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    from graphkit.extraction import extract_paths
    from graphkit.store import build, cookbook, graph, graph_of, open_store, quads_of, query
    from graphkit.store.disk import _to_ox_quads

    extractions = [x for x in extract_paths(args.paths) if hasattr(x, "documents")]
    tmp = Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    try:
        # 1. loading ------------------------------------------------------------
        t_convert = timed(lambda: [list(quads_of(x)) for x in extractions])
        quads = [q for x in extractions for q in quads_of(x)]
        t_build = timed(lambda: build(tmp / "store", extractions, ontology=False))

        def bulk_extend() -> None:
            db = ox.Store(str(tmp / "bulk_extend"))
            db.bulk_extend(_to_ox_quads(quads))
            db.flush()

        nquads = ox.serialize(list(_to_ox_quads(quads)), format=ox.RdfFormat.N_QUADS)

        def bulk_load() -> None:
            db = ox.Store(str(tmp / "bulk_load"))
            db.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
            db.flush()

        def oxrdflib_addn() -> None:
            ds = Dataset(store=OxigraphStore(store=ox.Store(str(tmp / "oxrdflib"))))
            ds.addN(quads)

        def memory_addn() -> None:
            Dataset(default_union=True).addN(quads)

        loads = {
            "pyoxigraph bulk_extend (converted terms)": timed(bulk_extend),
            "pyoxigraph bulk_load (N-Quads text)": timed(bulk_load),
            "rdflib addN via oxrdflib (on disk)": timed(oxrdflib_addn),
            "rdflib addN (Memory)": timed(memory_addn),
        }
        print(f"records -> quads          {t_convert:8.2f} s   {len(quads)} quads")
        print(f"graphkit build (no extraction, incl. union and optimize) {t_build:.2f} s")
        print(f"N-Quads text: {len(nquads) / 1e6:.1f} MB (serializing not counted)")
        base = loads["pyoxigraph bulk_extend (converted terms)"]
        for name, t in loads.items():
            print(f"  load {name:42s} {t:7.2f} s   x{t / base:5.1f}")

        # 2. queries ------------------------------------------------------------
        store = tmp / "store"
        t_open = timed(lambda: open_store(store))
        print(
            f"\nopening the store read-only: {t_open * 1000:.0f} ms (graphkit query pays it once)"
        )
        db = open_store(store)
        on_rdflib_api = graph(store)
        memory = graph_of(extractions)
        skip = {s for s in args.skip.split(",") if s}
        print()
        print(
            f"{'query':28s} {'rows':>5s} {'oxigraph':>9s} {'oxrdflib':>9s} {'memory':>9s}"
            f" {'oxrdflib/ox':>11s} {'memory/ox':>9s}"
        )
        ratios = []
        for name, text in cookbook().items():
            t_ox, df = best_of(lambda text=text: query(db, text), args.repeat)
            if name in skip:
                print(f"{name:28s} {len(df):5d} {t_ox:9.3f}   (rdflib runs skipped)")
                continue
            t_api, rows = best_of(lambda text=text: list(on_rdflib_api.query(text)), args.repeat)
            t_mem, df_mem = best_of(lambda text=text: query(memory, text), 1)
            assert len(rows) == len(df) == len(df_mem), (name, len(rows), len(df), len(df_mem))
            ratios.append(t_mem / t_ox)
            print(
                f"{name:28s} {len(df):5d} {t_ox:9.3f} {t_api:9.3f} {t_mem:9.3f}"
                f" {t_api / t_ox:11.1f} {t_mem / t_ox:9.1f}"
            )
        if ratios:
            print(
                f"\nmedian memory/oxigraph ratio: {statistics.median(ratios):.1f}"
                f" (geometric mean {statistics.geometric_mean(ratios):.1f})"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
