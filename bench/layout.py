"""Benchmark: one home per triple against the materialised union default graph.

In one process, for the corpus and perturbed copies of it (``bench/scale.py``'s
collection), it

1. counts the triples that more than one document graph holds, by predicate
   (what a layout with one home per triple has to re-home);
2. builds two stores of the same extractions, by ``bulk_load`` of N-Quads:

   * *union*: the named graphs plus their union as the default graph (today's
     layout: every triple twice);
   * *homed*: every triple once, in its document's graph, or in one ``shared``
     graph when several documents hold it (a prototype of the layout, not an
     incremental one), queried with ``use_default_graph_as_union``;

3. times ``optimize`` on each, and each cookbook query (best of N) before and
   after it, and checks that the homed store's union answers equal the union
   store's default-graph answers (as multisets of rows).

It prints load and optimize CPU as ratios (homed / union) and the query time
saved by ``optimize`` against what it costs.

    python bench/layout.py [--sizes 1] [--repeat 5]
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def cpu(fn):
    """(CPU seconds of this process, all threads; result) of ``fn()``."""
    c0 = time.process_time()
    out = fn()
    return time.process_time() - c0, out


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def answers(db, text: str, union: bool) -> collections.Counter:
    res = db.query(text, use_default_graph_as_union=union)
    if isinstance(res, bool):
        return collections.Counter([res])
    if hasattr(res, "variables"):
        return collections.Counter(tuple(str(v) for v in row) for row in res)
    return collections.Counter(str(t) for t in res)


def layouts(named: bytes, shared_graph: str) -> tuple[bytes, bytes, collections.Counter, int]:
    """(union layout, homed layout, duplicated triples by predicate, triples re-homed)."""
    homes: dict[bytes, list[bytes]] = {}
    for line in named.splitlines():
        t, g = line[:-2].rsplit(b" ", 1)
        homes.setdefault(t, []).append(g)
    union = named + b"".join(t + b" .\n" for t in homes)
    shared = shared_graph.encode()
    homed, by_pred, moved = [], collections.Counter(), 0
    for t, gs in homes.items():
        if len(set(gs)) > 1:
            moved += 1
            by_pred[t.split(b" ", 2)[1].decode()] += len(gs)
            homed.append(t + b" " + shared + b" .\n")
        else:
            homed.append(t + b" " + gs[0] + b" .\n")
    return union, b"".join(homed), by_pred, moved


def measure(folder: Path, work: Path, repeat: int) -> dict:
    import pyoxigraph as ox

    from graphkit.extraction.build import _safe_extract
    from graphkit.namespace import IRIs
    from graphkit.store import cookbook
    from graphkit.store.convert import nquad_chunks
    from graphkit.store.disk import _load_ontology

    files = sorted(p for p in folder.iterdir() if p.is_file())
    extractions = [_safe_extract(f, max_bytes=2**30) for f in files]
    extractions = [x for x in extractions if hasattr(x, "documents")]
    iris = IRIs()
    named = b"".join(n for x in extractions for n, _, _ in nquad_chunks(x, iris))
    union, homed, by_pred, moved = layouts(named, f"<{iris.base}graph/shared>")
    row: dict = {"files": len(files), "quads": named.count(b"\n"), "moved": moved,
                 "union_lines": union.count(b"\n"), "homed_lines": homed.count(b"\n"),
                 "by_pred": by_pred}
    stores = {}
    for name, text, with_union in (("union", union, True), ("homed", homed, False)):
        path = work / f"{name}.nq"
        path.write_bytes(text)

        def load(path=path, name=name, with_union=with_union):
            db = ox.Store(str(work / name))
            db.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            _load_ontology(db, union=with_union)
            db.flush()
            return db

        row[f"{name}_load"], stores[name] = cpu(load)
    queries = cookbook()

    def cookbook_runs(db, as_union: bool) -> dict:
        return {q: best_of(lambda t=t: answers(db, t, as_union), repeat)
                for q, t in queries.items()}

    for name, db in stores.items():
        before = cookbook_runs(db, name == "homed")
        row[f"{name}_optimize"], _ = cpu(db.optimize)
        after = cookbook_runs(db, name == "homed")
        row[f"{name}_per_query"] = {q: t for q, (t, _) in after.items()}
        row[f"{name}_q_before"] = sum(t for t, _ in before.values())
        row[f"{name}_q_after"] = sum(t for t, _ in after.values())
        row[f"{name}_answers"] = {q: a for q, (_, a) in after.items()}
    row["differ"] = [q for q in queries if row["union_answers"][q] != row["homed_answers"][q]]
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1", help="corpus multiples, comma-separated")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)

    from scale import sized_corpora

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-layout-") as tmp:
        for k, folder in sized_corpora(args.sizes, Path(tmp)):
            work = Path(tmp, f"work{k}")
            work.mkdir()
            r = measure(folder, work, args.repeat)
            print(f"{k}x: {r['files']} files, {r['quads']:,} named quads, "
                  f"{r['moved']:,} triples in more than one graph "
                  f"({sum(r['by_pred'].values()):,} quads)")
            for p, n in r["by_pred"].most_common(12):
                print(f"    {n:7,}  {p}")
            print(f"  lines loaded: union {r['union_lines']:,}, homed {r['homed_lines']:,} "
                  f"({r['homed_lines'] / r['union_lines']:.2f}x)")
            print(f"  load CPU: union {r['union_load']:.2f} s, homed {r['homed_load']:.2f} s "
                  f"({r['homed_load'] / r['union_load']:.2f}x)")
            for name in ("union", "homed"):
                opt, qb, qa = r[f"{name}_optimize"], r[f"{name}_q_before"], r[f"{name}_q_after"]
                print(f"  {name}: optimize {opt:.2f} s CPU; cookbook before {qb * 1000:.1f} ms, "
                      f"after {qa * 1000:.1f} ms (after/before {qa / qb:.2f}); optimize pays "
                      f"back after {opt / max(qb - qa, 1e-9):.2f} cookbook runs"
                      if qb > qa else
                      f"  {name}: optimize {opt:.2f} s CPU; cookbook before {qb * 1000:.1f} ms, "
                      f"after {qa * 1000:.1f} ms (after/before {qa / qb:.2f}); no gain")
            print(f"  homed union-mode cookbook / union default-graph cookbook = "
                  f"{r['homed_q_after'] / r['union_q_after']:.2f}")
            for q, t in r["union_per_query"].items():
                print(f"    {q:28s} union {t * 1000:8.1f} ms, homed "
                      f"{r['homed_per_query'][q] * 1000:8.1f} ms "
                      f"({r['homed_per_query'][q] / t:.2f}x)")
            print(f"  answers differ: {r['differ'] or 'none'}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
