"""Benchmark: what topics and reform events cost the conversion of records to RDF.

One run, on the records of ``data/corpus`` (or the PATHS given): the quads of
every document graph (``graphkit.store.convert.quads_of``, what ``graphkit
build`` loads) made as they are, and made with the topic classification and the
reform matching switched off (the baseline), best of N runs each, in this
process. Prints both times, the ratio, and the classifier's own rate.

    python bench/topics_reforms.py [--repeat N] [PATHS...]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path, default=[ROOT / "data" / "corpus"])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from graphkit.extraction import extract_paths
    from graphkit.extraction.topics import measure_topics
    from graphkit.store.convert import _GraphWriter, quads_of

    records = list(extract_paths(args.paths))
    measures = [m for ex in records for m in ex.measures]

    def convert() -> int:
        return sum(1 for _ in quads_of(records))

    full, n_full = best_of(convert, args.repeat)
    with mock.patch.object(_GraphWriter, "topics", lambda self, node, m, doc: None), \
            mock.patch.object(_GraphWriter, "reform", lambda self, node, a, region: None):
        base, n_base = best_of(convert, args.repeat)
    classify, _ = best_of(lambda: [measure_topics(m) for m in measures], args.repeat)
    print(f"{len(measures)} measures")
    print(f"conversion without topics and reforms: {base:.3f} s, {n_base} quads (baseline)")
    print(f"conversion with them:                  {full:.3f} s, {n_full} quads")
    print(f"ratio: {full / base:.2f}")
    print(f"classifier alone: {classify:.3f} s, {len(measures) / classify:,.0f} measures/s")


if __name__ == "__main__":
    main()
